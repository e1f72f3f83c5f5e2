"""An edit build copies the cards it keeps from the collection the last build left in build/.cache:
only from that one, as that build left it, and a deck built from it equals a build from nothing."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from notes_project import run_cli
from test_incremental_equivalence import CACHE_FOLDER, EPOCH, add_new, build, outputs, start

from notes2anki.model import Location
from notes2anki.package import apkg
from notes2anki.package.deck_check import DeckChecker, DeckCheckError
from notes2anki.pipeline import deck as deck_module
from notes2anki.pipeline.cache import COLLECTION_PREFIX


def collections(root: Path) -> list[Path]:
    return sorted((root / CACHE_FOLDER).glob(f"{COLLECTION_PREFIX}*"))


def deck_collection(root: Path) -> bytes:
    [deck] = (root / "build").glob("*.apkg")
    with zipfile.ZipFile(deck) as archive:
        return archive.read("collection.anki2")


def counting_full_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    full_builds: list[int] = []
    real_pipeline = deck_module.run_pipeline
    monkeypatch.setattr(
        deck_module, "run_pipeline", lambda *args, **kw: full_builds.append(1) or real_pipeline(*args, **kw)
    )
    return full_builds


def same_as_from_nothing(cached: Path, epoch: int) -> bool:
    fresh = cached.parent / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(cached, fresh, ignore=shutil.ignore_patterns(CACHE_FOLDER.name))
    build(fresh, "--no-cache", epoch=epoch)
    return outputs(cached, epoch) == outputs(fresh, epoch)


def test_each_build_leaves_the_collection_of_its_deck_alone(tmp_path, monkeypatch):
    cached = tmp_path / "cached"
    notes = start(cached)
    [first] = collections(cached)
    full_builds = counting_full_builds(monkeypatch)
    add_new(notes, 0, 0, 1, 0)
    notes.write(cached)
    build(cached, epoch=EPOCH + 100)
    assert not full_builds
    [second] = collections(cached)
    assert second != first
    with sqlite3.connect(second) as connection:
        guids = {guid for (guid,) in connection.execute("SELECT guid FROM notes")}
    assert len(guids) == len(outputs(cached, EPOCH + 100)["lock"].decode().split('"guid"')) - 1
    assert same_as_from_nothing(cached, EPOCH + 100)


@pytest.mark.parametrize("time_put_back", [False, True])
def test_a_collection_changed_since_its_build_is_not_copied_from(tmp_path, monkeypatch, time_put_back):
    """Its rows would put text on the cards that the notes do not say: a full build instead, also
    when its size, time and inode are as they were and only its bytes are not."""
    cached = tmp_path / "cached"
    notes = start(cached)
    [kept] = collections(cached)
    before = kept.stat()
    with sqlite3.connect(kept) as connection:
        connection.execute("UPDATE notes SET flds = replace(flds, 'GIL', 'GIX')")
    if time_put_back:
        os.utime(kept, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert kept.stat().st_size == before.st_size
    full_builds = counting_full_builds(monkeypatch)
    add_new(notes, 0, 0, 1, 0)
    notes.write(cached)
    build(cached, epoch=EPOCH + 100)
    assert full_builds
    assert b"GIX" not in deck_collection(cached)
    assert same_as_from_nothing(cached, EPOCH + 100)


def test_a_collection_gone_while_the_build_ran_stops_it_and_the_next_is_full(tmp_path, monkeypatch):
    from notes2anki.pipeline import incremental

    cached = tmp_path / "cached"
    notes = start(cached)
    good = deck_collection(cached)
    real_rows = incremental._kept_rows

    def then_gone(collection, kept):
        rows = real_rows(collection, kept)
        collection.unlink()
        return rows

    monkeypatch.setattr(incremental, "_kept_rows", then_gone)
    add_new(notes, 0, 0, 1, 0)
    notes.write(cached)
    outcome = run_cli(cached, "build", epoch=EPOCH + 100)
    assert outcome.exit_code == 1
    assert "it is gone: the collection the last build left changed while this one ran" in outcome.output
    assert deck_collection(cached) == good
    monkeypatch.undo()
    full_builds = counting_full_builds(monkeypatch)
    build(cached, epoch=EPOCH + 200)
    assert full_builds
    assert same_as_from_nothing(cached, EPOCH + 200)


def test_no_collection_is_left_for_a_build_that_leaves_no_state(tmp_path):
    """A remote image's warning is said by every build: such a build leaves no state, and no
    collection either."""
    cached = tmp_path / "cached"
    start(cached)
    assert collections(cached)
    (cached / "notes" / "remote.md").write_text(
        "## What is shown?\n\n![a chart](https://example.com/chart.png)\n", "utf-8"
    )
    build(cached, epoch=EPOCH + 100)
    assert not (cached / CACHE_FOLDER / "state").exists()
    assert not collections(cached)


def test_a_collection_that_could_not_be_kept_means_a_full_build_next(tmp_path, monkeypatch):
    cached = tmp_path / "cached"
    notes = start(cached)
    monkeypatch.setattr(apkg, "_keep", lambda database, destination: None)
    add_new(notes, 0, 0, 1, 0)
    notes.write(cached)
    build(cached, epoch=EPOCH + 100)
    assert not collections(cached)
    monkeypatch.undo()
    full_builds = counting_full_builds(monkeypatch)
    add_new(notes, 1, 0, 2, 0)
    notes.write(cached)
    build(cached, epoch=EPOCH + 200)
    assert full_builds
    assert same_as_from_nothing(cached, EPOCH + 200)


def test_a_collection_on_another_file_system_is_copied_there(tmp_path, monkeypatch):
    cached = tmp_path / "cached"
    real_replace = os.replace

    def across_devices(source, destination):
        if Path(source).name == "collection.anki2":  # the deck's scratch collection, moved to the cache
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))
        return real_replace(source, destination)

    monkeypatch.setattr(apkg.os, "replace", across_devices)
    notes = start(cached)
    assert collections(cached)
    full_builds = counting_full_builds(monkeypatch)
    add_new(notes, 0, 0, 1, 0)
    notes.write(cached)
    build(cached, epoch=EPOCH + 100)
    assert not full_builds
    assert same_as_from_nothing(cached, EPOCH + 100)


def test_a_kept_note_takes_no_guid_another_note_has():
    checker = DeckChecker({1: 2})
    checker.checked("n2a-1", 1, "question\x1fanswer", Location("a.md", 1))
    checker.kept("n2a-2", Location("a.md", 5))
    with pytest.raises(DeckCheckError, match=r"a\.md:9: .*'n2a-1' has a GUID another note has too"):
        checker.kept("n2a-1", Location("a.md", 9))


@pytest.mark.parametrize("folder", ["a b#c?d%20e 中文", "q?mode=rw&x#f", "file:x"])
def test_a_project_in_a_folder_of_any_name_has_edit_builds(tmp_path, monkeypatch, folder):
    """The collections are opened by their paths, whatever a URI would make of them."""
    cached = tmp_path / folder / "cached"
    cached.parent.mkdir()
    notes = start(cached)
    full_builds = counting_full_builds(monkeypatch)
    add_new(notes, 0, 0, 1, 0)
    notes.write(cached)
    build(cached, epoch=EPOCH + 100)
    assert not full_builds
    assert same_as_from_nothing(cached, EPOCH + 100)
