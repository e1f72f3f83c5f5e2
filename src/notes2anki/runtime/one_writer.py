"""One command at a time writes a project: an advisory lock, kept outside the project.

A build that read notes2anki.lock while a release was writing it would write it back without the
release's marks, and the next changelog would list every card as added. So `build`, `watch`'s
rebuilds and `release` each hold the project's writer lock from before they read the lock until
their last file is written; a second command waits a little, then says who holds it. The lock is
the kernel's (``flock``) on a file in the system's temporary folder named after the project's
path: it goes with the process, so a command that is killed never leaves it held, and a command
that writes nothing leaves nothing in the project.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from notes2anki.errors import Notes2AnkiError, cannot_write

if sys.platform != "win32":  # Windows has no flock: commands are not kept apart there
    import fcntl

WRITER_FILE = "notes2anki-{digest}.writer"
# How long a command waits for another to finish before it gives up and says so.
WAIT_SECONDS = 30.0
POLL_SECONDS = 0.1


class ProjectBusyError(Notes2AnkiError):
    """Another notes2anki command is writing the project."""


def writer_file(project: Path) -> Path:
    """The file whose lock is the writer lock of the project in the folder ``project``."""
    digest = hashlib.sha256(str(project.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / WRITER_FILE.format(digest=digest)


@contextlib.contextmanager
def one_writer(project: Path, command: str, wait: float | None = None) -> Iterator[None]:
    """Hold the writer lock of the project in the folder ``project`` while the block runs, after
    waiting up to ``wait`` seconds (WAIT_SECONDS) for another command to let it go. The lock's file
    is removed when it is let go, so the temporary folder does not fill with them."""
    if sys.platform == "win32":
        yield
        return
    path = writer_file(project)
    handle = _take(path, project, WAIT_SECONDS if wait is None else wait)
    with handle:
        handle.write(f"notes2anki {command} (process {os.getpid()})\n")
        handle.flush()
        try:
            yield
        finally:
            path.unlink(missing_ok=True)  # while still held: a command waiting on it tries again
            fcntl.flock(handle, fcntl.LOCK_UN)


def _take(path: Path, project: Path, wait: float) -> IO[str]:
    """The lock's file, opened and locked. A file removed by the holder that let it go, between
    this command's open and its lock, is no lock any more: it is opened again."""
    deadline = time.monotonic() + wait
    while True:
        try:
            handle = path.open("a+", encoding="utf-8")
        except OSError as exc:
            raise Notes2AnkiError(cannot_write(path.parent, exc)) from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            if time.monotonic() >= deadline:
                raise ProjectBusyError(
                    f"{project}: {_holder(path)} is writing this project (wait for it to finish, then run this again)"
                ) from None
            time.sleep(POLL_SECONDS)
            continue
        if _same_file(handle, path):
            handle.seek(0)
            handle.truncate()
            return handle
        handle.close()


def _same_file(handle: IO[str], path: Path) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino
    except OSError:
        return False


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip() or "another notes2anki"
    except OSError:
        return "another notes2anki"
