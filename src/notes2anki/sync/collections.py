"""Where the learner's Anki collection is: the profile folders Anki keeps on each system."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from notes2anki.errors import UsageError

COLLECTION_FILE = "collection.anki2"


def anki_base() -> Path:
    """Anki's data folder: ANKI_BASE when set (as Anki reads it), else the system's usual place."""
    if os.environ.get("ANKI_BASE"):
        return Path(os.environ["ANKI_BASE"])
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "Anki2"
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", home / "AppData" / "Roaming")) / "Anki2"
    return Path(os.environ.get("XDG_DATA_HOME", home / ".local" / "share")) / "Anki2"


def profiles(base: Path) -> list[str]:
    """The profiles in Anki's data folder: the folders holding a collection."""
    try:
        return sorted(folder.name for folder in base.iterdir() if (folder / COLLECTION_FILE).is_file())
    except OSError:
        return []


def find_collection(collection: Path | None, profile: str | None) -> Path:
    """The collection to sync: ``collection`` when given, else the one of ``profile``, else the
    only profile's. Raises UsageError saying how to choose when that is not one collection."""
    if collection is not None:
        if not collection.is_file():
            raise UsageError(f"{collection}: no such collection (give the path of a collection.anki2)")
        return collection
    base = anki_base()
    found = profiles(base)
    if profile is not None:
        if profile not in found:
            known = ", ".join(found) or "none"
            raise UsageError(f"no Anki profile {profile!r} in {base} (profiles there: {known})")
        return base / profile / COLLECTION_FILE
    if len(found) == 1:
        return base / found[0] / COLLECTION_FILE
    if not found:
        raise UsageError(f"no Anki profile in {base} (open Anki once, or give --collection PATH)")
    raise UsageError(f"{len(found)} Anki profiles in {base}: choose one with --profile ({', '.join(found)})")
