"""Question/answer pairs marked in the text, in any layout.

    Q: What does the GIL protect?          问：什么是GIL？
    A: The interpreter's internals;        答：全局解释器锁，
       one thread runs bytecode at a time.     同一时刻只有一个线程执行字节码。

The answer runs to the next question marker (or the end of the text) and may hold code.
Lines between a question and its "A:" belong to the question (a snippet the question asks about).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notes2anki.parse.fences import open_indexes
from notes2anki.parse.lines import Line, dedent

# "Q: ...", "**Q:** ...", "- 问：...", "Question: ...", "问题：..."
QUESTION_MARK = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*)?(?:Q|Question|问|问题)\s*[:：](?:\*\*)?\s*(.*?)(?:\*\*)?\s*$", re.IGNORECASE
)
ANSWER_MARK = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*)?(?:A|Answer|答|答案)\s*[:：](?:\*\*)?\s*(.*)$", re.IGNORECASE
)


@dataclass(frozen=True)
class Pair:
    line: Line  # where the question is asked
    question: str
    front: list[Line]  # lines between the question and its answer marker
    answer: list[Line]  # an answer's first line holds only the text after "A:"


@dataclass(frozen=True)
class Pairs:
    before: list[Line]  # lines before the first question marker
    pairs: list[Pair]


def _marked_lines(lines: list[Line]) -> list[tuple[int, str]]:
    """(index, "q" or "a") for marker lines outside fences and comments."""
    found = []
    for index in open_indexes(lines):
        text = lines[index].text
        if QUESTION_MARK.match(text):
            found.append((index, "q"))
        elif ANSWER_MARK.match(text):
            found.append((index, "a"))
    return found


def find_pairs(lines: list[Line]) -> Pairs | None:
    """The pairs in some lines, or None when no question marker is followed by an answer marker."""
    marks = _marked_lines(lines)
    kinds = [kind for _, kind in marks]
    if not any(kinds[i] == "q" and kinds[i + 1] == "a" for i in range(len(kinds) - 1)):
        return None
    questions = [index for index, kind in marks if kind == "q"]
    answers = {index for index, kind in marks if kind == "a"}
    pairs = []
    for number, start in enumerate(questions):
        end = questions[number + 1] if number + 1 < len(questions) else len(lines)
        answer_at = next((i for i in range(start + 1, end) if i in answers), None)
        question_text = _marked(QUESTION_MARK, lines[start].text).strip()
        if answer_at is None:
            pairs.append(Pair(lines[start], question_text, lines[start + 1 : end], []))
            continue
        first = lines[answer_at]
        # "A: text" then lines aligned under "text": the marker's width is not indentation.
        answer = [
            first.with_text(_marked(ANSWER_MARK, first.text)),
            *dedent(lines[answer_at + 1 : end]),
        ]
        pairs.append(Pair(lines[start], question_text, lines[start + 1 : answer_at], answer))
    return Pairs(lines[: questions[0]], pairs)


def _marked(mark: re.Pattern[str], text: str) -> str:
    """The text after a question or answer mark ("Q: …", "答：…"); the lines passed here carry one."""
    found = mark.match(text)
    return found.group(1) if found else text
