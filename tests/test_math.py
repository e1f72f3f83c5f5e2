"""TeX math reaches Anki as MathJax \\( \\) and \\[ \\], untouched by Markdown; dollars that are not math stay."""

from __future__ import annotations

from notes2anki.model import Block, BlockKind
from notes2anki.render.cards import render_block
from notes2anki.render.math import math_in_text


def shown(text: str) -> str:
    return render_block(Block(BlockKind.MARKDOWN, text))


def test_inline_and_display_dollars_become_mathjax_with_the_tex_intact():
    assert shown("the rate $k_1 * k_2$ of *both*") == "<p>the rate \\(k_1 * k_2\\) of <em>both</em></p>"
    assert "\\[\\int_0^1 x^2 \\, dx < 1\\]" not in shown("$$\\int_0^1 x^2 \\, dx < 1$$")
    assert "\\[\\int_0^1 x^2 \\, dx &lt; 1\\]" in shown("$$\\int_0^1 x^2 \\, dx < 1$$")


def test_mathjax_delimiters_keep_their_backslashes():
    assert shown("so \\(a_1\\) and \\[b_2\\]") == "<p>so \\(a_1\\) and \\[b_2\\]</p>"


def test_dollars_that_are_not_math_stay_text():
    assert shown("A ticket is $12, a pass $30.") == "<p>A ticket is $12, a pass $30.</p>"
    assert "\\(" not in shown("Copy it to $HOME/$BACKUP first.")
    assert "\\(" not in shown("Run `echo $SHELL $TERM` here.")
    assert "\\(" not in shown("```sh\nexport X=$Y$Z\n```")


def test_a_question_with_math_gets_mathjax_delimiters():
    assert math_in_text("What is $e^{i\\pi}$?") == "What is \\(e^{i\\pi}\\)?"
    assert math_in_text("Is $3 &lt; $4?") == "Is $3 &lt; $4?"
