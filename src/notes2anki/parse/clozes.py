"""Clozes: the words of a sentence hidden on the front of a card and shown on its back.

    The capital of Peru is {{c1::Lima}}.              Anki's own cloze (a hint: {{c1::Lima::a city}})
    The capital of Peru is ==Lima==.                  a highlight, in a note tagged #flashcards
    The capital of Peru is {{cloze Lima}}.            Logseq's cloze

Every kind becomes Anki's "{{cN::text}}" in the card's text. The question a cloze card is known by
(in the lock, the export, duplicates) is its text with each cloze shown as "[...]".
Markers inside inline code ("`a == b`", "`{{c1::x}}`") are code, not clozes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# "{{c1::hidden}}" and "{{c2::hidden::hint}}": Anki's cloze, numbered (one card per number).
ANKI_CLOZE = re.compile(r"\{\{c(\d+)::(.+?)(?:::([^{}]*?))?\}\}")
# "==hidden==": Obsidian's highlight, a cloze for the Spaced Repetition plugin; never "a == b"
# (the text hugs the markers) nor "====".
HIGHLIGHT_CLOZE = re.compile(r"(?<![=\w])==(?=[^\s=])(.+?)(?<=[^\s=])==(?![=\w])")
# "{{cloze hidden}}": Logseq's cloze.
LOGSEQ_CLOZE = re.compile(r"\{\{cloze\s+(.+?)\}\}")
# Inline code, by the CommonMark rule: a run of backticks closed by a run of the same length.
INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
SHOWN_HIDDEN = "[...]"


def mask_inline_code(text: str) -> str:
    """The text with every inline code span blanked out, character for character: positions found in
    the result are positions in the text, and nothing found there is inside code."""
    return INLINE_CODE.sub(lambda match: "\x00" * len(match.group(0)), text)


def mask_markers(text: str) -> str:
    """The text with inline code and Anki's clozes blanked out, character for character: the "::"
    left in it separates a question from its answer ("{{c1::Lima}}" holds no such "::")."""
    masked = mask_inline_code(text)
    return ANKI_CLOZE.sub(lambda match: "\x00" * len(match.group(0)), masked)


def _replace_outside_code(text: str, pattern: re.Pattern[str], make: Callable[[re.Match[str]], str]) -> str:
    """``pattern`` replaced by ``make`` where it is not inside inline code."""
    masked = mask_inline_code(text)
    pieces, position = [], 0
    for match in pattern.finditer(masked):
        original = pattern.match(text, match.start(), match.end())
        if original is None:
            continue
        pieces += [text[position : match.start()], make(original)]
        position = match.end()
    return "".join(pieces) + text[position:]


def has_anki_cloze(text: str) -> bool:
    """Anki's or Logseq's cloze outside inline code: markers no ordinary note writes."""
    masked = mask_inline_code(text)
    return bool(ANKI_CLOZE.search(masked) or LOGSEQ_CLOZE.search(masked))


def has_highlight_cloze(text: str) -> bool:
    return bool(HIGHLIGHT_CLOZE.search(mask_inline_code(text)))


def to_anki_clozes(text: str, highlights: bool) -> str:
    """The text with every cloze written as Anki's "{{cN::…}}". Each highlight is a card of its own
    (c1, c2, … after the numbers the text already uses), as the Spaced Repetition plugin makes them;
    Logseq's clozes are hidden together, as Logseq shows them."""
    used = [int(match.group(1)) for match in ANKI_CLOZE.finditer(mask_inline_code(text))]
    text = _replace_outside_code(text, LOGSEQ_CLOZE, lambda match: "{{c1::" + match.group(1) + "}}")
    if not highlights:
        return text
    numbers = iter(range(max(used, default=0) + 1, 1 << 30))
    return _replace_outside_code(
        text, HIGHLIGHT_CLOZE, lambda match: f"{{{{c{next(numbers)}::{match.group(1)}}}}}"
    )


def cloze_question(text: str) -> str:
    """Anki cloze text as its question: each cloze shown as "[...]"."""
    return _replace_outside_code(text, ANKI_CLOZE, lambda match: SHOWN_HIDDEN)


def reveal_clozes(text: str, shown: str = "{}") -> str:
    """Anki cloze text with every cloze shown (put into ``shown``): what the back of its card reads."""
    return ANKI_CLOZE.sub(lambda match: shown.format(match.group(2)), text)


def cloze_numbers(text: str) -> list[int]:
    """The cloze numbers the text uses, each once, in order: one Anki card each."""
    return sorted({int(match.group(1)) for match in ANKI_CLOZE.finditer(mask_inline_code(text))})
