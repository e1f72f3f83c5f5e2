"""Images a card would load from the network (``![x](https://example.com/t.png)``): reported, and
kept, turned into links or dropped as notes2anki.toml says (``[cards] remote_images``).

A kept one loads on every review, tells its server when the card is studied, and is gone when the
server is. The choice applies to the card's HTML, whatever wrote the image, so the deck and the
preview (which shows the cards' fields) agree.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from notes2anki.config import REMOTE_IMAGE_CHOICES
from notes2anki.model import Diagnostic, Level, RenderedCard

KEEP, LINK, DROP = REMOTE_IMAGE_CHOICES
IMAGE_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
IMAGE_START = re.compile(r"<img\b", re.IGNORECASE)
SOURCE = re.compile(r"""\ssrc\s*=\s*"([^"]*)\"""", re.IGNORECASE)
ALT = re.compile(r"""\salt\s*=\s*"([^"]*)\"""", re.IGNORECASE)
# "https://example.com/t.png", "//example.com/t.png": a file fetched from elsewhere.
REMOTE_SOURCE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
WHAT_HAPPENS = {
    KEEP: "loaded from the network on every review",
    LINK: "shown as a link to it",
    DROP: "dropped from the card",
}


def _handled(piece: str, choice: str, found: list[str]) -> str:
    """The HTML piece with each remote image kept, linked or dropped; their addresses go to ``found``."""

    def handle(tag: re.Match[str]) -> str:
        source = SOURCE.search(tag[0])
        if source is None or not REMOTE_SOURCE.match(html.unescape(source[1])):
            return tag[0]
        found.append(html.unescape(source[1]))
        if choice == KEEP:
            return tag[0]
        if choice == DROP:
            return ""
        alt = ALT.search(tag[0])
        text = alt[1] if alt and alt[1].strip() else source[1]
        return f'<a class="remote-image" href="{source[1]}">{text}</a>'

    return IMAGE_TAG.sub(handle, piece)


def handle_remote_images(
    cards: tuple[RenderedCard, ...], choice: str | None
) -> tuple[tuple[RenderedCard, ...], tuple[Diagnostic, ...]]:
    """The cards with their remote images handled as ``choice`` says (None: not chosen, so linked),
    and a report of each one: a warning unless notes2anki.toml chose what to do with them."""
    handled, said = [], []
    chosen = choice or LINK
    level = Level.NOTE if choice else Level.WARNING
    advice = (
        "" if choice else "choose with remote_images under [cards] in notes2anki.toml: keep, link or drop; "
    )
    for rendered in cards:
        if not any(map(IMAGE_START.search, (*rendered.answer_pieces, *rendered.front_pieces))):
            handled.append(rendered)  # most cards show no image at all
            continue
        found: list[str] = []
        answer = tuple(_handled(piece, chosen, found) for piece in rendered.answer_pieces)
        front = tuple(_handled(piece, chosen, found) for piece in rendered.front_pieces)
        handled.append(replace(rendered, answer_pieces=answer, front_pieces=front) if found else rendered)
        said += [
            Diagnostic(
                f"remote image {url}: {WHAT_HAPPENS[chosen]} ({advice}or put the image beside the note)",
                rendered.card.location,
                level,
            )
            for url in dict.fromkeys(found)
        ]
    return tuple(handled), tuple(said)
