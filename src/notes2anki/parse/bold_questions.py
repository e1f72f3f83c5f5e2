"""Questions written as a bold paragraph, common in English notes that keep headings for topics.

## Soil                                      a topic: a grouping heading
**Why does clay hold water? 🌱**             a paragraph that is only bold text and asks: a question
Its fine particles leave tiny pores ...      its answer, up to the next bold question or heading
**Loam** is a mix of sand, silt and clay.    bold words opening prose: part of the answer
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from notes2anki.parse.fences import open_indexes
from notes2anki.parse.lines import Line, trim_blank
from notes2anki.parse.questions import COLON_END, clean_question, is_question_like, strip_markers

# "**What is erosion? 🌱**", "**Soil pH ⭐️**": a whole line of bold text, decorations inside or after.
BOLD_LINE = re.compile(r"^ {0,3}\*\*(?P<text>(?:(?!\*\*).)+?)\*\*\s*(?P<after>[^\w*]*)$")
# A difficulty mark after the question mark, perhaps with a stray letter: "… metric? ⭐️x" -> "… metric?".
AFTER_QUESTION_MARK = re.compile(r"(?<=[?？])[\W_]*[A-Za-z]?$")
# Marks that decorate a title and carry no words: emoji, joiners, variation selectors, spaces.
DECORATION_CATEGORIES = {"So", "Sk", "Cf", "Mn", "Zs", "Cc"}
# Bold titles that do not ask ("**Soil pH ⭐️**") are questions only in a note whose bold paragraphs
# ask at least this often; a few words, not a sentence.
MIN_ASKING_BOLD_PARAGRAPHS = 2
MAX_BOLD_TITLE_WORDS = 8


@dataclass(frozen=True)
class BoldQuestion:
    line: Line
    question: str
    answer: list[Line]


def undecorated(text: str) -> str:
    """The words of a bold title without the emoji and marks around them."""
    text = AFTER_QUESTION_MARK.sub("", text.strip())
    while text and unicodedata.category(text[-1]) in DECORATION_CATEGORIES:
        text = text[:-1]
    return clean_question(text)


def bold_paragraph(lines: list[Line], index: int) -> str | None:
    """The undecorated text of a paragraph that is one line of bold text, else None."""
    line = lines[index]
    match = BOLD_LINE.match(line.text)
    if not match:
        return None
    before_blank = index == 0 or lines[index - 1].blank
    after_blank = index + 1 >= len(lines) or lines[index + 1].blank
    return undecorated(match.group("text")) if before_blank and after_blank else None


def _paragraphs(lines: list[Line]) -> list[tuple[int, str]]:
    """(index, text) of the bold paragraphs outside fences and comments."""
    return [(index, text) for index in open_indexes(lines) if (text := bold_paragraph(lines, index))]


def is_bold_title(line: str, text: str) -> bool:
    """A few words that name a topic; "**Example:**" ends in a colon and leads into what follows."""
    return len(text.split()) <= MAX_BOLD_TITLE_WORDS and not COLON_END.search(strip_markers(line))


def count_asking_bold(lines: list[Line]) -> int:
    """How many bold paragraphs of a note ask a question."""
    return sum(1 for _, text in _paragraphs(lines) if is_question_like(text))


def split_bold_questions(
    lines: list[Line], note_asks_in_bold: bool
) -> tuple[list[Line], list[BoldQuestion]] | None:
    """The lines before the first bold question and the bold questions with their answers; None when
    the lines hold no bold question."""
    starts = [
        (index, text)
        for index, text in _paragraphs(lines)
        if is_question_like(text) or (note_asks_in_bold and is_bold_title(lines[index].text, text))
    ]
    if not starts:
        return None
    questions = []
    for number, (index, text) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        questions.append(BoldQuestion(lines[index], text, trim_blank(lines[index + 1 : end])))
    return lines[: starts[0][0]], questions
