"""A question's inline Markdown as HTML: "What is a _context manager_?" shows "context manager" in
italics, as the note does, not between underscores.

The question field shows exactly the question's words (what the lock and the comparison forms know
it by): the heading is rendered, then cut to those words, so its numbering ("3. ") and a trailing
colon stay out. A heading that does not render to its question's words, that renders to more than
inline text, or that holds math, shows as text, as before.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from notes2anki.model import Card
from notes2anki.render.markdown_guard import too_deep
from notes2anki.render.math import cut_out_math

# Characters with which a heading may hold inline Markdown: emphasis, code, a link, an entity, HTML.
INLINE_MARKUP = re.compile(r"[*_`\[&<]")
# "3. What …", "- What …", "> What …", "# What": the start of a list, a quote or a heading, which a
# question line is not. Escaped, they read as text.
BLOCK_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^([-+*>#])(?=\s|$)")
PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)
# The inline elements a question shows; a link shows its text ("[GIL](https://…)" -> "GIL").
QUESTION_TAGS = {"em", "strong", "code", "b", "i", "u", "s", "del", "sub", "sup", "kbd", "mark"}
LINK_TAG = re.compile(r"</?a\b[^>]*>")
TAG_NAME = re.compile(r"</?([a-z0-9]+)")
# A tag, an entity or one character: what a rendered question is made of, in order.
TOKEN = re.compile(r"<[^>]*>|&#?\w+;|.", re.DOTALL)
EMPTY_ELEMENT = re.compile(r"<(\w+)[^>]*></\1>")


def question_markup(card: Card, render_markdown: Callable[[str], str]) -> str:
    """The HTML of the card's question with its inline Markdown (rendered by ``render_markdown``);
    "" when it shows as text."""
    if not card.question_markdown or not INLINE_MARKUP.search(card.question_markdown):
        return ""
    if cut_out_math(card.question)[1]:  # "$\mu$ of *X*": math shows as MathJax, in the text form
        return ""
    if too_deep(card.question_markdown):  # a heading of 5,000 "a<b": text, as an answer would be
        return ""
    line = BLOCK_START.sub(_escaped, card.question_markdown.strip())
    paragraph = PARAGRAPH.match(render_markdown(line).strip())
    if paragraph is None:
        return ""
    inline = LINK_TAG.sub("", paragraph[1])
    if any(name not in QUESTION_TAGS for name in TAG_NAME.findall(inline)):
        return ""
    shown = cut_to_text(inline, card.question)
    return shown if shown is not None and "<" in shown else ""


def _escaped(start: re.Match[str]) -> str:
    return f"{start[1]}\\{start[2]}" if start[1] else f"\\{start[3]}"


def cut_to_text(markup: str, text: str) -> str | None:
    """The markup with only the characters of ``text`` left (its first place there) and all its
    tags; None when the markup does not show ``text``.

    "3. What is a <em>context manager</em>?", "What is a context manager?" ->
    "What is a <em>context manager</em>?"
    """
    tokens = TOKEN.findall(markup)
    shown = ["" if token.startswith("<") else html.unescape(token) for token in tokens]
    start = "".join(shown).find(text)
    if start < 0:
        return None
    end, position, kept = start + len(text), 0, []
    for token, character in zip(tokens, shown, strict=True):
        if not character or start <= position < end:
            kept.append(token)
        position += len(character)
    cut = "".join(kept)
    while (emptied := EMPTY_ELEMENT.sub("", cut)) != cut:
        cut = emptied
    return cut
