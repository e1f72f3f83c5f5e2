"""The genanki note type, the decks, and a deterministic .apkg."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import genanki

from .config import Config
from .model import Note
from .text import stable_hash

MODEL_ID = 1_716_203_401
MODEL_NAME = "notes2anki Q/A"
# The field list is a contract with every collection that imported a release: never change it.
FIELDS = ("Question", "Answer", "Aliases", "Source", "Topic", "Id", "Extra")
FRONT = """<div class="front">{{Question}}</div>
{{#Aliases}}<div class="aliases"><span class="aliases-label">Also asked as</span>{{Aliases}}</div>{{/Aliases}}"""
BACK = """{{FrontSide}}
<hr id="answer">
<div class="answer">{{Answer}}</div>
{{#Extra}}<div class="extra">{{Extra}}</div>{{/Extra}}
{{#Source}}<div class="source">{{Source}}</div>{{/Source}}"""
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
COPY_CHUNK = 1 << 20


class _TimedModel(genanki.Model):
    """A note type stamped with the time its CSS or templates last changed."""

    def __init__(self, modified: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.modified = modified

    def to_json(self, timestamp, deck_id):
        return super().to_json(self.modified, deck_id)


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


class _TimedNote(genanki.Note):
    """A note stamped with the time its own content last changed, not the build time."""

    def __init__(self, modified: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.modified = modified

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):
        super().write_to_db(cursor, self.modified, deck_id, id_gen)

    def _check_invalid_html_tags_in_fields(self) -> None:
        # genanki's check only warns, and its pattern is quadratic on a long highlighted line.
        # The fields come from the renderer, whose HTML the tests check for balance and safety.
        pass


def note_fields(note: Note) -> dict[str, str]:
    """The note's field values by field name, in the order of FIELDS."""
    rendered = note.rendered
    values = (
        rendered.question_html,
        rendered.answer_html,
        rendered.aliases_html,
        rendered.source_html,
        rendered.card.topic,
        note.guid,
        "",
    )
    return dict(zip(FIELDS, values, strict=True))


def build_package(notes: tuple[Note, ...], config: Config, css: str, description: str, model_time: int):
    model = note_model(css, model_time)
    decks: dict[str, genanki.Deck] = {}
    root = genanki.Deck(deck_id(config.deck_name), config.deck_name, description=description)
    decks[config.deck_name] = root
    for note in sorted(notes, key=lambda n: n.guid):
        card = note.rendered.card
        name = f"{config.deck_name}::{card.topic}"
        deck = decks.setdefault(name, genanki.Deck(deck_id(name), name, description=description))
        deck.add_note(
            _TimedNote(
                note.modified,
                model=model,
                fields=list(note_fields(note).values()),
                guid=note.guid,
                tags=list(card.tags),
                sort_field=card.display_question,
            )
        )
    media = sorted({path for note in notes for path in note.rendered.card.media}, key=lambda p: p.name)
    return genanki.Package([decks[name] for name in sorted(decks)], media_files=[str(p) for p in media])


def write_apkg(package: genanki.Package, path: Path, timestamp: int) -> None:
    """Write the package with fixed zip metadata, atomically, leaving no temporary file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".notes2anki-", dir=path.parent) as scratch:
        database = Path(scratch) / "collection.anki2"
        write_collection(package, database, timestamp)
        partial = Path(scratch) / path.name
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            _add_file(archive, "collection.anki2", database)
            media = {str(index): Path(file).name for index, file in enumerate(package.media_files)}
            _add_entry(archive, "media", json.dumps(media, sort_keys=True).encode())
            for index, file in enumerate(package.media_files):
                _add_file(archive, str(index), Path(file))
        os.replace(partial, path)


def write_collection(package: genanki.Package, database: Path, timestamp: int) -> None:
    """The package's collection database. It is scratch, zipped and deleted: journaling and syncing
    it to disk would protect nothing and cost more than writing the notes."""
    connection = sqlite3.connect(database)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        package.write_to_db(connection.cursor(), timestamp, itertools.count(timestamp * 1000))
        connection.commit()
    finally:
        connection.close()


def _entry_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _add_entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    archive.writestr(_entry_info(name), data)


def _add_file(archive: zipfile.ZipFile, name: str, file: Path) -> None:
    """A file's bytes as an entry, streamed: a large collection is never held in memory whole."""
    with file.open("rb") as source, archive.open(_entry_info(name), "w") as entry:
        shutil.copyfileobj(source, entry, COPY_CHUNK)
