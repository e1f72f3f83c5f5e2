"""Plain-text notes: a line ending in ？ or ： is a question, the lines under it its answer.

    .py和.pyc文件有什么区别？
    	.py 文件是 Python 源代码文件，...
"""

from __future__ import annotations

import re

from ..model import Block, BlockKind, Location, ParsedFile, Section, SourceFile, Unanswered
from ..text import LEADING_NUMBERING

# "什么是闭包?", "浅拷贝，", "僵尸进程：": a short column-0 line ending in a question mark or colon.
QUESTION_END = re.compile(r"[？?：:]\s*$")
MAX_QUESTION_LENGTH = 80


def is_question_line(line: str) -> bool:
    return bool(line) and not line[0].isspace() and len(line) <= MAX_QUESTION_LENGTH and bool(
        QUESTION_END.search(line)
    )


def clean_question(line: str) -> str:
    question = LEADING_NUMBERING.sub("", line.strip().lstrip("#").strip())
    return re.sub(r"[：:]\s*$", "", question).strip()


def parse_plaintext(source: SourceFile, first_line: int = 1, lines: list[str] | None = None) -> ParsedFile:
    lines = source.text.split("\n") if lines is None else lines
    sections: list[Section] = []
    unanswered: list[Unanswered] = []
    question_at = [i for i, line in enumerate(lines) if is_question_line(line)]
    for index, start in enumerate(question_at):
        end = question_at[index + 1] if index + 1 < len(question_at) else len(lines)
        body = "\n".join(lines[start + 1 : end]).strip("\n")
        location = Location(source.name, first_line + start)
        question = clean_question(lines[start])
        if body.strip():
            sections.append(Section(location, question, (Block(BlockKind.TEXT, body),)))
        else:
            unanswered.append(Unanswered(location, question))
    return ParsedFile(source, tuple(sections), tuple(unanswered))
