"""Stable GUIDs and per-note change times across builds."""

from __future__ import annotations

import os
import time

from .model import Note, RenderedCard
from .text import question_key, stable_hash


def build_time() -> int:
    """Now, or SOURCE_DATE_EPOCH for reproducible builds."""
    return int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))


def content_hash(rendered: RenderedCard) -> str:
    """What the learner reads on a note: question, answer and aliases."""
    return stable_hash([rendered.question_html, rendered.answer_html, rendered.aliases_html])


def guid_for(question: str) -> str:
    return "n2a-" + stable_hash(question_key(question), 20)


def assign_identity(cards: tuple[RenderedCard, ...]) -> tuple[Note, ...]:
    now = build_time()
    return tuple(
        Note(rendered=card, guid=guid_for(card.card.question), modified=now, content_hash=content_hash(card))
        for card in cards
    )
