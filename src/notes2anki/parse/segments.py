"""A Markdown note cut into heading sections and plain-text stretches.

Headings are ATX (``## 标题``) or setext (``标题`` over ``-----``), never inside a fence, an HTML comment or
a <details> block. Notes often switch to plain text halfway through a .md file: tab-indented link lists,
``标题：`` lines over indented answers, ``# 标题`` comment markers. Such a stretch is parsed by the
plain-text rules, where ``#`` lines are question lines, not headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from notes2anki.parse.code_lines import is_code_line
from notes2anki.parse.collect import Collector
from notes2anki.parse.fences import fence_opening, opaque_span, unclosed_span
from notes2anki.parse.lines import Line
from notes2anki.parse.qa_pairs import ANSWER_MARK, QUESTION_MARK
from notes2anki.parse.questions import LIST_MARKER, is_reference

ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
# A list item's text starts this far in ("1. x", "- x"): a heading indented so far inside a list is
# part of the item above it.
MIN_ITEM_CONTENT_INDENT = 2
# Setext underlines shorter than this are more likely an empty list item or a stray dash.
MIN_SETEXT_UNDERLINE = 2
# "#candump canX", "# 互斥锁": a comment line of plain text (a heading needs a blank line around it).
COMMENT_LINE = re.compile(r"^#")
# Lines that already are Markdown structure and cannot be the text of a setext heading.
NOT_PARAGRAPH = re.compile(r"^\s*(?:[-*+>|]|\d+[.)]\s|<|\[TOC\]|!\[)", re.IGNORECASE)


@dataclass
class HeadingSection:
    """A heading and the Markdown lines under it up to the next heading; level 0 is the file's start."""

    level: int
    title: str
    line: Line | None
    body: list[Line] = field(default_factory=list)


@dataclass
class PlainStretch:
    lines: list[Line]


Segment = HeadingSection | PlainStretch


def heading_at(line: Line) -> tuple[int, str] | None:
    match = ATX_HEADING.match(line.text)
    if not match:
        return None
    return len(match.group(1)), (match.group(2) or "").strip()


def _setext_level(lines: list[Line], index: int) -> int:
    """1 or 2 when ``lines[index]`` is the text of a setext heading, else 0."""
    if index + 1 >= len(lines):
        return 0
    text, under = lines[index], lines[index + 1]
    match = SETEXT_UNDERLINE.match(under.text)
    if not match or len(match.group(1)) < MIN_SETEXT_UNDERLINE:
        return 0
    if text.blank or text.indent >= 4 or heading_at(text) or NOT_PARAGRAPH.match(text.text):
        return 0
    if fence_opening(text.text) or (
        index > 0 and not lines[index - 1].blank and not heading_at(lines[index - 1])
    ):
        return 0
    return 1 if match.group(1)[0] == "=" else 2


def _tab_indented(line: Line) -> bool:
    return not line.blank and line.text.lstrip(" ").startswith("\t")


def _starts_plain_text(lines: list[Line], index: int, in_list: bool) -> bool:
    """Plain-text layout begins here, outside any list: a tab-indented line of prose after a blank
    line, or a ``标题：`` line starting a paragraph directly over a tab-indented line.

        redis:
        \t中文官网：https://www.redis.com.cn/redis-stream.html

    Markdown writes code indented under text; tab-indented prose is the plain-text habit.
    """
    line = lines[index]
    if line.blank or in_list or LIST_MARKER.match(line.text) or heading_at(line):
        return False
    previous = lines[index - 1] if index > 0 else None
    following = lines[index + 1] if index + 1 < len(lines) else None
    if _tab_indented(line):
        before = next((lines[i] for i in range(index - 1, -1, -1) if not lines[i].blank), None)
        return (
            (previous is None or previous.blank)
            and before is not None
            and heading_at(before) is None
            and not is_code_line(line.text)
        )
    return (
        line.indent == 0
        and (previous is None or previous.blank or heading_at(previous) is not None)
        and not QUESTION_MARK.match(line.text)
        and not ANSWER_MARK.match(line.text)
        and following is not None
        and _tab_indented(following)
        and not LIST_MARKER.match(following.text)
        and not is_code_line(following.text)
    )


def _ends_plain_text(lines: list[Line], index: int) -> bool:
    """A Markdown heading after a plain stretch: an ATX line between blank lines, then Markdown content
    (a fence, a list, a paragraph) rather than the plain text's indented answers and unfenced code.

    ``# 僵尸进程：`` directly over its answer stays a comment marker of the plain text.
    """
    found = heading_at(lines[index])
    if found is None or is_reference(found[1]):
        return False
    if (index > 0 and not lines[index - 1].blank) or (index + 1 < len(lines) and not lines[index + 1].blank):
        return False
    following = next((line for line in lines[index + 1 :] if not line.blank), None)
    if following is None or following.indent > 0 or heading_at(following) or is_reference(following.text):
        return False
    if fence_opening(following.text) is not None or LIST_MARKER.match(following.text):
        return True
    return not is_code_line(following.text) and not COMMENT_LINE.match(following.text)


def split_segments(lines: list[Line], collector: Collector) -> list[Segment]:
    segments: list[Segment] = [HeadingSection(0, "", None)]
    plain: list[Line] | None = None
    in_list = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if plain is not None:
            if not _ends_plain_text(lines, index):
                plain.append(line)
                index += 1
                continue
            segments.append(PlainStretch(plain))
            plain = None
        span = opaque_span(lines, index)
        if span is not None:
            if not span.closed:
                collector.warn(line, unclosed_span(span))
            _current(segments).body.extend(span.lines)
            index += len(span.lines)
            continue
        found = heading_at(line)
        if found is not None and in_list and line.indent >= MIN_ITEM_CONTENT_INDENT:
            found = None  # "   ### 哪些部分" indented under "6. 介绍……": a part of the item, not a heading
        level = _setext_level(lines, index) if found is None else found[0]
        if found is not None or level:
            title = found[1] if found is not None else line.stripped
            segments.append(HeadingSection(level, title, line))
            index += 1 if found is not None else 2
            in_list = False
            continue
        if _starts_plain_text(lines, index, in_list):
            plain = [line]
            index += 1
            continue
        if LIST_MARKER.match(line.text):
            in_list = True
        elif not line.blank and line.indent == 0:
            in_list = False
        _current(segments).body.append(line)
        index += 1
    if plain is not None:
        segments.append(PlainStretch(plain))
    return segments


def _current(segments: list[Segment]) -> HeadingSection:
    for segment in reversed(segments):
        if isinstance(segment, HeadingSection):
            return segment
    raise AssertionError("the first segment is always a heading section")
