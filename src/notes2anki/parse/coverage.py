"""No text lost in silence: every line of a note with words in it ends up somewhere the user sees.

A line is accounted for when its words are on a card (question, front, answer, the headings above
it), in an unanswered question, on a line a message is about, or in something that is never study
material: a reference (a bare link, "名称：URL"), a placeholder ("待补充"), or what a reader set aside on purpose (front
matter, a table of contents, a <details> label, a grouping heading, a "back to top" link). Whatever is left is reported as a passage on no card, once per run of
such lines, so that a reader that misses a layout costs a line in `notes2anki check`, not a card.

    ## 什么是协程？            on a card
    用户态的轻量级线程。        on a card
    ![](C:\\x.png)             a message is about it (the image is missing)
    随手记的一句话……          lost by every reader: reported as a passage on no card
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator

from notes2anki.model import Level, Section
from notes2anki.parse.collect import Collector
from notes2anki.parse.fences import fence_opening
from notes2anki.parse.lines import Line
from notes2anki.parse.questions import clean_question, is_placeholder, is_reference

# Words as the comparison sees them: runs of letters, digits and CJK characters.
WORD_RUN = re.compile(r"[^\W_]+")
# "<summary>", "</p>", '<img src="a.png">': markup, shown as layout or not at all.
TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
# "[名称](https://example.com)" -> "[名称]": where a link goes is not what a card must show of it.
# One level of "(…)" may stand inside, as Markdown allows; a target is at most so long, so that a
# line of thousands of "](a(b)" is read in linear time.
LINK_TARGET = re.compile(r"\]\((?:[^()\n]|\([^()\n]{0,200}\)){0,500}\)")
# "&amp;", "&#39;": an entity, shown as the character it stands for.
ENTITY = re.compile(r"&#?\w+;")
# "答：", "A:", "Answer:": a label the answer loses when the line is read ("答：全局解释器锁").
LEADING_LABEL = re.compile(r"^\W*[^\W_]{1,6}\s*[:：]")
LEFT_OUT_MESSAGE = "text on no card (put a question line or a heading above it)"


def words_of(text: str) -> str:
    """The words of some text in one run, folded: what must survive on a card for the text to be there."""
    text = ENTITY.sub(" ", TAG.sub(" ", LINK_TARGET.sub("]", text)))
    return "".join(WORD_RUN.findall(text)).casefold()


# A line's words are looked for first on the cards found near it (a card's answer follows its
# question line): this many cards before the line and after it. Only then the whole note is
# searched, at most this many times per note, so that a long note is read in linear time.
NEARBY_CARDS = 3
# Only a line this short can be a question that lost its numbering or marker.
MAX_QUESTION_LINE = 200
MAX_WHOLE_NOTE_SEARCHES = 200


class ShownWords:
    """What the parsed note shows, as strings of words: per card, and for the whole note."""

    def __init__(self, collector: Collector) -> None:
        found = sorted(
            [(section.location.line, _section_words(section)) for section in collector.sections]
            + [(item.location.line, words_of(item.question)) for item in collector.unanswered]
        )
        self.lines = [line for line, _ in found]
        self.words = [words for _, words in found]
        self.whole: str | None = None
        self.searches_left = MAX_WHOLE_NOTE_SEARCHES

    def show(self, line: Line, words: str) -> bool:
        at = bisect_right(self.lines, line.number)
        if any(
            words in self.words[index]
            for index in range(max(at - NEARBY_CARDS, 0), at + NEARBY_CARDS)
            if index < len(self.words)
        ):
            return True
        if self.searches_left <= 0:
            return False
        self.searches_left -= 1
        if self.whole is None:
            self.whole = "\x00".join(self.words)
        return words in self.whole


def _section_words(section: Section) -> str:
    pieces = (section.question, section.parent, *section.context)
    pieces += tuple(block.text for block in (*section.front, *section.answer))
    return "\x00".join(words_of(piece) for piece in pieces)


def is_shown(line: Line, shown: ShownWords) -> bool:
    """The line's words are on some card: as written, without the numbering or marker a question
    loses ("3. 什么是GIL？" asks "什么是GIL？"), or without a leading label ("答：", "A:")."""
    whole = words_of(line.text)
    if not whole or fence_opening(line.text) is not None:  # "```pyhton": a language
        return True
    tried: set[str] = set()
    for variant in _variants(line.text, whole):
        if variant and variant not in tried:
            if shown.show(line, variant):
                return True
            tried.add(variant)
    return False


def _variants(text: str, whole: str) -> Iterator[str]:
    """The forms the line's words may have on a card, each made only when the one before is not there."""
    yield whole
    yield words_of(clean_question(text)) if len(text) <= MAX_QUESTION_LINE else ""
    label = LEADING_LABEL.match(TAG.sub(" ", text))
    if label:
        yield words_of(text[label.end() :])


def report_lost(collector: Collector, lines: Iterable[Line]) -> None:
    """A LEFT_OUT message for each run of lines whose words are nowhere the user sees them."""
    shown = ShownWords(collector)
    spoken_for = {d.location.line for d in collector.diagnostics if d.location is not None}
    # A question's own line is on its card, however the question was cleaned ("- [zip](…) - 配对"
    # asks "zip" and answers "配对").
    questions_at = {found.location.line for found in collector.sections}
    questions_at |= {found.location.line for found in collector.unanswered}
    already_left_out = {
        d.location.line for d in collector.diagnostics if d.level is Level.LEFT_OUT and d.location
    }
    in_lost_run = False
    for line in lines:
        if line.blank:
            continue
        if line.number in already_left_out:
            in_lost_run = True
        elif line.number in questions_at or is_shown(line, shown):
            in_lost_run = False
        elif is_reference(line.text) or is_placeholder(line.text):
            collector.set_aside.add(line.number)  # a link to read elsewhere, not study material
        elif line.number in collector.set_aside:
            continue
        elif line.number not in spoken_for and not in_lost_run:
            collector.left_out(line, LEFT_OUT_MESSAGE)
            in_lost_run = True
