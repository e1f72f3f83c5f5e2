"""Decode a notes file's bytes: byte order marks, UTF-8, legacy Chinese encodings, other legacy
encodings found by charset detection; newlines and stray NUL bytes; binary files refused."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from notes2anki.model import Diagnostic, Location

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
# What charset detection calls the GB encodings, and the other multi-byte East Asian encodings it
# can tell apart from them without a language to recognise (Big5, Shift-JIS, EUC-KR...).
GB_FAMILY = {"gb18030", "gbk", "gb2312", "hz"}
OTHER_CJK_ENCODINGS = {
    "big5",
    "big5hkscs",
    "cp950",
    "cp932",
    "shift_jis",
    "euc_jp",
    "cp949",
    "euc_kr",
    "johab",
}
# Western text saved by Windows ("ANSI"): accented letters inside words ("café crème", "déjà") and
# typographic quotes and dashes, in runs of one or two. Stray bytes ("with \xff\xfe bytes") or GBK
# text read as cp1252 ("Ê²Ã´ÊÇ") give runs that stand alone or run long.
WESTERN_ENCODING = "cp1252"
# Non-ASCII bytes a file needs before charset detection may read it as another CJK encoding than
# GB18030: "什麼是閉包？" in Big5 has 12.
MIN_BYTES_TO_JUDGE = 8
ASCII_END = 0x7F
# Two Chinese characters together: Chinese text ("闭包"), which Western text read as GB18030 never
# gives ("Python’s" -> "Python抯", a lone character between Latin letters and spaces).
CJK_PAIR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2}")
NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
LATIN_LETTERS = set("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿŒœŠšŽžŸß")
TYPOGRAPHIC = set("‘’“”–—…•«»°")
MAX_WESTERN_RUN = 2


# How much of the start of a file the binary test looks at.
SNIFF_BYTES = 8192


# A few NULs in a text file are stray bytes, left by a crash or a bad copy: they are removed from
# the text. More are a binary file's (a pickle has a few in every hundred bytes, between its text).
MAX_STRAY_NULS = 3


NUL = re.compile("\x00+")
# U+001F separates a note's fields in Anki's collection: one in a note would shift every field
# after it, and Anki refuses the whole deck ("note has 8 fields, expected 7").
FIELD_SEPARATOR = re.compile("\x1f+")
# Other control characters (not tab, newline, carriage return or the escape of terminal colours):
# invisible on a card, and a line of them alone ("\x03") would make a question with a blank answer.
OTHER_CONTROLS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1a\x1c-\x1e\x7f]+")
# Any of the three: most notes have none, and are read once to know it.
ANY_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]")


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
class Decoded:
    """A file's text, or None with the reason in ``problems``."""

    text: str | None
    encoding: str = ""  # a Python codec name
    label: str = ""  # what was detected, for the user
    problems: tuple[Diagnostic, ...] = ()


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
    """The text without its NUL, U+001F and other control characters, and on which lines they were:
    they are not text, would go into a card unseen, and U+001F would break the deck."""
    if not ANY_CONTROL.search(text):
        return text, ()
    problems = []
    for pattern, what in (
        (NUL, "NUL bytes"),
        (FIELD_SEPARATOR, "U+001F characters (Anki's field separator)"),
        (OTHER_CONTROLS, "control characters"),
    ):
        if pattern.search(text):
            lines = _lines_of(text, pattern)
            message = f"{what} on {_lines_listed(lines)} removed (delete them from the file)"
            problems.append(Diagnostic(message, Location(name, lines[0])))
            text = pattern.sub("", text)
    return text, tuple(problems)


def decode_bytes(data: bytes, name: str) -> Decoded:
    """Decode a text file's bytes: BOM, then UTF-16 without BOM, then UTF-8 (a few damaged bytes
    replaced), then charset detection for Big5, Shift-JIS and cp1252 (detected_encoding), then
    GB18030."""
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
    detected = detected_encoding(data)
    if detected:
        return Decoded(data.decode(detected), detected, f"{detected} (detected)")
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


def detected_encoding(data: bytes) -> str | None:
    """The legacy encoding of a file that is not UTF-8 when it is clearly not GB18030/GBK, else None.

    GB18030 takes almost any pair of bytes, so a Big5 note ("# 什麼是閉包？") decodes as GB18030
    too, to nonsense ("# ぐ或琌超"). Charset detection tells them apart: a file it finds in a CJK
    encoding of no GB family (Big5, Shift-JIS...) is read that way, and one it may read as cp1252
    when its accented letters sit inside words (latin_in_words). Wherever GB18030 is among its
    guesses, the file stays GB18030, the encoding Chinese notes are most often saved in.
    """
    from charset_normalizer import from_bytes  # noqa: PLC0415 (loaded only for a file that is not UTF-8)

    if _western_misread_as_gb(data):
        return WESTERN_ENCODING
    guesses = [str(guess.encoding) for guess in from_bytes(data)]
    if not guesses or any(guess in GB_FAMILY for guess in guesses):
        return None
    if guesses[0] in OTHER_CJK_ENCODINGS and _decodes(data, guesses[0]) and _enough_to_judge(data):
        return guesses[0]
    western = WESTERN_ENCODING in guesses and _decodes(data, WESTERN_ENCODING)
    return WESTERN_ENCODING if western and latin_in_words(data.decode(WESTERN_ENCODING)) else None


def _enough_to_judge(data: bytes) -> bool:
    """Whether a file has enough non-ASCII bytes for a guess to outweigh GB18030: a line with one
    Chinese character ("GIL的CPU") is as likely Shift-JIS as GBK to a detector."""
    return sum(byte > ASCII_END for byte in data) >= MIN_BYTES_TO_JUDGE


def _western_misread_as_gb(data: bytes) -> bool:
    """Western text with curly quotes reads as GB18030 too, each quote and the letter after it one
    lone Chinese character ("Python’s" in cp1252 -> "Python抯"): cp1252 then, when the file reads
    as Western words that way and has no two Chinese characters together read as GB18030."""
    if not _decodes(data, WESTERN_ENCODING) or not _decodes(data, LEGACY_ENCODING):
        return False
    if CJK_PAIR.search(data.decode(LEGACY_ENCODING)):
        return False
    return latin_in_words(data.decode(WESTERN_ENCODING))


def latin_in_words(text: str) -> bool:
    """Whether every run of non-ASCII characters in ``text`` reads as Western text: at most
    MAX_WESTERN_RUN typographic marks, or accented letters touching an ASCII letter."""
    for run in NON_ASCII_RUN.finditer(text):
        chars = run.group()
        if len(chars) > MAX_WESTERN_RUN:
            return False
        if set(chars) <= TYPOGRAPHIC:
            continue
        before = text[run.start() - 1] if run.start() else ""
        after = text[run.end() : run.end() + 1]
        if not set(chars) <= LATIN_LETTERS or not any(c.isascii() and c.isalpha() for c in before + after):
            return False
    return True


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


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
