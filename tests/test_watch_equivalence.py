"""A watch's rebuilds make what a build from nothing makes, edit after edit: the watch keeps the
lock it wrote in memory (identity.lockfile) besides everything a build keeps in build/.cache."""

from __future__ import annotations

import contextlib
import shutil

from hypothesis import HealthCheck, given, settings
from test_incremental_equivalence import CACHE_FOLDER, EPOCH, build, edit_steps, outputs, start

from notes2anki.report import Line
from notes2anki.runtime.progress import quiet
from notes2anki.watch import Rebuilder


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=edit_steps)
def test_each_rebuild_of_a_watch_equals_a_build_from_nothing(tmp_path_factory, monkeypatch, steps):
    work = tmp_path_factory.mktemp("watched")
    watched, fresh = work / "watched", work / "fresh"
    notes = start(watched)
    said: list[Line] = []
    project = Rebuilder(watched / "notes2anki.toml", None, said.append, lambda: contextlib.nullcontext(quiet))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert project.rebuild([]) is not None
    for number, (edit, *arguments) in enumerate(steps, start=1):
        edit(notes, *arguments)
        notes.write(watched)
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(watched, fresh, ignore=shutil.ignore_patterns(CACHE_FOLDER.name))
        epoch = EPOCH + 100 * number
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        rebuilt = project.rebuild(["notes"])
        said_fresh = build(fresh, "--no-cache", epoch=epoch)
        if rebuilt is None:  # the edits left no card: neither writes a deck
            assert said_fresh.startswith("exit 1\n") and "no cards in the notes" in said_fresh
            continue
        assert outputs(watched, epoch) == outputs(fresh, epoch), [step[0].__name__ for step in steps[:number]]
