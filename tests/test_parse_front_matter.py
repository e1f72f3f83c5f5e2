"""One question per file: the front matter title asks, the body answers; MDX read as Markdown."""

from __future__ import annotations

from parse_helpers import note, parse

from notes2anki.read.discover import is_notes_name

QUIZ = note(
    "---",
    'title: "Why do hash tables resize?"',
    "difficulty: easy",
    "---",
    "",
    "To keep chains short: past a load factor, lookups slow down.",
    "",
    "```py",
    "# grows when full",
    "d = {}",
    "```",
)


def test_the_title_of_a_note_without_headings_is_its_question():
    parsed = parse(QUIZ)
    (section,) = parsed.sections
    assert section.question == "Why do hash tables resize?" and section.location.line == 2
    assert "load factor" in section.answer[0].text and "d = {}" in section.answer[-1].text


def test_a_note_with_headings_keeps_them_as_its_questions():
    text = note(
        "---", "title: Sorting", "---", "", "## What is a stable sort?", "", "Equal keys keep their order."
    )
    assert [section.question for section in parse(text).sections] == ["What is a stable sort?"]


def test_a_title_over_nothing_is_no_card():
    assert not parse(note("---", "title: Empty page", "---", "")).sections


MDX = note(
    "---",
    "title: What does a CDN cache?",
    "---",
    "",
    "import Note from '@site/components/Note';",
    "export const level = 2;",
    "",
    "Static files near the readers: images, scripts, style sheets.",
    "",
    '<Note kind="warn" />',
    "",
    "Pages that change per reader are fetched from the origin.",
)


def test_mdx_module_lines_and_self_closing_components_are_not_notes():
    (section,) = parse(MDX, name="cdn.mdx").sections
    text = "\n".join(block.text for block in section.answer)
    assert section.question == "What does a CDN cache?"
    assert "Static files" in text and "origin" in text
    assert "import" not in text and "<Note" not in text and "export" not in text


def test_mdx_files_are_notes():
    assert is_notes_name("docs/quiz.mdx")


def test_front_matter_tags_and_deck_label_every_card_of_the_note():
    text = note(
        "---",
        "tags:",
        "  - databases",
        "  - indexes",
        "topic: Storage/Engines",
        "---",
        "## What does a B-tree index speed up?",
        "",
        "Range scans and point lookups.",
    )
    (section,) = parse(text).sections
    assert section.labels == ("databases", "indexes") and section.deck == "Storage::Engines"


def test_the_flashcards_tag_names_the_deck_and_is_no_tag():
    text = note(
        "---",
        "tags: [flashcards/biology/cells, review]",
        "---",
        "# Cells",
        "",
        "Organelle::A part of a cell.",
    )
    (section,) = parse(text).sections
    assert section.deck == "biology::cells" and section.labels == ("review",)


def test_a_note_without_front_matter_chooses_nothing():
    (section,) = parse(note("## What is DNS?", "", "The phone book of the internet.")).sections
    assert section.labels == () and section.deck == ""
