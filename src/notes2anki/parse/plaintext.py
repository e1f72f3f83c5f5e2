"""Plain-text notes (and plain stretches of .md files): structure comes from layout alone.

    .py和.pyc文件有什么区别？          a question line: ends in ？ or ：, or is a short title ...
    \t.py 文件是 Python 源代码文件...    ... and the block indented under it is its answer

    Python垃圾回收机制                 a title over unindented lines: they answer it, up to a blank line
    python采用的是引用计数机制为主...

    reset和rebase的区别                lines that all ask: a list of unanswered questions
    为什么git add和git commit要分开操作

    # 互斥锁                           a "# " comment marker before a title: still a question line
    from multiprocessing import Lock   unfenced code answers it, across blank lines while code goes on
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..code import is_code_line, plain_blocks
from ..model import Block, BlockKind
from .collect import Collector
from .fences import opaque_span
from .lines import Line, dedent, to_lines, trim_blank
from .qa_pairs import find_pairs
from .questions import (
    COMMENT_MARKER,
    DEFINITION,
    QUESTION_END,
    can_be_question,
    clean_question,
    ends_like_question,
    is_code,
    is_label,
    is_question_like,
    is_question_line,
    is_reference,
    is_term,
)

# A "#" alone separates like a blank line ("# os, date, ...\n#\n# 2.匿名函数lambda的使用").
EMPTY_COMMENT = re.compile(r"^\s*#+\s*$")
TRIPLE_QUOTE = re.compile(r'"""|\'\'\'')
# "1、", "2.", "12)", "一、": numbering that a following question line continues.
NUMBERED = re.compile(r"^\s*(?:#+\s*)?(\d{1,3}|[一二三四五六七八九十]{1,3})\s*([、.．)）])")
CHINESE_DIGITS = "一二三四五六七八九"
# Two blank lines end an answer unless code continues on both sides (PEP 8 puts two between functions).
MAX_BLANKS_IN_ANSWER = 1


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


def _kind(item: Item) -> str:
    """"code" or "prose": which side of a code/prose boundary an item stands on."""
    if item.in_string:
        return "code"
    if item.head is None:
        first = next((line for line in item.block if not line.blank), None)
        return "code" if first is not None and is_code_line(first.text) else "prose"
    if is_code(item.text) or (COMMENT_MARKER.match(item.text) and not can_be_question(item.text, item.has_block)):
        return "code"
    return "prose"


def is_reference_item(item: Item) -> bool:
    """A link, or a name over nothing but links ("ctypes库：" over its URL)."""
    words = [line for line in item.block if not line.blank]
    if item.head is not None and not words:
        return is_reference(item.text)
    return bool(words) and all(is_reference(line.text) for line in words) and (
        item.head is None or is_reference(item.text) or not is_code(item.text)
    )


def is_reference_list(lines: list[Line]) -> bool:
    """Links with names, no code: at least half of the items are references."""
    if any(is_code_line(line.text) for line in lines):
        return False
    items = split_items(dedent(lines))
    return bool(items) and 2 * sum(is_reference_item(item) for item in items) >= len(items)


def _is_grouping_block(lines: list[Line]) -> bool:
    """A block of sub-questions, each over its own answer: the head above it is a grouping."""
    items = split_items(dedent(lines))
    heads = [item for item in items if item.has_block and can_be_question(item.text, True)]
    return len(heads) >= 2 and all(item in heads or is_reference_item(item) for item in items)


@dataclass
class _Open:
    """A question whose answer is still being read."""

    line: Line
    question: str
    answer: list[Line] = field(default_factory=list)
    last_kind: str = ""  # "code" or "prose": what the answer ends with so far
    # The answer began on the lines right under the question. A title alone on its line instead takes
    # whatever follows after a blank line ("线程池", then code, then notes on the code).
    owns_group: bool = False

    def add(self, item: Item, blanks: int = 0) -> None:
        if self.answer and blanks:
            self.answer.append(Line(item.lines[0].number, ""))
        self.answer.extend(item.lines)
        self.last_kind = _kind(item)


class PlainReader:
    def __init__(self, collector: Collector, context: tuple[str, ...]) -> None:
        self.collector = collector
        self.context = context
        self.open: _Open | None = None

    def read(self, lines: list[Line]) -> None:
        pairs = find_pairs(lines)
        if pairs is not None:
            self.read_items(split_items(pairs.before))
            self.close()
            for pair in pairs.pairs:
                self.collector.card(
                    pair.line, clean_question(pair.question), answer_blocks(pair.answer), self.context,
                    front=answer_blocks(pair.front),
                )
            return
        self.read_items(split_items(lines))
        self.close()

    def read_items(self, items: list[Item]) -> None:
        start = 0
        while start < len(items):
            end = start + 1
            while end < len(items) and items[end].blanks_before == 0:
                end += 1
            self.read_group(items[start:end])
            start = end

    def read_group(self, group: list[Item]) -> None:
        if self.open is not None and self.absorbs(group):
            self.read_flow(group)
        else:
            self.close()
            self.read_fresh(group)

    def absorbs(self, group: list[Item]) -> bool:
        """Whether the open question's answer goes on into ``group``."""
        assert self.open is not None
        if self.starts_question(group, 0) or self.starts_list(group):
            return False
        kind = _kind(group[0])
        if group[0].blanks_before > MAX_BLANKS_IN_ANSWER:
            return self.open.last_kind == "code" and kind == "code"
        return not (self.open.owns_group and self.open.last_kind == "code" and kind == "prose")

    def starts_list(self, group: list[Item]) -> bool:
        """The group lists questions side by side ("进程池" / "线程池"), answering none of them."""
        first = group[0]
        return (
            len(group) > 1 and first.head is not None and not first.has_block and _kind(first) == "prose"
            and can_be_question(first.text, True) and _are_siblings(first, group[1])
        )

    def starts_question(self, group: list[Item], position: int) -> bool:
        item = group[position]
        if item.head is None or _kind(item) != "prose" or not can_be_question(item.text, item.has_block):
            return False
        following = group[position + 1] if position + 1 < len(group) else None
        return following is None or not _parallel_definitions(item, following)

    def read_fresh(self, group: list[Item]) -> None:
        """A group that no question before it owns: find its questions."""
        # "reset和rebase的区别" over "为什么git add和git commit要分开操作": questions listed, none answered.
        in_list = self.starts_list(group)
        may_start, noted = True, False
        for position, item in enumerate(group):
            if in_list and item.has_block:
                in_list = False
            if in_list:
                asks = _kind(item) == "prose" and item.head is not None and can_be_question(item.text, True)
            else:
                asks = self.starts_question(group, position) and (
                    may_start or is_question_line(item.text) or self._comment_title(group, position)
                )
            if not asks:
                may_start = self.read_other(item, noted)
                noted = not may_start
                continue
            noted = False
            if item.has_block:
                self.read_headed_block(item)
                may_start = True
                continue
            following = group[position + 1] if position + 1 < len(group) else None
            if following is None:
                self.open = _Open(item.head, clean_question(item.text))
                return
            if in_list or _are_siblings(item, following):
                self.collector.unanswered_question(item.head, clean_question(item.text))
                may_start = True
                continue
            self.open = _Open(item.head, clean_question(item.text), owns_group=True)
            self.read_flow(group[position + 1 :])
            return

    def _comment_title(self, group: list[Item], position: int) -> bool:
        """A "# 标题" comment marker after prose (not after code, where it is a code comment)."""
        return bool(COMMENT_MARKER.match(group[position].text)) and (
            position == 0 or _kind(group[position - 1]) != "code"
        )

    def read_other(self, item: Item, noted: bool = False) -> bool:
        """An item that asks nothing; True when a question may start right after it.

        ``noted``: the text just before was already reported as having no question.
        """
        if is_reference_item(item):
            return True
        if item.has_block and (item.head is None or is_label(item.text) or is_reference(item.text)):
            if not is_reference_list(item.block):
                self.nested(item.block, self.context)
            return True
        if item.head is not None and not noted:
            self.collector.note(item.head, "text without a question, not on any card (put a question line above it)")
        return False

    def read_headed_block(self, item: Item) -> None:
        question = clean_question(item.text)
        if is_reference_list(item.block):
            return
        if _is_grouping_block(item.block):
            self.nested(item.block, (*self.context, question))
            return
        self.collector.card(item.head, question, answer_blocks(item.block), self.context)

    def nested(self, lines: list[Line], context: tuple[str, ...]) -> None:
        reader = PlainReader(self.collector, context)
        reader.read_items(split_items(dedent(lines)))
        reader.close()

    def read_flow(self, items: list[Item]) -> None:
        """Items that continue the open question's answer, until one starts a question of its own."""
        for position, item in enumerate(items):
            assert self.open is not None
            if self.breaks_flow(item):
                self.close()
                self.read_fresh(items[position:])
                return
            self.open.add(item, item.blanks_before if position == 0 else 0)

    def breaks_flow(self, item: Item) -> bool:
        """A question line ("线程池和信号量的区别：") or the next number of a numbered question."""
        if item.head is None or _kind(item) == "code":
            return False
        if is_question_line(item.text):
            return True
        assert self.open is not None
        previous, current = _numbering(self.open.line.text), _numbering(item.text)
        return bool(
            previous and current and current[1] == previous[1] and current[0] == previous[0] + 1
            and can_be_question(item.text, item.has_block)
        )

    def close(self) -> None:
        if self.open is None:
            return
        open_question, self.open = self.open, None
        self.collector.card(open_question.line, open_question.question, answer_blocks(open_question.answer), self.context)


def _are_siblings(first: Item, second: Item) -> bool:
    """Two lines that ask side by side ("进程池" / "线程池"), rather than a question and its answer.

    A short title under a question is the answer's first line when the question names it
    ("什么是生成器和迭代器？" over "迭代器"), a sibling question when it does not.
    """
    if second.head is None or _kind(second) == "code":
        return False
    numbered, next_numbered = _numbering(first.text), _numbering(second.text)
    if numbered:
        # "1、什么是GIL" over "全局解释器锁": numbering marks the questions, the rest answers them.
        return bool(next_numbered) and next_numbered[1] == numbered[1]
    if is_question_like(second.text) or (ends_like_question(second.text) and can_be_question(second.text, True)):
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


def _numbering(text: str) -> tuple[int, str] | None:
    """The number and its punctuation: "12、" -> (12, "、"), "三." -> (3, "."), "十二、" -> (12, "、")."""
    match = NUMBERED.match(text)
    if not match:
        return None
    digits = match.group(1)
    value = int(digits) if digits.isdigit() else _chinese_number(digits)
    return (value, match.group(2)) if value is not None else None


def _chinese_number(digits: str) -> int | None:
    def digit(char: str) -> int:
        return CHINESE_DIGITS.index(char) + 1 if char in CHINESE_DIGITS else -100

    if "十" not in digits:
        return digit(digits) if len(digits) == 1 else None
    tens, _, units = digits.partition("十")
    value = (digit(tens) if tens else 1) * 10 + (digit(units) if units else 0)
    return value if value > 0 and len(tens) <= 1 and len(units) <= 1 else None


def _term(item: Item) -> str:
    match = DEFINITION.match(clean_question(item.text))
    return match.group(0).split("：")[0].split(":")[0].strip() if match else ""


def _parallel_definitions(first: Item, second: Item) -> bool:
    """"同步提交：..." over "异步提交：...": two definitions side by side, not a title over its parts.

    "同步和异步：用来描述任务的提交方式" over "同步：任务提交之后..." names what follows: a question.
    """
    term, next_term = _term(first), _term(second)
    return bool(term and next_term) and next_term.casefold() not in term.casefold()


def answer_blocks(lines: list[Line]) -> tuple[Block, ...]:
    """Blocks of a plain-text answer: fenced code kept, the rest split into prose, code and output."""
    lines = trim_blank(lines)
    blocks: list[Block] = []
    plain: list[Line] = []
    index = 0
    while index < len(lines):
        span = opaque_span(lines, index)
        if span is None or span.kind != "fence":
            plain.append(lines[index])
            index += 1
            continue
        blocks.extend(plain_blocks([line.text for line in dedent(plain)]))
        plain = []
        inner = span.lines[1:-1] if span.closed else span.lines[1:]
        code = "\n".join(line.text for line in dedent(trim_blank(inner)))
        if code.strip():
            blocks.append(Block(BlockKind.CODE, code, span.fence.language if span.fence else ""))
        index += len(span.lines)
    blocks.extend(plain_blocks([line.text for line in dedent(plain)]))
    return tuple(blocks)


def read_plain_text(lines: list[Line], collector: Collector, context: tuple[str, ...] = ()) -> None:
    PlainReader(collector, context).read(lines)


def parse_plaintext(source):
    collector = Collector(source)
    read_plain_text(to_lines(source.text), collector)
    return collector.result()
