"""Fenced code blocks by the CommonMark rules, and the HTML blocks that hide lines the same way.

```python          opens (info string "python")
```x = 1```        is inline code, not a fence: a backtick fence's info string has no backtick
````               opens a fence that only four or more backticks close
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from notes2anki.model import Block, BlockKind
from notes2anki.parse.lines import Line, dedent, join, trim_blank

FENCE_OPEN = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
# As in CommonMark, indented by four or more it is code ("    <!-- an example"), not a comment.
COMMENT_OPEN = re.compile(r"^ {0,3}<!--")
COMMENT_CLOSE = "-->"
DETAILS_OPEN = re.compile(r"<details\b", re.IGNORECASE)
DETAILS_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class Fence:
    marker: str  # the run of backticks or tildes that opened it
    info: str  # the info string: a language, perhaps misspelled ("pyhton")

    @property
    def language(self) -> str:
        return self.info.split()[0] if self.info.split() else ""


def fence_opening(text: str) -> Fence | None:
    match = FENCE_OPEN.match(text)
    if not match:
        return None
    marker, info = match.group(1), match.group(2)
    if marker[0] == "`" and "`" in info:
        return None
    return Fence(marker, info.strip())


def closes(text: str, fence: Fence) -> bool:
    """A closing fence: the same character, at least as many, nothing else on the line."""
    stripped = text.strip()
    return stripped.startswith(fence.marker) and not stripped.strip(fence.marker[0])


@dataclass(frozen=True)
class Span:
    """Lines that belong together whatever they contain: a fence, an HTML comment, a <details> block."""

    kind: str  # "fence", "comment" or "details"
    lines: list[Line]
    fence: Fence | None = None
    closed: bool = True


def opaque_span(lines: list[Line], start: int) -> Span | None:
    """The fence, HTML comment or <details> block that starts at ``lines[start]``, if one does."""
    text = lines[start].text
    if "`" not in text and "~" not in text and "<" not in text:
        return None
    fence = fence_opening(text)
    if fence is not None:
        for end in range(start + 1, len(lines)):
            if closes(lines[end].text, fence):
                return Span("fence", lines[start : end + 1], fence)
        return Span("fence", lines[start:], fence, closed=False)
    if COMMENT_OPEN.match(text):
        return _until(
            lines, start, "comment", lambda t: COMMENT_CLOSE in t, first_offset=text.index("<!--") + 4
        )
    if DETAILS_OPEN.search(text):
        return _details(lines, start)
    return None


def _until(
    lines: list[Line], start: int, kind: str, is_end: Callable[[str], bool], first_offset: int = 0
) -> Span:
    if is_end(lines[start].text[first_offset:]):
        return Span(kind, lines[start : start + 1])
    for end in range(start + 1, len(lines)):
        if is_end(lines[end].text):
            return Span(kind, lines[start : end + 1])
    return Span(kind, lines[start:], closed=False)


def _details(lines: list[Line], start: int) -> Span:
    """A <details> block up to its matching </details>, nested ones included."""
    depth = 0
    for end in range(start, len(lines)):
        text = lines[end].text
        depth += len(DETAILS_OPEN.findall(text)) - len(DETAILS_CLOSE.findall(text))
        if depth <= 0:
            return Span("details", lines[start : end + 1])
    return Span("details", lines[start:], closed=False)


def fenced_code(span: Span) -> list[Block]:
    """The code block of a fence, keeping its language as written; nothing for an empty fence."""
    inner = span.lines[1:-1] if span.closed else span.lines[1:]
    code = join(dedent(trim_blank(inner)))
    return [Block(BlockKind.CODE, code, span.fence.language if span.fence else "")] if code.strip() else []


def pieces(lines: list[Line], kind: str) -> Iterator[Span | list[Line]]:
    """The lines in order: each span of ``kind`` on its own, the lines between them as runs."""
    run: list[Line] = []
    index = 0
    while index < len(lines):
        span = opaque_span(lines, index)
        if span is not None and span.kind == kind:
            if run:
                yield run
                run = []
            yield span
            index += len(span.lines)
        else:
            chunk = span.lines if span is not None else [lines[index]]
            run.extend(chunk)
            index += len(chunk)
    if run:
        yield run


def unclosed_span(span: Span) -> str:
    """The warning for a fence, comment or <details> block that runs to the end of the file."""
    if span.kind == "comment":
        return "HTML comment <!-- is never closed (the rest of the file is hidden from the deck; close it with -->)"
    if span.kind == "details":
        return (
            "<details> is never closed (the rest of the file is read as its answer; close it with </details>)"
        )
    marker = span.fence.marker if span.fence else "```"
    return (
        f"code fence {marker} is never closed (the answer ends at the end of the file; add the closing fence)"
    )


def open_indexes(lines: list[Line]) -> Iterator[int]:
    """The index of each line outside code fences and HTML comments, in order."""
    index = 0
    while index < len(lines):
        span = opaque_span(lines, index)
        if span is not None:
            index += len(span.lines)
            continue
        yield index
        index += 1
