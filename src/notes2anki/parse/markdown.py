"""Markdown notes: headings with their sections, fenced code, nested bullet outlines.

    #### 1、python的底层网络交互模块有哪些？
    ```python
    socket, socketserver()
    ```
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Block, BlockKind, Location, ParsedFile, Section, SourceFile, Unanswered
from ..text import LEADING_NUMBERING

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# CommonMark: a backtick fence's info string may not contain a backtick ("```x = 1```" is inline code).
FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})([^`]*)$")
NOT_CONTENT = re.compile(r"^\s*(\[TOC\]|<!--.*-->)?\s*$", re.IGNORECASE)


@dataclass
class _Heading:
    line: int  # 0-based
    level: int
    title: str
    body: list[str]


def clean_heading(title: str) -> str:
    title = LEADING_NUMBERING.sub("", title.strip()).strip()
    title = title.replace("**", "").strip()
    return re.sub(r"[：:]\s*$", "", title).strip()


def split_headings(lines: list[str]) -> tuple[list[str], list[_Heading]]:
    """Lines before the first heading, and each heading with its body (fences respected)."""
    preamble: list[str] = []
    headings: list[_Heading] = []
    fence: str | None = None
    for number, line in enumerate(lines):
        if fence is None:
            opened = FENCE_OPEN.match(line)
            match = HEADING.match(line)
            if opened:
                fence = opened.group(1)
            elif match:
                headings.append(_Heading(number, len(match.group(1)), match.group(2), []))
                continue
        elif line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
            fence = None
        (headings[-1].body if headings else preamble).append(line)
    return preamble, headings


def body_blocks(body: list[str]) -> tuple[Block, ...]:
    """Markdown stretches and fenced code blocks, in order."""
    blocks: list[Block] = []
    prose: list[str] = []
    code: list[str] | None = None
    fence, language = "", ""

    def flush_prose() -> None:
        text = "\n".join(line for line in prose if not NOT_CONTENT.match(line) or not line.strip()).strip("\n")
        if text.strip():
            blocks.append(Block(BlockKind.MARKDOWN, text))
        prose.clear()

    for line in body:
        if code is None:
            opened = FENCE_OPEN.match(line)
            if opened:
                flush_prose()
                code, fence, language = [], opened.group(1), opened.group(2).strip()
            else:
                prose.append(line)
        elif line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
            blocks.append(Block(BlockKind.CODE, "\n".join(code), language))
            code = None
        else:
            code.append(line)
    if code is not None:
        blocks.append(Block(BlockKind.CODE, "\n".join(code), language))
    flush_prose()
    return tuple(blocks)


def has_content(body: list[str]) -> bool:
    return any(not NOT_CONTENT.match(line) for line in body)


def parse_markdown(source: SourceFile, exclude_headings: tuple[str, ...] = ()) -> ParsedFile:
    lines = source.text.split("\n")
    _, headings = split_headings(lines)
    excluded = {title.casefold() for title in exclude_headings}
    sections: list[Section] = []
    unanswered: list[Unanswered] = []
    path: list[tuple[int, str]] = []  # (level, title) of the open grouping headings
    for index, heading in enumerate(headings):
        title = clean_heading(heading.title)
        while path and path[-1][0] >= heading.level:
            path.pop()
        if title.casefold() in excluded:
            continue
        location = Location(source.name, heading.line + 1)
        if has_content(heading.body):
            blocks = body_blocks(heading.body)
            if blocks:
                sections.append(Section(location, title, blocks, tuple(t for _, t in path)))
                continue
        following = headings[index + 1] if index + 1 < len(headings) else None
        if following is not None and following.level > heading.level:
            path.append((heading.level, title))
        else:
            unanswered.append(Unanswered(location, title))
    return ParsedFile(source, tuple(sections), tuple(unanswered))
