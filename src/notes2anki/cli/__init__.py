"""The command line: options, output and exit codes. The work happens in the library."""

from notes2anki.cli import deck_commands, project_commands
from notes2anki.cli.group import EXIT_PROBLEMS, EXIT_USAGE, main

__all__ = ["EXIT_PROBLEMS", "EXIT_USAGE", "deck_commands", "main", "project_commands"]
