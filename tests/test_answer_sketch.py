"""Answer sketches are stored in learners' lock files: the quick way of making them must give the
values of their plain definition, to the digit."""

from __future__ import annotations

import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notes2anki.identity import similarity
from notes2anki.identity.similarity import answer_sketch, smallest

CHECKSUM_RANGE = 1 << 32


def sketch_by_definition(folded_answer: str) -> str:
    """The 16 smallest crc32 of the UTF-8 of the answer's distinct trigrams (of the answer itself
    when shorter), each as 8 hex digits."""
    text = folded_answer[: similarity.SKETCHED_CHARS]
    grams = {text[i : i + 3] for i in range(len(text) - 2)} if len(text) > 3 else {text} - {""}
    checksums = sorted(zlib.crc32(gram.encode("utf-8")) for gram in grams)
    return "".join(f"{value:08x}" for value in checksums[:16])


# Few characters, so that trigrams repeat within an answer and across answers; one outside the
# Basic Multilingual Plane, whose UTF-8 is four bytes.
ANSWERS = st.text(alphabet="ab c锁程😀", max_size=80)


@settings(max_examples=300, deadline=None)
@given(ANSWERS)
def test_a_sketch_is_the_smallest_checksums_of_the_answers_trigrams(answer):
    assert answer_sketch(answer) == sketch_by_definition(answer)


def test_checksums_kept_are_let_go_past_their_limit_and_the_values_stay(monkeypatch):
    monkeypatch.setattr(similarity, "MAX_KEPT_CHECKSUMS", 5)
    similarity.CHECKSUMS.clear()
    answers = ["the global interpreter lock", "进程是资源分配的最小单位", "the global interpreter lock"]
    for answer in answers:
        assert answer_sketch(answer) == sketch_by_definition(answer)
    assert len(similarity.CHECKSUMS) <= 5


# Checksums spread over their whole range (the cutoff finds enough under it), bunched low (all are
# under it) and bunched high (too few are: every value is sorted).
VALUES = st.one_of(
    st.sets(st.integers(0, CHECKSUM_RANGE - 1), max_size=300),
    st.sets(st.integers(0, 2000), max_size=300),
    st.sets(st.integers(CHECKSUM_RANGE - 2000, CHECKSUM_RANGE - 1), max_size=300),
)


@settings(max_examples=300, deadline=None)
@given(VALUES, st.integers(1, 40))
def test_the_smallest_values_are_those_sorting_all_finds(values, count):
    assert smallest(values, count) == sorted(values)[:count]


@pytest.mark.parametrize("count", [1, 16])
def test_the_smallest_of_evenly_spread_checksums_come_from_under_the_cutoff(count):
    values = {zlib.crc32(str(number).encode()) for number in range(1000)}
    assert smallest(values, count) == sorted(values)[:count]
