"""The notes of the collection a deck was built with: an edit build writes the cards it kept as they
were there (pipeline.incremental), each row copied by SQLite from that collection into the new one
rather than made again.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from notes2anki.model import CardKind, record
from notes2anki.note_type_names import MODEL_ID
from notes2anki.package.note_types import model_id_of

KIND_OF_MODEL = {model_id_of(kind, MODEL_ID): kind for kind in CardKind}


@record
class StoredNote:
    """A note of a collection, its GUID aside: its row's id there (the row is copied by it), its kind,
    when it last changed and its cards' ordinals."""

    row: int
    kind: CardKind
    modified: int
    ordinals: tuple[int, ...]


def stored_notes(collection: Path) -> dict[str, StoredNote]:
    """The notes of the collection database at ``collection`` (as write_apkg keeps it) by GUID;
    sqlite3.Error or KeyError when it cannot be read as one."""
    connection = open_read_only(collection)
    try:
        ordinals: dict[int, list[int]] = {}
        for note_id, ordinal in connection.execute("SELECT nid, ord FROM cards ORDER BY nid, ord"):
            ordinals.setdefault(note_id, []).append(ordinal)
        rows = connection.execute("SELECT id, guid, mid, mod FROM notes")
        return {
            guid: StoredNote(note_id, KIND_OF_MODEL[model], modified, tuple(ordinals[note_id]))
            for note_id, guid, model, modified in rows
        }
    finally:
        connection.close()


def read_only_uri(collection: Path) -> str:
    """The URI SQLite opens ``collection`` by, for reading only."""
    return f"{collection.resolve().as_uri()}?mode=ro"


def open_read_only(collection: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(collection), uri=True)
