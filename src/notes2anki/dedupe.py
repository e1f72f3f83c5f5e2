"""Sections -> Cards: one card per question, however often the notes repeat it."""

from __future__ import annotations

from dataclasses import dataclass

from .model import AnswerPart, Card, Duplicate, DuplicateKind, Section
from .text import answer_key, question_key


@dataclass(frozen=True)
class DedupeResult:
    cards: tuple[Card, ...]
    duplicates: tuple[Duplicate, ...]


def section_answer_key(section: Section) -> str:
    return answer_key("\n".join(block.text for block in section.answer))


def merge_duplicates(sections: list[Section], similarity: float = 0.9, merge: bool = True) -> DedupeResult:
    """Group sections by their question; drop repeats, merge different answers in source order."""
    groups: dict[str, list[Section]] = {}
    for section in sections:
        key = question_key(section.question) + "\x00" + "".join(b.text for b in section.front)
        groups.setdefault(key, []).append(section)
    cards, duplicates = [], []
    for group in groups.values():
        first = group[0]
        parts = [AnswerPart(first.location, first.answer)]
        seen = {section_answer_key(first)}
        locations = [first.location]
        for other in group[1:]:
            locations.append(other.location)
            key = section_answer_key(other)
            if key in seen or not merge:
                duplicates.append(Duplicate(DuplicateKind.SAME_SECTION, first.location, other.location, first.question))
                continue
            seen.add(key)
            parts.append(AnswerPart(other.location, other.answer))
            duplicates.append(Duplicate(DuplicateKind.SAME_QUESTION, first.location, other.location, first.question))
        cards.append(
            Card(
                question=first.question,
                answers=tuple(parts),
                locations=tuple(locations),
                context=first.context,
                front=first.front,
                parent=first.parent,
            )
        )
    return DedupeResult(tuple(cards), tuple(duplicates))
