"""Parse a decoded note into Sections, one module per note layout."""

from __future__ import annotations

from notes2anki.model import ParsedFile, SourceFile
from notes2anki.parse.markdown import parse_markdown
from notes2anki.parse.plaintext import parse_plaintext

MARKDOWN_SUFFIXES = (".md", ".markdown")


def parse_file(source: SourceFile, exclude_headings: tuple[str, ...] = ()) -> ParsedFile:
    """Sections, unanswered questions and warnings of one note, chosen by its layout."""
    if source.name.lower().endswith(MARKDOWN_SUFFIXES):
        return parse_markdown(source, exclude_headings)
    return parse_plaintext(source)
