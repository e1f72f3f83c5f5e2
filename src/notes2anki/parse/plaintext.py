"""Plain-text notes (and plain stretches of .md files): structure comes from layout alone.

.py和.pyc文件有什么区别？          a question line: ends in ？ or ：, or is a short title ...
\t.py 文件是 Python 源代码文件...    ... and the block indented under it is its answer

Python垃圾回收机制                 a title over unindented lines: they answer it, and the
python采用的是引用计数机制为主...   paragraphs after them, up to the next question or two blank lines

reset和rebase的区别                lines that all ask: a list of unanswered questions
为什么git add和git commit要分开操作

# 互斥锁                           a "# " comment marker before a title: still a question line
from multiprocessing import Lock   unfenced code answers it, across blank lines while code goes on
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from notes2anki.model import Block, ParsedFile, SourceFile
from notes2anki.parse.code_lines import is_code_line, plain_blocks
from notes2anki.parse.collect import Collector
from notes2anki.parse.fences import fenced_code, pieces, unclosed_span
from notes2anki.parse.lines import Line, dedent, to_lines, trim_blank
from notes2anki.parse.plain_items import (
    Item,
    are_siblings,
    block_items,
    introduces,
    is_grouping_block,
    is_part_numbering,
    is_reference_item,
    is_reference_list,
    item_kind,
    numbering,
    parallel_definitions,
    split_items,
)
from notes2anki.parse.qa_pairs import ANSWER_MARK, find_pairs
from notes2anki.parse.questions import (
    COLON_END,
    COMMENT_MARKER,
    QUESTION_END,
    can_be_question,
    clean_question,
    is_label,
    is_question_line,
    is_reference,
)

# Two blank lines end an answer unless code continues on both sides (PEP 8 puts two between functions).
MAX_BLANKS_IN_ANSWER = 1
# "----------第二部分----------", "=== Part 2 ===": a rule with a title in it divides the note into
# parts; what follows is read afresh under that title.
TITLED_SEPARATOR = re.compile(
    r"^\s*(?:-{3,}|={3,}|\*{3,}|~{3,})\s*(\S.*?)\s*(?:-{3,}|={3,}|\*{3,}|~{3,})\s*$"
)
# "[python]", "[java] view plain copy", "复制代码": labels a blog's code box pasted along with the code.
PASTED_LABEL = re.compile(
    r"^\s*(?:\[(?:python|java|javascript|js|c|cpp|c\+\+|csharp|sql|bash|shell|html|xml|css|go|php|plain|text)\]"
    r"(?:\s*view plain)?(?:\s*copy)?|复制代码|复制|copy code|view plain copy)\s*$",
    re.IGNORECASE,
)
# "1" alone under "import threading": the line number of a pasted listing.
LONE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
# A script ends with its main guard: code after it and two blank lines is another program.
MAIN_GUARD = re.compile(r"""^if\s+__name__\s*==\s*(['"])__main__\1\s*:""")


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
        self.last_kind = item_kind(item)

    def ends_program(self) -> bool:
        """The answer's code ends in a main guard ("if __name__ == '__main__':" and its block)."""
        last_statement = next((line.text for line in reversed(self.answer) if line.text[:1].strip()), "")
        return self.last_kind == "code" and bool(MAIN_GUARD.match(last_statement))


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
                    pair.line,
                    clean_question(pair.question),
                    answer_blocks(pair.answer),
                    self.context,
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
        kind = item_kind(group[0])
        if group[0].blanks_before > MAX_BLANKS_IN_ANSWER:
            return self.open.last_kind == "code" and kind == "code" and not self.open.ends_program()
        return not (self.open.owns_group and self.open.last_kind == "code" and kind == "prose")

    def starts_list(self, group: list[Item]) -> bool:
        """The group lists questions side by side ("进程池" / "线程池"), answering none of them."""
        first = group[0]
        return (
            len(group) > 1
            and first.head is not None
            and not first.has_block
            and item_kind(first) == "prose"
            and can_be_question(first.text, True)
            and are_siblings(first, group[1])
        )

    def starts_question(self, group: list[Item], position: int) -> bool:
        item = group[position]
        if item.head is None or item_kind(item) != "prose" or not can_be_question(item.text, item.has_block):
            return False
        if self.comment_in_code(group, position):
            return False
        following = group[position + 1] if position + 1 < len(group) else None
        return following is None or not parallel_definitions(item, following)

    def read_fresh(self, group: list[Item]) -> None:
        """A group that no question before it owns: find its questions."""
        # "reset和rebase的区别" over "为什么git add和git commit要分开操作": questions listed, none answered.
        in_list = self.starts_list(group)
        may_start, noted = True, False
        for position, item in enumerate(group):
            if in_list and item.has_block:
                in_list = False
            if in_list:
                asks = (
                    item_kind(item) == "prose" and item.head is not None and can_be_question(item.text, True)
                )
            else:
                asks = self.starts_question(group, position) and (
                    may_start or is_question_line(item.text) or self._comment_title(group, position)
                )
            if not asks:
                may_start = self.read_other(item, noted)
                noted = not may_start
                continue
            noted = False
            assert item.head is not None  # a question starts at a line of its own
            if item.has_block:
                if self.read_headed_block(group, position):
                    return
                may_start = True
                continue
            following = group[position + 1] if position + 1 < len(group) else None
            if following is None:
                self.open = _Open(item.head, clean_question(item.text))
                return
            answered_below = ANSWER_MARK.match(following.text) is not None  # "答：……" answers the line above
            if not answered_below and (in_list or are_siblings(item, following)):
                self.collector.unanswered_question(item.head, clean_question(item.text))
                may_start = True
                continue
            self.open = _Open(item.head, clean_question(item.text), owns_group=True)
            self.read_flow(group[position + 1 :])
            return

    def _comment_title(self, group: list[Item], position: int) -> bool:
        """A "# 标题" comment marker after prose (not after code, where it is a code comment)."""
        return bool(COMMENT_MARKER.match(group[position].text)) and (
            position == 0 or item_kind(group[position - 1]) != "code"
        )

    def read_other(self, item: Item, noted: bool = False) -> bool:
        """An item that asks nothing; True when a question may start right after it.

        ``noted``: the text just before was already reported as having no question.
        """
        if is_reference_item(item):
            return True
        if item.has_block and (item.head is None or is_label(item.text) or is_reference(item.text)):
            items = block_items(item.block)
            if is_reference_list(items):
                self.collector.set_aside_lines(item.lines)  # a list of links, not study material
            else:
                self.read_nested(items, self.context)
            return True
        if item.head is not None and not noted:
            self.collector.left_out(
                item.head, "text without a question, not on any card (put a question line above it)"
            )
        return False

    def read_headed_block(self, group: list[Item], position: int) -> bool:
        """A question over its indented answer. Lines right after the block that ask nothing go on
        with the answer (code under a tab-indented explanation); True when they took the rest of the group.
        """
        item = group[position]
        assert item.head is not None  # a question over its block: the line above it
        question = clean_question(item.text)
        items = block_items(item.block)
        if is_reference_list(items):
            self.collector.set_aside_lines(item.lines)  # "ctypes库：" over its links: a reference list
            return False
        if is_grouping_block(items):
            self.read_nested(items, (*self.context, question))
            return False
        following = position + 1 < len(group) and not self.starts_question(group, position + 1)
        if following:
            self.open = _Open(item.head, question, list(item.block), owns_group=True)
            self.read_flow(group[position + 1 :])
            return True
        self.collector.card(
            item.head, question, answer_blocks(without_debris(item.block, self.collector)), self.context
        )
        return False

    def read_nested(self, items: list[Item], context: tuple[str, ...]) -> None:
        reader = PlainReader(self.collector, context)
        reader.read_items(items)
        reader.close()

    def read_flow(self, items: list[Item]) -> None:
        """Items that continue the open question's answer, until one starts a question of its own."""
        for position, item in enumerate(items):
            assert self.open is not None
            if self.breaks_flow(item) and not self.comment_in_code(items, position):
                self.close()
                self.read_fresh(items[position:])
                return
            self.open.add(item, item.blanks_before if position == 0 else 0)

    def comment_in_code(self, items: list[Item], position: int) -> bool:
        """A "# 这里为什么要实例化？" line with code right above and below it: a comment in the code."""
        item = items[position]
        if position + 1 >= len(items) or item.head is None or not COMMENT_MARKER.match(item.head.text):
            return False
        above = item_kind(items[position - 1]) if position else self.open.last_kind if self.open else None
        return above == "code" and item_kind(items[position + 1]) == "code"

    def breaks_flow(self, item: Item) -> bool:
        """A question line ("线程池和信号量的区别：") or the next number of a numbered question; not a
        part of the answer numbered afresh ("一、先看例子：" under "八、……？") or a sentence that
        introduces what follows ("加锁即可，例如：")."""
        if item.head is None or item_kind(item) == "code":
            return False
        assert self.open is not None
        if (
            is_part_numbering(self.open.line.text, item.text)
            or self.after_lead_in(item)
            or self.counts_on(item)
        ):
            return False
        previous, current = numbering(self.open.line.text), numbering(item.text)
        if is_question_line(item.text):
            return not introduces(item.text)
        return bool(
            previous
            and current
            and current[1] == previous[1]
            and current[0] == previous[0] + 1
            and can_be_question(item.text, item.has_block)
        )

    def after_lead_in(self, item: Item) -> bool:
        """A numbered or colon-ended line right under a lead-in that ends in a colon ("……，例如：")
        is what the lead-in announces; only a line that asks ("？") starts a new question there."""
        assert self.open is not None
        last = next((line for line in reversed(self.open.answer) if not line.blank), None)
        if last is None or not COLON_END.search(last.text.strip()) or QUESTION_END.search(item.text.strip()):
            return False
        return bool(numbering(item.text) or COLON_END.search(item.text.strip()))

    def counts_on(self, item: Item) -> bool:
        """ "二、再摔打" in an answer that already holds "一、先和面": the next of the answer's own parts."""
        assert self.open is not None
        current = numbering(item.text)
        if current is None:
            return False
        return any(numbering(line.text) == (current[0] - 1, current[1]) for line in self.open.answer)

    def close(self) -> None:
        if self.open is None:
            return
        open_question, self.open = self.open, None
        answer = answer_blocks(without_debris(without_answer_mark(open_question.answer), self.collector))
        self.collector.card(open_question.line, open_question.question, answer, self.context)


def without_answer_mark(lines: list[Line]) -> list[Line]:
    """ "答：微生物……" under its question: the answer without its "答：" / "A:" mark."""
    first = next((index for index, line in enumerate(lines) if not line.blank), None)
    if first is None:
        return lines
    match = ANSWER_MARK.match(lines[first].text)
    if match is None or not match.group(1).strip():
        return lines
    return [*lines[:first], lines[first].with_text(match.group(1)), *lines[first + 1 :]]


def without_debris(lines: list[Line], collector: Collector) -> list[Line]:
    """The lines without what a web page's copy button pasted along: "[python]", "复制代码", and a
    lone line number under a line of code."""
    kept: list[Line] = []
    for line in lines:
        lone_number = LONE_NUMBER.match(line.text) and kept and is_code_line(kept[-1].text)
        if PASTED_LABEL.match(line.text) or lone_number:
            collector.set_aside_lines([line])
        else:
            kept.append(line)
    return kept


def answer_blocks(lines: list[Line]) -> tuple[Block, ...]:
    """Blocks of a plain-text answer: fenced code kept, the rest split into prose, code and output."""
    blocks: list[Block] = []
    for piece in pieces(trim_blank(lines), "fence"):
        if isinstance(piece, list):
            blocks.extend(plain_blocks([line.text for line in dedent(piece)]))
        else:
            blocks.extend(fenced_code(piece))
    return tuple(blocks)


def read_plain_text(lines: list[Line], collector: Collector, context: tuple[str, ...] = ()) -> None:
    for piece in pieces(lines, "fence"):
        if not isinstance(piece, list) and not piece.closed:
            collector.warn(piece.lines[0], unclosed_span(piece))
    part_context, part = context, []
    for line in lines:
        title = TITLED_SEPARATOR.match(line.text)
        if title is None or not title.group(1).strip(" -=*#~"):
            part.append(line)
            continue
        PlainReader(collector, part_context).read(part)
        collector.set_aside_lines([line])  # "-----第二部分-----": a part of the note, not a question
        part_context, part = (*context, title.group(1)), []
    PlainReader(collector, part_context).read(part)


def parse_plaintext(source: SourceFile) -> ParsedFile:
    collector = Collector(source)
    read_plain_text(to_lines(source.text), collector)
    return collector.result()
