"""What of a note is never study material and is set aside before its questions are read: YAML
front matter (the file's settings) and tables of contents."""

from __future__ import annotations

import re
from collections.abc import Callable

from notes2anki.parse.collect import Collector
from notes2anki.parse.fences import opaque_span
from notes2anki.parse.lines import Line
from notes2anki.parse.segments import heading_at
from notes2anki.parse.toc import tables_of_contents

# YAML front matter: "---" on the first line, lines of YAML, then "---" (or "...").
FRONT_MATTER_FENCE = "---"
FRONT_MATTER_ENDS = ("---", "...")
YAML_LINE = re.compile(r"^\s*(#|- |-$|[\w.-]+\s*:)")


def without_outside_fences(
    lines: list[Line], collector: Collector, set_aside: Callable[[list[Line], int], int]
) -> list[Line]:
    """The lines without those ``set_aside`` finds outside code fences: at each line it says how many
    lines from there are never study material (0: the line stays)."""
    kept: list[Line] = []
    index = 0
    while index < len(lines):
        span = opaque_span(lines, index)
        if span is not None and span.kind == "fence":
            kept.extend(span.lines)
            index += len(span.lines)
            continue
        count = set_aside(lines, index)
        if count:
            collector.set_aside_lines(lines[index : index + count])
        else:
            kept.append(lines[index])
        index += count or 1
    return kept


def without_tables_of_contents(lines: list[Line], collector: Collector) -> list[Line]:
    """The lines without tables of contents (generated between markers, or a list of links to the
    note's own headings), which are never study material; HTML comments are set aside too."""
    kept: list[Line] = []
    position = 0
    for start, end in tables_of_contents(lines):
        kept.extend(lines[position:start])
        collector.set_aside_lines(lines[start:end])
        _drop_table_heading(kept, lines[end:], collector)
        position = end
    kept.extend(lines[position:])
    return kept


def _drop_table_heading(kept: list[Line], after: list[Line], collector: Collector) -> None:
    """ "## 目录" right over a table of contents and followed by a heading of its own level or
    higher: the table's title, not a question (a note's title over deeper headings stays)."""
    above = next((line for line in reversed(kept) if not line.blank), None)
    below = next((line for line in after if not line.blank), None)
    heading, following = (heading_at(above) if above else None), (heading_at(below) if below else None)
    if above is None or heading is None or (following is not None and following[0] > heading[0]):
        return
    collector.set_aside_lines([above])
    kept.remove(above)


def without_front_matter(lines: list[Line]) -> list[Line]:
    """The lines after a YAML front matter block ("---" / "title: ..." / "---" at the very top), which
    holds the file's settings, not notes (its "# comment" lines are no headings)."""
    if not lines or lines[0].text.rstrip() != FRONT_MATTER_FENCE:
        return lines
    end = next((i for i in range(1, len(lines)) if lines[i].text.rstrip() in FRONT_MATTER_ENDS), None)
    if end is None or not all(line.blank or YAML_LINE.match(line.text) for line in lines[1:end]):
        return lines
    return lines[end + 1 :]
