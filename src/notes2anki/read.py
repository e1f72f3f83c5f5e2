"""Discover the note files and decode them (encodings, newlines); skip what is not text."""

from __future__ import annotations

import codecs
import errno
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import SourcesError
from .model import Diagnostic, Level, Location, SourceFile

NOTE_SUFFIXES = {".md", ".markdown", ".txt", ".text", ""}
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
# Share of control characters above which a file is taken as binary, not text.
BINARY_CONTROL_SHARE = 0.05
# The control characters counted: not tab, newline, vertical tab, form feed, carriage return or escape.
CONTROL_BYTES = bytes(byte for byte in range(32) if byte < 9 or 13 < byte < 32 and byte != 27)
# UTF-16 without a BOM: ASCII text leaves a NUL in every other byte ("N\x00o\x00t\x00e\x00").
UTF16_NUL_SHARE = 0.3
# Mostly ASCII text with a few stray bytes ("caf\xe9"): replace them rather than lose the file.
MAX_REPLACED_SHARE = 0.01
MAX_REPLACED_ANYWAY = 3
# Invalid bytes show up as these lone surrogates after decoding with "surrogateescape".
ESCAPED_BYTE = re.compile("[\udc80-\udcff]+")
VALID_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
# Valid UTF-8 bytes per invalid one, at least, in a UTF-8 file with a few damaged bytes.
DAMAGED_UTF8_RATIO = 4
MAX_LINES_LISTED = 5


@dataclass(frozen=True)
class ReadResult:
    files: tuple[SourceFile, ...]
    diagnostics: tuple[Diagnostic, ...]
    # Notes files whose text could not be read: their cards are missing from this build.
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
    """Every file a glob matches, by its name relative to the glob's folder, in a stable order."""
    return {name: path for name, path in _matches(root, globs).items() if path.is_file()}


def _matches(root: Path, globs: tuple[str, ...]) -> dict[str, Path]:
    """Everything but folders that a glob matches: files, and links to nothing, pipes and the like."""
    found: dict[str, Path] = {}
    for pattern in globs:
        base = glob_base(root, pattern)
        for path in root.glob(pattern):
            if not path.is_dir():
                found.setdefault(path.relative_to(base).as_posix(), path)
    return dict(sorted(found.items()))


def _not_a_file(path: Path) -> str:
    """Why something a glob matched cannot be read as a file."""
    try:
        path.stat()
    except OSError as exc:
        return "a symbolic link in a loop" if exc.errno == errno.ELOOP else "a link to a file that is not there"
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
    files, diagnostics, unreadable = [], [], []
    for name, path in _matches(root, globs).items():
        if not path.is_file():
            if not is_hidden(name):  # an editor's lock link (".#notes.md") is no concern of the user's
                diagnostics.append(Diagnostic(f"skipped: {_not_a_file(path)}", Location(name, 1)))
            continue
        outcome = read_file(path, name)
        diagnostics.extend(outcome.problems)
        if outcome.source is not None:
            files.append(outcome.source)
        if outcome.unreadable:
            unreadable.append(name)
    return ReadResult(tuple(files), tuple(diagnostics), tuple(unreadable))


def _skipped(name: str, message: str, level: Level = Level.WARNING) -> FileOutcome:
    return FileOutcome(None, (Diagnostic(f"skipped: {message}", Location(name, 1), level),))


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
    kind = binary_kind(data)
    if kind:
        return _skipped(name, f"{kind}, not text")
    decoded = decode_bytes(data, name)
    if decoded.text is None:
        return FileOutcome(None, decoded.problems, unreadable=True)
    if not decoded.text.strip():
        problem = Diagnostic("empty file: no notes in it (write some or delete it)", Location(name, 1))
        return FileOutcome(None, (problem,))
    text, newlines = normalize_newlines(decoded.text)
    detected = Diagnostic(f"read as {decoded.label}, {newlines} line endings", Location(name, 1), Level.NOTE)
    source = SourceFile(name=name, path=path, text=text, encoding=decoded.encoding)
    return FileOutcome(source, (detected, *decoded.problems))


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
            return _decode_damaged_utf8(data[len(codecs.BOM_UTF8):], name, encoding, label)
    return _decode_strict(data, name, encoding, label)


def _decode_strict(data: bytes, name: str, encoding: str, label: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding, label)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(encoding, errors="replace").count("\n") + 1
        message = f"skipped: looks like {label} but holds invalid bytes ({exc.reason}) (save it as UTF-8)"
        return Decoded(None, problems=(Diagnostic(message, Location(name, line)),))


def _decode_not_utf8(data: bytes, name: str) -> Decoded:
    """Damaged UTF-8 if nearly all non-ASCII bytes are valid UTF-8; else GB18030; else stray bytes
    replaced. (GBK text holds byte pairs that are valid UTF-8 too, a third of them in a short file.)"""
    escaped = data.decode("utf-8", errors="surrogateescape")
    bad_bytes = sum(len(run) for run in ESCAPED_BYTE.findall(escaped))
    valid_bytes = sum(len(char.encode("utf-8")) for char in VALID_NON_ASCII.findall(escaped))
    if valid_bytes >= DAMAGED_UTF8_RATIO * bad_bytes:
        return _decode_damaged_utf8(data, name, "utf-8", "UTF-8")
    try:
        return Decoded(data.decode(LEGACY_ENCODING), LEGACY_ENCODING, LEGACY_LABEL)
    except UnicodeDecodeError:
        pass
    if bad_bytes <= max(MAX_REPLACED_ANYWAY, MAX_REPLACED_SHARE * len(escaped)):
        return _decode_damaged_utf8(data, name, "utf-8", "UTF-8")
    first_bad = ESCAPED_BYTE.search(escaped)
    line = escaped.count("\n", 0, first_bad.start()) + 1 if first_bad else 1
    message = f"skipped: cannot decode as UTF-8 or {LEGACY_LABEL} (save it as UTF-8)"
    return Decoded(None, problems=(Diagnostic(message, Location(name, line)),))


def _decode_damaged_utf8(data: bytes, name: str, encoding: str, label: str) -> Decoded:
    """UTF-8 with a few broken bytes: keep the text, replace the bad bytes with U+FFFD, say where."""
    escaped = data.decode("utf-8", errors="surrogateescape")
    lines = _lines_of(escaped, ESCAPED_BYTE)
    listed = ", ".join(str(line) for line in lines[:MAX_LINES_LISTED])
    more = f" and {len(lines) - MAX_LINES_LISTED} more" if len(lines) > MAX_LINES_LISTED else ""
    where = "line" if len(lines) == 1 else "lines"
    message = f"invalid UTF-8 bytes on {where} {listed}{more} shown as \ufffd (re-save the file as UTF-8)"
    problem = Diagnostic(message, Location(name, lines[0]))
    return Decoded(ESCAPED_BYTE.sub("\ufffd", escaped), encoding, f"{label} with invalid bytes", (problem,))


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
    if not sample:
        return ""
    if b"\x00" in sample:
        return "a binary file"
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    return "a binary file" if controls / len(sample) > BINARY_CONTROL_SHARE else ""


def bomless_utf16(data: bytes) -> str:
    """``utf-16-le``/``utf-16-be`` for UTF-16 text saved without a BOM, else ""."""
    sample = data[: SNIFF_BYTES - SNIFF_BYTES % 2]
    if len(sample) < 2 or len(data) % 2:
        return ""
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls >= UTF16_NUL_SHARE * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls >= UTF16_NUL_SHARE * half and odd_nuls == 0:
        return "utf-16-be"
    return ""
