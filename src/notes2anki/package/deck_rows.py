"""The notes of the collection a deck was built with: an edit build writes the cards it kept as they
were there (pipeline.incremental), each row copied by SQLite from that collection into the new one
rather than made again.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from notes2anki.errors import WriteError
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
    if not collection.is_file():
        raise sqlite3.OperationalError(f"{collection}: no such collection")
    connection = sqlite3.connect(collection)  # a path, not a URI: a UNC path makes no URI SQLite takes
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


class KeptCollectionError(WriteError):
    """The collection an edit build copies its kept notes from changed while it ran."""

    def __init__(self, collection: Path, problem: str) -> None:
        super().__init__(
            f"{collection}: {problem}: the collection the last build left changed while this one ran "
            f"(build again: every card is made anew; the previous deck stays)"
        )
