"""`notes2anki init`: a commented notes2anki.toml for the notes in a folder, topics proposed from them."""

from __future__ import annotations

from notes2anki.init.propose import Proposal, propose
from notes2anki.init.write import config_text, summary_lines, write_config

__all__ = ["Proposal", "config_text", "propose", "summary_lines", "write_config"]
