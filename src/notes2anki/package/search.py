"""Anki searches that select this deck's notes, for the learner to paste into Browse."""

from __future__ import annotations

from notes2anki.model import CardKind
from notes2anki.note_type_names import (
    CLOZE_MODEL_NAME,
    FIELDS,
    KIND_GUID_PREFIXES,
    MODEL_NAME,
    REVERSED_MODEL_NAME,
)

ID_FIELD = FIELDS[5]  # "Id": the note's GUID, the field a search can name (the cloze type has it too)
KIND_MODEL_NAMES = {CardKind.REVERSED: REVERSED_MODEL_NAME, CardKind.CLOZE: CLOZE_MODEL_NAME}


def _quoted(term: str) -> str:
    """A search term in double quotes, Anki's special characters escaped."""
    escaped = "".join(f"\\{char}" if char in '\\"*_' else char for char in term)
    return f'"{escaped}"'


def notes_search(guids: tuple[str, ...]) -> str:
    """The search that finds exactly the notes with these GUIDs, of this tool's note types:
    ``"note:notes2anki Q/A" ("Id:n2a-1…" OR "Id:n2a-2…")``, and with a cloze among them
    ``("note:notes2anki Q/A" OR "note:notes2anki Cloze") (…)``."""
    ids = " OR ".join(_quoted(f"{ID_FIELD}:{guid}") for guid in guids)
    names = dict.fromkeys(_model_name(guid) for guid in guids) or {MODEL_NAME: None}
    types = " OR ".join(_quoted(f"note:{name}") for name in names)
    return f"{types if len(names) == 1 else f'({types})'} ({ids})"


def _model_name(guid: str) -> str:
    """The note type of a note of this tool, told by its GUID's prefix."""
    kind = next((kind for kind, prefix in KIND_GUID_PREFIXES.items() if guid.startswith(prefix)), None)
    return KIND_MODEL_NAMES[kind] if kind else MODEL_NAME
