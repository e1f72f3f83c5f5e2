"""Cloze and reversed notes as Anki shows them: built, imported with the real anki package, studied,
edited and rebuilt."""

from __future__ import annotations

import json
import re

from anki_helpers import import_deck, new_collection
from notes_project import run_cli
from small_project import DECK_FILE, write_project
from test_rebuild_anki import progress, study_every_card

from notes2anki.package.search import notes_search

V1_EPOCH = 1_700_000_000
V2_EPOCH = V1_EPOCH + 86_400

NOTES = """\
#flashcards

# Geography

Which river flows through Vienna::The Danube.
Capital of Kenya:::Nairobi

The longest river of {{c1::South America}} is the {{c2::Amazon::a river}}.
"""


def build(tmp_path, text: str, epoch: int):
    config = write_project(tmp_path / "project", {"geo.md": text})
    result = run_cli(config.parent, "build", epoch=epoch)
    assert result.exit_code == 0, result.output
    return config.parent / "build" / DECK_FILE


def visible(html: str) -> str:
    """What a learner reads of a rendered card: no style sheet, no tags or their attributes."""
    return re.sub(r"<[^>]+>", "", re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL))


def cards_of(collection, note_type: str):
    return [collection.get_card(card_id) for card_id in collection.find_cards(f'"note:{note_type}"')]


def test_a_cloze_is_hidden_on_the_front_and_shown_on_the_back(tmp_path):
    collection = new_collection(tmp_path / "anki")
    try:
        log = import_deck(collection, build(tmp_path, NOTES, V1_EPOCH))
        assert len(log.new) == 3 and not log.conflicting  # notes: five cards
        clozes = sorted(cards_of(collection, "notes2anki Cloze"), key=lambda card: card.ord)
        assert [card.ord for card in clozes] == [0, 1]
        first, second = (visible(card.question()) for card in clozes)
        assert "[...]" in first and "South America" not in first and "Amazon" in first
        assert "[a river]" in second and "Amazon" not in second.replace("South America", "")
        assert "South America" in visible(clozes[0].answer()) and "Amazon" in visible(clozes[1].answer())
    finally:
        collection.close()


def test_a_reversed_note_makes_a_card_each_way(tmp_path):
    collection = new_collection(tmp_path / "anki")
    try:
        import_deck(collection, build(tmp_path, NOTES, V1_EPOCH))
        reversed_cards = sorted(cards_of(collection, "notes2anki Q/A reversed"), key=lambda card: card.ord)
        assert len(reversed_cards) == 2 and len({card.nid for card in reversed_cards}) == 1
        forward, backward = (visible(card.question()) for card in reversed_cards)
        assert "Capital of Kenya" in forward and "Nairobi" not in forward
        assert "Nairobi" in backward and "Capital of Kenya" not in backward
        assert len(cards_of(collection, "notes2anki Q/A")) == 1
    finally:
        collection.close()


def test_a_rebuild_after_editing_a_cloze_updates_it_in_place(tmp_path):
    collection = new_collection(tmp_path / "anki")
    try:
        import_deck(collection, build(tmp_path, NOTES, V1_EPOCH))
        study_every_card(collection)
        before = progress(collection)
        (note_id,) = collection.find_notes('"note:notes2anki Cloze"')
        edited = NOTES.replace("{{c2::Amazon::a river}}", "{{c2::Amazon River::a river}}")
        log = import_deck(collection, build(tmp_path, edited, V2_EPOCH))
        assert len(log.updated) == 1 and not log.new and not log.conflicting
        assert "Amazon River" in collection.get_note(note_id)["Text"]
        after = progress(collection)
        assert after.keys() == before.keys()
        assert all(after[card][1] == before[card][1] for card in before)  # review history kept
    finally:
        collection.close()


def test_the_export_shows_a_cloze_as_its_hidden_question_and_its_full_text(tmp_path):
    deck = build(tmp_path, NOTES, V1_EPOCH)
    root = deck.parent.parent
    result = run_cli(root, "export", str(root / "cards.json"), epoch=V1_EPOCH)
    assert result.exit_code == 0, result.output
    cards = {card["question"]: card for card in json.loads((root / "cards.json").read_text())["cards"]}
    cloze = cards["The longest river of [...] is the [...]."]
    assert cloze["answer_text"] == "The longest river of South America is the Amazon."


MATH_NOTES = """\
# Probability

## What is the variance of $X$?

$$\\operatorname{Var}(X) = E[(X - \\mu)^2]$$ where $\\mu_X = E[X]$; a ticket costs $5.
"""


def test_math_reaches_the_rendered_card_inside_mathjax_delimiters(tmp_path):
    collection = new_collection(tmp_path / "anki")
    try:
        import_deck(collection, build(tmp_path, MATH_NOTES, V1_EPOCH))
        (card,) = cards_of(collection, "notes2anki Q/A")
        assert "\\(X\\)" in card.question()
        answer = card.answer()
        assert "\\[\\operatorname{Var}(X) = E[(X - \\mu)^2]\\]" in answer
        assert "\\(\\mu_X = E[X]\\)" in answer and "costs $5." in answer
    finally:
        collection.close()


def test_a_card_that_becomes_another_kind_is_a_new_note_not_a_conflict(tmp_path):
    one_way = "#flashcards\n\n# Geography\n\nCapital of Kenya::Nairobi, the largest city.\n"
    collection = new_collection(tmp_path / "anki")
    try:
        import_deck(collection, build(tmp_path, one_way, V1_EPOCH))
        log = import_deck(collection, build(tmp_path, one_way.replace("::", ":::"), V2_EPOCH))
        assert len(log.new) == 1 and not log.conflicting and not log.updated
        assert len(cards_of(collection, "notes2anki Q/A reversed")) == 2
    finally:
        collection.close()


def test_sync_updates_an_edited_cloze_in_place_and_suspends_a_removed_one(tmp_path):
    deck = build(tmp_path, NOTES, V1_EPOCH)
    root = deck.parent.parent
    path = tmp_path / "anki" / "collection.anki2"
    collection = new_collection(path.parent)
    import_deck(collection, deck)
    study_every_card(collection)
    before = progress(collection)
    collection.close()
    edited = NOTES.replace("{{c2::Amazon::a river}}", "{{c2::Amazon River::a river}}")
    (root / "sources" / "geo.md").write_text(edited + "\nRivers end in the {{c1::sea}}.\n", encoding="utf-8")
    assert run_cli(root, "sync", "--collection", str(path), epoch=V2_EPOCH).exit_code == 0
    (root / "sources" / "geo.md").write_text(edited, encoding="utf-8")
    result = run_cli(root, "sync", "--collection", str(path), epoch=V2_EPOCH + 60)
    assert result.exit_code == 0, result.output
    collection = new_collection(path.parent)
    try:
        (note_id,) = collection.find_notes('"note:notes2anki Cloze" Amazon')
        assert "Amazon River" in collection.get_note(note_id)["Text"]
        after = progress(collection)
        assert all(after[card][1] == before[card][1] for card in before)  # studied cards kept their history
        (sea,) = collection.find_notes('"note:notes2anki Cloze" sea')
        assert all(card.queue == -1 for card in collection.get_note(sea).cards())  # removed: suspended
    finally:
        collection.close()


def test_the_search_for_removed_notes_finds_clozes_and_reversed_notes_too(tmp_path):
    collection = new_collection(tmp_path / "anki")
    try:
        import_deck(collection, build(tmp_path, NOTES, V1_EPOCH))
        guids = {collection.get_note(nid).guid: nid for nid in collection.find_notes("")}
        assert sorted(guid[:4] for guid in guids) == ["n2a-", "n2c-", "n2r-"]
        search = notes_search(tuple(sorted(guids)))
        assert sorted(collection.find_notes(search)) == sorted(guids.values())
        qa_only = next(guid for guid in guids if guid.startswith("n2a-"))
        assert notes_search((qa_only,)) == f'"note:notes2anki Q/A" ("Id:{qa_only}")'
    finally:
        collection.close()
