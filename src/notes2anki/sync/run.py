"""`notes2anki sync`: build the deck, then bring the learner's own collection up to it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from anki.collection import Collection
from anki.errors import DBError

from notes2anki.config import Config
from notes2anki.errors import Notes2AnkiError
from notes2anki.model import Note
from notes2anki.pipeline.cache import BuildCache
from notes2anki.pipeline.deck import write_deck, write_working_deck
from notes2anki.pipeline.result import BuildReport, BuildResult
from notes2anki.pipeline.stages import run_pipeline
from notes2anki.render.style import card_css
from notes2anki.runtime.one_writer import one_writer
from notes2anki.runtime.progress import Progress, quiet
from notes2anki.sync.apply import OwnedTag, PackageWriter, apply_plan, backup
from notes2anki.sync.plan import SyncPlan, plan_sync
from notes2anki.topics import tag

NO_CARDS = "no cards in the notes: nothing to sync (see the warnings above)"
# How Anki says that another program holds the collection.
HELD_OPEN = ("already open", "locked", "busy")


class CollectionBusyError(Notes2AnkiError):
    """Anki (or another program) has the collection open."""


@dataclass(frozen=True)
class SyncOutcome:
    plan: SyncPlan
    report: BuildReport
    backup: Path | None  # where the collection was backed up; None for a dry run


def open_collection(path: Path) -> Collection:
    try:
        return Collection(str(path))
    except DBError as exc:
        if any(words in str(exc).lower() for words in HELD_OPEN):
            raise CollectionBusyError(
                f"{path}: Anki has this collection open ({exc}): close Anki, or wait for its sync, and run sync again"
            ) from None
        raise Notes2AnkiError(f"{path}: cannot open it as an Anki collection ({exc})") from None


def sync_collection(
    config: Config,
    collection_path: Path,
    removed_action: str = "suspend",
    dry_run: bool = False,
    progress: Progress = quiet,
) -> SyncOutcome:
    """Build, then update the collection: add new notes, update changed ones in place, move cards
    whose topic changed, suspend (or delete, or keep) removed ones. ``dry_run``: only the plan;
    neither the collection nor the project is changed."""
    with one_writer(config.root, "sync"):
        collection = open_collection(collection_path)
        try:
            cache = None if dry_run else BuildCache.of_project(config.root)
            result = run_pipeline(config, progress, cache, config.output_folder)
            _check_complete(result)
            plan = plan_sync(
                collection, result.notes, config.deck_name, config.sync_moves_cards, removed_action
            )
            # The build's own word on removed questions is the plan's here.
            report = replace(result.report(), removed=(), removed_guids=())
            if dry_run:
                return SyncOutcome(plan, report, None)
            progress("package", config.deck_file_name())
            write_working_deck(config, result.contents(), config.output_folder, cache)
            progress("sync", str(collection_path))
            folder = backup(collection, collection_path)
            owned = _owned_tags(config, result)
            apply_plan(collection, plan, config.deck_name, card_css(), owned, _package_writer(config, result))
            return SyncOutcome(plan, report, folder)
        finally:
            collection.close()


def _check_complete(result: BuildResult) -> None:
    """Refuse to sync a build that is missing notes files: their cards would be taken as removed."""
    if not result.notes:
        raise Notes2AnkiError(NO_CARDS)
    if result.failed_files:
        names = ", ".join(result.failed_files)
        raise Notes2AnkiError(
            f"cannot read {names}: sync stopped, so that their cards are not taken as removed "
            f"(fix the files, then sync again)"
        )


def _owned_tags(config: Config, result: BuildResult) -> OwnedTag:
    topics = {tag(topic.name) for topic in config.topics} | {
        tag(note.rendered.card.topic) for note in result.notes
    }

    def owned(name: str) -> bool:
        return name.startswith("source::") or name in topics

    return owned


def _package_writer(config: Config, result: BuildResult) -> PackageWriter:
    def package(notes: tuple[Note, ...], folder: Path) -> Path:
        return write_deck(config, notes, result.lock, folder)

    return package
