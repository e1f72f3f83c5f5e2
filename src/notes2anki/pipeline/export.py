"""The cards as JSON: the interface score.py and other tools read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from notes2anki.config import Config
from notes2anki.errors import UsageError
from notes2anki.pipeline.cache import CACHE_FOLDER
from notes2anki.pipeline.result import BuildResult
from notes2anki.read.discover import NOTE_SUFFIXES, discover, glob_base
from notes2anki.render.fields import answer_text


def export_data(result: BuildResult) -> dict[str, Any]:
    """The JSON export: the interface score.py and other tools read. Keep it stable."""
    cards = [
        {
            "question": note.rendered.card.display_question,
            "answer_text": answer_text(note.rendered),
            "answer_html": note.rendered.answer_html,
            "aliases": list(note.rendered.card.aliases),
            "topic": note.rendered.card.topic,
            "tags": list(note.rendered.card.tags),
            "guid": note.guid,
            "source": note.rendered.card.location.source,
            "line": note.rendered.card.location.line,
            "sources": [str(location) for location in note.rendered.card.locations],
        }
        for note in result.notes
    ]
    unanswered = [
        {"source": item.location.source, "line": item.location.line, "question": item.question}
        for item in result.unanswered
    ]
    return {"cards": cards, "unanswered": unanswered}


def _read_as_notes(config: Config, target: Path) -> bool:
    """Whether a file at ``target`` would be one of the notes: a notes suffix in a notes glob's folder."""
    if target.suffix.lower() not in NOTE_SUFFIXES:
        return False
    return any(glob_base(config.root, pattern).resolve() in target.parents for pattern in config.sources)


def refuse_project_file(config: Config, path: Path) -> None:
    """Stop (UsageError) before a JSON export replaces the project's own files: its notes,
    configuration, lock, changelog, a deck or its checksum, the build cache."""
    own = {config.path: "configuration", config.lock_path: "lock", config.changelog_path: "changelog"}
    own |= dict.fromkeys(discover(config.root, config.sources).values(), "notes")
    target = path.resolve()
    what = {file.resolve(): kind for file, kind in own.items()}.get(target)
    if path.name.endswith((".apkg", ".apkg.sha256")):
        what = "deck" if path.name.endswith(".apkg") else "deck checksum"
    if (config.root / CACHE_FOLDER).resolve() in target.parents:
        what = "build cache"
    if what:
        raise UsageError(f"{path} is this project's {what}: export would replace it (choose another file)")
    if _read_as_notes(config, target):
        raise UsageError(
            f"{path} is in this project's notes: the next build would read the export as a note "
            "(choose a file outside the notes folders, or one ending in .json)"
        )
