"""Quizzes that hide the answer in <details>.

    ###### 3. What's the output?          the question: the heading ...
    ```javascript                          ... and everything down to <details> (code, options A-D)
    console.log(+true, !"Lydia");          is the front of the card
    ```
    - A: `1` and `false`
    <details><summary><b>答案</b></summary>  a label, not a question
    #### Answer: A                         the inside is the back; a heading here is not a heading
    </details>

With a real question in the summary (<summary>什么是GIL？</summary>) the summary is the question.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from notes2anki.parse.fences import fence_opening, pieces
from notes2anki.parse.lines import Line, trim_blank
from notes2anki.parse.questions import QUESTION_END, is_question_like, strip_markers
from notes2anki.parse.toc import is_toc

SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
SUMMARY_OPEN = re.compile(r"<summary\b[^>]*>", re.IGNORECASE)
SUMMARY_CLOSE = re.compile(r"</summary\s*>", re.IGNORECASE)
DETAILS_TAG = re.compile(r"</?details\b[^>]*>", re.IGNORECASE)
# Wrappers inside <details> that carry no text of their own.
WRAPPER_TAG = re.compile(r"</?(?:p|div|br|span|b|strong|blockquote)\b[^>]*>", re.IGNORECASE)
# Summaries that only say "open me": "展开", "Answer", "答案", "点击查看", "Show answer".
LABEL_SUMMARIES = re.compile(
    r"^(?:展开|展开答案|答案|查看答案|点击查看|点击展开|点击查看答案|解析|答案解析|参考答案|显示答案|"
    r"answers?|show(?: the)? answers?|solution|click(?: here)?(?: to (?:expand|show|see))?|reveal|details|more|"
    r"查看|显示|详情)[\s:：.!]*$",
    re.IGNORECASE,
)


# "---", "***": a rule between quizzes, nothing to ask or show.
THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# A line with something to read ("---" and "<br>" have nothing).
HAS_WORDS = re.compile(r"[^\W_]")
# A label says "open me" and asks nothing: a few words with no question shape ("show", "View answer",
# "查看答案", "点击展开"). Used on every question of a note, it is recognised however it is worded.
LABEL_MAX_WORDS = 3
LABEL_MAX_CHARS = 16
MIN_LABEL_REPEATS = 2


@dataclass(frozen=True)
class Quiz:
    line: Line  # where the <details> block starts
    summary: str  # the summary's text; "" when it is only a label
    front: list[Line]  # what stands between the previous quiz (or the heading) and this one
    answer: list[Line]
    label_lines: tuple[Line, ...] = ()  # the lines of a summary that is only a label


@dataclass(frozen=True)
class Quizzes:
    """The <details> blocks under a heading, and what else stands there."""

    quizzes: list[Quiz]
    own: list[Line]  # the heading's own lines: before a quiz whose summary asks, and after the last quiz
    tables_of_contents: list[Line]  # <details> blocks that only list links to places in the note


def is_label(summary: str, labels: frozenset[str] = frozenset()) -> bool:
    return not summary or bool(LABEL_SUMMARIES.match(summary)) or summary in labels


def is_label_shaped(summary: str) -> bool:
    """Short and asking nothing: "View answer", "show", "查看答案"; not "What is hoisting?"."""
    words = summary.split()
    return (
        bool(words)
        and len(words) <= LABEL_MAX_WORDS
        and len(summary) <= LABEL_MAX_CHARS
        and not is_question_like(summary)
    )


def repeated_labels(lines: list[Line]) -> frozenset[str]:
    """Summaries that are labels by use: label-shaped and on several <details> blocks of the note."""
    counts = Counter(
        summary_of(piece.lines) for piece in pieces(lines, "details") if not isinstance(piece, list)
    )
    return frozenset(
        summary
        for summary, count in counts.items()
        if count >= MIN_LABEL_REPEATS and is_label_shaped(summary)
    )


def summary_of(block: list[Line]) -> str:
    match = SUMMARY.search("\n".join(line.text for line in block))
    return strip_markers(WRAPPER_TAG.sub("", match.group(1))) if match else ""


def find_quizzes(lines: list[Line], is_label_text: Callable[[str], bool] = is_label) -> Quizzes:
    """The <details> quizzes in some lines, the lines that are the heading's own, and the tables of
    contents. Text after a label quiz goes on with its answer; text before a summary that asks is
    the heading's own (a lead-in), text before a label is the front of the question."""
    quizzes: list[Quiz] = []
    own: list[Line] = []
    tables: list[Line] = []
    pending: list[Line] = []
    for piece in pieces(lines, "details"):
        if isinstance(piece, list):
            pending.extend(piece)
            continue
        summary, answer = _open(piece.lines)
        summary, summary_code = _code_in_summary(piece.lines, summary)
        if is_toc(answer):
            tables.extend(piece.lines)
            continue
        if is_label_text(summary):
            quizzes.append(
                Quiz(piece.lines[0], "", trim_blank(pending), trim_blank(answer), _summary_lines(piece.lines))
            )
        else:
            own.extend(pending)
            quizzes.append(Quiz(piece.lines[0], summary, summary_code, trim_blank(answer)))
        pending = []
    if quizzes and not quizzes[-1].summary and any(HAS_WORDS.search(line.text) for line in pending):
        last = quizzes[-1]
        quizzes[-1] = Quiz(last.line, "", last.front, [*last.answer, *pending], last.label_lines)
    else:
        own.extend(pending)
    return Quizzes(quizzes, own, tables)


def _open(block: list[Line]) -> tuple[str, list[Line]]:
    """The summary text and the lines inside a <details> block, tags removed."""
    text = "\n".join(line.text for line in block)
    match = SUMMARY.search(text)
    summary = strip_markers(WRAPPER_TAG.sub("", match.group(1))) if match else ""
    answer: list[Line] = []
    after_summary = match is None
    for line in block:
        content = line.text
        if not after_summary:
            if re.search(r"</summary\s*>", content, re.IGNORECASE):
                content = re.split(r"</summary\s*>", content, maxsplit=1, flags=re.IGNORECASE)[1]
                after_summary = True
            else:
                continue
        content = WRAPPER_TAG.sub("", DETAILS_TAG.sub("", content))
        answer.append(line.with_text(content.rstrip()))
    return summary, answer


def _summary_lines(block: list[Line]) -> tuple[Line, ...]:
    """The lines from <details> down to the line that closes its summary."""
    for index, line in enumerate(block):
        if re.search(r"</summary\s*>", line.text, re.IGNORECASE):
            return tuple(block[: index + 1])
    return ()


def _code_in_summary(block: list[Line], summary: str) -> tuple[str, list[Line]]:
    """A summary that holds a fenced block asks with words and shows code: the words before the
    fence are the question, the fence is shown under it ("What does this print?" over ```python)."""
    lines = list(_summary_lines(block))
    fence_at = next((index for index, line in enumerate(lines) if fence_opening(line.text)), None)
    if fence_at is None:
        return summary, []
    words = "\n".join(line.text for line in lines[:fence_at])
    words = strip_markers(WRAPPER_TAG.sub("", SUMMARY_OPEN.sub("", DETAILS_TAG.sub("", words))))
    code = [line.with_text(SUMMARY_CLOSE.sub("", line.text).rstrip()) for line in lines[fence_at:]]
    return " ".join(words.split()), trim_blank(code)


def question_above(front: list[Line]) -> tuple[Line, str, list[Line]] | None:
    """The question written above a labelled answer, when its first paragraph is one line that asks
    ("**2. What does `typeof null` return?**", "1. What is a closure?"): its line, its text and the
    lines left for the front (code, options). None when the front does not start with a question."""
    lines = [line for line in front if not THEMATIC_BREAK.match(line.text)]
    start = next((index for index, line in enumerate(lines) if not line.blank), None)
    if start is None or fence_opening(lines[start].text):
        return None
    first = lines[start]
    if start + 1 < len(lines) and not lines[start + 1].blank:
        return None  # a paragraph of several lines: prose above the answer, not a question line
    if not is_question_like(first.text) and not QUESTION_END.search(strip_markers(first.text)):
        return None
    return first, first.text, trim_blank(lines[start + 1 :])
