"""Read the notes: each file the globs match, decoded, or the reason it was skipped."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from notes2anki.config import CONTROL
from notes2anki.errors import SourcesError
from notes2anki.model import Diagnostic, Level, Location, SourceFile
from notes2anki.read.decode import binary_kind, decode_bytes, normalize_newlines, remove_nuls
from notes2anki.read.discover import (
    IMAGE_SUFFIXES,
    NOTE_SUFFIXES,
    folders_of_notes,
    glob_base,
    is_hidden,
    matching_files,
    not_a_file,
    unreadable_folders,
)
from notes2anki.runtime.files import read_regular_bytes


@dataclass(frozen=True)
class ReadResult:
    files: tuple[SourceFile, ...]
    diagnostics: tuple[Diagnostic, ...]
    # Notes files, and folders of them ("private/"), that could not be read, or hold no text now
    # (emptied, turned binary, a link to nothing): their cards are missing from this build.
    unreadable: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileOutcome:
    source: SourceFile | None
    problems: tuple[Diagnostic, ...]
    unreadable: bool = False  # a notes file whose text could not be read


def read_sources(root: Path, globs: tuple[str, ...]) -> ReadResult:
    """The notes of the project in ``root`` (the folder of its configuration) that ``globs`` match."""
    folders = {glob_base(root, pattern) for pattern in globs}
    if not any(folder.is_dir() for folder in folders):
        missing = ", ".join(sorted(str(f) for f in folders))
        raise SourcesError(f"sources folder not found: {missing} (create it and put your notes in it)")
    skipped_folders = unreadable_folders(root, globs)
    files, unreadable, diagnostics = [], list(skipped_folders), list(skipped_folders.values())
    diagnostics.extend(folders_of_notes(root, globs).values())
    for name, path in matching_files(root, globs).items():
        shown = displayable_name(name)
        if shown != name:  # its name would go into the cards, the lock and the JSON of export
            diagnostics.append(
                Diagnostic("skipped: the file name is not UTF-8 (rename the file)", Location(shown, 1))
            )
            unreadable.append(shown)
            continue
        if not path.is_file():
            if not is_hidden(name):  # an editor's lock link (".#notes.md") is no concern of the user's
                diagnostics.append(Diagnostic(f"skipped: {not_a_file(path)}", Location(name, 1)))
                unreadable.append(name)
            continue
        outside = _outside(path, root)
        if outside:
            diagnostics.append(Diagnostic(f"skipped: {outside}", Location(name, 1)))
            unreadable.append(name)
            continue
        outcome = read_file(path, name, root.resolve())
        diagnostics.extend(outcome.problems)
        if outcome.source is not None:
            files.append(outcome.source)
        if outcome.unreadable:
            unreadable.append(name)
    return ReadResult(tuple(files), tuple(diagnostics), tuple(unreadable))


def _outside(path: Path, root: Path) -> str:
    """Why a notes file that is a link out of the project is not read, or "": a deck is built from the
    project's own notes, as it ships only the project's own images."""
    real, project = Path(os.path.realpath(path)), Path(os.path.realpath(root))
    if real.is_relative_to(project):
        return ""
    return f"a link to {real}, outside the project folder {project} (copy the note into the project)"


def displayable_name(name: str) -> str:
    """A file name as text: one that is not UTF-8 (Python keeps its bytes as lone surrogates) with
    those bytes written as escapes, "b\\xff.md"."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def _skipped(name: str, message: str, level: Level = Level.WARNING, unreadable: bool = False) -> FileOutcome:
    return FileOutcome(None, (Diagnostic(f"skipped: {message}", Location(name, 1), level),), unreadable)


def read_file(path: Path, name: str, project: Path | None = None) -> FileOutcome:
    """Read and decode one file of the ``project`` folder, or say why it was skipped."""
    suffix = path.suffix.lower()
    if is_hidden(name):
        return _skipped(name, "hidden file, not notes", Level.NOTE)
    if suffix in IMAGE_SUFFIXES:
        return _skipped(name, f"image ({suffix}), not a notes file", Level.NOTE)
    if suffix not in NOTE_SUFFIXES:
        wanted = ", ".join(sorted(s for s in NOTE_SUFFIXES if s))
        return _skipped(name, f"{suffix} is not a notes file (notes end in {wanted})", Level.NOTE)
    try:
        data = read_regular_bytes(path)
    except OSError as exc:
        problem = Diagnostic(f"skipped: cannot read the file ({exc.strerror or exc})", Location(name, 1))
        return FileOutcome(None, (problem,), unreadable=True)
    return _read_text(data, path, name, project)


def _read_text(data: bytes, path: Path, name: str, project: Path | None) -> FileOutcome:
    """A notes file's bytes as text with ``\\n`` line ends and no NULs, or why they are not text."""
    kind = binary_kind(data)
    if kind:
        return _skipped(name, f"{kind}, not text", unreadable=True)
    decoded = decode_bytes(data, name)
    if decoded.text is None:
        return FileOutcome(None, decoded.problems, unreadable=True)
    text, newlines = normalize_newlines(decoded.text)
    text, nul_problems = remove_nuls(text, name)
    if not text.strip():
        problem = Diagnostic("empty file: no notes in it (write some or delete it)", Location(name, 1))
        return FileOutcome(None, (problem,), unreadable=True)
    detected = Diagnostic(f"read as {decoded.label}, {newlines} line endings", Location(name, 1), Level.NOTE)
    source = SourceFile(name=name, path=path, text=text, encoding=decoded.encoding, project=project)
    return FileOutcome(source, (detected, *_name_problems(name), *decoded.problems, *nul_problems))


def _name_problems(name: str) -> tuple[Diagnostic, ...]:
    """A control character in a file's name is left out where the name shows on a card."""
    found = CONTROL.search(name)
    if found is None:
        return ()
    message = f"the file name holds the control character U+{ord(found[0]):04X}, left out of the cards (rename the file)"
    return (Diagnostic(message, Location(name, 1)),)
