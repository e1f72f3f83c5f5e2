"""Nested bullet outlines: a bullet with children is a question and its children the answer.

    #### 基础概念
    - GIL解释器锁                 a question: its children answer it
      - 线程全局锁(Global Interpreter Lock) ...
    - 协程                         no children: an unanswered question
    - 深拷贝与浅拷贝               only sub-questions under it: a grouping, like a heading
      - 浅拷贝
        - 直接赋值, ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .fences import opaque_span
from .lines import Line, dedent, trim_blank
from .questions import (
    QUESTION_END,
    can_be_question,
    clean_question,
    ends_like_question,
    is_question_like,
    is_reference,
)

ITEM = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])(?:\s+(?:\[[ xX]\]\s+)?(.*))?$")


@dataclass
class Item:
    line: Line
    indent: int
    text: str
    ordered: bool
    children: list[Item] = field(default_factory=list)
    heads_bullets: bool = False  # a numbered title over bullets at its own indentation
    extra: list[Line] = field(default_factory=list)  # its own continuation lines, not its children's
    lines: list[Line] = field(default_factory=list)  # everything under it, in order

    @property
    def question(self) -> str:
        return clean_question(self.text)

    @property
    def has_extra(self) -> bool:
        return any(not line.blank for line in self.extra)

    def answer_lines(self) -> list[Line]:
        return dedent(trim_blank(self.lines))


def _item_at(line: Line) -> Item | None:
    match = ITEM.match(line.text)
    if not match or match.group(3) is None:
        return None
    marker = match.group(2)
    return Item(line, line.indent, (match.group(3) or "").strip(), ordered=marker[0].isdigit())


@dataclass
class Outline:
    before: list[Line]  # lines before the first bullet
    roots: list[Item]


def build_outline(lines: list[Line]) -> Outline:
    """The bullet tree of some Markdown lines. Text after a list ends belongs to its last top-level item."""
    before: list[Line] = []
    roots: list[Item] = []
    stack: list[Item] = []
    previous_blank = True
    index = 0
    while index < len(lines):
        span = opaque_span(lines, index)
        chunk = span.lines if span is not None else [lines[index]]
        first = chunk[0]
        item = _item_at(first) if span is None else None
        if item is not None:
            _place(item, stack, roots, previous_blank)
        elif first.blank:
            for open_item in stack:
                open_item.lines.extend(chunk)
        elif not roots:
            before.extend(chunk)
        else:
            owner = _owner(first, stack, roots, previous_blank)
            owner.extra.extend(chunk)
            for open_item in stack:
                open_item.lines.extend(chunk)
        previous_blank = chunk[-1].blank
        index += len(chunk)
    return Outline(before, roots)


def _place(item: Item, stack: list[Item], roots: list[Item], previous_blank: bool) -> None:
    # "5. tcp长连接和短连接" directly over "- TCP长/短连接的优点和缺点:" at the same indentation:
    # the numbered title heads the bullets that follow it.
    top = stack[-1] if stack else None
    if (
        top is not None and top.indent == item.indent and top.ordered and not item.ordered
        and not top.children and not top.has_extra and not previous_blank and can_be_question(top.text)
    ):
        top.heads_bullets = True
    while stack and stack[-1].indent >= item.indent and not _keeps_bullets(stack[-1], item):
        stack.pop()
    if stack:
        stack[-1].children.append(item)
    else:
        roots.append(item)
    for open_item in stack:
        open_item.lines.append(item.line)
    stack.append(item)


def _keeps_bullets(head: Item, item: Item) -> bool:
    return head.heads_bullets and head.indent == item.indent and not item.ordered


def _owner(line: Line, stack: list[Item], roots: list[Item], previous_blank: bool) -> Item:
    """The item a non-bullet line continues: the innermost one it is indented under."""
    if line.indent == 0:
        if not previous_blank and stack:
            return stack[-1]
        stack[:] = [roots[-1]]
        return roots[-1]
    while len(stack) > 1 and stack[-1].indent >= line.indent:
        stack.pop()
    if not stack:
        stack.append(roots[-1])
    return stack[-1]


# Items that ask (with a question mark: "- 优势:" over its points only labels them) and carry their
# answer make a list of questions even without nesting:
# "1. 什么是GIL？" over "   全局解释器锁", "2. 什么是协程？" over "   用户态线程".
MIN_ANSWERED_QUESTIONS = 2


# A flat list whose bullets ask or define and carry their own lines (an unindented continuation, a
# fence at column 0 right under the bullet) is a list of questions when most bullets do:
# "- 装饰器和闭包的区别" over "装饰器……", "- [zip](…) - 把序列配对" over a fence.
# In a note with no heading at all, any bullet that carries lines of its own counts.
# A numbered list where some items carry an answer indented under them and others carry nothing is
# a list of questions, the bare ones unanswered: "1. 讲讲事件循环" over "   > 宏任务……", "2. 讲讲闭包".
MIN_ANSWERED_BULLETS = 2
# ... and at least one item in this many asks in words ("1. 下载" / "2. 解压" / "3. 配置" are steps).
MIN_ASKING_SHARE = 3
# "[map](https://…) - 对每个元素调用函数", "filter — 留下满足条件的元素": a term, a dash, what it means.
DEFINITION_BULLET = re.compile(r"^(?P<term>(?:\[[^\]]{1,40}\]\([^)]*\)|[^\s\[][^-–—]{0,30}?))\s+[-–—]\s+(?P<what>\S.*)$")


@dataclass(frozen=True)
class Shape:
    """What kind of list some Markdown lines hold, if any."""

    bullets: bool  # any bullet at all
    nested: bool  # a bullet with bullets under it
    answered_questions: bool  # several bullets that ask, each over its answer
    answered_bullets: bool = False  # most bullets ask or define and carry lines of their own, no sub-bullets
    numbered_questions: bool = False  # a numbered list of answered and bare items: interview questions

    @classmethod
    def of(cls, outline: Outline, headless: bool = False) -> Shape:
        """``headless``: the lines are a whole note with no heading, where any bullet that carries
        lines of its own is a question."""
        asking = [
            root for root in outline.roots
            if (root.children or root.has_extra) and QUESTION_END.search(root.question)
        ]
        # Bullets that carry lines and ask or define ("- 覆盖索引" over a fence stays an answer's part).
        carrying = [
            root for root in outline.roots
            if root.has_extra and not root.children
            and (headless or is_question_like(root.text) or definition(root))
        ]
        numbered = [root for root in outline.roots if root.ordered]
        numbered_answered = [root for root in numbered if root.has_extra or root.children]
        numbered_asking = [root for root in numbered if is_question_like(root.text)]
        return cls(
            numbered_questions=(
                len(numbered) == len(outline.roots) and len(numbered_answered) >= MIN_ANSWERED_BULLETS
                and len(numbered_answered) < len(numbered)
                and len(numbered_asking) * MIN_ASKING_SHARE >= len(numbered)
            ),
            bullets=bool(outline.roots),
            nested=any(root.children for root in outline.roots),
            answered_questions=len(asking) >= MIN_ANSWERED_QUESTIONS,
            answered_bullets=len(carrying) >= MIN_ANSWERED_BULLETS and 2 * len(carrying) >= len(outline.roots),
        )


def definition(item: Item) -> tuple[str, str] | None:
    """The term and its meaning of a "term - meaning" bullet."""
    match = DEFINITION_BULLET.match(item.text)
    if not match:
        return None
    return clean_question(match.group("term")), match.group("what")


def asks_children(item: Item) -> bool:
    """Bullets under the item that are themselves questions with no answer ("- 事件" over "- 怎么阻止
    冒泡", "- 如何解绑"): most of them ask, and none carries a line of its own."""
    children = item.children
    if any(child.children or child.has_extra for child in children):
        return False
    return 2 * sum(is_question_like(child.text) for child in children) > len(children)


@dataclass(frozen=True)
class OutlineCard:
    line: Line
    question: str
    answer: list[Line]
    context: tuple[str, ...]


@dataclass(frozen=True)
class OutlineQuestion:
    line: Line
    question: str


@dataclass(frozen=True)
class OutlineGroup:
    """A bullet that only groups the questions under it: a tag of theirs, not a card."""

    line: Line


Found = OutlineCard | OutlineQuestion | OutlineGroup


def read_items(items: list[Item], context: tuple[str, ...]) -> list[Found]:
    """Cards and unanswered questions of the items under a grouping heading or bullet."""
    found: list[Found] = []
    for item in items:
        found.extend(read_item(item, context))
    return found


def read_item(item: Item, context: tuple[str, ...]) -> list[Found]:
    question = item.question
    if not item.children:
        defined = definition(item)
        if defined is not None and (item.has_extra or defined[1].strip()):
            term, meaning = defined
            return [OutlineCard(item.line, term, [item.line.with_text(meaning), *item.answer_lines()], context)]
        if item.has_extra:
            return [OutlineCard(item.line, question, item.answer_lines(), context)]
        if not question or is_reference(item.text):
            return []
        return [OutlineQuestion(item.line, question)]
    leaves = [child for child in item.children if not child.children]
    nested = [child for child in item.children if child.children]
    asks = is_question_like(item.text) or ends_like_question(item.text)
    if not asks and not item.has_extra and asks_children(item):
        return [OutlineGroup(item.line), *read_items(item.children, (*context, question))]
    if asks or not nested or len(item.children) == 1:
        return [OutlineCard(item.line, question, item.answer_lines(), context)]
    found: list[Found] = []
    if leaves and not any(is_question_like(leaf.text) for leaf in leaves):
        # "- TCP协议" over "- 面向连接 ..." and a numbered sub-question: the plain children answer it.
        own = sorted([*item.extra, *(line for leaf in leaves for line in [leaf.line, *leaf.lines])],
                     key=lambda line: line.number)
        found.append(OutlineCard(item.line, question, dedent(trim_blank(own)), context))
        return found + read_items(nested, (*context, question))
    if item.has_extra:
        found.append(OutlineCard(item.line, question, dedent(trim_blank(item.extra)), context))
    else:
        found.append(OutlineGroup(item.line))
    return found + read_items(item.children, (*context, question))
