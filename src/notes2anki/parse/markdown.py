"""Markdown notes: each heading with content of its own is a question, that content its answer.

    ## web相关                       no content of its own: a grouping heading (a tag, topic evidence)
    ### GET 和 POST 的区别            a question
    ```
    GET: 求的URL传参有长度限制 ...    its answer
    ```

Under a heading the answer may instead be an outline of bullets, Q:/A: pairs or <details> quizzes,
and a plain-text stretch is handed to the plain-text rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from notes2anki.model import ParsedFile, SourceFile
from notes2anki.parse.answer_parts import fold_answer_parts
from notes2anki.parse.body import HAS_WORDS, BodyReader, is_link_list
from notes2anki.parse.bold_questions import (
    MIN_ASKING_BOLD_PARAGRAPHS,
    BoldQuestion,
    count_asking_bold,
    split_bold_questions,
)
from notes2anki.parse.collect import Collector
from notes2anki.parse.details import (
    DETAILS_TAG,
    Quiz,
    find_quizzes,
    is_label,
    is_label_shaped,
    question_above,
    repeated_labels,
)
from notes2anki.parse.flashcards import Flashcards, find_flashcards, is_flashcards_note, is_tag_line
from notes2anki.parse.front_matter import label_sections, with_title_heading
from notes2anki.parse.lines import Line, dedent, to_lines, trim_blank
from notes2anki.parse.logseq import without_outliner_metadata
from notes2anki.parse.logseq_cards import cloze_block, without_card_tag
from notes2anki.parse.mdx import MDX_SUFFIX, without_mdx_syntax
from notes2anki.parse.outline import Outline, OutlineCard, OutlineGroup, Shape, build_outline, read_items
from notes2anki.parse.plaintext import read_plain_text
from notes2anki.parse.qa_pairs import Pairs, find_pairs
from notes2anki.parse.questions import clean_question, ends_like_question, is_question_like, is_reference
from notes2anki.parse.segments import HeadingSection, PlainStretch, Segment, split_segments
from notes2anki.parse.set_aside import without_front_matter, without_tables_of_contents
from notes2anki.parse.wiki_links import is_wiki_link_list

# Leaf headings that name a facet of their parent and make no sense alone:
# "##### 特性" under "### Python3特性和变化" is shown as "Python3特性和变化 › 特性".
FACET_TITLES = frozenset(
    [
        "特性",
        "特点",
        "变化",
        "优点",
        "缺点",
        "优势",
        "劣势",
        "缺陷",
        "区别",
        "原理",
        "作用",
        "用法",
        "用途",
        "示例",
        "例子",
        "总结",
        "概述",
        "简介",
        "介绍",
        "定义",
        "应用",
        "应用场景",
        "使用场景",
        "适用场景",
        "注意事项",
        "实现",
        "配置",
        "安装",
        "使用",
        "features",
        "changes",
        "pros",
        "cons",
        "advantages",
        "disadvantages",
        "usage",
        "example",
        "examples",
        "overview",
        "summary",
        "definition",
        "notes",
    ]
)
MAX_FACET_LENGTH = 6
# A facet named by one of the words above may be longer: "Disadvantages" under "## SQLite".
MAX_NAMED_FACET_LENGTH = 16


@dataclass
class _Open:
    """A heading above the current one."""

    level: int
    title: str
    grouping: bool  # no content of its own: it names the topic of what is under it
    excluded: bool


class MarkdownReader:
    def __init__(
        self, collector: Collector, exclude_headings: tuple[str, ...], flashcards_note: bool = False
    ) -> None:
        self.collector = collector
        self.flashcards_note = flashcards_note  # tagged #flashcards: the Obsidian card syntax is read
        self.body = BodyReader(collector)
        self.excluded = {title.casefold() for title in exclude_headings}
        self.path: list[_Open] = []
        self.outlines: dict[int, Outline] = {}  # each heading section's bullets, by id of the section
        self.outline_note = False
        self.first_heading: HeadingSection | None = None
        self.top_headings = 0  # level-1 headings in the note
        self.asks_in_bold = False  # the note writes its questions as bold paragraphs
        self.labels: frozenset[str] = frozenset()  # <details> summaries used as labels all over the note

    @property
    def context(self) -> tuple[str, ...]:
        return tuple(item.title for item in self.path if item.grouping and not item.excluded and item.title)

    def read(self, lines: list[Line]) -> None:
        segments = fold_answer_parts(split_segments(lines, self.collector), _asks)
        self.labels = repeated_labels(lines)
        self.asks_in_bold = count_asking_bold(lines) >= MIN_ASKING_BOLD_PARAGRAPHS
        self.outlines = {
            id(segment): build_outline(segment.body)
            for segment in segments
            if isinstance(segment, HeadingSection)
        }
        self.outline_note = _is_outline_note([Shape.of(outline) for outline in self.outlines.values()])
        self.top_headings = sum(
            1
            for segment in segments
            if isinstance(segment, HeadingSection) and segment.line and segment.level == 1
        )
        self.first_heading = next(
            (segment for segment in segments if isinstance(segment, HeadingSection) and segment.line), None
        )
        for index, segment in enumerate(segments):
            following = segments[index + 1] if index + 1 < len(segments) else None
            if isinstance(segment, PlainStretch):
                read_plain_text(segment.lines, self.collector, self.context)
            else:
                self.read_section(segment, following)

    def read_section(self, section: HeadingSection, following: Segment | None) -> None:
        while self.path and self.path[-1].level >= section.level:
            self.path.pop()
        self.open_section(section, following)
        if self.path and self.path[-1].grouping and section.line is not None:
            self.collector.set_aside_lines([section.line])  # a tag of the cards under it, not a card

    def open_section(self, section: HeadingSection, following: Segment | None) -> None:
        title = clean_question(section.title)
        excluded = title.casefold() in self.excluded or section.title.strip().casefold() in self.excluded
        if excluded:
            self.collector.set_aside_lines([section.line, *section.body] if section.line else section.body)
        if excluded or (section.line is None and not section.body):
            self.path.append(_Open(section.level, title, grouping=True, excluded=excluded))
            return
        if self.introduces_note(section, following):
            first = next(line for line in section.body if not line.blank)
            self.collector.left_out(
                first, "the note's introduction under its title, on no card (give it a heading)"
            )
            self.path.append(_Open(section.level, title, grouping=True, excluded=False))
            return
        answered, groups = self.read_body(section, title)
        if answered or groups or section.line is None:
            self.path.append(_Open(section.level, title, grouping=not answered, excluded=False))
            return
        deeper = isinstance(following, PlainStretch) or (
            isinstance(following, HeadingSection) and following.level > section.level
        )
        # "#### Django笔记" over "#### 1、简述GIL的数据机制": a note's title, however deep its level.
        title_of_note = (
            section is self.first_heading
            and isinstance(following, HeadingSection)
            and not _asks(section.title)
        )
        # "## [Read it online](https://…)": a heading that is only a link points elsewhere and asks nothing.
        only_link = is_reference(section.title)
        if only_link:
            self.collector.set_aside_lines([section.line])
        if not deeper and not title_of_note and not only_link and not _is_reference_list(section.body):
            self.collector.unanswered_question(section.line, title)
        self.path.append(_Open(section.level, title, grouping=deeper, excluded=False))

    def introduces_note(self, section: HeadingSection, following: Segment | None) -> bool:
        """ "# Statistics questions" over a paragraph, then "## Probability" and the rest: the note's
        only level-1 heading, first of all, asking nothing, with prose of its own and sub-headings
        right after. Its prose introduces the note; the title tags the cards under it. Questions
        of its own (Q:/A: pairs, <details>, flashcards, bold questions, an outline) keep their cards."""
        return (
            section is self.first_heading
            and section.level == 1
            and self.top_headings == 1
            and not _asks(section.title)
            and isinstance(following, HeadingSection)
            and following.level > section.level
            and any(HAS_WORDS.search(line.text) for line in section.body)
            and not any(DETAILS_TAG.search(line.text) for line in section.body)
            and find_pairs(section.body) is None
            and find_flashcards(section.body, self.flashcards_note) is None
            and split_bold_questions(section.body, self.asks_in_bold) is None
            and not _lists_questions(Shape.of(build_outline(section.body)))
        )

    def read_body(self, section: HeadingSection, title: str) -> tuple[bool, bool]:
        """Cards from a heading's own lines: whether the heading itself got an answer, and whether
        it heads questions of its own (quizzes, Q/A pairs, outline bullets) like a grouping heading."""
        found = find_quizzes(section.body, lambda summary: self.is_label(summary, section.title))
        self.collector.set_aside_lines(found.tables_of_contents)
        quizzes, body = found.quizzes, found.own
        answered = self.read_quizzes(section, title, quizzes) if quizzes else False
        flashcards = None if quizzes else find_flashcards(body, self.flashcards_note)
        if flashcards is not None:
            return self.read_flashcards(section, title, flashcards), True
        pairs = find_pairs(body)
        if pairs is not None:
            return self.read_pairs(section, title, pairs) or answered, True
        if quizzes:
            return self.heading_card(section, title, body) or answered, True
        if found.tables_of_contents and not any(HAS_WORDS.search(line.text) for line in body):
            return False, True  # "### Part one" over its table of contents: a heading of no question
        asks = bool(title) and _asks(section.title)
        bold = None if asks else split_bold_questions(body, self.asks_in_bold)
        if bold is not None:
            return self.read_bold(section, title, *bold), True
        outline = build_outline(body) if quizzes else self.outlines[id(section)]
        shape = Shape.of(outline, headless=section.line is None and self.first_heading is None)
        if not asks and (
            shape.nested
            or (self.outline_note and shape.bullets)
            or shape.answered_questions
            or shape.answered_bullets
            or shape.numbered_questions
        ):
            return self.read_outline(section, title, outline), True
        if _is_reference_list(body):
            self.collector.set_aside_lines([section.line] if section.line else [])  # a reference list
            return False, False
        return self.heading_card(section, title, body), False

    def is_label(self, summary: str, heading: str) -> bool:
        """A <details> summary that only labels the answer of the heading above it: a known or
        repeated label, or a few words that ask nothing under a heading that asks."""
        return is_label(summary, self.labels) or (
            bool(heading) and _asks(heading) and is_label_shaped(summary)
        )

    def heading_card(self, section: HeadingSection, title: str, body: list[Line]) -> bool:
        blocks, media = self.body.read(body)
        if blocks and section.line is None:
            first = next(line for line in body if not line.blank)
            self.collector.left_out(
                first, "text before the first heading, not on any card (put a heading above it)"
            )
        if not blocks or section.line is None:
            return False
        parent = self.parent_for(title)
        self.collector.card(
            section.line,
            title,
            blocks,
            self.context,
            parent=parent,
            media=media,
            question_markdown=section.title,
        )
        return True

    def parent_for(self, title: str) -> str:
        """The parent heading to show with a leaf heading that names one of its facets."""
        if not self.path or not self.path[-1].grouping or self.path[-1].excluded:
            return ""
        parent = self.path[-1].title
        named_facet = title.casefold() in FACET_TITLES  # "Example", "Overview": facets in any length
        part_of_parent = len(title) <= MAX_FACET_LENGTH and title in parent and title != parent
        return parent if (named_facet and len(title) <= MAX_NAMED_FACET_LENGTH) or part_of_parent else ""

    def read_outline(self, section: HeadingSection, title: str, outline: Outline) -> bool:
        answered = self.heading_card(section, title, outline.before) if outline.before else False
        context = self.context if answered or not title else (*self.context, title)
        for found in read_items(outline.roots, context):
            if isinstance(found, OutlineCard):
                blocks, media = self.body.read(found.answer)
                question = without_card_tag(found.question)
                self.collector.card(found.line, question, blocks, found.context, media=media)
            elif isinstance(found, OutlineGroup):
                self.collector.set_aside_lines([found.line])
            elif cloze := cloze_block(found.line, found.question):
                blocks, _ = self.body.read(cloze.answer)
                self.collector.card(found.line, cloze.question, blocks, context, kind=cloze.kind)
            else:
                self.collector.unanswered_question(found.line, found.question)
        return answered

    def read_bold(
        self, section: HeadingSection, title: str, before: list[Line], questions: list[BoldQuestion]
    ) -> bool:
        answered = (
            self.heading_card(section, title, before) if any(not line.blank for line in before) else False
        )
        context = self.context if answered or not title else (*self.context, title)
        for question in questions:
            blocks, media = self.body.read(question.answer)
            self.collector.card(question.line, question.question, blocks, context, media=media)
        return answered

    def read_pairs(self, section: HeadingSection, title: str, pairs: Pairs) -> bool:
        answered = self.heading_card(section, title, pairs.before) if pairs.before else False
        context = self.context if answered or not title else (*self.context, title)
        for pair in pairs.pairs:
            front, front_media = self.body.read(dedent(trim_blank(pair.front)))
            blocks, media = self.body.read(dedent(trim_blank(pair.answer)))
            media = _both(front_media, media)
            self.collector.card(
                pair.line, clean_question(pair.question), blocks, context, front=front, media=media
            )
        return answered

    def read_flashcards(self, section: HeadingSection, title: str, found: Flashcards) -> bool:
        """Flashcards and clozes under a heading; the heading is a card of the lines they leave."""
        rest = trim_blank(found.rest)
        answered = self.heading_card(section, title, rest) if rest else False
        context = self.context if answered or not title else (*self.context, title)
        for card in found.cards:
            blocks, media = self.body.read(dedent(trim_blank(card.answer)))
            self.collector.card(card.line, card.question, blocks, context, media=media, kind=card.kind)
        return answered

    def read_quizzes(self, section: HeadingSection, title: str, quizzes: list[Quiz]) -> bool:
        answered = False
        context = self.context if not title else (*self.context, title)
        # Several labelled answers under a heading that does not ask: each asks above its block.
        own_questions = len(quizzes) > 1 or not _asks(section.title)
        for quiz in quizzes:
            self.collector.set_aside_lines(quiz.label_lines)
            asked = question_above(quiz.front) if not quiz.summary and own_questions else None
            question_line, question, front_lines = asked or (quiz.line, quiz.summary, quiz.front)
            front, front_media = self.body.read(front_lines)
            blocks, media = self.body.read(dedent(quiz.answer))
            media = _both(front_media, media)
            if question:
                self.collector.card(
                    question_line, clean_question(question), blocks, context, front=front, media=media
                )
            elif section.line is not None:
                self.collector.card(
                    section.line,
                    title,
                    blocks,
                    self.context,
                    front=front,
                    media=media,
                    question_markdown=section.title,
                )
                answered = True
            else:
                self.collector.warn(
                    quiz.line,
                    "answer in <details> with no question (put a heading or a <summary> question on it)",
                )
        return answered


def _both(front_media: tuple[Path, ...], answer_media: tuple[Path, ...]) -> tuple[Path, ...]:
    """The images a card shows on its front and its back, each once."""
    return tuple(dict.fromkeys((*front_media, *answer_media)))


def _is_reference_list(lines: list[Line]) -> bool:
    """Links to read elsewhere (URLs, or wiki links to other notes): no card, and no question."""
    return is_link_list(lines) or is_wiki_link_list(lines)


def _asks(title: str) -> bool:
    return is_question_like(title) or ends_like_question(title)


def _lists_questions(shape: Shape) -> bool:
    """Bullets shaped as questions: nested, or asking over answers, or a numbered interview list."""
    return shape.nested or shape.answered_questions or shape.answered_bullets or shape.numbered_questions


def _is_outline_note(shapes: list[Shape]) -> bool:
    """Most bulleted sections of the note nest their bullets: the note is an outline, so even a flat
    list under a heading is a list of questions ("#### 设计模式" over "- 单例模式", "- 工厂方法")."""
    bulleted = [shape for shape in shapes if shape.bullets]
    nested = [shape for shape in bulleted if shape.nested]
    return len(nested) >= 2 and 2 * len(nested) >= len(bulleted)


def parse_markdown(source: SourceFile, exclude_headings: tuple[str, ...] = ()) -> ParsedFile:
    collector = Collector(source)
    read_markdown(collector, exclude_headings)
    return collector.result()


def read_markdown(collector: Collector, exclude_headings: tuple[str, ...] = ()) -> None:
    lines = to_lines(collector.source.text)
    body = without_front_matter(lines)
    collector.set_aside_lines(lines[: len(lines) - len(body)])
    front_matter = lines[: len(lines) - len(body)]
    if collector.source.name.lower().endswith(MDX_SUFFIX):
        body = without_mdx_syntax(body, collector)
    body = with_title_heading(front_matter, without_outliner_metadata(body, collector))
    flashcards_note = is_flashcards_note(body, front_matter)
    if flashcards_note:
        collector.set_aside_lines(line for line in body if is_tag_line(line))
        body = [line for line in body if not is_tag_line(line)]
    reader = MarkdownReader(collector, exclude_headings, flashcards_note)
    reader.read(without_tables_of_contents(body, collector))
    label_sections(collector, front_matter, body if flashcards_note else [])
