"""What changed since the last release, from the lock, as a CHANGELOG.md section a learner can act on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from notes2anki.identity.lockfile import Lock
from notes2anki.model import TopicChange
from notes2anki.package.search import notes_search

CHANGELOG_TITLE = "# Changelog\n"
SECTION_HEADING = re.compile(r"^## ", re.MULTILINE)
# Characters that would turn a question into Markdown markup in a list item ("*args和**kwargs").
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
# A question that starts like a list item ("- grpc实例代码", "1. 进程") would nest a list.
LIST_MARKER = re.compile(r"^(\d+)?([-+.)])")

REMOVED_NOTE = (
    "Anki keeps cards that leave the deck, with their review history: delete or suspend these in "
    "your collection if you no longer want to study them."
)
TOPIC_NOTE = (
    "Anki keeps existing cards in the subdeck they were first imported into: move these yourself "
    "(Browse › Change Deck) if you want them under their new topic."
)


@dataclass(frozen=True)
class Changed:
    question: str
    was: str  # the question as last released; equal to ``question`` when only the answer changed


@dataclass(frozen=True)
class Changes:
    added: tuple[str, ...] = ()
    changed: tuple[Changed, ...] = ()
    removed: tuple[str, ...] = ()
    removed_guids: tuple[str, ...] = ()  # the GUIDs of ``removed``, in its order
    topic_changed: tuple[TopicChange, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed or self.topic_changed)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed, "
            f"{len(self.topic_changed)} moved to another topic"
        )


def changes_since_release(lock: Lock) -> Changes:
    """Compare every lock entry with its state in the last release (none yet: everything is added)."""
    added, changed, removed, removed_guids, topics = [], [], [], [], []
    for entry in sorted(lock.entries, key=lambda e: (e.question, e.guid)):
        before = entry.released
        if before is None or before.removed:  # not in the last release
            if not entry.removed:
                added.append(entry.question)
            continue
        if entry.removed:
            removed.append(entry.question)
            removed_guids.append(entry.guid)
            continue
        if before.content != entry.content:
            changed.append(Changed(entry.question, before.question))
        if before.topic != entry.topic:
            topics.append(TopicChange(entry.question, before.topic, entry.topic))
    return Changes(tuple(added), tuple(changed), tuple(removed), tuple(removed_guids), tuple(topics))


def _text(question: str) -> str:
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(question.split()))
    return LIST_MARKER.sub(lambda m: (m.group(1) or "") + "\\" + m.group(2), escaped)


def _changed_line(change: Changed) -> str:
    if change.was == change.question:
        return f"- {_text(change.question)} (answer changed)"
    return f"- {_text(change.question)} (question changed, was: {_text(change.was)})"


def changelog_section(
    version: str, day: str, deck_name: str, checksum: str, cards: int, changes: Changes
) -> str:
    lines = [f"## {version} — {day}", "", f"`{deck_name}`: {cards} cards, SHA-256 `{checksum}`.", ""]

    def part(title: str, items: list[str], note: str = "") -> None:
        if not items:
            return
        lines.extend([f"### {title} ({len(items)})", ""])
        if note:
            lines.extend([note, ""])
        lines.extend([*items, ""])

    part("Added", [f"- {_text(question)}" for question in changes.added])
    part("Changed", [_changed_line(change) for change in changes.changed])
    removed_note = REMOVED_NOTE
    if changes.removed_guids:
        removed_note += f" In Browse, this search finds them: `{notes_search(changes.removed_guids)}`"
    part("Removed", [f"- {_text(question)}" for question in changes.removed], removed_note)
    part(
        "Topic changed",
        [f"- {_text(t.question)} ({_text(t.was)} → {_text(t.now)})" for t in changes.topic_changed],
        TOPIC_NOTE,
    )
    if changes.empty:
        lines.extend(["No card changed since the last release.", ""])
    return "\n".join(lines).rstrip("\n") + "\n"


def prepend_section(changelog: str | None, section: str) -> str:
    """The newest release goes first, below the title and any introduction above the first release."""
    if not changelog:
        return f"{CHANGELOG_TITLE}\n{section}"
    first = SECTION_HEADING.search(changelog)
    if first is None:
        return f"{changelog.rstrip()}\n\n{section}"
    return changelog[: first.start()] + section + "\n" + changelog[first.start() :]
