"""build/.cache: the work of earlier builds, reused while what it was made from is unchanged.

Every entry is keyed by a hash of all it depends on, so an entry is never stale, only unused:

* ``files/<key>``, one per notes file: its sections, unanswered questions and warnings as parsed,
  the HTML of every block in them and what dedupe compares of each section. The key covers the
  tool, the parser's configuration, the file's name and text, and each local image it links
  (whether it exists, its size and time: the parser drops a missing image, the deck carries the
  others).
* ``names``: the key of each notes file's entry in the last build, by file name: an edited file
  reuses the HTML of the blocks it still has from its previous entry.
* ``topics``: the topic chosen for each card of the last build, by everything the choice reads
  of the card, for the configured topics.
* ``lock``: the digest of notes2anki.lock as the last build wrote it: while the lock is that one,
  no deck built before can have given Anki a newer time than the lock says (given_out.py).
* ``deck``: the digest of what the last deck and lock were made from (the configuration, the
  bytes of every file the notes globs match, the lock as written, SOURCE_DATE_EPOCH, the deck's
  path), the state of the images the notes link, the deck's size and time as written, and what
  the build reported. While all of that is unchanged, a build is a no-op.
* ``state``: what an edit build needs of the last build (pipeline.build_state), for the settings,
  deck and lock it wrote, and the name and stamp of ``collection-<token>.anki2``: the collection
  database of the deck it wrote, uncompressed, from which an edit build copies the notes it keeps.

The tool's fingerprint, part of every key and at the head of every entry, hashes this package's
own files and the renderers' installed files, so an upgrade, or an edit to a checkout, never
reuses another version's work. Entries are written atomically but not synced to disk (losing one
only costs time); one that cannot be read, or fails its checksum, is ignored and its work done
again. They are pickles (the state, of a large deck's cards, several in a row), written straight
into their files and signed with an HMAC whose key lives outside every project (in the user's cache
folder, ``cache_key_path``): an entry planted in build/.cache, or committed with the notes, is never
unpickled. A signed entry is still read back by an unpickler that only makes the pipeline's own
values.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import importlib.util
import io
import itertools
import os
import pickle
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from notes2anki import __version__
from notes2anki.config import OUTPUT_FOLDER_NAME, Config
from notes2anki.image_links import IMAGE, REMOTE, image_target, local_image_path
from notes2anki.model import SourceFile
from notes2anki.pipeline.build_state import BuildState
from notes2anki.pipeline.result import BuildReport
from notes2anki.read.discover import discover
from notes2anki.runtime.cache_key import cache_key
from notes2anki.runtime.files import (
    atomic_path,
    link_out_of,
    read_regular_bytes,
    regular_file_sha256,
    remove_stale_scratch,
)

Item = TypeVar("Item")
Result = TypeVar("Result")

CACHE_FOLDER = Path(OUTPUT_FOLDER_NAME) / ".cache"
# Bumped when what an entry holds changes shape.
CACHE_FORMAT = 3
MAGIC = b"notes2anki cache\n"
# The collection databases of decks built here (new_collection): each build's has a name of its own.
COLLECTION_PREFIX = "collection-"
# The state's cards are pickled this many to a pickle: one memo of 55,000 cards (every object the
# pickle has written, kept until it ends) takes more memory than the state itself.
STATE_CARDS_PER_PICKLE = 4096
SIGNATURE_SIZE = hashlib.sha256().digest_size
# Installed packages whose code shapes the cards and the deck, besides this one.
RENDERERS = ("markdown", "pygments", "genanki", "nh3")
PACKAGE = Path(__file__).resolve().parent.parent
PACKAGE_SUFFIXES = (".py", ".css", ".html", ".js")
# A cheap look for what the parser's image pattern starts with: "![alt](path)", "<img src=…>".
MAY_LINK_IMAGES = re.compile(r"!\[|<img", re.IGNORECASE)
# What an entry may hold: the pipeline's values, paths and what dedupe compares of a section, and
# deck records. Nothing else is ever unpickled.
SAFE_MODULES = ("notes2anki.model",)
SAFE_CLASSES = (
    ("pathlib", "Path"),
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
    ("pathlib", "PurePath"),
    ("pathlib", "PurePosixPath"),
    ("pathlib", "PureWindowsPath"),
    (__name__, "DeckRecord"),
    ("notes2anki.pipeline.result", "BuildReport"),
    ("notes2anki.dedupe.merge", "SectionForms"),
    ("notes2anki.dedupe.question_keys", "QuestionKeys"),
    ("notes2anki.dedupe.near_duplicates", "AnswerKeys"),
    ("notes2anki.pipeline.build_state", "BuildState"),
    ("notes2anki.pipeline.build_state", "FileState"),
    ("notes2anki.pipeline.build_state", "CardState"),
    ("notes2anki.dedupe.meeting_points", "MeetingIndex"),
)


@functools.lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """A hash of this notes2anki's files and of the installed renderers it calls."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{__version__}\0{sys.version}".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in PACKAGE_SUFFIXES and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    for name in RENDERERS:
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin) if spec and spec.origin else None
        stat = origin.stat() if origin else None
        digest.update(f"\0{name}\0{origin}\0{stat and (stat.st_size, stat.st_mtime_ns)}".encode())
    return digest.hexdigest()


def image_state(path: Path) -> str:
    """What the parser and the deck see of an image file: whether it is there, its size and time."""
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    return f"{'file' if path.is_file() else 'other'} {stat.st_size} {stat.st_mtime_ns}"


def linked_images(source: SourceFile) -> list[Path]:
    """The local image files a note links, found as the parser finds them."""
    if not MAY_LINK_IMAGES.search(source.text):
        return []
    targets = (image_target(match) for match in IMAGE.finditer(source.text))
    paths = (
        local_image_path(source.path.parent, target)
        for target in targets
        if target is not None and not REMOTE.match(target)
    )
    return [path for path in paths if path is not None]


def _digest(parts: Iterable[str | bytes]) -> str:
    digest = hashlib.sha256(tool_fingerprint().encode())
    for part in parts:
        digest.update(b"\0" + (part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")))
    return digest.hexdigest()


def file_key(source: SourceFile, exclude_headings: tuple[str, ...], images: dict[Path, str]) -> str:
    """The key of one notes file's work: the tool, the parser's configuration, the file and the
    project it is read for, and the state of each image it links."""
    states = (f"{path}\0{state}" for path, state in images.items())
    return _digest([source.name, str(source.project), *exclude_headings, *states, source.text])


def _inputs_key(parts: list[str]) -> bytes:
    """A digest of some strings, each with its length so that no two lists run together alike."""
    text = "".join(f"{len(part)}:{part}" for part in parts)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def _file_digest(path: Path) -> str:
    try:
        return regular_file_sha256(path).hex()
    except OSError as exc:
        return f"unreadable {exc.errno}"


def notes_digest(config: Config) -> str:
    """A digest of the configuration and the bytes of every file in the notes folders."""
    files = discover(config.root, config.sources)
    return _digest(
        [
            str(config.path),
            _file_digest(config.path),
            *(f"{name}\0{_file_digest(path)}" for name, path in files.items()),
        ]
    )


def inputs_digest(config: Config, deck: Path, notes: str) -> str:
    """A digest of what a deck and lock are made from, except linked images: the configuration and
    notes (``notes``: their notes_digest, taken before a build read them), the lock,
    SOURCE_DATE_EPOCH and the deck's path."""
    return _digest(
        [notes, _file_digest(config.lock_path), os.environ.get("SOURCE_DATE_EPOCH", ""), str(deck)]
    )


@dataclass(frozen=True)
class LastBuild:
    """What an edit build starts from: the last build's state and its deck's collection database."""

    state: BuildState
    collection: Path


def _stamp(path: Path) -> tuple[int, int, int, bytes] | None:
    """A file's size, time, inode and the digest of its bytes: another file, or the file changed or
    damaged since, has another stamp."""
    try:
        stat = path.stat()
        digest = regular_file_sha256(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino, digest)


@dataclass(frozen=True)
class DeckRecord:
    """The last deck a build wrote: what it was made from, the file as written, what was reported."""

    digest: str  # inputs_digest
    images: tuple[tuple[str, str], ...]  # each image the notes link, and its image_state
    path: str
    size: int
    modified_ns: int
    report: BuildReport


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module in SAFE_MODULES and "." not in name) or (module, name) in SAFE_CLASSES:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a cache value")


def _header() -> bytes:
    """An entry starts with the fingerprint of the tool that wrote it: another version's is not read."""
    return MAGIC + tool_fingerprint().encode() + b"\n"


def _signature(key: bytes, header: bytes, payload: bytes | memoryview) -> bytes:
    signer = hmac.new(key, header, hashlib.sha256)
    signer.update(payload)
    return signer.digest()


class _Signing:
    """A file that what is written to it goes on to, signed as it goes."""

    def __init__(self, file: BinaryIO, signer: hmac.HMAC) -> None:
        self.file = file
        self.signer = signer

    def write(self, data: bytes) -> int:
        self.signer.update(data)
        return self.file.write(data)


def _write_signed(file: BinaryIO, write_payload: Callable[[_Signing], object]) -> None:
    """An entry into ``file`` (seekable), its payload written by ``write_payload`` and signed with
    this user's key as it goes; the signature, before the payload, is filled in last."""
    start = _header()
    file.write(start)
    signature_at = file.tell()
    file.write(bytes(SIGNATURE_SIZE))
    signer = hmac.new(cache_key() or b"", start, hashlib.sha256)
    write_payload(_Signing(file, signer))
    file.seek(signature_at)
    file.write(signer.digest())
    file.seek(0, io.SEEK_END)


def write_entry(file: BinaryIO, *values: Any) -> None:
    """``values`` as an entry, pickled straight into ``file`` one after another, each with a memo of
    its own (a pickle keeps every object it has written until it ends): a large entry is never held
    whole, and one written in pieces never holds a memo of all of it."""

    def pickled(out: _Signing) -> None:
        pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
        for value in values:
            pickler.dump(value)
            pickler.clear_memo()

    _write_signed(file, pickled)


def sign_entry(payload: bytes) -> bytes:
    """The bytes of an entry holding ``payload`` (a pickle), signed with this user's key."""
    entry = io.BytesIO()
    _write_signed(entry, lambda out: out.write(payload))
    return entry.getvalue()


def decode_entry(data: bytes) -> list[Any]:
    """The values in an entry's bytes, in the order they were written; ValueError when they are not a
    sound entry of this tool, signed with this user's key: nothing else is ever unpickled."""
    start = _header()
    header = len(start) + SIGNATURE_SIZE
    key = cache_key()
    if key is None:
        raise ValueError("no key to check cache entries with")
    if not data.startswith(start) or len(data) < header:
        raise ValueError("not a cache entry of this notes2anki")
    payload = memoryview(data)[header:]
    if not hmac.compare_digest(_signature(key, start, payload), data[len(start) : header]):
        raise ValueError("cache entry damaged, or not written by this user's notes2anki")
    stream = io.BytesIO(payload)
    try:  # each pickle with a memo of its own, as written
        values = [_SafeUnpickler(stream).load()]
        while stream.tell() < len(payload):
            values.append(_SafeUnpickler(stream).load())
    except Exception as exc:  # any unpickling failure means the same thing: redo the work
        raise ValueError(f"cache entry unreadable ({exc})") from None
    return values


class BuildCache:
    """The cache of one project, in ``<project>/build/.cache``."""

    def __init__(self, folder: Path, project: Path | None = None) -> None:
        self.folder = folder
        self.files = folder / "files"
        # A cache folder that a link takes out of the project is neither read, written nor cleaned:
        # build/.cache/files -> ~/Documents would have the unused "entries" there removed.
        self.usable = project is None or link_out_of(self.files, project) is None
        self.used: set[str] = set()
        # The local images linked by the notes whose keys were taken, as they were then.
        self.images: dict[Path, str] = {}

    @classmethod
    def of_project(cls, root: Path) -> BuildCache:
        return cls(root / CACHE_FOLDER, root)

    def _read_values(self, path: Path) -> list[Any]:
        """The values of the entry at ``path``; none when it cannot be read."""
        if not self.usable:
            return []
        try:
            return decode_entry(read_regular_bytes(path))
        except (OSError, ValueError):
            return []

    def _read(self, path: Path) -> Any:
        """The value of the entry at ``path``; None when it cannot be read or holds more than one."""
        values = self._read_values(path)
        return values[0] if len(values) == 1 else None

    def _write(self, path: Path, *values: Any) -> bool:
        """``values`` as the entry at ``path`` (write_entry). Best effort: a cache that cannot be
        written only makes the next build slower."""
        if cache_key() is None or not self.usable:
            return False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(path) as scratch, scratch.open("wb") as file:
                write_entry(file, *values)
        except OSError:
            return False
        return True

    def file_key(self, source: SourceFile, exclude_headings: tuple[str, ...]) -> str:
        images = {path: image_state(path) for path in linked_images(source)}
        self.images.update(images)
        return file_key(source, exclude_headings, images)

    def load_file(self, key: str) -> Any:
        self.used.add(key)
        return self._read(self.files / key)

    def keep_files(self, keys: Iterable[str]) -> None:
        """Keep the entries of ``keys`` though this build did not read them (files it did not need)."""
        self.used.update(keys)

    def store_file(self, key: str, work: Any) -> bool:
        """Store a notes file's work; False when it could not be written."""
        self.used.add(key)
        return self._write(self.files / key, work)

    def last_keys(self) -> dict[str, str]:
        """The key of each notes file, by name, in the build that last recorded them."""
        names = self._read(self.folder / "names")
        return names if isinstance(names, dict) else {}

    def remember_keys(self, keys: dict[str, str], last: dict[str, str]) -> None:
        """Record each notes file's key by name, for last_keys, unless ``last`` holds them already."""
        if keys != last:
            self._write(self.folder / "names", keys)

    def peek_file(self, key: str) -> Any:
        """A notes file's entry, without keeping it: forget_unused_files still removes it."""
        return self._read(self.files / key)

    def forget_unused_files(self) -> None:
        """Remove the entries of notes files this build did not look at: edited, renamed, deleted;
        and the temporary files of killed builds."""
        if not self.usable:
            return
        remove_stale_scratch(self.folder)
        try:
            names = os.listdir(self.files)
        except OSError:
            return
        for name in names:
            if name not in self.used:
                (self.files / name).unlink(missing_ok=True)

    def memoized(
        self,
        name: str,
        scope: str,
        items: Sequence[Item],
        inputs: Callable[[Item], list[str]],
        compute: Callable[[list[Item]], list[Result]],
    ) -> list[Result]:
        """``compute(items)``, one result per item, but an item whose ``inputs`` the last build saw,
        in the same ``scope`` (the configuration the results depend on), gets the result it got then.
        Kept in ``<name>``, for the items of this build only."""
        entry = self._read(self.folder / name)
        known = entry[1] if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == scope else {}
        keys = [_inputs_key(inputs(item)) for item in items]
        missing = [index for index, key in enumerate(keys) if key not in known]
        computed = compute([items[index] for index in missing])
        found = {keys[index]: result for index, result in zip(missing, computed, strict=True)}
        table = {key: found[key] if key in found else known[key] for key in keys}
        if table != known:
            self._write(self.folder / name, (scope, table))
        return [table[key] for key in keys]

    def last_deck(self) -> DeckRecord | None:
        record = self._read(self.folder / "deck")
        return record if isinstance(record, DeckRecord) else None

    def up_to_date(self, config: Config, deck: Path, notes: str) -> BuildReport | None:
        """The report of the last build, if it made ``deck`` from the inputs there are now and the
        deck is as it wrote it; None when a build has work to do."""
        record = self.last_deck()
        if record is None or record.path != str(deck):
            return None
        try:
            stat = deck.stat()
        except OSError:
            return None
        if (stat.st_size, stat.st_mtime_ns) != (record.size, record.modified_ns):
            return None
        if any(image_state(Path(path)) != state for path, state in record.images):
            return None
        return record.report if inputs_digest(config, deck, notes) == record.digest else None

    def remember_deck(self, config: Config, deck: Path, report: BuildReport, notes: str) -> None:
        """Record the deck just written, from the notes whose digest (``notes_digest``) was taken
        before the build read them: a note saved while it ran is not taken as built (its images: as
        they were when file_key looked at the notes)."""
        images = tuple((str(path), state) for path, state in sorted(self.images.items()))
        stat = deck.stat()
        digest = inputs_digest(config, deck, notes)
        record = DeckRecord(digest, images, str(deck), stat.st_size, stat.st_mtime_ns, report)
        self._write(self.folder / "deck", record)

    def forget_deck(self) -> None:
        self._remove("deck")

    def _remove(self, name: str) -> None:
        """Best effort, as every write of the cache."""
        if self.usable:
            with contextlib.suppress(OSError):
                (self.folder / name).unlink(missing_ok=True)

    def last_state(self, scope: str) -> LastBuild | None:
        """What the last build kept for an edit build (pipeline.build_state) and the collection its
        deck was written with, if it had the same ``scope`` and the collection is as it left it."""
        entry, *pieces = self._read_values(self.folder / "state") or [None]
        if not (isinstance(entry, tuple) and len(entry) == 4 and entry[0] == scope):
            return None
        _, state, name, stamp = entry
        if not (isinstance(state, BuildState) and all(isinstance(piece, tuple) for piece in pieces)):
            return None
        collection = self.folder / str(name)
        if _stamp(collection) != stamp:
            return None
        return LastBuild(replace(state, cards=tuple(itertools.chain.from_iterable(pieces))), collection)

    def new_collection(self) -> Path | None:
        """Where a build leaves the collection database of the deck it writes, for the next build's
        kept notes (package.deck_rows); None where the cache is not used."""
        return self.folder / f"{COLLECTION_PREFIX}{os.urandom(8).hex()}.anki2" if self.usable else None

    def remember_state(self, scope: str, state: BuildState | None, collection: Path | None) -> None:
        """Keep ``state`` for the next build, with ``collection``, the one the deck was just written
        with (new_collection); every other collection goes. Its cards go in pieces of
        STATE_CARDS_PER_PICKLE, after the rest (write_entry: a large deck's state is never pickled
        with one memo)."""
        stamp = _stamp(collection) if collection and state else None
        kept = False
        if state is not None and collection is not None and stamp is not None:
            cards = state.cards
            pieces = (
                cards[start : start + STATE_CARDS_PER_PICKLE]
                for start in range(0, len(cards), STATE_CARDS_PER_PICKLE)
            )
            entry = (scope, replace(state, cards=()), collection.name, stamp)
            kept = self._write(self.folder / "state", entry, *pieces)
        if not kept:
            self.forget_state()
        self._remove_collections(but=collection if kept else None)

    def forget_state(self) -> None:
        """The next build is a full one; the collections stay until a build records its own."""
        self._remove("state")

    def _remove_collections(self, but: Path | None) -> None:
        if not self.usable:
            return
        with contextlib.suppress(OSError):
            found = list(self.folder.glob(f"{COLLECTION_PREFIX}*"))
            for path in found:
                if path != but:
                    with contextlib.suppress(OSError):
                        path.unlink(missing_ok=True)

    def lock_is_as_written(self, lock: Path) -> bool:
        """Whether ``lock`` holds what the last build of this project wrote to it (not a lock put
        back by version control, merged or edited since)."""
        return bool(self._read(self.folder / "lock") == _file_digest(lock))

    def remember_lock(self, lock: Path) -> None:
        """Record the lock a build just wrote (or found as it would have written it)."""
        self._write(self.folder / "lock", _file_digest(lock))
