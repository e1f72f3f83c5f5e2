"""Anki searches that select this deck's notes, for the learner to paste into Browse."""

from __future__ import annotations

from notes2anki.package.apkg import MODEL_NAME
from notes2anki.render.fields import FIELDS

ID_FIELD = FIELDS[5]  # "Id": the note's GUID, the field a search can name


def _quoted(term: str) -> str:
    """A search term in double quotes, Anki's special characters escaped."""
    escaped = "".join(f"\\{char}" if char in '\\"*_' else char for char in term)
    return f'"{escaped}"'


def notes_search(guids: tuple[str, ...]) -> str:
    """The search that finds exactly the notes with these GUIDs, of this tool's note type:
    ``"note:notes2anki Q/A" ("Id:n2a-1…" OR "Id:n2a-2…")``."""
    ids = " OR ".join(_quoted(f"{ID_FIELD}:{guid}") for guid in guids)
    return f"{_quoted(f'note:{MODEL_NAME}')} ({ids})"
