"""The errors the library raises; only the CLI turns them into exit codes."""

from __future__ import annotations


class Notes2AnkiError(Exception):
    """Base of every error the user can act on."""


class ConfigError(Notes2AnkiError):
    """notes2anki.toml is missing, malformed, or holds an unknown key or a wrong type."""


class SourcesError(Notes2AnkiError):
    """The sources cannot be read at all (a missing folder, no matching files)."""


class ReleaseError(Notes2AnkiError):
    """A release cannot be made (it exists already, or the version is not semver)."""
