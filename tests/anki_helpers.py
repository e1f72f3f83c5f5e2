"""Import built decks with the real anki package, as Anki desktop and AnkiDroid do."""

from __future__ import annotations

from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest


def new_collection(folder: Path) -> Collection:
    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / "collection.anki2"))


def import_deck(collection: Collection, apkg: Path):
    """Import with the desktop defaults (update notes and note types if newer); returns the log."""
    request = ImportAnkiPackageRequest(
        package_path=str(apkg.resolve()),
        options=ImportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False),
    )
    response = collection.import_anki_package(request)
    collection.models._clear_cache()
    return response.log
