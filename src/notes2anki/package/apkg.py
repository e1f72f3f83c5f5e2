"""The genanki note type, the decks, and a deterministic .apkg."""

from __future__ import annotations

import contextlib
import errno
import html
import itertools
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import genanki
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

from notes2anki.config import Config
from notes2anki.hashing import media_name, stable_hash
from notes2anki.model import CardKind, Location, Note, record
from notes2anki.note_type_names import FIELDS, MODEL_ID, MODEL_NAME
from notes2anki.package.deck_check import DeckChecker
from notes2anki.package.deck_rows import KeptCollectionError, StoredNote
from notes2anki.package.note_types import card_ordinals, kind_fields, model_id_of, model_spec
from notes2anki.render.fields import (
    FIELD_SEPARATOR,
    aliases_html,
    field_value,
    question_html,
    source_html,
    text_field,
)
from notes2anki.runtime.files import atomic_path, publish_new

FRONT = """<div class="front">{{Question}}</div>
{{#Aliases}}<div class="aliases"><span class="aliases-label">Also asked as</span>{{Aliases}}</div>{{/Aliases}}"""
BACK = """{{FrontSide}}
<hr id="answer">
<div class="answer">{{Answer}}</div>
{{#Extra}}<div class="extra">{{Extra}}</div>{{/Extra}}
{{#Source}}<div class="source">{{Source}}</div>{{/Source}}"""
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# zlib's fastest level: three times the speed of its default for a sixth more bytes.
ZIP_LEVEL = 1
COPY_CHUNK = 1 << 20
# SQLite's largest page: a card's HTML fits in one page instead of a chain of small ones, which
# writes the collection faster and zips it smaller (3.10 -> 2.92 MB for 10,000 cards).
PAGE_SIZE = 65536


class _TimedModel(genanki.Model):  # type: ignore[misc]  # genanki has no type hints
    """A note type stamped with the time its CSS or templates last changed."""

    def __init__(self, modified: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.modified = modified

    def to_json(self, timestamp: float, deck_id: int) -> dict[str, Any]:
        return dict(super().to_json(self.modified, deck_id))


def note_type_hash(css: str) -> str:
    """Changes exactly when collections need the note type updated: its CSS or templates changed."""
    return stable_hash([MODEL_NAME, list(FIELDS), FRONT, BACK, css])


def note_model(css: str, modified: int) -> genanki.Model:
    return _TimedModel(
        modified,
        model_id=MODEL_ID,
        name=MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Card 1", "qfmt": FRONT, "afmt": BACK}],
        css=css,
    )


def deck_id(name: str) -> int:
    """A fixed id per full deck name, in the range Anki uses."""
    return 1 << 30 | int(stable_hash(name, 12), 16) % (1 << 30)


def note_fields(note: Note) -> dict[str, str]:
    """The note's field values by field name, in the order of FIELDS: HTML that shows what the notes
    and the configuration say, and makes nothing of it act (field_value)."""
    rendered = note.rendered
    values = (
        field_value(question_html(rendered)),
        field_value(rendered.answer_html),
        field_value(aliases_html(rendered)),
        field_value(source_html(rendered)),
        text_field(rendered.card.topic),
        text_field(note.guid),
        "",
    )
    return dict(zip(FIELDS, values, strict=True))


@record
class KeptNote:
    """A note an edit build kept as the last deck holds it (pipeline.incremental): its row of that
    deck's collection is copied as it is (package.deck_rows), into its topic's subdeck."""

    stored: StoredNote
    guid: str
    topic: str
    media: tuple[Path, ...]
    location: Location  # the card's place in the notes, for the deck check's message


# A note of the deck: one this build made, or one kept from the deck built before.
DeckNote = Note | KeptNote


def _topic(note: DeckNote) -> str:
    return note.topic if isinstance(note, KeptNote) else note.rendered.card.topic


def _kind(note: DeckNote) -> CardKind:
    return note.stored.kind if isinstance(note, KeptNote) else note.rendered.card.kind


def _media(note: DeckNote) -> tuple[Path, ...]:
    return note.media if isinstance(note, KeptNote) else note.rendered.card.media


@dataclass(frozen=True)
class Package:
    """What an .apkg holds: the note type, the root deck and its topic subdecks, the notes (each in
    its topic's subdeck) and the image files the cards show."""

    model: genanki.Model
    decks: tuple[genanki.Deck, ...]  # by name: the root deck first
    # (deck id, note), by deck name then GUID; a Note's row is made as it is written.
    notes: tuple[tuple[int, DeckNote], ...]
    media: tuple[Path, ...]
    # The note types of the other kinds of card the notes hold (reversed, cloze), by kind.
    other_models: tuple[genanki.Model, ...] = ()


def build_package(
    notes: Sequence[DeckNote], config: Config, css: str, description: str, model_time: int, version: str
) -> Package:
    root = config.deck_name
    counts = Counter(map(_topic, notes))
    subdecks = {topic: f"{root}::{topic}" for topic in counts}
    descriptions = {root: description}
    for topic, count in counts.items():
        about = f"{topic}: {count} {'card' if count == 1 else 'cards'} of {root}, version {version}."
        descriptions[subdecks[topic]] = html.escape(about)
    names = sorted(descriptions)
    decks = tuple(genanki.Deck(deck_id(name), name, description=descriptions[name]) for name in names)
    ids = {deck.name: deck.deck_id for deck in decks}
    placed = sorted(notes, key=lambda note: (subdecks[_topic(note)], note.guid))
    # By the name each goes by in the deck: one file for two copies of the same image.
    by_name = {media_name(path): path for note in notes for path in _media(note)}
    media = [by_name[name] for name in sorted(by_name)]
    kinds = sorted(set(map(_kind, notes)) - {CardKind.QA}, key=lambda kind: kind.value)
    return Package(
        note_model(css, model_time),
        decks,
        tuple((ids[subdecks[_topic(note)]], note) for note in placed),
        tuple(media),
        tuple(_TimedModel(model_time, css=css, **model_spec(kind, FRONT, BACK)) for kind in kinds),
    )


def write_apkg(
    package: Package,
    path: Path,
    timestamp: int,
    new_only: bool = False,
    kept_from: Path | None = None,
    keep_collection: Path | None = None,
) -> None:
    """Write the package with fixed zip metadata, atomically, leaving no temporary file behind.
    ``new_only``: never replace a file at ``path`` (a release): FileExistsError instead.
    ``kept_from``: the collection the package's kept notes are copied from. ``keep_collection``: where
    to leave the collection database as it was zipped, when it can be moved there (the next edit
    build copies the notes it keeps from it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".notes2anki-", dir=path.parent) as scratch:
        database = Path(scratch) / "collection.anki2"
        try:
            write_collection(package, database, timestamp, kept_from)
        except sqlite3.Error as exc:  # a full disk, as SQLite says it: an OSError, as every other write's
            code = errno.ENOSPC if exc.sqlite_errorcode == sqlite3.SQLITE_FULL else errno.EIO
            raise OSError(
                code, f"{os.strerror(code)} (writing the deck's collection: {exc})", str(path)
            ) from None
        partial = Path(scratch) / path.name
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            _add_file(archive, "collection.anki2", database)
            media = {str(index): media_name(file) for index, file in enumerate(package.media)}
            _add_entry(archive, "media", json.dumps(media, sort_keys=True).encode())
            for index, file in enumerate(package.media):
                _add_file(archive, str(index), file)
        (publish_new if new_only else os.replace)(partial, path)
        if keep_collection is not None:
            _keep(database, keep_collection)


def _keep(database: Path, destination: Path) -> None:
    """Best effort: without the collection, the next build only does every stage again."""
    with contextlib.suppress(OSError):
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(database, destination)
        except OSError:  # on another file system: copied beside it, then renamed into place
            with atomic_path(destination) as scratch:
                shutil.copyfile(database, scratch)


def write_collection(package: Package, database: Path, timestamp: int, kept_from: Path | None = None) -> None:
    """The package's collection database, in genanki's schema and with the rows genanki writes, the
    notes and cards inserted in bulk, in the order of their ids; the rows of kept notes are copied
    from the collection at ``kept_from``. It is scratch, zipped and deleted: journaling and syncing
    it to disk would protect nothing and cost more than writing the notes."""
    connection = sqlite3.connect(database)
    try:
        connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # before the first table
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.executescript(APKG_SCHEMA)
        connection.executescript(APKG_COL)
        # The note at each place takes two ids, the note's and its first card's; the further cards of
        # reversed and cloze notes take ids after every note's.
        first_id = timestamp * 1000
        _attach_kept(
            connection, package.notes, first_id, kept_from
        )  # before the first write: no ATTACH within one
        (default_decks,) = connection.execute("SELECT decks FROM col").fetchone()
        decks_and_models = _collection_json(package, json.loads(default_decks), timestamp)
        connection.execute("UPDATE col SET decks = ?, models = ?", decks_and_models)
        checker = DeckChecker(_field_counts(package))
        # Each note's first card as (deck, template, time), a column each: a large deck's cards are
        # not held as rows while its notes are written.
        decks, templates, times = array("q"), array("q"), array("q")
        further: list[tuple[int, int, int, int]] = []

        def note_cards(place: int, deck: int, modified: int, ordinals: Sequence[int]) -> None:
            first, *others = ordinals
            decks.append(deck)
            templates.append(first)
            times.append(modified)
            further.extend((first_id + 2 * place, deck, ordinal, modified) for ordinal in others)

        def note_values(place: int, deck: int, note: DeckNote) -> tuple[Any, ...]:
            """A new note's values in the notes table; its cards are noted as it is written (a note's
            row is made once and let go: a large deck's fields are never all held at once)."""
            assert isinstance(note, Note)
            card = note.rendered.card
            model = model_id_of(card.kind, MODEL_ID)
            note_cards(place, deck, note.modified, card_ordinals(note))
            fields = FIELD_SEPARATOR.join(kind_fields(note, note_fields(note)).values())
            checked = checker.checked(note.guid, model, fields, card.location)
            note_id = first_id + 2 * place
            return (note_id, note.guid, model, note.modified, _tags(note), checked, card.display_question)

        places = enumerate(package.notes)
        for kept, run in itertools.groupby(places, key=lambda place: isinstance(place[1][1], KeptNote)):
            if not kept:
                connection.executemany(
                    INSERT_NOTE, (note_values(place, deck, note) for place, (deck, note) in run)
                )
                continue
            assert kept_from is not None  # _attach_kept refused kept notes without it
            kept_places = []
            for place, (deck, note) in run:
                assert isinstance(note, KeptNote)
                checker.kept(note.guid, note.location)
                note_cards(place, deck, note.stored.modified, note.stored.ordinals)
                kept_places.append(place)
            first, last = (first_id + 2 * place for place in (kept_places[0], kept_places[-1]))
            _copy_kept(connection, first, last, len(kept_places), kept_from)
        first_cards = (
            (first_id + 2 * place + 1, first_id + 2 * place, *card)
            for place, card in enumerate(zip(decks, templates, times, strict=True))
        )
        ids = itertools.count(first_id + 2 * len(package.notes))
        further_cards = ((next(ids), *card) for card in further)
        connection.executemany(
            "INSERT INTO cards VALUES(?,?,?,?,?,-1,0,0,0,0,0,0,0,0,0,0,0,'')",
            itertools.chain(first_cards, further_cards),
        )
        connection.commit()
    finally:
        connection.close()


INSERT_NOTE = "INSERT INTO notes VALUES(?,?,?,?,-1,?,?,?,0,0,'')"
# The kept notes with ids in a range, each as its row in the kept collection (the values a new
# note's row has, INSERT_NOTE), under its new id.
COPY_KEPT_NOTES = """
INSERT INTO notes
SELECT placed.id, kept.guid, kept.mid, kept.mod, -1, kept.tags, kept.flds, kept.sfld, 0, 0, ''
FROM temp.kept_rows AS placed JOIN kept.notes AS kept ON kept.id = placed.row
WHERE placed.id BETWEEN ? AND ? ORDER BY placed.id
"""


def _attach_kept(
    connection: sqlite3.Connection,
    notes: Sequence[tuple[int, DeckNote]],
    first_id: int,
    kept_from: Path | None,
) -> None:
    """The collection the kept notes are copied from, as ``kept``, and each one's new id and row
    there, as ``temp.kept_rows``; nothing when no note is kept."""
    rows = [
        (first_id + 2 * place, note.stored.row)
        for place, (_, note) in enumerate(notes)
        if isinstance(note, KeptNote)
    ]
    if not rows:
        return
    if kept_from is None:
        raise ValueError("kept notes are written from the collection they were kept from: none was given")
    if not kept_from.is_file():  # ATTACH would make an empty one
        raise KeptCollectionError(kept_from, "it is gone")
    connection.execute("ATTACH DATABASE ? AS kept", (str(kept_from),))  # a path: see stored_notes
    connection.execute("CREATE TEMP TABLE kept_rows (id INTEGER PRIMARY KEY, row INTEGER)")
    connection.executemany("INSERT INTO temp.kept_rows VALUES (?, ?)", rows)


# What SQLite says of a collection that is not one any more (damaged, or its tables gone).
UNREADABLE = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_ERROR}


def _copy_kept(connection: sqlite3.Connection, first: int, last: int, count: int, kept_from: Path) -> None:
    """The kept notes with ids from ``first`` to ``last``, ``count`` of them, copied."""
    try:
        copied = connection.execute(COPY_KEPT_NOTES, (first, last)).rowcount
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorcode in UNREADABLE:
            raise KeptCollectionError(kept_from, f"it cannot be read ({exc})") from None
        raise  # writing failed (a full disk): write_apkg says so
    if copied != count:
        raise KeptCollectionError(kept_from, f"{count - copied} of the notes kept from it are gone")


def _field_counts(package: Package) -> dict[int, int]:
    """How many fields each note type of the package has, by its id."""
    counts = {MODEL_ID: len(FIELDS)}
    for model in package.other_models:
        counts[model.model_id] = len(model.fields)
    return counts


def _collection_json(package: Package, default_decks: dict[str, Any], timestamp: int) -> tuple[str, str]:
    """The col row's decks and models, as genanki writes them: our decks beside the default one; the
    note type names the last deck that holds notes as its deck."""
    decks = default_decks | {str(deck.deck_id): deck.to_json() for deck in package.decks}
    last_deck = package.notes[-1][0] if package.notes else package.decks[-1].deck_id
    models = {str(MODEL_ID): package.model.to_json(timestamp, last_deck)}
    models |= {str(model.model_id): model.to_json(timestamp, last_deck) for model in package.other_models}
    return json.dumps(decks), json.dumps(models)


def _tags(note: Note) -> str:
    return " " + " ".join(note.rendered.card.tags) + " "


def _entry_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = ZIP_LEVEL  # type: ignore[attr-defined]  # named so through 3.12; 3.13 keeps it as an alias
    return info


def _add_entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    archive.writestr(_entry_info(name), data)


def _add_file(archive: zipfile.ZipFile, name: str, file: Path) -> None:
    """A file's bytes as an entry, streamed: a large collection is never held in memory whole."""
    with file.open("rb") as source, archive.open(_entry_info(name), "w") as entry:
        shutil.copyfileobj(source, entry, COPY_CHUNK)
