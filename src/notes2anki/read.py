"""Discover the note files and decode them (encodings, newlines); skip what is not text."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from .errors import SourcesError
from .model import Diagnostic, Level, Location, SourceFile

NOTE_SUFFIXES = {".md", ".markdown", ".txt", ".text", ""}
# A byte order mark decides the encoding outright.
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Without a BOM: UTF-8 first, then the Chinese legacy encoding notes are most often saved in.
FALLBACK_ENCODINGS = ("utf-8", "gb18030")
# Share of control characters above which a file is taken as binary, not text.
BINARY_CONTROL_SHARE = 0.05


@dataclass(frozen=True)
class ReadResult:
    files: tuple[SourceFile, ...]
    diagnostics: tuple[Diagnostic, ...]


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
    found: dict[str, Path] = {}
    for pattern in globs:
        base = glob_base(root, pattern)
        for path in root.glob(pattern):
            if path.is_file():
                found.setdefault(path.relative_to(base).as_posix(), path)
    return dict(sorted(found.items()))


def read_sources(root: Path, globs: tuple[str, ...]) -> ReadResult:
    folders = {glob_base(root, pattern) for pattern in globs}
    if not any(folder.exists() for folder in folders):
        missing = ", ".join(sorted(str(f) for f in folders))
        raise SourcesError(f"sources folder not found: {missing} (create it and put your notes in it)")
    files, diagnostics = [], []
    for name, path in discover(root, globs).items():
        source, problems = decode_file(path, name)
        diagnostics.extend(problems)
        if source is not None:
            files.append(source)
    return ReadResult(tuple(files), tuple(diagnostics))


def decode_file(path: Path, name: str) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Decode one file, or say why it was skipped."""
    if path.suffix.lower() not in NOTE_SUFFIXES:
        return None, [Diagnostic(f"skipped: not a notes file ({path.suffix})", Location(name, 1), Level.NOTE)]
    data = path.read_bytes()
    text, encoding, problems = decode_bytes(data, name)
    if text is None:
        return None, problems
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceFile(name=name, path=path, text=text, encoding=encoding), problems


def decode_bytes(data: bytes, name: str) -> tuple[str | None, str, list[Diagnostic]]:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, []
            except UnicodeDecodeError as exc:
                return _undecodable(data, name, encoding, exc)
    if _looks_binary(data):
        return None, "", [Diagnostic("skipped: binary file, not text", Location(name, 1))]
    for encoding in FALLBACK_ENCODINGS:
        try:
            return data.decode(encoding), encoding, []
        except UnicodeDecodeError:
            continue
    # Mostly UTF-8 with a few broken bytes: keep the text, replace the bad bytes, say where.
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") * 50 < len(text):
            return text, "utf-8", [
                Diagnostic(
                    f"invalid UTF-8 bytes replaced with \ufffd (fix the file's encoding)",
                    Location(name, line),
                )
            ]
        return _undecodable(data, name, "utf-8", exc)
    raise AssertionError("unreachable: utf-8 decoded above")


def _undecodable(data: bytes, name: str, encoding: str, exc: UnicodeDecodeError):
    line = data.count(b"\n", 0, exc.start) + 1
    return None, "", [
        Diagnostic(
            f"skipped: cannot decode as {encoding} or {'/'.join(FALLBACK_ENCODINGS)} "
            f"(save it as UTF-8)",
            Location(name, line),
        )
    ]


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    return bool(sample) and controls / len(sample) > BINARY_CONTROL_SHARE
