"""Carry out a sync plan in the learner's collection, after a backup."""

from __future__ import annotations

from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from notes2anki.sync.plan import REMOVED_TAG, TOPIC_FIELD, SyncPlan, build_fields, own_fields


def backup(collection: Collection, collection_path: Path) -> Path:
    """A backup made the way Anki makes them, in the profile's backups folder; that folder."""
    folder = collection_path.parent / "backups"
    folder.mkdir(exist_ok=True)
    collection.create_backup(backup_folder=str(folder), force=True, wait_for_completion=True)
    return folder


def apply_plan(collection: Collection, plan: SyncPlan, deck: Path) -> None:
    """Update, move and remove as planned, then add the new notes (with their note type, decks and
    images) by importing the build's ``deck``: notes updated here are newer than the deck's and are
    left alone by the import, so the learner's tags on them stay."""
    for update in plan.updated:
        anki_note = collection.get_note(update.note_id)
        fields = build_fields(update.note)
        for name in own_fields(update.note):
            anki_note[name] = fields[name]
        for tag in update.note.rendered.card.tags:
            anki_note.add_tag(tag)
        collection.update_note(anki_note)
        _add_media(collection, update.note.rendered.card.media)
    for move in plan.moved:
        collection.set_deck(move.card_ids, collection.decks.id(move.now) or 0)
        anki_note = collection.get_note(move.note_id)
        topic = move.now.rsplit("::", 1)[-1]
        if anki_note[TOPIC_FIELD] != topic:
            anki_note[TOPIC_FIELD] = topic
            collection.update_note(anki_note)
    removed = [removal.note_id for removal in plan.removed]
    if removed and plan.removed_action == "suspend":
        collection.sched.suspend_notes(removed)
        collection.tags.bulk_add(removed, REMOVED_TAG)
    elif removed and plan.removed_action == "delete":
        collection.remove_notes(removed)
    if plan.added:
        request = ImportAnkiPackageRequest(
            package_path=str(deck.resolve()),
            options=ImportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False),
        )
        collection.import_anki_package(request)


def _add_media(collection: Collection, media: tuple[Path, ...]) -> None:
    for path in media:
        collection.media.add_file(str(path))
