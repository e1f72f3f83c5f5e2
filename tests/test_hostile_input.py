"""Hostile settings, locks and files give a clear message, or a warning while the rest builds: never a
traceback, never a hang."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from notes2anki.cli import main

CONFIG = """\
[deck]
name = "Hostile"
version = "{version}"
sources = ["{glob}"]
{extra}
[[topics]]
name = "Python"
signals = {signals}
"""
NOTE = "### What is python?\n\nA language.\n"


def project(root: Path, version="0.1.0", glob="notes/*", signals='["python"]', extra="") -> Path:
    (root / "notes").mkdir(parents=True)
    (root / "notes" / "a.md").write_text(NOTE, "utf-8")
    text = CONFIG.format(version=version, glob=glob, signals=signals, extra=extra)
    (root / "notes2anki.toml").write_text(text, "utf-8")
    return root


def run(root: Path, *args: str, config: str = "notes2anki.toml", env: dict[str, str] | None = None):
    """The command's result; fails the test, instead of hanging it, when it does not end in 20 s."""
    results = []
    environment = {"SOURCE_DATE_EPOCH": "1700000000", **(env or {})}
    worker = threading.Thread(
        target=lambda: results.append(
            CliRunner().invoke(main, ["--config", str(root / config), *args], env=environment)
        ),
        daemon=True,
    )
    worker.start()
    worker.join(20)
    assert results, f"notes2anki {' '.join(args)} hangs"
    outcome = results[0]
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), outcome.exception
    return outcome


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"signals": '["x", ""]'}, "topics[1].signals holds an empty signal"),
        (
            {"version": "0.1." + "9" * 5000},
            "deck.version must be semver like 0.1.0 (at most 9 digits a part)",
        ),
        ({"version": "0.1.0\\n"}, "deck.version must be semver like 0.1.0"),
        ({"extra": "x = " + "[" * 5000 + "]" * 5000}, "invalid TOML: arrays or tables nested too deeply"),
        ({"glob": "notes/" + "a/" * 3000 + "*"}, "has 3002 parts, more than 64"),
    ],
    ids=["empty-signal", "long-version", "version-newline", "deep-toml", "long-glob"],
)
def test_a_hostile_setting_is_a_configuration_error(tmp_path, settings, message):
    root = project(tmp_path / "project", **settings)
    outcome = run(root, "build")
    assert outcome.exit_code == 2 and message in outcome.output, outcome.output


def test_an_empty_source_date_epoch_is_unset_and_a_non_number_is_refused(tmp_path):
    root = project(tmp_path / "project")
    assert run(root, "build", env={"SOURCE_DATE_EPOCH": ""}).exit_code == 0
    refused = run(root, "build", env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert refused.exit_code == 2
    assert (
        "SOURCE_DATE_EPOCH must be a number of seconds since 1970-01-01 UTC, not 'yesterday'"
        in refused.output
    )


def test_a_lock_nested_deeply_is_refused(tmp_path):
    root = project(tmp_path / "project")
    (root / "notes2anki.lock").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    outcome = run(root, "build")
    assert outcome.exit_code == 1
    assert "notes2anki.lock:1: not a notes2anki lock file: nested too deeply" in outcome.output


@pytest.mark.parametrize("place", ["notes2anki.lock", "notes/b.md", "other.toml"])
def test_a_pipe_is_never_read(tmp_path, place):
    root = project(tmp_path / "project")
    os.mkfifo(root / place)
    outcome = run(root, "build", config="other.toml" if place == "other.toml" else "notes2anki.toml")
    expected = {
        "notes2anki.lock": (
            1,
            "notes2anki.lock: cannot read it (not a regular file: a pipe, socket or device)",
        ),
        "notes/b.md": (0, "b.md:1: skipped: not a regular file"),
        "other.toml": (2, "other.toml: cannot read it (not a regular file: a pipe, socket or device)"),
    }[place]
    assert (outcome.exit_code, expected[1] in outcome.output) == (expected[0], True), outcome.output


def test_a_char_device_as_the_lock_is_never_read(tmp_path):
    root = project(tmp_path / "project")
    (root / "notes2anki.lock").symlink_to("/dev/zero")
    outcome = run(root, "build")
    assert outcome.exit_code == 1 and "not a regular file" in outcome.output


def test_a_lock_with_a_byte_order_mark_is_read_and_fields_of_the_wrong_type_are_refused(tmp_path):
    root = project(tmp_path / "project")
    assert run(root, "build").exit_code == 0
    lock = root / "notes2anki.lock"
    text = lock.read_text("utf-8")
    lock.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert run(root, "build").exit_code == 0
    for written, wrong in (
        ('"removed": false', '"removed": "yes"'),
        ('"topic": "Python"', '"topic": 5'),
        ('"released": null', '"released": "1.0.0"'),
    ):
        assert written in text
        lock.write_text(text.replace(written, wrong), "utf-8")
        outcome = run(root, "build")
        assert (
            outcome.exit_code == 1
            and "notes2anki.lock:7: a note entry is malformed (TypeError" in outcome.output
        )
