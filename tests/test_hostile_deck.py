"""A deck Anki would refuse is never made, and never replaces the last good one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from deck_rows import deck_notes

from notes2anki.cli import main

CONFIG = """\
[deck]
name = "Checked"
version = "0.1.0"
sources = ["notes/*"]

[[topics]]
name = "{topic}"
signals = ["python"]
"""
DECK = Path("build") / "checked-0.1.0.apkg"


def project(root: Path, notes: dict[str, str], topic: str = "Python") -> Path:
    (root / "notes").mkdir(parents=True)
    (root / "notes2anki.toml").write_text(CONFIG.format(topic=topic), "utf-8")
    for name, text in notes.items():
        (root / "notes" / name).write_text(text, "utf-8")
    return root


def run(root: Path, *args: str, epoch: int = 1_700_000_000):
    return CliRunner().invoke(
        main, ["--config", str(root / "notes2anki.toml"), *args], env={"SOURCE_DATE_EPOCH": str(epoch)}
    )


def test_field_separators_in_notes_and_file_names_are_removed_with_a_warning(tmp_path):
    root = project(
        tmp_path / "project",
        {
            "a.md": "# Python\n\n### What is\x1f python?\n\nA lang\x1fuage.\n",
            "b\x1fc.md": "### Why python?\n\nIt reads well.\n",
        },
    )
    outcome = run(root, "build")
    assert outcome.exit_code == 0, outcome.output
    assert "a.md:3: U+001F characters (Anki's field separator) on lines 3, 5 removed" in outcome.output
    assert "b\x1fc.md:1: the file name holds the control character U+001F" in outcome.output
    notes = deck_notes(root / DECK, tmp_path)  # fails on a note whose field count is wrong
    assert sorted(note["Question"].count("python") for note in notes) == [1, 1]
    assert all("\x1f" not in value for note in notes for value in note.values())


def test_a_control_character_in_a_topic_name_is_refused(tmp_path):
    root = project(
        tmp_path / "project", {"a.md": "### What is python?\n\nA language.\n"}, topic="Py\\u001fthon"
    )
    outcome = run(root, "build")
    assert outcome.exit_code == 2
    assert "topics[1].name holds the control character U+001F (remove it)" in outcome.output


def test_a_lock_guid_anki_would_refuse_is_a_lock_error_and_the_last_deck_stays(tmp_path):
    root = project(tmp_path / "project", {"a.md": "### What is python?\n\nA language.\n"})
    assert run(root, "build").exit_code == 0
    good = (root / DECK).read_bytes()
    text = (root / "notes2anki.lock").read_text("utf-8")
    [guid] = [note["guid"] for note in json.loads(text)["notes"]]
    (root / "notes2anki.lock").write_text(text.replace(guid, "bad guid\\u001f"), "utf-8")
    (root / "notes" / "a.md").write_text("### What is python?\n\nA language, edited.\n", "utf-8")
    outcome = run(root, "build", epoch=1_700_000_100)
    assert outcome.exit_code == 1, outcome.output
    assert (
        "notes2anki.lock:7: a note entry is malformed (ValueError: the guid 'bad guid\\x1f' is not one Anki takes"
        in outcome.output
    )
    assert (root / DECK).read_bytes() == good


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("Extra", "one\x1ftwo", "has 8 fields, the note type 7"),
        ("Question", " ", "has an empty Question field"),
    ],
)
def test_a_deck_anki_would_refuse_never_replaces_the_last_good_one(
    tmp_path, monkeypatch, field, value, problem
):
    from notes2anki.package import apkg

    root = project(tmp_path / "project", {"a.md": "### What is python?\n\nA language.\n"})
    assert run(root, "build").exit_code == 0
    good = (root / DECK).read_bytes()
    real_fields = apkg.note_fields
    monkeypatch.setattr(apkg, "note_fields", lambda note: {**real_fields(note), field: value})
    (root / "notes" / "a.md").write_text("### What is python?\n\nA language, edited.\n", "utf-8")
    outcome = run(root, "build", epoch=1_700_000_100)
    assert outcome.exit_code == 1, outcome.output
    assert "a.md:1: the deck was not written: note 'n2a-" in outcome.output and problem in outcome.output
    assert (root / DECK).read_bytes() == good


def test_a_deck_from_notes_full_of_separators_imports_into_anki_whole(tmp_path):
    from anki_helpers import import_deck, new_collection

    root = project(
        tmp_path / "project",
        {
            "a.md": "# Python\n\n### What is\x1f python?\n\nA lang\x1fuage [sound:x.mp3] [latex]x[/latex] [$]y[/$].\n"
        },
        topic="Python",
    )
    assert run(root, "build").exit_code == 0
    collection = new_collection(tmp_path / "anki")
    try:
        log = import_deck(collection, root / DECK)
        assert len(log.new) == 1 and not log.conflicting
        [note_id] = collection.find_notes("")
        note = collection.get_note(note_id)
        assert len(note.fields) == 7 and "python?" in note["Question"] and "[sound:" not in note["Answer"]
        card = note.cards()[0]
        assert card.answer_av_tags() == []  # no sound on the card
        assert "latex-" not in card.answer()  # no LaTeX image either: the markup shows as written
        assert "[latex]x[/latex] [$]y[/$]" in card.answer().replace("&#91;", "[")
    finally:
        collection.close()
