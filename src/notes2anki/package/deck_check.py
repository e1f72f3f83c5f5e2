"""Every note checked as Anki will read it, as it goes into the collection: a deck Anki would refuse
whole ("note has 8 fields, expected 7") is never made, and the previous one stays.
"""

from __future__ import annotations

from collections.abc import Mapping

from notes2anki.errors import WriteError
from notes2anki.identity.lockfile import GUID_SHAPE
from notes2anki.model import Location
from notes2anki.note_type_names import FIELDS
from notes2anki.render.fields import FIELD_SEPARATOR

REQUIRED_FIELD = 0  # the Question: Anki makes no card for a note whose first field is empty


class DeckCheckError(WriteError):
    """A deck Anki would refuse, or show a blank card from, was being made: it is not installed."""


class DeckChecker:
    """Checks the notes of one collection as they are written: field count, a non-empty Question,
    GUID shape and uniqueness, note type."""

    def __init__(self, field_counts: Mapping[int, int]) -> None:
        """``field_counts``: how many fields each note type of the deck has, by its id."""
        self.field_counts = field_counts
        self.guids: set[str] = set()

    def checked(self, guid: str, model: int, fields: str, place: Location) -> str:
        """``fields`` (a note's fields, joined as Anki stores them), or DeckCheckError naming the note."""
        self._admit(guid, self._problem(guid, model, fields), place)
        return fields

    def kept(self, guid: str, place: Location) -> None:
        """A note kept as a deck this checker passed holds it: only its GUID is new to this deck."""
        self._admit(guid, self._repeated(guid), place)

    def _admit(self, guid: str, problem: str | None, place: Location) -> None:
        if problem:
            raise DeckCheckError(
                f"{place}: the deck was not written: note {guid!r} {problem} (the previous deck stays)"
            )
        self.guids.add(guid)

    def _problem(self, guid: str, model: int, fields: str) -> str | None:
        expected = self.field_counts.get(model)
        if expected is None:
            return (
                f"is of note type {model}, not one of this deck's ({', '.join(map(str, self.field_counts))})"
            )
        separators = fields.count(FIELD_SEPARATOR)
        if separators != expected - 1:
            return f"has {separators + 1} fields, the note type {expected}"
        if not fields[: fields.index(FIELD_SEPARATOR)].strip():
            return f"has an empty {FIELDS[REQUIRED_FIELD]} field"
        if not GUID_SHAPE.match(guid):
            return "has a GUID Anki does not take (printable ASCII without spaces, at most 64 characters)"
        return self._repeated(guid)

    def _repeated(self, guid: str) -> str | None:
        return "has a GUID another note has too" if guid in self.guids else None
