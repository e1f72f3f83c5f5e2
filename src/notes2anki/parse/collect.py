"""What parsing one note finds: sections, unanswered questions, media and messages, each with file:line."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from notes2anki.model import (
    Block,
    BlockKind,
    CardKind,
    Diagnostic,
    Level,
    Location,
    ParsedFile,
    Section,
    SourceFile,
    Unanswered,
)
from notes2anki.parse.lines import Line
from notes2anki.parse.questions import is_placeholder

# A letter, a digit or a CJK character: a question has one.
WORD = re.compile(r"[^\W_]")
# "#" or "## ##" alone on a line: a heading with nothing in it, which Markdown shows as an empty <h1>.
EMPTY_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+#*)?[ \t]*$\n?", re.MULTILINE)


def _without_empty_headings(block: Block) -> Block:
    if block.kind is not BlockKind.MARKDOWN or "#" not in block.text:
        return block
    text = EMPTY_HEADING.sub("", block.text)
    return block if text == block.text else Block(block.kind, text, block.language)


@dataclass
class Collector:
    source: SourceFile
    sections: list[Section] = field(default_factory=list)
    unanswered: list[Unanswered] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Lines a reader set aside as never study material: front matter, a table of contents, a label.
    set_aside: set[int] = field(default_factory=set)

    def location(self, line: Line | int) -> Location:
        return Location(self.source.name, line if isinstance(line, int) else line.number)

    def card(
        self,
        line: Line,
        question: str,
        answer: tuple[Block, ...],
        context: tuple[str, ...] = (),
        *,
        front: tuple[Block, ...] = (),
        parent: str = "",
        media: tuple[Path, ...] = (),
        kind: CardKind = CardKind.QA,
        question_markdown: str = "",
    ) -> None:
        """A section, or an unanswered question when the answer turned out empty."""
        if not WORD.search(question):  # "", "***", "？": nothing asked
            if any(block.text.strip() for block in answer):
                # The passage under it is on no card: reported once, as the passages with no heading are.
                self.left_out(
                    line, "a heading without words: what is under it is on no card (write its question)"
                )
            return
        answer = tuple(shown for shown in map(_without_empty_headings, answer) if shown.text.strip())
        if not answer or (len(answer) == 1 and is_placeholder(answer[0].text)):  # "待补充": still to write
            self.unanswered_question(line, question)
            return
        self.sections.append(
            Section(
                self.location(line),
                question,
                answer,
                context,
                front=front,
                parent=parent,
                media=media,
                kind=kind,
                question_markdown=question_markdown,
            )
        )

    def unanswered_question(self, line: Line, question: str) -> None:
        if question:
            self.unanswered.append(Unanswered(self.location(line), question))

    def set_aside_lines(self, lines: Iterable[Line]) -> None:
        """Lines that are on no card on purpose (a table of contents, a <details> label)."""
        self.set_aside.update(line.number for line in lines)

    def warn(self, line: Line | int, message: str) -> None:
        self.diagnostics.append(Diagnostic(message, self.location(line), Level.WARNING))

    def left_out(self, line: Line | int, message: str) -> None:
        """Text that is on no card."""
        self.diagnostics.append(Diagnostic(message, self.location(line), Level.LEFT_OUT))

    def result(self) -> ParsedFile:
        return ParsedFile(self.source, tuple(self.sections), tuple(self.unanswered), tuple(self.diagnostics))
