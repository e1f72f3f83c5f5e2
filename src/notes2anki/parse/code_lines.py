"""Telling code from prose: fence languages, prose in code fences, unfenced code in plain text."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from notes2anki.model import Block, BlockKind

# Shell commands that start a command line in notes ("git clone ...", "ifconfig can0 up").
SHELL_COMMANDS = (
    "sudo|pip|pip3|python|python3|git|docker|ls|cd|ps|kill|grep|cat|tar|wget|curl|apt|apt-get|yum|"
    "systemctl|netstat|chmod|chown|mkdir|rm|cp|mv|ip|ifconfig|ssh|scp|export|source|make|mysqldump|"
    "npm|brew|conda|vim|touch|find|top|df|du|free|lsof|tcpdump|crontab|nginx|redis-cli|mysql|arp|ping|"
    "traceroute|nslookup|iptables|awk|sed|useradd|usermod|journalctl"
)
# A code line in plain-text notes: "import re", "def speak(self):", "class Foo(Bar):",
# "print(list(result))", "a = lambda x,y:x+y", "else：", "ps aux | grep pid"; and the lines of
# C-family code (JavaScript, Go, Java, C) that open or close a brace block or end a statement.
CODE_LINE = re.compile(
    rf"""^\s*(
        (import|from)\s+[\w.]+(\s+import\s+.+)?$          # import re / from functools import reduce
      | (async\s+)?def\s+\w+\s*\(.*\)\s*(->\s*[^:]+)?:\s*(\#.*)?$
      | class\s+\w+\s*(\(.*\))?\s*:\s*(\#.*)?$
      | (if|elif|while|for|with|except|else|try|finally)\b.*[:：]\s*(\#.*)?$
      | (return|yield|raise)(\s+[\w.()\[\]'"+\-*/%,= ]+)?\s*$
      | (pass|break|continue)\s*$
      | @\w[\w.]*(\(.*\))?$                                # decorator
      | print\s*\(.*\)\s*;?$
      | [\w.\[\]'"]+\s*(=|\+=|-=|\*=|/=)\s*\S.*$          # assignment
      | [\w.]+\(.*\)\s*;?$                                 # a call on its own line
      | \$\s+\S.*                                          # shell prompt
      | ({SHELL_COMMANDS})\s+\S.*
      | \.{{0,2}}/[\w./-]+(\s+\S.*)?$                     # ./configure --prefix=...
      | [^{{}}]*[\w)\]]\s*\{{\s*$                            # a line that opens a brace block
      | [}})\]]+[;,]?\s*$                                   # a line that closes one
      | (?=.*(=|\w\())(.*\))\s*;\s*$                      # return res.json();
      | (const|let|var)\s+\w+\s*=.*$                       # const res = await fetch(url)
      | package\s+[\w.]+;?$                                # package main
      | //.*                                                # // a comment in C-family code
    )""",
    re.VERBOSE,
)
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]")
LANGUAGE_ALIASES = {"py": "python", "py3": "python", "sh": "bash", "shell": "bash", "js": "javascript"}
# A fence whose lines are at least this share of prose is text, not code.
PROSE_LINE_SHARE = 0.5
# "---------------------------------------" between a statement and the output it printed.
OUTPUT_SEPARATOR = re.compile(r"^\s*-{5,}\s*$")
COMMENT = re.compile(r"^\s*#")
COMMENT_MARKER = re.compile(r"^(\s*)#+(?:\s|$)")
# A line that opens an indented code block: "def f(n):", "if __name__ == '__main__':", "else：",
# "for j := range jobs {".
OPENS_BLOCK = re.compile(r"([:：]\s*(#.*)?|\{\s*(//.*)?)$")
TRIPLE_QUOTE = re.compile(r'"""|\'\'\'')
# A comment to the end of the line: "# 注释", and "// 注释" or "-- 注释" at its start or after a space
# (not the "//" of "https://", not the "--" of "a--b").
TRAILING_COMMENT = re.compile(r"#.*$|(?:^|\s)(?://|--)(?:\s.*)?$")
QUOTED = re.compile(r"(\"[^\"]*\"|'[^']*')")
# "else：": a full-width colon typed by a Chinese input method still ends a statement.
FULL_WIDTH_COLON_AT_END = re.compile(r"：\s*$")


# The readers ask about the same line several times (two in three calls on the benchmark corpus).
@lru_cache(maxsize=8192)
def is_code_line(line: str) -> bool:
    stripped = FULL_WIDTH_COLON_AT_END.sub(":", line.strip())
    if not stripped or CJK.search(_strip_strings_and_comments(stripped)):
        return False
    return bool(CODE_LINE.match(_strip_comment(stripped).rstrip() or stripped))


def _strip_comment(line: str) -> str:
    """The line without a trailing "# comment" (a "#" inside quotes stays)."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[:index]
    return line


def _strip_strings_and_comments(line: str) -> str:
    line = QUOTED.sub("", line)
    return TRAILING_COMMENT.sub("", line)


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
    return prose / len(lines) >= PROSE_LINE_SHARE


@lru_cache(maxsize=256)
def resolve_language(name: str) -> str:
    """A Pygments lexer alias for a fence's info string; misspellings ("pyhton") resolve to the closest."""
    from pygments.lexers import get_all_lexers  # noqa: PLC0415 (loaded for fenced code only)

    word = name.strip().split()[0].lower() if name.strip() else ""
    if not word:
        return ""
    word = LANGUAGE_ALIASES.get(word, word)
    aliases = {alias for _, names, _, _ in get_all_lexers() for alias in names}
    if word in aliases:
        return word
    close = difflib.get_close_matches(word, sorted(aliases), n=1, cutoff=0.7)
    return close[0] if close else ""


# Lines only Python starts so: "def f():", "async def main():", "await q.get()", "for i in range(3):",
# "with lock:", "print(x)" (a loop or "with" that ends in a colon, not in "{", is no C-family code),
# "p.daemon = True  # 注释" (capitalised True, False and None are Python's own).
PYTHON_SIGNS = re.compile(
    r"^\s*(def |async def |await |class |import |from [\w.]+ import |print\("
    r"|(for \w+(, ?\w+)* in |while |with )[^\n{]*:\s*(#.*)?$"
    r"|[\w.]+\s*=\s*(True|False|None)\s*(#.*)?$)",
    re.MULTILINE,
)
# The first language whose sign a line of the code starts with.
LANGUAGE_SIGNS = (
    ("python", PYTHON_SIGNS),
    ("sql", re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE TABLE)\b", re.MULTILINE | re.IGNORECASE)),
    ("bash", re.compile(rf"^\s*(\$ |({SHELL_COMMANDS}) )", re.MULTILINE)),
    ("javascript", re.compile(r"^\s*(function |const |let |var )", re.MULTILINE)),
    ("go", re.compile(r"^\s*(package |func )", re.MULTILINE)),
)


def guess_language(code: str) -> str:
    """A lexer for code with no language given: cheap signals, else plain text."""
    return next((language for language, sign in LANGUAGE_SIGNS if sign.search(code)), "")


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())


def classify_lines(lines: list[str]) -> list[str]:
    """For each line of a plain-text answer: "code", "output", "separator", "prose" or "blank"."""
    kinds = ["blank" if not line.strip() else "prose" for line in lines]
    in_string = False
    block_indent: int | None = None
    for index, line in enumerate(lines):
        if kinds[index] == "blank":
            continue
        quotes = len(TRIPLE_QUOTE.findall(line))
        if in_string or quotes:
            kinds[index] = "code"
            in_string = in_string != (quotes % 2 == 1)
            continue
        if block_indent is not None and _indent(line) <= block_indent and not is_code_line(line):
            block_indent = None
        if OUTPUT_SEPARATOR.match(line):
            kinds[index] = "separator"
        elif is_code_line(line) or block_indent is not None:
            kinds[index] = "code"
            if OPENS_BLOCK.search(_strip_strings_and_comments(line)) or OPENS_BLOCK.search(line):
                block_indent = _indent(line) if block_indent is None else min(block_indent, _indent(line))
    _attach_comments(lines, kinds)
    _mark_output(kinds)
    return kinds


def _attach_comments(lines: list[str], kinds: list[str]) -> None:
    """A "# comment" next to code is part of the code; a run of comments alone is prose."""
    for index, line in enumerate(lines):
        if kinds[index] != "prose" or not COMMENT.match(line):
            continue
        if (
            _neighbour_kind(lines, kinds, index, -1) == "code"
            or _neighbour_kind(lines, kinds, index, 1) == "code"
        ):
            kinds[index] = "code"


def _neighbour_kind(lines: list[str], kinds: list[str], index: int, step: int) -> str:
    """The kind of the nearest line that is not a comment, looking past at most one blank line."""
    blanks = 0
    position = index + step
    while 0 <= position < len(lines):
        if kinds[position] == "blank":
            blanks += 1
            if blanks > 1:
                return "blank"
        elif not COMMENT.match(lines[position]) or kinds[position] == "code":
            return kinds[position]
        position += step
    return "blank"


def _mark_output(kinds: list[str]) -> None:
    """Lines after a separator are output, up to a blank line or the next statement."""
    in_output = False
    for index, kind in enumerate(kinds):
        if kind == "separator":
            in_output = True
        elif kind in ("blank", "code"):
            in_output = False
        elif in_output:
            kinds[index] = "output"


def plain_blocks(lines: list[str]) -> tuple[Block, ...]:
    """A plain-text answer as prose, unfenced code and program output, in order.

    Separator lines ("-----") go; blank lines stay inside a block when the same kind continues after them.
    """
    kinds = classify_lines(lines)
    runs: list[tuple[str, list[str]]] = []
    pending_blank = 0
    for line, kind in zip(lines, kinds, strict=False):
        if kind == "blank":
            pending_blank += 1
            continue
        if kind == "separator":
            pending_blank = 0
            continue
        block_kind = "code" if kind == "code" else kind
        if runs and runs[-1][0] == block_kind:
            runs[-1][1].extend([""] * pending_blank)
            runs[-1][1].append(line)
        else:
            runs.append((block_kind, [line]))
        pending_blank = 0
    blocks: list[Block] = []
    language = ""
    for kind, run in runs:
        block = _block(kind, run, language)
        if block is not None:
            blocks.append(block)
            language = block.language or language
    return tuple(blocks)


def _block(kind: str, lines: list[str], language: str = "") -> Block | None:
    """``language``: that of the code before in the same answer ("re.sub(...)" after "import re")."""
    text = _dedent("\n".join(lines))
    if not text.strip():
        return None
    if kind == "code":
        return Block(BlockKind.CODE, text, guess_language(text) or language)
    if kind == "output":
        return Block(BlockKind.OUTPUT, text)
    # Prose written as comments ("# 目的:让单核实现并发效果"): the markers are not part of it.
    text = "\n".join(COMMENT_MARKER.sub(r"\1", line) for line in text.split("\n"))
    return Block(BlockKind.TEXT, _dedent(text))


def _dedent(text: str) -> str:
    lines = [line.expandtabs(4).rstrip() for line in text.split("\n")]
    depth = min((_indent(line) for line in lines if line.strip()), default=0)
    return "\n".join(line[depth:] for line in lines).strip("\n")
