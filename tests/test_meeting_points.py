"""Where sections meet in duplicate detection: sections with no meeting point in common are never
merged, and the index an edit build keeps says which sections an edit may replace alone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from parse_helpers import parse

from notes2anki.dedupe.meeting_points import MeetingIndex, index_points, meeting_points, replaced
from notes2anki.dedupe.merge import merge_duplicates, section_forms

QUESTIONS = [
    "什么是GIL？",
    "GIL是什么？",
    "什么是协程？",
    "What is a closure?",
    "进程和线程的区别？",
    "线程和进程的区别？",
]
ANSWERS = [
    "全局解释器锁，同一时刻只有一个线程执行字节码。",
    "全局解释器锁，同一时刻只有一个线程执行 字节码。",
    "用户态的轻量级线程，由程序自己调度。",
    "A function that remembers the variables of the scope it was defined in.",
    "同上",
]


def points_of(sections):
    return [meeting_points(section_forms(section)) for section in sections]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(QUESTIONS), st.sampled_from(ANSWERS)), min_size=1, max_size=6))
def test_a_section_that_shares_no_point_is_a_card_of_its_own(pairs):
    text = "".join(f"### {question}\n\n{answer}\n\n" for question, answer in pairs)
    sections = list(parse(text).sections)
    points = points_of(sections)
    result = merge_duplicates(sections)
    for position, section in enumerate(sections):
        others = [p for other, p in enumerate(points) if other != position]
        if replaced(index_points(others), [], [points[position]]) is not None:
            cards = [card for card in result.cards if section.location in card.locations]
            assert len(cards) == 1 and cards[0].locations == (section.location,)
            assert all(section.location not in (d.kept, d.other) for d in result.duplicates)


def test_the_index_lets_an_edit_replace_only_sections_that_meet_no_other():
    sections = parse(
        "### 什么是GIL？\n\n全局解释器锁。\n\n### GIL是什么？\n\n全局解释器锁，一次一个线程。\n\n"
        "### 什么是协程？\n\n用户态的轻量级线程，由程序自己调度。\n"
    ).sections
    gil, gil_again, coroutine = points_of(sections)
    index = index_points([gil, gil_again, coroutine])
    assert isinstance(index, MeetingIndex)
    assert replaced(index, [gil], []) is None  # its question is the other's too
    assert replaced(index, [], [gil]) is None
    without = replaced(index, [coroutine], [])
    assert without is not None and replaced(without, [], [coroutine]) == index
    assert replaced(index, [], [coroutine]) is None  # already there
