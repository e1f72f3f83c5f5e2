"""Prose-only Markdown converts without Python-Markdown, to exactly what Python-Markdown makes of it."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from notes2anki.render.markdown_html import markdown_html
from notes2anki.render.plain_markdown import plain_markdown_html

# Prose, and every character Markdown could read as syntax or as a blank.
ALPHABET = "ab Z9 1 进程，。、（）！\u3000\t\n-_*#>[]()!<>&\\`~|=+.:;'\"%/@$" + "\u00a0"
TEXTS = st.text(alphabet=ALPHABET, max_size=60)
LINES = st.lists(
    st.sampled_from(["进程是资源分配的单位。", "GIL lock", "a, b; c.", "- item 一", "", "  ", "1. x"])
)


def python_markdown(text: str) -> str:
    return markdown_html(text)


@settings(max_examples=800)
@given(TEXTS)
@example("- a\n- b\n\n- c")
@example("a\n\u3000\nb")
@example("a  \nb")
def test_prose_converts_as_python_markdown_converts_it(text):
    html = plain_markdown_html(text)
    if html is not None:
        assert html == python_markdown(text)


@given(LINES)
def test_prose_lines_and_lists_convert_as_python_markdown_converts_them(lines):
    text = "\n".join(lines)
    html = plain_markdown_html(text)
    if html is not None:
        assert html == python_markdown(text)


def test_paragraphs_and_a_bullet_list_of_prose_take_the_short_way():
    assert plain_markdown_html("进程是资源分配的单位。\n线程是调度的单位。\n\nGIL lock, one thread.") == (
        "<p>进程是资源分配的单位。<br>\n线程是调度的单位。</p>\n<p>GIL lock, one thread.</p>"
    )
    assert (
        plain_markdown_html("- 进程\n- thread (OS)\n") == "<ul>\n<li>进程</li>\n<li>thread (OS)</li>\n</ul>"
    )
    for markdown in ("**bold**", "1. first", "    code", "a_b", "[link](x)", "# title", "- a\n\n- b", ""):
        assert plain_markdown_html(markdown) is None, markdown
