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
from collections.abc import Iterable

from notes2anki.dedupe.merge import SectionForms
from notes2anki.dedupe.near_duplicates import telling_lines

POINT_BYTES = 8


def _point(kind: str, *parts: str | bytes) -> int:
    digest = hashlib.blake2b(kind.encode(), digest_size=POINT_BYTES)
    for part in parts:
        digest.update(b"\x00" + (part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")))
    return int.from_bytes(digest.digest(), "little")


def meeting_points(forms: SectionForms) -> frozenset[int]:
    """Every key through which dedupe could bring the section together with another, hashed. A head
    is a key other questions' cores are looked up by, so it is counted as a core; a gloss meets any
    gloss of the same acronym. Two sections that share none never meet; two that share one may."""
    keys, scope = forms.keys, forms.scope
    questions: list[tuple[str, ...]] = [("core", scope, head) for head in keys.heads]
    if keys.core:
        questions.append(("core", scope, keys.core))
        questions += [("peer", scope, peer) for peer in keys.peers]
    if keys.gloss:
        questions.append(("gloss", scope, keys.gloss[0]))
    points = {_point(*question) for question in questions}
    if forms.compared.form:
        points.add(_point("answer", forms.compared.form))
    points.update(_point("line", digest) for digest in telling_lines(forms.compared))
    return frozenset(points)


def all_alone(points: Iterable[frozenset[int]], others: dict[int, int]) -> bool:
    """Whether no two of the sections with ``points`` share a point, and none shares one with the
    sections counted in ``others`` (point -> how many sections have it)."""
    seen: set[int] = set()
    for section in points:
        if not seen.isdisjoint(section) or any(others.get(point, 0) for point in section):
            return False
        seen |= section
    return True
