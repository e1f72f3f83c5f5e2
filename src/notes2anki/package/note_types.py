"""The note types of the other kinds of card, each with a fixed id: a reversed Q/A (a card each way)
and a cloze. The `notes2anki Q/A` type (apkg.py) is not touched: its field list is a contract with
every collection that imported a release, and so are the lists here, from their first release.

    Latency:::The time one request takes      -> notes2anki Q/A reversed: "Latency" asks for the
                                                 meaning, and the meaning asks for "Latency"
    The port of SSH is {{c1::22}}.            -> notes2anki Cloze: "The port of SSH is [...]." / "… 22."
"""

from __future__ import annotations

from notes2anki.model import CardKind, Note
from notes2anki.note_type_names import (
    CLOZE_MODEL_ID,
    CLOZE_MODEL_NAME,
    FIELDS,
    REVERSED_MODEL_ID,
    REVERSED_MODEL_NAME,
)
from notes2anki.parse.clozes import cloze_numbers
from notes2anki.render.fields import cloze_field_value

# The cloze type's fields: Anki's Text and Extra, then the metadata fields the Q/A type has.
CLOZE_FIELDS = ("Text", "Extra", "Aliases", "Source", "Topic", "Id")
# The cloze fields a build writes ("Extra" is the learner's own, as on the Q/A type), and those
# whose change is a change of what the learner reads.
CLOZE_OWN_FIELDS = ("Text", "Aliases", "Source", "Topic", "Id")
CLOZE_CONTENT_FIELDS = ("Text", "Aliases")

_SOURCE = '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}'
REVERSE_FRONT = """<div class="front"><div class="answer">{{Answer}}</div></div>"""
REVERSE_BACK = (
    """{{FrontSide}}
<hr id="answer">
<div class="answer">{{Question}}</div>
{{#Extra}}<div class="extra">{{Extra}}</div>{{/Extra}}
"""
    + _SOURCE
)
CLOZE_FRONT = """<div class="front cloze-text">{{cloze:Text}}</div>"""
CLOZE_BACK = (
    """<div class="front cloze-text">{{cloze:Text}}</div>
{{#Extra}}<div class="extra">{{Extra}}</div>{{/Extra}}
"""
    + _SOURCE
)


def model_id_of(kind: CardKind, qa_model_id: int) -> int:
    return {CardKind.REVERSED: REVERSED_MODEL_ID, CardKind.CLOZE: CLOZE_MODEL_ID}.get(kind, qa_model_id)


def model_spec(kind: CardKind, front: str, back: str) -> dict[str, object]:
    """The genanki Model arguments of a kind's note type; ``front``/``back``: the Q/A templates."""
    if kind is CardKind.CLOZE:
        return {
            "model_id": CLOZE_MODEL_ID,
            "name": CLOZE_MODEL_NAME,
            "fields": [{"name": name} for name in CLOZE_FIELDS],
            "templates": [{"name": "Cloze", "qfmt": CLOZE_FRONT, "afmt": CLOZE_BACK}],
            "model_type": 1,  # Anki's cloze kind: a card per cloze number
        }
    return {
        "model_id": REVERSED_MODEL_ID,
        "name": REVERSED_MODEL_NAME,
        "fields": [{"name": name} for name in FIELDS],
        "templates": [
            {"name": "Card 1", "qfmt": front, "afmt": back},
            {"name": "Card 2", "qfmt": REVERSE_FRONT, "afmt": REVERSE_BACK},
        ],
    }


def kind_fields(note: Note, qa_values: dict[str, str]) -> dict[str, str]:
    """The note's field values for its own note type, from the values the Q/A type would get."""
    if note.rendered.card.kind is not CardKind.CLOZE:
        return qa_values
    text = cloze_field_value(note.rendered.answer_html)
    values = (text, qa_values["Extra"], qa_values["Aliases"], qa_values["Source"])
    return dict(zip(CLOZE_FIELDS, (*values, qa_values["Topic"], qa_values["Id"]), strict=True))


def card_ordinals(note: Note) -> list[int]:
    """The template (or cloze) number of each card the note makes, from 0."""
    kind = note.rendered.card.kind
    if kind is CardKind.REVERSED:
        return [0, 1]
    if kind is CardKind.CLOZE:
        return [number - 1 for number in cloze_numbers(note.rendered.answer_html)] or [0]
    return [0]
