"""docs/syntax.md says what the tool does: each example note there makes the cards listed under it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from notes2anki.cli import main
from notes2anki.model import SourceFile
from notes2anki.parse import parse_file

SYNTAX = REPO / "docs" / "syntax.md"
# A note: a fence whose info string names its file ("```markdown note=python.md"), then a
# ```cards fence listing what it makes. Either fence may be longer than three backticks.
EXAMPLE = re.compile(
    r"^(?P<fence>`{3,})\w+ note=(?P<name>\S+)\n(?P<note>.*?)^(?P=fence)\n\s*^```cards\n(?P<cards>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)


def examples() -> list[tuple[str, str, str]]:
    return [(m["name"], m["note"], m["cards"]) for m in EXAMPLE.finditer(SYNTAX.read_text(encoding="utf-8"))]


def test_the_syntax_page_has_an_example_of_each_layout():
    names = [name for name, _, _ in examples()]
    assert names == ["python.md", "outline.md", "pairs.md", "quiz.md", "code.md", "python-basics.txt"]


@pytest.mark.parametrize(("name", "note", "cards"), examples(), ids=[name for name, _, _ in examples()])
def test_each_example_note_makes_the_cards_listed_under_it(tmp_path: Path, name, note, cards):
    parsed = parse_file(SourceFile(name, tmp_path / name, note, "utf-8", tmp_path))
    made = [f"card: {section.question} | {section.answer[0].text}" for section in parsed.sections] + [
        f"unanswered: {item.question}" for item in parsed.unanswered
    ]
    listed = cards.strip().splitlines()
    assert len(made) == len(listed), made
    for found, expected in zip(made, listed, strict=True):
        assert found.startswith(expected), (found, expected)


def test_the_readme_and_the_help_name_the_syntax_page():
    assert "[docs/syntax.md](docs/syntax.md)" in (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/syntax.md" in CliRunner().invoke(main, ["--help"]).output
