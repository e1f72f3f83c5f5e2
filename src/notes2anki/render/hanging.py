"""Indented lines that keep their indentation when they wrap: a hanging indent for each line.

On a phone, code and plain text wrap. A wrapped line's rest goes on under the line's own first
character, a little further in (the card CSS's hang), never back at the edge: so an indented line
is an element of its own, ``<span class="line indent-8">``, whose class says how many columns it
is indented, and the card CSS (``style.indent_css`` and ``card.css``) turns that into the indent of
its wrapped rest. A line that is not indented needs no element: the block's own
``text-indent: hanging each-line`` hangs it.

The line's text is kept as written, its leading blanks included (a copy of the code is the code),
and its line end goes inside the element (a newline, or ``<br>`` in plain text), so that the text
and the line breaks are the same whether the element shows as a block or not.
"""

from __future__ import annotations

import re

# Columns a tab advances to (the next multiple), as the card CSS's tab-size and plain text's tabs.
TAB_COLUMNS = 4
# Lines indented deeper hang like unindented ones: on a phone (about 46 columns of code), their rest
# would go on in a sliver at the right edge. The notes indent 33 columns at most.
MAX_INDENT_COLUMNS = 40
TAG = re.compile(r"<[^>]+>")
BLANKS = " \t"


def leading_blanks(text: str) -> str:
    return text[: len(text) - len(text.lstrip(BLANKS))]


def indent_columns(text: str) -> int:
    """The columns of the blanks that start ``text``, a tab to the next multiple of TAB_COLUMNS."""
    return len(leading_blanks(text).expandtabs(TAB_COLUMNS))


def _hanging_columns(text: str) -> int | None:
    """How far the line is indented, when it is a line that needs an element of its own."""
    columns = indent_columns(text)
    return columns if 0 < columns <= MAX_INDENT_COLUMNS and text.strip() else None


def code_line(line_html: str) -> str:
    """One line of code as HTML (Pygments' spans, or escaped text) with its newline."""
    columns = _hanging_columns(TAG.sub("", line_html))
    return line_html if columns is None else f'<span class="line indent-{columns}">{line_html}</span>'


def code_lines(code_html: str) -> str:
    """The HTML of a code block's text (escaped, or highlighted with every span closed on its own
    line, as Pygments writes it), its indented lines made elements that hang."""
    lines = code_html.split("\n")
    return "".join(code_line(line + "\n") for line in lines[:-1]) + code_line(lines[-1])


def plain_line(line: str, line_end: str) -> str:
    """One escaped line of plain text and its line end (``<br>`` or nothing). Its indentation is in
    an element of its own, whose width the card CSS sets by its columns: a space's width depends on
    the font of the prose, so the spaces themselves cannot say where the text starts."""
    columns = _hanging_columns(line)
    if columns is None:
        return line + line_end
    blanks = leading_blanks(line)
    return (
        f'<span class="line indent-{columns}"><span class="indentation">{blanks}</span>'
        f"{line[len(blanks) :]}{line_end}</span>"
    )
