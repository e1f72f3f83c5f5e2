"""Which version a deck file is, and its name: the release deck, its checksum, a working build."""

from __future__ import annotations

import re
from pathlib import Path

from notes2anki.config import Config
from notes2anki.identity.lockfile import released_version

CHECKSUM_SUFFIX = ".sha256"
# A working build made after a release carries this mark, so it never replaces the published file.
WORKING_BUILD_MARK = "+dev"


def release_paths(config: Config, out_dir: Path, version: str) -> tuple[Path, Path]:
    deck = out_dir / config.deck_file_name(version)
    return deck, deck.with_name(deck.name + CHECKSUM_SUFFIX)


def has_section(changelog: str | None, version: str) -> bool:
    """Whether a changelog holds the section of release ``version`` ("## 0.2.0 — 2024-05-01")."""
    if not changelog:
        return False
    return re.search(rf"^## {re.escape(version)}(\s|$)", changelog, re.MULTILINE) is not None


def was_released(config: Config, out_dir: Path, version: str) -> bool:
    """Whether ``version`` was released: the lock records it, the changelog has its section, or its
    checksum is beside the deck. Any one is enough, so that a file lost or deleted never lets a
    working build replace a published deck."""
    if release_paths(config, out_dir, version)[1].exists():
        return True
    try:
        changelog = config.changelog_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        changelog = ""
    return has_section(changelog, version) or released_version(config.lock_path) == version


def working_build_version(config: Config, out_dir: Path) -> str:
    """The version a `notes2anki build` writes: the configured one, unless that one was released already."""
    released = was_released(config, out_dir, config.version)
    return config.version + WORKING_BUILD_MARK if released else config.version
