"""Property-based: any Markdown or plain text builds without a crash into cards that are whole.

Every card has a question and an answer, and every field's HTML has balanced tags and nothing
that runs. Example counts stay modest so the suite stays quick.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from html_checks import html_problems, note_fields
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parse_helpers import parse
from small_project import write_project

from notes2anki.config import load_config
from notes2anki.pipeline.stages import run_pipeline
from notes2anki.read.decode import decode_bytes, normalize_newlines
from notes2anki.render.fields import answer_text

# Lines that exercise every construct the parser and renderer know, and some they should not trust.
MARKDOWN_LINES = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "# 标题",
        "## What is a GIL?",
        "### 什么是闭包？",
        "#",
        "######",
        "Setext",
        "-----",
        "=====",
        "- item",
        "  - sub item",
        "    - deeper",
        "* star",
        "1. first",
        "  2) second",
        "> quoted",
        "> > twice",
        "```",
        "```python",
        "```pyhton",
        "~~~",
        "````",
        "    indented code",
        "def f():",
        "    return 1",
        "| a | b |",
        "|---|---|",
        "| 1 | 2 | 3 |",
        "| only |",
        "<details>",
        "<summary>答案</summary>",
        "</details>",
        "<!-- comment -->",
        "<!--",
        "-->",
        "[TOC]",
        "Q: 问题?",
        "A: 答案",
        "问：什么是协程",
        "答：用户态线程",
        "一、什么是进程？",
        "1、什么是线程",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<iframe src=//evil>",
        "</div>",
        "<b>",
        "[link](javascript:alert(1))",
        "[ok](https://example.com)",
        "![img](C:\\x.png)",
        "![img](javascript:x)",
        "<a href='javascript:alert(1)'>x</a>",
        "**bold** _em_ `code`",
        "\\",
        "&amp; &lt; &#x3c;script&#x3e;",
        "普通的一句话。",
        "x = 1",
        "print('hi')",
        "名称：https://example.com",
        # Other people's layouts: bold questions, <details> labels, tables of contents, outliner
        # metadata, numbered interview lists, titled rules, placeholders, pasted debris.
        "**What is a tide? 🌊**",
        "**Tides** rise twice a day.",
        "<details><summary>show</summary>",
        "<summary>View answer",
        "</summary>",
        "<br/>",
        "<br>[⬆ top](#top)",
        "- [一、光](#一光)",
        "  * [折射](#折射)",
        "<!-- GFM-TOC -->",
        "<!-- toc -->",
        "<!-- tocstop -->",
        "\tcollapsed:: true",
        "- id:: 1a2b",
        ":LOGBOOK:",
        ":END:",
        "1. 讲讲闭包",
        "   > 函数和外部变量",
        "2. 为什么要用线程池？",
        "* [zip](https://x.example) - 把序列配对",
        "-----第二部分-----",
        "待补充",
        "TODO",
        "[python]",
        "复制代码",
        "df -h    查看磁盘空间",
        "topic：进程和线程",
        "一、先看例子：",
        "线程要加锁，例如：",
        "#### 要点",
        "### Example",
        "2.3tcp的拥塞控制",
        "_emphasis_ here?",
        "site.example > Guides > [Soil](https://site.example/soil)",
        '<a href="https://x.example"><img src="b.png"></a>',
    ]
)
PROSE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
QUESTION_LINES = st.one_of(
    st.sampled_from(["# ", "## ", "### ", "#### 1、", "", "Q: ", "问："]).flatmap(
        lambda mark: PROSE.map(lambda text: f"{mark}{text}？")
    ),
    st.sampled_from(["## What is a GIL?", "什么是闭包？", "1. What is a tuple?", "### <script>x</script>?"]),
)
SECTIONS = st.lists(
    st.tuples(QUESTION_LINES, st.lists(st.one_of(MARKDOWN_LINES, PROSE), min_size=1, max_size=8)), max_size=6
).map(lambda sections: "\n".join(f"{question}\n" + "\n".join(body) for question, body in sections))


class Project:
    """One temporary project reused across examples: only the note changes."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="notes2anki-properties-"))
        self.config = load_config(write_project(self.folder, {}))

    def build(self, name: str, text: str):
        for old in (self.folder / "sources").iterdir():
            old.unlink()
        (self.folder / "sources" / name).write_text(text, encoding="utf-8")
        return run_pipeline(self.config)


PROJECT = Project()


def assert_cards_are_whole(result) -> None:
    # A file with no text (empty, blank, binary) is skipped with a warning; any other text parses.
    no_text = {
        d.location.source for d in result.warnings if d.message.startswith(("empty file", "skipped: a "))
    }
    assert set(result.failed_files) <= no_text, [str(d) for d in result.warnings]
    for note in result.notes:
        rendered = note.rendered
        assert rendered.card.display_question.strip()
        assert answer_text(rendered).strip(), rendered.answer_html
        for field, markup in note_fields(note).items():
            assert html_problems(markup) == [], (field, markup)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(MARKDOWN_LINES, PROSE), max_size=30), st.sampled_from(["n.md", "n.txt"]))
def test_markdown_like_lines_build_into_whole_cards(lines, name):
    assert_cards_are_whole(PROJECT.build(name, "\n".join(lines)))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SECTIONS, st.sampled_from(["n.md", "n.txt"]))
def test_questions_with_arbitrary_answers_build_into_whole_cards(text, name):
    assert_cards_are_whole(PROJECT.build(name, text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.sampled_from(["n.md", "n.txt"]))
def test_any_text_builds_into_whole_cards(text, name):
    text = text.encode("utf-8", errors="replace").decode("utf-8")
    assert_cards_are_whole(PROJECT.build(name, text))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(SECTIONS, st.lists(st.one_of(MARKDOWN_LINES, PROSE), max_size=30).map("\n".join)),
    st.sampled_from(["n.md", "n.txt"]),
)
def test_no_line_of_any_note_is_lost_in_silence(text, name):
    # parse() checks that every non-blank line is on a card, an unanswered question, a passage
    # reported as on no card, or in something never studied.
    parse(text, name=name)


SCHEMES = st.sampled_from(
    ["javascript:", "JaVaScRiPt:", "vbscript:", "data:text/html,", "https://", "mailto:", "#"]
)
# How one character of a URL may be written: as is, as a decimal or hex entity, after a tab.
DISGUISES = st.sampled_from(
    [str, lambda ch: f"&#{ord(ch)};", lambda ch: f"&#x{ord(ch):x};", lambda ch: "\t" + ch]
)


@st.composite
def disguised_urls(draw) -> str:
    url = draw(SCHEMES) + "alert(1)"
    return "".join(draw(DISGUISES)(ch) for ch in url)


@settings(max_examples=150, deadline=None)
@given(disguised_urls(), st.sampled_from(["[link]({})", "![image]({})", "[ref]\n\n[ref]: {}", "<{}>"]))
def test_no_disguised_script_url_survives_rendering(url, form):
    from notes2anki.model import Block, BlockKind
    from notes2anki.render.cards import render_block

    markup = render_block(Block(BlockKind.MARKDOWN, form.format(url)))
    assert html_problems(markup) == [], markup


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_are_skipped_with_a_reason(data):
    decoded = decode_bytes(data, "n.md")
    if decoded.text is None:
        assert decoded.problems and str(decoded.problems[0]).startswith("n.md:")
    else:
        text, _ = normalize_newlines(decoded.text)
        assert "\r" not in text


def test_the_html_checker_flags_unbalanced_and_active_markup():
    assert html_problems('<p>fine <a href="https://x">link</a><br><img src="a.png"></p>') == []
    assert html_problems("<p>open") == ["<p> never closed"]
    assert html_problems("<div></p></div>") == ["</p> closes div"]
    assert html_problems("<script>x</script>") == ["active element <script>"]
    assert html_problems('<img src=x onerror="alert(1)">') == ["event handler onerror= on <img>"]
    assert html_problems('<a href="java\tscript:alert(1)">x</a>') == ["href='java\\tscript:alert(1)' on <a>"]
    assert html_problems('<a href="&#106;avascript:x">x</a>') == ["href='javascript:x' on <a>"]
