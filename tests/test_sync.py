"""`notes2anki sync` on a collection made here, with Anki's own engine: what the learner did stays."""

from __future__ import annotations

import time

import pytest
from anki.collection import Collection
from anki_helpers import import_deck, new_collection
from notes_project import ADDED, CHANGED_ANSWER, DELETED, REWORDED, TYPO_FIXED, UNTOUCHED, edit_notes, run_cli
from notes_project import write_project as write_notes_project
from test_rebuild_anki import progress, study_every_card

from notes2anki.errors import UsageError
from notes2anki.sync.collections import find_collection

# Builds at the real time: the deck's notes are then newer than what the learner did an hour ago,
# as they are when someone edits notes after studying.
NOW = int(time.time())
V1, V2 = NOW - 3600, NOW + 60
DECK = "build/test-deck-0.1.0.apkg"
GIL = UNTOUCHED[0]


def notes_by_question(collection: Collection) -> dict[str, object]:
    found = {}
    for note_id in collection.find_notes(""):
        note = collection.get_note(note_id)
        question = note["Question"].split(">", 1)[1].split("<", 1)[0]
        found[question] = note
    return found


def state(collection: Collection) -> tuple:
    """Everything a sync could change: notes (fields, tags, time), cards (deck, queue) and history."""
    notes = sorted(
        (n.id, n.guid, tuple(n.fields), tuple(n.tags), n.mod)
        for n in map(collection.get_note, collection.find_notes(""))
    )
    return notes, progress(collection)


@pytest.fixture
def studied(tmp_path):
    """A project built and imported into a collection, every card studied, the learner's own tag on
    two notes; then the notes edited and the GIL question moved to another topic."""
    root = write_notes_project(tmp_path / "project")
    assert run_cli(root, "build", epoch=V1).exit_code == 0
    path = tmp_path / "anki" / "collection.anki2"
    collection = new_collection(path.parent)
    import_deck(collection, root / DECK)
    study_every_card(collection)
    by_question = notes_by_question(collection)
    for question in (CHANGED_ANSWER, GIL):
        note = by_question[question]
        note.add_tag("my-own-tag")
        collection.update_note(note)
    before = progress(collection)
    collection.close()
    edit_notes(root)
    config = root / "notes2anki.toml"
    text = config.read_text(encoding="utf-8").replace('"python", "GIL", ', '"python", ')
    config.write_text(text.replace('signals = ["进程"', 'signals = ["GIL", "进程"'), encoding="utf-8")
    return root, path, before


def test_sync_updates_in_place_moves_suspends_adds_and_a_second_sync_changes_nothing(studied):
    root, path, before = studied
    collection = Collection(str(path))
    untouched = state(collection)
    collection.close()

    dry = run_cli(root, "sync", "--collection", str(path), "--dry-run", epoch=V2)
    assert dry.exit_code == 0, dry.output
    counts = "1 added, 3 updated, 1 moved, 1 removed (suspended)"
    assert f"would change {path}: {counts} (dry run: nothing changed)" in dry.output
    collection = Collection(str(path))
    assert state(collection) == untouched
    collection.close()

    synced = run_cli(root, "sync", "--collection", str(path), epoch=V2)
    assert synced.exit_code == 0, synced.output
    assert f"synced {path}: {counts}" in synced.output
    assert f"backed up collection.anki2 to {path.parent / 'backups'}" in synced.output
    assert list((path.parent / "backups").iterdir())
    collection = Collection(str(path))
    try:
        after = progress(collection)
        by_question = notes_by_question(collection)
        # Every card studied before keeps its note, history and schedule; the moved one its deck aside.
        moved_card = by_question[GIL].cards()[0].id
        for card_id, (note_id, reviews, interval, due, queue, kind, _) in before.items():
            if by_question[DELETED].id == note_id:
                continue
            assert after[card_id][:6] == (note_id, reviews, interval, due, queue, kind)
        assert collection.decks.name(collection.get_card(moved_card).did) == "Test Deck::Concurrency"
        # Updated in place, the learner's tag kept.
        assert "An inner function that keeps references" in by_question[CHANGED_ANSWER]["Answer"]
        assert by_question[CHANGED_ANSWER].has_tag("my-own-tag") and by_question[GIL].has_tag("my-own-tag")
        assert TYPO_FIXED[1] in by_question and REWORDED[1] in by_question
        # The removed question is suspended and tagged; the new one is added in its subdeck.
        removed = by_question[DELETED]
        assert removed.has_tag("notes2anki::removed") and all(card.queue == -1 for card in removed.cards())
        assert collection.decks.name(by_question[ADDED].cards()[0].did) == "Test Deck::Concurrency"
        assert len(by_question) == len({note_id for note_id, *_ in before.values()}) + 1
        synced_state = state(collection)
    finally:
        collection.close()

    again = run_cli(root, "sync", "--collection", str(path), epoch=V2)
    assert again.exit_code == 0 and "0 added, 0 updated, 0 moved, 0 removed (suspended)" in again.output
    collection = Collection(str(path))
    assert state(collection) == synced_state
    collection.close()


def test_a_collection_anki_holds_open_is_refused_without_a_change(studied):
    root, path, _ = studied
    holder = Collection(str(path))
    try:
        before = state(holder)
        outcome = run_cli(root, "sync", "--collection", str(path), epoch=V2)
        assert outcome.exit_code == 1
        assert "Anki has this collection open" in outcome.output and "close Anki" in outcome.output
        assert state(holder) == before
        assert not (path.parent / "backups").exists()
    finally:
        holder.close()


def test_removed_questions_can_be_deleted_or_kept(studied):
    root, path, _ = studied
    kept = run_cli(root, "sync", "--collection", str(path), "--removed", "keep", epoch=V2)
    assert kept.exit_code == 0 and "1 removed (kept)" in kept.output
    deleted = run_cli(root, "sync", "--collection", str(path), "--removed", "delete", epoch=V2)
    assert deleted.exit_code == 0 and "1 removed (deleted)" in deleted.output
    collection = Collection(str(path))
    try:
        assert DELETED not in notes_by_question(collection)
    finally:
        collection.close()


def test_the_collection_is_found_in_the_anki_profile(tmp_path, monkeypatch):
    monkeypatch.setenv("ANKI_BASE", str(tmp_path))
    with pytest.raises(UsageError, match="no Anki profile in"):
        find_collection(None, None)
    for profile in ("User 1", "Work"):
        (tmp_path / profile).mkdir()
        (tmp_path / profile / "collection.anki2").write_bytes(b"")
    with pytest.raises(
        UsageError, match=r"2 Anki profiles in .*: choose one with --profile \(User 1, Work\)"
    ):
        find_collection(None, None)
    assert find_collection(None, "Work") == tmp_path / "Work" / "collection.anki2"
    with pytest.raises(UsageError, match="no Anki profile 'Home'"):
        find_collection(None, "Home")
    (tmp_path / "Work" / "collection.anki2").unlink()
    assert find_collection(None, None) == tmp_path / "User 1" / "collection.anki2"


def test_a_card_in_a_filtered_deck_or_a_deck_of_the_learners_own_keeps_its_place_and_what_they_added(studied):
    root, path, _ = studied
    collection = Collection(str(path))
    by_question = notes_by_question(collection)
    closure = by_question[CHANGED_ANSWER]
    closure["Extra"] = "my own mnemonic"
    collection.update_note(closure)
    cram = collection.sched.get_or_create_filtered_deck(deck_id=0)
    cram.name = "Cram"
    cram.config.search_terms[0].search = f"nid:{closure.id}"
    collection.sched.add_or_update_filtered_deck(cram)
    own_deck = collection.decks.id("Test Deck::Hard ones", create=True)
    collection.set_deck([card.id for card in by_question[UNTOUCHED[1]].cards()], own_deck)
    collection.close()

    synced = run_cli(root, "sync", "--collection", str(path), epoch=V2)
    assert synced.exit_code == 0, synced.output
    assert "1 added, 3 updated, 1 moved" in synced.output
    collection = Collection(str(path))
    try:
        by_question = notes_by_question(collection)
        closure = by_question[CHANGED_ANSWER]
        assert "An inner function that keeps references" in closure["Answer"]
        assert closure["Extra"] == "my own mnemonic" and closure.has_tag("my-own-tag")
        assert collection.decks.name(closure.cards()[0].did) == "Cram"
        [decorator_card] = by_question[UNTOUCHED[1]].cards()
        assert collection.decks.name(decorator_card.did) == "Test Deck::Hard ones"
    finally:
        collection.close()


def test_a_notes_file_that_cannot_be_read_stops_the_sync_before_anything_changes(studied):
    root, path, _ = studied
    collection = Collection(str(path))
    before = state(collection)
    collection.close()
    (root / "notes" / "concurrency.md").write_bytes(b"")
    outcome = run_cli(root, "sync", "--collection", str(path), "--removed", "delete", epoch=V2)
    assert outcome.exit_code == 1
    assert (
        "cannot read concurrency.md: sync stopped, so that their cards are not taken as removed"
        in outcome.output
    )
    collection = Collection(str(path))
    try:
        assert state(collection) == before
    finally:
        collection.close()


def test_a_new_card_style_reaches_the_collection_with_no_new_note(studied, monkeypatch):
    root, path, _ = studied
    from notes2anki.sync import run as sync_run

    monkeypatch.setattr(sync_run, "card_css", lambda: ".card { color: teal; }")
    (root / "notes" / "concurrency.md").unlink()  # the new question is in it: nothing is added
    outcome = run_cli(root, "sync", "--collection", str(path), "--removed", "keep", epoch=V2)
    assert outcome.exit_code == 0, outcome.output
    assert ": 0 added, " in outcome.output
    collection = Collection(str(path))
    try:
        assert collection.models.by_name("notes2anki Q/A")["css"] == ".card { color: teal; }"
    finally:
        collection.close()


def test_collection_and_profile_are_one_or_the_other(tmp_path):
    root = write_notes_project(tmp_path / "project")
    outcome = run_cli(
        root, "sync", "--collection", str(tmp_path / "c.anki2"), "--profile", "User 1", epoch=V1
    )
    assert outcome.exit_code == 2 and "give --collection or --profile, not both" in outcome.output
