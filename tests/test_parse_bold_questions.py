"""Questions written as bold paragraphs under topic headings."""

from __future__ import annotations

from parse_helpers import answer, note, parse, questions

from notes2anki.parse.bold_questions import undecorated


def test_a_bold_paragraph_that_asks_is_a_question_and_bold_words_in_prose_are_not():
    parsed = parse(
        note(
            "## Soil",
            "",
            "**Why does clay hold water? 🌱**",
            "",
            "Its fine particles leave tiny pores.",
            "",
            "**Loam** is a mix of sand, silt and clay.",
            "",
            "<br/>",
            "",
            "**How do worms help a garden? 🌱🌱**",
            "",
            "They tunnel, which lets air in.",
        )
    )
    assert questions(parsed) == ["Why does clay hold water?", "How do worms help a garden?"]
    assert answer(parsed, "Why does clay hold water?").startswith("Its fine particles")
    assert "**Loam** is a mix" in answer(parsed, "Why does clay hold water?")
    assert parsed.sections[0].context == ("Soil",)


def test_a_bold_title_that_does_not_ask_is_a_question_where_the_note_asks_in_bold():
    parsed = parse(
        note(
            "## Light",
            "",
            "**What is a lumen?**",
            "",
            "A unit of visible light.",
            "",
            "**Colour temperature ⭐️**",
            "",
            "Warm light is near 2700 K.",
            "",
            "**What is glare?**",
            "",
            "Light that hinders sight.",
        )
    )
    assert questions(parsed) == ["What is a lumen?", "Colour temperature", "What is glare?"]


def test_a_bold_line_under_a_heading_that_asks_stays_in_its_answer():
    parsed = parse(note("### What is compost?", "", "**Why bother with it?**", "", "It feeds the soil."))
    assert questions(parsed) == ["What is compost?"]


def test_marks_after_a_bold_question_are_decoration():
    assert undecorated("Is it useful? \u200d⭐️x") == "Is it useful?"
    assert undecorated("Soil pH 🌱") == "Soil pH"


def test_a_bold_label_ending_in_a_colon_stays_in_the_answer():
    parsed = parse(
        note(
            "## Water",
            "",
            "**What is hard water?**",
            "",
            "Water with much calcium.",
            "",
            "**Example:**",
            "",
            "Kettle scale.",
            "",
            "**What is soft water?**",
            "",
            "Little calcium.",
        )
    )
    assert questions(parsed) == ["What is hard water?", "What is soft water?"]


def test_layout_tag_lines_between_answers_are_not_shown():
    parsed = parse(
        note(
            "## Sky",
            "",
            "**Why is the sky blue?**",
            "",
            "Short waves scatter more.",
            "",
            "<br/>",
            "",
            '<p align="center">',
            "</p>",
        )
    )
    assert answer(parsed, "Why is the sky blue?") == "Short waves scatter more."


def test_the_prose_under_a_notes_only_title_is_an_introduction_reported_on_no_card():
    parsed = parse(
        note(
            "# Garden questions",
            "",
            "Collected from friends; check before trusting.",
            "",
            "* Legend: 🌱 easy",
            "",
            "## Soil",
            "",
            "**Why does clay hold water?**",
            "",
            "Fine pores.",
        )
    )
    assert questions(parsed) == ["Why does clay hold water?"]
    assert parsed.sections[0].context == ("Garden questions", "Soil")
    assert [d.location.line for d in parsed.diagnostics if d.level.value == "left out"] == [3]


def test_a_title_that_asks_keeps_its_answer():
    parsed = parse(
        note("# Why keep a garden diary?", "", "To see what worked.", "", "## Spring", "", "Sow peas.")
    )
    assert questions(parsed) == ["Why keep a garden diary?", "Spring"]


def test_question_and_answer_pairs_under_a_notes_only_title_keep_their_cards():
    parsed = parse(
        note(
            "# Night sky",
            "",
            "Q: What is a comet?",
            "A: Ice and dust near the sun.",
            "",
            "## Planets",
            "",
            "Q: Which is red?",
            "A: Mars.",
        )
    )
    assert questions(parsed) == ["What is a comet?", "Which is red?"]
