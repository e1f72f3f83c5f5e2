"""The notes an .apkg holds, read from its collection as Anki reads them: fields split on U+001F."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

from notes2anki.note_type_names import FIELDS


def deck_notes(apkg: Path, scratch: Path) -> list[dict[str, str]]:
    """Each note's fields by name, and its GUID as "guid"; a note with another field count fails."""
    with zipfile.ZipFile(apkg) as archive:
        archive.extract("collection.anki2", scratch)
    connection = sqlite3.connect(scratch / "collection.anki2")
    try:
        rows = connection.execute("SELECT guid, flds FROM notes ORDER BY id").fetchall()
    finally:
        connection.close()
    notes = []
    for guid, fields in rows:
        values = fields.split("\x1f")
        assert len(values) == len(FIELDS), f"note {guid} has {len(values)} fields, expected {len(FIELDS)}"
        notes.append({"guid": guid, **dict(zip(FIELDS, values, strict=True))})
    return notes
