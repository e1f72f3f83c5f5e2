"""Carry out a sync plan in the learner's collection, after a backup."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.notes import Note as AnkiNote

from notes2anki.hashing import media_name
from notes2anki.model import Note
from notes2anki.note_type_names import MODEL_NAME
from notes2anki.package.apkg import BACK, FRONT
from notes2anki.sync.plan import REMOVED_TAG, TOPIC_FIELD, SyncPlan, build_fields, own_fields

# Whether a tag is one a build gives (a topic's, "source::file"), not one of the learner's own.
OwnedTag = Callable[[str], bool]
# Writes a package of some notes into a folder and gives its path (pipeline.deck.write_deck).
PackageWriter = Callable[[tuple[Note, ...], Path], Path]


def backup(collection: Collection, collection_path: Path) -> Path:
    """A backup made the way Anki makes them, in the profile's backups folder; that folder."""
    folder = collection_path.parent / "backups"
    folder.mkdir(exist_ok=True)
    collection.create_backup(backup_folder=str(folder), force=True, wait_for_completion=True)
    return folder


def apply_plan(
    collection: Collection, plan: SyncPlan, root: str, css: str, owned: OwnedTag, package: PackageWriter
) -> None:
    """Update the note type, then update, move and remove notes as planned, then add the new
    notes (with their decks and images) by importing a package of them alone."""
    update_note_type(collection, css)
    for update in plan.updated:
        anki_note = collection.get_note(update.note_id)
        fields = build_fields(update.note)
        for name in own_fields(update.note):
            anki_note[name] = fields[name]
        _retag(anki_note, update.note.rendered.card.tags, owned)
        collection.update_note(anki_note)
        _add_media(collection, update.note.rendered.card.media)
    for move in plan.moved:
        deck = collection.decks.id(f"{root}::{move.now}", create=True)
        assert deck is not None  # made when missing
        collection.set_deck(move.card_ids, deck)
        anki_note = collection.get_note(move.note_id)
        anki_note[TOPIC_FIELD] = move.now
        anki_note.remove_tag(move.was)
        anki_note.add_tag(move.now)
        collection.update_note(anki_note)
    _remove(collection, plan)
    if plan.added:
        with tempfile.TemporaryDirectory(prefix="notes2anki-sync-") as scratch:
            request = ImportAnkiPackageRequest(
                package_path=str(package(plan.added, Path(scratch))),
                options=ImportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False),
            )
            collection.import_anki_package(request)


def update_note_type(collection: Collection, css: str) -> None:
    """The note type's CSS and templates as this build has them (an import updates them only
    along with new notes)."""
    model = collection.models.by_name(MODEL_NAME)
    if model is None:
        return  # the import of the first notes brings it
    template = model["tmpls"][0]
    if (model["css"], template["qfmt"], template["afmt"]) == (css, FRONT, BACK):
        return
    model["css"], template["qfmt"], template["afmt"] = css, FRONT, BACK
    collection.models.update_dict(model)


def _retag(anki_note: AnkiNote, tags: tuple[str, ...], owned: OwnedTag) -> None:
    """The build's tags on the note, those an earlier build gave and this one does not taken off;
    the learner's own stay."""
    for stale in [tag for tag in anki_note.tags if owned(tag) and tag not in tags]:
        anki_note.remove_tag(stale)
    for tag in tags:
        anki_note.add_tag(tag)


def _remove(collection: Collection, plan: SyncPlan) -> None:
    removed = [removal.note_id for removal in plan.removed]
    if removed and plan.removed_action == "suspend":
        collection.sched.suspend_notes(removed)
        collection.tags.bulk_add(removed, REMOVED_TAG)
    elif removed and plan.removed_action == "delete":
        collection.remove_notes(removed)


def _add_media(collection: Collection, media: tuple[Path, ...]) -> None:
    """The note's images, under the names its fields give them (named by content, so a name is
    never another image's)."""
    for path in media:
        collection.media.write_data(media_name(path), path.read_bytes())
