"""Replace a file all at once: readers see the old or the new content, never half of it."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

# Permissions of a file that did not exist before (mkstemp would leave it readable by its owner only).
NEW_FILE_MODE = 0o644


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    The temporary file lives in the same folder so the rename stays on one file system; it is
    removed if anything fails. An existing file keeps its permission bits.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = NEW_FILE_MODE
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
