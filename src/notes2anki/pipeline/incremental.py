"""An edit build: the cards an edit cannot have touched are kept as the last build made them.

The notes files whose cache key changed since the last build are parsed again and their sections
lined up with the ones the last build had (difflib, on the sections with their lines set aside): a
section found in both is the same section, maybe moved; the others, gone or new, are "touched".
When every touched section meets no other section in duplicate detection (dedupe.meeting_points:
no question key or answer line in common), each was, and is, a card of its own and no other card
depends on it. Then only the touched cards go through dedupe, topics, render and identity; the
others keep their lock entries (identity.assign_identity's ``held``), their rows of the collection
of the deck the last build wrote (package.deck_rows) and their topics (a card without evidence takes the topic of the
card before it in its note: the kept cards of an edited note are checked to keep theirs). The
result equals a full build's to the byte: tests/test_incremental_equivalence.py checks it after
random edits.

Whenever that cannot be shown (other settings, a lock, deck or collection not as the last build
wrote them, a
touched section that meets another, a kept card whose topic or entry an edit could change), there is
no edit build: None, and the build runs every stage.

    ## 什么是协程？  added, asking and answering what no other section does: an edit build
    ## 什么是GIL？   added where another section asks it: a full build (the two may merge)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from pathlib import Path

from notes2anki.config import Config
from notes2anki.dedupe.meeting_points import MeetingIndex, replaced
from notes2anki.dedupe.merge import merge_duplicates
from notes2anki.identity.assign import assign_identity, build_time, content_hash
from notes2anki.identity.changes import changes_since
from notes2anki.identity.lockfile import Lock, read_lock
from notes2anki.model import Card, Duplicate, Location, Note, Section
from notes2anki.package.apkg import DeckNote, KeptNote, note_type_hash
from notes2anki.package.deck_rows import stored_notes
from notes2anki.pipeline.acknowledge import acknowledge, told_of_notes
from notes2anki.pipeline.build_state import BuildState, CardState, FileState, card_states, section_cards
from notes2anki.pipeline.cache import BuildCache, LastBuild
from notes2anki.pipeline.file_work import FileEntries, FileWork, stored_work, work_on_files
from notes2anki.pipeline.result import BuildReport, DeckContents
from notes2anki.read.files import ReadResult
from notes2anki.render.cards import render_cards
from notes2anki.render.remote_images import handle_remote_images
from notes2anki.render.style import card_css
from notes2anki.runtime.progress import Progress
from notes2anki.topics import TopicPlace, assign_topics, choose_topics, inherited_topics


@dataclass
class _Edit:
    """The sections an edit touched, and where the ones it did not touch are now."""

    added: list[tuple[Section, FileWork, int]]  # a new section, its file's work, its position there
    gone: list[tuple[str, bytes]]  # a section of the last build: its card's GUID, its meeting points
    moved: dict[Location, tuple[Location, int]]  # a kept section's place then -> its place now
    kept: dict[Location, str]  # a kept section of an edited file, by its place now -> its card's GUID


def build_incrementally(
    config: Config, last: LastBuild, read: ReadResult, cache: BuildCache, progress: Progress
) -> DeckContents | None:
    """The deck's contents made from ``last`` (the state of the last build, which wrote the deck, its
    collection and the lock as they are) and the notes as ``read`` now; None when a full build is
    needed."""
    state = last.state
    if read.unreadable or not read.files:
        return None
    entries = FileEntries.of(cache, read.files, config.exclude_headings)
    before = {file.name: file for file in state.files}
    names = [source.name for source in read.files]
    changed = [i for i, name in enumerate(names) if name not in before or before[name].key != entries.keys[i]]
    left = [before[name] for name in before.keys() - set(names)]
    cache.keep_files(entries.keys)  # the work of the files not edited stays for a full build
    progress("parse", f"{len(changed)} edited files")
    sources = [read.files[i] for i in changed]
    works = work_on_files(sources, config.exclude_headings, entries.only(changed), progress)
    edited = {
        source.name: work for source, work in zip(sources, works, strict=True) if isinstance(work, FileWork)
    }
    if len(edited) != len(changed):
        return None  # a file that cannot be parsed: the full build reports it
    edit = _edit(cache, before, edited, left)
    if edit is None:
        return None
    points = replaced(
        state.points, [points for _, points in edit.gone], [work.points[i] for _, work, i in edit.added]
    )
    if points is None:
        return None  # a touched section meets another: their cards may change together
    return _edit_build(config, last.collection, state, read, entries.keys, edited, edit, points, progress)


def _edit(
    cache: BuildCache, before: dict[str, FileState], edited: dict[str, FileWork], left: list[FileState]
) -> _Edit | None:
    """The touched sections of the edited and the removed files; None when the last build's work
    on one of them is no longer in the cache."""
    edit = _Edit([], [], {}, {})
    for file in left:
        last = _last_work(cache, file)
        if last is None:
            return None
        edit.gone += zip(file.cards, last.points, strict=True)
    for name, work in edited.items():
        last = _last_work(cache, before[name]) if name in before else None
        if name in before and last is None:
            return None
        kept = _same_sections(last.sections if last else (), work.sections)
        edit.added += [
            (section, work, index) for index, section in enumerate(work.sections) if index not in kept
        ]
        if last is None:
            continue
        taken = set(kept.values())
        cards = before[name].cards
        edit.gone += [(cards[i], points) for i, points in enumerate(last.points) if i not in taken]
        for index, old in kept.items():
            edit.moved[last.sections[old].location] = (work.sections[index].location, index)
            edit.kept[work.sections[index].location] = cards[old]
    return edit


def _last_work(cache: BuildCache, file: FileState) -> FileWork | None:
    """The work the last build did on ``file``, while the cache has it as that build used it."""
    work = stored_work(cache, file.key)
    return work if work is not None and len(work.sections) == len(file.cards) else None


def _same_sections(old: Sequence[Section], new: Sequence[Section]) -> dict[int, int]:
    """New position -> old position of the sections an edit left as they were, their lines aside."""
    matcher = SequenceMatcher(None, list(map(_unplaced, old)), list(map(_unplaced, new)), autojunk=False)
    return {b + k: a + k for a, b, size in matcher.get_matching_blocks() for k in range(size)}


def _unplaced(section: Section) -> Section:
    return replace(section, location=Location(section.location.source, 0))


def _edit_build(
    config: Config,
    collection: Path,
    state: BuildState,
    read: ReadResult,
    keys: Sequence[str],
    edited: dict[str, FileWork],
    edit: _Edit,
    points: MeetingIndex,
    progress: Progress,
) -> DeckContents | None:
    gone = {guid for guid, _ in edit.gone}
    kept = [_moved(card, edit.moved) for card in state.cards if card.guid not in gone]
    held = frozenset(card.guid for card in kept)
    if len(gone) != len(edit.gone) or len(held) + len(gone) != len(state.cards):
        return None  # two touched sections of one card: they met after all
    lock = read_lock(config.lock_path, as_written=True)  # the state is the lock's, as it was written
    note_type = note_type_hash(card_css())
    if (lock.deck, lock.note_type) != (config.deck_name, note_type):
        return None  # the deck renamed, or the card style changed: every note of the deck changes
    progress("dedupe", f"{len(edit.added)} sections")
    sections = [section for section, _, _ in edit.added]
    forms = [work.forms[index] for _, work, index in edit.added]
    deduped = merge_duplicates(sections, config.similarity, config.merge, forms)
    if deduped.duplicates or len(deduped.cards) != len(sections):
        return None
    progress("topics", f"{len(deduped.cards)} cards")
    chosen = choose_topics(deduped.cards, config.topics)
    cards = _topics(config, deduped.cards, chosen, [card for card in kept if card.location.source in edited])
    if cards is None:
        return None
    progress("render", f"{len(cards)} cards")
    html = {block: piece for work in edited.values() for block, piece in work.html.items()}
    rendered, remote = handle_remote_images(render_cards(cards, html), config.remote_images)
    progress("identity", str(config.lock_path))
    if not _identity_kept(lock, held, {content_hash(card) for card in rendered}):
        return None
    identity = assign_identity(
        rendered, lock, config.fuzzy_threshold, build_time(), note_type, {}, config.similarity, held
    )
    locations = {name: [section.location for section in work.sections] for name, work in edited.items()}
    added = card_states(identity.notes, chosen, locations)
    rows = _kept_rows(collection, kept)
    if rows is None or added is None:
        return None
    names = [source.name for source in read.files]
    position = {name: index for index, name in enumerate(names)}
    # The full build's order of cards: by where the first section of each is.
    ordered = sorted([*kept, *added], key=lambda card: (position[card.location.source], card.section))
    files = _file_states(read, keys, {file.name: file for file in state.files}, edited, edit, identity.notes)
    duplicates = tuple(_moved_duplicate(duplicate, edit.moved) for duplicate in state.duplicates)
    report = BuildReport.of(
        [(card.topic, card.location.source) for card in ordered],
        tuple(names),
        unanswered=tuple(item for file in files for item in file.unanswered),
        duplicates=duplicates,
        diagnostics=(
            *told_of_notes(read, (d for file in files for d in file.diagnostics), config.acknowledged),
            *acknowledge(remote, config.acknowledged, {}),
        ),
        fuzzy_matches=identity.fuzzy_matches,
        removed=identity.removed,
        removed_guids=identity.removed_guids,
        moved=identity.moved,
        since_last=changes_since(lock, identity.lock),
    )
    new_lock = replace(identity.lock, deck=config.deck_name)
    next_state = None if remote else BuildState(files, tuple(ordered), duplicates, points)
    notes: tuple[DeckNote, ...] = (*rows, *identity.notes)
    return DeckContents(notes, new_lock, report, tuple(names), (), next_state, collection)


def _moved(card: CardState, moved: dict[Location, tuple[Location, int]]) -> CardState:
    if card.location not in moved:
        return card
    location, section = moved[card.location]
    return replace(card, location=location, section=section)


def _moved_duplicate(duplicate: Duplicate, moved: dict[Location, tuple[Location, int]]) -> Duplicate:
    kept = moved.get(duplicate.kept, (duplicate.kept, 0))[0]
    other = moved.get(duplicate.other, (duplicate.other, 0))[0]
    return replace(duplicate, kept=kept, other=other)


def _topics(
    config: Config, cards: tuple[Card, ...], chosen: list[str], neighbours: list[CardState]
) -> tuple[Card, ...] | None:
    """The touched cards with their topics, taken beside the kept cards of their notes; None when
    one of those would now take another topic than it had."""
    if not config.topics:
        return assign_topics(cards, config.topics, chosen)
    places = [TopicPlace(card.location.source, card.location.line, card.chosen) for card in neighbours]
    touched = [
        TopicPlace(card.location.source, card.location.line, own)
        for card, own in zip(cards, chosen, strict=True)
    ]
    inherited = inherited_topics([*places, *touched], config.topics[0].name)
    if any((card.deck or topic) != card.topic for card, topic in zip(neighbours, inherited, strict=False)):
        return None
    return assign_topics(cards, config.topics, chosen, places)


def _identity_kept(lock: Lock, held: frozenset[str], new_contents: set[str]) -> bool:
    """Whether a full build would give each kept card its own entry again: it takes the entry of its
    content, so that content must be its entry's alone, among the entries and the touched cards."""
    active = [entry for entry in lock.entries if not entry.removed]
    mine = [entry.content for entry in active if entry.guid in held]
    others = {entry.content for entry in active if entry.guid not in held} | new_contents
    return len(mine) == len(held) == len(set(mine)) and others.isdisjoint(mine)


def _kept_rows(collection: Path, kept: Sequence[CardState]) -> list[KeptNote] | None:
    """The kept cards, as the collection of the deck the last build wrote holds them."""
    try:
        stored = stored_notes(collection)
    except (KeyError, sqlite3.Error):
        return None
    if any(card.guid not in stored for card in kept):
        return None
    return [KeptNote(stored[card.guid], card.guid, card.topic, card.media, card.location) for card in kept]


def _file_states(
    read: ReadResult,
    keys: Sequence[str],
    before: dict[str, FileState],
    edited: dict[str, FileWork],
    edit: _Edit,
    notes: Sequence[Note],
) -> tuple[FileState, ...]:
    """Each file's state after this build, in the order they were read: an edited one's made anew."""
    card_of = section_cards(notes) | edit.kept
    return tuple(
        FileState(
            source.name,
            key,
            tuple(card_of[section.location] for section in edited[source.name].sections),
            edited[source.name].unanswered,
            edited[source.name].diagnostics,
        )
        if source.name in edited
        else before[source.name]
        for source, key in zip(read.files, keys, strict=True)
    )
