"""Hostile notes, file names and disks: a warning while the rest builds, or a clear error; never a
traceback."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from hostile_project import run, write_notes_project

GOOD = "### Why python?\n\nIt reads well.\n"
DECK = Path("build") / "notes-0.1.0.apkg"


def project(root: Path, notes: dict[str | bytes, str]) -> Path:
    return write_notes_project(root, {"good.md": GOOD, **notes})


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize(
    "link",
    ["a%00.png", "a" * 300 + ".png", "b/" * 3000 + "c.png"],
    ids=["nul", "long-name", "deep-path"],
)
def test_an_image_link_no_file_can_have_is_reported_and_the_note_still_builds(tmp_path, command, link):
    root = project(tmp_path / "project", {"a.md": f"### What is python?\n\nA language.\n\n![x]({link})\n"})
    outcome = run(root, command)
    assert outcome.exit_code == 0, outcome.output
    # check lists findings by file as "a.md:5: warning: ...", shortening long ones.
    assert f"a.md:5: image not found: {link[:12]}" in outcome.output.replace("warning: ", "")
    assert "could not be parsed" not in outcome.output


@pytest.mark.parametrize("command", ["build", "preview", "export", "export-stdout"])
def test_a_file_name_that_is_not_utf8_is_skipped_with_a_warning(tmp_path, command, capfdbinary):
    root = project(tmp_path / "project", {b"b\xff.md": "### What is python?\n\nA language.\n"})
    args = {"export": ["export", str(tmp_path / "out.json")], "export-stdout": ["export", "-"]}
    outcome = run(root, *args.get(command, [command]))
    assert outcome.exit_code == 0, outcome.output
    if command in ("build", "preview"):  # export writes JSON only
        assert "b\\xff.md:1: skipped: the file name is not UTF-8 (rename the file)" in outcome.output
    if command == "export-stdout":
        data = json.loads(outcome.stdout_bytes.decode("utf-8"))  # strict UTF-8
        assert [card["question"] for card in data["cards"]] == ["Why python?"]


def test_hundreds_of_list_markers_on_one_line_are_shown_as_text(tmp_path):
    root = project(tmp_path / "project", {"a.md": "### What is python?\n\n" + "* " * 600 + "x\n"})
    for command in ("build", "check", "preview"):
        outcome = run(root, command)
        assert outcome.exit_code == 0, outcome.output
        assert (
            "a.md:1: too much to format as Markdown (more than 32 list or quote markers opening one line)"
            in outcome.output.replace("warning: ", "")
        )


def test_a_full_disk_while_writing_the_deck_is_an_error_and_the_previous_deck_stays(tmp_path, monkeypatch):
    from notes2anki.package import apkg

    root = project(tmp_path / "project", {})
    assert run(root, "build").exit_code == 0
    previous = (root / DECK).read_bytes()
    real_connect = sqlite3.connect

    def on_a_full_disk(database, *args, **kwargs):
        connection = real_connect(database, *args, **kwargs)
        connection.execute("PRAGMA max_page_count = 1")  # SQLite's own "database or disk is full"
        return connection

    monkeypatch.setattr(apkg.sqlite3, "connect", on_a_full_disk)
    (root / "notes" / "good.md").write_text(GOOD + "\n### What is python?\n\nA language.\n", "utf-8")
    outcome = run(root, "build")
    assert outcome.exit_code == 1
    assert (
        f"Error: cannot write to {root / 'build'}: No space left on device (writing the deck's collection"
        in (outcome.output)
    )
    assert (root / DECK).read_bytes() == previous
    assert sorted(path.name for path in (root / "build").iterdir()) == [".cache", DECK.name]


# Runs the command line, then prints its peak memory (MiB), or its forked workers' if higher, last
# on standard error.
MEASURED_BUILD = """
import resource, sys
from notes2anki.cli import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    usages = (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    print(max(usage.ru_maxrss for usage in usages) // 1024, file=sys.stderr)
    raise
"""


def test_one_huge_line_is_shown_as_text_without_a_memory_blowup(tmp_path):
    import subprocess
    import sys

    line = "word " * 1_200_000  # 6 MB on one line: Python-Markdown took 900 MB and 7 s on it
    root = project(tmp_path / "project", {"a.md": f"### What is python?\n\n{line}\n"})
    outcome = subprocess.run(
        [sys.executable, "-c", MEASURED_BUILD, "--config", str(root / "notes2anki.toml"), "build"],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
        check=False,
    )
    assert outcome.returncode == 0, outcome.stderr
    assert (
        "a.md:1: too much to format as Markdown (more than 200,000 characters in one block)" in outcome.stderr
    )
    peak_mib = int(outcome.stderr.split()[-1])
    assert peak_mib < 400
