"""`notes2anki watch`: notice when the notes or the configuration change, rebuild once they settle.

``watch`` is the loop; ``Rebuilder`` is one watched project, rebuilding and saying what happened.

Polling with ``os.stat`` is enough here: a notes folder holds tens or hundreds of files, and a
stat of each every half second costs nothing next to a build, on every platform, without a
dependency or a native file-system watcher.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable
from pathlib import Path

from notes2anki.config import LOCK_NAME, Config, load_config
from notes2anki.errors import NO_CARDS, ConfigError, Notes2AnkiError
from notes2anki.identity.lockfile import remember_written_locks
from notes2anki.pipeline.cache import BuildCache
from notes2anki.pipeline.deck import deck_contents, write_working_deck
from notes2anki.pipeline.freshness import working_deck
from notes2anki.pipeline.result import DeckContents
from notes2anki.read.discover import discover, is_notes_name
from notes2anki.report import Line, summary_lines
from notes2anki.runtime.one_writer import one_writer
from notes2anki.runtime.progress import Progress

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
    rebuild: Callable[[list[str]], list[str] | None],
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


class DeckKeptError(Notes2AnkiError):
    """A rebuild that must not replace the last good deck."""


class Rebuilder:
    """One watched project: each rebuild builds the deck and the lock, and says what happened
    through ``say``; a broken configuration or note, or no cards, leaves the last good deck.

    ``progress`` gives the progress line of one rebuild. Warnings already shown after the rebuild
    before are not repeated (all of them are with ``verbose``).
    """

    def __init__(
        self,
        config_path: Path,
        out_dir: Path | None,
        say: Callable[[Line], None],
        progress: Callable[[], contextlib.AbstractContextManager[Progress]],
        verbose: int = 0,
        quiet: bool = False,
    ) -> None:
        self.config_path, self.out_dir, self.say, self.progress = config_path, out_dir, say, progress
        self.verbose, self.quiet = verbose, quiet
        self.started = 0.0  # when the rebuild under way started
        self.last_deck_files: set[str] = set()
        self.shown_warnings: set[str] = set()
        remember_written_locks()  # each rebuild reads back the lock the one before wrote
        try:
            self.globs = load_config(config_path).sources
        except ConfigError:
            self.globs = ()  # watch the configuration alone until it is fixed

    def snapshot(self) -> Snapshot:
        return snapshot(self.config_path, self.globs)

    def rebuild(self, changed: list[str]) -> list[str] | None:
        """One build; the names of the watched files it wrote (the lock), or None when it failed."""
        self.started = time.perf_counter()
        gc.collect()  # the cycles the last rebuild left (collection is off while building)
        clock = time.strftime("%H:%M:%S")
        if changed and not self.quiet:
            self.say(Line(f"{clock} changed: {', '.join(changed)}"))
        try:
            config = load_config(self.config_path)
            self.globs = config.sources
            return self._build(config, clock)
        except Notes2AnkiError as exc:
            self.say(Line(f"{clock} error: {exc}", to_stderr=True))
        except Exception as exc:  # a bug must not end the watch: the next save may avoid it
            problem = f"{type(exc).__name__}: {exc} (please report it; the last good deck stays)"
            self.say(Line(f"{clock} error: {problem}", to_stderr=True))
        return None

    def _build(self, config: Config, clock: str) -> list[str]:
        # Each rebuild parses only the notes that changed since the one before.
        cache = BuildCache.of_project(self.config_path.resolve().parent)
        out_dir = self.out_dir or config.default_output()
        with one_writer(config.root, "watch"), self.progress() as progress:
            contents = deck_contents(config, out_dir, working_deck(config, out_dir), progress, cache)
            self._tell(contents)
            broken = broken_since_last_deck(contents.failed_files, self.last_deck_files)
            if broken:
                raise DeckKeptError(f"cannot read {', '.join(broken)} (the last good deck stays)")
            if not contents.notes:
                raise DeckKeptError(NO_CARDS)
            path = write_working_deck(config, contents, out_dir, cache)
            cache.forget_unused_files()
        self.last_deck_files = set(contents.files)
        if not self.quiet:
            count = f"{len(contents.notes)} cards, {len(contents.warnings)} warnings"
            self.say(Line(f"{clock} wrote {path} ({count}) in {time.perf_counter() - self.started:.2f} s"))
        return [config.lock_path.name]

    def _tell(self, contents: DeckContents) -> None:
        if self.verbose:
            for line in summary_lines(contents.report, self.verbose):
                self.say(line)
        else:
            for warning in contents.warnings:
                if str(warning) not in self.shown_warnings:
                    self.say(Line(f"warning: {warning}", to_stderr=True))
        self.shown_warnings = {str(warning) for warning in contents.warnings}
