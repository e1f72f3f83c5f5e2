"""Whether a release was stopped between its changelog and its lock (a SIGKILL, a power cut).

Light on purpose: every command that writes the project asks this first; finishing such a release
(release.recovery) loads the deck reader only when there is one.
"""

from __future__ import annotations

import re
from pathlib import Path

from notes2anki.config import Config
from notes2anki.hashing import file_sha256
from notes2anki.identity.lockfile import read_lock
from notes2anki.package.versions import release_paths

# The newest release's heading in the changelog: "## 0.2.0 — 2024-05-01".
NEWEST_SECTION = re.compile(r"^## (\S+)", re.MULTILINE)


def stopped_release(config: Config, out_dir: Path) -> str | None:
    """The version of a release whose deck, checksum and changelog section are written but which
    neither the lock nor the configuration records, else None. (A lock that records it while the
    configuration has an older version is more likely a version set back by hand than a release
    stopped between its last two files: `release` says which version to set then.)"""
    try:
        changelog = config.changelog_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    newest = NEWEST_SECTION.search(changelog)
    version = newest.group(1) if newest else None
    if version is None or version == config.version:
        return None
    if read_lock(config.lock_path).released_version == version:
        return None
    deck, checksum = release_paths(config, out_dir, version)
    try:
        recorded = checksum.read_text(encoding="utf-8").split()[0]
    except (OSError, UnicodeDecodeError, IndexError):
        return None
    return version if deck.is_file() and recorded == file_sha256(deck) else None
