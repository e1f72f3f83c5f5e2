"""build/.cache: the same deck with and without it, redone when what it was made from changes."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest
from notes_project import edit_notes, run_cli, write_project

from notes2anki.config import load_config
from notes2anki.pipeline import cache as cache_module
from notes2anki.pipeline import file_work as filework
from notes2anki.pipeline.cache import CACHE_FOLDER, BuildCache, decode_entry, sign_entry
from notes2anki.pipeline.deck import build_deck
from notes2anki.pipeline.export import export_data
from notes2anki.pipeline.stages import run_pipeline
from notes2anki.read.files import read_sources
from notes2anki.render import cards as render
from notes2anki.runtime import parallel
from notes2anki.runtime.parallel import parallel_map

EPOCH = 1_700_000_000
DECK = Path("build") / "test-deck-0.1.0.apkg"
UP_TO_DATE = "up to date: "


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The names of the notes files parsed from here on, in order."""
    names: list[str] = []
    real_parse = filework.parse_file

    def counting_parse(source, *args, **kwargs):
        names.append(source.name)
        return real_parse(source, *args, **kwargs)

    monkeypatch.setattr(filework, "parse_file", counting_parse)
    return names


def build(root: Path, *options: str, epoch: int = EPOCH):
    outcome = run_cli(root, "build", *options, epoch=epoch)
    assert outcome.exit_code == 0, outcome.output
    return outcome


def outputs(root: Path) -> tuple[bytes, bytes]:
    return (root / DECK).read_bytes(), (root / "notes2anki.lock").read_bytes()


def cache_entries(root: Path) -> list[Path]:
    return sorted((root / CACHE_FOLDER / "files").iterdir())


def test_a_deck_built_from_the_cache_is_the_deck_built_without_it(tmp_path):
    uncached = write_project(tmp_path / "uncached")
    build(uncached, "--no-cache")
    assert not (uncached / CACHE_FOLDER).exists()
    cached = write_project(tmp_path / "cached")
    build(cached)  # fills the cache
    (cached / DECK).unlink()
    (cached / "notes2anki.lock").unlink()
    build(cached)  # every notes file from the cache
    assert outputs(cached) == outputs(uncached)

    edit_notes(uncached)
    edit_notes(cached)
    build(uncached, "--no-cache", epoch=EPOCH + 1)
    build(cached, epoch=EPOCH + 1)
    assert outputs(cached) == outputs(uncached)


def test_the_pipeline_gives_the_same_cards_from_the_cache(root):
    config = load_config(root / "notes2anki.toml")
    fresh = export_data(run_pipeline(config))
    run_pipeline(config, cache=BuildCache.of_project(root))
    assert len(cache_entries(root)) == 2
    assert export_data(run_pipeline(config, cache=BuildCache.of_project(root))) == fresh


def test_only_edited_notes_are_parsed_again(root, parsed):
    build(root)
    assert sorted(parsed) == ["basics.md", "concurrency.md"]
    basics = root / "notes" / "basics.md"
    basics.write_text(basics.read_text(encoding="utf-8") + "\n### What is a set?\n\nUnordered.\n", "utf-8")
    build(root)
    assert sorted(parsed) == ["basics.md", "basics.md", "concurrency.md"]
    assert len(cache_entries(root)) == 2  # the entry of the old basics.md is gone


def test_an_edited_note_renders_only_the_blocks_it_did_not_have(root, monkeypatch):
    build(root)
    rendered: list[str] = []
    real_render = render.render_block

    def counting_render(block):
        rendered.append(block.text)
        return real_render(block)

    monkeypatch.setattr(render, "render_block", counting_render)
    monkeypatch.setattr(filework, "render_block", counting_render)
    basics = root / "notes" / "basics.md"
    basics.write_text(basics.read_text(encoding="utf-8") + "\n### What is a set?\n\nUnordered.\n", "utf-8")
    build(root)
    assert rendered == ["Unordered."]


def test_a_build_with_nothing_changed_writes_nothing_and_says_what_the_last_one_said(root, parsed):
    first = build(root)
    deck = (root / DECK).stat()
    again = build(root)
    assert (root / DECK).stat().st_mtime_ns == deck.st_mtime_ns
    assert parsed == ["basics.md", "concurrency.md"]
    assert f"{UP_TO_DATE}{root / DECK}" in again.output
    report = [line for line in first.output.splitlines() if not line.startswith("wrote ")]
    assert [line for line in again.output.splitlines() if not line.startswith(UP_TO_DATE)] == report


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "notes" / "basics.md").write_text("# Basics\n\n### What?\n\nThis.\n", "utf-8"),
        lambda root: (root / "notes" / "new.md").write_text("# New\n\n### Why?\n\nBecause.\n", "utf-8"),
        lambda root: (root / "notes" / "concurrency.md").unlink(),
        lambda root: (root / DECK).unlink(),
        lambda root: (root / DECK).write_bytes(b"not a deck"),
        lambda root: (root / "notes2anki.lock").write_text('{"format": 1, "notes": []}\n', "utf-8"),
        lambda root: (root / "notes2anki.toml").write_text(
            (root / "notes2anki.toml").read_text("utf-8").replace('"deadlock", ', ""), "utf-8"
        ),
    ],
    ids=["edited-note", "new-note", "deleted-note", "deleted-deck", "replaced-deck", "lock", "config"],
)
def test_a_build_after_a_change_writes_the_deck(root, change):
    build(root)
    change(root)
    outcome = build(root)
    assert UP_TO_DATE not in outcome.output and f"wrote {root / DECK}" in outcome.output


def test_a_note_saved_while_a_build_runs_is_built_by_the_next_build(root):
    config = load_config(root / "notes2anki.toml")
    cache = BuildCache.of_project(root)
    note = root / "notes" / "basics.md"

    def save_an_edit(stage: str, item: str) -> None:
        if stage == "package":  # the notes were read; the deck is being written
            note.write_text(note.read_text("utf-8") + "\n### Saved during the build?\n\nYes.\n", "utf-8")

    assert build_deck(config, root / "build", save_an_edit, cache).written
    again = build_deck(config, root / "build", cache=cache)
    assert again.written
    assert "Saved during the build?" in (root / "notes2anki.lock").read_text("utf-8")


def test_another_build_time_is_a_new_build(root):
    build(root)
    assert UP_TO_DATE not in build(root, epoch=EPOCH + 1).output


def test_a_configuration_change_reaches_the_parser(root):
    config = root / "notes2anki.toml"
    before = export_data(run_pipeline(load_config(config)))
    build(root)
    config.write_text(
        config.read_text("utf-8") + '\n[exclude]\nheadings = ["What is a deadlock?"]\n', "utf-8"
    )
    fresh = export_data(run_pipeline(load_config(config)))
    cached = export_data(run_pipeline(load_config(config), cache=BuildCache.of_project(root)))
    assert cached == fresh != before
    assert UP_TO_DATE not in build(root).output


def test_another_version_of_the_tool_does_not_read_the_cache(root, parsed, monkeypatch):
    build(root)
    monkeypatch.setattr(cache_module, "tool_fingerprint", lambda: "another version")
    outcome = build(root)
    assert UP_TO_DATE not in outcome.output
    assert sorted(parsed) == ["basics.md", "basics.md", "concurrency.md", "concurrency.md"]
    monkeypatch.undo()
    with pytest.raises(ValueError, match="not a cache entry of this notes2anki"):
        decode_entry((root / CACHE_FOLDER / "deck").read_bytes())


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: data[:-10] + bytes(10),
        lambda data: sign_entry(pickle.dumps(("a tuple", "of the wrong shape"))),
        lambda data: b"garbage" * 100,
    ],
    ids=["empty", "truncated", "overwritten", "wrong-shape", "garbage"],
)
def test_a_damaged_cache_entry_is_ignored_and_redone(root, parsed, damage):
    build(root)
    expected = outputs(root)
    for entry in [*cache_entries(root), root / CACHE_FOLDER / "deck"]:
        entry.write_bytes(damage(entry.read_bytes()))
    (root / DECK).unlink()
    build(root)
    assert outputs(root) == expected
    assert sorted(parsed) == ["basics.md", "basics.md", "concurrency.md", "concurrency.md"]
    assert all(decode_entry(entry.read_bytes()) for entry in cache_entries(root))


def test_a_cache_entry_never_runs_code(tmp_path, monkeypatch):
    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {tmp_path / 'pwned'}",))

    with pytest.raises(ValueError, match="not a cache value"):
        decode_entry(sign_entry(pickle.dumps([Exploit()])))
    assert not (tmp_path / "pwned").exists()


def test_an_image_added_after_a_build_is_seen(tmp_path):
    root = write_project(tmp_path / "project")
    note = root / "notes" / "basics.md"
    note.write_text(note.read_text("utf-8") + "\n### What is a GIL diagram?\n\n![GIL](gil.png)\n", "utf-8")
    missing = build(root)
    assert "image not found: gil.png" in missing.output
    (root / "notes" / "gil.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    found = build(root)
    assert UP_TO_DATE not in found.output and "image not found" not in found.output
    assert UP_TO_DATE in build(root).output
    (root / "notes" / "gil.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert UP_TO_DATE not in build(root).output  # the deck carries the image: a new one is a new deck


def test_a_cache_that_cannot_be_written_only_costs_time(root, monkeypatch):
    config = load_config(root / "notes2anki.toml")
    (root / "build").mkdir()
    (root / CACHE_FOLDER).write_text("a file where the cache folder would be", "utf-8")
    built = build_deck(config, root / "build", cache=BuildCache.of_project(root))
    assert built.written and built.deck is not None and built.deck.exists()


def test_work_spread_over_processes_is_the_work_done_here():
    here = os.getpid()
    squares = parallel_map(lambda n: n * n, list(range(50)), min_weight=0)
    assert squares == [n * n for n in range(50)]
    # A child that fails is not trusted: its share is done again here.
    only_here = parallel_map(lambda n: n if os.getpid() == here else 1 / 0, list(range(50)), min_weight=0)
    assert only_here == list(range(50))
    heavy_first = parallel_map(str, [5, 1, 1, 1, 1, 1], weights=[5, 1, 1, 1, 1, 1])
    assert heavy_first == ["5", "1", "1", "1", "1", "1"]


def test_each_child_takes_the_next_item_when_it_is_free_and_a_failed_childs_items_are_redone(monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 2)  # forking works on one core too
    here = os.getpid()

    def slow_pid(n: int) -> int:
        time.sleep(0.01)
        return os.getpid()

    pids = parallel_map(slow_pid, list(range(40)), min_weight=0)
    assert here not in pids and len(set(pids)) == 2

    def first_is_slow(n: int) -> int:
        time.sleep(0.5 if n == 0 else 0.001)
        return os.getpid()

    pids = parallel_map(first_is_slow, list(range(20)), min_weight=0)
    assert pids[0] not in pids[1:]  # the child with the slow item did nothing else meanwhile

    def fails_on_seven(n: int) -> int:
        if n == 7 and os.getpid() != here:
            raise RuntimeError("a child fails on one item")
        return n * 10

    assert parallel_map(fails_on_seven, list(range(40)), min_weight=0) == [n * 10 for n in range(40)]


def test_topics_kept_from_the_last_build_are_the_topics_chosen_now(root, monkeypatch):
    from notes2anki import topics

    build(root)
    chosen: list[str] = []
    real_choose = topics.choose_topic

    def counting_choose(card, *args):
        chosen.append(card.question)
        return real_choose(card, *args)

    monkeypatch.setattr(topics, "choose_topic", counting_choose)
    edit_notes(root)
    build(root, "--no-cache", epoch=EPOCH + 1)
    expected = outputs(root)
    everything = sorted(chosen)
    chosen.clear()
    (root / DECK).unlink()
    build(root, epoch=EPOCH + 1)
    assert outputs(root) == expected
    assert 0 < len(chosen) < len(everything)  # only the cards the edit changed


def test_work_a_child_stored_but_that_cannot_be_read_back_is_done_again_here(root, monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(filework, "PARALLEL_MIN_CHARS", 0)  # spread even these few files
    config = load_config(root / "notes2anki.toml")
    sources = list(read_sources(config.root, config.sources).files)
    assert len(sources) >= 2
    expected = [filework.work_on(source, ()).sections for source in sources]
    cache = BuildCache.of_project(root)
    monkeypatch.setattr(cache, "load_file", lambda key: None)  # every stored entry reads back as lost
    entries = filework.FileEntries.of(cache, sources, ())
    works = filework.work_on_files(sources, (), entries, lambda stage, item: None)
    assert [type(work) for work in works] == [filework.FileWork] * len(sources)
    assert [work.sections for work in works] == expected
    assert not any(source.text for source in sources)  # each let go once its work was in
