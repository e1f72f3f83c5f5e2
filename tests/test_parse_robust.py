"""Any text parses: no exception, and every card has a question, an answer and a real line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from parse_helpers import parse

LINES = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "# 标题",
        "## 什么是GIL？",
        "#",
        "- 要点",
        "  - 子要点",
        "1. 第一",
        "  2) 第二",
        "```",
        "```python",
        "~~~",
        "````",
        "<details>",
        "<summary>答案</summary>",
        "</details>",
        "<!--",
        "-->",
        "[TOC]",
        "Q: 问题?",
        "A: 答案",
        "问：什么是协程",
        "答：用户态线程",
        "标题：",
        "\t缩进的答案",
        "    四格缩进",
        "def f():",
        "    return 1",
        '"""',
        "-----",
        "======",
        "![图](C:\\x.png)",
        "https://example.com",
        "名称：https://example.com",
        "什么是闭包?",
        "普通的一句话。",
        "x = 1",
        "0505：",
        "- [链接](#anchor)",
        "| a | b |",
        "> 引用",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=40), st.sampled_from(["n.md", "n.txt"]))
def test_any_note_parses_into_well_formed_sections(lines, name):
    text = "\n".join(lines)
    parsed = parse(text, name=name)
    count = len(lines) or 1
    for section in parsed.sections:
        assert section.question.strip()
        assert any(block.text.strip() for block in section.answer)
        assert 1 <= section.location.line <= count
    for item in parsed.unanswered:
        assert item.question.strip() and 1 <= item.location.line <= count
