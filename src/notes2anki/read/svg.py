"""Whether an SVG file can act when it is opened: scripts, event handlers, links out of it.

Anki's media folder serves an SVG as a document of its own; opened there (or in a browser) its
scripts run. A deck ships an SVG only when it holds none of what is looked for here.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

# Elements that run code or show another document: <script>, <foreignObject><iframe>...
ACTIVE_ELEMENTS = frozenset(
    {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "audio", "video"}
)
# Attributes that link to something: <a href="javascript:...">, <image xlink:href="https://...">.
LINK_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data"})
# A link that stays inside the file: <use href="#arrow"/>, or an image inline as data.
INERT_LINK = re.compile(r"^(#|data:image/(png|jpeg|gif|webp);)", re.IGNORECASE)
# What a style may not do: fetch (url(https://...), @import) or run (expression(...), -moz-binding).
ACTIVE_STYLE = re.compile(r"@import|url\(\s*['\"]?\s*(?!#)|expression\s*\(|binding\s*:", re.IGNORECASE)
# A DOCTYPE can declare entities (expanding a few bytes into gigabytes); a stylesheet instruction fetches.
ACTIVE_PROLOG = re.compile(rb"<!DOCTYPE|<!ENTITY|<\?xml-stylesheet", re.IGNORECASE)


def _local(name: str) -> str:
    """A name without its namespace: "{http://www.w3.org/1999/xlink}href" -> "href"."""
    return name.rsplit("}", 1)[-1].lower()


def svg_active_content(data: bytes) -> str | None:
    """What in an SVG's bytes can act when the file is opened ("a <script> element"); None when
    nothing can. A file that is not well-formed XML cannot be checked, and counts as active."""
    if ACTIVE_PROLOG.search(data):
        return "a DOCTYPE, entity or stylesheet instruction"
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError):
        return "XML that cannot be checked"
    for element in root.iter():
        found = _active_in(element)
        if found:
            return found
    return None


def _active_in(element: ElementTree.Element) -> str | None:
    tag = _local(element.tag) if isinstance(element.tag, str) else ""
    if tag in ACTIVE_ELEMENTS:
        return f"a <{tag}> element"
    if tag == "style" and ACTIVE_STYLE.search(element.text or ""):
        return "a style sheet that fetches or runs"
    for name, value in element.attrib.items():
        attribute = _local(name)
        if attribute.startswith("on"):
            return f"an {attribute} event handler"
        if attribute in LINK_ATTRIBUTES and not INERT_LINK.match(value.strip()):
            return f"a link to {value.strip()[:60]!r}"
        if attribute == "style" and ACTIVE_STYLE.search(value):
            return "a style that fetches or runs"
        if attribute == "attributename" and (
            value.lower().startswith("on") or value.lower().endswith("href")
        ):
            return f"an animation of {value}"
    return None
