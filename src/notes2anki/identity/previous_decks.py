"""What the decks built before gave Anki: each note's content and modification time, by GUID.

Anki takes a note from an import only when its modification time is newer than its own copy's.
The lock says when each card last changed, but a lock put back by version control (a revert, the
checkout of an older commit) can say a time older than a deck built since, and that deck's content
would then stay in Anki. So when the lock is not the one the last build wrote, the decks in the
output folder are read, and a card whose content differs from what they gave out gets a time
newer than theirs (identity.assign_identity). When the lock is gone, they stand in for it.
"""

from __future__ import annotations

import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from notes2anki.hashing import stable_hash
from notes2anki.identity.lockfile import Lock, LockEntry
from notes2anki.identity.similarity import answer_sketch
from notes2anki.model import record
from notes2anki.note_type_names import FIELDS
from notes2anki.render.fields import first_line_text, html_to_text
from notes2anki.text_forms import answer_key, question_key


@record
class GivenOut:
    content: str  # identity.content_hash of the note as that deck had it
    modified: int
    question_html: str
    answer_html: str
    topic: str


def content_hash_of_fields(question_html: str, answer_html: str, aliases_html: str) -> str:
    """What the learner reads on a note (question, answer, aliases), as the lock records it."""
    return stable_hash([question_html, answer_html, aliases_html])


def deck_files(folder: Path, slug: str) -> list[Path]:
    """The decks of this project in ``folder``: releases and working builds, ``<slug>-<version>.apkg``."""
    prefix = slug + "-"
    return sorted(
        path
        for path in folder.glob(f"{prefix}*.apkg")
        if path.name[len(prefix) : len(prefix) + 1].isdigit() and path.is_file()
    )


def given_out(decks: Iterable[Path], model_id: int) -> dict[str, GivenOut]:
    """For each GUID, the newest content and time the ``decks`` gave out in the note type
    ``model_id``; a deck that cannot be read (damaged, not an .apkg) is passed over."""
    newest: dict[str, GivenOut] = {}
    for deck in decks:
        try:
            notes = _notes(deck, model_id)
        except (OSError, KeyError, zipfile.BadZipFile, sqlite3.Error):
            continue
        for guid, modified, fields in notes:
            parts = fields.split("\x1f")
            if len(parts) >= len(FIELDS) and (guid not in newest or modified > newest[guid].modified):
                field = dict(zip(FIELDS, parts, strict=False))
                content = content_hash_of_fields(field["Question"], field["Answer"], field["Aliases"])
                newest[guid] = GivenOut(content, modified, field["Question"], field["Answer"], field["Topic"])
    return newest


def lock_of_decks(given: Mapping[str, GivenOut]) -> Lock:
    """A lock made from what the decks gave out, for a lock that was lost: each card keeps its GUID
    and time, found by its question or, reworded since, by question and answer alike."""
    entries = []
    for guid, note in given.items():
        question = first_line_text(note.question_html)
        sketch = answer_sketch(answer_key(html_to_text(note.answer_html)))
        entries.append(
            LockEntry(
                guid, question_key(question), question, note.content, sketch, note.modified, "", note.topic
            )
        )
    return Lock(entries=tuple(entries)).sorted()


def _notes(deck: Path, model_id: int) -> list[tuple[str, int, str]]:
    with tempfile.TemporaryDirectory(prefix="notes2anki-") as scratch:
        with zipfile.ZipFile(deck) as archive:
            database = archive.extract("collection.anki2", scratch)
        connection = sqlite3.connect(database)
        try:
            return connection.execute(
                "SELECT guid, mod, flds FROM notes WHERE mid = ?", (model_id,)
            ).fetchall()
        finally:
            connection.close()
