"""Tables of contents and navigation: never study material, never on a card.

    * [What is a closure?](#what-is-a-closure)       a link to a place in the same note
      * [Hoisting](#hoisting)
    <br>[⬆ top](#contents)                           navigation back up, after every answer
    <!-- GFM-TOC --> ... <!-- GFM-TOC -->             a generated table between markers
"""

from __future__ import annotations

import re

from .lines import Line

# Markup that shows no words of its own: "<br>", "<p align="center">", "</details>".
TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
# "[⬆ Back to top](#table-of-contents)", "- [二、进程](#二进程)": a link to an anchor of the note.
ANCHOR_LINK = re.compile(r"\[[^\]\n]*\]\(\s*#[^)\s]*\s*\)")
# "* [How can you avoid", the first line of a link whose text runs onto the next line.
OPEN_LINK_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+\[[^\]]*$")
# "](#how-can-you-avoid)": the end of such a link.
LINK_END = re.compile(r"^[^\[]*\]\(\s*#[^)\s]*\s*\)\s*$")
# What may stand around anchor links on a line of a table of contents: bullets, numbering, spaces.
TOC_FILLER = re.compile(r"^[\s\-*+|>\d.)、]*$")
# <!-- GFM-TOC --> (opens and closes), <!-- toc --> ... <!-- tocstop -->, <!-- /toc -->.
TOC_MARKER = re.compile(r"<!--\s*(?:GFM-TOC|/?\s*toc(?:stop)?|START doctoc.*?|END doctoc.*?)\s*-->", re.IGNORECASE)


def is_navigation(text: str) -> bool:
    """Only links to places in the note, once markup and bullets are gone: "<br>[⬆ top](#top)"."""
    if "](" not in text or "#" not in text:
        return False
    rest = ANCHOR_LINK.sub("", TAG.sub("", text))
    return rest != text and bool(TOC_FILLER.match(rest.replace("⬆", "").replace("↑", "")))


def is_toc(lines: list[Line]) -> bool:
    """Some lines that are a table of contents: every line with words is an anchor link (a link's
    text may run onto a second line), and there is at least one."""
    words = [line.text for line in lines if TAG.sub("", line.text).strip()]
    if not words:
        return False
    pending = False
    for text in words:
        text = TAG.sub("", text)
        if pending and LINK_END.match(text):
            pending = False
        elif OPEN_LINK_ITEM.match(text):
            pending = True
        elif not is_navigation(text):
            return False
    return not pending
