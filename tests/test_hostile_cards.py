"""What a note or the configuration holds reaches a card, and the preview, as text: no HTML, no
Anki template syntax and no Anki markup (sound, text to speech, LaTeX) from them acts."""

from __future__ import annotations

import html
from pathlib import Path

from click.testing import CliRunner
from deck_rows import deck_notes

from notes2anki.cli import main
from notes2anki.render.fields import html_to_text

ACTIVE_TOPIC = "<img src=x onerror=alert(1)>"
CONFIG = f"""\
[deck]
name = "Hostile"
version = "0.1.0"
sources = ["sources/*"]

[[topics]]
name = "{ACTIVE_TOPIC}"
signals = ["python"]
"""
ANKI_MARKUP = (
    "[sound:evil.mp3]",
    "[anki:tts lang=en_US]spoken[/anki:tts]",
    "[latex]x^2[/latex]",
    "[$]y[/$]",
    "[$$]z[/$$]",
)
NOTE = f"""\
# Python

### What does {{{{Topic}}}} show in python?

It plays {" and ".join(ANKI_MARKUP)} as written.

## {{{{ message }}}}

### What is a {{{{#Topic}}}}section{{{{/Topic}}}} in python?

A template section, as text.
"""


def _project(root: Path) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "notes2anki.toml").write_text(CONFIG, "utf-8")
    (root / "sources" / "hostile.md").write_text(NOTE, "utf-8")
    return root


def _run(root: Path, *args: str):
    outcome = CliRunner().invoke(
        main, ["--config", str(root / "notes2anki.toml"), *args], env={"SOURCE_DATE_EPOCH": "1700000000"}
    )
    assert outcome.exit_code == 0, outcome.output
    return outcome


def test_a_topic_name_reaches_every_field_as_text(tmp_path):
    root = _project(tmp_path / "project")
    _run(root, "build")
    notes = deck_notes(root / "build" / "hostile-0.1.0.apkg", tmp_path)
    assert len(notes) == 2
    for note in notes:
        assert note["Topic"] == html.escape(ACTIVE_TOPIC)
        assert all("<img" not in value for value in note.values())


def test_anki_markup_and_template_syntax_in_notes_stay_text_on_the_card(tmp_path):
    root = _project(tmp_path / "project")
    _run(root, "build")
    notes = deck_notes(root / "build" / "hostile-0.1.0.apkg", tmp_path)
    answer = next(note["Answer"] for note in notes if "plays" in note["Answer"])
    for markup in ANKI_MARKUP:
        assert all(markup not in value for note in notes for value in note.values())
        assert markup in html_to_text(answer)  # the learner reads it as written
    assert all("{{" not in value and "}}" not in value for note in notes for value in note.values())
    assert "What does {{Topic}} show in python?" in [html_to_text(note["Question"]) for note in notes]


def test_the_preview_shows_template_syntax_in_notes_as_text(tmp_path):
    root = _project(tmp_path / "project")
    _run(root, "preview")
    page = (root / "build" / "preview" / "index.html").read_text("utf-8")
    assert ACTIVE_TOPIC not in page
    assert "onerror=alert(1)>" not in page
    assert "What does &#123;&#123;Topic&#125;&#125; show in python?" in page


def test_the_preview_never_reads_a_fields_value_as_a_template():
    from notes2anki.preview.page import render_side

    fields = {"A": "{{B}} {{#B}}x{{/B}} {{ message }}", "B": "<b>"}
    assert render_side("<p>{{A}}</p>{{#A}}[{{B}}]{{/A}}", fields) == (
        "<p>{{B}} {{#B}}x{{/B}} {{ message }}</p>[<b>]"
    )


def test_an_id_from_the_lock_reaches_its_field_as_text(tmp_path):
    import json

    root = _project(tmp_path / "project")
    _run(root, "build")
    lock = root / "notes2anki.lock"
    text = lock.read_text("utf-8")
    active = "<svg/onload=alert(1)>"  # printable ASCII without spaces: a GUID Anki takes
    guid = json.loads(text)["notes"][0]["guid"]
    lock.write_text(text.replace(guid, active), "utf-8")
    _run(root, "build")
    notes = deck_notes(root / "build" / "hostile-0.1.0.apkg", tmp_path)
    assert [note["Id"] for note in notes if note["guid"] == active] == [html.escape(active)]


def test_a_deck_name_reaches_the_deck_description_as_text(tmp_path):
    import json
    import sqlite3
    import zipfile

    root = _project(tmp_path / "project")
    config = root / "notes2anki.toml"
    config.write_text(
        config.read_text("utf-8").replace('name = "Hostile"', f'name = "{ACTIVE_TOPIC}"'), "utf-8"
    )
    _run(root, "build")
    [apkg] = (root / "build").glob("*.apkg")
    with zipfile.ZipFile(apkg) as archive:
        archive.extract("collection.anki2", tmp_path)
    connection = sqlite3.connect(tmp_path / "collection.anki2")
    (decks,) = connection.execute("SELECT decks FROM col").fetchone()
    connection.close()
    descriptions = [deck["desc"] for deck in json.loads(decks).values() if deck["name"] != "Default"]
    assert descriptions and all(
        description.startswith(html.escape(ACTIVE_TOPIC)) for description in descriptions
    )
