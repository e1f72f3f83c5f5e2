"""The build summary as lines, without the command line."""

from __future__ import annotations

from notes2anki.model import Diagnostic, Duplicate, DuplicateKind, Level, Location, TopicChange, Unanswered
from notes2anki.pipeline.result import BuildReport
from notes2anki.report import Line, summary_lines

REPORT = BuildReport(
    cards=3,
    topics=(("Python", 1), ("Networking", 2)),
    cards_per_file=(("net.md", 2), ("py.md", 1)),
    unanswered=(Unanswered(Location("net.md", 9), "What is a socket?"),),
    duplicates=(
        Duplicate(DuplicateKind.SAME_SECTION, Location("net.md", 1), Location("py.md", 4), "What is TCP?"),
    ),
    diagnostics=(
        Diagnostic("image not found: a.png", Location("py.md", 2)),
        Diagnostic("read as UTF-8, LF line endings", Location("py.md", 1), Level.NOTE),
        Diagnostic("text without a question", Location("net.md", 20), Level.LEFT_OUT),
    ),
    moved=(TopicChange("What is TCP?", "Python", "Networking"),),
)


def texts(lines: list[Line], to_stderr: bool) -> list[str]:
    return [line.text for line in lines if line.to_stderr is to_stderr]


def test_the_summary_counts_and_points_to_check_for_the_lists():
    lines = summary_lines(REPORT)
    assert texts(lines, False) == [
        "3 cards in 2 topics from 2 files",
        "      2  Networking",
        "      1  Python",
        "1 unanswered questions (no answer in the notes: not cards; `notes2anki check` lists them)",
        "1 passage on no card (no question line or heading above; `notes2anki check` lists them)",
        "1 duplicate: 1 repeated section dropped (`notes2anki check` lists where)",
        "1 moved to another topic (Anki keeps the cards you have in their old subdeck: Browse › Change Deck moves them):",
        "  What is TCP? (Python → Networking)",
    ]
    assert texts(lines, True) == ["warning: py.md:2: image not found: a.png"]


def test_itemized_lists_each_question_passage_and_duplicate_and_verbose_adds_notes():
    lines = summary_lines(REPORT, verbose=1)
    out = texts(lines, False)
    assert "  net.md:9: What is a socket?" in out
    assert "  net.md:20: text without a question" in out
    assert "  py.md:4: dropped, same section as net.md:1 (What is TCP?)" in out
    assert "  2  net.md" in "\n".join(out)
    assert "note: py.md:1: read as UTF-8, LF line endings" in texts(lines, True)


def test_quiet_says_the_warnings_alone():
    assert summary_lines(REPORT, quiet=True) == [
        Line("warning: py.md:2: image not found: a.png", to_stderr=True)
    ]
