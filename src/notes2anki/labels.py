"""Where a card's answers came from, as the card and the lock name them (no line numbers: they
shift on every edit)."""

from __future__ import annotations

import html

from .model import AnswerPart, Card


def source_label(card: Card, part: AnswerPart) -> str:
    """One answer's origin as 'file › heading › question'."""
    trail = list(card.context)
    if card.parent and card.parent not in trail:
        trail.append(card.parent)
    return " › ".join([part.location.source, *trail, part.question or card.question])


def answer_label(part: AnswerPart) -> str:
    """Which note one of several answers comes from, with its question where it was worded otherwise."""
    return f"{part.location.source} › {part.question}" if part.question else part.location.source


def source_html(card: Card) -> str:
    """The Source field: each answer's origin on a line of its own, each origin once."""
    labels = dict.fromkeys(source_label(card, part) for part in card.answers)
    return "<br>".join(html.escape(label) for label in labels)
