"""A note's YAML front matter as a question: quiz repositories keep one question per file.

    ---
    title: "What does a load balancer do?"       the question (a card at this line)
    tags: [networking]
    ---
    It spreads requests over several servers.    its answer: the note's body, which has no heading

A note with headings of its own keeps them as its questions; its title is only a name then.
Its "tags:" are added to every card of the note, and "deck:" (or "topic:") names the subdeck the
cards go to, before any configured topic: "deck: Networking/DNS" files them under "Networking::DNS".
"""

from __future__ import annotations

import re
from dataclasses import replace

from notes2anki.parse.collect import Collector
from notes2anki.parse.fences import open_indexes
from notes2anki.parse.flashcards import FRONT_MATTER_TAG, flashcards_deck
from notes2anki.parse.lines import Line
from notes2anki.parse.segments import heading_at

# "title: What is a monad?", "title: 'A title'": a top-level key and its value on one line.
FRONT_MATTER_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


# A list item of a block-style YAML list: "  - networking".
LIST_ITEM = re.compile(r"^\s+-\s+(.*?)\s*$")
# Where a flow list's items part: "[a, b]", "a, b", "a b".
ITEM_SEPARATORS = re.compile(r"[,\s]+")
# The keys that choose a note's subdeck, the first found winning.
DECK_KEYS = ("deck", "topic")


def front_matter_list(front_matter: list[Line], key: str) -> list[str]:
    """A top-level ``key``'s items: "tags: [a, b]", "tags: a, b" or "tags:" over "  - a" lines."""
    for index, line in enumerate(front_matter):
        match = FRONT_MATTER_KEY.match(line.text)
        if not match or match.group(1).lower() != key:
            continue
        items = [item.strip("\"'") for item in ITEM_SEPARATORS.split(match.group(2).strip("[] ")) if item]
        for below in front_matter[index + 1 :]:
            item = LIST_ITEM.match(below.text)
            if item is None:
                break
            items.append(item.group(1).strip("\"'"))
        return [item for item in items if item]
    return []


def front_matter_deck(front_matter: list[Line]) -> str:
    """The subdeck the front matter chooses ("Networking/DNS" -> "Networking::DNS"); "" for none."""
    for key in DECK_KEYS:
        found = front_matter_value(front_matter, key)
        if found is not None:
            return subdeck_name(found[1])
    return ""


def subdeck_name(path: str) -> str:
    """A deck path written with "/" or "::" as Anki's "A::B"."""
    return "::".join(part.strip() for part in re.split(r"/|::", path) if part.strip())


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
    return any(heading_at(lines[index]) is not None for index in open_indexes(lines))


def with_title_heading(front_matter: list[Line], body: list[Line]) -> list[Line]:
    """The body under its front matter title as a heading, when it has a title and no heading."""
    found = front_matter_value(front_matter, "title")
    if found is None or has_heading(body) or all(line.blank for line in body):
        return body
    line, title = found
    return [line.with_text(f"# {title}"), *body]


def label_sections(collector: Collector, front_matter: list[Line], flashcards_body: list[Line]) -> None:
    """Give the note's sections its front matter tags and the subdeck it chooses (front matter
    first, then the #flashcards tag of ``flashcards_body``, the text of a note tagged so)."""
    tags = [tag for tag in front_matter_list(front_matter, "tags") if not FRONT_MATTER_TAG.fullmatch(tag)]
    deck = front_matter_deck(front_matter)
    if not deck and flashcards_body:
        deck = subdeck_name(flashcards_deck(flashcards_body, front_matter))
    if tags or deck:
        collector.sections[:] = [
            replace(section, labels=tuple(tags), deck=deck) for section in collector.sections
        ]
