"""Study a deck in Anki, edit the notes, rebuild, import again: progress survives and only edits apply."""

from __future__ import annotations

import json

from anki.scheduler_pb2 import CardAnswer
from anki_helpers import import_deck, new_collection
from notes_project import (
    ADDED,
    CHANGED_ANSWER,
    DELETED,
    MOVED,
    REWORDED,
    TYPO_FIXED,
    UNTOUCHED,
    edit_notes,
    run_cli,
    write_project,
)
from small_project import DECK_FILE as SMALL_DECK
from small_project import write_project as write_small_project

from notes2anki.pipeline.cache import CACHE_FOLDER

V1_EPOCH = 1_700_000_000
V2_EPOCH = V1_EPOCH + 7 * 86_400
DAY = 86_400


def study_every_card(collection) -> None:
    """Answer each card once through the scheduler (the queue alone stops at the daily new-card limit)."""
    for card_id in collection.find_cards(""):
        card = collection.get_card(card_id)
        card.start_timer()
        states = collection._backend.get_scheduling_states(card_id)
        collection.sched.answer_card(
            collection.sched.build_answer(card=card, states=states, rating=CardAnswer.EASY)
        )


def progress(collection) -> dict[int, tuple]:
    """Per card: its review history and where the scheduler has put it."""
    state = {}
    for card_id in collection.find_cards(""):
        card = collection.get_card(card_id)
        reviews = collection.db.list("select id from revlog where cid = ? order by id", card_id)
        state[card_id] = (card.nid, tuple(reviews), card.ivl, card.due, card.queue, card.type, card.did)
    return state


def questions_by_note(collection) -> dict[int, str]:
    return {nid: collection.get_note(nid)["Question"] for nid in collection.find_notes("")}


def question_of(html: str) -> str:
    return html.split(">", 1)[1].split("<", 1)[0]


def test_rebuild_after_edits_updates_only_edited_notes_and_keeps_progress(tmp_path):
    root = write_project(tmp_path / "project")
    built = run_cli(root, "build", epoch=V1_EPOCH)
    assert built.exit_code == 0, built.output
    v1 = root / "build" / "test-deck-0.1.0.apkg"
    lock_v1 = json.loads((root / "notes2anki.lock").read_text(encoding="utf-8"))

    collection = new_collection(tmp_path / "anki")
    try:
        first = import_deck(collection, v1)
        assert len(first.new) == 7 and not first.conflicting and not first.duplicate
        study_every_card(collection)
        before = progress(collection)
        assert all(len(reviews) == 1 and ivl > 0 for _, reviews, ivl, *_ in before.values())
        notes_before = questions_by_note(collection)
        guid_of = {question_of(q): collection.get_note(nid).guid for nid, q in notes_before.items()}

        edit_notes(root)
        rebuilt = run_cli(root, "build", epoch=V2_EPOCH)
        assert rebuilt.exit_code == 0, rebuilt.output
        assert f"for {REWORDED[1]!r}" in rebuilt.output and f"for {TYPO_FIXED[1]!r}" in rebuilt.output
        assert "1 no longer in the notes" in rebuilt.output and DELETED in rebuilt.output

        second = import_deck(collection, v1)
        after = progress(collection)
        notes_after = questions_by_note(collection)
    finally:
        collection.close()

    updated = {question_of(notes_after[entry.id.nid]) for entry in second.updated}
    assert updated == {CHANGED_ANSWER, TYPO_FIXED[1], REWORDED[1]}
    assert [question_of(notes_after[entry.id.nid]) for entry in second.new] == [ADDED]
    assert not second.conflicting
    # Anki logs a note it already has and leaves alone as "duplicate": the moved and untouched ones
    # (so the learner's own tags on them survive).
    assert {question_of(notes_after[entry.id.nid]) for entry in second.duplicate} == {MOVED, *UNTOUCHED}
    questions = [question_of(q) for q in notes_after.values()]
    assert len(questions) == len(set(questions)) == len(notes_before) + 1

    # Every card studied in v1 is still there, with its history and schedule unchanged.
    assert set(before) <= set(after)
    for card_id, state in before.items():
        assert after[card_id] == state
    assert len(after) == len(before) + 1
    # The deleted question stays in the collection (Anki never deletes on import) under its old GUID.
    assert any(question_of(q) == DELETED for q in notes_after.values())
    # Edited questions kept their notes: same note ids, same GUIDs.
    for old, new in (TYPO_FIXED, REWORDED):
        [nid] = [nid for nid, q in notes_before.items() if question_of(q) == old]
        assert question_of(notes_after[nid]) == new
    lock_v2 = {note["question"]: note for note in json.loads((root / "notes2anki.lock").read_text())["notes"]}
    assert lock_v2[REWORDED[1]]["guid"] == guid_of[REWORDED[0]]
    assert lock_v2[DELETED]["removed"] is True
    old_modified = {note["question"]: note["modified"] for note in lock_v1["notes"]}
    assert lock_v2[MOVED]["modified"] == old_modified[MOVED] == V1_EPOCH
    assert lock_v2[MOVED]["source"].startswith("sync.md")
    assert lock_v2[CHANGED_ANSWER]["modified"] == V2_EPOCH


def test_note_type_is_updated_only_when_its_style_changes(tmp_path, monkeypatch):
    root = write_project(tmp_path / "project")
    assert run_cli(root, "build", epoch=V1_EPOCH).exit_code == 0
    deck = root / "build" / "test-deck-0.1.0.apkg"
    collection = new_collection(tmp_path / "anki")
    try:
        import_deck(collection, deck)
        model_mtime = collection.models.by_name("notes2anki Q/A")["mod"]
        assert model_mtime == V1_EPOCH

        assert run_cli(root, "build", epoch=V2_EPOCH).exit_code == 0
        import_deck(collection, deck)
        assert collection.models.by_name("notes2anki Q/A")["mod"] == V1_EPOCH

        from notes2anki.pipeline import deck as deck_module
        from notes2anki.pipeline import incremental, stages

        for module in (
            stages,
            deck_module,
            incremental,
        ):  # the note type's hash, and the note type in the deck
            monkeypatch.setattr(module, "card_css", lambda: ".card { color: teal; }")
        assert run_cli(root, "build", epoch=V2_EPOCH + DAY).exit_code == 0
        log = import_deck(collection, deck)
        model = collection.models.by_name("notes2anki Q/A")
        assert model["css"] == ".card { color: teal; }" and model["mod"] == V2_EPOCH + DAY
        assert not log.updated and not log.conflicting
    finally:
        collection.close()


def test_two_builds_at_the_same_epoch_are_byte_identical(tmp_path):
    root = write_project(tmp_path / "project")
    deck = root / "build" / "test-deck-0.1.0.apkg"
    assert run_cli(root, "build", epoch=V1_EPOCH).exit_code == 0
    first = deck.read_bytes()
    lock = (root / "notes2anki.lock").read_bytes()
    deck.unlink()
    assert run_cli(root, "build", epoch=V1_EPOCH).exit_code == 0
    assert deck.read_bytes() == first
    assert (root / "notes2anki.lock").read_bytes() == lock
    left = [p.name for p in (root / "build").iterdir() if p.name != CACHE_FOLDER.name]
    assert left == ["test-deck-0.1.0.apkg"]
    # A later build with the same notes changes nothing a learner would import.
    assert run_cli(root, "build", epoch=V2_EPOCH).exit_code == 0
    assert (root / "notes2anki.lock").read_bytes() == lock


CLOSURE_ANSWER = "闭包是指内部函数引用了外部函数作用域中的变量，并且外部函数返回了这个内部函数。"


def test_a_copy_worded_otherwise_in_a_file_that_sorts_first_keeps_the_studied_card(tmp_path):
    """The copy in a.md now asks the card's question ("闭包是什么？"), the studied wording
    ("什么是闭包？") is dropped as the same section: the card is still the one being studied."""
    root = tmp_path / "project"
    write_small_project(root, {"python.md": f"## Python基础\n\n#### 1、什么是闭包？\n\n{CLOSURE_ANSWER}\n"})
    deck = root / "build" / SMALL_DECK
    assert run_cli(root, "build", epoch=V1_EPOCH).exit_code == 0
    collection = new_collection(tmp_path / "anki")
    try:
        import_deck(collection, deck)
        study_every_card(collection)
        before = progress(collection)

        (root / "sources" / "a.md").write_text(
            f"## 复习\n\n#### 1、闭包是什么？\n\n{CLOSURE_ANSWER}\n", "utf-8"
        )
        rebuilt = run_cli(root, "build", epoch=V2_EPOCH)
        assert rebuilt.exit_code == 0, rebuilt.output
        assert "no longer in the notes" not in rebuilt.output
        log = import_deck(collection, deck)
        assert len(log.updated) == 1 and not log.new and not log.duplicate
        assert progress(collection) == before
        (note_id,) = collection.find_notes("")
        assert "闭包是什么？" in collection.get_note(note_id)["Question"]
    finally:
        collection.close()


def test_notes_and_lock_put_back_by_version_control_still_reach_anki(tmp_path):
    """A revert brings back the old answer and the old lock, whose time is older than the deck
    Anki took since: the build must give the old answer a newer time, or Anki keeps the new one."""
    root = tmp_path / "project"
    write_small_project(root, {"a.md": "#### 1、什么是死锁？\n\n两个线程互相等待对方释放资源。\n"})
    note_file, lock = root / "sources" / "a.md", root / "notes2anki.lock"
    deck = root / "build" / SMALL_DECK
    assert run_cli(root, "build", epoch=V1_EPOCH).exit_code == 0
    committed = {path: path.read_bytes() for path in (note_file, lock)}
    collection = new_collection(tmp_path / "anki")
    try:
        import_deck(collection, deck)
        study_every_card(collection)
        before = progress(collection)
        note_file.write_text("#### 1、什么是死锁？\n\n两个或多个线程互相等待对方释放资源。\n", "utf-8")
        assert run_cli(root, "build", epoch=V2_EPOCH).exit_code == 0
        assert len(import_deck(collection, deck).updated) == 1

        for path, data in committed.items():  # git revert
            path.write_bytes(data)
        assert run_cli(root, "build", epoch=V2_EPOCH + DAY).exit_code == 0
        log = import_deck(collection, deck)
        assert len(log.updated) == 1 and not log.new and not log.duplicate
        (note_id,) = collection.find_notes("")
        assert "两个线程互相等待" in collection.get_note(note_id)["Answer"]
        assert progress(collection) == before
        # The lock now says so: the next build changes nothing.
        written = lock.read_bytes()
        assert run_cli(root, "build", epoch=V2_EPOCH + 2 * DAY).exit_code == 0
        assert lock.read_bytes() == written
    finally:
        collection.close()


GIL_ANSWER = (
    "GIL是CPython解释器里的一把全局锁，同一时刻只允许一个线程执行Python字节码。\n\n"
    "所以多线程跑CPU密集的任务不能利用多核，IO密集的任务在等待IO时会释放GIL。"
)


def test_a_question_reworded_a_lot_with_the_same_answer_keeps_its_studied_card(tmp_path):
    root = tmp_path / "project"
    other = "### 什么是死锁？\n\n两个线程各自持有对方需要的锁，谁也无法继续执行下去，程序就卡住了。\n"
    write_small_project(root, {"python.md": f"### Python的GIL是什么？\n\n{GIL_ANSWER}\n\n{other}"})
    deck = root / "build" / SMALL_DECK
    assert run_cli(root, "build", epoch=V1_EPOCH).exit_code == 0
    collection = new_collection(tmp_path / "anki")
    try:
        import_deck(collection, deck)
        study_every_card(collection)
        before = progress(collection)

        reworded = f"### 解释一下全局解释器锁GIL对多线程的影响？\n\n{GIL_ANSWER}\n\n{other}"
        (root / "sources" / "python.md").write_text(reworded, "utf-8")
        rebuilt = run_cli(root, "build", epoch=V2_EPOCH)
        assert rebuilt.exit_code == 0, rebuilt.output
        assert (
            "kept the card of 'Python的GIL是什么？' for '解释一下全局解释器锁GIL对多线程的影响？'"
            in rebuilt.output
        )
        log = import_deck(collection, deck)
        # The reworded card is updated in place; the untouched one is left alone ("duplicate").
        assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 1, 1)
        [updated] = [questions_by_note(collection)[entry.id.nid] for entry in log.updated]
        assert "解释一下全局解释器锁GIL对多线程的影响？" in updated
        assert len(collection.find_notes("")) == 2
        assert progress(collection) == before
    finally:
        collection.close()


def test_the_search_printed_for_removed_questions_finds_exactly_their_notes(tmp_path):
    root = tmp_path / "project"
    questions = ["什么是死锁？", "什么是协程？", "什么是GIL？", "什么是闭包？"]
    notes = {
        f"{n}.md": f"### {q}\n\n{q[2:-1]}的答案写在这里，足够长的一段说明文字。\n"
        for n, q in enumerate(questions)
    }
    write_small_project(root, notes)
    assert run_cli(root, "build", epoch=V1_EPOCH).exit_code == 0
    collection = new_collection(tmp_path / "anki")
    try:
        import_deck(collection, root / "build" / SMALL_DECK)
        kept = {questions_by_note(collection)[nid]: nid for nid in collection.find_notes("")}
        for name in ("0.md", "2.md"):
            (root / "sources" / name).unlink()
        rebuilt = run_cli(root, "build", epoch=V2_EPOCH)
        [search] = [
            line.split("Browse: ", 1)[1] for line in rebuilt.output.splitlines() if "Browse: " in line
        ]
        found = {questions_by_note(collection)[nid] for nid in collection.find_notes(search)}
        assert found == {question for question in kept if "死锁" in question or "GIL" in question}
        assert search.startswith('"note:notes2anki Q/A" (')
        # Someone importing the deck fresh gets the questions there are, not the removed ones.
        fresh = new_collection(tmp_path / "fresh")
        try:
            import_deck(fresh, root / "build" / SMALL_DECK)
            assert len(fresh.find_notes("")) == 2 and fresh.find_notes(search) == []
        finally:
            fresh.close()
    finally:
        collection.close()


def test_the_root_deck_carries_the_configured_description_and_each_subdeck_its_own_count(tmp_path):
    root = tmp_path / "project"
    config = write_small_project(
        root,
        {
            "python.md": "### 什么是GIL？\n\nPython的全局解释器锁。\n",
            "net.md": "### 什么是TCP？\n\n面向连接的协议。\n\n### 什么是UDP？\n\n无连接的协议。\n",
        },
    )
    text = config.read_text(encoding="utf-8").replace(
        'version = "0.1.0"', 'version = "0.1.0"\ndescription = "Interview notes <b>kept</b> for years"'
    )
    text += '\n[[topics]]\nname = "Networking"\nsignals = ["TCP", "UDP"]\n'
    config.write_text(text, encoding="utf-8")
    assert run_cli(root, "build", epoch=V1_EPOCH).exit_code == 0
    collection = new_collection(tmp_path / "anki")
    try:
        import_deck(collection, root / "build" / SMALL_DECK)
        described = {deck["name"]: deck["desc"] for deck in collection.decks.all()}
        assert described["Small Deck"] == (
            "Interview notes &lt;b&gt;kept&lt;/b&gt; for years<br><br>"
            "Small Deck — version 0.1.0, built 2023-11-14, 3 cards."
        )
        assert described["Small Deck::Python"] == "Python: 1 card of Small Deck, version 0.1.0."
        assert described["Small Deck::Networking"] == "Networking: 2 cards of Small Deck, version 0.1.0."
    finally:
        collection.close()
