"""Cards written in the Obsidian Spaced Repetition syntax, and paragraphs with Anki clozes.

In a note tagged ``#flashcards`` (in its text or its front matter ``tags``), as the plugin reads it:

    What does DNS resolve::Names to addresses           a card
    Latency:::The time one request takes                 a card each way (reversed)
    Which port does SSH use                              a card over several lines: the question,
    ?                                                    a line that is only "?" ("??": reversed),
    Port 22, unless the server moved it.                 then the answer, up to a blank line
    A packet's ==TTL== stops routing loops.              a cloze

In any note, a paragraph with an Anki cloze ("{{c1::…}}") or a Logseq one ("{{cloze …}}") is a cloze
card. Markers inside code fences and inline code ("`std::map`", "`a == b`") are never cards, and
without the tag, "a::b" and "==b==" are text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from notes2anki.model import CardKind
from notes2anki.parse.clozes import (
    cloze_question,
    has_anki_cloze,
    has_highlight_cloze,
    mask_inline_code,
    mask_markers,
    to_anki_clozes,
)
from notes2anki.parse.fences import opaque_span
from notes2anki.parse.lines import Line

# "#flashcards", "#flashcards/networking/dns": the plugin's tag, which marks a note for study.
FLASHCARDS_TAG = re.compile(r"(?<![\w#/])#flashcards(?:/[\w/-]+)?(?![\w/-])")
# A line of tags only ("#flashcards/python #review"): the note's labels, never card text.
TAG_LINE = re.compile(r"^\s*(?:#[\w/-]+\s*)+$")
# The front matter's tags: "tags: [flashcards/python]", "tags: flashcards", "  - flashcards".
FRONT_MATTER_TAG = re.compile(r"(?<![\w/-])flashcards(?:/[\w/-]+)?(?![\w-])")
# "Question::Answer" and "Question:::Answer" (reversed) on one line.
INLINE_SEPARATOR = re.compile(r":{2,3}")
# A list marker before an inline card ("- Ohm::Unit of resistance"): no part of its question.
LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
# A line that is only "?" or "??" parts a card written over several lines.
MULTILINE_SEPARATORS = {"?": CardKind.QA, "??": CardKind.REVERSED}


@dataclass(frozen=True)
class FlashCard:
    line: Line  # where the card is: its question's first line
    question: str
    answer: list[Line]  # for a cloze, its lines with the clozes as "{{cN::…}}"
    kind: CardKind = CardKind.QA


@dataclass
class Flashcards:
    cards: list[FlashCard] = field(default_factory=list)
    rest: list[Line] = field(default_factory=list)  # the lines on none of the cards


def is_flashcards_note(lines: list[Line], front_matter: list[Line]) -> bool:
    """The note carries the #flashcards tag: in its text, outside code, or in its front matter tags."""
    if not any("flashcards" in line.text for line in (*front_matter, *lines)):
        return False
    in_tags = False
    for line in front_matter:
        key = re.match(r"^(\w[\w-]*)\s*:", line.text)
        if key:
            in_tags = key.group(1).lower() == "tags"
        if in_tags and FRONT_MATTER_TAG.search(line.text.split(":", 1)[-1] if key else line.text):
            return True
    return any(FLASHCARDS_TAG.search(mask_inline_code(line.text)) for line in _outside_fences(lines))


def flashcards_deck(lines: list[Line], front_matter: list[Line]) -> str:
    """The deck the note's #flashcards tag names: "#flashcards/networking/dns" -> "networking/dns"."""
    for line in [*front_matter, *_outside_fences(lines)]:
        for match in FRONT_MATTER_TAG.finditer(mask_inline_code(line.text)):
            if "/" in match.group(0):
                return match.group(0).split("/", 1)[1]
    return ""


def is_tag_line(line: Line) -> bool:
    """A line of tags only, one of them #flashcards: it marks the note, it is not study material."""
    return bool(TAG_LINE.match(line.text) and FLASHCARDS_TAG.search(line.text))


def _outside_fences(lines: list[Line]) -> list[Line]:
    return [line for chunk, fenced in _chunks(lines) if not fenced for line in chunk]


def _chunks(lines: list[Line]) -> list[tuple[list[Line], bool]]:
    """The lines in order, each code fence as one chunk (True) and every other line alone (False)."""
    chunks: list[tuple[list[Line], bool]] = []
    index = 0
    while index < len(lines):
        span = opaque_span(lines, index)
        if span is not None and span.kind == "fence":
            chunks.append((span.lines, True))
            index += len(span.lines)
        else:
            chunks.append(([lines[index]], False))
            index += 1
    return chunks


def paragraphs(lines: list[Line]) -> list[list[tuple[Line, bool]]]:
    """Runs of lines up to a blank line outside code, each line with whether it is in a fence."""
    found: list[list[tuple[Line, bool]]] = [[]]
    for chunk, fenced in _chunks(lines):
        if not fenced and chunk[0].blank:
            found.append([])
            continue
        found[-1].extend((line, fenced) for line in chunk)
    return [paragraph for paragraph in found if paragraph]


def find_flashcards(lines: list[Line], obsidian: bool) -> Flashcards | None:
    """The cards among ``lines`` (the Obsidian syntax only when ``obsidian``); None when there is none."""
    if not obsidian and not any("{{" in line.text for line in lines):
        return None  # no cloze can be there: most notes are read without a second look
    found = Flashcards()
    for paragraph in paragraphs(lines):
        cards = _paragraph_cards(paragraph, obsidian)
        if cards is None:
            found.rest.extend(line for line, _ in paragraph)
            found.rest.append(Line(paragraph[-1][0].number, ""))  # keep the paragraphs apart
        else:
            found.cards.extend(cards)
    return found if found.cards else None


def _paragraph_cards(paragraph: list[tuple[Line, bool]], obsidian: bool) -> list[FlashCard] | None:
    if obsidian:
        multiline = _multiline_card(paragraph)
        if multiline is not None:
            return [multiline]
        inline = [card for line, fenced in paragraph if not fenced and (card := inline_card(line))]
        if inline:
            return inline
    text = "\n".join(line.text for line, fenced in paragraph if not fenced)
    if any(fenced for _, fenced in paragraph) or not text.strip():
        return None
    if has_anki_cloze(text) or (obsidian and has_highlight_cloze(text)):
        return [cloze_card([line for line, _ in paragraph], obsidian)]
    return None


def inline_card(line: Line) -> FlashCard | None:
    """ "Question::Answer" ("Question:::Answer": reversed), the separator outside inline code."""
    if is_tag_line(line):
        return None
    match = INLINE_SEPARATOR.search(mask_markers(line.text))
    if match is None:
        return None
    question = LIST_MARKER.sub("", line.text[: match.start()]).strip()
    answer = line.text[match.end() :].strip()
    if not question or not answer:
        return None
    kind = CardKind.REVERSED if len(match.group(0)) == 3 else CardKind.QA
    return FlashCard(line, question, [line.with_text(answer)], kind)


def _multiline_card(paragraph: list[tuple[Line, bool]]) -> FlashCard | None:
    """Question lines, a line that is only "?" or "??", then the answer (code fences included)."""
    for index, (line, fenced) in enumerate(paragraph):
        kind = None if fenced else MULTILINE_SEPARATORS.get(line.stripped)
        if kind is None:
            continue
        question = [item for item, _ in paragraph[:index]]
        answer = [item for item, _ in paragraph[index + 1 :]]
        if not question or not answer:
            return None
        return FlashCard(question[0], " ".join(item.stripped for item in question), answer, kind)
    return None


def cloze_card(lines: list[Line], highlights: bool) -> FlashCard:
    """A paragraph with clozes: known by its text with the clozes hidden, answered by the text."""
    texts = to_anki_clozes("\n".join(line.text for line in lines), highlights).split("\n")
    marked = [line.with_text(text) for line, text in zip(lines, texts, strict=True)]
    question = " ".join(cloze_question(line.stripped) for line in marked)
    return FlashCard(lines[0], question, marked, CardKind.CLOZE)
