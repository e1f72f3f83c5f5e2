"""`notes2anki release`: bump the version, build the release deck, its checksum and a changelog entry."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import MutableMapping
from dataclasses import dataclass, replace
from pathlib import Path

import tomlkit
import tomlkit.exceptions

from notes2anki.config import SEMVER, Config, load_config
from notes2anki.errors import ReleaseError, cannot_write
from notes2anki.hashing import file_sha256
from notes2anki.identity.assign import build_time
from notes2anki.identity.lockfile import mark_released, write_lock
from notes2anki.package.versions import has_section, release_paths
from notes2anki.pipeline.deck import write_deck
from notes2anki.pipeline.result import BuildResult
from notes2anki.pipeline.stages import run_pipeline
from notes2anki.release.changelog import (
    Changes,
    changelog_section,
    changes_since_release,
    prepend_section,
)
from notes2anki.runtime.files import (
    atomic_create_bytes,
    atomic_write_text,
    interrupts_deferred,
    read_regular_bytes,
    unwritable,
)
from notes2anki.runtime.one_writer import one_writer
from notes2anki.runtime.progress import Progress, quiet

RELEASE_PARTS = ("patch", "minor", "major")


@dataclass(frozen=True)
class Release:
    version: str
    deck: Path
    checksum: Path
    changes: Changes
    result: BuildResult


def bump_version(version: str, part: str) -> str:
    match = SEMVER.match(version)
    if match is None:
        raise ReleaseError(
            f"version {version!r} is not semver like 0.1.0 (fix deck.version in notes2anki.toml)"
        )
    major, minor, patch = (int(number) for number in match.groups())
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    if part == "patch":
        return f"{major}.{minor}.{patch + 1}"
    raise ReleaseError(f"unknown release part {part!r} (use one of {', '.join(RELEASE_PARTS)})")


def set_config_version(text: str, version: str, path: Path) -> str:
    """The configuration with deck.version set to ``version``; comments, quotes, the layout of its
    tables (``[deck]``, ``["deck"]``, dotted keys, an inline table) and every other line stay as written."""
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise ReleaseError(f"{path}:{exc.line}: not valid TOML ({exc})") from None
    deck = document.get("deck")
    if not isinstance(deck, MutableMapping):
        raise ReleaseError(f"{path}:1: no [deck] table (add one with name and version)")
    deck["version"] = version
    edited = tomlkit.dumps(document)
    if tomllib.loads(edited).get("deck", {}).get("version") != version:
        raise ReleaseError(
            f'{path}:1: cannot find the deck version to update (write it as version = "x.y.z" under [deck])'
        )
    return edited


def with_version(text: str, version: str, path: Path) -> str:
    """``set_config_version`` on a configuration that may start with a byte order mark, kept."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    return bom + set_config_version(text.removeprefix(bom), version, path)


def _read_text(path: Path) -> str | None:
    """The file's UTF-8 text (a BOM is kept), or None when there is none yet."""
    try:
        data = read_regular_bytes(path)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise ReleaseError(f"{path}: is a folder, not a file (move it away)") from None
    except OSError as exc:
        raise ReleaseError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ReleaseError(f"{path}:{line}: not UTF-8 text (save it as UTF-8)") from None


def make_release(
    config: Config,
    part: str,
    out_dir: Path | None = None,
    progress: Progress = quiet,
    allow_empty: bool = False,
) -> Release:
    """Build release ``part`` of the configured version; every check runs before anything is written.
    ``progress`` hears of each stage, as a build's does. A release with no card added, changed,
    removed or moved since the last one is refused unless ``allow_empty``."""
    with one_writer(config.root, "release"):
        # Read again once the project is this release's: another release may have set the version.
        config = load_config(config.path)
        return _make_release(config, part, out_dir or config.default_output(), progress, allow_empty)


def _make_release(config: Config, part: str, out_dir: Path, progress: Progress, allow_empty: bool) -> Release:
    version = bump_version(config.version, part)
    deck, checksum = release_paths(config, out_dir, version)
    changelog = _read_text(config.changelog_path)
    _refuse_existing_release(config, version, deck, checksum, changelog)
    config_text = with_version(_read_text(config.path) or "", version, config.path)
    # The changelog, lock and version are written there.
    denied = unwritable(config.root, (config.changelog_path, config.lock_path, config.path))
    if denied:
        raise ReleaseError(cannot_write(config.root, denied))

    released = replace(config, version=version)
    result = run_pipeline(released, progress, out_dir=out_dir)
    if not result.notes or result.lock is None:
        raise ReleaseError(
            "no cards in the notes: nothing to release (`notes2anki check` says what it found)"
        )
    changes = changes_since_release(result.lock)
    last = result.lock.released_version
    if last and changes.empty and not allow_empty:
        raise ReleaseError(
            f"nothing changed since {last}: no release made (release --allow-empty makes one anyway, "
            f"for a change to the card style alone too)"
        )
    progress("package", deck.name)
    with interrupts_deferred():  # a release is all of these files, or none
        try:
            write_deck(released, result.notes, result.lock, out_dir, new_only=True)
        except FileExistsError:
            raise ReleaseError(
                f"{deck}: release {version} exists already (another release made it meanwhile)"
            ) from None
        except OSError as exc:
            raise ReleaseError(cannot_write(out_dir, exc)) from None
        _write_the_rest(config, Release(version, deck, checksum, changes, result), changelog, config_text)
    return Release(version, deck, checksum, changes, result)


def _refuse_existing_release(
    config: Config, version: str, deck: Path, checksum: Path, changelog: str | None
) -> None:
    for existing in (deck, checksum):
        if existing.exists() and not has_section(changelog, version):
            raise ReleaseError(
                f"{existing}: release {version} was started but not finished ({config.changelog_path.name} "
                f"has no section for it): delete {deck.name} and {checksum.name}, then release again"
            )
        if existing.exists():
            raise ReleaseError(
                f"{existing}: release {version} exists already (a release is never overwritten; "
                f"set deck.version in {config.path.name} to the last released version)"
            )
    if has_section(changelog, version):
        raise ReleaseError(
            f"{config.changelog_path}: already has a section for {version} (remove it or pick another part)"
        )


def _write_the_rest(config: Config, made: Release, changelog: str | None, config_text: str) -> None:
    """After the deck: its checksum, the changelog section, the lock and the version, in that order."""
    deck, checksum, version, lock = made.deck, made.checksum, made.version, made.result.lock
    assert lock is not None
    # What to do when a write fails, as the steps are done: the first undoes them, the last completes.
    mend = f"delete {deck.name} and {checksum.name}, then release again"
    try:
        digest = file_sha256(deck)
        atomic_create_bytes(checksum, f"{digest}  {deck.name}\n".encode())
        day = dt.datetime.fromtimestamp(build_time(), dt.UTC).strftime("%Y-%m-%d")
        section = changelog_section(version, day, deck.name, digest, len(made.result.notes), made.changes)
        atomic_write_text(config.changelog_path, prepend_section(changelog, section))
        mend = (
            f"delete {deck.name}, {checksum.name} and the {version} section of "
            f"{config.changelog_path.name}, then release again"
        )
        write_lock(config.lock_path, mark_released(lock, version))
        mend = f'the rest is written: set version = "{version}" under [deck] in {config.path.name}'
        atomic_write_text(config.path, config_text)
    except OSError as exc:
        place = Path(exc.filename).parent if exc.filename else config.root
        raise ReleaseError(f"release {version} is unfinished: {cannot_write(place, exc)} ({mend})") from None
