"""The names and ids by which Anki knows this tool's note types, and the GUID prefix of each kind
of note: contracts with every collection that imported a deck, never to change."""

from __future__ import annotations

from notes2anki.model import CardKind

# The note type's fields. The list is a contract with every collection that imported a release:
# never change it.
FIELDS = ("Question", "Answer", "Aliases", "Source", "Topic", "Id", "Extra")
MODEL_ID = 1_716_203_401
MODEL_NAME = "notes2anki Q/A"
REVERSED_MODEL_ID = 1_716_203_402
REVERSED_MODEL_NAME = "notes2anki Q/A reversed"
CLOZE_MODEL_ID = 1_716_203_403
CLOZE_MODEL_NAME = "notes2anki Cloze"
# A Q/A note's GUID starts "n2a-"; the other kinds have their own, so that the search for removed
# notes names their note types.
GUID_PREFIX = "n2a-"
KIND_GUID_PREFIXES = {CardKind.REVERSED: "n2r-", CardKind.CLOZE: "n2c-"}
