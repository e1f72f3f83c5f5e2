"""`notes2anki sync`: build the deck, then bring the learner's own collection up to it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from anki.collection import Collection
from anki.errors import DBError

from notes2anki.config import Config
from notes2anki.errors import Notes2AnkiError
from notes2anki.pipeline.cache import BuildCache
from notes2anki.pipeline.deck import write_working_deck
from notes2anki.pipeline.result import BuildReport
from notes2anki.pipeline.stages import run_pipeline
from notes2anki.runtime.one_writer import one_writer
from notes2anki.runtime.progress import Progress, quiet
from notes2anki.sync.apply import apply_plan, backup
from notes2anki.sync.plan import SyncPlan, plan_sync

NO_CARDS = "no cards in the notes: nothing to sync (see the warnings above)"


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
        raise CollectionBusyError(
            f"{path}: Anki has this collection open ({exc}): close Anki, or wait for its sync, and run sync again"
        ) from None


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
            cache = BuildCache.of_project(config.root)
            result = run_pipeline(config, progress, cache, config.output_folder)
            if not result.notes:
                raise Notes2AnkiError(NO_CARDS)
            plan = plan_sync(
                collection, result.notes, config.deck_name, config.sync_moves_cards, removed_action
            )
            if dry_run:
                return SyncOutcome(plan, result.report(), None)
            progress("package", config.deck_file_name())
            deck = write_working_deck(config, result, config.output_folder, cache)
            progress("sync", str(collection_path))
            folder = backup(collection, collection_path)
            apply_plan(collection, plan, deck)
            return SyncOutcome(plan, result.report(), folder)
        finally:
            collection.close()
