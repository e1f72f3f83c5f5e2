"""What a sync changes in the learner's collection, worked out before anything is changed.

Only notes of the tool's note types (``notes2anki Q/A``, its reversed and cloze types) whose cards
live under the deck's root deck are changed; a card in a filtered deck lives in its home deck. Their
GUIDs are the build's, so a note imported from a release and one added by a sync are the same note.
A note of these types that the learner keeps outside the root deck is left alone, and said so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from anki.cards import Card as AnkiCard
from anki.cards import CardId
from anki.collection import Collection
from anki.notes import Note as AnkiNote
from anki.notes import NoteId

from notes2anki.model import CardKind, Note
from notes2anki.note_type_names import CLOZE_MODEL_NAME, FIELDS, MODEL_NAME, REVERSED_MODEL_NAME
from notes2anki.package.apkg import note_fields
from notes2anki.package.note_types import CLOZE_CONTENT_FIELDS, CLOZE_OWN_FIELDS, kind_fields
from notes2anki.parse.clozes import cloze_question
from notes2anki.render.fields import first_line_text, html_to_text

# The fields a build writes; "Extra" is the learner's own and is never touched. A note is updated
# when what the learner reads changed (CONTENT_FIELDS), as an import of the deck would update it:
# a section that only moved to another file keeps its note as it is.
OWN_FIELDS = FIELDS[:6]
CONTENT_FIELDS = FIELDS[:3]
TOPIC_FIELD = FIELDS[4]
MODEL_NAMES = (MODEL_NAME, REVERSED_MODEL_NAME, CLOZE_MODEL_NAME)
# The tag a removed question's note gets when it is suspended.
REMOVED_TAG = "notes2anki::removed"
# What becomes of a removed question's note, and how the summary says it.
REMOVED_ACTIONS = {"suspend": "suspended", "delete": "deleted", "keep": "kept"}
SUSPENDED_QUEUE = -1


@dataclass(frozen=True)
class Update:
    note_id: NoteId
    note: Note


@dataclass(frozen=True)
class Move:
    note_id: NoteId
    card_ids: tuple[CardId, ...]
    question: str
    was: str  # the topic the note had
    now: str  # the topic it has now


@dataclass(frozen=True)
class Removal:
    note_id: NoteId
    question: str


@dataclass(frozen=True)
class SyncPlan:
    added: tuple[Note, ...]
    updated: tuple[Update, ...]
    moved: tuple[Move, ...]
    removed: tuple[Removal, ...]
    removed_action: str
    elsewhere: tuple[str, ...] = ()  # questions whose notes the learner keeps outside the root deck

    def lines(self) -> list[str]:
        """Each change, with its question."""
        lines = [f"  added: {note.rendered.card.display_question}" for note in self.added]
        lines += [f"  updated: {update.note.rendered.card.display_question}" for update in self.updated]
        lines += [f"  moved: {move.question} ({move.was} → {move.now})" for move in self.moved]
        action = REMOVED_ACTIONS[self.removed_action]
        lines += [f"  removed ({action}): {removal.question}" for removal in self.removed]
        lines += [f"  left alone (outside the root deck): {question}" for question in self.elsewhere]
        return lines

    def summary(self) -> str:
        removed = REMOVED_ACTIONS[self.removed_action]
        elsewhere = f", {len(self.elsewhere)} left alone outside the root deck" if self.elsewhere else ""
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.moved)} moved, "
            f"{len(self.removed)} removed ({removed}){elsewhere}"
        )


def in_root(deck: str, root: str) -> bool:
    return deck == root or deck.startswith(root + "::")


def home_deck(collection: Collection, card: AnkiCard) -> str:
    """The deck a card lives in: its own, or for a card in a filtered deck the one it came from."""
    return collection.decks.name(card.odid or card.did)


def plan_sync(
    collection: Collection, notes: Sequence[Note], root: str, move_cards: bool, removed_action: str
) -> SyncPlan:
    """What syncing ``notes`` (a build's) into ``collection`` under the deck ``root`` changes."""
    ours = {note.guid: note for note in notes}
    inside, outside = _notes_of_this_type(collection, root)
    added = tuple(note for guid, note in ours.items() if guid not in inside and guid not in outside)
    updated, moved = [], []
    for guid, anki_note in inside.items():
        note = ours.get(guid)
        if note is None:
            continue
        fields = build_fields(note)
        if any(anki_note[name] != fields[name] for name in content_fields(note)):
            updated.append(Update(anki_note.id, note))
        move = _move(collection, anki_note, note, root) if move_cards else None
        if move is not None:
            moved.append(move)
    removed = tuple(
        Removal(anki_note.id, _question_text(anki_note))
        for guid, anki_note in inside.items()
        if guid not in ours and not _already_removed(anki_note, removed_action)
    )
    elsewhere = tuple(ours[guid].rendered.card.display_question for guid in outside if guid in ours)
    return SyncPlan(added, tuple(updated), tuple(moved), removed, removed_action, elsewhere)


def _notes_of_this_type(collection: Collection, root: str) -> tuple[dict[str, AnkiNote], dict[str, AnkiNote]]:
    """The collection's notes of this tool's note types by GUID: those whose cards all live under
    ``root``, and the others."""
    inside: dict[str, AnkiNote] = {}
    outside: dict[str, AnkiNote] = {}
    names = [name for name in MODEL_NAMES if collection.models.by_name(name) is not None]
    for note_id in [note_id for name in names for note_id in collection.find_notes(f'"note:{name}"')]:
        anki_note = collection.get_note(note_id)
        decks = {home_deck(collection, card) for card in anki_note.cards()}
        place = inside if decks and all(in_root(deck, root) for deck in decks) else outside
        place[anki_note.guid] = anki_note
    return inside, outside


def _move(collection: Collection, anki_note: AnkiNote, note: Note, root: str) -> Move | None:
    """The cards of a note whose topic changed that sit in the old topic's subdeck; a card the
    learner filed elsewhere, or that is in a filtered deck now, stays where it is."""
    was, now = anki_note[TOPIC_FIELD], note.rendered.card.topic
    if was == now:
        return None
    old_deck = f"{root}::{was}"
    cards = [
        card for card in anki_note.cards() if not card.odid and collection.decks.name(card.did) == old_deck
    ]
    if not cards:
        return None
    question = note.rendered.card.display_question
    return Move(anki_note.id, tuple(card.id for card in cards), question, was, now)


def _already_removed(anki_note: AnkiNote, action: str) -> bool:
    """A removed question's note that an earlier sync suspended and tagged: nothing more to do."""
    if action == "keep":
        return False
    if action != "suspend" or not anki_note.has_tag(REMOVED_TAG):
        return False
    return all(card.queue == SUSPENDED_QUEUE for card in anki_note.cards())


def _question_text(anki_note: AnkiNote) -> str:
    if "Question" not in anki_note:  # a cloze: its text with the clozes hidden
        return cloze_question(html_to_text(anki_note["Text"])).split("\n")[0]
    return first_line_text(anki_note["Question"])


def build_fields(note: Note) -> dict[str, str]:
    """The field values a build gives the note, in its own note type."""
    return kind_fields(note, note_fields(note))


def own_fields(note: Note) -> tuple[str, ...]:
    return CLOZE_OWN_FIELDS if note.rendered.card.kind is CardKind.CLOZE else OWN_FIELDS


def content_fields(note: Note) -> tuple[str, ...]:
    return CLOZE_CONTENT_FIELDS if note.rendered.card.kind is CardKind.CLOZE else CONTENT_FIELDS
