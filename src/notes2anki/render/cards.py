"""Cards -> the HTML of their note fields: Markdown for prose, Pygments (CSS classes) for code.

Python-Markdown and Pygments are loaded when a block first needs them: a rebuild after a small
edit often needs neither."""

from __future__ import annotations

import html
import re
import textwrap
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from notes2anki.model import Block, BlockKind, Card, RenderedCard
from notes2anki.parse.code_lines import guess_language, looks_like_prose, resolve_language
from notes2anki.render.fields import answer_label
from notes2anki.render.hanging import TAB_COLUMNS, code_lines, plain_line
from notes2anki.render.math import render_with_math
from notes2anki.render.plain_markdown import plain_markdown_html
from notes2anki.render.question_markup import question_markup

# A code block as Python-Markdown writes it (text indented four columns in a list item): escaped
# text, no tags.
MARKDOWN_CODE_BLOCK = re.compile(r"(?<=<pre><code>)[^<]*(?=</code></pre>)")


def render_text(text: str) -> str:
    """Plain prose: escaped, paragraphs on blank lines, line breaks and indentation kept (the
    style sheet keeps the spaces, and an indented line's wrapped rest under its text): in
    plain-text notes, a line indented under another belongs to it ("优点" / "\t使用表结构"), across
    blank lines too. Only the indentation every line shares goes (a tab counts four columns)."""
    dedented = textwrap.dedent(text.expandtabs(TAB_COLUMNS)).strip("\n")
    paragraphs = [p for p in re.split(r"\n\s*\n", dedented) if p.strip()]
    return "".join('<p class="plain">' + _plain_lines(p.split("\n")) + "</p>" for p in paragraphs)


def _plain_lines(lines: list[str]) -> str:
    shown = [html.escape(line.rstrip()) for line in lines]
    return "".join(plain_line(line, "<br>") for line in shown[:-1]) + plain_line(shown[-1], "")


def render_code(code: str, language: str) -> str:
    code = code.strip("\n")
    if not code.strip():
        return ""
    if looks_like_prose(code):
        return render_text(code)
    language = resolve_language(language) if language else guess_language(code)
    from notes2anki.render.highlight import highlighted  # noqa: PLC0415 (Pygments loads for code only)

    shown = highlighted(code, language) if language else None
    if shown is None:
        return f'<div class="highlight"><pre><code>{code_lines(html.escape(code))}</code></pre></div>'
    return shown


def render_markdown(text: str) -> str:
    plain = plain_markdown_html(text)
    if plain is not None:
        return plain
    # Markdown loads for what plain_markdown cannot write.
    from notes2anki.render.markdown_html import markdown_html  # noqa: PLC0415

    try:
        return MARKDOWN_CODE_BLOCK.sub(lambda block: code_lines(block[0]), markdown_html(text))
    except RecursionError:  # nesting markdown_guard did not foresee: the text, not a traceback
        return render_text(text)


def render_block(block: Block) -> str:
    if block.kind is BlockKind.MARKDOWN:
        return render_with_math(block.text, render_markdown)
    if block.kind is BlockKind.CODE:
        return render_code(block.text, block.language)
    if block.kind is BlockKind.OUTPUT:
        return f'<pre class="output">{code_lines(html.escape(block.text.strip(chr(10))))}</pre>'
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
    for part, label in zip(
        card.answers, _told_apart([answer_label(part) for part in card.answers]), strict=True
    ):
        pieces.append(f'<section class="answer-part"><div class="answer-from">{html.escape(label)}</div>')
        pieces += block_pieces(part.blocks, rendered)
        pieces.append("</section>")
    return tuple(pieces)


def _told_apart(labels: list[str]) -> list[str]:
    """The labels, a repeated one numbered ("qa.md", "qa.md (2)"): two answers from one file, asked
    in the same words, still show that they are two."""
    seen: Counter[str] = Counter()
    told = []
    for label in labels:
        seen[label] += 1
        told.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return told


def render_card(card: Card, rendered: Rendered = NONE_RENDERED) -> RenderedCard:
    return RenderedCard(
        _answered_in_pieces(card),
        answer_pieces(card, rendered),
        tuple(block_pieces(card.front, rendered)),
        question_markup(card, render_markdown),
    )


def _answered_in_pieces(card: Card) -> Card:
    """The card with its answers' blocks set aside: rendered, its answer is the pieces of HTML, and a
    large deck does not hold its answers twice, as Markdown and as HTML. Each answer part keeps where
    it was written (its Source line)."""
    return replace(card, answers=tuple(replace(part, blocks=()) for part in card.answers))


def render_cards(cards: tuple[Card, ...], rendered: Rendered = NONE_RENDERED) -> tuple[RenderedCard, ...]:
    return tuple(render_card(card, rendered) for card in cards)
