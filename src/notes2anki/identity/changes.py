"""What a build changes in the deck since the last one: cards added, changed and removed, read off
notes2anki.lock as it was and as the build leaves it."""

from __future__ import annotations

from notes2anki.identity.lockfile import Lock
from notes2anki.model import SinceLastBuild


def changes_since(previous: Lock, now: Lock) -> SinceLastBuild:
    """Cards in ``now`` that ``previous`` did not have (by GUID), or had with other content (what the
    learner reads), and how many it had that ``now`` has no more."""
    before = {entry.guid: entry.content for entry in previous.active}
    after = {entry.guid: entry for entry in now.active}
    added = tuple(sorted(entry.question for guid, entry in after.items() if guid not in before))
    changed = tuple(
        sorted(
            entry.question
            for guid, entry in after.items()
            if guid in before and before[guid] != entry.content
        )
    )
    removed = sum(guid not in after for guid in before)
    return SinceLastBuild(added, changed, removed, first=not previous.entries)
