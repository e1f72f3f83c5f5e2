"""notes2anki.lock on disk: sorted, diff-friendly, written only when it changes, read back exactly."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notes2anki.lockfile import (
    Lock,
    LockEntry,
    LockError,
    Released,
    indented_json,
    mark_released,
    read_lock,
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


def test_written_sorted_one_field_per_line_and_readable(tmp_path):
    path = tmp_path / "notes2anki.lock"
    write_lock(path, LOCK)
    text = path.read_text(encoding="utf-8")
    assert [note["guid"] for note in json.loads(text)["notes"]] == ["n2a-a", "n2a-b"]
    assert '  "question": "进程是什么？",\n' in text  # not \u-escaped: a diff shows the question
    assert all(len(line) < 200 for line in text.splitlines())
    assert not any(name.startswith(".") for name in (p.name for p in tmp_path.iterdir()))


def test_unchanged_lock_is_not_rewritten(tmp_path):
    path = tmp_path / "notes2anki.lock"
    assert write_lock(path, LOCK)
    before = path.stat().st_mtime_ns
    assert not write_lock(path, Lock(tuple(reversed(LOCK.entries)), "abc", 1_699_000_000))
    assert path.stat().st_mtime_ns == before


def test_missing_lock_is_empty(tmp_path):
    assert read_lock(tmp_path / "notes2anki.lock") == Lock()


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"notes": [\n  {"guid": ', "notes2anki.lock:2: not valid JSON"),
        ('{"format": 9, "notes": []}', "lock format 9 is not supported"),
        ('{"notes": [{"guid": "x"}]}', "a note entry is malformed"),
        ("[]", "not a notes2anki lock file"),
    ],
)
def test_broken_lock_is_a_clear_error(tmp_path, text, message):
    path = tmp_path / "notes2anki.lock"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LockError, match=message):
        read_lock(path)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_the_lock_is_written_as_json_dumps_would_write_it(value):
    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
