"""A written collection checked as Anki will read it, before its deck replaces the previous one.

Anki refuses a whole .apkg for one bad note ("note has 8 fields, expected 7"): a deck that would be
refused is never installed, and the previous one stays.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path

from notes2anki.errors import WriteError
from notes2anki.identity.lockfile import GUID_SHAPE
from notes2anki.model import Location
from notes2anki.render.fields import FIELD_SEPARATOR, FIELDS

REQUIRED_FIELD = 0  # the Question: Anki makes no card for a note whose first field is empty


class DeckCheckError(WriteError):
    """A deck Anki would refuse, or show a blank card from, was made: it is not installed."""


def check_collection(database: Path, model_id: int, places: Mapping[str, Location]) -> None:
    """Raise DeckCheckError naming the first note Anki would refuse in ``database`` (``places``: where
    each note's card comes from in the notes, by GUID). Notes are read one at a time: a large deck
    is never held twice."""
    connection = sqlite3.connect(database)
    try:
        shared = dict(
            connection.execute("SELECT guid, COUNT(*) FROM notes GROUP BY guid HAVING COUNT(*) > 1")
        )
        for guid, model, fields in connection.execute("SELECT guid, mid, flds FROM notes"):
            problem = _note_problem(guid, model, fields, model_id, shared.get(guid, 1))
            if problem:
                place = f"{places[guid]}: " if guid in places else ""
                raise DeckCheckError(
                    f"{place}the deck was not written: note {guid!r} {problem} (the previous deck stays)"
                )
    finally:
        connection.close()


def _note_problem(guid: str, model: int, fields: str, model_id: int, count: int) -> str | None:
    values = fields.split(FIELD_SEPARATOR)
    if len(values) != len(FIELDS):
        return f"has {len(values)} fields, the note type {len(FIELDS)}"
    if not values[REQUIRED_FIELD].strip():
        return f"has an empty {FIELDS[REQUIRED_FIELD]} field"
    if not GUID_SHAPE.match(guid):
        return "has a GUID Anki does not take (printable ASCII without spaces, at most 64 characters)"
    if count > 1:
        return f"has a GUID {count} notes share"
    if model != model_id:
        return f"is of note type {model}, not {model_id}"
    return None
