"""The note fields made from a card alone (its question, other wordings and where its answers came
from), and the labels naming an answer's origin (no line numbers: they shift on every edit)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notes2anki.model import AnswerPart, Card

# The note type's fields. The list is a contract with every collection that imported a release:
# never change it.
FIELDS = ("Question", "Answer", "Aliases", "Source", "Topic", "Id", "Extra")


def question_html(card: Card, front_html: str) -> str:
    """The parent heading reads as part of the question ("parent › question") but in a quieter tone;
    a quiz's code or options (``front_html``) stand under it."""
    parent = f'<span class="question-parent">{html.escape(card.parent)} › </span>' if card.parent else ""
    question = f'<div class="question">{parent}{html.escape(card.question)}</div>'
    return question + f'<div class="question-extra">{front_html}</div>' if card.front else question


def aliases_html(card: Card) -> str:
    if not card.aliases:
        return ""
    return "<ul>" + "".join(f"<li>{html.escape(alias)}</li>" for alias in card.aliases) + "</ul>"


def source_label(card: Card, part: AnswerPart) -> str:
    """One answer's origin as 'file › heading › question', with the headings it sits under there."""
    trail = list(part.context)
    if part.parent and part.parent not in trail:
        trail.append(part.parent)
    return " › ".join([part.location.source, *trail, part.question or card.question])


def answer_label(part: AnswerPart) -> str:
    """Which note one of several answers comes from, with its question where it was worded otherwise."""
    return f"{part.location.source} › {part.question}" if part.question else part.location.source


def source_html(card: Card) -> str:
    """The Source field: each answer's origin on a line of its own, each origin once."""
    labels = dict.fromkeys(source_label(card, part) for part in card.answers)
    return "<br>".join(html.escape(label) for label in labels)
