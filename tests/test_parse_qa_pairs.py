"""Q:/A: and 问：/答： pairs, in Markdown and in plain text."""

from __future__ import annotations

from parse_helpers import answer, kinds, note, parse, questions, section, unanswered


def test_pairs_in_plain_text_with_multi_line_answers_and_code():
    parsed = parse(
        note(
            "Q: What does the GIL protect?",
            "A: The interpreter's internals;",
            "   one thread runs bytecode at a time.",
            "",
            "Q: How do you start a thread?",
            "A: Create and start it:",
            "import threading",
            "t = threading.Thread(target=work)",
            "t.start()",
            "Q: Never answered?",
        ),
        name="pairs.txt",
    )
    assert questions(parsed) == ["What does the GIL protect?", "How do you start a thread?"]
    assert (
        answer(parsed, "What does the GIL protect?")
        == "The interpreter's internals;\none thread runs bytecode at a time."
    )
    assert kinds(parsed, "How do you start a thread?") == ["text", "code"]
    assert unanswered(parsed) == ["Never answered?"]
    assert parsed.unanswered[0].location.line == 10


def test_chinese_markers_in_markdown_under_a_grouping_heading():
    parsed = parse(
        note(
            "## 并发",
            "问：什么是GIL？",
            "答：全局解释器锁，",
            "同一时刻只有一个线程执行字节码。",
            "问：协程切换靠什么？",
            "答：",
            "```python",
            "await asyncio.sleep(1)",
            "```",
        )
    )
    assert questions(parsed) == ["什么是GIL？", "协程切换靠什么？"]
    assert section(parsed, "什么是GIL？").context == ("并发",)
    assert answer(parsed, "什么是GIL？") == "全局解释器锁，\n同一时刻只有一个线程执行字节码。"
    assert [(b.kind.value, b.language) for b in section(parsed, "协程切换靠什么？").answer] == [
        ("code", "python")
    ]
    assert unanswered(parsed) == []


def test_lines_between_question_and_answer_are_the_front():
    parsed = parse(note("Q: What is printed?", "print(1 + 1)", "A: 2"), name="quiz.txt")
    card = section(parsed, "What is printed?")
    assert [b.text for b in card.front] == ["print(1 + 1)"] and answer(parsed, "What is printed?") == "2"


def test_markers_inside_fences_are_not_pairs():
    parsed = parse(note("### 问题", "```", "Q: not a question", "A: not an answer", "```"))
    assert questions(parsed) == ["问题"]


def test_bold_and_bulleted_markers():
    parsed = parse(
        note(
            "## Python",
            "**Q: 什么是GIL?**",
            "",
            "**A:** 全局解释器锁",
            "- Q: 什么是协程？",
            "- A: 用户态线程",
        )
    )
    assert questions(parsed) == ["什么是GIL?", "什么是协程？"]
    assert answer(parsed, "什么是GIL?") == "全局解释器锁"
