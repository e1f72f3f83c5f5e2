"""Writing a build: the working deck and the lock together, or nothing when the inputs are as the
last build found them."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from notes2anki.config import Config, load_config
from notes2anki.errors import WriteError, cannot_write
from notes2anki.identity.assign import build_time
from notes2anki.identity.lockfile import Lock, write_lock
from notes2anki.model import SinceLastBuild
from notes2anki.package.apkg import DeckNote, build_package, write_apkg
from notes2anki.package.versions import working_build_version
from notes2anki.pipeline.build_state import settings_scope
from notes2anki.pipeline.cache import BuildCache
from notes2anki.pipeline.freshness import DeckBuild, freshness
from notes2anki.pipeline.incremental import build_incrementally
from notes2anki.pipeline.result import DeckContents
from notes2anki.pipeline.stages import run_pipeline
from notes2anki.read.files import read_sources
from notes2anki.render.style import card_css
from notes2anki.runtime.files import remove_stale_scratch, unwritable
from notes2anki.runtime.one_writer import one_writer
from notes2anki.runtime.progress import Progress, quiet


def save_lock(config: Config, lock: Lock, cache: BuildCache | None = None) -> bool:
    """Record this build's card identities in notes2anki.lock (build and release; check and export
    never), and in ``cache`` that the lock is as this build wrote it."""
    written = write_lock(config.lock_path, lock)
    if cache:
        cache.remember_lock(config.lock_path)
    return written


def deck_description(config: Config, cards: int, built: int, version: str) -> str:
    """The root deck's description in Anki: the configured one, then version, day and card count."""
    day = dt.datetime.fromtimestamp(built, dt.UTC).strftime("%Y-%m-%d")
    about = f"{config.deck_name} — version {version}, built {day}, {cards} cards."
    configured = html.escape(config.description.strip()).replace("\n", "<br>")
    return f"{configured}<br><br>{html.escape(about)}" if configured else html.escape(about)


def write_deck(
    config: Config,
    notes: Sequence[DeckNote],
    lock: Lock | None,
    out_dir: Path,
    version: str | None = None,
    new_only: bool = False,
    kept_from: Path | None = None,
    keep_collection: Path | None = None,
) -> Path:
    """The deck of ``notes`` in ``out_dir``; ``new_only``: never replacing one (FileExistsError);
    ``kept_from``, ``keep_collection``: the collection its kept notes are copied from, and where to
    leave its own (write_apkg)."""
    built = build_time()
    version = version or config.version
    description = deck_description(config, len(notes), built, version)
    model_time = lock.note_type_modified if lock else built
    package = build_package(notes, config, card_css(), description, model_time, version)
    path = out_dir / config.deck_file_name(version)
    write_apkg(package, path, built, new_only, kept_from, keep_collection)
    return path


def write_working_deck(
    config: Config, contents: DeckContents, out_dir: Path, cache: BuildCache | None
) -> Path:
    """The working deck of ``contents`` in ``out_dir`` and the lock it leaves, and in ``cache`` what
    the next build needs to be an edit build; raises WriteError when the deck or the lock cannot be
    written (the previous deck stays)."""
    denied = unwritable(
        config.lock_path.parent, (config.lock_path,)
    )  # checked first: the deck and lock go together
    if denied:
        raise WriteError(cannot_write(config.lock_path.parent, denied))
    for folder in {out_dir, config.lock_path.parent}:
        remove_stale_scratch(folder)
    collection = cache.new_collection() if cache else None
    if cache:
        cache.forget_state()  # until the deck and the lock it describes are both written
    try:
        version = working_build_version(config, out_dir)
        path = write_deck(
            config,
            contents.notes,
            contents.lock,
            out_dir,
            version,
            kept_from=contents.kept_from,
            keep_collection=collection,
        )
    except OSError as exc:
        raise WriteError(cannot_write(out_dir, exc)) from None
    try:
        save_lock(config, contents.lock, cache)
    except OSError as exc:
        raise WriteError(cannot_write(config.lock_path, exc)) from None
    if cache:
        cache.remember_state(settings_scope(config, path), contents.state, collection)
    return path


def deck_contents(
    config: Config, out_dir: Path, deck: Path, progress: Progress, cache: BuildCache | None
) -> DeckContents:
    """What the deck is written from: an edit build's contents when the last build left what one
    needs and the edit allows it (pipeline.incremental), else every stage's."""
    last = cache.last_state(settings_scope(config, deck)) if cache else None
    if not cache or not last:
        return run_pipeline(config, progress, cache, out_dir).contents()
    progress("read", str(config.root))
    read = [read_sources(config.root, config.sources)]
    contents = build_incrementally(config, last, read[0], cache, progress)
    # A full build is handed the notes and holds them alone: their texts go once they are parsed.
    return contents or run_pipeline(config, progress, cache, out_dir, read.pop()).contents()


def build_deck(
    config: Config, out_dir: Path, progress: Progress = quiet, cache: BuildCache | None = None
) -> DeckBuild:
    """The working deck and the lock file, unless the last build made them from the same inputs.

    Raises WriteError when the deck or the lock cannot be written (the previous deck stays), and
    ProjectBusyError when another command writes the project for longer than a build waits.
    """
    with one_writer(config.root, "build"):
        # Read again once the project is this build's: a release that held it may have set the version.
        return _build_deck(load_config(config.path), out_dir, progress, cache)


def _build_deck(config: Config, out_dir: Path, progress: Progress, cache: BuildCache | None) -> DeckBuild:
    fresh = freshness(config, out_dir, cache)
    deck, notes = fresh.deck, fresh.notes
    if fresh.report is not None:
        return DeckBuild(deck, fresh.report, written=False)
    contents = deck_contents(config, out_dir, deck, progress, cache)
    if not contents.notes:
        return DeckBuild(None, contents.report, written=False)
    progress("package", deck.name)
    write_working_deck(config, contents, out_dir, cache)
    if cache:
        cache.forget_unused_files()
        if _is_settled(contents.lock):
            # Built again, the same inputs match every card exactly: no fuzzy match, nothing newly
            # removed or moved, and what only this build could say is not said again.
            report = contents.report
            lasting = tuple(diagnostic for diagnostic in report.diagnostics if not diagnostic.once)
            again = replace(
                report,
                fuzzy_matches=(),
                removed=(),
                removed_guids=(),
                moved=(),
                since_last=SinceLastBuild(),
                diagnostics=lasting,
            )
            cache.remember_deck(config, deck, again, notes)
        else:
            cache.forget_deck()
    return DeckBuild(deck, contents.report, written=True)


def _is_settled(lock: Lock) -> bool:
    """Whether building again from the lock just written gives every card the same identity, so the
    same inputs make the same deck. Only cards that share an identity key could trade places."""
    keys = [entry.key for entry in lock.active]
    return len(keys) == len(set(keys))
