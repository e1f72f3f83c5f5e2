"""Cards -> the HTML of their note fields: Markdown for prose, Pygments (CSS classes) for code."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from .code import guess_language, looks_like_prose, resolve_language
from .card_fields import answer_label
from .model import Block, BlockKind, Card, RenderedCard
from .plain_markdown import plain_markdown_html

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


@lru_cache(maxsize=1)
def _formatter() -> HtmlFormatter:
    return HtmlFormatter(cssclass="highlight", wrapcode=True)


@lru_cache(maxsize=128)
def _lexer(language: str):
    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def render_text(text: str) -> str:
    """Plain prose: escaped, paragraphs on blank lines, line breaks kept."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip("\n")) if p.strip()]
    return "".join(
        '<p class="plain">' + "<br>".join(html.escape(line.strip()) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )


def render_code(code: str, language: str) -> str:
    code = code.strip("\n")
    if not code.strip():
        return ""
    if looks_like_prose(code):
        return render_text(code)
    language = resolve_language(language) if language else guess_language(code)
    lexer = _lexer(language) if language else None
    if lexer is None:
        return f'<div class="highlight"><pre><code>{html.escape(code)}</code></pre></div>'
    return highlight(code, lexer, _formatter())


def render_block(block: Block) -> str:
    if block.kind is BlockKind.MARKDOWN:
        plain = plain_markdown_html(block.text)
        return _markdown().convert(block.text) if plain is None else plain
    if block.kind is BlockKind.CODE:
        return render_code(block.text, block.language)
    if block.kind is BlockKind.OUTPUT:
        return f'<pre class="output">{html.escape(block.text.strip(chr(10)))}</pre>'
    return render_text(block.text)


# Blocks rendered ahead (each notes file's blocks are rendered, and cached, with the file), by value.
Rendered = Mapping[Block, str]
NONE_RENDERED: Rendered = MappingProxyType({})


def block_pieces(blocks: tuple[Block, ...], rendered: Rendered = NONE_RENDERED) -> list[str]:
    return [render_block(block) if (known := rendered.get(block)) is None else known for block in blocks]


def answer_pieces(card: Card, rendered: Rendered = NONE_RENDERED) -> tuple[str, ...]:
    """One answer as it is; several (the same question answered in several places) each under its
    label. In pieces: the blocks' HTML is shared with ``rendered``, not copied into the card."""
    if len(card.answers) == 1:
        return tuple(block_pieces(card.answers[0].blocks, rendered))
    pieces: list[str] = []
    for part in card.answers:
        label = html.escape(answer_label(part))
        pieces.append(f'<section class="answer-part"><div class="answer-from">{label}</div>')
        pieces += block_pieces(part.blocks, rendered)
        pieces.append("</section>")
    return tuple(pieces)


def render_card(card: Card, rendered: Rendered = NONE_RENDERED) -> RenderedCard:
    return RenderedCard(card, answer_pieces(card, rendered), tuple(block_pieces(card.front, rendered)))


def render_cards(cards: tuple[Card, ...], rendered: Rendered = NONE_RENDERED) -> tuple[RenderedCard, ...]:
    return tuple(render_card(card, rendered) for card in cards)
