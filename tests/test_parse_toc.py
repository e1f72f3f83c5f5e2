"""Tables of contents, in every form, are never cards and never glued to an answer."""

from __future__ import annotations

from parse_helpers import answer, note, parse, questions, unanswered


def test_a_generated_table_between_gfm_markers_is_set_aside():
    parsed = parse(
        note(
            "<!-- GFM-TOC -->",
            "* [一、光](#一光)",
            "    * [折射](#折射)",
            "* [二、声](#二声)",
            "<!-- GFM-TOC -->",
            "",
            "# 一、光",
            "## 折射",
            "光从一种介质斜射入另一种介质时方向改变。",
        )
    )
    assert questions(parsed) == ["折射"] and unanswered(parsed) == []
    assert not [d for d in parsed.diagnostics if d.level.value == "left out"]


def test_a_table_between_toc_and_tocstop_is_set_aside():
    parsed = parse(
        note(
            "# Soil notes",
            "",
            "<!-- toc -->",
            "",
            "- [Clay](#clay)",
            "  * [Drainage](#drainage)",
            "",
            "<!-- tocstop -->",
            "",
            "## Clay",
            "### Drainage",
            "Clay drains slowly.",
        )
    )
    assert questions(parsed) == ["Drainage"] and unanswered(parsed) == []
    assert parsed.sections[0].context == ("Soil notes", "Clay")


def test_a_titled_list_of_links_to_the_notes_headings_is_no_card_and_no_question():
    parsed = parse(
        note(
            "## 目录",
            "1. [闭包](#闭包)",
            "2. [装饰器](#装饰器)",
            "   - [带参数的装饰器](#带参数)",
            "",
            "## 闭包",
            "函数和它引用的外部变量。",
        )
    )
    assert questions(parsed) == ["闭包"] and unanswered(parsed) == []


def test_one_cross_reference_inside_an_answer_stays():
    parsed = parse(note("## 装饰器", "包一层函数。", "", "- 见 [闭包](#闭包)"))
    assert "[闭包](#闭包)" in answer(parsed, "装饰器")


def test_toc_markers_and_comments_are_not_reported_as_lost_text():
    parsed = parse(note("## 闭包", "<!-- 以后补充例子 -->", "[TOC]", "函数和它引用的外部变量。"))
    assert answer(parsed, "闭包") == "函数和它引用的外部变量。"
    assert not [d for d in parsed.diagnostics if d.level.value == "left out"]


def test_back_links_in_any_form_and_link_only_headings_are_not_study_material():
    parsed = parse(
        note(
            "## [Read online](https://site.example/book)",
            "",
            "## Contents",
            "",
            "<details><summary>All</summary>",
            "",
            "* [Rain](#rain)",
            "</details>",
            "",
            "---",
            "",
            "## Rain",
            "",
            "Water from clouds.",
            "",
            '<a href="#top">Back to top</a>',
            "",
            "## Snow",
            "",
            "Frozen rain.",
            "",
            "**[⬆ back to top](#contents)**",
        )
    )
    assert questions(parsed) == ["Rain", "Snow"] and unanswered(parsed) == []
    assert answer(parsed, "Rain") == "Water from clouds." and answer(parsed, "Snow") == "Frozen rain."
