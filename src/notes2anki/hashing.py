"""Content hashes that are the same on every machine and every run."""

from __future__ import annotations

import functools
import hashlib
import json
from json.encoder import encode_basestring as json_string
from pathlib import Path
from typing import Any


def stable_hash(value: Any, length: int = 16) -> str:
    """A content hash that does not depend on dict order or Python's hash seed: of the value's
    compact, key-sorted JSON (a list of strings, the common case, is written without json.dumps's
    encoder object, to the same text)."""
    if isinstance(value, list) and all(type(item) is str for item in value):
        data = "[" + ",".join(map(json_string, value)) + "]"
    else:
        data = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:length]


# An image's name in the deck: its own name with a hash of its content, so that "a/pic.png" and
# "b/pic.png" arrive in Anki's one media folder as two files, each card showing its own:
# "img/handshake.png" -> "handshake-5f7a0c3e9b21d4a8.png".
MEDIA_HASH_LENGTH = 16


def media_name(path: Path) -> str:
    """The name an image file goes by in the deck and in Anki's media folder."""
    try:
        stat = path.stat()
    except OSError:
        return path.name
    return _media_name(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=4096)
def _media_name(path: Path, size: int, modified_ns: int) -> str:
    """media_name, each file read once while it stays as it is."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:MEDIA_HASH_LENGTH]
    except OSError:
        return path.name
    return f"{path.stem}-{digest}{path.suffix}"


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read a megabyte at a time (a release deck is published with it)."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
