"""The values that flow through the pipeline: frozen dataclasses, no I/O.

read -> SourceFile -> parse -> ParsedFile (Sections, Unanswered)
     -> dedupe -> Card -> topics -> Card (topic, tags)
     -> render -> RenderedCard -> identity -> Note -> package
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from enum import Enum
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar, dataclass_transform, overload

Record = TypeVar("Record", bound=type)


@overload
def record(cls: Record, /) -> Record: ...
@overload
def record(*, order: bool = False) -> Callable[[Record], Record]: ...
@dataclass_transform(frozen_default=True)
def record(cls: Any = None, /, *, order: bool = False) -> Any:
    """``@dataclass(frozen=True, slots=True)``, pickled as a call of the class with its field values.

    Slots keep a large deck's sections and cards small. The pickling dataclass gives a slotted class
    rebuilds each object field by field in Python: reading the build cache took twice as long.
    """

    def make(cls: type) -> type:
        cls = dataclass(frozen=True, order=order, slots=True)(cls)
        names = [field.name for field in fields(cls)]
        values = attrgetter(*names)

        def reduce(self: object) -> tuple[type, tuple[Any, ...]]:
            found = values(self)
            return type(self), (found,) if len(names) == 1 else found

        cls.__reduce__ = reduce  # type: ignore[assignment,method-assign]
        return cls

    return make if cls is None else make(cls)


@record(order=True)
class Location:
    """Where something was found: a file name relative to the sources root and a 1-based line."""

    source: str
    line: int

    def __str__(self) -> str:
        return f"{self.source}:{self.line}"


class Level(str, Enum):
    WARNING = "warning"
    NOTE = "note"
    # Text in the notes that is on no card (no question above it): counted by every build, listed by
    # `check`, so nothing the notes hold goes missing unseen.
    LEFT_OUT = "left out"
    # A warning the user acknowledged in notes2anki.toml ([[acknowledge]]): counted, not repeated,
    # and no failure for --strict.
    ACKNOWLEDGED = "acknowledged"


@record
class Diagnostic:
    """A message for the user, always tied to a place when there is one."""

    message: str
    location: Location | None = None
    level: Level = Level.WARNING
    # Said by the build that found it only: a build with nothing to do does not repeat it.
    once: bool = False

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.message}"


@record
class SourceFile:
    """A decoded note file. ``text`` has ``\\n`` newlines only."""

    name: str
    path: Path
    text: str
    encoding: str
    # The folder of the configuration the notes are read for: only images inside it are shipped.
    # None for a note read on its own, which ships only the images in its own folder and below.
    project: Path | None = None


class BlockKind(str, Enum):
    MARKDOWN = "markdown"  # Markdown source: paragraphs, lists, tables, inline markup
    TEXT = "text"  # plain prose: shown as written, line breaks kept
    CODE = "code"  # a code block; ``language`` may be empty or misspelled
    OUTPUT = "output"  # program output pasted after a separator line


@record
class Block:
    kind: BlockKind
    text: str
    language: str = ""


class CardKind(str, Enum):
    """Which note type a card becomes: each kind has a note type of its own, with a fixed id."""

    QA = "qa"  # question on the front, answer on the back
    REVERSED = "reversed"  # "Term:::Meaning": a card each way
    CLOZE = "cloze"  # "a {{c1::hidden}} word": the answer holds the text, clozes marked


@record
class Section:
    """One question and its answer as found in one place of one note."""

    location: Location
    question: str
    answer: tuple[Block, ...]
    # Grouping headings above the question, outermost first ("web相关", "网络编程").
    context: tuple[str, ...] = ()
    # Material shown on the front under the question: code or options of a quiz.
    front: tuple[Block, ...] = ()
    # Parent heading shown with a leaf heading that makes no sense alone ("Python3特性和变化").
    parent: str = ""
    # Local image files the answer or front shows (absolute paths that exist), to package as media.
    media: tuple[Path, ...] = ()
    # A cloze section's question is its text with each cloze shown as "[...]"; its answer is the
    # text with the clozes marked "{{c1::...}}".
    kind: CardKind = CardKind.QA
    # Tags the note gives its cards (front matter "tags:"), and the subdeck it files them under
    # (front matter "deck:" or "topic:", "#flashcards/networking"): "" leaves it to the topics.
    labels: tuple[str, ...] = ()
    deck: str = ""
    # The question as the note writes it in Markdown ("3. What is a _context manager_?"), for the
    # question field to show its emphasis and code; "" when it is text (plain-text notes).
    question_markdown: str = ""


@record
class Unanswered:
    location: Location
    question: str


@record
class ParsedFile:
    source: SourceFile
    sections: tuple[Section, ...]
    unanswered: tuple[Unanswered, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


@record
class AnswerPart:
    """One distinct answer to a card's question, with where it was written."""

    location: Location
    blocks: tuple[Block, ...]
    question: str = ""  # the question as asked there, when it is worded differently from the card's
    # The headings it sits under there, outermost first, and its parent heading: its Source line.
    context: tuple[str, ...] = ()
    parent: str = ""


class DuplicateKind(str, Enum):
    SAME_SECTION = "same section"  # dropped
    SAME_QUESTION = "same question"  # answers merged
    SAME_ANSWER = "same answer"  # question kept as an alias
    ANSWER_DROPPED = "answer dropped"  # same question, different answer, merging turned off


@record
class Duplicate:
    kind: DuplicateKind
    kept: Location
    other: Location
    question: str

    def __str__(self) -> str:
        verb = {
            DuplicateKind.SAME_SECTION: "dropped, same section as",
            DuplicateKind.SAME_QUESTION: "answer merged into",
            DuplicateKind.SAME_ANSWER: "question kept as an alias on",
            DuplicateKind.ANSWER_DROPPED: "answer dropped (dedupe.merge is off), same question as",
        }[self.kind]
        return f"{self.other}: {verb} {self.kept} ({self.question})"


@record
class Card:
    """A question after duplicates are resolved; topic and tags are set by the topics stage."""

    question: str
    answers: tuple[AnswerPart, ...]
    locations: tuple[Location, ...]
    context: tuple[str, ...] = ()
    front: tuple[Block, ...] = ()
    parent: str = ""
    aliases: tuple[str, ...] = ()
    topic: str = ""
    tags: tuple[str, ...] = ()
    media: tuple[Path, ...] = ()  # local images its fields show, packaged with the deck
    # How the card's other sections word it, besides its question and aliases ("闭包是什么" for
    # "什么是闭包"): not shown, but a card the lock knows by one of them is still that card.
    wordings: tuple[str, ...] = ()
    kind: CardKind = CardKind.QA
    labels: tuple[str, ...] = ()  # tags its notes give it
    deck: str = ""  # the subdeck its note chose, before any topic
    question_markdown: str = ""  # its first section's (Section.question_markdown)

    @property
    def location(self) -> Location:
        return self.locations[0]

    @property
    def display_question(self) -> str:
        return f"{self.parent} › {self.question}" if self.parent else self.question


@record
class RenderedCard:
    """A card with the HTML that goes into its note's fields."""

    # Its answer parts keep where they were written, not their blocks: the answer is its pieces now.
    card: Card
    # The answer's HTML and the front's, in pieces: most of them the blocks' rendered HTML, shared
    # and not copied, so that a large deck does not hold its answers twice. Every field is made
    # when asked for, and not kept.
    answer_pieces: tuple[str, ...]
    front_pieces: tuple[str, ...] = ()
    # The question with its inline Markdown as HTML ("What is a <em>context manager</em>?"); "" when
    # it shows as text.
    question_markup: str = ""

    @property
    def answer_html(self) -> str:
        return "".join(self.answer_pieces)


@record
class Note:
    """A rendered card with its stable identity."""

    rendered: RenderedCard
    guid: str
    modified: int  # seconds since the epoch: when what the learner reads last changed
    content_hash: str


@record
class IdentityChange:
    """How a note's identity was decided, for the build summary."""

    guid: str
    question: str
    matched_question: str
    score: float


@record
class TopicChange:
    """A card filed under another topic than before: Anki keeps an imported card in its old subdeck."""

    question: str
    was: str
    now: str


@record
class SinceLastBuild:
    """The questions of the cards added and changed, and how many were removed; ``first`` when
    there was no build before (an empty lock), so that every card is new."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: int = 0
    first: bool = False

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)
