"""Where a section can meet another in duplicate detection, as numbers.

Two sections are compared, grouped or merged only through what they share: a question key in
the same scope (question_keys: the core, a peer ordering, a head, an acronym's gloss) or a blocking
key of the answer (near_duplicates.similar_pairs: the whole compared answer, or one of its telling
lines). A section whose meeting points no other section has is a card of its own, is reported as
no duplicate, and changes nothing in how the others are compared: an edit that touches only such
sections leaves every other card as it was (pipeline.incremental).

    "### 什么是协程？" answered "用户态的轻量级线程……"   its own card while no other section asks
                                                       "协程" or holds its answer's lines
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import groupby

from notes2anki.dedupe.merge import SectionForms
from notes2anki.model import record

# A point is an 8-byte digest; a section's points are kept as one bytes object of them, sorted:
# 55,000 sections' points take a few megabytes, not a set object each.
POINT_TYPE = "Q"


def _point(kind: str, *parts: str | bytes) -> int:
    digest = hashlib.blake2b(kind.encode(), digest_size=array(POINT_TYPE).itemsize)
    for part in parts:
        digest.update(b"\x00" + (part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")))
    return int.from_bytes(digest.digest(), "little")


def meeting_points(forms: SectionForms) -> bytes:
    """Every key through which dedupe could bring the section together with another, hashed and
    sorted. A head is a key other questions' cores are looked up by, so it is counted as a core; a
    gloss meets any gloss of the same acronym. Two sections that share none never meet; two that
    share one may."""
    keys, scope = forms.keys, forms.scope
    questions: list[tuple[str, ...]] = [("core", scope, head) for head in keys.heads]
    if keys.core:
        questions.append(("core", scope, keys.core))
        questions += [("peer", scope, peer) for peer in keys.peers]
    if keys.gloss:
        questions.append(("gloss", scope, keys.gloss[0]))
    points = {_point(*question) for question in questions}
    if forms.answer.whole:
        points.add(_point("answer", forms.answer.whole))
    points.update(_point("line", digest) for digest in forms.answer.line_digests)
    return array(POINT_TYPE, sorted(points)).tobytes()


def _values(points: bytes) -> array[int]:
    values = array(POINT_TYPE)
    values.frombytes(points)
    return values


@record
class MeetingIndex:
    """The points of every section of a build: those one section has, and those more have, sorted."""

    once: bytes
    shared: bytes


def index_points(sections: Iterable[bytes]) -> MeetingIndex:
    """The index of the sections with these points (each section's meeting_points)."""
    once, shared = array(POINT_TYPE), array(POINT_TYPE)
    everything = sorted(value for points in sections for value in _values(points))
    for value, same in groupby(everything):
        (shared if len(list(same)) > 1 else once).append(value)
    return MeetingIndex(once.tobytes(), shared.tobytes())


def replaced(index: MeetingIndex, gone: Sequence[bytes], added: Sequence[bytes]) -> MeetingIndex | None:
    """The index once the sections with the points ``gone`` are taken out and those with ``added``
    put in, when each of them meets no other section: every point of a gone one was its own, and no
    point of an added one is another's, or another added one's. None when one of them does meet one.

        gone "什么是协程？" (its points held by it alone), added "什么是GIL？" (a point another has): None
    """
    once, shared = _values(index.once), _values(index.shared)
    for points in gone:
        for value in _values(points):
            at = bisect_left(once, value)
            if at == len(once) or once[at] != value:
                return None  # another section has it too: that section's card may change
            del once[at]
    for points in added:
        for value in _values(points):
            at = bisect_left(once, value)
            if (at < len(once) and once[at] == value) or _holds(shared, value):
                return None
            once.insert(at, value)
    return MeetingIndex(once.tobytes(), shared.tobytes())


def _holds(values: array[int], value: int) -> bool:
    at = bisect_left(values, value)
    return at < len(values) and values[at] == value
