"""Markdown the renderer would choke on or silently mangle: shown safely, with a warning.

Python-Markdown recurses once per nesting level and slows down steeply with depth (400 nested
list levels take 0.3 s, 3,000 take minutes and then raise RecursionError), and its link pattern
is quadratic in the brackets of one paragraph (8,000 unclosed ``[``: 7 s), its inline patterns in
the emphasis and code marks of one (40,000 of them: 4 s), and its reading of raw HTML in the tags
that never close (5,000 ``<a b=x``: 4 s). Real notes stay far below these limits; generated,
pasted or damaged files may not. Such blocks become plain text.

A table row with more cells than its header loses the extra cells without a word; that is
reported, so the author can add the header cells.
"""

from __future__ import annotations

import re
from dataclasses import replace

from notes2anki.model import Block, BlockKind, Diagnostic, Section

# Characters in one Markdown block: the longest answer in real notes has ~20,000; Python-Markdown
# takes 5 s and 900 MB for a paragraph of 6 MB (a pasted log, a minified file).
MAX_MARKDOWN_CHARS = 200_000
# "                                - item": list or code indentation, tabs counted as 4 columns.
MAX_INDENT_COLUMNS = 128
# "> > > > quoted": blockquote markers at the start of one line.
MAX_QUOTE_DEPTH = 32
# "- > 1. * nested on one line": list and quote markers opening one line, each a level of nesting
# (a line of 600 "* " nests 600 lists). A thematic break ("* * *") is one rule, not nesting.
MAX_LINE_NESTING = 32
LINE_NESTING = re.compile(r"(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)))+")
NESTING_MARKER = re.compile(r">|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)")
THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# "[1, [2, [3, ...": opening brackets in one paragraph (a list of 300 links stays well below).
MAX_BRACKETS_PER_PARAGRAPH = 500
# "*em* `code` *em* `code` ...": emphasis and code marks in one paragraph (a paragraph of 300 code
# spans has 600).
MAX_INLINE_MARKS_PER_PARAGRAPH = 2000
INLINE_MARK = re.compile(r"[*_`]")
# "<a b=x " with no ">" after it: a tag that never closes ("a<b" opens like one). Python-Markdown
# reads raw HTML with Python's HTML parser, which looks for each one's end as far as the end of the
# block (1,000 of them take 0.15 s, 5,000 take 4 s).
MAX_UNCLOSED_TAGS = 1000
UNCLOSED_TAG = re.compile(r"<[A-Za-z][^<>]*(?=<|\Z)")

QUOTE_MARKERS = re.compile(r"(?:[ \t]*>)+")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# Table cells: code spans may hold pipes ("`a | b`"), and "\|" is a literal pipe.
CODE_SPAN = re.compile(r"`[^`\n]*`")
CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
# A cell of the row under a table header: "---", ":--", "--:", ":-:".
DELIMITER_CELL = re.compile(r":?-+:?")


def too_deep(text: str) -> str:
    """Why ``text`` is too much for the Markdown renderer, or "" when it is fine."""
    if len(text) > MAX_MARKDOWN_CHARS:
        return f"more than {MAX_MARKDOWN_CHARS:,} characters in one block"
    for line in text.split("\n"):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if len(indent.expandtabs(4)) > MAX_INDENT_COLUMNS:
            return f"indented more than {MAX_INDENT_COLUMNS} columns"
        quotes = QUOTE_MARKERS.match(line)
        if quotes and quotes.group().count(">") > MAX_QUOTE_DEPTH:
            return f"quoted more than {MAX_QUOTE_DEPTH} levels deep"
        if _line_nesting(line) > MAX_LINE_NESTING:
            return f"more than {MAX_LINE_NESTING} list or quote markers opening one line"
    if text.count("[") > MAX_BRACKETS_PER_PARAGRAPH:
        for paragraph in PARAGRAPH_BREAK.split(text):
            if paragraph.count("[") > MAX_BRACKETS_PER_PARAGRAPH:
                return f"more than {MAX_BRACKETS_PER_PARAGRAPH} '[' in one paragraph"
    if len(text) > MAX_INLINE_MARKS_PER_PARAGRAPH:
        for paragraph in PARAGRAPH_BREAK.split(text):
            if len(INLINE_MARK.findall(paragraph)) > MAX_INLINE_MARKS_PER_PARAGRAPH:
                return f"more than {MAX_INLINE_MARKS_PER_PARAGRAPH} emphasis or code marks in one paragraph"
    if text.count("<") > MAX_UNCLOSED_TAGS and len(UNCLOSED_TAG.findall(text)) > MAX_UNCLOSED_TAGS:
        return f"more than {MAX_UNCLOSED_TAGS:,} tags that never close ('<' with no '>')"
    return ""


def _line_nesting(line: str) -> int:
    markers = LINE_NESTING.match(line)
    if markers is None or len(markers.group()) <= MAX_LINE_NESTING or THEMATIC_BREAK.match(line):
        return 0
    return len(NESTING_MARKER.findall(markers.group()))


def table_cells(line: str) -> list[str]:
    row = CODE_SPAN.sub("code", line.strip())
    row = row.removeprefix("|")
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return CELL_SEPARATOR.split(row)


def is_delimiter_row(line: str) -> bool:
    return "-" in line and all(DELIMITER_CELL.fullmatch(cell.strip()) for cell in table_cells(line))


def ragged_rows(text: str) -> list[str]:
    """A message for each table row with more cells than its header (the renderer drops them)."""
    problems = []
    lines = text.split("\n")
    header_cells = 0
    for index, line in enumerate(lines):
        if "|" not in line or not line.strip():
            header_cells = 0
            continue
        if header_cells == 0:
            if index + 1 < len(lines) and "|" in lines[index + 1] and is_delimiter_row(lines[index + 1]):
                header_cells = len(table_cells(line))
            continue
        cells = len(table_cells(line))
        if cells > header_cells and not is_delimiter_row(line):
            problems.append(
                f"a table row has {cells} cells but its header {header_cells} "
                f"(the cells past {header_cells} are not shown; add header cells)"
            )
    return problems


def _tame_blocks(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], list[str]]:
    tamed, problems = [], []
    for block in blocks:
        shown = block
        if block.kind is BlockKind.MARKDOWN:
            reason = too_deep(block.text)
            if reason:
                problems.append(
                    f"too much to format as Markdown ({reason}): shown as plain text (flatten or shorten it)"
                )
                shown = replace(block, kind=BlockKind.TEXT)
            else:
                problems.extend(ragged_rows(block.text))
        tamed.append(shown)
    return tuple(tamed), problems


def tame_section(section: Section) -> tuple[Section, list[Diagnostic]]:
    """The section with over-deep Markdown turned into plain text, and a warning for each problem."""
    answer, answer_problems = _tame_blocks(section.answer)
    front, front_problems = _tame_blocks(section.front)
    problems = answer_problems + front_problems
    if not problems:
        return section, []
    warnings = [Diagnostic(problem, section.location) for problem in dict.fromkeys(problems)]
    return replace(section, answer=answer, front=front), warnings
