"""The preview's panel of what to fix in the notes: unanswered questions, passages on no card and
warnings, by file and line, as `notes2anki check` lists them."""

from __future__ import annotations

import html
from collections import Counter

from notes2anki.model import Level
from notes2anki.pipeline.result import BuildResult

PROJECT = "the project"  # where a warning about no one file goes (a missing lock, a renamed deck)
KINDS = ("unanswered", "on no card", "warning")
NAMES = {"unanswered": "unanswered question", "on no card": "passage", "warning": "warning"}


def _items(result: BuildResult) -> list[tuple[str, int, str, str]]:
    """(file, line, kind, text) of each thing to fix, sorted by file and line."""
    items = [
        (item.location.source, item.location.line, "unanswered", item.question) for item in result.unanswered
    ]
    for diagnostic in result.diagnostics:
        kind = {Level.WARNING: "warning", Level.LEFT_OUT: "on no card"}.get(diagnostic.level)
        if kind:
            where = diagnostic.location
            message = diagnostic.message.removeprefix("on no card: ")
            items.append((where.source if where else PROJECT, where.line if where else 0, kind, message))
    return sorted(items, key=lambda item: (item[0] == PROJECT, item[0], item[1]))


def _tally(kinds: Counter[str]) -> str:
    def name(kind: str) -> str:
        plural = "s" if kinds[kind] != 1 else ""
        return f"{NAMES[kind]}{plural}" + (" on no card" if kind == "on no card" else "")

    return ", ".join(f"{kinds[kind]} {name(kind)}" for kind in KINDS if kinds[kind])


def problems_panel(result: BuildResult) -> str:
    """A closed <details> that says how many things there are to fix; opened, each file's list."""
    items = _items(result)
    if not items:
        return '<p class="problems-none">Nothing to fix: every question has an answer, and no warnings.</p>'
    by_file: dict[str, list[tuple[str, int, str, str]]] = {}
    for item in items:
        by_file.setdefault(item[0], []).append(item)
    files = []
    for name, found in by_file.items():
        entries = "".join(
            f'<li class="problem problem-{kind.replace(" ", "-")}">'
            f'<span class="problem-line">{line or ""}</span> <span class="problem-kind">{kind}</span> '
            f"{html.escape(text)}</li>"
            for _, line, kind, text in found
        )
        tally = html.escape(_tally(Counter(kind for _, _, kind, _ in found)))
        files.append(
            f'<section class="problem-file"><h3>{html.escape(name)} <span class="count">{tally}</span></h3>'
            f"<ul>{entries}</ul></section>"
        )
    summary = f"To fix in the notes: {_tally(Counter(item[2] for item in items))} in {len(by_file)} file{'s' if len(by_file) != 1 else ''}"
    return f'<details class="problems"><summary>{html.escape(summary)}</summary>{"".join(files)}</details>'
