"""Sub-headings inside an answer are parts of it, not cards of their own."""

from __future__ import annotations

from parse_helpers import answer, note, parse, questions


def test_label_sub_headings_under_a_heading_that_asks_are_parts_of_its_answer():
    parsed = parse(
        note(
            "## 1. Why do cats purr?",
            "",
            "Mostly to calm themselves.",
            "",
            "### Example",
            "",
            "A cat at the vet purrs.",
            "",
            "### Key points",
            "",
            "- low frequency",
            "",
            "## 2. Why do dogs pant?",
            "",
            "To cool down.",
            "",
            "### Example",
            "",
            "After a run.",
        )
    )
    assert questions(parsed) == ["Why do cats purr?", "Why do dogs pant?"]
    assert "### Key points" in answer(parsed, "Why do cats purr?")
    assert answer(parsed, "Why do dogs pant?").endswith("After a run.")


def test_a_sub_heading_that_asks_stays_a_question():
    parsed = parse(
        note("## Why is the sky blue?", "", "Scattering.", "", "### Why are sunsets red?", "", "Longer path.")
    )
    assert questions(parsed) == ["Why is the sky blue?", "Why are sunsets red?"]


def test_a_lone_label_ending_in_a_colon_starts_the_answer_of_the_heading_above():
    parsed = parse(
        note("### 潮汐成因及影响", "", "#### 成因：", "", "月球引力。", "", "### 季风", "", "海陆热力差异。")
    )
    assert questions(parsed) == ["潮汐成因及影响", "季风"]
    assert answer(parsed, "潮汐成因及影响").endswith("月球引力。")


def test_facets_of_a_heading_that_does_not_ask_stay_cards():
    parsed = parse(note("### 新版变化", "", "##### 语法", "", "更严格。", "", "##### 性能", "", "更快。"))
    assert questions(parsed) == ["语法", "性能"]


def test_the_sections_under_a_notes_title_that_asks_are_not_folded():
    parsed = parse(
        note(
            "# How do plants grow",
            "",
            "## Roots",
            "",
            "They take up water.",
            "",
            "## Leaves",
            "",
            "They make sugar.",
        )
    )
    assert questions(parsed) == ["Roots", "Leaves"]


def test_same_named_parts_of_different_topics_carry_their_topic_and_never_merge():
    from notes2anki.dedupe.merge import merge_duplicates

    parsed = parse(
        note(
            "## Oak trees",
            "",
            "### Example",
            "",
            "The English oak lives long.",
            "",
            "## Pine trees",
            "",
            "### Example",
            "",
            "The stone pine has edible seeds.",
        )
    )
    assert [found.parent for found in parsed.sections] == ["Oak trees", "Pine trees"]
    assert len(merge_duplicates(parsed.sections).cards) == 2
