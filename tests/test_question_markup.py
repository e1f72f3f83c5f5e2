"""A heading's inline Markdown shows on the question field (emphasis, strong, code, a link's text),
while the question's words, and so the card's identity, stay those of its text form."""

from __future__ import annotations

import json

import pytest
from anki_helpers import import_deck, new_collection
from hostile_project import run, write_notes_project

from notes2anki.config import load_config
from notes2anki.model import SourceFile
from notes2anki.parse import parse_file
from notes2anki.pipeline.stages import run_pipeline
from notes2anki.render.fields import first_line_text, question_html


def question_field(tmp_path, heading: str) -> tuple[str, str]:
    """The question's text form and the question field's HTML for a note of one ``heading``."""
    root = write_notes_project(tmp_path / "project", {"n.md": f"{heading}\n\nAn answer.\n"})
    [note] = run_pipeline(load_config(root / "notes2anki.toml")).notes
    return note.rendered.card.question, question_html(note.rendered)


@pytest.mark.parametrize(
    ("heading", "question", "field"),
    [
        (
            "## What is a _context manager_?",
            "What is a context manager?",
            "What is a <em>context manager</em>?",
        ),
        (
            "### 3. Why is **GIL** a _lock_?",
            "Why is GIL a lock?",
            "Why is <strong>GIL</strong> a <em>lock</em>?",
        ),
        ("#### 12、什么是`yield`？", "什么是yield？", "什么是<code>yield</code>？"),
        ("## **僵尸进程**和孤儿进程：", "僵尸进程和孤儿进程", "<strong>僵尸进程</strong>和孤儿进程"),
        ("## Pickling &amp; *unpickling*", "Pickling & unpickling", "Pickling &amp; <em>unpickling</em>"),
        (
            "## How does [asyncio](https://docs.python.org) *schedule*?",
            "How does asyncio schedule?",
            "How does asyncio <em>schedule</em>?",
        ),
        (
            "## What does `<div>` *wrap*?",
            "What does <div> wrap?",
            "What does <code>&lt;div&gt;</code> <em>wrap</em>?",
        ),
    ],
)
def test_the_question_field_shows_the_headings_inline_markdown(tmp_path, heading, question, field):
    text, markup = question_field(tmp_path, heading)
    assert text == question
    assert markup == f'<div class="question">{field}</div>'
    assert first_line_text(markup) == question  # what the lock, sync and recovery read back


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("## What is a context manager?", "What is a context manager?"),
        ("## 2.3tcp的拥塞控制", "tcp的拥塞控制"),
        ("## What is __slots__ for?", "What is __slots__ for?"),
        ("## Is $x_1 < x_2$ *true*?", "Is \\(x_1 &lt; x_2\\) true?"),
        ('## Tom\'s "last" answer & more', "Tom&#x27;s &quot;last&quot; answer &amp; more"),
    ],
)
def test_a_question_with_no_inline_markdown_or_with_math_shows_as_before(tmp_path, heading, field):
    assert question_field(tmp_path, heading)[1] == f'<div class="question">{field}</div>'


def test_plain_text_notes_show_their_questions_as_text(tmp_path):
    note = "什么是_私有_变量？\n\t以下划线开头的名字。\n"
    parsed = parse_file(SourceFile("n.txt", tmp_path / "n.txt", note, "utf-8", tmp_path))
    assert [section.question_markdown for section in parsed.sections] == [""]


def test_emphasis_added_to_a_heading_keeps_the_card_and_updates_it_in_anki(tmp_path):
    """The card's GUID is keyed by the question's words: emphasis keeps it, and the changed field
    gets a newer change time, so Anki updates the note it already has."""
    root = write_notes_project(
        tmp_path / "project", {"n.md": "## What is a context manager?\n\nAn object with __enter__.\n"}
    )
    assert run(root, "build").exit_code == 0
    before = json.loads((root / "notes2anki.lock").read_text("utf-8"))
    collection = new_collection(tmp_path / "anki")
    try:
        import_deck(collection, root / "build" / "notes-0.1.0.apkg")
        (root / "notes" / "n.md").write_text(
            "## What is a _context manager_?\n\nAn object with __enter__.\n", "utf-8"
        )
        built = run(root, "build")
        assert built.exit_code == 0, built.output
        after = json.loads((root / "notes2anki.lock").read_text("utf-8"))
        log = import_deck(collection, root / "build" / "notes-0.1.0.apkg")
        assert len(log.updated) == 1 and not log.new
        [card_id] = collection.find_cards("")
        card = collection.get_card(card_id)
        assert '<div class="question">What is a <em>context manager</em>?</div>' in card.question()
        assert card.note()["Question"] == '<div class="question">What is a <em>context manager</em>?</div>'
    finally:
        collection.close()
    [old] = before["notes"]
    [new] = after["notes"]
    assert (new["guid"], new["key"], new["question"]) == (old["guid"], old["key"], old["question"])
    assert new["content"] != old["content"]


def test_a_heading_too_much_for_markdown_shows_as_text_at_once(tmp_path):
    heading = "## Is " + "a<b " * 5_000 + "*true*?"
    markup = question_field(tmp_path, heading)[1]
    assert "<em>" not in markup and markup.startswith('<div class="question">Is a&lt;b a&lt;b')
