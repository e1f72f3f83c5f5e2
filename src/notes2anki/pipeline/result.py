"""What a build gives: its notes and everything it has to tell, and the report kept of it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notes2anki.identity.lockfile import Lock
from notes2anki.model import (
    Diagnostic,
    Duplicate,
    IdentityChange,
    Level,
    Note,
    SinceLastBuild,
    TopicChange,
    Unanswered,
    record,
)
from notes2anki.pipeline.build_state import BuildState

if TYPE_CHECKING:  # the deck writer is loaded with the stages, not by a build with nothing to do
    from notes2anki.package.apkg import DeckNote


@record
class BuildResult:
    notes: tuple[Note, ...]
    unanswered: tuple[Unanswered, ...]
    duplicates: tuple[Duplicate, ...]
    diagnostics: tuple[Diagnostic, ...]
    fuzzy_matches: tuple[IdentityChange, ...] = ()
    removed: tuple[str, ...] = ()
    removed_guids: tuple[str, ...] = ()  # the GUIDs of ``removed``, in its order
    moved: tuple[TopicChange, ...] = ()  # cards whose topic changed since the last build
    since_last: SinceLastBuild = SinceLastBuild()  # cards added, changed, removed since the lock's build
    files: tuple[str, ...] = ()  # the names of the notes files read
    lock: Lock | None = None  # notes2anki.lock as this build leaves it (written by build and release only)
    # Notes files that could not be decoded or parsed: their cards are missing from this build.
    failed_files: tuple[str, ...] = ()
    # What the next build needs of this one to be an edit build (None: it starts from nothing).
    state: BuildState | None = None

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.level is Level.WARNING)

    def contents(self) -> DeckContents:
        """What the deck and lock of this build are written from (a build leaves a lock)."""
        return DeckContents(
            self.notes, self.lock or Lock(), self.report(), self.files, self.failed_files, self.state
        )

    def report(self) -> BuildReport:
        return BuildReport.of(
            [(note.rendered.card.topic, note.rendered.card.location.source) for note in self.notes],
            self.files,
            unanswered=self.unanswered,
            duplicates=self.duplicates,
            diagnostics=self.diagnostics,
            fuzzy_matches=self.fuzzy_matches,
            removed=self.removed,
            removed_guids=self.removed_guids,
            moved=self.moved,
            since_last=self.since_last,
        )


@dataclass(frozen=True)
class DeckContents:
    """What the working deck and the lock are written from: a full build's notes, or an edit build's
    (pipeline.incremental), whose kept cards are the rows of the last deck."""

    notes: tuple[DeckNote, ...]
    lock: Lock
    report: BuildReport
    files: tuple[str, ...]  # the names of the notes files read
    failed_files: tuple[str, ...]  # notes files that could not be read or parsed
    state: BuildState | None  # what the next build needs to be an edit build
    kept_from: Path | None = None  # the collection the kept cards' rows are copied from

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return self.report.warnings


@record
class BuildReport:
    """What a build tells the user, without the cards: small enough to keep for a no-op rebuild."""

    cards: int
    topics: tuple[tuple[str, int], ...]  # cards per topic
    cards_per_file: tuple[tuple[str, int], ...]  # every notes file read, with the cards first found in it
    unanswered: tuple[Unanswered, ...]
    duplicates: tuple[Duplicate, ...]
    diagnostics: tuple[Diagnostic, ...]
    fuzzy_matches: tuple[IdentityChange, ...] = ()
    removed: tuple[str, ...] = ()
    removed_guids: tuple[str, ...] = ()  # the GUIDs of ``removed``, in its order
    moved: tuple[TopicChange, ...] = ()  # cards whose topic changed since the last build
    since_last: SinceLastBuild = SinceLastBuild()

    @classmethod
    def of(cls, cards: Sequence[tuple[str, str]], files: tuple[str, ...], **told: Any) -> BuildReport:
        """The report of a build of ``cards`` (each one's topic and the file its first section is
        in, in the build's order) from ``files``, with what else it has to tell."""
        per_file = Counter(source for _, source in cards)
        return cls(
            cards=len(cards),
            topics=tuple(Counter(topic for topic, _ in cards).items()),
            cards_per_file=tuple((name, per_file[name]) for name in files),
            **told,
        )

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.level is Level.WARNING)

    @property
    def left_out(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.level is Level.LEFT_OUT)

    @property
    def acknowledged(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.level is Level.ACKNOWLEDGED)
