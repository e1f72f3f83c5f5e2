"""A tiny notes2anki project for tests: one topic, the notes under sources/, nothing else."""

from __future__ import annotations

from pathlib import Path

CONFIG = """\
[deck]
name = "Small Deck"
version = "0.1.0"
sources = ["{sources}"]

[[topics]]
name = "Python"
signals = ["python", "GIL"]
"""
DECK_FILE = "small-deck-0.1.0.apkg"


def write_project(root: Path, files: dict[str, str | bytes], sources: str = "sources/*") -> Path:
    """The project's notes2anki.toml, with ``files`` (name -> text or bytes) under sources/."""
    (root / "sources").mkdir(parents=True, exist_ok=True)
    config = root / "notes2anki.toml"
    config.write_text(CONFIG.format(sources=sources), encoding="utf-8")
    for name, content in files.items():
        path = root / "sources" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return config
