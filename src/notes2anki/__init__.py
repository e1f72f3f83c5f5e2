"""notes2anki: turn study notes into a versioned Anki deck that updates cleanly."""

from __future__ import annotations

__version__ = "0.1.0"
