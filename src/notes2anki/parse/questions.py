"""What a line of a note is: a question, a short title, a reference, a statement. Shared by every layout.

Lengths are counted in characters; Chinese questions are short ("什么是闭包?" is 6).
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from notes2anki.parse.code_lines import is_code_line
from notes2anki.text_forms import LEADING_NUMBERING

# "# 僵尸进程：", "##### - Protobuf：https://protobuf.dev/": a comment marker in plain text.
COMMENT_MARKER = re.compile(r"^\s*#+[ \t]*")
# "- ", "* ", "+ ", "1. ", "2) " and a task box "[ ] ": the start of a list item.
LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")
# "什么是闭包?", "在python函数参数中，*和**的区别", "How does the GIL work": words that ask.
# An asking verb counts at the start only: "解释re模块的split()方法" asks, "全局解释器锁" does not;
# so do English question words ("When is it used?" asks, "It is used when ..." does not).
QUESTION_WORDS = re.compile(
    r"什么|为什么|为何|如何|怎么|怎样|哪些|哪个|哪种|哪里|是否|有没有|能否|可否|吗|呢|区别|差异|异同|关系|几种|"
    r"多少|讲一下|讲讲|说一下|"
    r"^(?:请|请你)?(?:简述|简要|解释|说说|谈谈|描述|介绍|列举|比较|请问)|"
    r"^(?:what|why|how|when|where|which|who|whose|is|are|does|do|can|should|explain|describe|compare|define)\b|"
    r"\bdifference between\b",
    re.IGNORECASE,
)
QUESTION_END = re.compile(r"[？?]\s*$")
COLON_END = re.compile(r"[：:]\s*$")
# "同步：任务提交之后，原地等待任务的返回结果": a term, a colon, then what it means.
DEFINITION = re.compile(r"^[^：:]{1,30}[：:]\s*\S")
# "。" or "；" inside a line: a sentence, not a title.
SENTENCE_PUNCTUATION = re.compile(r"[。；;！!]")
# "uWSGI服务器：https://blog.csdn.net/...", "https://...", "api:https://...": a name and a link.
REFERENCE = re.compile(r"^(?:[^：]*?[：:|]\s*)?<?(?:(?:https?|ftp)://|www\.)\S+>?\s*$", re.IGNORECASE)
# "[Protobuf](https://protobuf.dev/)" alone on its line.
LINK_ONLY = re.compile(r"^(?:[^\[\]：:]*[：:]\s*)?\[[^\]]*\]\([^)]*\)\s*$")
# '<a href="https://x.org"><img src="banner.png" alt="banner"></a>': a linked picture, alone on its line.
HTML_LINK_ONLY = re.compile(r"^(?:<a\b[^>]*>\s*(?:<img\b[^>]*>|[^<]*)\s*</a>\s*)+$", re.IGNORECASE)
# "docs.example > Guides > Tasks > [Run a job](https://docs.example/run)": a breadcrumb trail to a page.
BREADCRUMB = re.compile(r"^[^>\n]+(?:\s>\s[^>\n]+){2,}$")
# What every reference above holds: a URL's "://" or "www.", a Markdown link's "](", an HTML
# link's "<a" (any case). A line with none is read no further.
REFERENCE_SIGNS = ("://", "www.", "](", "<a")
# A link's target may hold one level of parentheses: "[f](https://x/f(x))". Its text holds no
# bracket, so a line of thousands of "[" is read in linear time.
MARKDOWN_LINK = re.compile(r"!?\[([^\][\n]*)\]\((?:[^()\[\]\n]|\([^()\n]*\))*\)")
# "**问题1: 什么时候会释放Gil锁**", "`select`", "<b>Answer</b>": markup around words. A lone "*" stays
# ("*和**的区别" asks about the operators), and so do underscores ("__slots__" is a name).
BOLD = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*")
# A code span is shown as its text, tags and all ("What does `<div>` do?"); a tag outside code is
# markup, as Markdown would render it.
CODE_SPAN = re.compile(r"`([^`]+)`")
CODE_SPAN_OR_TAG = re.compile(CODE_SPAN.pattern + r"|</?[A-Za-z][^<>]*>")  # no "<" inside: linear time
SET_ASIDE = re.compile(r"\x00(\d+)\x00")

# An answer that only says it is missing: "待补充", "未解答", "TODO", "略", "(待完善)".
PLACEHOLDER = re.compile(
    r"^[\s(（\[【]*(?:未解答|待解答|待补充|待完善|待续|待定|暂无|略|todo|tbd|tba|to do|coming soon)"
    r"[\s.。…)）\]】!！]*$",
    re.IGNORECASE,
)
# "topic：进程和线程", "题目：如何排查内存泄漏": a label in front of the question, not part of it.
QUESTION_LABEL = re.compile(r"^(?:topic|subject|题目|主题|话题)\s*[:：]\s*(?=\S)", re.IGNORECASE)
# "pyenv version # 检查 pyenv 的版本": a command in printable ASCII with a trailing comment.
COMMAND_WITH_COMMENT = re.compile(r"^[\x21-\x7e][\x20-\x7e]*?\s#(\s|$)")
# "du -sh *    查看目录大小", "ps aux\t列出进程": a lower-case command and its arguments, a tab or a
# run of spaces, then what it does (in Chinese, or after an option: English prose may put two
# spaces after a full stop).
COMMAND_WITH_DESCRIPTION = re.compile(
    r"^[a-z][\w.+-]*(?:[ ]+[-\w./*=:~${}'\"|<>]+)*(?:\t+|[ ]{2,})[^\x00-\x7f]"  # "ps aux    列出进程"
    r"|^[a-z][\w.+-]*(?:[ ]+[\w./*=:~${}'\"|<>]+)*[ ]+-{1,2}\w[-\w./*=:~${}'\"|<> ]*(?:\t+|[ ]{2,})\S"  # "ls -la  lists"
)
# "_context manager_", "*lazy*": emphasis, shown as the words it stresses. Never inside a word
# ("__slots__", "snake_case") and never a lone star ("*和**的区别" asks about the operators).
EMPHASIS = re.compile(r"(?<![\w*_\\])([*_])(?![\s*_])((?:(?!\1).)+?)(?<![\s\\])\1(?![\w*_])")
# "2.3tcp的拥塞控制", "1.2.1 索引": numbering of several levels, even with no space after it (each
# level below the first one digit: "3.14是什么" asks about a number). A digit before a measure word
# counts: "1.5个标准库" is question 1, "5个标准库".
DOTTED_NUMBERING = re.compile(r"^\s*\d{1,2}(?:[.．]\d)+[.．、]?\s*(?=[^\d个种条点次步大类项层件位])")
# What a question loses at its end ("# 僵尸进程：" -> "僵尸进程"), and runs of spaces inside it.
TRAILING_PUNCTUATION = re.compile(r"[：:，,、;；\s]+$")
SPACES = re.compile(r"\s+")
# A title is short: "Python垃圾回收机制", "创建进程的第二种方式，通过类的方式", "阻塞和非阻塞：描述进程的运行状态".
MAX_TITLE_LENGTH = 20
# A title followed by an indented block may be longer: "pyenv install [options]".
MAX_HEAD_LENGTH = 40
# A line ending in "？" or "：" may be a long question ("http和https的区别，说了加密的过程，...？").
MAX_QUESTION_LENGTH = 80
# A term is a few words without punctuation: "进程池", "同步阻塞", "行锁".
MAX_TERM_LENGTH = 12
TERM_PUNCTUATION_ALLOWED = set(" /-+_.()（）")


# Line classification asks about the same line several times.
@lru_cache(maxsize=8192)
def strip_markers(text: str) -> str:
    """The words of a line: comment marker, list marker, task box, link and emphasis markup removed."""
    text = COMMENT_MARKER.sub("", text.strip())
    text = LIST_MARKER.sub("", text)
    text = BOLD.sub(r"\1", MARKDOWN_LINK.sub(r"\1", text))
    return CODE_SPAN_OR_TAG.sub(lambda match: match.group(1) or "", text).strip()


@lru_cache(maxsize=8192)
def clean_question(text: str) -> str:
    """The question as the learner reads it: numbering, markers, a trailing colon or comma and runs
    of spaces gone.

    "#### 12、什么是GIL锁？" -> "什么是GIL锁？"; "# 僵尸进程：" -> "僵尸进程"; "浅拷贝，" -> "浅拷贝".
    """
    # Code spans are set aside while markup goes, so that a second pass takes no "<div>" they held.
    spans: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        spans.append(match.group(1))
        return f"\x00{len(spans) - 1}\x00"

    question = QUESTION_LABEL.sub("", strip_markers(CODE_SPAN.sub(set_aside, text)))
    question = html.unescape(EMPHASIS.sub(r"\2", question))  # "a _context manager_ &amp; more"
    question = DOTTED_NUMBERING.sub("", question)  # "2.3tcp的拥塞控制": the numbering is "2.3"
    numbered = LEADING_NUMBERING.sub("", question)
    if numbered != question:
        # "10.、IO多路复用的作用？": numbering written twice.
        question = strip_markers(numbered.lstrip("、.．,， \t"))
    question = SET_ASIDE.sub(lambda match: spans[int(match.group(1))], question)
    question = TRAILING_PUNCTUATION.sub("", question).strip()
    # "什么是RESTful   怎么设计RESTful": spacing inside a question carries nothing a reader sees.
    return SPACES.sub(" ", question)


def _length(text: str) -> int:
    return len(text.strip())


def is_reference(text: str) -> bool:
    """A link with at most a name: "名称：URL", a bare URL, "[name](url)"."""
    lowered = text.lower()
    if not any(sign in lowered for sign in REFERENCE_SIGNS):
        return False
    words = COMMENT_MARKER.sub("", text.strip())
    words = LIST_MARKER.sub("", words).strip()
    if not words:
        return False
    if REFERENCE.match(words) or LINK_ONLY.match(words) or HTML_LINK_ONLY.match(words):
        return True
    return bool(BREADCRUMB.match(words)) and MARKDOWN_LINK.search(words) is not None


def is_label(text: str) -> bool:
    """Nothing to ask once numbering is gone: "0505：" (a date), "#", "---"."""
    return not any(ch.isalpha() for ch in clean_question(text))


def is_code(text: str) -> bool:
    """Code, a command with a trailing comment ("pyenv version # 检查 pyenv 的版本"), or a command
    with its description after a wide gap ("du -sh *    查看目录大小")."""
    words = text.strip()
    return (
        is_code_line(words)
        or bool(COMMAND_WITH_COMMENT.match(words))
        or bool(COMMAND_WITH_DESCRIPTION.match(words))
    )


def is_question_like(text: str) -> bool:
    """Asks something: ends with a question mark or uses a question word."""
    words = clean_question(text)
    return bool(QUESTION_END.search(words) or QUESTION_WORDS.search(words))


def is_term(text: str) -> bool:
    """A few words naming a thing, with no punctuation: "进程池", "同步非阻塞", "CS BS 架构"."""
    words = clean_question(text)
    if not words or _length(words) > MAX_TERM_LENGTH or QUESTION_WORDS.search(words):
        return False
    return all(ch in TERM_PUNCTUATION_ALLOWED or unicodedata.category(ch)[0] not in "PS" for ch in words)


def ends_like_question(text: str) -> bool:
    """Ends in a question mark or a colon: "什么是闭包?", "僵尸进程：", "wireshark:"."""
    words = strip_markers(text)
    return bool(QUESTION_END.search(words) or COLON_END.search(words))


def is_question_line(text: str) -> bool:
    """A line that asks by its own shape, wherever it stands: ends in "？" or "：", not code or a link."""
    words = strip_markers(text)
    if not words or is_code(words) or is_reference(text) or is_label(text):
        return False
    asks = ends_like_question(words) or bool(QUESTION_LABEL.match(words))  # "topic：进程和线程"
    return asks and _length(clean_question(words)) <= MAX_QUESTION_LENGTH


def can_be_question(text: str, has_block: bool = False) -> bool:
    """Could head a card: a question line, a question-worded line, or a short title.

    ``has_block``: an indented block follows, which makes a longer title believable.
    """
    words = strip_markers(text)
    if not words or is_code(words) or is_reference(text) or is_label(text):
        return False
    question = clean_question(words)
    length = _length(question)
    if ends_like_question(words):
        return length <= MAX_QUESTION_LENGTH
    if SENTENCE_PUNCTUATION.search(question):
        return False
    if DEFINITION.match(question):
        return length <= MAX_TITLE_LENGTH
    if QUESTION_WORDS.search(question):
        return length <= MAX_HEAD_LENGTH * 3 // 2
    return length <= (MAX_HEAD_LENGTH if has_block else MAX_TITLE_LENGTH)


def is_placeholder(text: str) -> bool:
    """Text that stands where an answer will be written: "待补充", "TODO"."""
    return bool(PLACEHOLDER.match(text.strip()))
