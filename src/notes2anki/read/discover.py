"""Find the notes files the configured globs match, and say which folders could not be searched."""

from __future__ import annotations

import errno
import os
from collections import Counter
from pathlib import Path, PurePath

from notes2anki.config import CHANGELOG_NAME, CONFIG_NAME, LOCK_NAME, OUTPUT_FOLDER_NAME
from notes2anki.model import Diagnostic, Location

NOTE_SUFFIXES = {".md", ".markdown", ".mdx", ".txt", ".text", ""}


# The tool's own files, never notes though a glob like "**/*" matches them: the decks, their
# checksums and the build cache in build/; beside notes2anki.toml, the lock and the changelog.
PROJECT_FILES = {CONFIG_NAME, LOCK_NAME, CHANGELOG_NAME}


DECK_SUFFIXES = (".apkg", ".sha256")


IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".svg", ".ico", ".tif", ".tiff", ".heic"}


def glob_base(root: Path, pattern: str) -> Path:
    """The folder part of a glob before its first wildcard: ``sources/**/*.md`` -> ``sources``."""
    parts = []
    for part in Path(pattern).parts:
        if any(ch in part for ch in "*?["):
            break
        parts.append(part)
    return root.joinpath(*parts)


def discover(root: Path, globs: tuple[str, ...]) -> dict[str, Path]:
    """Every file the globs match but the tool's own, by its name relative to the glob's folder
    (its path in the project if another file has that name too), in a stable order."""
    return {name: path for name, path in matching_files(root, globs).items() if path.is_file()}


def matching_files(root: Path, globs: tuple[str, ...]) -> dict[str, Path]:
    """Everything but folders that a glob matches (files, and links to nothing, pipes and the
    like) except the tool's own files, each once, by name."""
    names: dict[Path, str] = {}
    for pattern in globs:
        base = glob_base(root, pattern)
        for path in root.glob(pattern):
            if not path.is_dir() and not is_own_file(path.relative_to(root)):
                names.setdefault(path, path.relative_to(base).as_posix())
    return _distinct_names(root, names)


def is_own_file(relative: PurePath) -> bool:
    """Whether a file or folder, by its path in the project, is one the tool writes or reads as
    its own: a deck read as notes would make every build differ from the one before."""
    in_output = relative.parts[:1] == (OUTPUT_FOLDER_NAME,)
    return in_output or relative.as_posix() in PROJECT_FILES or relative.name.endswith(DECK_SUFFIXES)


def _distinct_names(root: Path, names: dict[Path, str]) -> dict[str, Path]:
    """Files by their names, sorted. Names are relative to each glob's folder, so ``a/*`` and
    ``b/*`` both find ``notes.md``: files that share a name go by their path in the project
    (``a/notes.md``) instead, and lose no cards. Other names stay as they are: names are in the
    cards' tags, Source fields and the lock."""
    while clashing := _sharing_a_name(names):
        names = names | {path: path.relative_to(root).as_posix() for path in clashing}
    return dict(sorted((name, path) for path, name in names.items()))


def _sharing_a_name(names: dict[Path, str]) -> list[Path]:
    """The paths whose name another path has too. (Paths in the project are never shared, so
    naming these by theirs ends in names that are all different.)"""
    counts = Counter(names.values())
    return [path for path, name in names.items() if counts[name] > 1]


def unreadable_folders(root: Path, globs: tuple[str, ...]) -> dict[str, Diagnostic]:
    """Folders the globs look into but cannot, by name, with the warning: a glob passes over them
    without a word, and the notes in them would vanish from the deck unexplained."""
    found: dict[str, Diagnostic] = {}
    for pattern in globs:
        base = glob_base(root, pattern)
        for folder in _folders_searched(root, pattern):
            # Named as the files in it are ("private/p.md"); the glob's own folder as in the glob.
            name = "/".join(folder.relative_to(base).parts) or folder.relative_to(root).as_posix()
            ignored = is_hidden(name) or is_own_file(folder.relative_to(root))
            reason = "" if ignored else _why_unlistable(folder)
            if reason:
                found.setdefault(f"{name}/", _folder_skipped(f"{name}/", reason))
    return dict(sorted(found.items()))


def _folder_skipped(name: str, reason: str) -> Diagnostic:
    return Diagnostic(
        f"{name}: skipped: cannot read the folder ({reason}): its notes are left out (make it readable)"
    )


def _folders_searched(root: Path, pattern: str) -> set[Path]:
    """The folders a glob lists to find its matches: its folder, and those the parts of the
    pattern before the last lead to (all folders below, for ``**``)."""
    base = glob_base(root, pattern)
    parts = Path(pattern).parts
    folders = {base}
    for depth in range(len(base.relative_to(root).parts) + 1, len(parts)):
        folders.update(path for path in root.glob(str(Path(*parts[:depth]))) if path.is_dir())
    return folders


def _why_unlistable(folder: Path) -> str:
    """Why the files in a folder cannot be listed ("Permission denied"), or "" when they can."""
    if not folder.is_dir():
        return ""
    try:
        with os.scandir(folder):
            return ""
    except OSError as exc:
        return exc.strerror or str(exc)


def not_a_file(path: Path) -> str:
    """Why something a glob matched cannot be read as a file."""
    try:
        path.stat()
    except OSError as exc:
        return (
            "a symbolic link in a loop" if exc.errno == errno.ELOOP else "a link to a file that is not there"
        )
    return "not a regular file (a pipe, socket or device)"


def is_hidden(name: str) -> bool:
    """Editor and tool files (``.DS_Store``, ``.obsidian/``, ``.git/``) are never notes."""
    return any(part.startswith(".") for part in name.split("/"))


def is_notes_name(name: str) -> bool:
    """Whether a file of this name is read as notes (its content may still be skipped)."""
    return not is_hidden(name) and Path(name).suffix.lower() in NOTE_SUFFIXES


# A folder a glob matches ("sources/*" matches "sources/数据库/") is not read: its notes need a glob
# that goes into folders. Said once per folder that holds notes, with the glob that would read them.
DEEP_GLOB = "**/*"
MAX_FOLDER_FILES_LOOKED_AT = 2000


def folders_of_notes(root: Path, globs: tuple[str, ...]) -> dict[str, Diagnostic]:
    """Folders the globs match that hold notes files, none of which the globs read, by name, with
    the warning that says how to read them."""
    found: dict[str, Diagnostic] = {}
    for pattern in globs:
        if "**" in pattern:
            continue
        base = glob_base(root, pattern)
        for folder in sorted(root.glob(pattern)):
            if not folder.is_dir() or is_hidden(folder.name) or is_own_file(folder.relative_to(root)):
                continue
            # Named as the files in it would be ("数据库/"); the glob's own folder as in the glob.
            name = (
                folder.relative_to(base).as_posix() if folder != base else folder.relative_to(root).as_posix()
            )
            if _holds_notes(folder) and f"{name}/" not in found:
                deeper = f"{base.relative_to(root).as_posix()}/{DEEP_GLOB}" if base != root else DEEP_GLOB
                found[f"{name}/"] = Diagnostic(
                    f"a folder of notes that {pattern!r} does not read (to read it, write {deeper!r} in "
                    f"deck.sources)",
                    Location(f"{name}/", 1),
                )
    return found


def _holds_notes(folder: Path) -> bool:
    written = NOTE_SUFFIXES - {""}
    for looked_at, path in enumerate(folder.rglob("*")):
        if looked_at >= MAX_FOLDER_FILES_LOOKED_AT:
            return False
        if path.suffix.lower() in written and not is_hidden(path.name) and path.is_file():
            return True
    return False
