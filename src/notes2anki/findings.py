"""What `notes2anki check` reports, by file: every unanswered question, passage on no card, duplicate,
answer too long for a phone and warning, at its line; as lines for the terminal or as JSON for
editors and CI.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from notes2anki.model import Diagnostic, Level, Note
from notes2anki.pipeline.result import BuildReport
from notes2anki.render.fields import answer_text
from notes2anki.report import (
    Line,
    acknowledged_lines,
    counts_lines,
    duplicate_summary,
    identity_change_lines,
    since_last_build_lines,
)

# How much of an answer a phone shows at once: about 44 columns (a CJK character takes two) and
# 30 lines at Anki's default size on a 390 px wide screen. An answer over LONG_ANSWER_SCREENS of
# them is hard to review in one go: the answer to "谈一下对于多线程编程的理解" (5 kB) fills 6.
PHONE_COLUMNS = 44
PHONE_LINES = 30
LONG_ANSWER_SCREENS = 3
SPLIT_IT = "split it: a question for each part, or sub-headings that each ask one"
# The kinds of findings, in the order the summary counts them.
UNANSWERED, ON_NO_CARD, DUPLICATE, LONG_ANSWER, WARNING, NOTE = (
    "unanswered", "on no card", "duplicate", "long answer", "warning", "note",
)  # fmt: skip
NO_FILE = ""  # findings about the project, not one file (a missing lock, a renamed deck)


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    kind: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file else ""
        return where + self.message


def phone_screens(text: str) -> float:
    """How many phone screens a plain-text answer fills (see PHONE_COLUMNS). Blank lines are not
    counted: the plain text has one between any two list items, which a phone shows close together."""
    lines = 0
    for line in filter(str.strip, text.split("\n")):
        width = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)
        lines += max(1, math.ceil(width / PHONE_COLUMNS))
    return lines / PHONE_LINES


def long_answers(notes: Iterable[Note]) -> list[Finding]:
    found = []
    for note in notes:
        screens = phone_screens(answer_text(note.rendered))
        if screens > LONG_ANSWER_SCREENS:
            card = note.rendered.card
            message = (
                f"long answer: {math.ceil(screens)} phone screens for {card.display_question!r} ({SPLIT_IT})"
            )
            found.append(Finding(card.location.source, card.location.line, LONG_ANSWER, message))
    return found


def _from_diagnostic(diagnostic: Diagnostic) -> Finding:
    kind = {Level.WARNING: WARNING, Level.NOTE: NOTE, Level.LEFT_OUT: ON_NO_CARD}[diagnostic.level]
    message = diagnostic.message if kind == ON_NO_CARD else f"{kind}: {diagnostic.message}"
    where = diagnostic.location
    return Finding(where.source if where else NO_FILE, where.line if where else 0, kind, message)


def findings_of(report: BuildReport, notes: Iterable[Note] = (), verbose: int = 0) -> list[Finding]:
    """Every finding of a check, sorted by file and line; notes (encodings) with ``verbose`` only."""
    found = [
        Finding(item.location.source, item.location.line, UNANSWERED, f"unanswered: {item.question}")
        for item in report.unanswered
    ]
    found += [
        Finding(duplicate.other.source, duplicate.other.line, DUPLICATE, str(duplicate).split(": ", 1)[1])
        for duplicate in report.duplicates
    ]
    found += [
        _from_diagnostic(diagnostic)
        for diagnostic in report.diagnostics
        if diagnostic.level in (Level.WARNING, Level.LEFT_OUT) or (diagnostic.level is Level.NOTE and verbose)
    ]
    found += long_answers(notes)
    return sorted(found, key=lambda finding: (finding.file, finding.line))


def check_lines(report: BuildReport, findings: list[Finding], verbose: int = 0) -> list[Line]:
    """The check as the terminal shows it: counts, then each file's findings under its name, then
    what they add up to and what changed in the cards' identities."""
    lines = [*counts_lines(report, verbose), *since_last_build_lines(report, verbose)]
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    for name, found in sorted(by_file.items(), key=lambda item: (item[0] == NO_FILE, item[0])):
        lines.append(Line(f"{name or 'the project'}: {_tally(found)}"))
        lines.extend(Line(f"  {finding}") for finding in found)
    lines.append(Line(f"in all: {_tally(findings) or 'nothing to report'}"))
    if report.duplicates:
        lines.append(Line(duplicate_summary(report.duplicates)))
    lines.extend(identity_change_lines(report))
    lines.extend(acknowledged_lines(report, verbose))
    return lines


def _tally(findings: Iterable[Finding]) -> str:
    counts = Counter(finding.kind for finding in findings)
    order = (UNANSWERED, ON_NO_CARD, DUPLICATE, LONG_ANSWER, WARNING, NOTE)
    return ", ".join(f"{counts[kind]} {_plural(kind, counts[kind])}" for kind in order if counts[kind])


def _plural(kind: str, count: int) -> str:
    plural = "s" if count != 1 else ""
    words = {UNANSWERED: f"unanswered question{plural}", ON_NO_CARD: f"passage{plural} on no card"}
    return words.get(kind, kind + plural)


def check_json(report: BuildReport, findings: list[Finding]) -> dict[str, Any]:
    """The check for editors and CI: counts, and each finding with its file, line and kind.
    Keep it stable: `jq '.findings[] | select(.kind == "warning")'` is how it is read."""
    since = report.since_last
    return {
        "cards": report.cards,
        "topics": dict(sorted(report.topics)),
        "files": [name for name, _ in report.cards_per_file],
        "counts": dict(Counter(finding.kind for finding in findings)),
        "acknowledged": len(report.acknowledged),
        "since_last_build": {
            "added": list(since.added),
            "changed": list(since.changed),
            "removed": since.removed,
        },
        "findings": [
            {"file": finding.file, "line": finding.line, "kind": finding.kind, "message": _bare(finding)}
            for finding in findings
        ],
    }


def _bare(finding: Finding) -> str:
    """The message without its kind in front (JSON has the kind in a field of its own)."""
    prefix = f"{finding.kind}: "
    return finding.message.removeprefix(prefix)
