"""Markdown prose -> HTML, with Python-Markdown: raw HTML kept through an allow-list (raw_html), no
script links, and local images that are not shipped with the deck named instead of shown broken."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from xml.etree.ElementTree import Element

import markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from notes2anki.render.raw_html import sanitized

SAFE_URL = re.compile(r"^(https?:|mailto:|#|[^:]*$)", re.IGNORECASE)
# Browsers drop these from a URL before reading its scheme: "java\tscript:" is "javascript:".
URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
REMOTE_URL = re.compile(r"^https?://", re.IGNORECASE)
MEDIA_NAME = re.compile(r"^[^\\/:]+$")  # "handshake.png": a file in the deck's media


class _SafeLinks(Treeprocessor):
    """No active content: links and images with a script scheme lose their target."""

    def run(self, root: Element) -> Element:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not is_safe_url(value):
                    element.set(attribute, "#")
        return root


def is_safe_url(value: str) -> bool:
    """http(s), mailto, anchors and relative paths, judged as the browser reads them.

    The attribute is written out as given, so ``javascript&colon;alert(1)`` reaches the browser,
    which decodes the entity: check the decoded form.
    """
    return bool(SAFE_URL.match(URL_IGNORED.sub("", html.unescape(value))))


class _UnshippedImages(Treeprocessor):
    """An image that is not shipped with the deck shows as its name, not a broken icon.

    The parser rewrites a local image it found to its bare file name in Anki's media folder
    (``![UDP](img/UDP.png)`` -> ``UDP.png``); any other path is one on the author's disk:
    ``![UDP](C:\\Users\\me\\Desktop\\UDP.png)`` -> ``<span class="missing-image">UDP</span>``.
    """

    def run(self, root: Element) -> Element:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                source = child.get("src", "")
                if child.tag != "img" or REMOTE_URL.match(source.strip()) or MEDIA_NAME.match(source):
                    continue
                name = child.get("alt") or re.split(r"[\\/]", source)[-1]
                placeholder = Element("span", {"class": "missing-image", "title": "image not in the deck"})
                placeholder.text, placeholder.tail = name, child.tail
                parent.remove(child)
                parent.insert(index, placeholder)
        return root


LIST_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( +|$)")
FENCE = re.compile(r"^ *(```|~~~)")
BULLETED_NUMBER = re.compile(r"^( *)[-*+] +(\d{1,9}[.)] )")
MARKDOWN_INDENT = 4


def nested_lists_indented(lines: list[str]) -> list[str]:
    """The lines with their lists laid out as Python-Markdown reads them, which is stricter than the
    notes (and CommonMark) are. Text that needs none of this is left as it is:

    - a nested item, and the lines under it, moved to four columns per level: notes nest lists by
      two or three spaces ("- HTTP请求" / "  - 状态行"), Python-Markdown only by four;
    - a paragraph that goes on with an item after a blank line, indented to the item's text but
      not four columns past it ("- 一、print" / "" / "  原: print 1"), moved to four columns;
    - a blank line before an item that changes the kind of list ("1. 更安全" / "- 缺点："), which
      Python-Markdown would take as a line of the item before.
    """
    items: list[_OpenItem] = []  # the open list items, outermost first
    shifts: list[tuple[int, int]] = []  # (lines indented at least this much, columns to add)
    result: list[str] = []
    fenced = moved = blank_before = False
    for line in lines:
        if FENCE.match(line):
            fenced = not fenced
        item = None if fenced else LIST_ITEM.match(line)
        indent = len(line) - len(line.lstrip(" "))
        shift = next((columns for start, columns in shifts if indent >= start), 0) if line.strip() else 0
        if item:
            sibling = None  # the item before at this indentation, if the list goes on
            while items and items[-1].indent >= indent:
                closed = items.pop()
                sibling = closed if closed.indent == indent else None
            if sibling and sibling.numbered != _numbered(item) and not blank_before:
                result.append("")
                moved = True
            target = MARKDOWN_INDENT * len(items)
            moved = moved or (bool(items) and indent - items[-1].indent < MARKDOWN_INDENT)
            items.append(_OpenItem(indent, _text_column(item), _numbered(item)))
            shifts = [(indent, target - indent)]
            shift = target - indent
        elif line.strip() and indent == 0 and not fenced:
            items, shifts = [], []
        elif line.strip() and blank_before and not fenced:
            owner = next(
                (level for level in reversed(range(len(items))) if items[level].text <= indent), None
            )
            if owner is not None and indent + shift < MARKDOWN_INDENT * (owner + 1):
                # To where Python-Markdown wants the item's text: the paragraph moves as far as it does.
                shift, moved = MARKDOWN_INDENT * (owner + 1) - items[owner].text, True
        result.append(" " * max(indent + shift, 0) + line[indent:] if shift else line)
        blank_before = not line.strip()
    return result if moved else lines


@dataclass(frozen=True)
class _OpenItem:
    indent: int
    text: int  # the column its text starts at: lines indented that far go on with it
    numbered: bool


def _numbered(item: re.Match[str]) -> bool:
    return item.group(2)[0].isdigit()


def _text_column(item: re.Match[str]) -> int:
    spaces = len(item.group(3))
    return item.end(2) + (spaces if 0 < spaces <= MARKDOWN_INDENT else 1)


def bullets_numbered(lines: list[str]) -> list[str]:
    """ "- 1. content-Length" as item 1 of a numbered list: the number is the item's, not a list of
    its own inside a bullet (which shows as "• 1.")."""
    return [BULLETED_NUMBER.sub(r"\1\2", line) for line in lines]


class _NestedLists(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return nested_lists_indented(bullets_numbered(lines))


class _MarkdownRenderer:
    def __init__(self) -> None:
        # nl2br: a note's line is a line on the card ("优势:" / "资源共享" / "线程间通信效率高"), as
        # note apps show it, not words run together into one line.
        self.md = markdown.Markdown(extensions=["tables", "sane_lists", "nl2br"], output_format="html")
        self.md.preprocessors.register(_NestedLists(self.md), "nested_lists", 25)
        self.md.treeprocessors.register(_SafeLinks(self.md), "safe_links", 0)
        self.md.treeprocessors.register(_UnshippedImages(self.md), "unshipped_images", 1)

    def convert(self, text: str) -> str:
        self.md.reset()
        converted = self.md.convert(text)
        # Raw HTML reaches Markdown's output only from a "<" in the note: kept through the allow-list.
        return sanitized(converted) if "<" in text else converted


@lru_cache(maxsize=1)
def _markdown() -> _MarkdownRenderer:
    return _MarkdownRenderer()


def markdown_html(text: str) -> str:
    return _markdown().convert(text)
