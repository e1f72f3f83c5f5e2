"""Whether a build has anything to do: the last deck was made from the inputs there are now.

Light on purpose: it loads none of the stages, so `notes2anki build` with nothing changed answers
from the cache before the pipeline is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from notes2anki.config import Config
from notes2anki.package.versions import working_build_version
from notes2anki.pipeline.cache import BuildCache, notes_digest
from notes2anki.pipeline.result import BuildReport


@dataclass(frozen=True)
class DeckBuild:
    """What `notes2anki build` did: the deck (None: no cards, nothing written) and what to report."""

    deck: Path | None
    report: BuildReport
    written: bool  # False when the deck was already up to date


@dataclass(frozen=True)
class Freshness:
    deck: Path
    notes: str  # the notes' digest, taken before a build reads them
    report: BuildReport | None  # what the last build reported, when it made this deck from the same inputs


def working_deck(config: Config, out_dir: Path) -> Path:
    """The deck a build of now writes in ``out_dir`` (a working build of a released version is +dev)."""
    return out_dir / config.deck_file_name(working_build_version(config, out_dir))


def freshness(config: Config, out_dir: Path, cache: BuildCache | None) -> Freshness:
    deck = working_deck(config, out_dir)
    notes = notes_digest(config) if cache else ""  # before the notes are read, not after
    report = cache.up_to_date(config, deck, notes) if cache else None
    return Freshness(deck, notes, report)


def built_already(config: Config, out_dir: Path, cache: BuildCache | None) -> DeckBuild | None:
    """The deck as the last build left it, when nothing changed since; None when there is work."""
    fresh = freshness(config, out_dir, cache)
    return DeckBuild(fresh.deck, fresh.report, written=False) if fresh.report is not None else None
