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
from dataclasses import dataclass

from .fences import pieces
from .lines import Line, trim_blank
from .questions import strip_markers

SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
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


@dataclass(frozen=True)
class Quiz:
    line: Line  # where the <details> block starts
    summary: str  # the summary's text; "" when it is only a label
    front: list[Line]  # what stands between the previous quiz (or the heading) and this one
    answer: list[Line]
    label_lines: tuple[Line, ...] = ()  # the lines of a summary that is only a label


def is_label(summary: str) -> bool:
    return not summary or bool(LABEL_SUMMARIES.match(summary))


def find_quizzes(lines: list[Line]) -> tuple[list[Quiz], list[Line]]:
    """The <details> quizzes in some lines, and the lines after the last one."""
    quizzes: list[Quiz] = []
    pending: list[Line] = []
    for piece in pieces(lines, "details"):
        if isinstance(piece, list):
            pending = piece
            continue
        summary, answer = _open(piece.lines)
        label = () if summary else _summary_lines(piece.lines)
        quizzes.append(Quiz(piece.lines[0], summary, trim_blank(pending), trim_blank(answer), label))
        pending = []
    return quizzes, pending


def _open(block: list[Line]) -> tuple[str, list[Line]]:
    """The summary text and the lines inside a <details> block, tags removed."""
    text = "\n".join(line.text for line in block)
    match = SUMMARY.search(text)
    summary = strip_markers(WRAPPER_TAG.sub("", match.group(1))) if match else ""
    summary = "" if is_label(summary) else summary
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
