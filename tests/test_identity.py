"""Card identity across edits: which lock entry a card is matched to, and when its content changed."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from notes2anki.identity.assign import assign_identity, identity_key
from notes2anki.identity.lockfile import Lock
from notes2anki.identity.similarity import CandidateIndex, answer_sketch, card_similarity, sketch_similarity
from notes2anki.model import AnswerPart, Block, BlockKind, Card, Location, RenderedCard
from notes2anki.render.fields import answer_text

THRESHOLD = 0.75
V1, V2 = 1_700_000_000, 1_700_100_000

GIL_ANSWER = "The global interpreter lock lets one thread run Python bytecode at a time."
PROCESS_ANSWER = "进程是资源分配的最小单位，线程是CPU调度的最小单位，一个进程可以包含多个线程。"
COROUTINE_ANSWER = "协程是用户态的轻量级线程，由程序自己调度，切换开销小，适合大量IO密集任务。"
DEADLOCK_ANSWER = "Two threads each hold a lock the other needs, so neither can go on."


def rendered(question: str, answer: str, source: str = "notes.md", topic: str = "Python") -> RenderedCard:
    location = Location(source, 1)
    card = Card(
        question=question,
        answers=(AnswerPart(location, (Block(BlockKind.MARKDOWN, answer),)),),
        locations=(location,),
        topic=topic,
    )
    return RenderedCard(card=card, answer_pieces=(f"<p>{answer}</p>",))


def build(
    cards: list[RenderedCard],
    lock: Lock | None = None,
    now: int = V1,
    threshold: float = THRESHOLD,
    answer_threshold: float = 0.9,
):
    return assign_identity(
        tuple(cards), lock or Lock(), threshold, now, note_type="css-1", answer_threshold=answer_threshold
    )


def by_question(identity) -> dict[str, object]:
    return {note.rendered.card.question: note for note in identity.notes}


@pytest.fixture
def v1():
    return build(
        [
            rendered("What does the GIL do?", GIL_ANSWER),
            rendered("进程和线程的区别", PROCESS_ANSWER),
            rendered("什么是协程", COROUTINE_ANSWER),
            rendered("What is a deadlock?", DEADLOCK_ANSWER),
        ]
    )


def test_unchanged_notes_keep_guid_and_time(v1):
    again = build([note.rendered for note in v1.notes], v1.lock, now=V2)
    assert [(n.guid, n.modified) for n in again.notes] == [(n.guid, n.modified) for n in v1.notes]
    assert again.lock == v1.lock
    assert again.fuzzy_matches == () and again.removed == ()


def test_rewritten_answer_keeps_guid_and_gets_the_build_time(v1):
    old = by_question(v1)
    v2 = build(
        [
            rendered("What does the GIL do?", "Only one thread executes bytecode; I/O releases it."),
            rendered("进程和线程的区别", PROCESS_ANSWER),
            rendered("什么是协程", COROUTINE_ANSWER),
            rendered("What is a deadlock?", DEADLOCK_ANSWER),
        ],
        v1.lock,
        now=V2,
    )
    new = by_question(v2)
    gil = "What does the GIL do?"
    assert new[gil].guid == old[gil].guid and new[gil].modified == V2
    assert all(new[q].modified == V1 for q in new if q != gil)
    assert v2.fuzzy_matches == ()


@pytest.mark.parametrize(
    ("before", "after", "answer"),
    [
        ("What does the GIL do?", "What does the GIL d?", GIL_ANSWER),  # a typo
        ("What does the GIL do?", "What is the GIL for?", GIL_ANSWER),  # reworded in English
        ("进程和线程的区别", "进程与线程有什么区别", PROCESS_ANSWER),  # reworded in Chinese
    ],
)
def test_reworded_question_keeps_guid_and_is_reported(v1, before, after, answer):
    cards = [note.rendered for note in v1.notes if note.rendered.card.question != before]
    v2 = build([*cards, rendered(after, answer)], v1.lock, now=V2)
    assert by_question(v2)[after].guid == by_question(v1)[before].guid
    assert by_question(v2)[after].modified == V2
    [match] = v2.fuzzy_matches
    assert (match.question, match.matched_question) == (after, before)
    assert THRESHOLD <= match.score < 1
    assert v2.removed == ()


def test_a_question_asked_in_another_order_keeps_its_card_and_is_reported(v1):
    cards = [note.rendered for note in v1.notes if note.rendered.card.question != "什么是协程"]
    v2 = build([*cards, rendered("协程是什么", COROUTINE_ANSWER)], v1.lock, now=V2)
    assert by_question(v2)["协程是什么"].guid == by_question(v1)["什么是协程"].guid
    [match] = v2.fuzzy_matches
    assert (match.question, match.matched_question) == ("协程是什么", "什么是协程") and v2.removed == ()


def test_moved_section_keeps_guid_and_time(v1):
    cards = [rendered(n.rendered.card.question, answer_text(n.rendered), source="other.md") for n in v1.notes]
    v2 = build(cards, v1.lock, now=V2)
    assert [(n.guid, n.modified) for n in v2.notes] == [(n.guid, n.modified) for n in v1.notes]
    assert {entry.source.split(" › ")[0] for entry in v2.lock.entries} == {"other.md"}


@pytest.mark.parametrize("field", ["aliases", "wordings"])
def test_a_card_now_asked_otherwise_keeps_the_guid_of_its_other_wording(v1, field):
    """A copy in a file that sorts first asks the card now: the studied question is an alias of it,
    or another wording of the same question. The lock knows the card by that one."""
    old = by_question(v1)["什么是协程"]
    cards = [note.rendered for note in v1.notes if note is not old]
    asked_now = rendered("协程指的是什么东西", COROUTINE_ANSWER)
    asked_now = replace(asked_now, card=replace(asked_now.card, **{field: ("什么是协程",)}))
    v2 = build([*cards, asked_now], v1.lock, now=V2)
    assert by_question(v2)["协程指的是什么东西"].guid == old.guid
    assert v2.removed == () and v2.fuzzy_matches == ()


def test_similar_but_different_question_is_a_new_card(v1):
    """Deleting one question and adding a look-alike with its own answer must not inherit the old card."""
    cards = [note.rendered for note in v1.notes if note.rendered.card.question != "进程和线程的区别"]
    v2 = build(
        [*cards, rendered("线程和协程的区别", "线程由操作系统调度，协程由用户程序调度。")], v1.lock, now=V2
    )
    guids = {note.guid for note in v1.notes}
    assert by_question(v2)["线程和协程的区别"].guid not in guids
    assert v2.fuzzy_matches == ()
    assert v2.removed == ("进程和线程的区别",)


def test_removed_question_stays_in_the_lock_and_comes_back_with_its_guid(v1):
    without = build(
        [n.rendered for n in v1.notes if n.rendered.card.question != "什么是协程"], v1.lock, now=V2
    )
    assert without.removed == ("什么是协程",)
    [entry] = [e for e in without.lock.entries if e.removed]
    assert entry.question == "什么是协程"

    later = build([n.rendered for n in v1.notes], without.lock, now=V2 + 100)
    assert [(n.guid, n.modified) for n in later.notes] == [(n.guid, n.modified) for n in v1.notes]
    assert not any(e.removed for e in later.lock.entries)
    # Removed again: not reported twice.
    again = build([n.rendered for n in v1.notes[:1]], later.lock, now=V2 + 200)
    assert len(again.removed) == 3
    assert build([n.rendered for n in v1.notes[:1]], again.lock, now=V2 + 300).removed == ()


def test_new_question_gets_a_new_guid_distinct_from_every_old_one(v1):
    v2 = build(
        [*(n.rendered for n in v1.notes), rendered("What is a semaphore?", "A counter of permits.")], v1.lock
    )
    new = by_question(v2)["What is a semaphore?"]
    assert new.guid not in {entry.guid for entry in v1.lock.entries}
    assert len({n.guid for n in v2.notes}) == len(v2.notes)


def test_threshold_is_respected(v1):
    cards = [n.rendered for n in v1.notes if n.rendered.card.question != "What does the GIL do?"]
    reworded = rendered("What is the GIL for?", GIL_ANSWER)
    strict = build([*cards, reworded], v1.lock, threshold=0.99, answer_threshold=1.01)
    assert strict.fuzzy_matches == ()
    assert strict.removed == ("What does the GIL do?",)


LONG_ANSWER = (
    "Python的GIL是CPython里的全局解释器锁，同一时刻只有一个线程执行字节码；"
    "CPU密集的多线程程序因此用不上多核，IO等待时GIL会被释放。"
)


def test_a_question_reworded_beyond_the_threshold_keeps_its_card_by_the_same_answer():
    v1 = build([rendered("Python的GIL是什么？", LONG_ANSWER), rendered("什么是协程", COROUTINE_ANSWER)])
    reworded = "解释一下全局解释器锁GIL对多线程的影响？"
    v2 = build([rendered(reworded, LONG_ANSWER), rendered("什么是协程", COROUTINE_ANSWER)], v1.lock, now=V2)
    assert by_question(v2)[reworded].guid == by_question(v1)["Python的GIL是什么？"].guid
    [change] = v2.fuzzy_matches
    assert (change.question, change.matched_question) == (reworded, "Python的GIL是什么？")
    assert change.score < THRESHOLD and v2.removed == ()


def test_a_short_answer_is_no_evidence_and_the_stronger_claim_wins():
    v1 = build([rendered("什么是死锁？", "略"), rendered("Python的GIL是什么？", LONG_ANSWER)])
    v2 = build(
        [rendered("TCP三次握手的过程", "略"), rendered("GIL对多线程有什么影响？", LONG_ANSWER)],
        v1.lock,
        now=V2,
    )
    assert by_question(v2)["TCP三次握手的过程"].guid != by_question(v1)["什么是死锁？"].guid
    assert by_question(v2)["GIL对多线程有什么影响？"].guid == by_question(v1)["Python的GIL是什么？"].guid


def test_changed_time_is_strictly_newer_even_when_the_clock_is_not(v1):
    """Anki ignores an update whose time is not newer than its own copy's."""
    changed = [rendered("What does the GIL do?", "Rewritten."), *(n.rendered for n in v1.notes[1:])]
    v2 = build(changed, v1.lock, now=V1)
    assert by_question(v2)["What does the GIL do?"].modified == V1 + 1


def test_note_type_time_moves_only_when_its_hash_changes(v1):
    cards = tuple(n.rendered for n in v1.notes)
    assert v1.lock.note_type_modified == V1
    same = assign_identity(cards, v1.lock, THRESHOLD, V2, note_type="css-1")
    assert same.lock.note_type_modified == V1
    restyled = assign_identity(cards, v1.lock, THRESHOLD, V2, note_type="css-2")
    assert restyled.lock.note_type_modified == V2
    assert [n.modified for n in restyled.notes] == [n.modified for n in v1.notes]


def test_same_question_twice_gets_two_guids_and_keeps_them(v1):
    """A quiz asked twice with different code on the front is two cards."""
    code_a, code_b = (
        (Block(BlockKind.CODE, "print(1)", "python"),),
        (Block(BlockKind.CODE, "print(2)", "python"),),
    )
    first = rendered("输出是什么", "1")
    second = rendered("输出是什么", "2")
    first = replace(first, card=replace(first.card, front=code_a))
    second = replace(second, card=replace(second.card, front=code_b))
    assert identity_key(first) != identity_key(second)
    v2 = build([first, second], v1.lock)
    v3 = build([second, first], v2.lock, now=V2)
    assert {n.guid for n in v2.notes} == {n.guid for n in v3.notes}
    assert len({n.guid for n in v3.notes}) == 2


def test_identity_does_not_depend_on_card_order(v1):
    cards = [n.rendered for n in v1.notes]
    reordered = build(list(reversed(cards)), Lock())
    assert reordered.lock == v1.lock


def test_sketch_similarity_estimates_shared_text():
    text = "the quick brown fox jumps over the lazy dog while the cat sleeps in the sun all day"
    assert sketch_similarity(answer_sketch(text), answer_sketch(text)) == 1.0
    assert sketch_similarity(answer_sketch(text), answer_sketch(text.upper())) < 0.2
    assert sketch_similarity(answer_sketch(text), "") == 0.0
    edited = text.replace("lazy", "sleepy")
    assert 0.5 < sketch_similarity(answer_sketch(text), answer_sketch(edited)) < 1.0


def test_card_similarity_weighs_question_and_answer():
    sketch = answer_sketch(GIL_ANSWER)
    assert card_similarity("whatdoesthegildo", sketch, "whatdoesthegild", sketch) > 0.95
    other = answer_sketch(DEADLOCK_ANSWER)
    assert card_similarity("whatdoesthegildo", sketch, "whatdoesthegildo", other) < THRESHOLD


def test_candidate_index_finds_the_reworded_card_among_thousands():
    """Blocking must keep the true match among the few entries it scores."""
    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyz"

    def words(count: int) -> str:
        return "".join(rng.choice(alphabet) for _ in range(count))

    items = [(words(24), answer_sketch(words(200))) for _ in range(3000)]
    index = CandidateIndex(items)
    for position in rng.sample(range(len(items)), 50):
        question, sketch = items[position]
        reworded = question[:10] + "x" + question[11:]
        candidates = index.candidates(reworded, sketch)
        assert candidates[0] == position
        assert len(candidates) <= 20
