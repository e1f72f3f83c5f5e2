"""Build the deck from sources/ and import it with the real anki package."""

from __future__ import annotations

import filecmp

from anki_helpers import import_deck, new_collection
from conftest import REPO, SHARED_NOTES

from notes2anki.pipeline.stages import run_pipeline


def test_sources_are_the_users_notes_byte_for_byte():
    names = sorted(p.name for p in SHARED_NOTES.iterdir())
    assert names == sorted(p.name for p in (REPO / "sources").iterdir())
    _match, mismatch, errors = filecmp.cmpfiles(SHARED_NOTES, REPO / "sources", names, shallow=False)
    assert mismatch == [] and errors == []


def test_deck_imports_into_anki_cleanly(repo_config, repo_result, repo_deck, tmp_path):
    collection = new_collection(tmp_path / "anki")
    try:
        log = import_deck(collection, repo_deck)
        assert len(log.new) == len(repo_result.notes) > 100
        assert len(log.conflicting) == 0 and len(log.duplicate) == 0

        root = repo_config.deck_name
        card_ids = collection.find_cards("")
        assert len(card_ids) == len(repo_result.notes)
        code_cards = 0
        for card_id in card_ids:
            card = collection.get_card(card_id)
            deck = collection.decks.name(card.did)
            assert deck.startswith(root + "::") and deck.count("::") == 1, deck
            note = card.note()
            assert note.tags, note["Question"]
            front = card.question()
            assert note["Question"].strip() and front.strip()
            code_cards += 'class="highlight"' in card.answer() and '<span class="k' in card.answer()
        assert code_cards >= 10
        # Anki finds no media missing: nothing in the note type's CSS reads to it as a file name.
        assert list(collection.media.check().missing) == []
    finally:
        collection.close()


def test_two_builds_give_the_same_guids(repo_config, repo_result):
    again = run_pipeline(repo_config)
    assert [n.guid for n in again.notes] == [n.guid for n in repo_result.notes]
    assert len({n.guid for n in again.notes}) == len(again.notes)
