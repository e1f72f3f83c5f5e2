"""Numbered lines of a note, and what every layout asks of them: indentation, blankness, dedenting."""

from __future__ import annotations

from dataclasses import dataclass

# Tabs count as this many columns when indentation levels are compared ("\tanswer" vs "    answer").
TAB_WIDTH = 4


@dataclass(frozen=True)
class Line:
    """One line of a note with its 1-based line number in the file."""

    number: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def indent(self) -> int:
        expanded = self.text.expandtabs(TAB_WIDTH)
        return len(expanded) - len(expanded.lstrip())

    def with_text(self, text: str) -> Line:
        return Line(self.number, text)


def to_lines(text: str, first: int = 1) -> list[Line]:
    return [Line(first + index, line) for index, line in enumerate(text.split("\n"))]


def dedent(lines: list[Line]) -> list[Line]:
    """The lines with their common indentation removed (tabs expanded), blank lines emptied."""
    depth = min((line.indent for line in lines if not line.blank), default=0)
    result = []
    for line in lines:
        if line.blank:
            result.append(line.with_text(""))
        else:
            result.append(line.with_text(line.text.expandtabs(TAB_WIDTH)[depth:].rstrip()))
    return result


def trim_blank(lines: list[Line]) -> list[Line]:
    """The lines without blank lines at either end."""
    start, end = 0, len(lines)
    while start < end and lines[start].blank:
        start += 1
    while end > start and lines[end - 1].blank:
        end -= 1
    return lines[start:end]


def join(lines: list[Line]) -> str:
    return "\n".join(line.text for line in lines)
