"""Plain text cut into items: a line at the lowest indentation and the block indented under it,
and what an item is (code, prose, a reference) or how two items stand to each other.

    redis:                                   an item: its head ...
    \t中文官网：https://www.redis.com.cn/     ... and its block, here a reference list
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from notes2anki.parse.code_lines import TRIPLE_QUOTE, is_code_line
from notes2anki.parse.fences import opaque_span
from notes2anki.parse.lines import Line, dedent
from notes2anki.parse.questions import (
    COLON_END,
    COMMENT_MARKER,
    DEFINITION,
    MAX_TITLE_LENGTH,
    QUESTION_END,
    QUESTION_WORDS,
    can_be_question,
    clean_question,
    ends_like_question,
    is_code,
    is_question_like,
    is_reference,
    is_term,
)

# A "#" alone separates like a blank line ("# os, date, ...\n#\n# 2.匿名函数lambda的使用").
EMPTY_COMMENT = re.compile(r"^\s*#+\s*$")
# "1、", "2.", "12)", "一、": numbering that a following question line continues.
NUMBERED = re.compile(r"^\s*(?:#+\s*)?(\d{1,3}|[一二三四五六七八九十]{1,3})\s*([、.．)）])")
CHINESE_DIGITS = "一二三四五六七八九"
# "，" or ", " inside a line: a sentence, not a title ("加锁，例如：").
INTRODUCING_COMMA = re.compile(r"，|,\s")


@dataclass
class Item:
    """A line at the text's base indentation and the block indented under it."""

    head: Line | None  # None: an indented block with no line above it
    block: list[Line] = field(default_factory=list)
    blanks_before: int = 0
    in_string: bool = False  # a triple-quoted string spanning lines: code, whatever it says

    @property
    def text(self) -> str:
        return self.head.text if self.head is not None else ""

    @property
    def lines(self) -> list[Line]:
        return ([self.head] if self.head is not None else []) + self.block

    @property
    def has_block(self) -> bool:
        return any(not line.blank for line in self.block)


def _is_blank(line: Line) -> bool:
    return line.blank or bool(EMPTY_COMMENT.match(line.text))


def split_items(lines: list[Line]) -> list[Item]:
    """Items at the lowest indentation of the lines. Blank lines followed by deeper lines stay in the block."""
    base = min((line.indent for line in lines if not _is_blank(line)), default=0)
    items: list[Item] = []
    blanks: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _is_blank(line):
            blanks.append(line.with_text(""))
            index += 1
            continue
        if line.indent > base:
            if items:
                items[-1].block.extend(blanks)
                items[-1].block.append(line)
            else:
                items.append(Item(None, [line], len(blanks)))
            blanks = []
            index += 1
            continue
        item = Item(line, [], len(blanks))
        blanks = []
        index += 1
        span = opaque_span(lines, index - 1)
        if span is not None and span.kind == "fence":
            item.block.extend(span.lines[1:])
            index += len(span.lines) - 1
        elif len(TRIPLE_QUOTE.findall(line.text)) % 2 == 1:
            # A docstring or string spanning lines: nothing inside it is a question.
            item.in_string = True
            while index < len(lines):
                item.block.append(lines[index])
                index += 1
                if TRIPLE_QUOTE.search(lines[index - 1].text):
                    break
        items.append(item)
    return items


def item_kind(item: Item) -> str:
    """ "code" or "prose": which side of a code/prose boundary an item stands on."""
    if item.in_string:
        return "code"
    if item.head is None:
        first = next((line for line in item.block if not line.blank), None)
        return "code" if first is not None and is_code_line(first.text) else "prose"
    if is_code(item.text) or (
        COMMENT_MARKER.match(item.text) and not can_be_question(item.text, item.has_block)
    ):
        return "code"
    return "prose"


def is_reference_item(item: Item) -> bool:
    """A link, or a name over nothing but links ("ctypes库：" over its URL)."""
    words = [line for line in item.block if not line.blank]
    if item.head is not None and not words:
        return is_reference(item.text)
    return (
        bool(words)
        and all(is_reference(line.text) for line in words)
        and (item.head is None or is_reference(item.text) or not is_code(item.text))
    )


def block_items(lines: list[Line]) -> list[Item]:
    """The items of an indented block, as if it stood at the left margin."""
    return split_items(dedent(lines))


def is_reference_list(items: list[Item]) -> bool:
    """Links with names, no code: at least half of the items are references."""
    if not items or 2 * sum(is_reference_item(item) for item in items) < len(items):
        return False
    return not any(is_code_line(line.text) for item in items for line in item.lines)


def is_grouping_block(items: list[Item]) -> bool:
    """A block of sub-questions, each over its own answer: the head above it is a grouping."""
    heads = [item for item in items if item.has_block and can_be_question(item.text, True)]
    return len(heads) >= 2 and all(item in heads or is_reference_item(item) for item in items)


def is_part_numbering(question: str, text: str) -> bool:
    """A numbered line that numbers parts of the question's answer, not the next question: the same
    digits counting afresh ("一、先看例子" under "八、……？", "1．建表时" under "3.如何加索引？"), or
    Arabic digits under a Chinese-numbered question ("1. 原理" under "三、……")."""
    previous, current = NUMBERED.match(question), NUMBERED.match(text)
    if previous is None or current is None:
        return False
    previous_value, current_value = numbering(question), numbering(text)
    if previous_value is None or current_value is None:
        return False
    previous_arabic, current_arabic = previous.group(1).isdigit(), current.group(1).isdigit()
    if previous_arabic == current_arabic:
        return current_value[0] <= previous_value[0]
    return current_arabic  # Arabic numbering is a level below Chinese numbering


def introduces(text: str) -> bool:
    """A sentence ending in a colon that leads into code or a list: "线程之间共享数据要加锁，例如：".
    A question line ends in a colon too: a short title ("僵尸进程：") or one that asks in words
    ("协程比线程好在什么地方，适合什么场景：")."""
    words = clean_question(text)
    return (
        bool(COLON_END.search(text.strip()))
        and (bool(INTRODUCING_COMMA.search(words)) or len(words) > MAX_TITLE_LENGTH)
        and not QUESTION_WORDS.search(words)
    )


def are_siblings(first: Item, second: Item) -> bool:
    """Two lines that ask side by side ("进程池" / "线程池"), rather than a question and its answer.

    A short title under a question is the answer's first line when the question names it
    ("什么是生成器和迭代器？" over "迭代器"), a sibling question when it does not.
    """
    if second.head is None or item_kind(second) == "code":
        return False
    if introduces(second.text) or is_part_numbering(first.text, second.text):
        return False  # "……，例如：" and "一、先看例子" under "八、……？" begin the answer
    numbered, next_numbered = numbering(first.text), numbering(second.text)
    if numbered:
        # "1、什么是GIL" over "全局解释器锁": numbering marks the questions, the rest answers them.
        return next_numbered is not None and next_numbered[1] == numbered[1]
    if is_question_like(second.text) or (
        ends_like_question(second.text) and can_be_question(second.text, True)
    ):
        return True
    if is_term(first.text) and is_term(second.text):
        return True
    # A question without a question mark over a short line: interview questions jotted down one per line
    # ("项目里python+django的部署是怎么做的，..." / "项目里涉及到的多线程/多进程").
    title = clean_question(second.text)
    return (
        is_question_like(first.text)
        and not QUESTION_END.search(clean_question(first.text))
        and can_be_question(second.text)
        and not DEFINITION.match(title)
        and title.casefold() not in clean_question(first.text).casefold()
    )


def numbering(text: str) -> tuple[int, str] | None:
    """The number and its punctuation: "12、" -> (12, "、"), "三." -> (3, "."), "十二、" -> (12, "、")."""
    match = NUMBERED.match(text)
    if not match:
        return None
    digits = match.group(1)
    value = int(digits) if digits.isdigit() else _chinese_number(digits)
    return (value, match.group(2)) if value is not None else None


def _chinese_number(digits: str) -> int | None:
    """一 to 九十九; None for what is no number ("一二", "十十")."""
    values = {char: index + 1 for index, char in enumerate(CHINESE_DIGITS)}
    tens, ten, units = digits.partition("十")
    if not ten:
        return values.get(digits)
    if len(tens) > 1 or len(units) > 1 or (tens and tens not in values) or (units and units not in values):
        return None
    return values.get(tens, 1) * 10 + values.get(units, 0)


def _term(item: Item) -> str:
    match = DEFINITION.match(clean_question(item.text))
    return match.group(0).split("：")[0].split(":")[0].strip() if match else ""


def parallel_definitions(first: Item, second: Item) -> bool:
    """ "同步提交：..." over "异步提交：...": two definitions side by side, not a title over its parts.

    "同步和异步：用来描述任务的提交方式" over "同步：任务提交之后..." names what follows: a question.
    """
    term, next_term = _term(first), _term(second)
    return bool(term and next_term) and next_term.casefold() not in term.casefold()
