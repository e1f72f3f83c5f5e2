"""Property-based, for hostile input: control characters, Anki markup, template syntax and deep
nesting in notes, file names that are not UTF-8, pipes where files should be, locks nested deep.
Every build ends, with a deck Anki takes or a clear error, never a traceback or a hang."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from pathlib import Path

from deck_rows import deck_notes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from small_project import write_project

from notes2anki.config import load_config
from notes2anki.errors import Notes2AnkiError
from notes2anki.pipeline.deck import write_deck
from notes2anki.pipeline.export import export_data
from notes2anki.pipeline.stages import run_pipeline

# What Anki or a template engine would act on, and what would break a deck or the renderer.
HOSTILE_PIECES = st.sampled_from(
    [
        "\x1f",
        "\x00",
        "\x1e\x1d\x0b\x0c",
        "[sound:x.mp3]",
        "[anki:tts lang=en_US]x[/anki:tts]",
        "[latex]x[/latex]",
        "[$]x[/$]",
        "[$$]x[/$$]",
        "{{Topic}}",
        "{{#Question}}x{{/Question}}",
        "{{ message }}",
        "{{FrontSide}}",
        "<img src=x onerror=alert(1)>",
        "![x](a%00.png)",
        "![x](https://example.com/t.png)",
        "![x](" + "a" * 300 + ".png)",
    ]
)
NESTING = st.sampled_from(["* ", "- ", "> ", "1. ", "[", "    ", "<div>"])
PROSE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@st.composite
def hostile_notes(draw) -> str:
    sections = []
    for _ in range(draw(st.integers(1, 4))):
        question = draw(st.lists(st.one_of(PROSE, HOSTILE_PIECES), min_size=1, max_size=3))
        answer = draw(st.lists(st.one_of(PROSE, HOSTILE_PIECES), min_size=1, max_size=5))
        depth = draw(st.integers(0, 800))
        sections.append(f"### {''.join(question)}?\n\n{draw(NESTING) * depth}{' '.join(answer)} end\n")
    return "\n".join(sections)


class Project:
    """One temporary project reused across examples: only its notes change."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="notes2anki-hostile-"))
        self.config = load_config(write_project(self.folder, {}))

    def notes(self, files: dict[bytes, str]) -> None:
        shutil.rmtree(self.folder / "sources")
        (self.folder / "sources").mkdir()
        for name, text in files.items():
            (self.folder / "sources" / os.fsdecode(name)).write_text(text, "utf-8", errors="surrogatepass")


PROJECT = Project()


def assert_deck_anki_takes(result, scratch: Path) -> None:
    if not result.notes:
        return
    deck = write_deck(PROJECT.config, result.notes, result.lock, scratch)
    for note in deck_notes(deck, scratch):  # the field count is checked as it is read
        for value in note.values():
            assert "\x1f" not in value and "\x00" not in value
            assert "[sound:" not in value and "{{" not in value and "[latex]" not in value.lower()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_notes())
def test_hostile_notes_build_a_deck_anki_takes(text):
    PROJECT.notes({b"n.md": text})
    with tempfile.TemporaryDirectory() as scratch:
        assert_deck_anki_takes(run_pipeline(PROJECT.config), Path(scratch))


# Any bytes but "/" and NUL make a file name on Linux; most are not UTF-8.
FILE_NAMES = st.binary(min_size=1, max_size=12).map(
    lambda raw: raw.replace(b"/", b"_").replace(b"\x00", b"_")
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FILE_NAMES.filter(lambda raw: raw not in (b".", b"..")), min_size=1, max_size=4, unique=True))
def test_any_file_names_build_and_export_as_utf8(names):
    PROJECT.notes(
        {name + b".md": f"### What is python {index}?\n\nA language.\n" for index, name in enumerate(names)}
    )
    result = run_pipeline(PROJECT.config)
    for diagnostic in result.diagnostics:
        str(diagnostic).encode("utf-8")  # every warning can be shown
    json.dumps(export_data(result), ensure_ascii=False).encode("utf-8")  # the export is UTF-8
    with tempfile.TemporaryDirectory() as scratch:
        assert_deck_anki_takes(result, Path(scratch))


def _ends(action) -> object:
    """What ``action`` returned or raised; fails when it has not ended in 20 s."""
    outcome: list[object] = []

    def attempt() -> None:
        try:
            outcome.append(action())
        except Exception as exc:
            outcome.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(20)
    assert outcome, "hangs"
    return outcome[0]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sets(st.sampled_from(["lock", "note", "image"]), min_size=1))
def test_pipes_where_files_should_be_never_hang_a_build(pipes):
    PROJECT.notes({b"n.md": "### What is python?\n\nA language.\n\n![x](x.png)\n"})
    lock = PROJECT.config.lock_path
    lock.unlink(missing_ok=True)
    places = {
        "lock": lock,
        "note": PROJECT.folder / "sources" / "pipe.md",
        "image": PROJECT.folder / "sources" / "x.png",
    }
    for name in pipes:
        os.mkfifo(places[name])
    try:
        outcome = _ends(lambda: run_pipeline(PROJECT.config))
    finally:
        lock.unlink(missing_ok=True)
    assert not isinstance(outcome, Exception) or isinstance(outcome, Notes2AnkiError), repr(outcome)


@settings(max_examples=10, deadline=None)
@given(st.integers(1, 200_000), st.sampled_from(["[", '{"a":']))
def test_a_lock_nested_to_any_depth_is_read_or_refused(depth, opening):
    from notes2anki.identity.lockfile import Lock, LockError, read_lock

    closing = "]" if opening == "[" else "}"
    PROJECT.config.lock_path.write_text(opening * depth + "1" + closing * depth, "utf-8")
    try:
        outcome = _ends(lambda: read_lock(PROJECT.config.lock_path))
    finally:
        PROJECT.config.lock_path.unlink()
    assert isinstance(outcome, (Lock, LockError)), repr(outcome)
