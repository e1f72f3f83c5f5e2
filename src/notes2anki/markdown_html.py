"""Markdown prose -> HTML, with Python-Markdown: raw HTML shown as text, no script links, and local
images that are not shipped with the deck named instead of shown broken."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

SAFE_URL = re.compile(r"^(https?:|mailto:|#|[^:]*$)", re.IGNORECASE)
# Browsers drop these from a URL before reading its scheme: "java\tscript:" is "javascript:".
URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
REMOTE_URL = re.compile(r"^https?://", re.IGNORECASE)
MEDIA_NAME = re.compile(r"^[^\\/:]+$")  # "handshake.png": a file in the deck's media


class _SafeLinks(Treeprocessor):
    """No active content: links and images with a script scheme lose their target."""

    def run(self, root):
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

    def run(self, root):
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


class _MarkdownRenderer:
    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
        # Text from notes is text: raw HTML is shown escaped, never interpreted.
        self.md.preprocessors.deregister("html_block")
        self.md.inlinePatterns.deregister("html")
        self.md.treeprocessors.register(_SafeLinks(self.md), "safe_links", 0)
        self.md.treeprocessors.register(_UnshippedImages(self.md), "unshipped_images", 1)

    def convert(self, text: str) -> str:
        self.md.reset()
        return self.md.convert(text)


@lru_cache(maxsize=1)
def _markdown() -> _MarkdownRenderer:
    return _MarkdownRenderer()


def markdown_html(text: str) -> str:
    return _markdown().convert(text)
