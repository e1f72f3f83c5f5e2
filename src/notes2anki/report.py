"""The build summary as lines of text: what the commands print after a build, a check or a release.

Each line says where it goes: standard output for the summary, standard error for warnings and
notes, so that `notes2anki -q build` in CI prints warnings alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from notes2anki.model import Duplicate, DuplicateKind, Level
from notes2anki.package.search import notes_search
from notes2anki.pipeline.result import BuildReport

CHECK_LISTS_THEM = "; `notes2anki check` lists them"


@dataclass(frozen=True)
class Line:
    text: str
    to_stderr: bool = False


def counted(count: int, thing: str) -> str:
    """ "1 card", "2 cards"."""
    return f"{count} {thing}" if count == 1 else f"{count} {thing}s"


def summary_lines(
    report: BuildReport, verbose: int = 0, quiet: bool = False, itemized: bool = False
) -> list[Line]:
    """The summary of ``report``: cards per topic, unanswered questions, passages on no card,
    duplicates, reworded, removed and moved cards, warnings. With ``quiet``, the warnings alone.
    Each unanswered question, passage and duplicate is listed with ``verbose``, or when ``itemized``."""
    if quiet:
        return [Line(f"warning: {diagnostic}", to_stderr=True) for diagnostic in report.warnings]
    itemized = itemized or bool(verbose)
    return [
        *counts_lines(report, verbose),
        *since_last_build_lines(report, verbose),
        *_unanswered(report, itemized),
        *_left_out(report, itemized),
        *_duplicates(report, itemized),
        *identity_change_lines(report),
        *_diagnostics(report, verbose),
    ]


def counts_lines(report: BuildReport, verbose: int) -> list[Line]:
    lines = [
        Line(
            f"{counted(report.cards, 'card')} in {counted(len(report.topics), 'topic')} "
            f"from {counted(len(report.cards_per_file), 'file')}"
        )
    ]
    for topic, count in sorted(report.topics, key=lambda item: (-item[1], item[0])):
        lines.append(Line(f"  {count:5d}  {topic}"))
    if verbose:
        lines.append(Line("cards per file (where each card was first found):"))
        lines.extend(Line(f"  {count:5d}  {name}") for name, count in report.cards_per_file)
    return lines


def since_last_build_lines(report: BuildReport, verbose: int) -> list[Line]:
    """Cards added, changed and removed since the last build; the questions with ``verbose``.
    Nothing on a first build (every card is new) or when nothing changed."""
    since = report.since_last
    if since.first or not since.any:
        return []
    lines = [
        Line(
            f"since the last build: {len(since.added)} added, {len(since.changed)} changed, {since.removed} removed"
        )
    ]
    if verbose:
        lines.extend(Line(f"  added: {question}") for question in since.added)
        lines.extend(Line(f"  changed: {question}") for question in since.changed)
    return lines


def _unanswered(report: BuildReport, itemized: bool) -> list[Line]:
    listed = report.unanswered if itemized else ()
    hint = CHECK_LISTS_THEM if report.unanswered and not listed else ""
    heading = f"{len(report.unanswered)} unanswered questions (no answer in the notes: not cards{hint})"
    return [
        Line(heading + (":" if listed else "")),
        *(Line(f"  {item.location}: {item.question}") for item in listed),
    ]


def _left_out(report: BuildReport, itemized: bool) -> list[Line]:
    if not report.left_out:
        return []
    listed = report.left_out if itemized else ()
    hint = CHECK_LISTS_THEM if not listed else ""
    passages = "1 passage" if len(report.left_out) == 1 else f"{len(report.left_out)} passages"
    heading = f"{passages} on no card (no question line or heading above{hint})"
    return [Line(heading + (":" if listed else "")), *(Line(f"  {diagnostic}") for diagnostic in listed)]


def _duplicates(report: BuildReport, itemized: bool) -> list[Line]:
    hint = " (`notes2anki check` lists where)" if report.duplicates and not itemized else ""
    listed = report.duplicates if itemized else ()
    return [
        Line(duplicate_summary(report.duplicates) + hint),
        *(Line(f"  {duplicate}") for duplicate in listed),
    ]


def identity_change_lines(report: BuildReport) -> list[Line]:
    lines = [
        Line(
            f"kept the card of {match.matched_question!r} for {match.question!r} (similarity {match.score:.2f})"
        )
        for match in report.fuzzy_matches
    ]
    if report.removed:
        count = len(report.removed)
        lines.append(
            Line(f"{count} no longer in the notes (kept in notes2anki.lock; Anki keeps their cards):")
        )
        lines.extend(Line(f"  {question}") for question in report.removed)
        # With no cards at all the notes were not found (a wrong glob), not removed: no search to act on.
        if report.removed_guids and report.cards:
            search = notes_search(report.removed_guids)
            lines.append(Line(f"  to suspend or delete them, search for them in Anki's Browse: {search}"))
    if report.moved:
        lines.append(
            Line(
                f"{len(report.moved)} moved to another topic (Anki keeps the cards you have in their old subdeck: "
                "Browse › Change Deck moves them):"
            )
        )
        lines.extend(Line(f"  {move.question} ({move.was} → {move.now})") for move in report.moved)
    return lines


def acknowledged_lines(report: BuildReport, verbose: int) -> list[Line]:
    """How many warnings notes2anki.toml acknowledges ([[acknowledge]]); each of them with ``verbose``."""
    if not report.acknowledged:
        return []
    count = len(report.acknowledged)
    lines = [
        Line(f"{count} warning{'s' if count != 1 else ''} acknowledged in notes2anki.toml (not repeated)")
    ]
    if verbose:
        lines.extend(Line(f"  {diagnostic}") for diagnostic in report.acknowledged)
    return lines


def _diagnostics(report: BuildReport, verbose: int) -> list[Line]:
    lines = acknowledged_lines(report, verbose)
    for diagnostic in report.diagnostics:
        if diagnostic.level is Level.WARNING:
            lines.append(Line(f"warning: {diagnostic}", to_stderr=True))
        elif diagnostic.level is Level.NOTE and verbose:
            lines.append(Line(f"note: {diagnostic}", to_stderr=True))
    return lines


# How the summary counts each kind: (one, many).
SUMMARY_WORDS = {
    DuplicateKind.SAME_SECTION: ("repeated section dropped", "repeated sections dropped"),
    DuplicateKind.SAME_QUESTION: (
        "answer merged into its question's card",
        "answers merged into their question's card",
    ),
    DuplicateKind.SAME_ANSWER: ("question kept as an alias", "questions kept as aliases"),
    DuplicateKind.ANSWER_DROPPED: ("different answer dropped", "different answers dropped"),
}


def duplicate_summary(duplicates: Iterable[Duplicate]) -> str:
    """One line for the build summary: "5 duplicates: 3 repeated sections dropped, 2 answers merged …"."""
    counts = Counter(duplicate.kind for duplicate in duplicates)
    total = sum(counts.values())
    kinds = ", ".join(
        f"{counts[kind]} {words[counts[kind] != 1]}" for kind, words in SUMMARY_WORDS.items() if counts[kind]
    )
    return f"{total} duplicate{'s' if total != 1 else ''}" + (f": {kinds}" if kinds else "")
