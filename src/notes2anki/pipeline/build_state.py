"""What an edit build needs of the build before it, kept in build/.cache/state.

For each notes file: its cache key, the GUID of the card each of its sections went to, and what it
said (unanswered questions, warnings). For each card, in the build's order: its GUID, where its
first section is, its topic and images. The duplicates reported, and the index of every section's
meeting points (dedupe.meeting_points). Small: no card's text is in it; the deck holds that.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from notes2anki.config import Config
from notes2anki.model import Diagnostic, Duplicate, Location, Note, Unanswered, record
from notes2anki.runtime.files import regular_file_sha256

if TYPE_CHECKING:  # a build with nothing to do reads no state and loads no stage
    from notes2anki.dedupe.meeting_points import MeetingIndex


@record
class FileState:
    name: str
    key: str  # the file's cache key (pipeline.cache.file_key) when it was built
    cards: tuple[str, ...]  # the GUID of the card each section went to, in section order
    unanswered: tuple[Unanswered, ...]
    diagnostics: tuple[Diagnostic, ...]  # the file's own, before any was acknowledged


@record
class CardState:
    guid: str
    location: Location  # the card's first section
    section: int  # that section's position among its file's sections: with the file, the card's place
    topic: str
    media: tuple[Path, ...]
    chosen: str  # the topic its own evidence chose ("" for none: it took its neighbour's)
    deck: str  # the subdeck its note chose ("" for none)


@record
class BuildState:
    files: tuple[FileState, ...]  # in the order the build read them
    cards: tuple[CardState, ...]  # in the build's order of cards (by where their first section is)
    duplicates: tuple[Duplicate, ...]
    points: MeetingIndex  # every section's meeting points


def settings_scope(config: Config, deck: Path) -> str:
    """A digest of what every card depends on besides its notes file: the settings the build ran
    with (as loaded, not as the file is now: a save during a build is the next build's), and the
    deck and lock as the last build wrote them (their bytes and times: any other deck, a release,
    a lock put back by version control, starts from nothing)."""
    parts = [repr(config).encode("utf-8", "surrogatepass"), str(deck).encode("utf-8", "surrogatepass")]
    try:
        parts.append(regular_file_sha256(config.lock_path))
    except OSError:
        parts.append(b"missing")
    try:
        stat = deck.stat()
    except OSError:
        return ""
    parts.append(f"{stat.st_size} {stat.st_mtime_ns}".encode())
    return hashlib.sha256(b"\x00".join(parts)).hexdigest()


def card_states(
    notes: Sequence[Note], chosen: Sequence[str], sections_of_files: dict[str, list[Location]]
) -> tuple[CardState, ...] | None:
    """Each note's CardState, in their order (``chosen``: each one's topic from its own evidence);
    None when a section's place is not its own (two at one line of a file), so that no section can
    be told from another by it."""
    position = {
        location: index
        for locations in sections_of_files.values()
        for index, location in enumerate(locations)
    }
    if len(position) != sum(map(len, sections_of_files.values())):
        return None
    states = []
    for note, own in zip(notes, chosen, strict=True):
        card = note.rendered.card
        index = position.get(card.location)
        if index is None:
            return None
        states.append(CardState(note.guid, card.location, index, card.topic, card.media, own, card.deck))
    return tuple(states)


def section_cards(notes: Iterable[Note]) -> dict[Location, str]:
    """The GUID of the card each section went to, by the section's place."""
    return {location: note.guid for note in notes for location in note.rendered.card.locations}
