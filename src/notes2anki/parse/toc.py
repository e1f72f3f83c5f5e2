"""Tables of contents and navigation: never study material, never on a card.

* [What is a closure?](#what-is-a-closure)       a link to a place in the same note
  * [Hoisting](#hoisting)
<br>[⬆ top](#contents)                           navigation back up, after every answer
<!-- GFM-TOC --> ... <!-- GFM-TOC -->             a generated table between markers
"""

from __future__ import annotations

import re

from notes2anki.parse.fences import opaque_span
from notes2anki.parse.lines import Line

# Markup that shows no words of its own: "<br>", "<p align="center">", "</details>".
TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
# "[↑ top](#contents)", "- [二、光](#二光)": a link to an anchor of the note.
ANCHOR_LINK = re.compile(
    r"\[[^\[\]\n]*\]\(\s*#[^)\s]*\s*\)"
    r"|<a\s[^>]*\bhref\s*=\s*[\"']#[^\"']*[\"'][^>]*>[^<]*</a\s*>",  # '<a href="#top">Back to top</a>'
    re.IGNORECASE,
)
# "* [How can you avoid", the first line of a link whose text runs onto the next line.
OPEN_LINK_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+\[[^\]]*$")
# "](#how-can-you-avoid)": the end of such a link.
LINK_END = re.compile(r"^[^\[]*\]\(\s*#[^)\s]*\s*\)\s*$")
# What may stand around anchor links on a line of a table of contents: bullets, numbering, spaces.
TOC_FILLER = re.compile(r"^[\s\-*+|>\d.)、]*$")
# <!-- GFM-TOC --> (opens and closes), <!-- toc --> ... <!-- tocstop -->, <!-- /toc -->.
TOC_MARKER = re.compile(
    r"<!--\s*(?:GFM-TOC|/?\s*toc(?:stop)?|START doctoc.*?|END doctoc.*?)\s*-->", re.IGNORECASE
)


def is_navigation(text: str) -> bool:
    """Only links to places in the note, once markup and bullets are gone: "<br>[⬆ top](#top)"."""
    if "#" not in text or ("](" not in text and "href" not in text.lower()):
        return False
    rest = TAG.sub("", ANCHOR_LINK.sub("", text))
    return rest != text and bool(TOC_FILLER.match(rest.replace("⬆", "").replace("↑", "")))


def is_toc(lines: list[Line]) -> bool:
    """Some lines that are a table of contents: every line with words is an anchor link (a link's
    text may run onto a second line), and there is at least one."""
    words = [line.text for line in lines if TAG.sub("", line.text).strip()]
    if not words:
        return False
    pending = False
    for word_line in words:
        text = TAG.sub("", word_line)
        if pending and LINK_END.match(text):
            pending = False
        elif OPEN_LINK_ITEM.match(text):
            pending = True
        elif not is_navigation(text):
            return False
    return not pending


# A table of contents lists at least this many places; one anchor link is a cross-reference.
MIN_TOC_LINKS = 2
# "<!-- GFM-TOC -->" opens and closes a generated table; "<!-- toc -->" is closed by "<!-- tocstop -->".
PAIRED_TOC_MARKER = re.compile(r"<!--\s*GFM-TOC\s*-->", re.IGNORECASE)
TOC_OPEN = re.compile(r"<!--\s*(?:toc|START doctoc\b.*?)\s*-->", re.IGNORECASE)
TOC_CLOSE = re.compile(r"<!--\s*(?:/\s*toc|tocstop|END doctoc\b.*?)\s*-->", re.IGNORECASE)


def _marked_table_end(lines: list[Line], start: int) -> int | None:
    """The index of the marker closing a generated table that opens at ``start``."""
    text = lines[start].text
    closing = (
        PAIRED_TOC_MARKER if PAIRED_TOC_MARKER.search(text) else TOC_CLOSE if TOC_OPEN.search(text) else None
    )
    if closing is None:
        return None
    return next((end for end in range(start + 1, len(lines)) if closing.search(lines[end].text)), None)


def _link_list_end(lines: list[Line], start: int) -> int | None:
    """The index after a run of anchor-link items (blank lines allowed between) starting at ``start``."""
    end, links, last = start, 0, None
    while end < len(lines):
        line = lines[end]
        if not line.blank:
            if not ((ANCHOR_LINK.search(line.text) and is_toc([line])) or OPEN_LINK_ITEM.match(line.text)):
                break
            if OPEN_LINK_ITEM.match(line.text):
                if end + 1 >= len(lines) or not LINK_END.match(lines[end + 1].text):
                    break
                end += 1
            links, last = links + 1, end
        end += 1
    return last + 1 if last is not None and links >= MIN_TOC_LINKS else None


def tables_of_contents(lines: list[Line]) -> list[tuple[int, int]]:
    """(start, end) index ranges of the tables of contents in some lines, fences left alone."""
    found: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        span = opaque_span(lines, index)
        if span is not None and span.kind != "comment":
            index += len(span.lines)
            continue
        marked = _marked_table_end(lines, index)
        end = marked + 1 if marked is not None else _link_list_end(lines, index)
        if end is None:
            index += len(span.lines) if span is not None else 1
            continue
        found.append((index, end))
        index = end
    return found
