"""One command at a time writes a project: a second one waits, then says who holds it."""

from __future__ import annotations

import threading
import time

from notes_project import run_cli, write_project

from notes2anki.runtime import one_writer as writer_module
from notes2anki.runtime.one_writer import one_writer, writer_file

EPOCH = 1_700_000_000


def test_a_build_while_another_command_writes_the_project_waits_then_names_it(tmp_path, monkeypatch):
    root = write_project(tmp_path / "project")
    monkeypatch.setattr(writer_module, "WAIT_SECONDS", 0.3)
    with one_writer(root, "release"):
        outcome = run_cli(root, "build", epoch=EPOCH)
    assert outcome.exit_code == 1
    assert f"Error: {root}: notes2anki release (process " in outcome.output
    assert "is writing this project (wait for it to finish, then run this again)" in outcome.output
    assert not (root / "notes2anki.lock").exists() and not (root / "build").exists()


def test_a_build_waits_for_a_command_that_finishes_in_time(tmp_path):
    root = write_project(tmp_path / "project")
    held, done = threading.Event(), threading.Event()

    def release_for_a_moment() -> None:
        with one_writer(root, "release"):
            held.set()
            time.sleep(0.5)
        done.set()

    holder = threading.Thread(target=release_for_a_moment)
    holder.start()
    held.wait(5)
    outcome = run_cli(root, "build", epoch=EPOCH)
    holder.join()
    assert done.is_set() and outcome.exit_code == 0, outcome.output
    assert (root / "notes2anki.lock").exists()


def test_the_lock_lives_outside_the_project_and_goes_with_its_holder(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    assert root not in writer_file(root).parents
    assert writer_file(root) == writer_file(root / ".." / "project")
    with one_writer(root, "build"):
        pass
    with one_writer(root, "build", wait=0):  # taken again at once: nothing was left held
        pass
    assert list(root.iterdir()) == [] and not writer_file(root).exists()  # nothing left behind
