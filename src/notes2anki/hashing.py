"""Content hashes that are the same on every machine and every run."""

from __future__ import annotations

import hashlib
import json
from json.encoder import encode_basestring as json_string
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
