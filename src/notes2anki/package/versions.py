"""Which version a deck file is, and its name: the release deck, its checksum, a working build."""

from __future__ import annotations

from pathlib import Path

from notes2anki.config import Config

CHECKSUM_SUFFIX = ".sha256"
# A working build made after a release carries this mark, so it never replaces the published file.
WORKING_BUILD_MARK = "+dev"


def release_paths(config: Config, out_dir: Path, version: str) -> tuple[Path, Path]:
    deck = out_dir / config.deck_file_name(version)
    return deck, deck.with_name(deck.name + CHECKSUM_SUFFIX)


def working_build_version(config: Config, out_dir: Path) -> str:
    """The version a `notes2anki build` writes: the configured one, unless that one was released already."""
    _, checksum = release_paths(config, out_dir, config.version)
    return config.version + WORKING_BUILD_MARK if checksum.exists() else config.version
