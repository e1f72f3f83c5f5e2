"""Markdown the renderer cannot take in reasonable time is shown as plain text, with a warning.

Python-Markdown recurses once per nesting level and slows down steeply with depth (400 nested
list levels take 0.3 s, 3,000 take minutes and then raise RecursionError), and its link pattern
is quadratic in the brackets of one paragraph (8,000 unclosed ``[``: 7 s). Real notes stay far
below these limits; generated, pasted or damaged files may not.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .model import Block, BlockKind, Diagnostic, Section

# "                                - item": list or code indentation, tabs counted as 4 columns.
MAX_INDENT_COLUMNS = 128
# "> > > > quoted": blockquote markers at the start of one line.
MAX_QUOTE_DEPTH = 32
# "[1, [2, [3, ...": opening brackets in one paragraph (a list of 300 links stays well below).
MAX_BRACKETS_PER_PARAGRAPH = 500

LEADING_SPACE = re.compile(r"[ \t]*")
QUOTE_MARKERS = re.compile(r"(?:[ \t]*>)+")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def markdown_problem(text: str) -> str:
    """Why ``text`` is too much for the Markdown renderer, or "" when it is fine."""
    for line in text.split("\n"):
        indent = LEADING_SPACE.match(line).group()
        if len(indent.expandtabs(4)) > MAX_INDENT_COLUMNS:
            return f"indented more than {MAX_INDENT_COLUMNS} columns"
        quotes = QUOTE_MARKERS.match(line)
        if quotes and quotes.group().count(">") > MAX_QUOTE_DEPTH:
            return f"quoted more than {MAX_QUOTE_DEPTH} levels deep"
    if text.count("[") > MAX_BRACKETS_PER_PARAGRAPH:
        for paragraph in PARAGRAPH_BREAK.split(text):
            if paragraph.count("[") > MAX_BRACKETS_PER_PARAGRAPH:
                return f"more than {MAX_BRACKETS_PER_PARAGRAPH} '[' in one paragraph"
    return ""


def _tame_blocks(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], list[str]]:
    tamed, problems = [], []
    for block in blocks:
        problem = markdown_problem(block.text) if block.kind is BlockKind.MARKDOWN else ""
        if problem:
            problems.append(problem)
            block = replace(block, kind=BlockKind.TEXT)
        tamed.append(block)
    return tuple(tamed), problems


def tame_section(section: Section) -> tuple[Section, list[Diagnostic]]:
    """The section with over-deep Markdown blocks turned into plain text, and a warning for each."""
    answer, answer_problems = _tame_blocks(section.answer)
    front, front_problems = _tame_blocks(section.front)
    problems = answer_problems + front_problems
    if not problems:
        return section, []
    warnings = [
        Diagnostic(f"Markdown {problem}: shown as plain text (flatten or shorten it)", section.location)
        for problem in dict.fromkeys(problems)
    ]
    return replace(section, answer=answer, front=front), warnings
