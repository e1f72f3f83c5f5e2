"""<details> quizzes: the summary is the question, or only a label under the real question."""

from __future__ import annotations

from parse_helpers import answer, note, parse, questions, section, unanswered

QUIZ = note(
    "## JavaScript quiz",
    "",
    "###### 1. What's the output?",
    "",
    "```javascript",
    "console.log(+true, !'Lydia');",
    "```",
    "",
    "- A: `1` and `false`",
    "- B: `false` and `NaN`",
    "",
    "<details><summary><b>Answer</b></summary>",
    "<p>",
    "",
    "#### Answer: A",
    "",
    "The unary plus converts to a number.",
    "",
    "</p>",
    "</details>",
    "",
    "---",
    "",
    "###### 2. What's the output?",
    "",
    "```javascript",
    "console.log(typeof typeof 1);",
    "```",
    "",
    "<details><summary>答案</summary>",
    "",
    "#### Answer: B",
    "",
    '`typeof 1` is `"number"`.',
    "</details>",
)


def test_label_summary_takes_the_heading_and_everything_down_to_details_as_the_front():
    parsed = parse(QUIZ)
    assert questions(parsed) == ["What's the output?", "What's the output?"]
    first, second = parsed.sections
    assert first.location.line == 3 and second.location.line == 24
    assert first.context == ("JavaScript quiz",)
    assert [b.kind.value for b in first.front] == ["code", "markdown"]
    assert "console.log(+true" in first.front[0].text and "- B: `false` and `NaN`" in first.front[1].text
    assert "typeof typeof" in second.front[0].text


def test_inside_of_details_is_the_back_and_its_heading_is_not_a_heading():
    parsed = parse(QUIZ)
    first = parsed.sections[0]
    back = "\n".join(block.text for block in first.answer)
    assert "#### Answer: A" in back and "unary plus" in back
    assert "<p>" not in back and "details" not in back
    assert unanswered(parsed) == []


def test_summary_with_a_real_question_is_the_question():
    parsed = parse(
        note(
            "## 并发",
            "<details>",
            "<summary>什么是GIL？</summary>",
            "",
            "全局解释器锁",
            "</details>",
            "<details><summary>协程和线程的区别？</summary>协程在用户态切换</details>",
        )
    )
    assert questions(parsed) == ["什么是GIL？", "协程和线程的区别？"]
    assert answer(parsed, "什么是GIL？") == "全局解释器锁"
    assert answer(parsed, "协程和线程的区别？") == "协程在用户态切换"
    assert section(parsed, "什么是GIL？").context == ("并发",)


def test_empty_details_leaves_the_question_unanswered():
    parsed = parse(note("### Q", "<details><summary>展开</summary>", "</details>"))
    assert parsed.sections == () and unanswered(parsed) == ["Q"]
