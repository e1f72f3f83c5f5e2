"""Code -> HTML with Pygments: CSS classes, no inline styles (the card's style sheet colours them)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from pygments import format as format_tokens
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.token import _TokenType
from pygments.util import ClassNotFound

from notes2anki.render.hanging import code_line

SOURCE_LINE = 1  # what Pygments' formatter marks a line of the code with, among its wrapping


class _HangingLinesFormatter(HtmlFormatter[str]):
    """Pygments' HTML with each indented line an element that hangs its wrapped rest (render.hanging):
    Pygments closes every span at the end of a line, so a line is whole in itself."""

    def wrap(self, source: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
        lines = ((kind, code_line(line) if kind == SOURCE_LINE else line) for kind, line in source)
        return super().wrap(lines)  # type: ignore[no-untyped-call,no-any-return]  # untyped in the stubs


@lru_cache(maxsize=1)
def _formatter() -> HtmlFormatter[str]:
    return _HangingLinesFormatter(cssclass="highlight", wrapcode=True)


@lru_cache(maxsize=128)
def _lexer(language: str) -> Lexer | None:
    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def highlighted(code: str, language: str) -> str | None:
    """The highlighted code; None when Pygments has no lexer for ``language``."""
    lexer = _lexer(language)
    return format_tokens(_tokens(lexer, code), _formatter()) if lexer is not None else None


def _tokens(lexer: Lexer, code: str) -> list[tuple[_TokenType, str]]:
    """The code's tokens, lexed with the newline that ends its last line (a shell lexer sees a
    comment only up to one) and shown without it, as the code was written."""
    tokens = list(lexer.get_tokens(code + "\n"))
    if tokens and tokens[-1][1].endswith("\n"):
        kind, text = tokens.pop()
        if text != "\n":
            tokens.append((kind, text[:-1]))
    return tokens
