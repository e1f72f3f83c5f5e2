"""How alike two answers are, and which answers among thousands are the same or nearly so.

Similarity is difflib's ratio on the answers' compared forms: 1.0 for the same text, about 0.9
when a tenth of it differs (for long answers, the share of lines they have in common). Pairs are
only scored when they share a block key: the whole answer (an answer pasted again) or one of its
longer lines that few answers hold (an answer pasted and then edited). The work grows with the
size of the notes, not with the number of pairs. The block keys are digests (``AnswerKeys``): the
compared forms themselves are made only for the answers of pairs that are scored.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from itertools import accumulate

from notes2anki.model import record
from notes2anki.text_forms import nfkc

# Past this many compared characters the character diff (quadratic) gives way to comparing lines.
LONG_TEXT = 3000
NOT_COMPARED = re.compile(r"[\W_]+")
# A line this long (in compared characters) says which answer it belongs to:
# "Redis存储机制分成两种Snapshot和AOF" does, "```python" or "优点：" does not.
MIN_BLOCKING_LINE = 12
# A line held by more answers than this is boilerplate ("if __name__ == '__main__':"), not a sign
# that the answers are the same.
MAX_LINE_SHARERS = 20
# Lines, and whole answers, are told apart by a digest this long: two different ones alike in it are
# never met.
LINE_DIGEST_BYTES = 16


def compare_form(text: str) -> str:
    """Width- and case-folded text without whitespace, punctuation or symbols."""
    return NOT_COMPARED.sub("", nfkc(text).casefold())


@record
class Comparable:
    """A text as answers are compared: its compare form, and where the compare forms of its lines
    end in it (the lines are cut out when asked for, so a deck's answers are not held twice)."""

    form: str
    line_ends: bytes  # unsigned 32-bit integers in the machine's order

    @property
    def lines(self) -> list[str]:
        ends = memoryview(self.line_ends).cast("I").tolist()
        return [self.form[start:end] for start, end in zip([0, *ends], ends, strict=False)]


def comparable(text: str) -> Comparable:
    lines = [form for form in map(compare_form, text.split("\n")) if form]
    return Comparable("".join(lines), array("I", accumulate(map(len, lines))).tobytes())


def _dice(first: set[str], second: set[str]) -> float:
    return 2 * len(first & second) / (len(first) + len(second)) if first and second else 0.0


def alike(first: Comparable, second: Comparable, threshold: float) -> bool:
    """Whether two texts are at least ``threshold`` alike, on a scale from 0.0 to 1.0."""
    a, b = first.form, second.form
    if a == b:
        return bool(a)
    if 2 * min(len(a), len(b)) < threshold * (len(a) + len(b)):
        return False  # no diff of texts this different in length reaches the threshold
    if max(len(a), len(b)) > LONG_TEXT:
        return _dice(set(first.lines), set(second.lines)) >= threshold
    # The cheap upper bound settles most pairs of different answers: difflib's quick_ratio, from
    # the characters the texts share counted by Counter in C rather than by difflib in Python.
    shared = sum((Counter(a) & Counter(b)).values())
    if 2.0 * shared / (len(a) + len(b)) < threshold:
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=LINE_DIGEST_BYTES).digest()


@record
class AnswerKeys:
    """What similar_pairs finds a text's candidates by, without the text: a digest of its whole
    compare form (b"" when it has none), the form's length, and the digests of its telling lines
    (telling_lines), sorted and joined. A deck's answers are not held a second time to be compared."""

    whole: bytes
    length: int
    lines: bytes

    @property
    def line_digests(self) -> list[bytes]:
        return [
            self.lines[start : start + LINE_DIGEST_BYTES]
            for start in range(0, len(self.lines), LINE_DIGEST_BYTES)
        ]


def telling_lines(text: Comparable) -> set[bytes]:
    """The digests of the text's lines long enough to say which answer they belong to: how
    similar_pairs finds the answers worth comparing with it."""
    return {_digest(line) for line in set(text.lines) if len(line) >= MIN_BLOCKING_LINE}


def answer_keys(text: Comparable) -> AnswerKeys:
    whole = _digest(text.form) if text.form else b""
    return AnswerKeys(whole, len(text.form), b"".join(sorted(telling_lines(text))))


def similar_pairs(
    keys: Sequence[AnswerKeys], threshold: float, text: Callable[[int], Comparable]
) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of texts at least ``threshold`` alike, found by their ``keys``: the same
    text once compared, or texts that share a telling line and are alike enough (``text(i)``: the
    i-th text, asked for only then)."""
    pairs = set()
    first_with: dict[bytes, int] = {}
    # The first text with each telling line: most lines are in one text only and never make a pair.
    first_with_line: dict[bytes, int] = {}
    sharers: dict[bytes, list[int]] = {}
    for position, key in enumerate(keys):
        first = first_with.setdefault(key.whole, position) if key.whole else position
        if first != position:
            pairs.add((first, position))
            continue  # its lines are the first one's: the same pairs again
        for digest in key.line_digests:
            first = first_with_line.setdefault(digest, position)
            if first != position:
                sharers.setdefault(digest, [first]).append(position)
    for positions in sharers.values():
        if len(positions) > MAX_LINE_SHARERS:
            continue
        for index, first in enumerate(positions):
            for second in positions[index + 1 :]:
                if (first, second) not in pairs and alike(text(first), text(second), threshold):
                    pairs.add((first, second))
    return sorted(pairs)
