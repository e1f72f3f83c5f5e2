"""Stable GUIDs and per-note change times across builds, decided against notes2anki.lock.

Anki matches an imported note to the one a learner studies by GUID, and updates it only when the
note's modification time is newer than its own copy. So a card keeps its GUID while its question
is reworded or its answer rewritten, and its time moves only when what the learner reads changes.

Matching a card to a lock entry: the same normalized question first; then, for what is left, a
fuzzy match of question and answer above the configured threshold (each one reported).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from notes2anki.dedupe.question_keys import core_of, plain_question
from notes2anki.errors import UsageError
from notes2anki.hashing import stable_hash
from notes2anki.identity.lockfile import Lock, LockEntry
from notes2anki.identity.previous_decks import GivenOut, content_hash_of_fields
from notes2anki.identity.similarity import (
    HASH_WIDTH,
    SKETCH_SIZE,
    CandidateIndex,
    answer_sketch,
    card_similarity,
    sketch_similarity,
)
from notes2anki.model import Card, CardKind, IdentityChange, Note, RenderedCard, TopicChange, record
from notes2anki.note_type_names import GUID_PREFIX, KIND_GUID_PREFIXES
from notes2anki.render.fields import aliases_html, answer_text, question_html, source_label
from notes2anki.runtime.parallel import parallel_map
from notes2anki.text_forms import answer_key, question_key

# A cloze's and a reversed card's GUIDs start otherwise: a search for removed notes can name their
# note types ("n2c-3f…" is a cloze note).
# Marks the kind of a cloze or reversed card at the end of its identity key: "abc~cloze".
KIND_MARK = "~"
# Answers this alike are the same answer (the default of dedupe.similarity).
SAME_ANSWER = 0.9
# Below this many characters of answer HTML, sketching the answers on one core is quicker than
# forking (the 11,000-section benchmark corpus has about 7 million, the user's notes 170,000).
PARALLEL_MIN_CHARS = 500_000
NOTHING_GIVEN: Mapping[str, GivenOut] = MappingProxyType({})


# The latest time SOURCE_DATE_EPOCH may name: the end of year 9999, the last a date can show.
LATEST_EPOCH = 253_402_300_799


def build_time() -> int:
    """Now, or SOURCE_DATE_EPOCH for reproducible builds. Set but empty, as CI systems often set it,
    it counts as unset (reproducible-builds.org); anything but a number of seconds is a UsageError."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not given:
        return int(time.time())
    if not given.isascii() or not given.isdigit() or int(given) > LATEST_EPOCH:
        raise UsageError(
            f"SOURCE_DATE_EPOCH must be a number of seconds since 1970-01-01 UTC, not {given[:40]!r} "
            "(unset it, or set it to the time of the last commit: git log -1 --format=%ct)"
        )
    return int(given)


def content_hash(rendered: RenderedCard) -> str:
    """What the learner reads on a note: question, answer and aliases (and, but for a Q/A note, the
    note type it is read in: the same text as a cloze is another note)."""
    fields = content_hash_of_fields(question_html(rendered), rendered.answer_html, aliases_html(rendered))
    kind = rendered.card.kind
    return fields if kind is CardKind.QA else stable_hash([fields, kind.value])


def identity_key(rendered: RenderedCard) -> str:
    """The normalized question; a quiz's front material (its code) tells apart quizzes that ask alike."""
    return question_key(rendered.card.display_question) + _front_key(rendered.card) + _kind_key(rendered.card)


def other_keys(rendered: RenderedCard) -> list[str]:
    """The keys of the card's aliases and other wordings: the lock may know the card by one of them
    (a copy worded otherwise, in a file that sorts first, now asks the card's question)."""
    card = rendered.card
    return [
        question_key(wording) + _front_key(card) + _kind_key(card)
        for wording in (*card.aliases, *card.wordings)
    ]


def _front_key(card: Card) -> str:
    return "#" + stable_hash([block.text for block in card.front], 8) if card.front else ""


def _kind_key(card: Card) -> str:
    """A cloze or reversed card is another note type in Anki: it never takes the GUID of a Q/A note
    that asked alike ("~cloze"; question keys hold letters and digits only). Q/A keys are unchanged."""
    return "" if card.kind is CardKind.QA else KIND_MARK + card.kind.value


def _kind_of_key(key: str) -> str:
    return key[key.index(KIND_MARK) :] if KIND_MARK in key else ""


def changed_time(previous: int, now: int) -> int:
    """The time stamped on changed content: strictly newer than before, or Anki ignores the change."""
    return max(now, previous + 1)


@dataclass(frozen=True)
class Identity:
    notes: tuple[Note, ...]
    lock: Lock  # what the lock says after this build
    fuzzy_matches: tuple[IdentityChange, ...]
    removed: tuple[str, ...]  # questions in the lock's last state that are gone from the notes
    removed_guids: tuple[str, ...]  # their GUIDs, in the same order
    moved: tuple[TopicChange, ...]  # cards the lock had under another topic


@record
class _Current:
    rendered: RenderedCard
    key: str
    content: str
    sketch: str


def _describe(cards: tuple[RenderedCard, ...], previous: Lock) -> list[_Current]:
    contents = [content_hash(rendered) for rendered in cards]
    # An unchanged card's answer sketch is already in the lock: only the others are sketched, on
    # every core when there are many (a first build).
    sketches = {entry.content: entry.sketch for entry in previous.entries if entry.sketch}
    unknown = [index for index, content in enumerate(contents) if content not in sketches]

    def sketch(index: int) -> str:
        return answer_sketch(answer_key(answer_text(cards[index])))

    weights = [sum(map(len, cards[index].answer_pieces)) for index in unknown]
    for index, value in zip(unknown, parallel_map(sketch, unknown, weights, PARALLEL_MIN_CHARS), strict=True):
        sketches.setdefault(contents[index], value)
    return [
        _Current(rendered, identity_key(rendered), content, sketches[content])
        for rendered, content in zip(cards, contents, strict=True)
    ]


def _match_exact(current: list[_Current], entries: tuple[LockEntry, ...]) -> tuple[dict[int, int], set[int]]:
    """Card position -> entry position for the same content (what the learner reads, to the byte),
    then for equal questions, the closest answer winning among equals. A card no entry has by its
    question then looks for one by its other wordings, then by what it asks (the positions of the
    cards found so, reworded, come second)."""
    # An active entry wins over a removed one of the same content.
    by_content = {
        entry.content: p for p, entry in sorted(enumerate(entries), key=lambda pe: not pe[1].removed)
    }
    matches: dict[int, int] = {}
    for index, card in enumerate(current):
        position = by_content.pop(card.content, None)
        if position is not None:
            matches[index] = position
    taken = set(matches.values())
    by_key: dict[str, list[int]] = {}
    for position, entry in enumerate(entries):
        if position not in taken:
            by_key.setdefault(entry.key, []).append(position)
    for index, card in enumerate(current):
        if index not in matches and by_key.get(card.key):
            matches[index] = _take_closest(card, by_key[card.key], entries)
    for index, card in enumerate(current):
        if index not in matches:
            key = next((key for key in other_keys(card.rendered) if by_key.get(key)), None)
            if key is not None:
                matches[index] = _take_closest(card, by_key[key], entries)
    # "闭包是什么？" for "什么是闭包？": the same question once its asking words are set aside.
    by_core: dict[str, list[int]] = {}
    for positions in by_key.values():
        for position in positions:
            core = asked_core(entries[position].question, entries[position].key)
            if core:
                by_core.setdefault(core, []).append(position)
    reworded = set()
    for index, card in enumerate(current):
        core = asked_core(card.rendered.card.display_question, card.key) if index not in matches else ""
        if by_core.get(core):
            matches[index] = _take_closest(card, by_core[core], entries)
            reworded.add(index)
    return matches, reworded


def asked_core(question: str, key: str) -> str:
    """What a question asks about, as duplicate detection compares it ("什么是闭包？" and "闭包是什么？"
    both ask "闭包"), with the front material of the key ("#..."); "" when it asks about nothing."""
    core = core_of(plain_question(question))
    front = key[key.index("#") :] if "#" in key else _kind_of_key(key)
    return core + front if core else ""


def _take_closest(card: _Current, choices: list[int], entries: tuple[LockEntry, ...]) -> int:
    """The entry among ``choices`` whose answer is closest to the card's, taken out of them."""
    best = choices[0]
    if len(choices) > 1:
        best = max(
            choices, key=lambda p: (sketch_similarity(card.sketch, entries[p].sketch), not entries[p].removed)
        )
    choices.remove(best)
    return best


def _match_fuzzy(
    current: list[_Current],
    entries: tuple[LockEntry, ...],
    matches: dict[int, int],
    threshold: float,
    answer_threshold: float,
) -> dict[int, float]:
    """Add fuzzy matches to ``matches``, best pairs first; returns card position -> score (how alike
    question and answer are together)."""
    free_entries = sorted(set(range(len(entries))) - set(matches.values()))
    free_cards = [index for index in range(len(current)) if index not in matches]
    if not free_entries or not free_cards:
        return {}
    index = CandidateIndex([(entries[p].key, entries[p].sketch) for p in free_entries])
    # (rank, -strength, card, GUID, entry, score): question-and-answer matches first, then matches
    # by the answer alone; within each, the strongest claim first.
    pairs: list[tuple[int, float, int, str, int, float]] = []
    for card_index in free_cards:
        card = current[card_index]
        for candidate in index.candidates(card.key, card.sketch):
            entry = entries[free_entries[candidate]]
            if _kind_of_key(entry.key) != _kind_of_key(card.key):
                continue  # another note type: Anki would not update the note, only conflict with it
            score = card_similarity(card.key, card.sketch, entry.key, entry.sketch, threshold)
            if score >= threshold:
                pairs.append((0, -score, card_index, entry.guid, free_entries[candidate], score))
            elif _same_answer(card.sketch, entry.sketch, answer_threshold):
                answer = sketch_similarity(card.sketch, entry.sketch)
                score = card_similarity(card.key, card.sketch, entry.key, entry.sketch)
                pairs.append((1, -answer, card_index, entry.guid, free_entries[candidate], score))
    scores: dict[int, float] = {}
    taken: set[int] = set()
    for _, _, card_index, _, entry_position, score in sorted(pairs):
        if card_index in scores or entry_position in taken:
            continue
        matches[card_index] = entry_position
        scores[card_index] = score
        taken.add(entry_position)
    return scores


def _same_answer(sketch: str, other: str, answer_threshold: float) -> bool:
    """Whether two answers are the same answer, as duplicate detection would say: strong evidence
    that a question reworded beyond the fuzzy threshold ("Python的GIL是什么？" rewritten as
    "解释一下全局解释器锁GIL对多线程的影响？", its answer kept) is still that card. Only an answer
    long enough to fill a whole sketch counts: "略" or "同上" answer many questions."""
    full = SKETCH_SIZE * HASH_WIDTH
    return len(sketch) == full == len(other) and sketch_similarity(sketch, other) >= answer_threshold


def _new_guid(key: str, taken: set[str]) -> str:
    """A GUID derived from the question, so a lost lock still gives unchanged questions their cards."""
    kind = _kind_of_key(key)[len(KIND_MARK) :]
    prefix = next((p for k, p in KIND_GUID_PREFIXES.items() if k.value == kind), GUID_PREFIX)
    guid, attempt = prefix + stable_hash(key, 20), 0
    while guid in taken:
        attempt += 1
        guid = prefix + stable_hash([key, attempt], 20)
    return guid


def _identity_of(
    card: _Current, old: LockEntry | None, taken: set[str], now: int, given: Mapping[str, GivenOut]
) -> tuple[str, int]:
    """The card's GUID (its lock entry's, or a new one added to ``taken``) and its change time."""
    if old is None:
        guid, modified = _new_guid(card.key, taken), now
        taken.add(guid)
    else:
        guid = old.guid
        modified = old.modified if old.content == card.content else changed_time(old.modified, now)
    earlier = given.get(guid)
    if earlier is not None and earlier.content != card.content and earlier.modified >= modified:
        modified = changed_time(earlier.modified, now)  # or Anki keeps what that deck gave it
    return guid, modified


def assign_identity(
    cards: tuple[RenderedCard, ...],
    previous: Lock,
    threshold: float,
    now: int,
    note_type: str,
    given: Mapping[str, GivenOut] = NOTHING_GIVEN,
    answer_threshold: float = SAME_ANSWER,
    held: frozenset[str] = frozenset(),
) -> Identity:
    """GUIDs and change times for ``cards`` given the lock of the last build.

    ``note_type`` is the hash of the note type's CSS and templates: its time moves only when it changes.
    ``given``: what decks built before gave out, by GUID, when the lock may be older than they are.
    ``answer_threshold``: answers this alike are the same answer (dedupe.similarity), which keeps a
    card whose question changed beyond ``threshold``.
    ``held``: the GUIDs of cards the build keeps as the last build made them, not among ``cards``
    (pipeline.incremental): their entries are no card's to take and stay in the lock as they are.
    """
    current = _describe(cards, previous)
    entries = tuple(entry for entry in previous.entries if entry.guid not in held)
    matches, reworded = _match_exact(current, entries)
    scores = _match_fuzzy(current, entries, matches, threshold, answer_threshold)
    for index in reworded:  # reported as a reworded question is, with how alike the two are
        card, entry = current[index], entries[matches[index]]
        scores[index] = card_similarity(card.key, card.sketch, entry.key, entry.sketch)
    taken = {entry.guid for entry in previous.entries}

    notes, current_entries, fuzzy, moved = [], [], [], []
    for index, card in enumerate(current):
        old = entries[matches[index]] if index in matches else None
        guid, modified = _identity_of(card, old, taken, now, given)
        if old is not None and index in scores:
            question = card.rendered.card.display_question
            fuzzy.append(IdentityChange(guid, question, old.question, scores[index]))
        topic = card.rendered.card.topic
        if old is not None and old.topic and not old.removed and old.topic != topic:
            moved.append(TopicChange(card.rendered.card.display_question, old.topic, topic))
        notes.append(Note(rendered=card.rendered, guid=guid, modified=modified, content_hash=card.content))
        current_entries.append(_entry(card, guid, modified, old))

    matched = set(matches.values())
    gone = [entry for position, entry in enumerate(entries) if position not in matched]
    current_entries += (entry for entry in previous.entries if entry.guid in held)
    return Identity(
        notes=tuple(notes),
        lock=_lock_after(previous, current_entries, gone, note_type, now),
        fuzzy_matches=tuple(fuzzy),
        removed=tuple(entry.question for entry in gone if not entry.removed),
        removed_guids=tuple(entry.guid for entry in gone if not entry.removed),
        moved=tuple(moved),
    )


def _lock_after(
    previous: Lock, current: list[LockEntry], gone: list[LockEntry], note_type: str, now: int
) -> Lock:
    """The lock this build leaves: its cards' entries, and the entries of those gone, marked removed."""
    type_modified = previous.note_type_modified
    if note_type != previous.note_type:
        type_modified = changed_time(previous.note_type_modified, now)
    return replace(
        previous,
        entries=tuple(current) + tuple(replace(entry, removed=True) for entry in gone),
        note_type=note_type,
        note_type_modified=type_modified,
    ).sorted()


def _entry(card: _Current, guid: str, modified: int, old: LockEntry | None) -> LockEntry:
    note = card.rendered.card
    return LockEntry(
        guid=guid,
        key=card.key,
        question=note.display_question,
        content=card.content,
        sketch=card.sketch,
        modified=modified,
        source=source_label(note, note.answers[0]),
        topic=note.topic,
        released=old.released if old else None,
    )
