"""Parsing small notes written inline in tests."""

from __future__ import annotations

import re
from pathlib import Path

from notes2anki.model import ParsedFile, Section, SourceFile
from notes2anki.parse import read_note


def note(*lines: str) -> str:
    """A note's text from its lines (tabs and indentation exactly as given)."""
    return "\n".join(lines) + "\n"


def parse(
    text: str,
    name: str = "note.md",
    folder: Path | None = None,
    exclude: tuple[str, ...] = (),
    project: Path | None = None,
) -> ParsedFile:
    """``text`` parsed as the note ``name`` in ``folder``, read for the project in ``project``; no
    line of it may be lost in silence."""
    folder = folder or Path("/nonexistent-notes")
    parsed, set_aside = read_note(SourceFile(name, folder / name, text, "utf-8", project), exclude)
    assert_nothing_lost(text, parsed, exclude, set_aside)
    return parsed


def questions(parsed: ParsedFile) -> list[str]:
    return [section.question for section in parsed.sections]


def unanswered(parsed: ParsedFile) -> list[str]:
    return [item.question for item in parsed.unanswered]


def section(parsed: ParsedFile, question: str) -> Section:
    found = [s for s in parsed.sections if s.question == question]
    assert len(found) == 1, f"{question!r} in {questions(parsed)}"
    return found[0]


def answer(parsed: ParsedFile, question: str) -> str:
    return "\n".join(block.text for block in section(parsed, question).answer)


def kinds(parsed: ParsedFile, question: str) -> list[str]:
    return [block.kind.value for block in section(parsed, question).answer]


def warnings(parsed: ParsedFile) -> list[str]:
    return [str(d) for d in parsed.diagnostics if d.level.value == "warning"]


# --- The no-silent-loss invariant -------------------------------------------------------------
# Checked on its own terms here, not with the parser's helpers: every non-blank line of a note is on
# a card (question, headings above it, front, answer), in an unanswered question, in a passage the
# parse reports as on no card, under a message about its line, or in something never studied.

WORD_RUN = re.compile(r"[^\W_]+")
MARKUP = re.compile(r"</?[A-Za-z][^>\n]*>|&#?\w+;")
NUMBERING_OR_LABEL = re.compile(
    r"^[\s#>*+\-]*(?:\d{1,2}(?:[.．]\d)+[.．、]?|[\w.．、]{1,6}\s*[:：、.．)）])\s*"
)
NEVER_STUDIED = (
    re.compile(r"^\s*(?:```|~~~)"),  # a fence and its language
    re.compile(r"^\s*\[\[?_?TOC_?\]?\]\s*$", re.IGNORECASE),
    re.compile(r"^\s*#{1,6}\s"),  # a heading: a question, or a tag of the cards under it
    re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\S.{0,40}[:：]\s*)?<?(?:https?://|www\.)\S+>?\s*$"),  # a link
    re.compile(r"^\s*(?:[-*+]\s+)?(?:\[[ xX]\]\s+)?\[[^\]]*\]\([^)]*\)\s*$"),  # a link alone
    re.compile(r"^\s*(?:<[^>]+>\s*)*<summary>[^<?？]{0,20}</summary>\s*(?:<[^>]+>\s*)*$", re.IGNORECASE),
    re.compile(r"^.*\]\(#[^)]*\)\s*$"),  # a link to a place in the note: navigation
)


def _words(text: str) -> str:
    return "".join(WORD_RUN.findall(MARKUP.sub(" ", re.sub(r"\]\([^)\n]*\)", "]", text)))).casefold()


def _hidden_lines(lines: list[str], exclude: tuple[str, ...]) -> set[int]:
    """Line numbers in front matter, HTML comments and excluded sections."""
    hidden: set[int] = set()
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
        hidden.update(range(1, end + 2))
    in_comment, excluded_level = False, 0
    for number, text in enumerate(lines, 1):
        heading = re.match(r"^(#{1,6})\s+(.*?)\s*$", text)
        if heading and not in_comment:
            level = len(heading.group(1))
            if excluded_level and level <= excluded_level:
                excluded_level = 0
            if heading.group(2) in exclude:
                excluded_level = level
        if in_comment or "<!--" in text or excluded_level:
            hidden.add(number)
        if "<!--" in text:
            in_comment = "-->" not in text.split("<!--", 1)[1]
        elif in_comment and "-->" in text:
            in_comment = False
    return hidden


def lost_lines(
    text: str, parsed: ParsedFile, exclude: tuple[str, ...] = (), set_aside: frozenset[int] = frozenset()
) -> list[str]:
    """The lines of a note that nothing the parse gives the user accounts for. ``set_aside``: lines
    the readers declared never study material (a reference list under its title, a label)."""
    shown = []
    for found in parsed.sections:
        shown.extend((found.question, found.parent, *found.context))
        shown.extend(block.text for block in (*found.front, *found.answer))
    shown.extend(item.question for item in parsed.unanswered)
    everything = "\x00".join(map(_words, shown))
    lines = text.split("\n")
    hidden = _hidden_lines(lines, exclude) | set_aside
    messages = {d.location.line for d in parsed.diagnostics if d.location}
    questions_at = {found.location.line for found in (*parsed.sections, *parsed.unanswered)}
    passages = {d.location.line for d in parsed.diagnostics if d.location and d.level.value == "left out"}
    lost, in_passage = [], False
    for number, line in enumerate(lines, 1):
        words = _words(line)
        if number in passages:
            in_passage = True
            continue
        if not words:
            continue
        stripped = _words(NUMBERING_OR_LABEL.sub("", line))
        if words in everything or (stripped and stripped in everything) or number in questions_at:
            in_passage = False  # on a card: a passage on no card ends here
        elif number in hidden or any(pattern.match(line) for pattern in NEVER_STUDIED):
            continue
        elif number not in messages and not in_passage:
            lost.append(f"{number}: {line}")
    return lost


def assert_nothing_lost(
    text: str, parsed: ParsedFile, exclude: tuple[str, ...] = (), set_aside: frozenset[int] = frozenset()
) -> None:
    assert lost_lines(text, parsed, exclude, set_aside) == [], "lines on no card and not reported"
