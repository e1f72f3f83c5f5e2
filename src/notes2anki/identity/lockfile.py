"""notes2anki.lock: the identity of every card ever built, kept beside the configuration.

The lock is committed with the notes. It maps each question to the GUID Anki knows it by, records
when what the learner reads on it last changed, and remembers what the last release contained so
the next changelog can say what changed. Questions that leave the notes stay in it, marked removed,
so a question that comes back gets its old card (and review history) back.

It is sorted JSON with one note per line, so a rebuild after an edit shows up as a small diff.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from notes2anki.errors import Notes2AnkiError
from notes2anki.model import record
from notes2anki.runtime.files import atomic_write_lines, read_regular_bytes

LOCK_FORMAT = 1
# How to mend a lock that cannot be read: either way every card keeps its identity.
MEND = (
    "restore it from version control, or delete it: the next build makes it again from the decks in the "
    "output folder"
)
# Printable ASCII without spaces, as Anki and genanki make GUIDs: "n2a-3f9c0d2e41b7a8c95e10", "Fx$1+9k/Qb".
GUID_SHAPE = re.compile(r"^[!-~]{1,64}\Z")


class LockError(Notes2AnkiError):
    """notes2anki.lock cannot be read."""


@dataclass(frozen=True)
class Released:
    """What a card looked like in the last release: the baseline of the next changelog."""

    question: str
    content: str
    topic: str
    removed: bool = False


@record
class LockEntry:
    guid: str
    key: str  # the normalized question: exact matches are found by it
    question: str  # as the learner reads it
    content: str  # hash of question, answer and aliases
    sketch: str  # fingerprint of the answer, for matching reworded questions
    modified: int  # when what the learner reads last changed (seconds since the epoch)
    source: str  # "file › heading", never a line number: lines shift on every edit
    topic: str
    removed: bool = False
    released: Released | None = None


@dataclass(frozen=True)
class Lock:
    entries: tuple[LockEntry, ...] = ()
    # Hash of the note type's CSS and templates, and when that last changed.
    note_type: str = ""
    note_type_modified: int = 0
    released_version: str = ""  # the version the ``released`` baselines belong to
    deck: str = ""  # the root deck the cards were built into (Anki files them by its name)
    # Each entry of a lock read as this module wrote it, with its line, by GUID: an entry that is
    # still the very one read is written as that line again (read_lock's ``as_written``).
    lines: Mapping[str, tuple[LockEntry, str]] = field(default_factory=dict, compare=False, repr=False)

    def sorted(self) -> Lock:
        return replace(self, entries=tuple(sorted(self.entries, key=lambda entry: entry.guid)))

    @property
    def active(self) -> tuple[LockEntry, ...]:
        return tuple(entry for entry in self.entries if not entry.removed)


def lock_lines(lock: Lock, written: dict[str, tuple[LockEntry, str]] | None = None) -> Iterator[str]:
    """The lock as sorted JSON with one note per line: an edit shows up as the lines of the cards it
    changed. Each line is written by json's C encoder (json.dumps without ``indent``), the fast one.
    ``written``: where to put each entry with its line, by GUID (Lock.lines)."""
    header = {
        "format": LOCK_FORMAT,
        "deck": lock.deck,
        "note_type": {"hash": lock.note_type, "modified": lock.note_type_modified},
        "released_version": lock.released_version,
    }
    yield "{\n"
    for key, value in header.items():
        yield f" {_compact(key)}: {_compact(value)},\n"
    entries = lock.sorted().entries
    if not entries:
        yield ' "notes": []\n}\n'
        return
    yield ' "notes": [\n'
    for position, entry in enumerate(entries):
        line = _line(entry, lock.lines)
        if written is not None:
            written[entry.guid] = (entry, line)
        yield "  " + line + (",\n" if position < len(entries) - 1 else "\n")
    yield " ]\n}\n"


def _line(entry: LockEntry, lines: Mapping[str, tuple[LockEntry, str]]) -> str:
    """The entry's line: the one it was read from, while it is the entry read from it."""
    read = lines.get(entry.guid)
    return read[1] if read is not None and read[0] is entry else _compact(_as_dict(entry))


# One encoder for every line: json.dumps with options makes a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def _compact(value: Any) -> str:
    return _ENCODER.encode(value)


ENTRY_FIELDS = tuple(field.name for field in fields(LockEntry))
RELEASED_FIELDS = tuple(field.name for field in fields(Released))
RELEASED_TEXTS = ("question", "content", "topic")


def _as_dict(entry: LockEntry) -> dict[str, Any]:
    """dataclasses.asdict for an entry, without its deep copy of every value (they are immutable)."""
    values = {name: getattr(entry, name) for name in ENTRY_FIELDS}
    if entry.released is not None:
        values["released"] = {name: getattr(entry.released, name) for name in RELEASED_FIELDS}
    return values


def _parsed(text: str, path: Path) -> Any:
    """The lock's JSON document; LockError at the line where it is not JSON, or nested too deep."""
    try:
        return json.loads(text)
    except RecursionError:
        raise LockError(f"{path}:1: not a notes2anki lock file: nested too deeply ({MEND})") from None
    except json.JSONDecodeError as exc:
        raise LockError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg}; {MEND})") from None


def lock_from_json(text: str, path: Path, as_written: bool = False) -> Lock:
    """The lock in ``text``; ``as_written``: the text is as lock_lines wrote it, so each entry keeps
    its line (Lock.lines)."""
    document = _parsed(text, path)
    if not isinstance(document, dict) or not isinstance(document.get("notes", []), list):
        raise LockError(f"{path}:1: not a notes2anki lock file ({MEND})")
    version = document.get("format", LOCK_FORMAT)
    if version != LOCK_FORMAT:
        raise LockError(
            f"{path}:1: lock format {version!r} is not supported by this notes2anki "
            f"(use the notes2anki version that wrote it)"
        )
    note_type = document.get("note_type", {})
    try:
        note_type_modified = _time(note_type.get("modified", 0))
    except (TypeError, ValueError, OverflowError, AttributeError) as exc:
        line = text.count("\n", 0, max(text.find('"note_type"'), 0)) + 1
        raise LockError(f"{path}:{line}: the note type entry is malformed ({exc}; {MEND})") from None
    notes = document.get("notes", [])
    entries = []
    position_of_guid: dict[str, int] = {}
    for position, item in enumerate(notes):
        try:
            entry = _entry(item)
        except (TypeError, KeyError, ValueError, OverflowError, AttributeError) as exc:
            line = _note_lines(text, len(notes))[position]
            raise LockError(
                f"{path}:{line}: a note entry is malformed ({type(exc).__name__}: {exc}; {MEND})"
            ) from None
        if entry.guid in position_of_guid:
            lines = _note_lines(text, len(notes))
            raise LockError(
                f"{path}:{lines[position]}: GUID {entry.guid} is on line {lines[position_of_guid[entry.guid]]} "
                f"too: two cards would be one in Anki (a bad merge? restore the lock from version control)"
            )
        position_of_guid[entry.guid] = position
        entries.append(entry)
    texts = _note_texts(text, len(notes)) if as_written else []
    return Lock(
        entries=tuple(entries),
        note_type=str(note_type.get("hash", "")),
        note_type_modified=note_type_modified,
        released_version=str(document.get("released_version", "")),
        deck=str(document.get("deck", "")),
        lines={entry.guid: (entry, line) for entry, line in zip(entries, texts, strict=True)}
        if as_written and texts
        else {},
    )


# Seconds since the epoch that Anki and SQLite can hold: up to the year 9999.
LATEST_TIME = 253_402_300_799


def _time(value: Any) -> int:
    """A modification time as the lock has it: whole seconds since the epoch."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= LATEST_TIME:
        raise ValueError(f"a time must be whole seconds since 1970, not {value!r}")
    return value


def _note_lines(text: str, count: int) -> list[int]:
    """The line each note entry is on, as this module writes the lock (one note a line); 1 for
    every entry of a lock laid out otherwise. Looked for only to say where an entry is wrong."""
    lines = [number for number, line in enumerate(text.split("\n"), 1) if line.startswith("  {")]
    return lines if len(lines) == count else [1] * count


def _note_texts(text: str, count: int) -> list[str]:
    """The text of each note entry's line, as this module writes the lock; none for a lock laid out
    otherwise."""
    texts = [line[2:].removesuffix(",") for line in text.split("\n") if line.startswith("  {")]
    return texts if len(texts) == count else []


def _entry(item: dict[str, Any]) -> LockEntry:
    # Each value is looked up once and its type checked directly: a lock holds thousands of entries.
    guid, key, question, content = item["guid"], item["key"], item["question"], item["content"]
    sketch, source, topic = item.get("sketch", ""), item.get("source", ""), item.get("topic", "")
    removed, released = item.get("removed", False), item.get("released")
    if not (type(guid) is type(key) is type(question) is type(content) is str):
        raise TypeError("guid, key, question and content must be strings")
    if not (type(sketch) is type(source) is type(topic) is str):
        raise TypeError("sketch, source and topic must be strings")
    if type(removed) is not bool:
        raise TypeError("removed must be true or false")
    if not GUID_SHAPE.match(guid):
        raise ValueError(f"the guid {guid[:70]!r} is not one Anki takes (printable ASCII without spaces)")
    if released is not None and not (
        isinstance(released, dict) and all(isinstance(released.get(name), str) for name in RELEASED_TEXTS)
    ):
        raise TypeError(f"released must be null or a table of {', '.join(RELEASED_TEXTS)} (strings)")
    return LockEntry(
        guid,
        key,
        question,
        content,
        sketch,
        _time(item["modified"]),
        source,
        topic,
        removed,
        Released(**released) if released else None,
    )


def read_lock(path: Path, as_written: bool = False) -> Lock:
    """The lock at ``path``; an empty lock when there is none yet (the first build). ``as_written``:
    the file is known to be as this module wrote it (lock_from_json)."""
    data = _lock_bytes(path)
    if data is None:
        return Lock()
    recalled = _LAST_WRITTEN.recall(path, data)
    if recalled is not None:
        return recalled if as_written else replace(recalled, lines={})
    return lock_from_json(_decoded(data, path), path, as_written)


def released_version(path: Path) -> str:
    """The version the lock at ``path`` last recorded as released, without decoding its entries
    (every build asks, to never overwrite a published deck)."""
    data = _lock_bytes(path)
    if data is None:
        return ""
    document = _header(data)
    if document is None:
        document = _parsed(_decoded(data, path), path)
    return str(document.get("released_version", "")) if isinstance(document, dict) else ""


# Where lock_lines ends the lock's header and starts its notes.
NOTES_START = b'\n "notes": ['


def _header(data: bytes) -> dict[str, Any] | None:
    """The lock's header as lock_lines writes it, read without its notes: None when the file is not
    laid out so (edited by hand) or has no released_version there."""
    head, found, _ = data.partition(NOTES_START)
    if not found:
        return None
    try:
        document = json.loads(head.decode("utf-8-sig").rstrip().removesuffix(",") + "\n}")
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    return document if isinstance(document, dict) and "released_version" in document else None


def _lock_bytes(path: Path) -> bytes | None:
    """The lock's bytes; None when there is no lock yet."""
    try:
        return read_regular_bytes(path)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise LockError(
            f"{path}: is a folder, not the lock file (move it away; the next build writes the lock)"
        ) from None
    except OSError as exc:
        raise LockError(f"{path}: cannot read it ({exc.strerror or exc})") from None


def _decoded(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")  # a byte order mark, as an editor may add, is no error
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LockError(f"{path}:{line}: not UTF-8 text ({MEND})") from None


def write_lock(path: Path, lock: Lock) -> bool:
    """Write the lock if its content changed; True when the file was written."""
    if not _LAST_WRITTEN.on:
        return atomic_write_lines(path, lock_lines(lock))
    lines: dict[str, tuple[LockEntry, str]] = {}
    digest = hashlib.sha256()

    def hashed() -> Iterator[str]:
        for line in lock_lines(lock, lines):
            digest.update(line.encode("utf-8"))
            yield line

    changed = atomic_write_lines(path, hashed())
    _LAST_WRITTEN.remember(path, digest.digest(), replace(lock.sorted(), lines=lines))
    return changed


def remember_written_locks() -> None:
    """From now on, the lock this process writes is remembered: read back unchanged, it is that lock
    again, without decoding its entries (a watch's next build reads the lock its last one wrote)."""
    _LAST_WRITTEN.on = True


class _LastWrittenLock:
    """The lock this process wrote last, while remember_written_locks is on, with the digest of the
    bytes written."""

    def __init__(self) -> None:
        self.on = False
        self.path: Path | None = None
        self.digest = b""
        self.lock = Lock()

    def remember(self, path: Path, digest: bytes, lock: Lock) -> None:
        """``lock``, written to ``path`` as bytes whose digest is ``digest``."""
        self.path, self.digest, self.lock = path, digest, lock

    def recall(self, path: Path, data: bytes) -> Lock | None:
        """The lock remembered for ``path`` if ``data`` is its file as written, and it is one
        lock_from_json reads as it is (else None: decoding it says what is wrong)."""
        if path != self.path or hashlib.sha256(data).digest() != self.digest or not _sound(self.lock):
            return None
        return self.lock


def _sound(lock: Lock) -> bool:
    """What lock_from_json checks of each entry that a lock made by a build could still break."""
    entries = lock.entries
    return len({entry.guid for entry in entries}) == len(entries) and all(
        GUID_SHAPE.match(entry.guid) and 0 <= entry.modified <= LATEST_TIME for entry in entries
    )


_LAST_WRITTEN = _LastWrittenLock()


def mark_released(lock: Lock, version: str) -> Lock:
    """Every entry's current state becomes the baseline for the next release's changelog."""
    entries = tuple(
        replace(entry, released=Released(entry.question, entry.content, entry.topic, entry.removed))
        for entry in lock.entries
    )
    return replace(lock, entries=entries, released_version=version)
