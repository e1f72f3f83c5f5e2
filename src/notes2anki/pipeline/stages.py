"""The build's stages in order: read -> parse -> dedupe -> topics -> render -> identity.

Each stage takes the values the one before gave and hands its own down; the build cache wraps
the per-file work and the topics from outside (pipeline.file_work, ``BuildCache.memoized``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from notes2anki.config import Config
from notes2anki.dedupe.meeting_points import MeetingIndex, index_points
from notes2anki.dedupe.merge import SectionForms, merge_duplicates
from notes2anki.identity.assign import assign_identity, build_time
from notes2anki.identity.changes import changes_since
from notes2anki.identity.lockfile import Lock, read_lock
from notes2anki.identity.previous_decks import GivenOut, deck_files, given_out, lock_of_decks
from notes2anki.model import Block, Card, Diagnostic, Duplicate, Location, Note, Section, Unanswered
from notes2anki.note_type_names import MODEL_ID
from notes2anki.package.apkg import note_type_hash
from notes2anki.pipeline.acknowledge import acknowledge, reads_lines, told_of_notes
from notes2anki.pipeline.build_state import BuildState, FileState, card_states, section_cards
from notes2anki.pipeline.cache import BuildCache
from notes2anki.pipeline.file_work import FileEntries, FileWork, work_on_files
from notes2anki.pipeline.result import BuildResult
from notes2anki.read.files import ReadResult, read_sources
from notes2anki.render.cards import render_cards
from notes2anki.render.remote_images import handle_remote_images
from notes2anki.render.style import card_css
from notes2anki.runtime.progress import Progress, quiet
from notes2anki.topics import assign_topics, choose_topics, topic_evidence


def run_pipeline(
    config: Config,
    progress: Progress = quiet,
    cache: BuildCache | None = None,
    out_dir: Path | None = None,
    read: ReadResult | None = None,
) -> BuildResult:
    """Everything up to the deck file: the notes as cards, with what was merged and what is wrong.

    ``cache``: where to find and keep each notes file's work (the result is the same without it).
    ``out_dir``: where the deck is going, for the deck to write (its notes' times follow the decks
    built there before). ``read``: the notes, when they were read already; handed over, not kept by
    the caller, their texts are let go once they are parsed.
    """
    given = _given_out(config, out_dir, cache) if out_dir else {}
    # Notes this build reads are _parse's alone: each file's text goes once its work is in.
    parsed = _parse(config, read if read is not None else _read(config, progress), progress, cache)
    del read  # nothing after parsing reads the notes
    # Each stage's input is let go once the next has its output: a large deck is not held twice.
    progress("dedupe", f"{len(parsed.sections)} sections")
    deduped = merge_duplicates(parsed.sections, config.similarity, config.merge, parsed.forms)
    parsed.sections.clear()
    parsed.forms.clear()
    duplicates = deduped.duplicates
    progress("topics", f"{len(deduped.cards)} cards")
    chosen = _found_topics(deduped.cards, config, cache)
    cards = assign_topics(deduped.cards, config.topics, chosen)
    del deduped
    progress("render", f"{len(cards)} cards")
    rendered, remote = handle_remote_images(render_cards(cards, parsed.html), config.remote_images)
    parsed.html.clear()
    del cards  # the answers' blocks: a rendered card's answer is its HTML
    progress("identity", str(config.lock_path))
    lock, said = _previous_lock(config, given)
    identity = assign_identity(
        rendered, lock, config.fuzzy_threshold, build_time(), _note_type_hash(), given, config.similarity
    )
    state = None
    if parsed.files is not None and not remote and not said:
        state = _build_state(parsed.files, identity.notes, chosen, duplicates, parsed.points)
    return BuildResult(
        notes=identity.notes,
        unanswered=tuple(parsed.unanswered),
        duplicates=duplicates,
        diagnostics=(*parsed.diagnostics, *acknowledge([*remote, *said], config.acknowledged, {})),
        fuzzy_matches=identity.fuzzy_matches,
        removed=identity.removed,
        removed_guids=identity.removed_guids,
        moved=identity.moved,
        since_last=changes_since(lock, identity.lock),
        files=parsed.names,
        lock=replace(identity.lock, deck=config.deck_name),
        failed_files=tuple(parsed.failed_files),
        state=state,
    )


def _build_state(
    files: list[_FileTrace],
    notes: tuple[Note, ...],
    chosen: list[str],
    duplicates: tuple[Duplicate, ...],
    points: MeetingIndex,
) -> BuildState | None:
    """What the next build needs of this one to be an edit build (pipeline.incremental); ``chosen``:
    each card's topic from its own evidence."""
    cards = card_states(notes, chosen, {file.name: list(file.locations) for file in files})
    if cards is None:
        return None
    card_of = section_cards(notes)
    states = tuple(
        FileState(file.name, file.key, tuple(card_of[location] for location in file.locations), *file.said)
        for file in files
    )
    return BuildState(states, cards, duplicates, points)


@dataclass
class Parsed:
    """Every notes file's work, gathered: the sections, their blocks' HTML and what dedupe compares."""

    names: tuple[str, ...]
    sections: list[Section] = field(default_factory=list)
    unanswered: list[Unanswered] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed_files: list[str] = field(default_factory=list)
    html: dict[Block, str] = field(default_factory=dict)
    forms: list[SectionForms] = field(default_factory=list)
    # Each file as the next build's state needs it; None when this build leaves none (no cache, or
    # a file that could not be read or parsed).
    files: list[_FileTrace] | None = None
    points: MeetingIndex = field(default_factory=lambda: MeetingIndex(b"", b""))


@dataclass(frozen=True)
class _FileTrace:
    name: str
    key: str
    locations: tuple[Location, ...]  # of its sections, in order
    said: tuple[tuple[Unanswered, ...], tuple[Diagnostic, ...]]


def _read(config: Config, progress: Progress) -> ReadResult:
    progress("read", str(config.root))
    return read_sources(config.root, config.sources)


def _parse(config: Config, read: ReadResult, progress: Progress, cache: BuildCache | None) -> Parsed:
    """Every notes file's work, gathered. Each file's text is let go once its work is in (work_on_files)
    when the caller holds no other reference to ``read``, unless an acknowledgement rule reads the
    notes' lines (told_of_notes, at the end)."""
    parsed = Parsed(tuple(source.name for source in read.files))
    parsed.failed_files.extend(read.unreadable)
    sources = list(read.files)
    # What reading said is told with what parsing says; with the texts only when a rule reads lines.
    telling = read if reads_lines(config.acknowledged) else replace(read, files=())
    del read
    entries = FileEntries.of(cache, sources, config.exclude_headings) if cache else None
    works = work_on_files(sources, config.exclude_headings, entries, progress)
    if entries and not telling.unreadable and all(isinstance(work, FileWork) for work in works):
        parsed.files = [
            _FileTrace(
                name,
                key,
                tuple(section.location for section in work.sections),
                (work.unanswered, work.diagnostics),
            )
            for name, key, work in zip(parsed.names, entries.keys, works, strict=True)
            if isinstance(work, FileWork)
        ]
        parsed.points = index_points(
            points for work in works if isinstance(work, FileWork) for points in work.points
        )
    for work in works:
        if isinstance(work, Diagnostic):
            parsed.failed_files.append(work.location.source if work.location else "")
            parsed.diagnostics.append(work)
            continue
        parsed.sections.extend(work.sections)
        parsed.unanswered.extend(work.unanswered)
        parsed.diagnostics.extend(work.diagnostics)
        parsed.html.update(work.html)
        parsed.forms.extend(work.forms)
    if not parsed.names and not parsed.failed_files:
        patterns = ", ".join(config.sources)
        parsed.diagnostics.append(Diagnostic(f"no notes found for {patterns} (add .md or .txt notes)"))
    parsed.diagnostics[:] = told_of_notes(telling, parsed.diagnostics, config.acknowledged)
    return parsed


def _given_out(config: Config, out_dir: Path, cache: BuildCache | None) -> Mapping[str, GivenOut]:
    """What the decks in ``out_dir`` gave out, unless the lock is the one the last build wrote:
    then no deck built before has a newer time for a card than the lock."""
    if cache and cache.lock_is_as_written(config.lock_path):
        return {}
    return given_out(deck_files(out_dir, config.slug), MODEL_ID)


def _previous_lock(config: Config, given: Mapping[str, GivenOut]) -> tuple[Lock, list[Diagnostic]]:
    """notes2anki.lock as the last build left it (made again from the decks when it is lost), and
    what to tell about it."""
    said = []
    lock = read_lock(config.lock_path)
    if given and not config.lock_path.exists():
        lock = lock_of_decks(given)
        said.append(
            Diagnostic(
                f"{config.lock_path.name} is missing: each card's identity was taken from the decks built before "
                f"(restore the lock from version control if you can, and commit it with your notes)",
                once=True,
            )
        )
    if lock.deck and lock.deck != config.deck_name:
        said.append(
            Diagnostic(
                f"deck.name changed from '{lock.deck}' to '{config.deck_name}': Anki keeps the cards you have in "
                f"'{lock.deck}' and puts new ones in '{config.deck_name}' (rename the deck in Anki first to keep one deck)",
                once=True,
            )
        )
    return lock, said


def _found_topics(cards: tuple[Card, ...], config: Config, cache: BuildCache | None) -> list[str]:
    """Each card's choose_topic; from the cache for a card the last build had as it is."""

    def choose(missing: list[Card]) -> list[str]:
        return choose_topics(missing, config.topics)

    if cache is None:
        return choose(list(cards))
    return cache.memoized("topics", repr(config.topics), cards, topic_evidence, choose)


def _note_type_hash() -> str:
    return note_type_hash(card_css())
