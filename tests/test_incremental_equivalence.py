"""A build that reuses build/.cache makes what a build from nothing makes, edit after edit.

Random sequences of the edits a learner makes (add, change, delete, move, reword, copy a section
into another file, empty a file, add or delete flashcards of the other note types) are applied to a
small project; after each, the project is built with its cache (an edit build when the edit allows
it, about half of them) and a copy of it (notes, lock and earlier decks, no cache) with --no-cache.
What each build says (-v), the decks, the locks and the exports must be the same to the byte: a
card whose identity came out different from the cache would reset its review history.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from notes_project import run_cli

from notes2anki.pipeline import deck as deck_module
from notes2anki.pipeline.cache import CACHE_FOLDER

EPOCH = 1_700_000_000
CONFIG = """\
[deck]
name = "Edit Deck"
version = "0.1.0"
sources = ["notes/*"]

[identity]
fuzzy_threshold = 0.75

[[topics]]
name = "Python"
signals = ["python", "GIL", "闭包", "装饰器", "列表"]

[[topics]]
name = "Concurrency"
signals = ["进程", "线程", "协程", "锁"]
"""
FILES = ("basics.md", "threads.md", "more.md")
# Questions, each with a rewording a learner might make of it.
QUESTIONS = (
    ("什么是GIL？", "GIL是什么？"),
    ("什么是闭包？", "闭包是什么东西？"),
    ("进程和线程的区别？", "进程与线程有什么区别？"),
    ("什么是协程？", "协程是什么？"),
    ("How does a list differ from a tuple?", "How is a list different from a tuple?"),
    ("什么是死锁？", "死锁是怎么产生的？"),
    ("装饰器有什么用？", "装饰器的作用是什么？"),
)
# Answers: two are near-copies (the same answer, reworded by a character), one holds code.
ANSWERS = (
    "全局解释器锁，同一时刻只有一个线程执行Python字节码。",
    "全局解释器锁，同一时刻只有一个线程执行 Python 字节码。",
    "一个函数记住了定义它的作用域里的变量，即使那个作用域已经结束。",
    "进程是资源分配的单位，线程是CPU调度的单位。",
    "```python\ndef outer():\n    x = 1\n    def inner():\n        return x\n    return inner\n```",
    "A list is mutable; a tuple is immutable and can be a dict key.",
    "两个线程各自持有对方需要的锁，谁也无法继续。",
    "同上",
)


@dataclass
class Notes:
    """The project's notes as question/answer pairs per file, and a note of flashcards (Q::A,
    Q:::A, clozes: the other note types)."""

    files: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: {name: [] for name in FILES})
    flashcards: list[str] = field(default_factory=list)

    def write(self, root: Path) -> None:
        for name, sections in self.files.items():
            text = "".join(f"### {question}\n\n{answer}\n\n" for question, answer in sections)
            (root / "notes" / name).write_text(f"# {name}\n\n{text}", encoding="utf-8")
        cards = "".join(f"{line}\n\n" for line in self.flashcards)
        (root / "notes" / "flashcards.md").write_text(f"#flashcards\n\n# 卡片\n\n{cards}", encoding="utf-8")

    def pick(self, file: int, position: int) -> tuple[str, int] | None:
        name = FILES[file % len(FILES)]
        sections = self.files[name]
        return (name, position % len(sections)) if sections else None


def add(notes: Notes, file: int, question: int, answer: int, _: int) -> None:
    notes.files[FILES[file % len(FILES)]].append(
        (QUESTIONS[question % len(QUESTIONS)][0], ANSWERS[answer % len(ANSWERS)])
    )


def change(notes: Notes, file: int, position: int, answer: int, _: int) -> None:
    if picked := notes.pick(file, position):
        name, at = picked
        notes.files[name][at] = (notes.files[name][at][0], ANSWERS[answer % len(ANSWERS)])


def delete(notes: Notes, file: int, position: int, _: int, __: int) -> None:
    if picked := notes.pick(file, position):
        name, at = picked
        del notes.files[name][at]


def move(notes: Notes, file: int, position: int, to: int, _: int) -> None:
    if picked := notes.pick(file, position):
        name, at = picked
        notes.files[FILES[to % len(FILES)]].append(notes.files[name].pop(at))


def copy(notes: Notes, file: int, position: int, to: int, _: int) -> None:
    if picked := notes.pick(file, position):
        name, at = picked
        notes.files[FILES[to % len(FILES)]].insert(0, notes.files[name][at])


def add_new(notes: Notes, file: int, position: int, number: int, _: int) -> None:
    """A question and answer no other section has: the edit an edit build takes on its own."""
    sections = notes.files[FILES[file % len(FILES)]]
    at = position % (len(sections) + 1)
    sections.insert(at, (f"第{number}个新问题是什么？", f"只有这一节写了的第{number}个答案，谈到进程。"))


def reword_new(notes: Notes, file: int, position: int, number: int, _: int) -> None:
    """A section's question and answer rewritten into ones no other section has, or a topic-less one."""
    if picked := notes.pick(file, position):
        name, at = picked
        answer = (
            f"改写后的第{number}个答案，没有别处写过。" if number % 2 else f"第{number}号没有信号词的答案。"
        )
        notes.files[name][at] = (f"改写后的第{number}个问题？", answer)


def add_flashcard(notes: Notes, kind: int, position: int, number: int, _: int) -> None:
    """A one-line card of another note type: a card each way, or a cloze; or a Q::A card."""
    line = (
        f"第{number}个词的意思::它的第{number}个解释",
        f"第{number}个正面:::第{number}个背面",
        f"第{number}条规则说{{{{c1::填空{number}}}}}，也说{{{{c2::另一处{number}}}}}。",
    )[kind % 3]
    notes.flashcards.insert(position % (len(notes.flashcards) + 1), line)


def delete_flashcard(notes: Notes, _: int, position: int, __: int, ___: int) -> None:
    if notes.flashcards:
        del notes.flashcards[position % len(notes.flashcards)]


def empty_file(notes: Notes, file: int, _: int, __: int, ___: int) -> None:
    notes.files[FILES[file % len(FILES)]].clear()


def reword(notes: Notes, file: int, position: int, _: int, __: int) -> None:
    if picked := notes.pick(file, position):
        name, at = picked
        question, answer = notes.files[name][at]
        rewordings = dict(QUESTIONS) | {second: first for first, second in QUESTIONS}
        notes.files[name][at] = (rewordings.get(question, question), answer)


EDITS = (
    add,
    change,
    delete,
    move,
    copy,
    reword,
    add_new,
    reword_new,
    add_flashcard,
    delete_flashcard,
    empty_file,
)
edit_steps = st.lists(st.tuples(st.sampled_from(EDITS), *[st.integers(0, 20)] * 4), min_size=1, max_size=8)


def build(root: Path, *options: str, epoch: int) -> str:
    """What `notes2anki -v build` says (with -v: every duplicate, change and unanswered question),
    and how it exits: 1 when the edits left no card (no deck is written then)."""
    outcome = run_cli(root, "build", "-v", *options, epoch=epoch)
    assert outcome.exit_code == 0 or "no cards in the notes" in outcome.output, outcome.output
    return f"exit {outcome.exit_code}\n" + outcome.output.replace(str(root), "PROJECT")


def export(root: Path, epoch: int) -> bytes:
    outcome = run_cli(root, "-q", "export", "-", epoch=epoch)
    return f"exit {outcome.exit_code}\n{outcome.output}".encode()


def outputs(root: Path, epoch: int) -> dict[str, bytes]:
    made = {path.name: path.read_bytes() for path in sorted((root / "build").glob("*.apkg"))}
    return made | {"lock": (root / "notes2anki.lock").read_bytes(), "export": export(root, epoch)}


def start(root: Path) -> Notes:
    (root / "notes").mkdir(parents=True)
    (root / "notes2anki.toml").write_text(CONFIG, encoding="utf-8")
    notes = Notes()
    for number, (question, _) in enumerate(QUESTIONS):
        notes.files[FILES[number % 2]].append((question, ANSWERS[number % len(ANSWERS)]))
    notes.write(root)
    build(root, epoch=EPOCH)
    return notes


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=edit_steps)
def test_a_build_from_the_cache_equals_a_build_from_nothing_after_every_edit(tmp_path_factory, steps):
    work = tmp_path_factory.mktemp("edits")
    cached, fresh = work / "cached", work / "fresh"
    notes = start(cached)
    for number, (edit, *arguments) in enumerate(steps, start=1):
        edit(notes, *arguments)
        notes.write(cached)
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(cached, fresh, ignore=shutil.ignore_patterns(CACHE_FOLDER.name))
        epoch = EPOCH + 100 * number
        said = build(cached, epoch=epoch)
        assert said == build(fresh, "--no-cache", epoch=epoch), (
            f"after {[s[0].__name__ for s in steps[:number]]}"
        )
        assert outputs(cached, epoch) == outputs(fresh, epoch), (
            f"after {[s[0].__name__ for s in steps[:number]]}"
        )


def test_the_edits_reach_the_deck(tmp_path):
    """The property above compares builds that did something: each kind of edit changes the cards."""
    root = tmp_path / "project"
    notes = start(root)
    # (file, position, answer or file moved to): each edit on a section no other edit touched.
    arguments = {add: (2, 4, 5), change: (0, 1, 6), delete: (0, 2, 0), move: (1, 0, 2), copy: (1, 1, 2)}
    for edit in EDITS:
        before = export(root, EPOCH)
        edit(notes, *arguments.get(edit, (0, 0, 0)), 0)
        notes.write(root)
        assert export(root, EPOCH) != before, edit.__name__


def test_edits_that_touch_no_other_section_are_edit_builds_with_the_same_deck(tmp_path, monkeypatch):
    """Adding, rewriting, moving within a note and deleting sections that meet no other section:
    each build after the first runs no full pipeline, and still equals a build from nothing."""
    cached, fresh = tmp_path / "cached", tmp_path / "fresh"
    notes = start(cached)
    steps = [
        (add_new, 0, 0, 1),  # at the top of a note: every section below it moves down
        (add_new, 1, 99, 2),
        (reword_new, 0, 0, 4),  # its answer has no signal word: it takes the topic above it
        (reword_new, 0, 0, 3),
        (move, 1, 99, 1),  # the new section to the end of its own note
        (delete, 0, 0, 0),
        (add_flashcard, 1, 0, 7),  # a card each way: a note of another type
        (add_flashcard, 2, 0, 8),  # a cloze, two cards
        (delete_flashcard, 0, 1, 0),
    ]
    full_builds = []
    real_pipeline = deck_module.run_pipeline
    monkeypatch.setattr(
        deck_module, "run_pipeline", lambda *args, **kw: full_builds.append(1) or real_pipeline(*args, **kw)
    )
    for number, (edit, *arguments) in enumerate(steps, start=1):
        edit(notes, *arguments, 0)
        notes.write(cached)
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(cached, fresh, ignore=shutil.ignore_patterns(CACHE_FOLDER.name))
        epoch = EPOCH + 100 * number
        said = build(cached, epoch=epoch)
        assert not full_builds, f"{edit.__name__} ran the full pipeline"
        assert said == build(fresh, "--no-cache", epoch=epoch), edit.__name__
        full_builds.clear()
        assert outputs(cached, epoch) == outputs(fresh, epoch), edit.__name__
        full_builds.clear()


def test_settings_saved_while_a_build_runs_are_the_next_builds(tmp_path, monkeypatch):
    """The state a build leaves is keyed by the settings it ran with, not by the file as it is when
    the build ends: a topic's new signal saved meanwhile files the cards anew in the next build."""
    cached, fresh = tmp_path / "cached", tmp_path / "fresh"
    notes = start(cached)
    reword_new(
        notes, 0, 2, 4, 0
    )  # "改写后的第4个问题？", no signal word: it takes the topic above (Concurrency)
    notes.write(cached)
    settings = cached / "notes2anki.toml"
    real_write = deck_module.write_deck

    def saved_meanwhile(*args, **kwargs):
        written = real_write(*args, **kwargs)
        settings.write_text(CONFIG.replace('"列表"]', '"列表", "改写"]'), encoding="utf-8")
        return written

    monkeypatch.setattr(deck_module, "write_deck", saved_meanwhile)
    build(cached, epoch=EPOCH + 100)
    monkeypatch.undo()
    add_new(notes, 1, 0, 9, 0)
    notes.write(cached)
    shutil.copytree(cached, fresh, ignore=shutil.ignore_patterns(CACHE_FOLDER.name))
    said = build(cached, epoch=EPOCH + 200)
    assert said == build(fresh, "--no-cache", epoch=EPOCH + 200)
    lock = json.loads((cached / "notes2anki.lock").read_text("utf-8"))
    assert [entry["topic"] for entry in lock["notes"] if entry["question"].startswith("改写后的第4个")] == [
        "Python"
    ]
    assert outputs(cached, EPOCH + 200) == outputs(fresh, EPOCH + 200)
