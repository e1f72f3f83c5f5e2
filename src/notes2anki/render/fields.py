"""The note fields made from a rendered card (its question, other wordings, where its answers came
from, and the answer as plain text), and the labels naming an answer's origin (no line numbers:
they shift on every edit)."""

from __future__ import annotations

import functools
import html
import re

from notes2anki.model import AnswerPart, Card, CardKind, RenderedCard
from notes2anki.parse.clozes import reveal_clozes
from notes2anki.render.math import math_in_text

# HTML tags, and the ones that end a line of what a learner reads.
TAG = re.compile(r"<[^>]+>")
BLOCK_END = re.compile(r"</(p|li|pre|div|tr|h\d|blockquote)>|<br\s*/?>", re.IGNORECASE)
# Markup Anki acts on wherever it stands in a field's HTML: "[sound:x.mp3]" plays a file,
# "[anki:tts lang=en_US]...[/anki:tts]" speaks, "[latex]x^2[/latex]", "[$]y[/$]" and "[$$]z[/$$]"
# become images. Its opening "[" is written as a character reference: the learner reads it as
# written, Anki finds nothing to act on.
# Anki's template syntax ("{{Topic}}", "{{#Extra}}") is inert in a field, and kept so everywhere a
# field is rendered (the preview renders the templates itself). U+001F separates a note's fields:
# one inside a field would shift every field after it. All three are found in one pass.
FIELD_SEPARATOR = "\x1f"
ACTIVE_IN_FIELD = re.compile(r"\[(?=sound:|/?anki:|/?latex\]|/?\$\$?\])|\{\{|\}\}|\x1f", re.IGNORECASE)
INERT_FORMS = {"[": "&#91;", "{{": "&#123;&#123;", "}}": "&#125;&#125;", FIELD_SEPARATOR: ""}


# A cloze as Anki reads it in a cloze note's field: "{{c2::hidden}}", "{{c1::300,000::a number}}".
CLOZE_MARKUP = re.compile(r"\{\{c(?P<number>\d+)::(?P<body>(?:(?!\{\{|\}\}).)*)\}\}", re.DOTALL)


def field_value(markup: str) -> str:
    """The HTML of a field as it goes into the deck: Anki markup and template syntax made inert
    text, no field separator. Every field value passes through here."""
    return ACTIVE_IN_FIELD.sub(_inert_form, markup)


def cloze_field_value(markup: str) -> str:
    """field_value for a cloze note's text: the clozes the build wrote ("{{c1::300,000::a number}}")
    stay clozes, everything else is made inert as in any field."""
    pieces, end = [], 0
    for cloze in CLOZE_MARKUP.finditer(markup):
        pieces.append(field_value(markup[end : cloze.start()]))
        pieces.append(f"{{{{c{cloze['number']}::{field_value(cloze['body'])}}}}}")
        end = cloze.end()
    pieces.append(field_value(markup[end:]))
    return "".join(pieces)


def _inert_form(found: re.Match[str]) -> str:
    return INERT_FORMS[found[0]]


@functools.lru_cache(maxsize=256)  # a deck's cards share a few dozen topic names
def text_field(text: str) -> str:
    """A field holding plain text (a topic's name, an id): escaped, then made inert."""
    return field_value(html.escape(text))


def question_html(rendered: RenderedCard) -> str:
    """The parent heading reads as part of the question ("parent › question") but in a quieter tone;
    a quiz's code or options (the card's front) stand under it. The question shows its emphasis and
    code (rendered.question_markup), or is text."""
    card = rendered.card
    parent = f'<span class="question-parent">{html.escape(card.parent)} › </span>' if card.parent else ""
    shown = rendered.question_markup or math_in_text(html.escape(card.question))
    question = f'<div class="question">{parent}{shown}</div>'
    if not card.front:
        return question
    return question + f'<div class="question-extra">{"".join(rendered.front_pieces)}</div>'


def aliases_html(rendered: RenderedCard) -> str:
    aliases = rendered.card.aliases
    if not aliases:
        return ""
    return "<ul>" + "".join(f"<li>{html.escape(alias)}</li>" for alias in aliases) + "</ul>"


def source_label(card: Card, part: AnswerPart) -> str:
    """One answer's origin as 'file › heading › question', with the headings it sits under there."""
    trail = list(part.context)
    if part.parent and part.parent not in trail:
        trail.append(part.parent)
    return " › ".join([part.location.source, *trail, part.question or card.question])


def answer_label(part: AnswerPart) -> str:
    """Which note one of several answers comes from, with its question where it was worded otherwise."""
    return f"{part.location.source} › {part.question}" if part.question else part.location.source


def source_html(rendered: RenderedCard) -> str:
    """The Source field: each answer's origin on a line of its own, each origin once."""
    card = rendered.card
    labels = dict.fromkeys(source_label(card, part) for part in card.answers)
    return "<br>".join(html.escape(label) for label in labels)


def html_to_text(markup: str) -> str:
    """The plain text a learner reads in some HTML: tags gone, entities decoded."""
    text = TAG.sub("", BLOCK_END.sub("\n", markup))
    return re.sub(r"\n{3,}", "\n\n", html.unescape(text)).strip()


def first_line_text(question_html: str) -> str:
    """A question field's question as text: its first line (a quiz's front material follows)."""
    return html_to_text(question_html).split("\n")[0]


def answer_text(rendered: RenderedCard) -> str:
    """The answer as plain text, made when asked for and not kept: a cloze's text with its clozes shown."""
    text = html_to_text(rendered.answer_html)
    return reveal_clozes(text) if rendered.card.kind is CardKind.CLOZE else text
