"""Parsing small notes written inline in tests."""

from __future__ import annotations

from pathlib import Path

from notes2anki.model import ParsedFile, Section, SourceFile
from notes2anki.parse import parse_file


def note(*lines: str) -> str:
    """A note's text from its lines (tabs and indentation exactly as given)."""
    return "\n".join(lines) + "\n"


def parse(
    text: str,
    name: str = "note.md",
    folder: Path | None = None,
    exclude: tuple[str, ...] = (),
    project: Path | None = None,
) -> ParsedFile:
    """``text`` parsed as the note ``name`` in ``folder``, read for the project in ``project``."""
    folder = folder or Path("/nonexistent-notes")
    return parse_file(SourceFile(name, folder / name, text, "utf-8", project), exclude)


def questions(parsed: ParsedFile) -> list[str]:
    return [section.question for section in parsed.sections]


def unanswered(parsed: ParsedFile) -> list[str]:
    return [item.question for item in parsed.unanswered]


def section(parsed: ParsedFile, question: str) -> Section:
    found = [s for s in parsed.sections if s.question == question]
    assert len(found) == 1, f"{question!r} in {questions(parsed)}"
    return found[0]


def answer(parsed: ParsedFile, question: str) -> str:
    return "\n".join(block.text for block in section(parsed, question).answer)


def kinds(parsed: ParsedFile, question: str) -> list[str]:
    return [block.kind.value for block in section(parsed, question).answer]


def warnings(parsed: ParsedFile) -> list[str]:
    return [str(d) for d in parsed.diagnostics if d.level.value == "warning"]
