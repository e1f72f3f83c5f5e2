"""Telling code from prose: fence languages, prose in code fences, unfenced code in plain text."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

# A code line in plain-text notes: "import re", "def speak(self):", "class Foo(Bar):",
# "print(list(result))", "a = lambda x,y:x+y", "ps aux | grep pid".
CODE_LINE = re.compile(
    r"""^\s*(
        (import|from)\s+[\w.]+(\s+import\s+.+)?$        # import re / from functools import reduce
      | (async\s+)?def\s+\w+\s*\(.*\)\s*(->\s*[^:]+)?:\s*(\#.*)?$
      | class\s+\w+\s*(\(.*\))?\s*:\s*(\#.*)?$
      | (if|elif|while|for|with|try|except|finally|else|return|yield|raise|pass|break|continue)\b.*
      | @\w[\w.]*(\(.*\))?$                              # decorator
      | print\s*\(.*\)\s*;?$
      | [\w.\[\]'"]+\s*(=|\+=|-=|\*=|/=)\s*\S.*$        # assignment
      | [\w.]+\s*\(.*\)\s*$                              # a call on its own line
      | \$\s+\S.*                                        # shell prompt
      | (sudo|pip|pip3|python|python3|git|docker|ls|cd|ps|kill|grep|cat|tar|wget|curl|apt|apt-get|yum|
         systemctl|netstat|chmod|chown|mkdir|rm|cp|mv|ip|ifconfig|ssh|scp|export|source|make)\s+\S.*
    )""",
    re.VERBOSE,
)
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]")
# Characters typical of code and rare in prose.
CODE_SYMBOLS = re.compile(r"[=(){}\[\];<>]|^\s*(def|class|import|from|return|for|if)\b", re.MULTILINE)

LANGUAGE_ALIASES = {"py": "python", "py3": "python", "sh": "bash", "shell": "bash", "js": "javascript"}
# A fence whose lines are more than this share of prose is text, not code.
PROSE_LINE_SHARE = 0.5


def is_code_line(line: str) -> bool:
    stripped = line.strip()
    if not stripped or CJK.search(_strip_strings_and_comments(stripped)):
        return False
    return bool(CODE_LINE.match(stripped))


def _strip_strings_and_comments(line: str) -> str:
    line = re.sub(r"(\"[^\"]*\"|'[^']*')", "", line)
    return re.sub(r"#.*$", "", line)


def is_prose_line(line: str) -> bool:
    """A sentence rather than code: mostly CJK text with no code symbols outside strings and comments."""
    code_part = _strip_strings_and_comments(line.strip())
    if not code_part:
        return False
    cjk = len(CJK.findall(code_part))
    return cjk >= 4 and cjk / len(code_part) > 0.3


def looks_like_prose(code: str) -> bool:
    lines = [line for line in code.split("\n") if line.strip()]
    if not lines:
        return False
    prose = sum(is_prose_line(line) for line in lines)
    return prose / len(lines) > PROSE_LINE_SHARE


@lru_cache(maxsize=256)
def resolve_language(name: str) -> str:
    """A Pygments lexer alias for a fence's info string; misspellings ("pyhton") resolve to the closest."""
    from pygments.lexers import get_all_lexers

    word = name.strip().split()[0].lower() if name.strip() else ""
    if not word:
        return ""
    word = LANGUAGE_ALIASES.get(word, word)
    aliases = {alias for _, names, _, _ in get_all_lexers() for alias in names}
    if word in aliases:
        return word
    close = difflib.get_close_matches(word, sorted(aliases), n=1, cutoff=0.7)
    return close[0] if close else ""


def guess_language(code: str) -> str:
    """A lexer for code with no language given: cheap signals, else plain text."""
    if re.search(r"^\s*(def |class |import |from \w+ import|print\()", code, re.MULTILINE):
        return "python"
    if re.search(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE TABLE)\b", code, re.MULTILINE | re.IGNORECASE):
        return "sql"
    if re.search(r"^\s*(\$ |sudo |cd |ls |git |docker |pip |apt|yum |systemctl )", code, re.MULTILINE):
        return "bash"
    if re.search(r"^\s*(function |const |let |var )", code, re.MULTILINE):
        return "javascript"
    if re.search(r"^\s*(package |func )", code, re.MULTILINE):
        return "go"
    return ""
