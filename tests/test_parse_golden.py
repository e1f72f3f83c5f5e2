"""Golden files: each note in tests/fixtures/parse/ parses to exactly what its .expected.json says.

After a deliberate change, rewrite the expected files with NOTES2ANKI_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from parse_helpers import assert_nothing_lost

from notes2anki.model import ParsedFile, SourceFile
from notes2anki.parse import read_note

FIXTURES = Path(__file__).parent / "fixtures" / "parse"
NOTES = sorted(path for path in FIXTURES.iterdir() if path.suffix in (".md", ".txt"))
EXCLUDED = ("Study", "Getting started", "Project status")


def summary(parsed: ParsedFile) -> dict:
    return {
        "cards": [
            {
                "line": s.location.line,
                "question": s.question,
                **({"context": list(s.context)} if s.context else {}),
                **({"parent": s.parent} if s.parent else {}),
                **({"front": [[b.kind.value, b.text] for b in s.front]} if s.front else {}),
                "answer": [[b.kind.value, b.language, b.text] if b.language else [b.kind.value, b.text] for b in s.answer],
            }
            for s in parsed.sections
        ],
        "unanswered": [[u.location.line, u.question] for u in parsed.unanswered],
        "diagnostics": [str(d) for d in parsed.diagnostics],
    }


@pytest.mark.parametrize("path", NOTES, ids=[path.name for path in NOTES])
def test_note_parses_as_expected(path: Path):
    source = SourceFile(path.name, path, path.read_text(encoding="utf-8"), "utf-8")
    parsed, set_aside = read_note(source, EXCLUDED)
    assert_nothing_lost(source.text, parsed, EXCLUDED, set_aside)
    got = summary(parsed)
    expected_path = path.with_name(path.name + ".expected.json")
    if os.environ.get("NOTES2ANKI_UPDATE_GOLDEN"):
        expected_path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(expected_path.read_text(encoding="utf-8"))
