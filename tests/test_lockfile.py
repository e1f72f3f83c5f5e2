"""notes2anki.lock on disk: sorted, diff-friendly, written only when it changes, read back exactly."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from notes_project import run_cli
from small_project import write_project

from notes2anki.identity.lockfile import (
    GUID_SHAPE,
    Lock,
    LockEntry,
    LockError,
    Released,
    mark_released,
    read_lock,
    released_version,
    write_lock,
)


def entry(guid: str, question: str, **changes) -> LockEntry:
    values = {
        "guid": guid,
        "key": question.lower(),
        "question": question,
        "content": "c-" + guid,
        "sketch": "0000000a0000000b",
        "modified": 1_700_000_000,
        "source": "notes.md › Basics",
        "topic": "Python",
    }
    return LockEntry(**{**values, **changes})


LOCK = Lock(
    entries=(entry("n2a-b", "Second?", removed=True), entry("n2a-a", "进程是什么？")),
    note_type="abc",
    note_type_modified=1_699_000_000,
)


def test_round_trip_keeps_everything(tmp_path):
    path = tmp_path / "notes2anki.lock"
    released = mark_released(LOCK, "1.0.0")
    assert write_lock(path, released)
    assert read_lock(path) == released.sorted()
    assert read_lock(path).entries[1].released == Released("Second?", "c-n2a-b", "Python", removed=True)


def test_a_lock_read_as_written_writes_its_unchanged_entries_as_their_lines(tmp_path):
    """Only the very entries read from a line are written as it again: a changed entry, a new one
    and a lock not read as written are encoded anew."""
    path = tmp_path / "notes2anki.lock"
    write_lock(path, LOCK)
    # Equivalent JSON laid out otherwise, as only the line itself could give it back.
    path.write_text(path.read_text("utf-8").replace('"topic": "Python"', '"topic":  "Python"', 1), "utf-8")
    lock = read_lock(path, as_written=True)
    changed = replace(lock.entries[1], modified=1_700_000_001)
    edited = replace(lock, entries=(lock.entries[0], changed, entry("n2a-c", "Third?")))
    write_lock(path, edited)
    text = path.read_text("utf-8")
    assert text.count('"topic":  "Python"') == 1 and "1700000001" in text and "n2a-c" in text
    assert read_lock(path) == edited.sorted()
    write_lock(path, read_lock(path))
    assert '"topic":  "Python"' not in path.read_text("utf-8")


def test_written_sorted_one_note_per_line_and_readable(tmp_path):
    path = tmp_path / "notes2anki.lock"
    write_lock(path, LOCK)
    text = path.read_text(encoding="utf-8")
    assert [note["guid"] for note in json.loads(text)["notes"]] == ["n2a-a", "n2a-b"]
    note_lines = [line for line in text.splitlines() if line.startswith('  {"content"')]
    assert [json.loads(line.rstrip(","))["guid"] for line in note_lines] == ["n2a-a", "n2a-b"]
    assert '"question": "进程是什么？"' in note_lines[0]  # not \u-escaped: a diff shows the question
    assert not any(name.startswith(".") for name in (p.name for p in tmp_path.iterdir()))


def test_an_edited_note_changes_one_line_of_the_lock(tmp_path):
    path = tmp_path / "notes2anki.lock"
    write_lock(path, LOCK)
    before = path.read_text(encoding="utf-8").splitlines()
    edited = entry("n2a-a", "进程是什么？", content="c-edited", modified=1_700_000_100)
    write_lock(path, Lock((LOCK.entries[0], edited), "abc", 1_699_000_000))
    after = path.read_text(encoding="utf-8").splitlines()
    edited_line = next(n for n, line in enumerate(before) if '"guid": "n2a-a"' in line)
    assert len(after) == len(before)
    assert [n for n, (old, new) in enumerate(zip(before, after, strict=False)) if old != new] == [edited_line]


def test_unchanged_lock_is_not_rewritten(tmp_path):
    path = tmp_path / "notes2anki.lock"
    assert write_lock(path, LOCK)
    before = path.stat().st_mtime_ns
    assert not write_lock(path, Lock(tuple(reversed(LOCK.entries)), "abc", 1_699_000_000))
    assert path.stat().st_mtime_ns == before


def test_missing_lock_is_empty(tmp_path):
    assert read_lock(tmp_path / "notes2anki.lock") == Lock()


ENTRY = '{"content": "c", "guid": "n2a-1", "key": "k", "modified": 1, "question": "q"}'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"notes": [\n  {"guid": ', "notes2anki.lock:2: not valid JSON"),
        ('{"format": 9, "notes": []}', "lock format 9 is not supported"),
        ('{"notes": [{"guid": "x"}]}', "a note entry is malformed"),
        ("[]", "not a notes2anki lock file"),
        (
            '{\n "notes": [\n'
            f"  {ENTRY},\n  " + ENTRY.replace('"modified": 1', '"modified": "yesterday"') + "\n ]\n}",
            "notes2anki.lock:4: a note entry is malformed",
        ),
        (
            f'{{\n "notes": [\n  {ENTRY},\n  ' + ENTRY.replace('"key": "k"', '"key": "other"') + "\n ]\n}",
            "notes2anki.lock:4: GUID n2a-1 is on line 3 too",
        ),
        (
            '{\n "notes": [\n  ' + ENTRY.replace('"n2a-1"', '""') + "\n ]\n}",
            "lock:3: .*the guid '' is not one Anki takes",
        ),
        ('{\n "notes": [\n  ' + ENTRY.replace(": 1,", ": 1e400,") + "\n ]\n}", "lock:3: .*whole seconds"),
        (
            '{\n "notes": [\n  ' + ENTRY.replace(": 1,", ": -99999999999999999999,") + "\n ]\n}",
            "lock:3: .*whole",
        ),
        (
            '{\n "format": 1,\n "note_type": {"modified": "yesterday"},\n "notes": []\n}',
            "lock:3: the note type entry",
        ),
    ],
)
def test_broken_lock_is_a_clear_error(tmp_path, text, message):
    path = tmp_path / "notes2anki.lock"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LockError, match=message):
        read_lock(path)


def test_a_lock_that_is_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "notes2anki.lock"
    path.write_bytes(b'{\n "notes": [\n  {"question": "\xff"}\n ]\n}')
    with pytest.raises(LockError, match=r"notes2anki\.lock:3: not UTF-8 text"):
        read_lock(path)


def test_a_lock_that_is_a_folder_or_cannot_be_read_is_a_clear_error(tmp_path, monkeypatch):
    folder = tmp_path / "notes2anki.lock"
    folder.mkdir()
    with pytest.raises(LockError, match=r"notes2anki\.lock: is a folder, not the lock file"):
        read_lock(folder)

    def refused(self):
        raise PermissionError(13, "Permission denied")

    from notes2anki.identity import lockfile

    monkeypatch.setattr(lockfile, "read_regular_bytes", refused)
    with pytest.raises(LockError, match=r"notes2anki.lock: cannot read it \(Permission denied\)"):
        read_lock(tmp_path / "notes2anki.lock")


TEXTS = st.text(st.characters(codec="utf-8"), max_size=30)


# GUIDs as Anki takes them: printable ASCII without spaces ("n2a-3f9c...", genanki's "Fx$1+9k/Qb").
GUIDS = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=30)


@given(st.lists(st.tuples(GUIDS, TEXTS, TEXTS), max_size=5, unique_by=lambda t: t[0]))
def test_any_text_in_a_lock_reads_back_as_written(tmp_path_factory, texts):
    path = tmp_path_factory.mktemp("lock") / "notes2anki.lock"
    entries = tuple(entry(guid, question, source=source) for guid, question, source in texts)
    lock = Lock(entries, note_type="abc", note_type_modified=1, released_version="1.0.0")
    write_lock(path, lock)
    assert read_lock(path) == lock.sorted()


@given(st.sampled_from(["", "1.0.0", "2.3.4-rc.1"]), TEXTS)
def test_the_released_version_is_read_from_the_header_as_from_the_whole_lock(
    tmp_path_factory, version, question
):
    path = tmp_path_factory.mktemp("lock") / "notes2anki.lock"
    write_lock(path, Lock((entry("n2a-a", question),), released_version=version))
    assert released_version(path) == version
    # Laid out by hand (another JSON formatter, "released_version" after the notes): read whole.
    document = json.loads(path.read_text("utf-8"))
    notes = document.pop("notes")
    path.write_text(json.dumps({"notes": notes, **document}, indent=4, ensure_ascii=False), "utf-8")
    assert released_version(path) == version


@given(st.text(st.characters(codec="utf-8"), max_size=30).filter(lambda guid: not GUID_SHAPE.match(guid)))
def test_a_guid_anki_would_not_take_is_refused_with_its_line(tmp_path_factory, guid):
    path = tmp_path_factory.mktemp("lock") / "notes2anki.lock"
    write_lock(path, Lock((entry(guid, "q"),)))
    with pytest.raises(
        LockError, match=r"notes2anki\.lock:\d+: a note entry is malformed \(ValueError: the guid"
    ):
        read_lock(path)


def test_a_renamed_deck_is_reported_once_with_what_anki_will_do(tmp_path):
    config = write_project(tmp_path, {"a.md": "#### 1、什么是GIL？\n\n全局解释器锁。\n"})
    assert run_cli(tmp_path, "build", epoch=1_700_000_000).exit_code == 0
    config.write_text(
        config.read_text("utf-8").replace('name = "Small Deck"', 'name = "Job Interview"'), "utf-8"
    )
    renamed = run_cli(tmp_path, "build", epoch=1_700_000_010)
    assert renamed.exit_code == 0
    assert "deck.name changed from 'Small Deck' to 'Job Interview'" in renamed.output
    assert json.loads((tmp_path / "notes2anki.lock").read_text("utf-8"))["deck"] == "Job Interview"
    again = run_cli(tmp_path, "build", "--strict", epoch=1_700_000_010)  # nothing to do: said once is enough
    assert again.exit_code == 0 and "up to date" in again.output and "deck.name changed" not in again.output
    assert "deck.name changed" not in run_cli(tmp_path, "build", epoch=1_700_000_020).output


@pytest.fixture
def remembering():
    from notes2anki.identity import lockfile

    lockfile.remember_written_locks()  # in this test's own (conftest)
    return lockfile


def test_a_remembered_lock_read_back_unchanged_is_not_decoded_again(tmp_path, remembering, monkeypatch):
    path = tmp_path / "notes2anki.lock"
    write_lock(path, LOCK)
    monkeypatch.setattr(remembering, "lock_from_json", lambda *args: pytest.fail("decoded again"))
    read = read_lock(path, as_written=True)
    assert read == LOCK.sorted()
    assert {guid: line for guid, (_, line) in read.lines.items()} == {
        "n2a-a": next(line for line in path.read_text("utf-8").splitlines() if "n2a-a" in line)[2:-1],
        "n2a-b": next(line for line in path.read_text("utf-8").splitlines() if "n2a-b" in line)[2:],
    }
    assert read_lock(path).lines == {}


def test_a_remembered_lock_changed_since_is_decoded(tmp_path, remembering):
    path = tmp_path / "notes2anki.lock"
    write_lock(path, LOCK)
    path.write_text(path.read_text("utf-8").replace("进程是什么？", "线程是什么？"), "utf-8")
    assert read_lock(path).entries[0].question == "线程是什么？"


def test_a_remembered_lock_that_decoding_would_refuse_is_refused(tmp_path, remembering):
    path = tmp_path / "notes2anki.lock"
    write_lock(path, Lock(entries=(entry("bad guid", "What?"),)))
    with pytest.raises(LockError, match="not one Anki takes"):
        read_lock(path)
