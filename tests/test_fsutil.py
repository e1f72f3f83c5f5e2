"""Atomic writes: a failure in the middle leaves the previous file intact and nothing else behind."""

from __future__ import annotations

import os
import signal
import stat
from pathlib import Path

import pytest

from notes2anki.runtime import files as fsutil
from notes2anki.runtime.files import (
    atomic_create_bytes,
    atomic_path,
    atomic_write_bytes,
    atomic_write_lines,
    atomic_write_text,
    stop_signals_interrupt,
)


def folder_listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_write_replaces_the_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "CHANGELOG.md"
    target.write_text("old\n", encoding="utf-8")
    atomic_write_text(target, "# 变更\nnew\n")
    assert target.read_text(encoding="utf-8") == "# 变更\nnew\n"
    assert folder_listing(tmp_path) == ["CHANGELOG.md"]


def test_write_creates_missing_folders(tmp_path):
    target = tmp_path / "build" / "deep" / "deck.apkg"
    atomic_write_bytes(target, b"deck")
    assert target.read_bytes() == b"deck"


def test_a_failing_rename_keeps_the_previous_file_and_removes_the_partial_one(tmp_path, monkeypatch):
    target = tmp_path / "notes2anki.lock"
    target.write_bytes(b"previous")

    def full_disk(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        atomic_write_bytes(target, b"new contents")
    assert target.read_bytes() == b"previous"
    assert folder_listing(tmp_path) == ["notes2anki.lock"]


def test_an_interrupt_in_the_middle_of_writing_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "notes2anki.toml"
    target.write_text("[deck]\nname = 'x'\n", encoding="utf-8")
    real_fsync = os.fsync
    calls = []

    def interrupted(descriptor):
        calls.append(descriptor)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(target, "[deck]\nname = 'half")
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert calls, "the write never reached fsync: the test did not interrupt it"
    assert target.read_text(encoding="utf-8") == "[deck]\nname = 'x'\n"
    assert folder_listing(tmp_path) == ["notes2anki.toml"]


def test_an_exception_inside_atomic_path_keeps_the_previous_file(tmp_path):
    target = tmp_path / "deck.apkg"
    target.write_bytes(b"last good deck")
    with pytest.raises(RuntimeError), atomic_path(target) as scratch:
        scratch.write_bytes(b"half a zip")
        raise RuntimeError("writer crashed")
    assert target.read_bytes() == b"last good deck"
    assert folder_listing(tmp_path) == ["deck.apkg"]


def test_atomic_path_replaces_on_success(tmp_path):
    target = tmp_path / "deck.apkg"
    target.write_bytes(b"old")
    with atomic_path(target) as scratch:
        assert scratch.parent == tmp_path and scratch != target
        scratch.write_bytes(b"new")
        assert target.read_bytes() == b"old"
    assert target.read_bytes() == b"new"
    assert folder_listing(tmp_path) == ["deck.apkg"]


def test_permissions_of_the_replaced_file_are_kept(tmp_path):
    target = tmp_path / "notes2anki.toml"
    target.write_text("x", encoding="utf-8")
    os.chmod(target, 0o640)
    atomic_write_text(target, "y")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_file_gets_the_usual_permissions_not_the_temporary_files(tmp_path):
    target = atomic_write_text(tmp_path / "CHANGELOG.md", "x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~fsutil._umask()


def test_a_symlinked_file_is_replaced_through_the_link(tmp_path):
    real = tmp_path / "dotfiles" / "notes2anki.toml"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "notes2anki.toml"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"


def test_create_never_overwrites_an_existing_release(tmp_path):
    release = tmp_path / "deck-1.0.0.apkg"
    release.write_bytes(b"published")
    with pytest.raises(FileExistsError, match=r"deck-1\.0\.0\.apkg exists already"):
        atomic_create_bytes(release, b"something else")
    assert release.read_bytes() == b"published"
    assert folder_listing(tmp_path) == ["deck-1.0.0.apkg"]


def test_create_refuses_a_file_that_appears_while_writing(tmp_path, monkeypatch):
    release = tmp_path / "deck-1.0.0.apkg"
    real_write = fsutil._write_synced

    def racing_writer(path, data):
        real_write(path, data)
        release.write_bytes(b"written by another process")

    monkeypatch.setattr(fsutil, "_write_synced", racing_writer)
    with pytest.raises(FileExistsError):
        atomic_create_bytes(release, b"ours")
    assert release.read_bytes() == b"written by another process"
    assert folder_listing(tmp_path) == ["deck-1.0.0.apkg"]


def test_create_writes_a_new_file(tmp_path):
    release = atomic_create_bytes(tmp_path / "releases" / "deck-1.0.0.apkg", b"deck")
    assert release.read_bytes() == b"deck"
    assert folder_listing(release.parent) == ["deck-1.0.0.apkg"]


def test_lines_are_written_when_they_differ_and_the_file_is_left_alone_when_not(tmp_path):
    target = tmp_path / "notes2anki.lock"
    assert atomic_write_lines(target, ["{\n", ' "notes": []\n', "}\n"])
    assert target.read_text(encoding="utf-8") == '{\n "notes": []\n}\n'
    before = target.stat().st_mtime_ns
    assert not atomic_write_lines(target, iter(["{\n", ' "notes": []\n', "}\n"]))
    assert target.stat().st_mtime_ns == before
    assert atomic_write_lines(target, ["{}\n"])
    assert target.read_text(encoding="utf-8") == "{}\n"
    assert folder_listing(tmp_path) == ["notes2anki.lock"]


def test_lines_that_fail_midway_keep_the_previous_file(tmp_path):
    target = tmp_path / "notes2anki.lock"
    target.write_text("old\n", encoding="utf-8")

    def lines():
        yield "new first line\n"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write_lines(target, lines())
    assert target.read_text(encoding="utf-8") == "old\n"
    assert folder_listing(tmp_path) == ["notes2anki.lock"]


@pytest.mark.parametrize("stop", ["SIGTERM", "SIGHUP"])
def test_kill_or_a_closed_terminal_stops_a_write_as_ctrl_c_does_and_leaves_no_temporary_file(tmp_path, stop):
    target = tmp_path / "deck.apkg"
    target.write_bytes(b"the previous deck")
    restore = stop_signals_interrupt()
    try:
        with pytest.raises(KeyboardInterrupt), atomic_path(target) as scratch:
            scratch.write_bytes(b"half a deck")
            os.kill(os.getpid(), getattr(signal, stop))
    finally:
        restore()
    assert folder_listing(tmp_path) == ["deck.apkg"] and target.read_bytes() == b"the previous deck"
    assert signal.getsignal(getattr(signal, stop)) is signal.SIG_DFL
