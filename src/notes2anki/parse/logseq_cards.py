"""Logseq's flashcards: a block tagged #card is a question, its child blocks the answer.

- What does VACUUM reclaim? #card          the question, without its tag
  card-repeats:: 2                         the plugin's schedule (a property: set aside)
    - Space held by dead row versions.       the answer
- Rows live in {{cloze heap}} pages. #card  a cloze block: a cloze card, no children needed
"""

from __future__ import annotations

import re

from notes2anki.parse.clozes import has_anki_cloze
from notes2anki.parse.flashcards import FlashCard, cloze_card
from notes2anki.parse.lines import Line

# "#card", "#flashcard", "#[[card]]": Logseq's tag that makes a block a card.
CARD_TAG = re.compile(r"\s*(?<![\w#])#(?:\[\[)?(?:card|flashcard)(?:\]\])?(?![\w/-])")


def without_card_tag(question: str) -> str:
    """The block's text without the #card tag, which marks it and says nothing."""
    return CARD_TAG.sub("", question).strip() if "#" in question else question


def cloze_block(line: Line, text: str) -> FlashCard | None:
    """A block with a cloze (and no answer of its own) as a cloze card; None without a cloze."""
    text = without_card_tag(text)
    return cloze_card([line.with_text(text)], highlights=False) if has_anki_cloze(text) else None
