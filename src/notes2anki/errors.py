"""The errors the library raises, each with the exit code the CLI gives it.

Exit codes: 0 success, 1 build problems (no cards, a deck or lock that cannot be written or read,
a release that cannot be made, or warnings with --strict), 2 usage or configuration errors.
"""

from __future__ import annotations

from pathlib import Path

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
# Why a build with no cards writes no deck.
NO_CARDS = "no cards in the notes: the deck was not written (see the warnings above)"


class Notes2AnkiError(Exception):
    """Base of every error the user can act on: a problem with the build unless it says otherwise."""

    exit_code = EXIT_PROBLEMS


class ConfigError(Notes2AnkiError):
    """notes2anki.toml is missing, malformed, or holds an unknown key or a wrong type.

    Reads ``path:line: what is wrong (what to do)``; ``key`` names the setting at fault
    ("deck.version", "topics[2].name") so the line can be found in the file.
    """

    exit_code = EXIT_USAGE

    def __init__(self, detail: str, path: Path | None = None, key: str = "", line: int = 0) -> None:
        self.detail, self.path, self.key, self.line = detail, path, key, line
        place = f"{path}:{line}: " if path and line else f"{path}: " if path else ""
        super().__init__(place + detail)

    def at(self, path: Path, line: int) -> ConfigError:
        """The same error, placed at ``path:line``."""
        return ConfigError(self.detail, path, self.key, line)


class UsageError(Notes2AnkiError):
    """A command asked for something it must not do (an export over the project's own notes)."""

    exit_code = EXIT_USAGE


class SourcesError(Notes2AnkiError):
    """The sources cannot be read at all (a missing folder, no matching files)."""

    exit_code = EXIT_USAGE


class ReleaseError(Notes2AnkiError):
    """A release cannot be made (it exists already, or the version is not semver)."""


class WriteError(Notes2AnkiError):
    """The deck or the lock file cannot be written (the previous ones stay)."""


def cannot_write(place: Path, exc: OSError) -> str:
    """The message for a folder (or the lock) that the deck, the preview or a release cannot be written to."""
    return f"cannot write to {place}: {exc.strerror or exc}"
