"""A small project of notes under notes/ for the hostile-input tests, and the command line run on it."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from notes2anki.cli import main

CONFIG = """\
[deck]
name = "{name}"
version = "0.1.0"
sources = ["notes/*"]

[[topics]]
name = "Python"
signals = ["python"]
{extra}"""


def write_notes_project(
    root: Path, notes: dict[str | bytes, str], name: str = "Notes", extra: str = ""
) -> Path:
    """notes2anki.toml for the deck ``name`` (with ``extra`` lines) and ``notes`` under notes/."""
    (root / "notes").mkdir(parents=True)
    (root / "notes2anki.toml").write_text(CONFIG.format(name=name, extra=extra), "utf-8")
    for file_name, text in notes.items():
        (root / "notes" / (os.fsdecode(file_name) if isinstance(file_name, bytes) else file_name)).write_text(
            text, "utf-8"
        )
    return root


def run(root: Path, *args: str):
    """The command line on the project at ``root``: never a traceback."""
    outcome = CliRunner().invoke(
        main, ["--config", str(root / "notes2anki.toml"), *args], env={"SOURCE_DATE_EPOCH": "1700000000"}
    )
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), repr(outcome.exception)
    return outcome
