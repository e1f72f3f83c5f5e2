"""The preview page: every card of the deck as Anki shows it, on one self-contained HTML page.

Each card is rendered from the note type's own templates and shown inside a shadow root carrying
the note type's CSS, with the classes Anki puts on the card's <body>, so it looks as it will in Anki.
The page loads nothing: its CSS, JavaScript and the cards' images are inline and its content policy
forbids fetching.
"""

from __future__ import annotations

import base64
import html
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from string import Template

from notes2anki.config import Config
from notes2anki.hashing import media_name
from notes2anki.image_links import SHIPPED_IMAGE_TYPES
from notes2anki.model import CardKind, Note
from notes2anki.package.apkg import BACK, FRONT, note_fields
from notes2anki.package.note_types import REVERSE_BACK, REVERSE_FRONT
from notes2anki.parse.clozes import reveal_clozes
from notes2anki.pipeline.result import BuildResult
from notes2anki.preview.problems import problems_panel
from notes2anki.render.fields import answer_text, cloze_field_value
from notes2anki.render.style import card_css
from notes2anki.runtime.files import atomic_write_bytes, remove_stale_scratch

PAGE_NAME = "index.html"
# {{#Field}}...{{/Field}} shows its content when the field is not empty, {{^Field}} when it is;
# {{Field}} is the field. Filters such as {{text:Field}} are left unmatched, so the page refuses them.
TEMPLATE_TAG = re.compile(
    r"\{\{(?P<kind>[#^])(?P<name>[^{}]+?)\}\}(?P<body>.*?)\{\{/(?P=name)\}\}|\{\{(?P<field>[^{}#^/:]+?)\}\}",
    re.DOTALL,
)
# <img alt="UDP" src="UDP.png">: the parser links a shipped image by its bare name in Anki's media folder.
IMAGE_SOURCE = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")')
# A cloze on the back of its card, marked as Anki marks it.
CLOZE_SHOWN = '<span class="cloze">{}</span>'
CHART_BAR_WIDTH = 120
CHART_ROW_HEIGHT = 22


def render_side(template: str, fields: Mapping[str, str]) -> str:
    """A card side from Anki's template language, as far as the note type uses it (no filters).
    In one pass over the template: what a field holds is never read as template syntax."""
    if "{{" in TEMPLATE_TAG.sub("", template) or "}}" in TEMPLATE_TAG.sub("", template):
        raise ValueError(f"template syntax the preview cannot render: {template!r}")

    def fill(match: re.Match[str]) -> str:
        if match["field"] is not None:
            return _field(fields, match["field"])
        filled = bool(_field(fields, match["name"]).strip())
        return render_side(match["body"], fields) if filled == (match["kind"] == "#") else ""

    return TEMPLATE_TAG.sub(fill, template)


def _field(fields: Mapping[str, str], name: str) -> str:
    try:
        return fields[name.strip()]
    except KeyError:
        raise ValueError(f"the template names a field that does not exist: {name.strip()!r}") from None


def card_sides(note: Note) -> tuple[str, str]:
    """The question and answer HTML Anki renders for the note's card (without its <style>)."""
    fields = note_fields(note)
    if note.rendered.card.kind is CardKind.CLOZE:  # the front hides each cloze as [...], the back shows it
        answer = cloze_field_value(note.rendered.answer_html)
        fields = {**fields, "Answer": reveal_clozes(answer, CLOZE_SHOWN)}
    front = render_side(FRONT, fields)
    return front, render_side(BACK, {**fields, "FrontSide": front})


def reverse_sides(note: Note) -> tuple[str, str]:
    """The second card of a reversed note: its answer asks, its question answers."""
    fields = note_fields(note)
    front = render_side(REVERSE_FRONT, fields)
    return front, render_side(REVERSE_BACK, {**fields, "FrontSide": front})


def with_embedded_images(side: str, media: tuple[Path, ...]) -> str:
    """The card side with its images inline as data: URIs. Anki finds "UDP-<hash>.png" in its media folder; the
    page has no such folder beside it and fetches nothing, so it carries the images itself."""
    by_name = {media_name(path): path for path in media}

    def embed(match: re.Match[str]) -> str:
        path = by_name.get(html.unescape(match[2]))
        return match[0] if path is None else f"{match[1]}{data_uri(path)}{match[3]}"

    return IMAGE_SOURCE.sub(embed, side)


def data_uri(path: Path) -> str:
    media_type = SHIPPED_IMAGE_TYPES[path.suffix.lower()]
    return f"data:{media_type};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


@dataclass(frozen=True)
class Topic:
    name: str
    anchor: str
    notes: tuple[Note, ...]


def group_by_topic(notes: tuple[Note, ...]) -> tuple[Topic, ...]:
    """Topics with the most cards first; cards in the order they appear in the notes."""
    counts = Counter(note.rendered.card.topic for note in notes)
    ordered = sorted(counts, key=lambda topic: (-counts[topic], topic))
    return tuple(
        Topic(
            name=name,
            anchor=f"topic-{index}",
            notes=tuple(
                sorted(
                    (note for note in notes if note.rendered.card.topic == name),
                    key=lambda note: note.rendered.card.location,
                )
            ),
        )
        for index, name in enumerate(ordered, start=1)
    )


def search_text(note: Note) -> str:
    """What the search box matches: question, other wordings and answer, lower-cased."""
    card = note.rendered.card
    return " ".join([card.display_question, *card.aliases, answer_text(note.rendered)]).lower()


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def topic_nav(topics: tuple[Topic, ...], total: int) -> str:
    buttons = [
        (
            f'<button type="button" class="topic" data-topic="" aria-pressed="true">'
            f'<span class="topic-name">All topics</span><span class="count" data-total="{total}">{total}</span></button>'
        )
    ]
    buttons += [
        f'<button type="button" class="topic" data-topic="{topic.anchor}" aria-pressed="false">'
        f'<span class="topic-name">{_escape(topic.name)}</span>'
        f'<span class="count" data-total="{len(topic.notes)}">{len(topic.notes)}</span></button>'
        for topic in topics
    ]
    return "\n".join(buttons)


def topic_chart(topics: tuple[Topic, ...]) -> str:
    """Cards per topic as horizontal bars: an inline SVG that needs no script."""
    most = max((len(topic.notes) for topic in topics), default=1)
    label_width = 96
    width = label_width + CHART_BAR_WIDTH + 36
    rows = []
    for row, topic in enumerate(topics):
        y = row * CHART_ROW_HEIGHT
        bar = max(2, round(CHART_BAR_WIDTH * len(topic.notes) / most))
        rows.append(
            f'<g transform="translate(0 {y})"><title>{_escape(topic.name)}: {len(topic.notes)} cards</title>'
            f'<text class="chart-label" x="{label_width - 6}" y="15" text-anchor="end">{_escape(topic.name)}</text>'
            f'<rect class="chart-bar" x="{label_width}" y="4" width="{bar}" height="14" rx="3"></rect>'
            f'<text class="chart-count" x="{label_width + bar + 5}" y="15">{len(topic.notes)}</text></g>'
        )
    height = max(1, len(topics)) * CHART_ROW_HEIGHT
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="Cards per topic">{"".join(rows)}</svg>'
    )


def card_entry(note: Note, topic: Topic) -> str:
    """The note's card; a reversed note's two cards, each way."""
    entry = _entry(note, topic, card_sides(note))
    if note.rendered.card.kind is CardKind.REVERSED:
        entry += "\n" + _entry(note, topic, reverse_sides(note))
    return entry


def _entry(note: Note, topic: Topic, sides: tuple[str, str]) -> str:
    front, back = (with_embedded_images(side, note.rendered.card.media) for side in sides)
    tags = "".join(f"<li>{_escape(tag)}</li>" for tag in note.rendered.card.tags)
    return (
        f'<article class="entry" data-topic="{topic.anchor}" data-search="{_escape(search_text(note))}">'
        f'<div class="anki-card"><template class="side-front">{front}</template>'
        f'<template class="side-back">{back}</template></div>'
        f'<ul class="tags" aria-label="tags">{tags}</ul></article>'
    )


def topic_section(topic: Topic) -> str:
    entries = "\n".join(card_entry(note, topic) for note in topic.notes)
    return (
        f'<section class="topic-cards" id="{topic.anchor}" data-topic="{topic.anchor}">'
        f'<h2>{_escape(topic.name)} <span class="count">{len(topic.notes)}</span></h2>\n{entries}\n</section>'
    )


def _asset(name: str) -> str:
    return files("notes2anki.preview").joinpath(name).read_text(encoding="utf-8")


def preview_page(config: Config, result: BuildResult, card_css: str) -> str:
    topics = group_by_topic(result.notes)
    total = len(result.notes)
    return Template(_asset("preview.html")).substitute(
        deck_name=_escape(config.deck_name),
        version=_escape(config.version),
        description=_escape(config.description),
        card_count=total,
        topic_count=len(topics),
        topic_nav=topic_nav(topics, total),
        chart=topic_chart(topics),
        problems=problems_panel(result),
        sections="\n".join(topic_section(topic) for topic in topics),
        card_css=card_css,
        # The page loads nothing, but the images a deck keeps loading from the network, as the cards do.
        image_sources="data: https: http:" if config.remote_images == "keep" else "data:",
        page_css=_asset("preview.css"),
        page_js=_asset("preview.js"),
    )


def write_preview(config: Config, result: BuildResult, out_dir: Path) -> Path:
    path = out_dir / PAGE_NAME
    remove_stale_scratch(out_dir)
    atomic_write_bytes(path, preview_page(config, result, card_css()).encode("utf-8"))
    return path
