"""Outliner pages: block properties and drawers are metadata, never on a card."""

from __future__ import annotations

from parse_helpers import answer, note, parse, questions


def test_block_properties_and_logbook_drawers_are_not_on_cards():
    parsed = parse(
        note(
            "- ## Gruppe",
            "\t- eine Menge mit einer Verknüpfung",
            "\t- Beispiel",
            "\t  collapsed:: true",
            "\t\t- die ganzen Zahlen mit $+$",
            "\t\t  :LOGBOOK:",
            "\t\t  CLOCK: [2025-01-06 Mon 09:00]--[2025-01-06 Mon 09:20] =>  00:20:00",
            "\t\t  :END:",
            "\t\t- id:: 1a2b3c4d-0000-4000-8000-000000000000",
            "\t\t  $$a+b=b+a$$",
        )
    )
    text = "\n".join(block.text for found in parsed.sections for block in found.answer)
    assert "collapsed::" not in text and "CLOCK" not in text and "id::" not in text
    assert "$$a+b=b+a$$" in text
    assert "Gruppe" in questions(parsed)


def test_a_question_with_double_colons_and_words_is_not_a_property():
    parsed = parse(note("## Merksatz", "", "Was ist ein Monoid?:: eine Halbgruppe mit Eins"))
    assert "Halbgruppe" in answer(parsed, "Merksatz")
