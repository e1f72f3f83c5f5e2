"""Reading back what earlier decks gave Anki: each note's content and time, as the lock records them."""

from __future__ import annotations

import json

from notes_project import run_cli
from small_project import DECK_FILE, write_project

from notes2anki.identity.previous_decks import deck_files, given_out
from notes2anki.note_type_names import MODEL_ID

EPOCH = 1_700_000_000


def test_a_deck_gives_back_each_notes_content_and_time_as_the_lock_has_them(tmp_path):
    write_project(
        tmp_path, {"a.md": "#### 1、什么是GIL？\n\n全局解释器锁。\n\n#### 2、什么是协程？\n\n用户态线程。\n"}
    )
    assert run_cli(tmp_path, "build", epoch=EPOCH).exit_code == 0
    lock = json.loads((tmp_path / "notes2anki.lock").read_text(encoding="utf-8"))
    expected = {entry["guid"]: (entry["content"], entry["modified"]) for entry in lock["notes"]}
    given = given_out([tmp_path / "build" / DECK_FILE], MODEL_ID)
    assert {guid: (note.content, note.modified) for guid, note in given.items()} == expected
    assert len(expected) == 2


def test_only_this_projects_decks_are_read_and_a_damaged_one_is_passed_over(tmp_path):
    for name in (
        "small-deck-0.1.0.apkg",
        "small-deck-0.2.0+dev.apkg",
        "small-deck-extra-0.1.0.apkg",
        "other.apkg",
    ):
        (tmp_path / name).write_bytes(b"not a zip")
    decks = deck_files(tmp_path, "small-deck")
    assert [deck.name for deck in decks] == ["small-deck-0.1.0.apkg", "small-deck-0.2.0+dev.apkg"]
    assert given_out(decks, MODEL_ID) == {}


def test_a_lost_lock_is_made_again_from_the_decks_built_before(tmp_path):
    notes = "#### 1、什么是GIL全局解释器锁？\n\n全局解释器锁，同一时刻只有一个线程执行字节码。\n\n#### 2、什么是闭包？\n\n内部函数引用外部函数的变量。\n"
    write_project(tmp_path, {"a.md": notes})
    assert run_cli(tmp_path, "build", epoch=EPOCH).exit_code == 0
    (tmp_path / "sources" / "a.md").write_text(
        notes.replace("什么是GIL全局解释器锁？", "GIL全局解释器锁是什么意思？"), "utf-8"
    )
    assert run_cli(tmp_path, "build", epoch=EPOCH + 10).exit_code == 0
    lock = tmp_path / "notes2anki.lock"
    known = {(e["guid"], e["question"], e["modified"]) for e in json.loads(lock.read_text("utf-8"))["notes"]}
    lock.unlink()

    outcome = run_cli(tmp_path, "build", epoch=EPOCH + 20)
    assert outcome.exit_code == 0 and "notes2anki.lock is missing" in outcome.output
    made_again = {
        (e["guid"], e["question"], e["modified"]) for e in json.loads(lock.read_text("utf-8"))["notes"]
    }
    assert made_again == known and len(known) == 2


def test_a_lost_lock_gives_quizzes_that_ask_alike_their_own_cards_back(tmp_path):
    quizzes = "".join(
        f"###### {number}. What's the output?\n\n```javascript\nconsole.log({code})\n```\n\n- A: `1`\n- B: `2`\n\n"
        "<details><summary>Answer</summary>\n\n#### Answer: B\n\ntrue 转成 1。\n</details>\n\n---\n\n"
        for number, code in ((1, "2 - true"), (2, "1 + true"))
    )
    write_project(tmp_path, {"quiz.md": "## JavaScript quiz\n\n" + quizzes})
    assert run_cli(tmp_path, "build", epoch=EPOCH).exit_code == 0
    lock = tmp_path / "notes2anki.lock"
    known = {(e["guid"], e["content"]) for e in json.loads(lock.read_text("utf-8"))["notes"]}
    lock.unlink()
    assert run_cli(tmp_path, "build", epoch=EPOCH + 20).exit_code == 0
    assert {(e["guid"], e["content"]) for e in json.loads(lock.read_text("utf-8"))["notes"]} == known
    assert len(known) == 2


def test_a_lock_made_again_from_the_decks_knows_each_cards_topic(tmp_path):
    config = write_project(tmp_path, {"a.md": "#### 1、什么是GIL？\n\n全局解释器锁。\n"})
    assert run_cli(tmp_path, "build", epoch=EPOCH).exit_code == 0
    (tmp_path / "notes2anki.lock").unlink()
    config.write_text(config.read_text("utf-8") + '\n[[topics]]\nname = "Locks"\nsignals = ["锁"]\n', "utf-8")
    config.write_text(
        config.read_text("utf-8").replace('signals = ["python", "GIL"]', 'signals = ["python"]'), "utf-8"
    )
    moved = run_cli(tmp_path, "build", epoch=EPOCH + 20)
    assert "1 moved to another topic" in moved.output and "什么是GIL？ (Python → Locks)" in moved.output
