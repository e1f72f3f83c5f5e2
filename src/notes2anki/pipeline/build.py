"""The build orchestrator: read -> parse -> dedupe -> topics -> render -> identity -> package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from notes2anki.config import Config
from notes2anki.dedupe.merge import SectionForms, merge_duplicates
from notes2anki.errors import WriteError, cannot_write
from notes2anki.identity.assign import assign_identity, build_time
from notes2anki.identity.lockfile import read_lock, write_lock
from notes2anki.identity.previous_decks import GivenOut, deck_files, given_out, lock_of_decks
from notes2anki.model import Block, Card, Diagnostic
from notes2anki.package.apkg import MODEL_ID, build_package, note_type_hash, write_apkg
from notes2anki.package.versions import working_build_version
from notes2anki.pipeline.cache import BuildCache, notes_digest
from notes2anki.pipeline.file_work import work_on_files
from notes2anki.pipeline.result import BuildReport, BuildResult
from notes2anki.read.files import ReadResult, read_sources
from notes2anki.render.cards import render_cards
from notes2anki.render.fields import answer_text
from notes2anki.render.style import card_css
from notes2anki.runtime.files import unwritable
from notes2anki.runtime.progress import Progress, quiet
from notes2anki.topics import assign_topics, choose_topics, topic_evidence


def run_pipeline(
    config: Config, progress: Progress = quiet, cache: BuildCache | None = None, out_dir: Path | None = None
) -> BuildResult:
    """Everything up to the deck file: the notes as cards, with what was merged and what is wrong.

    ``cache``: where to find and keep each notes file's work (the result is the same without it).
    ``out_dir``: where the deck is going, for the deck to write (its notes' times follow the decks
    built there before).
    """
    progress("read", str(config.root))
    given = _given_out(config, out_dir, cache) if out_dir else {}
    return _cards_from(config, read_sources(config.root, config.sources), progress, cache, given)


def _given_out(config: Config, out_dir: Path, cache: BuildCache | None) -> Mapping[str, GivenOut]:
    """What the decks in ``out_dir`` gave out, unless the lock is the one the last build wrote:
    then no deck built before has a newer time for a card than the lock."""
    if cache and cache.lock_is_as_written(config.lock_path):
        return {}
    return given_out(deck_files(out_dir, config.slug), MODEL_ID)


def _cards_from(
    config: Config,
    read: ReadResult,
    progress: Progress,
    cache: BuildCache | None,
    given: Mapping[str, GivenOut],
) -> BuildResult:
    diagnostics: list[Diagnostic] = list(read.diagnostics)
    sections, unanswered, failed_files = [], [], list(read.unreadable)
    names = tuple(source.name for source in read.files)
    works = work_on_files(read.files, config.exclude_headings, cache, progress)
    del read  # the text of the notes: not needed once they are parsed
    rendered_blocks: dict[Block, str] = {}
    forms: list[SectionForms] = []
    for work in works:
        if isinstance(work, Diagnostic):
            failed_files.append(work.location.source)
            diagnostics.append(work)
            continue
        sections.extend(work.sections)
        unanswered.extend(work.unanswered)
        diagnostics.extend(work.diagnostics)
        rendered_blocks.update(work.html)
        forms.extend(work.forms)
    del works
    if not names and not failed_files:
        patterns = ", ".join(config.sources)
        diagnostics.append(Diagnostic(f"no notes found for {patterns} (add .md or .txt notes)"))
    progress("dedupe", f"{len(sections)} sections")
    deduped = merge_duplicates(sections, config.similarity, config.merge, forms)
    del sections, forms
    progress("topics", f"{len(deduped.cards)} cards")
    cards = assign_topics(deduped.cards, config.topics, _found_topics(deduped.cards, config, cache))
    duplicates = deduped.duplicates
    del deduped  # the cards as they were before their topics
    progress("render", f"{len(cards)} cards")
    rendered = render_cards(cards, rendered_blocks)
    del rendered_blocks
    progress("identity", str(config.lock_path))
    lock = read_lock(config.lock_path)
    if given and not config.lock_path.exists():
        lock = lock_of_decks(given)
        diagnostics.append(
            Diagnostic(
                f"{config.lock_path.name} is missing: each card's identity was taken from the decks built before "
                f"(restore the lock from version control if you can, and commit it with your notes)",
                once=True,
            )
        )
    if lock.deck and lock.deck != config.deck_name:
        diagnostics.append(
            Diagnostic(
                f"deck.name changed from '{lock.deck}' to '{config.deck_name}': Anki keeps the cards you have in "
                f"'{lock.deck}' and puts new ones in '{config.deck_name}' (rename the deck in Anki first to keep one deck)",
                once=True,
            )
        )
    identity = assign_identity(rendered, lock, config.fuzzy_threshold, build_time(), _note_type_hash(), given)
    return BuildResult(
        notes=identity.notes,
        unanswered=tuple(unanswered),
        duplicates=duplicates,
        diagnostics=tuple(diagnostics),
        fuzzy_matches=identity.fuzzy_matches,
        removed=identity.removed,
        moved=identity.moved,
        files=names,
        lock=replace(identity.lock, deck=config.deck_name),
        failed_files=tuple(failed_files),
    )


def _found_topics(cards: tuple[Card, ...], config: Config, cache: BuildCache | None) -> list[str]:
    """Each card's choose_topic; from the cache for a card the last build had as it is."""

    def choose(missing: list[Card]) -> list[str]:
        return choose_topics(missing, config.topics)

    if cache is None:
        return choose(list(cards))
    return cache.memoized("topics", repr(config.topics), cards, topic_evidence, choose)


def _note_type_hash() -> str:
    return note_type_hash(card_css())


def save_lock(config: Config, result: BuildResult, cache: BuildCache | None = None) -> bool:
    """Record this build's card identities in notes2anki.lock (build and release; check and export
    never), and in ``cache`` that the lock is as this build wrote it."""
    written = result.lock is not None and write_lock(config.lock_path, result.lock)
    if cache and result.lock is not None:
        cache.remember_lock(config.lock_path)
    return written


def deck_description(config: Config, result: BuildResult, built: int) -> str:
    day = dt.datetime.fromtimestamp(built, dt.UTC).strftime("%Y-%m-%d")
    return f"{config.deck_name} — version {config.version}, built {day}, {len(result.notes)} cards."


def write_deck(
    config: Config, result: BuildResult, out_dir: Path, version: str | None = None, new_only: bool = False
) -> Path:
    """The deck of ``result`` in ``out_dir``; ``new_only``: never replacing one (FileExistsError)."""
    built = build_time()
    description = deck_description(config, result, built)
    model_time = result.lock.note_type_modified if result.lock else built
    package = build_package(result.notes, config, card_css(), description, model_time=model_time)
    path = out_dir / config.deck_file_name(version)
    write_apkg(package, path, built, new_only)
    return path


@dataclass(frozen=True)
class DeckBuild:
    """What `notes2anki build` did: the deck (None: no cards, nothing written) and what to report."""

    deck: Path | None
    report: BuildReport
    written: bool  # False when the deck was already up to date


def build_deck(
    config: Config, out_dir: Path, progress: Progress = quiet, cache: BuildCache | None = None
) -> DeckBuild:
    """The working deck and the lock file, unless the last build made them from the same inputs.

    Raises WriteError when the deck or the lock cannot be written (the previous deck stays).
    """
    version = working_build_version(config, out_dir)
    deck = out_dir / config.deck_file_name(version)
    notes = notes_digest(config) if cache else ""  # before the notes are read, not after
    report = cache.up_to_date(config, deck, notes) if cache else None
    if report is not None:
        return DeckBuild(deck, report, written=False)
    result = run_pipeline(config, progress, cache, out_dir)
    if not result.notes:
        return DeckBuild(None, result.report(), written=False)
    progress("package", deck.name)
    denied = unwritable(config.lock_path.parent)  # checked first: the deck and lock go together
    if denied:
        raise WriteError(cannot_write(config.lock_path.parent, denied))
    try:
        write_deck(config, result, out_dir, version)
    except OSError as exc:
        raise WriteError(cannot_write(out_dir, exc)) from None
    try:
        save_lock(config, result, cache)
    except OSError as exc:
        raise WriteError(cannot_write(config.lock_path, exc)) from None
    if cache:
        cache.forget_unused_files()
        if _is_settled(result):
            # Built again, the same inputs match every card exactly: no fuzzy match, nothing newly
            # removed or moved, and what only this build could say is not said again.
            report = result.report()
            lasting = tuple(diagnostic for diagnostic in report.diagnostics if not diagnostic.once)
            again = replace(report, fuzzy_matches=(), removed=(), moved=(), diagnostics=lasting)
            cache.remember_deck(config, deck, again, notes)
        else:
            cache.forget_deck()
    return DeckBuild(deck, result.report(), written=True)


def _is_settled(result: BuildResult) -> bool:
    """Whether building again from the lock just written gives every card the same identity, so the
    same inputs make the same deck. Only cards that share an identity key could trade places."""
    keys = [entry.key for entry in result.lock.active] if result.lock else []
    return len(keys) == len(set(keys))


def export_data(result: BuildResult) -> dict[str, Any]:
    """The JSON export: the interface score.py and other tools read. Keep it stable."""
    cards = [
        {
            "question": note.rendered.card.display_question,
            "answer_text": answer_text(note.rendered),
            "answer_html": note.rendered.answer_html,
            "aliases": list(note.rendered.card.aliases),
            "topic": note.rendered.card.topic,
            "tags": list(note.rendered.card.tags),
            "guid": note.guid,
            "source": note.rendered.card.location.source,
            "line": note.rendered.card.location.line,
            "sources": [str(location) for location in note.rendered.card.locations],
        }
        for note in result.notes
    ]
    unanswered = [
        {"source": item.location.source, "line": item.location.line, "question": item.question}
        for item in result.unanswered
    ]
    return {"cards": cards, "unanswered": unanswered}
