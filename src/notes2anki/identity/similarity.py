"""How alike two cards are, cheaply enough to compare thousands of cards with thousands of lock entries.

A question is compared character by character (questions are short). An answer is reduced to a
sketch: the smallest hashes of its character trigrams, which estimates how much of two answers is
shared without keeping the answer text in the lock. Candidate pairs are found through an index on
rare pieces of the question and on sketch values, so no card is compared with every entry.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher

# Trigrams of folded text: long enough to carry meaning in Chinese ("进程池") and in English.
SHINGLE_LENGTH = 3
# Hashes kept per answer: the estimate's error is about 0.1 for half-shared answers.
SKETCH_SIZE = 16
HASH_WIDTH = 8  # hex digits of one 32-bit hash
# Blocking looks a question up by its 2- and 3-character pieces: pairs catch a typo in a short
# question ("什么是协程"), triples stay rare where every pair is common ("718 async").
QUESTION_PIECES = (2, 3)
# Only the rarest pieces of a question are looked up, and a piece or hash shared by more entries
# than this ("什么", "区别", "the") says nothing about which entry is the same card.
QUERY_PIECES = 8
MAX_POSTING = 100
# Entries with the most shared pieces and hashes that are scored exactly, per card.
MAX_CANDIDATES = 20


# The part of an answer its sketch is made from: the longest answers in real notes (~20,000
# characters) are sketched whole; a pasted 60 MB log would make a set of millions of trigrams.
SKETCHED_CHARS = 200_000
# Answers share most of their trigrams, so each trigram's checksum is kept once computed: a lookup
# is cheaper than encoding and hashing it again. This many are kept at most (a few MB).
MAX_KEPT_CHECKSUMS = 1 << 16


class TrigramChecksums(dict[str, int]):
    """The crc32 of a trigram's UTF-8 bytes, by trigram: computed on the first lookup."""

    def __missing__(self, gram: str) -> int:
        if len(self) >= MAX_KEPT_CHECKSUMS:
            self.clear()
        checksum = self[gram] = zlib.crc32(gram.encode("utf-8"))
        return checksum


CHECKSUMS = TrigramChecksums()


def trigram_checksums(text: str) -> set[int]:
    """The checksums of the text's trigrams (of the text itself when it is shorter)."""
    if len(text) <= SHINGLE_LENGTH:
        return {CHECKSUMS[text]} if text else set()
    return {CHECKSUMS[text[i : i + SHINGLE_LENGTH]] for i in range(len(text) - SHINGLE_LENGTH + 1)}


def smallest(values: set[int], count: int) -> list[int]:
    """``sorted(values)[:count]``, mostly without sorting them all: checksums are spread evenly over
    32 bits, so the smallest are those under a cutoff that about three times ``count`` of them are
    under, when at least ``count`` are (else all are sorted)."""
    if len(values) > 4 * count:
        cutoff = (3 * count << 32) // len(values)
        under = sorted([value for value in values if value < cutoff])
        if len(under) >= count:
            return under[:count]
    return sorted(values)[:count]


def answer_sketch(folded_answer: str) -> str:
    """The SKETCH_SIZE smallest trigram hashes of an answer's first SKETCHED_CHARS, as one hex string."""
    hashes = smallest(trigram_checksums(folded_answer[:SKETCHED_CHARS]), SKETCH_SIZE)
    return "".join(f"{value:0{HASH_WIDTH}x}" for value in hashes)


def sketch_values(sketch: str) -> list[int]:
    return [int(sketch[i : i + HASH_WIDTH], 16) for i in range(0, len(sketch), HASH_WIDTH)]


def sketch_similarity(first: str, second: str) -> float:
    """Estimated share of trigrams two answers have in common (bottom-k Jaccard estimate)."""
    a, b = set(sketch_values(first)), set(sketch_values(second))
    if not a or not b:
        return 0.0
    smallest = sorted(a | b)[:SKETCH_SIZE]
    return sum(1 for value in smallest if value in a and value in b) / len(smallest)


def card_similarity(
    question_a: str, sketch_a: str, question_b: str, sketch_b: str, threshold: float = 0.0
) -> float:
    """Question and answer weigh the same: a reworded question with its answer kept scores high,
    a different question that happens to share words (or an answer) does not.

    A pair that cannot reach ``threshold`` scores 0.0 as soon as a cheap upper bound shows it
    (the question comparison is the expensive part, so the answer is looked at first).
    """
    answer = sketch_similarity(sketch_a, sketch_b)
    if (1 + answer) / 2 < threshold:
        return 0.0
    matcher = SequenceMatcher(None, question_a, question_b, autojunk=False)
    for bound in (matcher.real_quick_ratio, matcher.quick_ratio):
        if (bound() + answer) / 2 < threshold:
            return 0.0
    return (matcher.ratio() + answer) / 2


def question_pieces(text: str) -> set[str]:
    if len(text) <= min(QUESTION_PIECES):
        return {text} if text else set()
    return {text[i : i + size] for size in QUESTION_PIECES for i in range(len(text) - size + 1)}


class CandidateIndex:
    """Find the entries worth scoring against a card: those sharing rare question pieces or answer hashes."""

    def __init__(self, items: Sequence[tuple[str, str]]) -> None:
        """``items``: (normalized question, answer sketch) of each entry; results are positions in it."""
        self.by_piece: dict[str, list[int]] = {}
        self.by_hash: dict[int, list[int]] = {}
        for position, (question, sketch) in enumerate(items):
            for piece in question_pieces(question):
                self.by_piece.setdefault(piece, []).append(position)
            for value in set(sketch_values(sketch)):
                self.by_hash.setdefault(value, []).append(position)

    def candidates(self, question: str, sketch: str) -> list[int]:
        postings = [self.by_piece.get(piece, []) for piece in question_pieces(question)]
        rare = sorted((p for p in postings if p), key=len)[:QUERY_PIECES]
        rare += [self.by_hash.get(value, []) for value in sketch_values(sketch)]
        shared: Counter[int] = Counter()
        for posting in _informative(rare):
            shared.update(posting)
        return [position for position, _ in shared.most_common(MAX_CANDIDATES)]


def _informative(postings: Iterable[list[int]]) -> Iterable[list[int]]:
    return (posting for posting in postings if 0 < len(posting) <= MAX_POSTING)
