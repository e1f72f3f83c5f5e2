"""Indented lines of code and plain text as elements of their own, which hang their wrapped rest
(render.hanging); how they show on a phone is measured in Chromium (test_preview.py)."""

from __future__ import annotations

import re

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from notes2anki.model import Block, BlockKind
from notes2anki.render.cards import render_block, render_markdown
from notes2anki.render.fields import html_to_text
from notes2anki.render.hanging import MAX_INDENT_COLUMNS, code_lines, indent_columns, plain_line
from notes2anki.render.style import card_css, indent_css

LINE_START = re.compile(r'<span class="line indent-(\d+)">')


def test_a_tab_reaches_the_next_multiple_of_four_columns():
    assert [indent_columns(text) for text in ("x", "  x", "\tx", "  \tx", "\t  x", "\t\t", "\u3000x")] == [
        0,
        2,
        4,
        4,
        6,
        8,
        0,
    ]


def test_each_indented_line_of_code_is_an_element_with_its_columns_and_its_newline():
    shown = code_lines("def f():\n\tif x &lt; 1:\n        return\n    \n\n" + " " * 41 + "deep\nend")
    assert shown == (
        "def f():\n"
        '<span class="line indent-4">\tif x &lt; 1:\n</span>'
        '<span class="line indent-8">        return\n</span>'
        "    \n\n" + " " * 41 + "deep\nend"
    )


def test_highlighted_code_keeps_pygments_spans_and_its_text():
    code = 'class A:\n    """Doc\n    more"""\n\n    def f(self):\n\t\treturn "<b>"  # 注释'
    shown = render_block(Block(BlockKind.CODE, code, "python"))
    assert [int(columns) for columns in LINE_START.findall(shown)] == [4, 4, 4, 8]
    assert html_to_text(shown) == code
    # Without the line elements, it is Pygments' own HTML.
    unhung = LINE_START.sub("", shown).replace("\n</span>", "\n")
    assert unhung == highlight(code, PythonLexer(), HtmlFormatter(cssclass="highlight", wrapcode=True))


def test_code_without_a_lexer_markdown_code_and_program_output_hang_their_indented_lines():
    blocks = (
        Block(BlockKind.CODE, "步骤:\n    第一步 <a>", "no-such-language"),
        Block(BlockKind.OUTPUT, "{'a':\n  1}"),
    )
    for block in blocks:
        assert len(LINE_START.findall(render_block(block))) == 1, block
    listed = render_markdown("- 安装\n\n        pip install x\n            --user\n")
    assert "<pre><code>pip install x\n" in listed
    assert '<span class="line indent-4">    --user\n</span></code></pre>' in listed


def test_plain_text_indentation_is_an_element_the_css_gives_its_columns_width():
    assert plain_line("    优点", "<br>") == (
        '<span class="line indent-4"><span class="indentation">    </span>优点<br></span>'
    )
    assert plain_line("关系型数据库:", "<br>") == "关系型数据库:<br>"
    assert plain_line("  ", "") == "  "


def test_the_card_css_says_the_columns_of_every_indent_class():
    css = card_css()
    assert indent_css() in css
    for columns in (1, MAX_INDENT_COLUMNS):
        assert f".indent-{columns} {{ --indent: {columns}; }}" in css
    assert f".indent-{MAX_INDENT_COLUMNS + 1} " not in css
