"""A note's YAML front matter as a question: quiz repositories keep one question per file.

    ---
    title: "What does a load balancer do?"       the question (a card at this line)
    tags: [networking]
    ---
    It spreads requests over several servers.    its answer: the note's body, which has no heading

A note with headings of its own keeps them as its questions; its title is only a name then.
"""

from __future__ import annotations

import re

from notes2anki.parse.fences import opaque_span
from notes2anki.parse.lines import Line
from notes2anki.parse.segments import heading_at

# "title: What is a monad?", "title: 'A title'": a top-level key and its value on one line.
FRONT_MATTER_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


def front_matter_value(front_matter: list[Line], key: str) -> tuple[Line, str] | None:
    """The line of a top-level ``key`` and its value, quotes removed; None when it has none."""
    for line in front_matter:
        match = FRONT_MATTER_KEY.match(line.text)
        if match and match.group(1).lower() == key:
            value = match.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            return (line, value) if value.strip() else None
    return None


def has_heading(lines: list[Line]) -> bool:
    """A Markdown heading outside code fences."""
    index = 0
    while index < len(lines):
        span = opaque_span(lines, index)
        if span is not None:
            index += len(span.lines)
            continue
        if heading_at(lines[index]) is not None:
            return True
        index += 1
    return False


def with_title_heading(front_matter: list[Line], body: list[Line]) -> list[Line]:
    """The body under its front matter title as a heading, when it has a title and no heading."""
    found = front_matter_value(front_matter, "title")
    if found is None or has_heading(body) or all(line.blank for line in body):
        return body
    line, title = found
    return [line.with_text(f"# {title}"), *body]
