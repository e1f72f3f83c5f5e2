"""<details> blocks in any wording: a summary that only labels the answer leaves the question to the
heading and what stands above it; tables of contents and navigation are never cards."""

from __future__ import annotations

from parse_helpers import answer, note, parse, questions, section, unanswered

from notes2anki.parse.details import is_label_shaped


def test_a_label_repeated_down_the_note_is_no_question_whatever_its_wording():
    parsed = parse(
        note(
            "## Shell tasks",
            "",
            "### Make a folder named 'drafts'",
            "",
            "<details><summary>peek</summary>",
            "<p>",
            "",
            "```bash",
            "mkdir drafts",
            "```",
            "",
            "</p>",
            "</details>",
            "",
            "### Count the lines of notes.txt",
            "",
            "<details><summary>peek</summary>",
            "",
            "```bash",
            "wc -l notes.txt",
            "```",
            "",
            "</details>",
        )
    )
    assert questions(parsed) == ["Make a folder named 'drafts'", "Count the lines of notes.txt"]
    assert answer(parsed, "Count the lines of notes.txt") == "wc -l notes.txt"


def test_a_short_summary_under_a_heading_that_asks_is_a_label_even_once():
    parsed = parse(
        note(
            "### Why do leaves turn red?",
            "",
            "<details><summary>Reveal it</summary>",
            "Anthocyanins show once chlorophyll fades.",
            "</details>",
        )
    )
    assert questions(parsed) == ["Why do leaves turn red?"]
    assert answer(parsed, "Why do leaves turn red?") == "Anthocyanins show once chlorophyll fades."


def test_code_above_a_label_is_the_front_and_back_links_after_it_are_dropped():
    parsed = parse(
        note(
            "## Puzzles",
            "",
            "### What does this log?",
            "",
            "```js",
            "console.log(0.1 + 0.2 === 0.3)",
            "```",
            "",
            "<details>",
            "<summary>Open</summary>",
            "It logs false: floating point sums round.",
            "",
            "</details>",
            "",
            "<br>[↑ Up](#puzzles)",
            "",
            "### What does this log too?",
            "",
            "<details>",
            "<summary>Open</summary>",
            "It logs NaN.",
            "</details>",
        )
    )
    card = section(parsed, "What does this log?")
    assert [block.text for block in card.front] == ["console.log(0.1 + 0.2 === 0.3)"]
    assert answer(parsed, "What does this log?") == "It logs false: floating point sums round."


def test_a_summary_that_asks_keeps_the_lead_in_as_the_headings_own_answer():
    parsed = parse(
        note(
            "## Rivers",
            "",
            "Rivers carry water to the sea.",
            "",
            "<details><summary>Which river is longest?</summary>",
            "The Nile, by most counts.",
            "</details>",
        )
    )
    assert questions(parsed) == ["Which river is longest?", "Rivers"]
    assert answer(parsed, "Rivers") == "Rivers carry water to the sea."


def test_question_and_answer_pairs_above_a_details_block_keep_their_cards():
    parsed = parse(
        note(
            "Q: Which planet is closest to the sun?",
            "A: Mercury.",
            "",
            "Q: What gas do plants take in?",
            "A: Carbon dioxide.",
            "",
            "<details><summary>Which metal melts in your hand?</summary>",
            "Gallium.",
            "</details>",
        )
    )
    assert sorted(questions(parsed)) == sorted(
        [
            "Which planet is closest to the sun?",
            "What gas do plants take in?",
            "Which metal melts in your hand?",
        ]
    )


def test_a_details_table_of_contents_is_no_card_and_its_heading_no_question():
    parsed = parse(
        note(
            "## Contents",
            "",
            "### Part one",
            "",
            "<details>",
            "<summary>See all</summary>",
            "* [What is rain?",
            "](#what-is-rain)",
            "* [What is snow?](#what-is-snow)",
            "</details>",
            "",
            "## Weather",
            "",
            "### What is rain?",
            "",
            "Water falling from clouds.",
        )
    )
    assert questions(parsed) == ["What is rain?"]
    assert unanswered(parsed) == []


def test_breadcrumbs_and_linked_banners_are_references_not_answers():
    parsed = parse(
        note(
            "# Garden tasks",
            "",
            "site.example > Guides > Soil > [Testing soil](https://site.example/soil)",
            "",
            "### Water the beds at dawn",
            "",
            "Use the soaker hose for an hour.",
            "",
            "## Online",
            "",
            '<a href="https://site.example"><img src="banner.png" alt="banner"></a>',
        )
    )
    assert questions(parsed) == ["Water the beds at dawn"]


def test_labels_are_short_and_ask_nothing():
    assert is_label_shaped("View answer") and is_label_shaped("show") and is_label_shaped("点击展开")
    assert not is_label_shaped("What is hoisting?")
    assert not is_label_shaped("The answer with all of its many details")


def test_questions_written_above_labelled_answers_under_a_topic_heading_ask_for_themselves():
    parsed = parse(
        note(
            "## Rocks",
            "",
            "**1. What is basalt?**",
            "",
            "<details><summary>Answer</summary>",
            "",
            "A dark volcanic rock.",
            "",
            "</details>",
            "",
            "---",
            "",
            "2. Which rock floats?",
            "",
            "```",
            "pumice vs granite",
            "```",
            "",
            "<details><summary>Answer</summary>",
            "Pumice.",
            "</details>",
        )
    )
    assert questions(parsed) == ["What is basalt?", "Which rock floats?"]
    assert [block.text for block in section(parsed, "Which rock floats?").front] == ["pumice vs granite"]
