"""Finish a release that was stopped between its changelog and its lock.

`release` writes the deck, its checksum, the changelog section, the lock's release marks and the
version bump, in that order; Ctrl-C and `kill` wait for all of them, but a SIGKILL or a power cut
can stop it after the changelog. The release is then published (its deck and checksum agree) but
the lock does not know it: the next changelog would list its questions as added again. The next
command finishes it from the deck itself: what each card was in that release is in the deck.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from notes2anki.config import Config
from notes2anki.identity.lockfile import Lock, Released, read_lock, write_lock
from notes2anki.identity.previous_decks import GivenOut, given_out, lock_of_decks
from notes2anki.note_type_names import MODEL_ID
from notes2anki.package.versions import release_paths
from notes2anki.release.make import with_version
from notes2anki.release.stopped import stopped_release
from notes2anki.render.fields import first_line_text
from notes2anki.runtime.files import atomic_write_text
from notes2anki.runtime.one_writer import one_writer


def finish_release(config: Config, out_dir: Path, version: str) -> None:
    """Record release ``version`` as the release did not get to: each card as its deck holds it
    becomes the lock's baseline, then the configuration's version is set."""
    deck, _ = release_paths(config, out_dir, version)
    lock = read_lock(config.lock_path)
    write_lock(config.lock_path, released_as_in_deck(lock, given_out([deck], MODEL_ID), version))
    atomic_write_text(
        config.path, with_version(config.path.read_text(encoding="utf-8"), version, config.path)
    )


def released_as_in_deck(lock: Lock, deck: dict[str, GivenOut], version: str) -> Lock:
    """``lock`` with each entry's release baseline taken from the released ``deck`` (by GUID): a
    card in it as it was there, one that was in the release before and not in it as removed. A
    card of the deck the lock does not know (added by the release) gets an entry made from it."""
    known = {entry.guid for entry in lock.entries}
    added = tuple(entry for entry in lock_of_decks(deck).entries if entry.guid not in known)
    entries = []
    for entry in (*lock.entries, *added):
        note = deck.get(entry.guid)
        if note is not None:
            question = first_line_text(note.question_html)
            released: Released | None = Released(question, note.content, note.topic)
        elif entry.released is not None:
            released = replace(entry.released, removed=True)
        else:
            released = None
        entries.append(replace(entry, released=released))
    return replace(lock, entries=tuple(entries), released_version=version).sorted()


def finish_interrupted_release(config: Config, command: str) -> str | None:
    """Finish the release in the output folder that was stopped before its lock, if there is one;
    its version, or None. ``command`` names who holds the project meanwhile."""
    with one_writer(config.root, command):
        version = stopped_release(config, config.output_folder)
        if version is not None:
            finish_release(config, config.output_folder, version)
    return version
