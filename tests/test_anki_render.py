"""Cards render through Anki's own renderer: no template errors, no blank fronts, the answer on the back."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pytest
from anki_helpers import import_deck, new_collection
from card_samples import sample_notes

from notes2anki.model import Note
from notes2anki.package.apkg import build_package, write_apkg
from notes2anki.preview.page import card_sides
from notes2anki.render.style import card_css

STYLE = re.compile(r"^<style>.*?</style>", re.DOTALL)
LINE_NUMBER = re.compile(r"\.\w+:\d+")


@dataclass(frozen=True)
class Shown:
    """One card as Anki renders it for the reviewer."""

    note: Note
    question: str
    answer: str


def visible_text(markup: str) -> str:
    """Text as a browser shows it: tags gone, entities decoded, runs of white space collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", STYLE.sub("", markup)))).strip()


def template_errors(collection) -> tuple[str, ...]:
    tr = collection.tr
    return (
        tr.card_template_rendering_front_side_problem(),
        tr.card_template_rendering_back_side_problem(),
        tr.card_template_rendering_empty_front(),
        tr.card_template_rendering_more_info(),
    )


def render_in_anki(apkg, notes: tuple[Note, ...], folder) -> tuple[list[Shown], tuple[str, ...]]:
    collection = new_collection(folder)
    try:
        log = import_deck(collection, apkg)
        assert len(log.new) == len(notes)
        by_guid = {note.guid: note for note in notes}
        shown = []
        for card_id in collection.find_cards(""):
            card = collection.get_card(card_id)
            shown.append(Shown(by_guid[card.note()["Id"]], card.question(), card.answer()))
        return shown, template_errors(collection)
    finally:
        collection.close()


@pytest.fixture(scope="module")
def deck_in_anki(repo_deck, repo_result, tmp_path_factory):
    return render_in_anki(repo_deck, repo_result.notes, tmp_path_factory.mktemp("anki-render"))


@pytest.fixture(scope="module")
def samples_in_anki(repo_config, tmp_path_factory):
    notes = sample_notes()
    folder = tmp_path_factory.mktemp("anki-samples")
    package = build_package(notes, repo_config, card_css(), "samples", notes[0].modified, repo_config.version)
    write_apkg(package, folder / "samples.apkg", notes[0].modified)
    shown, errors = render_in_anki(folder / "samples.apkg", notes, folder / "collection")
    return {card.note.rendered.card.question: card for card in shown}, errors


def test_every_card_renders_without_template_errors(deck_in_anki, repo_result):
    shown, errors = deck_in_anki
    assert len(shown) == len(repo_result.notes) > 100
    broken = [
        card.note.rendered.card.question
        for card in shown
        if any(e in card.question + card.answer for e in errors)
    ]
    assert broken == []


def test_every_front_shows_its_question_in_the_note_type_css(deck_in_anki):
    shown, _ = deck_in_anki
    for card in shown:
        front = visible_text(card.question)
        question = " ".join(card.note.rendered.card.display_question.split())
        assert front and question in front, card.question[-300:]
        assert card.question.startswith(f"<style>{card_css()}</style>")


def test_every_back_shows_the_answer_then_where_it_came_from(deck_in_anki):
    shown, _ = deck_in_anki
    for card in shown:
        answer = card.answer.find(f'<div class="answer">{card.note.rendered.answer_html}</div>')
        source = card.answer.find('<div class="source">')
        assert 0 < answer < source, card.note.rendered.card.question
        source_text = visible_text(card.answer[source:])
        assert card.note.rendered.card.location.source in source_text
        assert not LINE_NUMBER.search(source_text), source_text


def test_the_preview_renders_the_same_html_as_anki(deck_in_anki):
    shown, _ = deck_in_anki
    for card in shown:
        assert card_sides(card.note) == (STYLE.sub("", card.question), STYLE.sub("", card.answer))


def test_aliases_and_the_parent_heading_are_on_the_front(samples_in_anki):
    shown, errors = samples_in_anki
    decorator, python3 = shown["什么是装饰器？"], shown["特性"]
    assert "Also asked as" in visible_text(decorator.question)
    assert (
        "<li>decorator 是什么</li>" in decorator.question and "<li>Python 装饰器</li>" in decorator.question
    )
    assert '<span class="question-parent">Python3特性和变化 › </span>特性' in python3.question
    assert "Also asked as" not in visible_text(python3.question)
    assert not any(e in card.question + card.answer for card in shown.values() for e in errors)


def test_code_lists_and_tables_reach_the_back_styled(samples_in_anki):
    shown, _ = samples_in_anki
    decorator, python3 = shown["什么是装饰器？"], shown["特性"]
    assert '<div class="highlight">' in decorator.answer and '<span class="k">def</span>' in decorator.answer
    assert "<table>" in python3.answer and "<li>print 是函数</li>" in python3.answer
    assert '<div class="source">sample.md › Python3特性和变化 › 特性</div>' in python3.answer
