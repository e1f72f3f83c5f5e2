"""TeX math in Markdown, handed to Anki's MathJax as \\( \\) and \\[ \\], untouched by Markdown.

    where $\\mu_i = E[X_i]$ is the mean       -> where \\(\\mu_i = E[X_i]\\) is the mean
    $$\\sum_{k=1}^n k^2$$                     -> \\[\\sum_{k=1}^n k^2\\]
    \\(a*b*c\\) and \\[x_1\\]                    -> kept as they are (Markdown would eat the backslashes)
    It cost $5, or $20 with `echo $TOTAL`     -> text: no math

The math is cut out before Markdown sees the text (its "_" and "*" would become emphasis) and put
back, HTML-escaped, into the HTML Markdown made. Inline code and fenced code are never math.
Dollars follow the usual rules: no space after the opening "$" nor before the closing one, and no
letter or digit right after the closing one ("$5 and $20", "$HOME/$USER" are no math).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from notes2anki.parse.clozes import mask_inline_code

# "$$…$$", over several lines too.
# Anki's own markup "[$]…[/$]" and "[$$]…[/$$]" is no math (it is shown as written): a "$" right
# inside a bracket never opens or closes.
DISPLAY_DOLLARS = re.compile(r"(?<![\\\[/])\$\$(?=[^\s\]])(.+?)(?<=\S)\$\$(?!\])", re.DOTALL)
# "$…$" on one line: a non-space after the opening "$", a non-space (not "\") before the closing
# one, and no letter, digit or "$" right after it. e.g. "$x^2$" but not "$5 and $20".
INLINE_DOLLARS = re.compile(r"(?<![\\$\w\[/])\$(?=[^\s$\]])((?:\\.|[^$\\\n])+?)(?<=[^\s\\])\$(?![\w$\]])")
# "\(…\)" and "\[…\]": MathJax's own delimiters, which Markdown would read as escaped brackets.
PAREN_MATH = re.compile(r"\\\((.+?)\\\)", re.DOTALL)
BRACKET_MATH = re.compile(r"\\\[(.+?)\\\]", re.DOTALL)
# A fenced code line ("```", "~~~") starts or ends code, where nothing is math.
FENCE = re.compile(r"^\s*(```|~~~)")
# What stands in for a piece of math while Markdown runs: letters and digits only, which no
# Markdown rule changes.
PLACEHOLDER = "N2AMATH{}X"
PLACEHOLDER_FOUND = re.compile(r"N2AMATH(\d+)X")
# The kinds, in the order they are cut out: display before inline ("$$" is not two "$").
KINDS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (DISPLAY_DOLLARS, "\\[", "\\]"),
    (BRACKET_MATH, "\\[", "\\]"),
    (PAREN_MATH, "\\(", "\\)"),
    (INLINE_DOLLARS, "\\(", "\\)"),
)


def _mask_code(text: str) -> str:
    """The text with inline code and fenced code blanked out, character for character."""
    lines, fenced = [], False
    for line in text.split("\n"):
        if FENCE.match(line):
            fenced = not fenced
            lines.append("\x00" * len(line))
        else:
            lines.append("\x00" * len(line) if fenced else line)
    return mask_inline_code("\n".join(lines))


def cut_out_math(text: str) -> tuple[str, list[str]]:
    """The text with each piece of math replaced by a placeholder, and the MathJax HTML of each."""
    pieces: list[str] = []
    for pattern, opening, closing in KINDS:
        masked = _mask_code(text)
        out, position = [], 0
        for match in pattern.finditer(masked):
            tex = text[match.start(1) : match.end(1)]
            out += [text[position : match.start()], PLACEHOLDER.format(len(pieces))]
            pieces.append(opening + html.escape(tex, quote=False) + closing)
            position = match.end()
        text = "".join(out) + text[position:]
    return text, pieces


def put_back_math(markup: str, pieces: list[str]) -> str:
    return PLACEHOLDER_FOUND.sub(lambda match: pieces[int(match.group(1))], markup) if pieces else markup


def render_with_math(text: str, render: Callable[[str], str]) -> str:
    """``render`` (Markdown to HTML) with the text's math kept whole, as MathJax delimiters."""
    if "$" not in text and "\\(" not in text and "\\[" not in text:
        return render(text)
    protected, pieces = cut_out_math(text)
    return put_back_math(render(protected), pieces)


def math_in_text(escaped: str) -> str:
    """Escaped plain text (a question) with its math as MathJax delimiters."""
    if "$" not in escaped:
        return escaped
    protected, pieces = cut_out_math(html.unescape(escaped))
    return put_back_math(html.escape(protected), pieces)
