"""`notes2anki watch`: debounced rebuilds, the last good deck kept, a clean exit on Ctrl-C."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from small_project import DECK_FILE, write_project

from notes2anki.pipeline.cache import CACHE_FOLDER
from notes2anki.watch import broken_since_last_deck, changed_files, snapshot, watch

LOCK = "notes2anki.lock"
NOTE = "# What is the GIL?\n\nA lock that lets one thread run Python bytecode at a time.\n"
SECOND = "\n# What is a closure?\n\nA function that keeps the variables of its scope.\n"


class ScriptedFolder:
    """Snapshots that change on a script: snapshot number -> contents; the last one repeats."""

    def __init__(self, script: list[dict[str, tuple[int, int]]]) -> None:
        self.script = script
        self.looks = 0

    def look(self):
        state = self.script[min(self.looks, len(self.script) - 1)]
        self.looks += 1
        return dict(state)


def run_watch(folder: ScriptedFolder, rounds: int):
    rebuilds: list[list[str]] = []
    sleeps: list[float] = []
    polls = iter(range(rounds))
    watch(
        folder.look,
        rebuilds.append,
        poll=0.5,
        settle=0.3,
        sleep=sleeps.append,
        keep_going=lambda: next(polls, None) is not None,
    )
    return rebuilds, sleeps


def test_watch_builds_once_at_start_and_not_again_while_nothing_changes():
    rebuilds, sleeps = run_watch(ScriptedFolder([{"a.md": (1, 10)}]), rounds=5)
    assert rebuilds == [[]]
    assert sleeps == [0.5] * 5


def test_a_burst_of_saves_gives_one_rebuild_after_the_files_settle():
    a1, a2, a3 = {"a.md": (1, 10)}, {"a.md": (2, 11)}, {"a.md": (3, 12)}
    both = {"a.md": (3, 12), "b.md": (1, 5)}
    # look 0: start; 1: first poll sees a change; 2-3: still changing; 4-5: settled.
    folder = ScriptedFolder([a1, a2, a3, both, both, both])
    rebuilds, sleeps = run_watch(folder, rounds=3)
    assert rebuilds == [[], ["a.md", "b.md"]]
    assert sleeps == [0.5, 0.3, 0.3, 0.3, 0.5, 0.5]


def test_a_change_that_is_undone_before_it_settles_gives_no_rebuild():
    first, edited = {"a.md": (1, 10)}, {"a.md": (2, 10)}
    rebuilds, _ = run_watch(ScriptedFolder([first, edited, first, first]), rounds=3)
    assert rebuilds == [[]]


def test_the_lock_a_rebuild_writes_is_no_change_but_a_lock_put_back_by_hand_is():
    start, built = {"a.md": (1, 10), LOCK: (1, 5)}, {"a.md": (1, 10), LOCK: (2, 6)}
    mended = {"a.md": (1, 10), LOCK: (3, 6)}
    # look 0: start; 1: after the first rebuild wrote the lock; 2: a poll; 3-4: the lock mended, settled.
    folder = ScriptedFolder([start, built, built, mended, mended, mended])
    rebuilds: list[list[str]] = []

    def rebuild(changed: list[str]) -> list[str]:
        rebuilds.append(changed)
        return [LOCK]

    polls = iter(range(3))
    watch(folder.look, rebuild, sleep=lambda _: None, keep_going=lambda: next(polls, None) is not None)
    assert rebuilds == [[], [LOCK]]


def test_snapshot_covers_the_configuration_the_lock_and_notes_but_not_images_or_hidden_files(tmp_path):
    names = ("a.md", "b.txt", "c.png", ".d.md.swp", ".hidden.md")
    write_project(tmp_path, dict.fromkeys(names, "x"))
    seen = snapshot(tmp_path / "notes2anki.toml", ("sources/*",))
    assert sorted(seen) == ["a.md", "b.txt", LOCK, "notes2anki.toml"]
    (tmp_path / "sources" / "a.md").write_text("longer", encoding="utf-8")
    (tmp_path / "sources" / "b.txt").unlink()
    (tmp_path / "sources" / "e.md").write_text("new", encoding="utf-8")
    assert changed_files(seen, snapshot(tmp_path / "notes2anki.toml", ("sources/*",))) == [
        "a.md",
        "b.txt",
        "e.md",
    ]


def test_only_notes_that_were_in_the_last_deck_hold_the_deck_back():
    assert broken_since_last_deck(("a.md", "b.md"), {"a.md", "c.md"}) == ["a.md"]
    assert broken_since_last_deck(("b.md",), set()) == []


class WatchProcess:
    """``notes2anki watch`` in a child process, its output collected line by line."""

    def __init__(self, project: Path) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "notes2anki", "watch", "--interval", "0.1"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.pump = threading.Thread(target=self._pump, daemon=True)
        self.pump.start()

    def _pump(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no {text!r} in the output:\n" + "\n".join(self.seen))

    def interrupt(self) -> tuple[int, str]:
        """Ctrl-C: the exit code and everything the process printed."""
        self.process.send_signal(signal.SIGINT)
        exit_code = self.process.wait(timeout=30)
        self.pump.join(timeout=10)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return exit_code, "\n".join(self.seen)


def save(path: Path, content: str | bytes) -> None:
    """Write as an editor would, and make sure the modification time moves on."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT to the child")
def test_watch_rebuilds_keeps_the_last_good_deck_and_stops_cleanly_on_ctrl_c(tmp_path):
    config = write_project(tmp_path, {"python.md": NOTE})
    good_config = config.read_text(encoding="utf-8")
    note = tmp_path / "sources" / "python.md"
    deck = tmp_path / "build" / DECK_FILE
    watcher = WatchProcess(tmp_path)
    try:
        watcher.wait_for("(1 cards, 0 warnings)")
        save(note, NOTE + SECOND)
        watcher.wait_for("changed: python.md")
        watcher.wait_for("(2 cards, 0 warnings)")
        good_deck = deck.read_bytes()

        save(note, b"# Q?\n\nA " + b"\x80\x81" * 20 + b"\n")  # bytes in no encoding
        watcher.wait_for("warning: python.md:3: skipped: cannot decode as UTF-8")
        watcher.wait_for("error: cannot read python.md (the last good deck stays)")
        assert deck.read_bytes() == good_deck

        save(config, good_config.replace('version = "0.1.0"', "version = 1"))
        watcher.wait_for("notes2anki.toml:3: deck.version must be a string, not an integer (1)")
        assert deck.read_bytes() == good_deck

        save(config, good_config)
        save(note, NOTE + SECOND + "\n# What is a coroutine?\n\nA function that can pause and resume.\n")
        watcher.wait_for("(3 cards, 0 warnings)")
        assert deck.read_bytes() != good_deck
        good_deck = deck.read_bytes()

        save(note, b"")  # what a crash in the middle of a save leaves
        watcher.wait_for("python.md:1: empty file")
        watcher.wait_for("error: cannot read python.md (the last good deck stays)")
        assert deck.read_bytes() == good_deck
    finally:
        exit_code, output = watcher.interrupt()
    assert exit_code == 0, output
    assert "stopped watching" in output
    assert "Traceback" not in output
    assert [path.name for path in deck.parent.iterdir() if path.name != CACHE_FOLDER.name] == [deck.name]


def test_a_rebuild_writes_the_deck_and_a_broken_note_keeps_the_last_good_one(tmp_path):
    """The watch session itself, without the command line."""
    import contextlib

    from notes2anki.report import Line
    from notes2anki.runtime.progress import quiet
    from notes2anki.watch import Rebuilder

    config = write_project(tmp_path, {"python.md": "# What is the GIL?\n\nA lock in CPython.\n"})
    said: list[Line] = []
    project = Rebuilder(config, None, said.append, lambda: contextlib.nullcontext(quiet))
    deck = tmp_path / "build" / DECK_FILE
    assert project.rebuild([]) == ["notes2anki.lock"] and deck.exists()
    assert any(re.search(r" wrote .* \(1 cards, 0 warnings\) in \d+\.\d\d s$", line.text) for line in said)
    good = deck.read_bytes()

    (tmp_path / "sources" / "python.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    said.clear()
    assert project.rebuild(["python.md"]) is None
    assert deck.read_bytes() == good
    assert [line.text.split(" ", 1)[1] for line in said if line.to_stderr][-1] == (
        "error: cannot read python.md (the last good deck stays)"
    )
