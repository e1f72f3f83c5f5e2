"""Writing files so that a crash, a full disk or Ctrl-C never leaves a half-written one.

Every file the tool writes (deck, lock file, CHANGELOG.md, notes2anki.toml, exports) goes through
here: the data goes to a temporary file in the same folder, is flushed to disk, and only then takes
the target's name in one rename. Until that rename the previous file is untouched; if anything
fails, the temporary file is removed. A link at the target is written through only when the file it
points to is in the link's own folder (or below it): a notes repository cannot make a write change a
file elsewhere (``link_leaving``). The files the tool reads (configuration, lock, notes, cache
entries, changelog) are read with ``read_regular_bytes``, or hashed a piece at a time with
``regular_file_sha256``: a pipe or a device there is refused, never waited on.

    atomic_write_text(config.changelog_path, changelog)   # replace, or create
    atomic_create_bytes(release_path, deck_bytes)          # create only: FileExistsError if present
    with atomic_path(deck_path) as scratch:                # for writers that need a path
        write_zip(scratch)
    atomic_write_lines(lock_path, lines)                   # streamed; only if the bytes differ
    with interrupts_deferred():                            # files that belong together: Ctrl-C waits
        ...
"""

from __future__ import annotations

import contextlib
import errno
import filecmp
import functools
import hashlib
import io
import os
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

TEMP_PREFIX = ".notes2anki-"
# A temporary file or folder this old was left by a run that was killed (kill -9, a power cut): a
# deck takes seconds to write. build/.notes2anki-k2j4x8/collection.anki2, 16 MB for 3,000 notes.
STALE_SCRATCH_SECONDS = 3600


class LinkOutOfFolderError(PermissionError):
    """A file to write is a link to a file outside the link's folder (``CHANGELOG.md -> ~/.bashrc``)."""


def link_leaving(path: Path | str) -> LinkOutOfFolderError | None:
    """The error writing ``path`` meets when it is a link (or a chain of them) to somewhere outside
    the folder that holds it; None when writing it changes nothing outside that folder."""
    given = Path(path)
    folder = Path(os.path.realpath(given.parent))
    real = Path(os.path.realpath(given))
    if real == folder / given.name or real.is_relative_to(folder) or _is_stream(real):
        return None
    reason = (
        f"{given.name} is a link to {real}, outside {folder} (remove the link, or copy the file in its place)"
    )
    return LinkOutOfFolderError(errno.EACCES, reason, str(given))


def link_out_of(path: Path, folder: Path) -> LinkOutOfFolderError | None:
    """The error writing into the folder ``path`` meets when a link on the way from ``folder`` leads
    out of ``folder`` (``build -> ~/.config``); None when it stays inside."""
    real, base = Path(os.path.realpath(path)), Path(os.path.realpath(folder))
    if real.is_relative_to(base):
        return None
    reason = f"{path} leads through a link to {real}, outside {base} (remove the link, or pass -o FOLDER)"
    return LinkOutOfFolderError(errno.EACCES, reason, str(path))


def _is_stream(path: Path) -> bool:
    """A terminal or a pipe (``/dev/stdout`` links to one): written into, never replaced."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def write_target(path: Path | str) -> Path:
    """The file a write to ``path`` replaces: ``path``, or the file the link there points to;
    LinkOutOfFolderError when that file is outside the link's folder."""
    refused = link_leaving(path)
    if refused:
        raise refused
    return Path(os.path.realpath(path))


class NotRegularFileError(OSError):
    """A file to read is a pipe, a socket or a device: reading it could wait forever, or never end."""


def _open_regular(path: Path | str) -> io.BufferedReader:
    """The regular file at ``path``, opened to read, never blocking on what is not one: a pipe, a
    socket or a device raises NotRegularFileError, a folder IsADirectoryError, as reading them would."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(errno.EINVAL, "not a regular file: a pipe, socket or device", str(path))
    except BaseException:
        os.close(descriptor)
        raise
    return os.fdopen(descriptor, "rb")


def read_regular_bytes(path: Path | str) -> bytes:
    """The bytes of the regular file at ``path`` (refused as _open_regular refuses what is not one)."""
    with _open_regular(path) as file:
        return file.read()


def regular_file_sha256(path: Path | str) -> bytes:
    """The SHA-256 digest of the regular file at ``path``, read a piece at a time: a large lock is
    never held whole to be hashed (refused as _open_regular refuses what is not one)."""
    with _open_regular(path) as file:
        return hashlib.file_digest(file, "sha256").digest()


def unwritable(folder: Path, files: Iterable[Path] = ()) -> PermissionError | None:
    """The error writing ``files`` into ``folder`` would meet (this process may not write there, or
    one of them is a link out of its folder); None when they can be written. Checked before files
    that go together are written, so that none of them is written alone."""
    for file in files:
        refused = link_leaving(file)
        if refused:
            return refused
    if os.access(folder, os.W_OK):
        return None
    return PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))


def atomic_write_bytes(path: Path | str, data: bytes) -> Path:
    """Replace (or create) ``path`` with ``data`` in one step; returns the path written. A pipe or
    a device (``/dev/stdout``) is written into, never replaced by a file."""
    target = write_target(path)
    if target.exists() and not target.is_file() and not target.is_dir():
        with target.open("wb") as stream:
            stream.write(data)
        return Path(path)
    with atomic_path(path) as scratch:
        _write_synced(scratch, data)
    return Path(path)


def atomic_write_text(path: Path | str, text: str, encoding: str = "utf-8") -> Path:
    """``atomic_write_bytes`` for text; newlines are written as given (``\\n``)."""
    return atomic_write_bytes(path, text.encode(encoding))


def atomic_write_lines(path: Path | str, lines: Iterable[str], encoding: str = "utf-8") -> bool:
    """Replace (or create) ``path`` with the text of ``lines``, written one at a time so that a large
    file is never held whole in memory, unless the file already holds exactly those bytes.
    True when the file was written."""
    target = write_target(path)
    with _scratch_file(target) as scratch:
        with open(scratch, "w", encoding=encoding, newline="") as file:
            file.writelines(lines)
            file.flush()
            if target.is_file() and filecmp.cmp(scratch, target, shallow=False):
                return False
            os.fsync(file.fileno())  # only a file that replaces the old one is worth syncing
        _replace(scratch, target, _mode_for(target))
    _sync_folder(target.parent)
    return True


def atomic_create_bytes(path: Path | str, data: bytes) -> Path:
    """Create ``path`` with ``data``; never overwrite: raises FileExistsError if it exists."""
    target = Path(path)
    if target.exists() or target.is_symlink():
        raise FileExistsError(f"{target} exists already")
    with _scratch_file(target) as scratch:
        _write_synced(scratch, data)
        publish_new(scratch, target)
    _sync_folder(target.parent)
    return target


@contextlib.contextmanager
def atomic_path(path: Path | str) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; it replaces ``path`` when the block succeeds.

    The file written to the temporary path should be complete and flushed when the block ends.
    A symlink at ``path`` is followed: the file it points to is replaced, the link stays; a link out
    of its folder is refused (LinkOutOfFolderError).
    """
    target = write_target(path)
    mode = _mode_for(target)
    with _scratch_file(target) as scratch:
        yield scratch
        _replace(scratch, target, mode)
    _sync_folder(target.parent)


def remove_stale_scratch(folder: Path, now: float | None = None) -> None:
    """Remove the temporary files and folders that killed runs left in ``folder``; best effort."""
    cutoff = (time.time() if now is None else now) - STALE_SCRATCH_SECONDS
    try:
        entries = [entry for entry in os.scandir(folder) if entry.name.startswith(TEMP_PREFIX)]
    except OSError:
        return
    for entry in entries:
        try:
            if entry.stat(follow_symlinks=False).st_mtime >= cutoff:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            continue


@contextlib.contextmanager
def _scratch_file(target: Path) -> Iterator[Path]:
    """An empty temporary file in ``target``'s folder, removed unless renamed away."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=target.parent)
    os.close(handle)
    scratch = Path(name)
    try:
        yield scratch
    finally:
        # BaseException too: Ctrl-C in the middle of a write must not leave the temporary file.
        scratch.unlink(missing_ok=True)


def _replace(scratch: Path, target: Path, mode: int) -> None:
    """Give the finished ``scratch`` file ``mode`` and put it in ``target``'s place in one rename."""
    os.chmod(scratch, mode)
    os.replace(scratch, target)


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


def publish_new(scratch: Path, target: Path) -> None:
    """Give ``scratch`` the name ``target`` unless that name is taken, without a window for a race."""
    os.chmod(scratch, _mode_for(target))
    try:
        os.link(scratch, target)  # fails with FileExistsError if the target appeared meanwhile
    except FileExistsError:
        raise FileExistsError(f"{target} exists already") from None
    except OSError:
        # A file system without hard links: rename, which refuses an existing target on Windows only.
        if target.exists():
            raise FileExistsError(f"{target} exists already") from None
        os.rename(scratch, target)


def _mode_for(target: Path) -> int:
    """The permissions the new file gets: the old file's, or the usual ones for a new file."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    # Reading the umask means setting it; do it once, not on every write.
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); not every platform can open a folder."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


# Ctrl-C, and the signals that stop a command as it does (`kill`, a closed terminal).
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def stop_signals_interrupt() -> Callable[[], None]:
    """Make `kill` and a closed terminal stop the command as Ctrl-C does, so that the temporary
    files being written are removed; returns what puts the previous handlers back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {
        number: signal.signal(number, _interrupt) for number in STOP_SIGNALS if number != signal.SIGINT
    }

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore


def _interrupt(number: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Ctrl-C (or `kill`) waits until the block is done, then stops the command as usual: files
    that only make sense together (a release's deck, checksum, changelog, lock and version) are
    all written."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {number: signal.signal(number, lambda n, frame: received.append(n)) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if received:
        raise KeyboardInterrupt
