"""The key that signs build cache entries: made once per user, kept in the user's cache folder
(``$XDG_CACHE_HOME/notes2anki/cache.key``, else ``~/.cache/notes2anki/cache.key``), readable by that
user only, and never inside a project, so that no notes repository can bring entries signed with it.
"""

from __future__ import annotations

import functools
import os
import secrets
from pathlib import Path

from notes2anki.runtime.files import read_regular_bytes

KEY_SIZE = 32
KEY_NAME = "cache.key"


def cache_key_path() -> Path:
    """Where the key that signs cache entries is kept: the user's cache folder, never a project."""
    configured = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(configured) if os.path.isabs(configured) else Path.home() / ".cache"
    return base / "notes2anki" / KEY_NAME


@functools.lru_cache(maxsize=4)
def _key_at(path: Path) -> bytes | None:
    """The key in ``path``, made (readable by this user only) when there is none; None when it can be
    neither read nor made: the cache is then not used."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError:
        return None
    else:
        with os.fdopen(descriptor, "wb") as file:
            file.write(secrets.token_bytes(KEY_SIZE))
    try:
        key = read_regular_bytes(path)
    except OSError:
        return None
    return key if len(key) == KEY_SIZE else None


def cache_key() -> bytes | None:
    return _key_at(cache_key_path())
