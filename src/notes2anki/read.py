"""Discover the note files and decode them (encodings, newlines); skip what is not text."""

from __future__ import annotations

import codecs
import errno
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePath

from notes2anki.config import CHANGELOG_NAME, CONFIG_NAME, LOCK_NAME, OUTPUT_FOLDER_NAME
from notes2anki.errors import SourcesError
from notes2anki.model import Diagnostic, Level, Location, SourceFile

NOTE_SUFFIXES = {".md", ".markdown", ".txt", ".text", ""}
# The tool's own files, never notes though a glob like "**/*" matches them: the decks, their
# checksums and the build cache in build/; beside notes2anki.toml, the lock and the changelog.
PROJECT_FILES = {CONFIG_NAME, LOCK_NAME, CHANGELOG_NAME}
DECK_SUFFIXES = (".apkg", ".sha256")
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".svg", ".ico", ".tif", ".tiff", ".heic"}
# A byte order mark decides the encoding outright. UTF-32 first: its LE mark begins with UTF-16's.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32 with BOM"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32 with BOM"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 with BOM"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 with BOM"),
)
# File signatures of things that are not notes, whatever their name says.
MAGIC_NUMBERS = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (.zip, .docx, .apkg)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program"),
)
# Without a BOM and not UTF-8: the Chinese legacy encoding notes are most often saved in (covers GBK).
LEGACY_ENCODING = "gb18030"
LEGACY_LABEL = "GB18030/GBK"
# How much of the start of a file the binary test looks at.
SNIFF_BYTES = 8192
# A few NULs in a text file are stray bytes, left by a crash or a bad copy: they are removed from
# the text. More are a binary file's (a pickle has a few in every hundred bytes, between its text).
MAX_STRAY_NULS = 3
NUL = re.compile("\x00+")
# Share of other control characters above which a file is taken as binary, not text.
BINARY_CONTROL_SHARE = 0.05
# The control characters counted: not NUL, tab, newline, vertical tab, form feed, carriage return or escape.
CONTROL_BYTES = bytes(byte for byte in range(32) if 0 < byte < 9 or (13 < byte < 32 and byte != 27))
# UTF-16 without a BOM has NULs in the high bytes of its code units only: in every other byte of
# ASCII text ("N\x00o\x00t\x00e\x00"), in most line ends of Chinese text ("问题\n" is
# "\xee\x95\x98\x98\n\x00"). The stray NULs of a UTF-8 or GBK file are not after most of its line ends.
UTF16_NUL_SHARE = 0.3
UTF16_LINE_END_SHARE = 0.5
# Mostly ASCII text with a few stray bytes ("caf\xe9"): replace them rather than lose the file.
MAX_REPLACED_SHARE = 0.01
MAX_REPLACED_ANYWAY = 3
# Invalid bytes show up as these lone surrogates after decoding with "surrogateescape".
ESCAPED_BYTE = re.compile("[\udc80-\udcff]+")
VALID_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
# Valid bytes per invalid one, at least, in a UTF-8 or GBK file with a few damaged bytes.
DAMAGED_RATIO = 4
# A common Chinese character (GB2312) in GBK: both bytes from 0xA1, the evidence of GBK text in a
# file with damaged bytes. Latin-1 text read as GBK pairs an accented letter with ASCII ("\xe9s").
GB2312_PAIR = re.compile(b"[\xa1-\xf7][\xa1-\xfe]")
MAX_LINES_LISTED = 5


@dataclass(frozen=True)
class ReadResult:
    files: tuple[SourceFile, ...]
    diagnostics: tuple[Diagnostic, ...]
    # Notes files, and folders of them ("private/"), that could not be read, or hold no text now
    # (emptied, turned binary, a link to nothing): their cards are missing from this build.
    unreadable: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decoded:
    """A file's text, or None with the reason in ``problems``."""

    text: str | None
    encoding: str = ""  # a Python codec name
    label: str = ""  # what was detected, for the user
    problems: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class FileOutcome:
    source: SourceFile | None
    problems: tuple[Diagnostic, ...]
    unreadable: bool = False  # a notes file whose text could not be read


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
    return {name: path for name, path in _matches(root, globs).items() if path.is_file()}


def _matches(root: Path, globs: tuple[str, ...]) -> dict[str, Path]:
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


def _unreadable_folders(root: Path, globs: tuple[str, ...]) -> dict[str, Diagnostic]:
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


def _not_a_file(path: Path) -> str:
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


def read_sources(root: Path, globs: tuple[str, ...]) -> ReadResult:
    folders = {glob_base(root, pattern) for pattern in globs}
    if not any(folder.is_dir() for folder in folders):
        missing = ", ".join(sorted(str(f) for f in folders))
        raise SourcesError(f"sources folder not found: {missing} (create it and put your notes in it)")
    unreadable_folders = _unreadable_folders(root, globs)
    files, unreadable, diagnostics = [], list(unreadable_folders), list(unreadable_folders.values())
    for name, path in _matches(root, globs).items():
        if not path.is_file():
            if not is_hidden(name):  # an editor's lock link (".#notes.md") is no concern of the user's
                diagnostics.append(Diagnostic(f"skipped: {_not_a_file(path)}", Location(name, 1)))
                unreadable.append(name)
            continue
        outcome = read_file(path, name)
        diagnostics.extend(outcome.problems)
        if outcome.source is not None:
            files.append(outcome.source)
        if outcome.unreadable:
            unreadable.append(name)
    return ReadResult(tuple(files), tuple(diagnostics), tuple(unreadable))


def _skipped(name: str, message: str, level: Level = Level.WARNING, unreadable: bool = False) -> FileOutcome:
    return FileOutcome(None, (Diagnostic(f"skipped: {message}", Location(name, 1), level),), unreadable)


def read_file(path: Path, name: str) -> FileOutcome:
    """Read and decode one file, or say why it was skipped."""
    suffix = path.suffix.lower()
    if is_hidden(name):
        return _skipped(name, "hidden file, not notes", Level.NOTE)
    if suffix in IMAGE_SUFFIXES:
        return _skipped(name, f"image ({suffix}), not a notes file", Level.NOTE)
    if suffix not in NOTE_SUFFIXES:
        wanted = ", ".join(sorted(s for s in NOTE_SUFFIXES if s))
        return _skipped(name, f"{suffix} is not a notes file (notes end in {wanted})", Level.NOTE)
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = Diagnostic(f"skipped: cannot read the file ({exc.strerror or exc})", Location(name, 1))
        return FileOutcome(None, (problem,), unreadable=True)
    return _read_text(data, path, name)


def _read_text(data: bytes, path: Path, name: str) -> FileOutcome:
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
    source = SourceFile(name=name, path=path, text=text, encoding=decoded.encoding)
    return FileOutcome(source, (detected, *decoded.problems, *nul_problems))


def normalize_newlines(text: str) -> tuple[str, str]:
    """The text with ``\\n`` line ends only, and which line ends it had."""
    crlf = text.count("\r\n")
    lone_cr = text.count("\r") - crlf
    lone_lf = text.count("\n") - crlf
    kinds = [kind for kind, count in (("CRLF", crlf), ("CR", lone_cr), ("LF", lone_lf)) if count]
    style = "mixed " + "/".join(kinds) if len(kinds) > 1 else (kinds[0] if kinds else "no")
    if crlf or lone_cr:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, style


def remove_nuls(text: str, name: str) -> tuple[str, tuple[Diagnostic, ...]]:
    """The text without its NUL characters, and on which lines they were: they are not text, and
    would go into a card unseen."""
    if "\x00" not in text:
        return text, ()
    lines = _lines_of(text, NUL)
    message = f"NUL bytes on {_lines_listed(lines)} removed (delete them from the file)"
    return text.replace("\x00", ""), (Diagnostic(message, Location(name, lines[0])),)


def decode_bytes(data: bytes, name: str) -> Decoded:
    """Decode a text file's bytes: BOM, then UTF-16 without BOM, then UTF-8, then GB18030."""
    for bom, encoding, label in BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data, name, encoding, label)
    utf16 = bomless_utf16(data)
    if utf16:
        return _decode_strict(data, name, utf16, f"{utf16.upper()} without BOM")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "UTF-8")
    except UnicodeDecodeError:
        return _decode_not_utf8(data, name)


def _decode_with_bom(data: bytes, name: str, encoding: str, label: str) -> Decoded:
    if encoding == "utf-8-sig":
        try:
            return Decoded(data.decode(encoding), encoding, label)
        except UnicodeDecodeError:
            return _decode_damaged(data, name, encoding, label, "UTF-8")
    return _decode_strict(data, name, encoding, label)


def _decode_strict(data: bytes, name: str, encoding: str, label: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding, label)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(encoding, errors="replace").count("\n") + 1
        message = f"skipped: looks like {label} but holds invalid bytes ({exc.reason}) (save it as UTF-8)"
        return Decoded(None, problems=(Diagnostic(message, Location(name, line)),))


def _decode_not_utf8(data: bytes, name: str) -> Decoded:
    """Damaged UTF-8 if nearly all non-ASCII bytes are valid UTF-8; else GB18030, damaged or not;
    else stray bytes replaced. (GBK text holds byte pairs that are valid UTF-8 too, a third of them
    in a short file.)"""
    escaped = data.decode("utf-8", errors="surrogateescape")
    bad_bytes = _escaped_bytes(escaped)
    valid_bytes = sum(len(char.encode("utf-8")) for char in VALID_NON_ASCII.findall(escaped))
    if valid_bytes >= DAMAGED_RATIO * bad_bytes:
        return _decode_damaged(data, name, "utf-8", "UTF-8", "UTF-8")
    try:
        return Decoded(data.decode(LEGACY_ENCODING), LEGACY_ENCODING, LEGACY_LABEL)
    except UnicodeDecodeError:
        pass
    if _is_damaged_gbk(data):
        return _decode_damaged(data, name, LEGACY_ENCODING, LEGACY_LABEL, LEGACY_LABEL)
    if bad_bytes <= max(MAX_REPLACED_ANYWAY, MAX_REPLACED_SHARE * len(escaped)):
        return _decode_damaged(data, name, "utf-8", "UTF-8", "UTF-8")
    first_bad = ESCAPED_BYTE.search(escaped)
    line = escaped.count("\n", 0, first_bad.start()) + 1 if first_bad else 1
    message = f"skipped: cannot decode as UTF-8 or {LEGACY_LABEL} (save it as UTF-8)"
    return Decoded(None, problems=(Diagnostic(message, Location(name, line)),))


def _escaped_bytes(escaped: str) -> int:
    """How many bytes could not be decoded, in a text decoded with "surrogateescape"."""
    return sum(len(run) for run in ESCAPED_BYTE.findall(escaped))


def _is_damaged_gbk(data: bytes) -> bool:
    """Whether bytes that are not GB18030 are few beside common Chinese characters in GBK."""
    bad_bytes = _escaped_bytes(data.decode(LEGACY_ENCODING, errors="surrogateescape"))
    return 2 * len(GB2312_PAIR.findall(data)) >= DAMAGED_RATIO * bad_bytes


def _decode_damaged(data: bytes, name: str, encoding: str, label: str, charset: str) -> Decoded:
    """Text with a few broken bytes: keep it, replace the bad bytes with U+FFFD, say where."""
    escaped = data.decode(encoding, errors="surrogateescape")
    lines = _lines_of(escaped, ESCAPED_BYTE)
    message = f"invalid {charset} bytes on {_lines_listed(lines)} shown as \ufffd (re-save the file as UTF-8)"
    problem = Diagnostic(message, Location(name, lines[0]))
    return Decoded(ESCAPED_BYTE.sub("\ufffd", escaped), encoding, f"{label} with invalid bytes", (problem,))


def _lines_listed(lines: list[int]) -> str:
    """``line 3``, ``lines 3, 6``, ``lines 2, 4, 6, 8, 10 and 995 more``."""
    listed = ", ".join(str(line) for line in lines[:MAX_LINES_LISTED])
    more = f" and {len(lines) - MAX_LINES_LISTED} more" if len(lines) > MAX_LINES_LISTED else ""
    return f"{'line' if len(lines) == 1 else 'lines'} {listed}{more}"


def _lines_of(text: str, pattern: re.Pattern[str]) -> list[int]:
    """The 1-based lines holding a match, counted in one pass over the text."""
    lines: list[int] = []
    line, counted_to = 1, 0
    for match in pattern.finditer(text):
        line += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines or [1]


def binary_kind(data: bytes) -> str:
    """What a non-text file is ("a PNG image", "a binary file"), or "" for text."""
    if any(data.startswith(bom) for bom, _, _ in BOMS) or bomless_utf16(data):
        return ""
    for magic, kind in MAGIC_NUMBERS:
        if data.startswith(magic):
            return kind
    sample = data[:SNIFF_BYTES]
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    if sample.count(0) > MAX_STRAY_NULS or controls > BINARY_CONTROL_SHARE * len(sample):
        return "a binary file"
    return ""


def bomless_utf16(data: bytes) -> str:
    """``utf-16-le``/``utf-16-be`` for UTF-16 text saved without a BOM, else ""."""
    sample = data[: SNIFF_BYTES - SNIFF_BYTES % 2]
    if len(sample) < 2 or len(data) % 2:
        return ""
    for order in ("utf-16-le", "utf-16-be"):
        if _reads_as_utf16(sample, order):
            return order
    return ""


def _reads_as_utf16(sample: bytes, order: str) -> bool:
    """Whether the NULs in ``sample`` are where UTF-16 text in this byte order has them."""
    even, odd = sample[0::2], sample[1::2]
    low_bytes, high_bytes = (even, odd) if order == "utf-16-le" else (odd, even)
    if low_bytes.count(0) or not high_bytes.count(0):
        return False
    if high_bytes.count(0) >= UTF16_NUL_SHARE * len(high_bytes):
        return True
    line_ends = sample.count("\n".encode(order))  # each has its NUL in a high byte: no low byte is NUL
    return 0 < line_ends >= UTF16_LINE_END_SHARE * sample.count(b"\n")
