"""Sub-headings that are parts of an answer, not questions of their own.

    ### 3. Why do cats purr?       a heading that asks
    #### In short                  a label of part of its answer: folded into it
    #### Example                   another part (two "Example" parts of two questions never merge)
    ### Tides                      a heading over one lone label that introduces what follows ...
    #### 成因：                     ... is the question; the label starts its answer

A sub-heading that asks ("#### Why at night?") stays a question of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from notes2anki.parse.questions import COLON_END, clean_question, is_question_like
from notes2anki.parse.segments import HeadingSection, Segment

# Labels are a few words: "Example", "Key points", "共同点", "应对措施：".
MAX_PART_LENGTH = 12


def is_part_label(title: str) -> bool:
    """A sub-heading that names a part of an answer: short, and it asks nothing."""
    words = clean_question(title)
    return bool(words) and len(words) <= MAX_PART_LENGTH and not is_question_like(title)


def fold_answer_parts(segments: list[Segment], asks: Callable[[str], bool]) -> list[Segment]:
    """The segments with each answer part's heading and lines moved into the body of the question
    heading above it. ``asks(title)`` tells a heading that asks."""
    result: list[Segment] = []
    index = 0
    while index < len(segments):
        segment = segments[index]
        result.append(segment)
        index += 1
        if not isinstance(segment, HeadingSection) or segment.line is None or segment.level == 1:
            continue  # "# How I study Go" titles a note: its sections are no parts of one answer
        parts = _parts_under(segments, index, segment)
        if not parts or not (asks(segment.title) or _lone_part(segments, index, segment, parts)):
            continue
        for part in parts:
            segment.body.extend([part.line, *part.body] if part.line else part.body)
        index += len(parts)
    return result


def _parts_under(segments: list[Segment], start: int, head: HeadingSection) -> list[HeadingSection]:
    """The run of label sub-headings right under ``head`` (deeper, short, asking nothing)."""
    parts: list[HeadingSection] = []
    for segment in segments[start:]:
        if not isinstance(segment, HeadingSection) or segment.level <= head.level:
            break
        if not is_part_label(segment.title) or not any(not line.blank for line in segment.body):
            break
        parts.append(segment)
    return parts


def _lone_part(
    segments: list[Segment], start: int, head: HeadingSection, parts: list[HeadingSection]
) -> bool:
    """A heading with nothing of its own over exactly one label that introduces what follows it
    ("应对措施：", ending in a colon), and then no more sub-headings."""
    after = segments[start + len(parts)] if start + len(parts) < len(segments) else None
    deeper_after = isinstance(after, HeadingSection) and after.level > head.level
    introduces = len(parts) == 1 and bool(COLON_END.search(parts[0].title))
    return introduces and not any(not line.blank for line in head.body) and not deeper_after
