"""Lists of wiki links: an Obsidian note's "See also" and "More examples", pointers to other notes.

    ## See also
    - [[Routing]] — how a packet finds its way          each bullet opens with a link to a note
    - [[Subnets|Subnetting]]
    More in [[Network-Index]].                           other lines point to a note too

They name other notes, they teach nothing: no card.
"""

from __future__ import annotations

import re

from notes2anki.parse.lines import Line

# "[[Note]]", "[[Note#Heading|shown text]]": a link to another note of the vault.
WIKI_LINK = re.compile(r"\[\[[^\[\]\n]+\]\]")
# A bullet that opens with a wiki link: "- [[Routing]] — how a packet finds its way".
WIKI_LINK_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[\[[^\[\]\n]+\]\]")


def is_wiki_link_list(lines: list[Line]) -> bool:
    """Bullets that each open with a wiki link, and no line without one."""
    kept = [line for line in lines if not line.blank]
    bullets = [line for line in kept if WIKI_LINK_BULLET.match(line.text)]
    return bool(bullets) and all(WIKI_LINK.search(line.text) for line in kept)
