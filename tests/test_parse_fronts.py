"""Fronts read as text: emphasis, numbering of several levels, entities, and code inside a summary."""

from __future__ import annotations

from parse_helpers import answer, note, parse, questions, section

from notes2anki.parse.questions import clean_question


def test_a_question_shows_emphasised_words_without_their_markers():
    assert clean_question("### What is a _view function_?") == "What is a view function?"
    assert clean_question("*Lazy* loading, why?") == "Lazy loading, why?"
    assert clean_question("__init__ 和 __new__ 的区别") == "__init__ 和 __new__ 的区别"
    assert clean_question("*和**的区别") == "*和**的区别"


def test_numbering_of_several_levels_goes_and_the_words_after_it_stay():
    assert clean_question("4.2udp的首部") == "udp的首部"
    assert clean_question("1.1.3 索引下推") == "索引下推"
    assert clean_question("2.3个常用模块") == "3个常用模块"


def test_an_entity_in_a_heading_shows_as_its_character():
    assert clean_question("## Cats &amp; dogs") == "Cats & dogs"


def test_code_inside_a_summary_is_shown_under_the_question_as_code():
    parsed = parse(
        note(
            "## Quiz",
            "",
            "<details><summary>What does this print?",
            "",
            "```python",
            "print(len('héllo'))",
            "```",
            "</summary>",
            "",
            "5: len counts characters.",
            "</details>",
        )
    )
    assert questions(parsed) == ["What does this print?"]
    front = section(parsed, "What does this print?").front
    assert [(block.language, block.text) for block in front] == [("python", "print(len('héllo'))")]
    assert answer(parsed, "What does this print?") == "5: len counts characters."
