"""Warnings the user acknowledged in notes2anki.toml ([[acknowledge]]): a link to an image on another
computer (`C:\\Users\\…\\UDP.png`) cannot be fixed in the notes, and would fail --strict forever."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from fnmatch import fnmatchcase

from notes2anki.config import Acknowledged
from notes2anki.model import Diagnostic, Level
from notes2anki.read.files import ReadResult


def _line_text(diagnostic: Diagnostic, texts: Mapping[str, list[str]]) -> str:
    where = diagnostic.location
    lines = texts.get(where.source, []) if where else []
    return lines[where.line - 1] if where and 0 < where.line <= len(lines) else ""


def matches(rule: Acknowledged, diagnostic: Diagnostic, texts: Mapping[str, list[str]]) -> bool:
    """Whether every key the rule gives fits the warning: its file (a glob), words of its message,
    words of the line it is about."""
    source = diagnostic.location.source if diagnostic.location else ""
    if rule.file and not fnmatchcase(source, rule.file):
        return False
    if rule.message and rule.message.casefold() not in diagnostic.message.casefold():
        return False
    return not rule.text or rule.text in _line_text(diagnostic, texts)


def reads_lines(rules: tuple[Acknowledged, ...]) -> bool:
    """Whether a rule gives the text of the line it is about: then the notes' texts are needed."""
    return any(rule.text for rule in rules)


def acknowledge(
    diagnostics: Iterable[Diagnostic], rules: tuple[Acknowledged, ...], texts: Mapping[str, str]
) -> list[Diagnostic]:
    """The diagnostics, each warning a rule fits marked acknowledged. ``texts``: each notes file's
    text by name, for rules that give the line's text."""
    found = list(diagnostics)
    if not rules:
        return found
    lines = {name: text.split("\n") for name, text in texts.items()} if reads_lines(rules) else {}
    return [
        replace(diagnostic, level=Level.ACKNOWLEDGED)
        if diagnostic.level is Level.WARNING and any(matches(rule, diagnostic, lines) for rule in rules)
        else diagnostic
        for diagnostic in found
    ]


def told_of_notes(
    read: ReadResult, from_files: Iterable[Diagnostic], rules: tuple[Acknowledged, ...]
) -> list[Diagnostic]:
    """What reading and parsing the notes said, as a build tells it (reading first, then each file's
    in the order they were read), each warning a rule fits acknowledged."""
    texts = {source.name: source.text for source in read.files}
    return acknowledge([*read.diagnostics, *from_files], rules, texts)
