"""Parse a decoded note into Sections, one module per note layout."""

from __future__ import annotations

from notes2anki.model import ParsedFile, SourceFile
from notes2anki.parse.collect import Collector
from notes2anki.parse.coverage import report_lost
from notes2anki.parse.lines import to_lines
from notes2anki.parse.markdown import read_markdown
from notes2anki.parse.plaintext import read_plain_text

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")


def parse_file(source: SourceFile, exclude_headings: tuple[str, ...] = ()) -> ParsedFile:
    """Sections, unanswered questions and warnings of one note, chosen by its layout; the text that
    no reader placed on a card is reported as on no card."""
    return read_note(source, exclude_headings)[0]


def read_note(
    source: SourceFile, exclude_headings: tuple[str, ...] = ()
) -> tuple[ParsedFile, frozenset[int]]:
    """What ``parse_file`` gives, and the lines the readers set aside as never study material
    (front matter, tables of contents, labels, reference lists, grouping headings)."""
    collector = Collector(source)
    if source.name.lower().endswith(MARKDOWN_SUFFIXES):
        read_markdown(collector, exclude_headings)
    else:
        read_plain_text(to_lines(source.text), collector)
    report_lost(collector, to_lines(source.text))
    return collector.result(), frozenset(collector.set_aside)
