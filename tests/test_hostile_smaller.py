"""The smaller holes: names Anki would rewrite, notes linked from outside the project, exports into
the notes, and what killed runs leave behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hostile_project import run, write_notes_project

from notes2anki.runtime.files import STALE_SCRATCH_SECONDS, TEMP_PREFIX

NOTE = "### What is python?\n\nA language.\n"


def project(root: Path, name: str = "Small", extra: str = "") -> Path:
    return write_notes_project(root, {"a.md": NOTE}, name, extra)


@pytest.mark.parametrize(
    ("name", "extra", "message"),
    [
        ("::A", "", "deck.name '::A' is one Anki renames to 'A' (write it as 'A')"),
        ("Uni:: Nets", "", "deck.name 'Uni:: Nets' is one Anki renames to 'Uni::Nets'"),
        (
            "Small",
            '[[topics]]\nname = "PYTHON"\n',
            "topics[2].name 'PYTHON' names the same subdeck as the earlier topic 'Python'",
        ),
    ],
    ids=["empty-part", "spaced-part", "case"],
)
def test_a_name_anki_would_rewrite_is_refused(tmp_path, name, extra, message):
    root = project(tmp_path / "project", name, extra)
    outcome = run(root, "build")
    assert outcome.exit_code == 2 and message in outcome.output, outcome.output


def test_a_nested_deck_name_is_kept(tmp_path):
    assert run(project(tmp_path / "project", "Uni::Networks"), "build").exit_code == 0


def test_a_note_linked_from_outside_the_project_is_not_read(tmp_path):
    secret = tmp_path / "private.md"
    secret.write_text("### What is the password?\n\nhunter2\n", "utf-8")
    root = project(tmp_path / "project")
    (root / "notes" / "linked.md").symlink_to(secret)
    outcome = run(root, "export", "-")
    assert outcome.exit_code == 0
    assert "hunter2" not in outcome.stdout
    built = run(root, "build")
    assert f"linked.md:1: skipped: a link to {secret.resolve()}, outside the project folder" in built.output


def test_an_export_into_the_notes_is_refused(tmp_path):
    root = project(tmp_path / "project")
    outcome = run(root, "export", str(root / "notes" / "new.md"))
    assert outcome.exit_code == 2
    assert "is in this project's notes: the next build would read the export as a note" in outcome.output
    assert not (root / "notes" / "new.md").exists()
    assert run(root, "export", str(root / "notes" / "cards.json")).exit_code == 0


def test_temporary_files_of_killed_runs_are_removed_and_fresh_ones_kept(tmp_path):
    root = project(tmp_path / "project")
    (root / "build").mkdir()
    stale_folder = root / "build" / f"{TEMP_PREFIX}killed"
    stale_folder.mkdir()
    (stale_folder / "collection.anki2").write_bytes(bytes(1024))
    stale_file = root / f"{TEMP_PREFIX}lock.tmp"
    stale_file.write_text("{", "utf-8")
    stale_entry = root / "build" / ".cache" / f"{TEMP_PREFIX}names.tmp"
    stale_entry.parent.mkdir()
    stale_entry.write_bytes(b"half an entry")
    stale_page = root / "build" / "preview" / f"{TEMP_PREFIX}index.tmp"
    stale_page.parent.mkdir()
    stale_page.write_text("<html", "utf-8")
    fresh = root / "build" / f"{TEMP_PREFIX}running"
    fresh.mkdir()
    old = time.time() - STALE_SCRATCH_SECONDS - 60
    stale = (stale_folder, stale_file, stale_entry, stale_page)
    for path in stale:
        os.utime(path, (old, old))
    assert run(root, "build").exit_code == 0
    assert run(root, "preview").exit_code == 0
    assert [path for path in stale if path.exists()] == [] and fresh.exists()
