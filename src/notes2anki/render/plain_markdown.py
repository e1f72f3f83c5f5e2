"""Markdown that is only prose, converted without Python-Markdown.

Most answers are paragraphs of prose, or a short "- " list of it, with nothing Markdown would act
on. Their HTML has a fixed shape, and Python-Markdown spends a fifth of a millisecond per block
finding that out. Anything else (a link, emphasis, a numbered line, an indented line, a symbol
Markdown could read as syntax) gets None here and goes to Python-Markdown as before. The shapes
are checked against Python-Markdown itself (tests/test_plain_markdown.py).
"""

from __future__ import annotations

import re

# One character of prose Markdown gives no meaning to: a letter or digit of any script (not "_",
# which emphasises), CJK and full-width punctuation (Markdown's syntax is ASCII only; U+3000, a
# space, is left out), and ASCII punctuation that is no Markdown syntax.
PROSE_CHAR = r"(?:[^\W_]|[\u3001-\u303f\uff01-\uffef,.;:?'\"%/@$()])"
# A line of prose: spaces only between words, and no digit first ("1. item" is a numbered list).
# e.g. "GIL是全局解释器锁， 同一时刻只有一个线程执行Python字节码。"
PROSE_LINE = re.compile(rf"(?!\d){PROSE_CHAR}+(?: +{PROSE_CHAR}+)*")
BULLET = "- "
# Each line of a note is a line on the card, as Python-Markdown's nl2br extension writes it.
LINE_BREAK = "<br>\n"


def _paragraphs(text: str) -> list[list[str]]:
    """The text's runs of lines between empty lines. (A line of spaces is not always a blank one
    to Python-Markdown: such text is none of the shapes here, and prose lines hold no edge spaces.)"""
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [paragraph for paragraph in paragraphs if paragraph]


def plain_markdown_html(text: str) -> str | None:
    """What Python-Markdown makes of prose paragraphs, or of one tight "- " list of prose items;
    None for any other Markdown."""
    paragraphs = _paragraphs(text)
    if not paragraphs:
        return None
    if all(PROSE_LINE.fullmatch(line) for paragraph in paragraphs for line in paragraph):
        return "\n".join("<p>" + LINE_BREAK.join(paragraph) + "</p>" for paragraph in paragraphs)
    items = paragraphs[0]
    if len(paragraphs) == 1 and all(
        line.startswith(BULLET) and PROSE_LINE.fullmatch(line, len(BULLET)) for line in items
    ):
        return "<ul>\n" + "\n".join(f"<li>{line[len(BULLET) :]}</li>" for line in items) + "\n</ul>"
    return None
