"""Raw HTML in Markdown notes, shown as a browser shows it, with nothing in it that acts.

Notes written for GitHub hold HTML that Markdown passes through: ``<div align="center"><img
src="flow.png"></div>``, ``<br>``, ``<b>``, ``<table>``. It goes through an allow-list (nh3):
layout, text and images stay; scripts, styles, frames, forms, objects, event handlers and script
URLs go. Text meant as text stays text: only a well-formed tag of an HTML element is HTML, so
``List<String>``, ``Map<K,V>``, ``a<b`` and ``x < y`` show as written.
"""

from __future__ import annotations

import re

import nh3

# What a card may show: ammonia's allow-list of layout, text, table and image elements (no script,
# style, iframe, form, object, embed or svg), with the alignment GitHub notes use
# ('<p align="center">') and the column alignment Markdown tables write ('style="text-align: left;"').
ALLOWED_TAGS = nh3.ALLOWED_TAGS | {"tfoot"}
# HTML that is removed: what runs, embeds or asks for input ('<script>', '<iframe src=…>',
# '<form><input></form>'), and wrappers whose text stays ('<font color="red">重点</font>').
REMOVED_NAMES = """
script style noscript template iframe frame frameset object embed applet param svg math audio video
canvas form input button textarea select option link meta base font section html head body
"""
REMOVED_TAGS = frozenset(REMOVED_NAMES.split())
# The names read as HTML; any other is text ("cp <source> <dest>", "docker run <image>").
HTML_ELEMENTS = ALLOWED_TAGS | REMOVED_TAGS
# A tag as CommonMark reads raw HTML: a name, attributes with quoted or bare values, an optional
# "/". A quoted value holds no "<" or ">", so one look from each "<" ends at the next one.
ATTRIBUTE = r"""\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^'<>]*'|"[^"<>]*"))?"""
TAG = re.compile(
    rf"<(?P<name>[A-Za-z][A-Za-z0-9-]*)(?:{ATTRIBUTE})*\s*/?>|</(?P<closing>[A-Za-z][A-Za-z0-9-]*)\s*>"
    r"|<!--(?:(?!-->)[^<])*-->"
)


def is_html_name(name: str) -> bool:
    """An element's name, written as HTML is: "div", "BR". A capitalised name is a type in code
    written as text ("List<Object>", "Optional<Map>"), and so is one capital ("Pair<A>", "<B>")."""
    return name.lower() in HTML_ELEMENTS and (name.islower() or (name.isupper() and len(name) > 1))


def text_meant_as_text(markup: str) -> str:
    """The markup with each "<" that opens no tag of an HTML element escaped: "List<String>" and
    "Map<K,V>" read as written, "<b>" and "<!-- x -->" stay markup."""
    pieces, start = [], 0
    position = markup.find("<")
    while position != -1:
        tag = TAG.match(markup, position)
        name = tag and (tag["name"] or tag["closing"])
        if tag and (name is None or is_html_name(name)):  # None: a comment
            position = tag.end()
        else:
            pieces += [markup[start:position], "&lt;"]
            start = position = position + 1
        position = markup.find("<", position)
    return "".join(pieces) + markup[start:] if pieces else markup


ALIGNED = ("div", "p", "h1", "h2", "h3", "h4", "h5", "h6")
ALLOWED_ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    **{tag: {*nh3.ALLOWED_ATTRIBUTES.get(tag, ()), "align"} for tag in ALIGNED},
    "td": {*nh3.ALLOWED_ATTRIBUTES["td"], "style"},
    "th": {*nh3.ALLOWED_ATTRIBUTES["th"], "style"},
    "*": {"title"},
}
ALLOWED_STYLES = {"text-align"}
# The classes the renderer itself writes (an image not in the deck shows as its name).
ALLOWED_CLASSES = {"span": {"missing-image"}}
# Links and images: http(s), mailto, anchors and relative paths, as Markdown's links
# (markdown_html.is_safe_url).
URL_SCHEMES = {"http", "https", "mailto"}


def sanitized(markup: str) -> str:
    """HTML that Markdown made from a note with raw HTML in it, with only what may show on a card."""
    return nh3.clean(
        text_meant_as_text(markup),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        filter_style_properties=ALLOWED_STYLES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )
