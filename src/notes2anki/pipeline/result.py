"""What a build gives: its notes and everything it has to tell, and the report kept of it."""

from __future__ import annotations

from collections import Counter

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

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.level is Level.WARNING)

    def report(self) -> BuildReport:
        per_file = Counter(note.rendered.card.location.source for note in self.notes)
        return BuildReport(
            cards=len(self.notes),
            topics=tuple(Counter(note.rendered.card.topic for note in self.notes).items()),
            cards_per_file=tuple((name, per_file[name]) for name in self.files),
            unanswered=self.unanswered,
            duplicates=self.duplicates,
            diagnostics=self.diagnostics,
            fuzzy_matches=self.fuzzy_matches,
            removed=self.removed,
            removed_guids=self.removed_guids,
            moved=self.moved,
            since_last=self.since_last,
        )


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

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.level is Level.WARNING)

    @property
    def left_out(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.level is Level.LEFT_OUT)

    @property
    def acknowledged(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.level is Level.ACKNOWLEDGED)
