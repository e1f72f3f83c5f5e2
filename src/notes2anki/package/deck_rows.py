"""The notes a deck built before holds, as the collection stores them: an edit build writes the cards
it kept as they were from there (pipeline.incremental), rather than making each one again.
"""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

from notes2anki.model import CardKind, record
from notes2anki.note_type_names import MODEL_ID
from notes2anki.package.note_types import model_id_of

KIND_OF_MODEL = {model_id_of(kind, MODEL_ID): kind for kind in CardKind}


@record
class StoredNote:
    """A note of a deck's collection, its GUID aside: what its row in the notes table says, and its
    cards' ordinals."""

    kind: CardKind
    modified: int
    tags: str
    fields: str
    sort_field: str
    ordinals: tuple[int, ...]


def stored_notes(deck: Path) -> dict[str, StoredNote]:
    """The notes of the .apkg at ``deck`` by GUID, their cards' ordinals in order; OSError,
    KeyError, zipfile.BadZipFile or sqlite3.Error when it cannot be read as one."""
    with zipfile.ZipFile(deck) as archive:
        collection = archive.read("collection.anki2")
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(collection)
        ordinals: dict[int, list[int]] = {}
        for note_id, ordinal in connection.execute("SELECT nid, ord FROM cards ORDER BY nid, ord"):
            ordinals.setdefault(note_id, []).append(ordinal)
        rows = connection.execute("SELECT id, guid, mid, mod, tags, flds, sfld FROM notes")
        return {
            guid: StoredNote(
                KIND_OF_MODEL[model], modified, tags, fields, sort_field, tuple(ordinals[note_id])
            )
            for note_id, guid, model, modified, tags, fields, sort_field in rows
        }
    finally:
        connection.close()
