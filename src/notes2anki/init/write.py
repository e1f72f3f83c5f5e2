"""The notes2anki.toml `notes2anki init` writes: every setting with a comment saying what it does,
the proposed topics ready to edit, and nothing the user's folder already has overwritten."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from notes2anki.config import CONFIG_NAME, parse_config
from notes2anki.errors import UsageError
from notes2anki.init.propose import Proposal, propose
from notes2anki.runtime.files import atomic_create_bytes, atomic_write_text

HEADER = """\
# notes2anki configuration, written by `notes2anki init` for the notes in this folder.
# Edit it freely: `notes2anki check` shows what a build would make of the notes, `notes2anki build`
# writes the deck. Every key is explained in the README; docs/syntax.md says what becomes a card.
"""
NO_TOPICS = """
# Topics: none yet, so each notes file is a subdeck of its own ("web/flask.md" -> "{deck}::web::flask").
# To file cards by subject instead, add topics; each card goes to the topic whose signal words its
# question, grouping headings and answer hold most:
#
# [[topics]]
# name = "Python"
# signals = ["Python", "闭包", "GIL"]
"""
TOPICS = """
# Topics: one subdeck each, proposed from your notes' {by} ({count} found); each card goes to the
# topic whose signal words its question, grouping headings and answer hold most. Rename them, move
# signals between them, or delete every [[topics]] table for one subdeck per notes file.
"""


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


def _toml_list(items: tuple[str, ...], indent: str = "  ", width: int = 96) -> str:
    """A TOML array of strings, wrapped at ``width``."""
    lines, line = [], ""
    for item in map(_toml_string, items):
        if line and len(line) + len(item) + 2 > width:
            lines.append(line.rstrip())
            line = ""
        line += item + ", "
    lines.append(line.rstrip().rstrip(","))
    return (
        "[\n" + "".join(f"{indent}{text}\n" for text in lines if text) + "]"
        if len(lines) > 1
        else f"[{lines[0]}]"
    )


def config_text(proposal: Proposal) -> str:
    """The configuration for ``proposal``, as `init` writes it."""
    parts = [
        HEADER,
        "[deck]",
        f"name = {_toml_string(proposal.deck_name)}  # the root deck in Anki",
        'version = "0.1.0"  # `notes2anki release patch|minor|major` raises it',
        f"sources = {_toml_list(proposal.sources)}  # the notes: globs relative to this file",
        "",
        "[exclude]",
        "# Headings whose sections are not study material (a repository's README template).",
        f"headings = {_toml_list(proposal.exclude_headings)}",
    ]
    if proposal.topics:
        by = "files" if proposal.topics_by == "file" else "top-level headings"
        parts.append(TOPICS.format(by=by, count=len(proposal.topics)))
        for topic in proposal.topics:
            parts += [
                "[[topics]]",
                f"name = {_toml_string(topic.name)}",
                f"signals = {_toml_list(topic.signals)}",
                "",
            ]
    else:
        parts.append(NO_TOPICS.format(deck=proposal.deck_name))
    return "\n".join(parts).rstrip("\n") + "\n"


def write_config(folder: Path, force: bool = False) -> tuple[Path, Proposal]:
    """notes2anki.toml for the notes in ``folder``. Refuses (UsageError) to replace one unless ``force``."""
    path = folder.resolve() / CONFIG_NAME
    if (path.exists() or path.is_symlink()) and not force:
        raise UsageError(f"{path} exists already: edit it, or run `notes2anki init --force` to write it anew")
    proposal = propose(folder)
    text = config_text(proposal)
    parse_config(tomllib.loads(text), path)  # what init writes, a build reads
    if force:
        atomic_write_text(path, text)
    else:
        atomic_create_bytes(path, text.encode("utf-8"))
    return path, proposal


def summary_lines(path: Path, proposal: Proposal) -> list[str]:
    """What `init` says it wrote, and what to do next."""
    by = "files" if proposal.topics_by == "file" else "headings"
    topics = (
        f"{len(proposal.topics)} topics proposed from its {by}"
        if proposal.topics
        else "no topics (a subdeck per notes file)"
    )
    found = f"{proposal.files} notes files ({', '.join(proposal.sources)}), {proposal.cards} questions with answers"
    return [
        f"wrote {path}: deck {proposal.deck_name!r}, {found}, {topics}",
        "edit it as you like; next: notes2anki check, then notes2anki build",
    ]
