"""Outliner metadata that is never study material: block properties and drawers.

- Beispiel                       a block ...
  collapsed:: true               ... its property: how the outliner shows it, not what it says
- id:: 64f0c2aa-0000-4c1e-9a00-000000000000
  $$a+b=b+a$$                    a block whose own line is a property: the lines under it go on
                                 with the block above
:LOGBOOK:                        time tracking, up to :END:
CLOCK: [2024-01-01 Mon 10:00]--[2024-01-01 Mon 10:30] =>  00:30:00
:END:
"""

from __future__ import annotations

import re

from notes2anki.parse.collect import Collector
from notes2anki.parse.lines import Line
from notes2anki.parse.set_aside import without_outside_fences

# "collapsed:: true", "id:: 64f0…", "logseq.order-list-type:: number": a lower-case key, "::", a value.
# A card written "What is a monoid?:: a semigroup with 1" has words and spaces before "::".
BLOCK_PROPERTY = re.compile(r"^\s*(?:[-*+]\s+)?[a-z][a-z0-9_.-]*::(?:\s.*)?$")
DRAWER_START = re.compile(r"^\s*:[A-Z][A-Z_-]*:\s*$")
DRAWER_END = re.compile(r"^\s*:END:\s*$")


def without_outliner_metadata(lines: list[Line], collector: Collector) -> list[Line]:
    """The lines with block properties and :LOGBOOK: drawers set aside."""

    def metadata(lines: list[Line], index: int) -> int:
        """How many lines from ``index`` are a block property or a closed drawer (0: none)."""
        if DRAWER_START.match(lines[index].text):
            end = next((i for i in range(index + 1, len(lines)) if DRAWER_END.match(lines[i].text)), None)
            if end is not None:
                return end + 1 - index
        return 1 if BLOCK_PROPERTY.match(lines[index].text) else 0

    return without_outside_fences(lines, collector, metadata)
