"""Sections -> Cards: one card per question, however often the notes repeat it.

1. Sections that ask the same question form a question group (question_keys).
2. In a group, an answer at least ``similarity`` alike an earlier one is the same section again:
   it is dropped. The others are the group's distinct answers.
3. Groups with the same answer are one card (near_duplicates): the later question is an alias.
4. A card shows each distinct answer in source order; a paragraph an earlier answer on the card
   already shows is left out.

Every section but the first of a card is reported once, as a Duplicate naming both places.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from notes2anki.dedupe.near_duplicates import (
    NOT_COMPARED,
    AnswerKeys,
    Comparable,
    alike,
    answer_keys,
    comparable,
    compare_form,
    similar_pairs,
)
from notes2anki.dedupe.question_keys import QuestionKeys, group_same_questions, plain_question, question_keys
from notes2anki.model import (
    AnswerPart,
    Block,
    BlockKind,
    Card,
    CardKind,
    Duplicate,
    DuplicateKind,
    Location,
    Section,
    record,
)

# An answer shorter than this (in compared characters) says nothing about its question:
# "同上", "略", "见上文" answer many different questions, which must not become aliases.
MIN_SHARED_ANSWER = 20
# A repeated paragraph shorter than this stays, or the answer around it would read oddly:
# "优点：", "例如：".
MIN_REPEATED_PARAGRAPH = 8
# Past this many sections asking one question, answers are compared through blocking, not pairwise:
# a heading like "例如" repeated all over the notes must not cost a comparison per pair.
PAIRWISE_GROUP = 30
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
VERBATIM_KINDS = (BlockKind.CODE, BlockKind.OUTPUT)


@dataclass(frozen=True)
class DedupeResult:
    cards: tuple[Card, ...]
    duplicates: tuple[Duplicate, ...]


def answer_text(section: Section) -> str:
    return "\n".join(block.text for block in section.answer)


def display_question(section: Section) -> str:
    return f"{section.parent} › {section.question}" if section.parent else section.question


def _front_scope(section: Section) -> str:
    """The front's code or options, whitespace aside: in code, "a+b" and "a-b" differ."""
    return "".join("".join(block.text for block in section.front).split())


def _question_scope(section: Section) -> str:
    """Questions are only the same with the same front: "What's the output?" under different code is not."""
    return compare_form(section.parent) + "\x00" + _front_scope(section) + _kind_scope(section)


def _kind_scope(section: Section) -> str:
    """A cloze and a reversed card are other kinds of note than a question: never the same card as one
    ("The port of SSH is [...]" and "The port of SSH is?" stay two cards). Q/A sections add nothing,
    so their scope is what it always was."""
    return "" if section.kind is CardKind.QA else "\x00" + section.kind.value


@record
class SectionForms:
    """What is compared of a section: its question's keys and scope, and the digests its answer is
    blocked by (its compared form is made again only when it is scored against another). It depends
    on the section alone, so the build cache keeps it with the section's notes file."""

    keys: QuestionKeys
    answer: AnswerKeys
    scope: str


def compared_answer(section: Section) -> Comparable:
    return comparable(answer_text(section))


def section_forms(section: Section) -> SectionForms:
    return SectionForms(
        question_keys(section.question), answer_keys(compared_answer(section)), _question_scope(section)
    )


class _Dedupe:
    """The sections, their question groups and distinct answers, and the duplicates reported so far."""

    def __init__(
        self, sections: list[Section], threshold: float, merge: bool, forms: Sequence[SectionForms] | None
    ) -> None:
        self.sections = sections
        self.threshold = threshold
        self.merge = merge
        forms = forms if forms is not None else [section_forms(section) for section in sections]
        self.keys = [form.keys for form in forms]
        self.answers = [form.answer for form in forms]
        # The compared forms of the answers compared so far, by section.
        self.comparables: dict[int, Comparable] = {}
        self.duplicates: list[Duplicate] = []
        # A question group is named by its first section. Most sections are alone in theirs: a group
        # holds lists (of its other members, of its distinct answers) only when it has more than one.
        self.group_of = group_same_questions(self.keys, [form.scope for form in forms])
        self.groups = [group for index, group in enumerate(self.group_of) if group == index]
        self.others: dict[int, list[int]] = defaultdict(list)
        for index, group in enumerate(self.group_of):
            if group != index:
                self.others[group].append(index)
        self.distinct = {
            group: self.distinct_answers(self.members(group)) for group in self.groups if group in self.others
        }

    def members(self, group: int) -> list[int]:
        """The group's sections, in source order."""
        return [group, *self.others.get(group, ())]

    def distinct_of(self, group: int) -> list[int]:
        """The sections with the group's distinct answers, in source order."""
        return self.distinct.get(group) or [group]

    def report(self, kind: DuplicateKind, kept: Location, index: int) -> None:
        section = self.sections[index]
        self.duplicates.append(Duplicate(kind, kept, section.location, display_question(section)))

    def compared(self, index: int) -> Comparable:
        known = self.comparables.get(index)
        if known is None:
            known = self.comparables[index] = compared_answer(self.sections[index])
        return known

    def alike(self, first: int, second: int) -> bool:
        return alike(self.compared(first), self.compared(second), self.threshold)

    def distinct_answers(self, members: list[int]) -> list[int]:
        """The group's distinct answers; the rest are dropped as the same section."""
        alike_earlier = self.alike_earlier(members) if len(members) > PAIRWISE_GROUP else None
        distinct: dict[int, None] = {}  # in source order
        for index in members:
            if alike_earlier is None:
                same = next((d for d in distinct if self.alike(d, index)), None)
            else:
                same = next((d for d in alike_earlier[index] if d in distinct), None)
            if same is None:
                distinct[index] = None
            else:
                self.report(DuplicateKind.SAME_SECTION, self.sections[same].location, index)
        return list(distinct)

    def alike_earlier(self, members: list[int]) -> dict[int, list[int]]:
        """For each member, the earlier members with an answer alike, found by blocking."""
        earlier: dict[int, list[int]] = defaultdict(list)
        keys = [self.answers[index] for index in members]
        for first, second in similar_pairs(keys, self.threshold, lambda at: self.compared(members[at])):
            earlier[members[second]].append(members[first])
        return earlier

    def same_answer_clusters(self) -> Iterator[list[int]]:
        """Question groups joined by a shared answer, each cluster and its groups in source order."""
        answers = sorted(
            index
            for group in self.groups
            for index in self.distinct_of(group)
            if self.answers[index].length >= MIN_SHARED_ANSWER
        )
        joined: dict[int, int] = {}  # a group joined to an earlier one: by that one

        def root(group: int) -> int:
            while group in joined:
                group = joined[group]
            return group

        keys = [self.answers[index] for index in answers]
        for first, second in similar_pairs(keys, self.threshold, lambda at: self.compared(answers[at])):
            a, b = answers[first], answers[second]
            if _front_scope(self.sections[a]) != _front_scope(self.sections[b]):
                continue  # an alias cannot carry the code its question was asked about
            if CardKind.CLOZE in (self.sections[a].kind, self.sections[b].kind):
                continue  # a cloze's text is its question: another question cannot be its alias
            ra, rb = root(self.group_of[a]), root(self.group_of[b])
            if ra != rb:
                joined[max(ra, rb)] = min(ra, rb)
        # A cluster is named by its first group, the one no other is joined to.
        joined_to: dict[int, list[int]] = defaultdict(list)
        for group in joined:
            joined_to[root(group)].append(group)
        for group in self.groups:
            if group not in joined:
                yield [group, *sorted(joined_to.get(group, ()))]

    def card(self, groups: list[int]) -> Card:
        """One card for question groups that share an answer; the first group asks the question."""
        first = self.sections[groups[0]]
        parts: list[AnswerPart] = []
        shown: list[int] = []
        seen_paragraphs: set[str] = set()
        answers = sorted(i for group in groups for i in self.distinct_of(group))
        for index in answers:
            same = next(
                (s for s in shown if self.group_of[s] != self.group_of[index] and self.alike(s, index)), None
            )
            if same is not None:
                self.report(DuplicateKind.SAME_ANSWER, self.sections[same].location, index)
            elif parts and not self.merge:
                self.report(DuplicateKind.ANSWER_DROPPED, first.location, index)
            else:
                part = self.answer_part(index, first, seen_paragraphs if parts else None)
                shown.append(index)
                if len(answers) > 1:
                    seen_paragraphs |= _unit_keys(self.sections[index].answer)
                if parts:
                    self.report(
                        DuplicateKind.SAME_QUESTION if part else DuplicateKind.SAME_SECTION,
                        first.location,
                        index,
                    )
                if part:
                    parts.append(part)
        in_source_order = sorted(index for group in groups for index in self.members(group))
        aliases = tuple(dict.fromkeys(display_question(self.sections[group]) for group in groups[1:]))
        named = {display_question(first), *aliases}
        wordings = dict.fromkeys(display_question(self.sections[index]) for index in in_source_order)
        return Card(
            question=first.question,
            answers=tuple(parts),
            locations=tuple(self.sections[index].location for index in in_source_order),
            context=first.context,
            front=first.front,
            parent=first.parent,
            aliases=aliases,
            media=tuple(dict.fromkeys(path for index in shown for path in self.sections[index].media)),
            wordings=tuple(wording for wording in wordings if wording not in named),
            kind=first.kind,
            labels=tuple(dict.fromkeys(label for index in shown for label in self.sections[index].labels)),
            deck=first.deck,
            question_markdown=first.question_markdown,
        )

    def answer_part(self, index: int, first: Section, seen_paragraphs: set[str] | None) -> AnswerPart | None:
        """The answer at ``index`` without the paragraphs the card already shows (None: nothing left)."""
        section = self.sections[index]
        if seen_paragraphs is None:
            return AnswerPart(section.location, section.answer, "", section.context, section.parent)
        blocks = _without_shown(section.answer, seen_paragraphs)
        if not blocks:
            return None
        worded = _wording(section.question) != _wording(first.question)
        question = section.question if worded else ""
        return AnswerPart(section.location, blocks, question, section.context, section.parent)


def _wording(question: str) -> str:
    """A question's words as written (case too: "uwsgi" the protocol is not "uWSGI" the server),
    without numbering, markup, whitespace, punctuation or width."""
    return NOT_COMPARED.sub("", plain_question(question))


def _units(block: Block) -> list[list[str]]:
    """The block's paragraphs, each split into what a repeat is recognised by: a Markdown paragraph
    as a whole (its lines may be one wrapped sentence), plain text line by line (each is shown as
    written), code as one piece."""
    if block.kind in VERBATIM_KINDS:
        return [[block.text]]
    paragraphs = [
        paragraph for paragraph in PARAGRAPH_BREAK.split(block.text.strip("\n")) if paragraph.strip()
    ]
    if block.kind is BlockKind.TEXT:
        return [[line for line in paragraph.split("\n") if line.strip()] for paragraph in paragraphs]
    return [[paragraph] for paragraph in paragraphs]


def _unit_keys(blocks: Iterable[Block]) -> set[str]:
    return {compare_form(unit) for block in blocks for paragraph in _units(block) for unit in paragraph}


def _without_shown(blocks: tuple[Block, ...], shown: set[str]) -> tuple[Block, ...]:
    """The blocks with every paragraph (or plain-text line) that the card already shows left out."""

    def new(unit: str) -> bool:
        key = compare_form(unit)
        return len(key) < MIN_REPEATED_PARAGRAPH or key not in shown

    kept = []
    for block in blocks:
        paragraphs = [
            units
            for units in ([unit for unit in paragraph if new(unit)] for paragraph in _units(block))
            if units
        ]
        if not paragraphs:
            continue
        if block.kind in VERBATIM_KINDS:
            kept.append(block)
        else:
            kept.append(
                Block(block.kind, "\n\n".join("\n".join(units) for units in paragraphs), block.language)
            )
    return tuple(kept)


def merge_duplicates(
    sections: list[Section],
    similarity: float = 0.9,
    merge: bool = True,
    forms: Sequence[SectionForms] | None = None,
) -> DedupeResult:
    """Cards from sections in source order: repeats dropped, different answers merged, aliases kept.

    ``similarity``: answers at least this alike are the same answer. ``merge``: show every
    distinct answer to a question (False: keep only the first). ``forms``: each section's
    section_forms, when they were computed before.
    """
    sections = list(sections)
    work = _Dedupe(sections, similarity, merge, forms)
    cards = tuple(work.card(groups) for groups in work.same_answer_clusters())
    reported = {duplicate.other for duplicate in work.duplicates}
    order = {
        section.location: index for index, section in enumerate(sections) if section.location in reported
    }
    return DedupeResult(cards, tuple(sorted(work.duplicates, key=lambda d: order[d.other])))
