"""`notes2anki watch`: notice when the notes or the configuration change, rebuild once they settle.

Polling with ``os.stat`` is enough here: a notes folder holds tens or hundreds of files, and a
stat of each every half second costs nothing next to a build, on every platform, without a
dependency or a native file-system watcher.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from notes2anki.config import LOCK_NAME
from notes2anki.read.discover import discover, is_notes_name

POLL_SECONDS = 0.5
# Editors save in steps (write a temporary file, rename it, touch it): wait for the files to settle.
SETTLE_SECONDS = 0.3
# A file that never stops changing (a log written into sources/) must not hold rebuilds back forever.
MAX_SETTLE_ROUNDS = 20

# What a file looked like: (modification time in ns, size); (-1, -1) if it vanished meanwhile.
Stamp = tuple[int, int]
Snapshot = dict[str, Stamp]


def stamp(path: Path) -> Stamp:
    try:
        status = path.stat()
    except OSError:
        return (-1, -1)
    return (status.st_mtime_ns, status.st_size)


def snapshot(config_path: Path, globs: tuple[str, ...]) -> Snapshot:
    """The configuration file, the lock and every notes file the globs match, with their stamps."""
    lock = config_path.parent / LOCK_NAME
    files = {config_path.name: stamp(config_path), lock.name: stamp(lock)}
    for name, path in discover(config_path.parent, globs).items():
        if is_notes_name(name):
            files[name] = stamp(path)
    return files


def changed_files(before: Snapshot, after: Snapshot) -> list[str]:
    """Names added, removed or modified between two snapshots, sorted."""
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def broken_since_last_deck(failed_files: tuple[str, ...], last_deck_files: set[str]) -> list[str]:
    """Notes that went into the last deck written and cannot be read or parsed now.

    While there are any, a new deck would silently lose their cards: the last good one stays.
    A file that was broken from the start only warns, as in ``notes2anki build``.
    """
    return sorted(set(failed_files) & last_deck_files)


def wait_until_settled(
    look: Callable[[], Snapshot], current: Snapshot, settle: float, sleep: Callable[[float], None]
) -> Snapshot:
    for _ in range(MAX_SETTLE_ROUNDS):
        sleep(settle)
        again = look()
        if again == current:
            break
        current = again
    return current


def watch(
    look: Callable[[], Snapshot],
    rebuild: Callable[[list[str]], None],
    *,
    poll: float = POLL_SECONDS,
    settle: float = SETTLE_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
    keep_going: Callable[[], bool] = lambda: True,
) -> None:
    """Call ``rebuild([])`` now, then ``rebuild(changed names)`` after each change has settled.
    ``rebuild`` returns the names of the files it wrote itself (the lock): no change to rebuild for.

    Runs until ``keep_going()`` is false or the caller interrupts it (Ctrl-C raises
    KeyboardInterrupt out of here; the caller decides how to exit).
    """
    seen = look()
    _as_written(seen, rebuild([]), look)
    while keep_going():
        sleep(poll)
        current = look()
        if current == seen:
            continue
        current = wait_until_settled(look, current, settle, sleep)
        changed = changed_files(seen, current)
        seen = current
        if changed:
            _as_written(seen, rebuild(changed), look)


def _as_written(seen: Snapshot, written: list[str] | None, look: Callable[[], Snapshot]) -> None:
    """Take the files a rebuild wrote into ``seen`` as they are now."""
    if written:
        now = look()
        seen.update({name: now.get(name, (-1, -1)) for name in written})
