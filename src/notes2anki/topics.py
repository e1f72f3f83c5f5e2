"""Card -> topic (its subdeck) and Anki-safe tags, from the configured signal words.

Evidence comes from the card's question, its grouping headings and its answer. Signals are matched
leftmost-longest across all topics, so "乐观锁" (数据库) is not also counted as "锁" (并发编程), and a
Latin signal only matches a whole word ("IP" is not in "zip").
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import PurePosixPath

import ahocorasick

from notes2anki.config import Topic
from notes2anki.model import Card
from notes2anki.runtime.parallel import parallel_map

# Evidence weights: the question says most about a card's topic, a word deep in its answer least.
QUESTION_WEIGHT = 10.0
CONTEXT_WEIGHT = 3.0
ANSWER_WEIGHT = 1.0
# A question names its subject first: "Redis数据类型" is about Redis, not about data types in general.
SUBJECT_WEIGHT = 4.0
# An answer that names a topic fifty times is no surer than one that names it this often.
MAX_ANSWER_SIGNALS = 5
# An answer shows its topic early; the rest of a long listing adds no evidence, only time.
ANSWER_SCAN_CHARS = 1500
# A misspelled name in a question still counts ("keeppalived" for "keepalived").
MIN_FUZZY_WORD = 6
FUZZY_CUTOFF = 0.9
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
TAG_UNSAFE = re.compile(r"[\s\"]+")
# A Latin signal must start and end a word: no such letter (nor "." of an attribute: "q.get()")
# before it, no letter after it.
LATIN_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
BEFORE_LATIN_WORD = LATIN_LOWER | {"."}
# Below this many cards, choosing their topics on one core is quicker than forking.
PARALLEL_MIN_CARDS = 2000


@dataclass(frozen=True)
class Evidence:
    counts: Counter[str]
    first: dict[str, int]  # where each topic's first signal stands in the text


class SignalMatcher:
    """Finds every configured signal in a text, longest first, and says which topic it belongs to."""

    def __init__(self, topics: tuple[Topic, ...]) -> None:
        self.owner: dict[str, str] = {}
        for topic in topics:
            for signal in topic.signals:
                self.owner.setdefault(signal.casefold(), topic.name)
        self.automaton = _automaton(self.owner) if self.owner else None
        # Names a misspelling may stand for: letters only ("python" is no misspelling of "python3").
        self.latin = sorted(signal for signal in self.owner if signal.isascii() and signal.isalpha())
        self.misspelled: dict[str, list[str]] = {}  # word -> the signal it is a misspelling of, if any

    def signals_in(self, folded: str) -> list[tuple[int, str]]:
        """Where each signal stands in casefolded text, and which it is: leftmost first, at each place
        the longest that stands there as a whole word, none overlapping the one before.

        A Latin signal only matches a whole word, and not as an attribute in code ("q.get()" is no
        HTTP GET). The automaton finds every occurrence in one pass, by where it ends.
        """
        if self.automaton is None:
            return []
        found: list[tuple[int, str]] = []
        overlapping = False
        free_from = 0
        for end, (signal, latin_start, latin_end) in self.automaton.iter(folded):
            start = end + 1 - len(signal)
            if latin_start and folded[start - 1 : start] in BEFORE_LATIN_WORD:
                continue
            if latin_end and folded[end + 1 : end + 2] in LATIN_LOWER:
                continue
            overlapping = overlapping or start < free_from
            free_from = end + 1
            found.append((start, signal))
        return _leftmost_longest(found) if overlapping else found

    def counts(self, text: str) -> Counter[str]:
        """How many signals of each topic the text holds."""
        return Counter(self.owner[signal] for _, signal in self.signals_in(text.casefold()))

    def evidence(self, text: str) -> Evidence:
        """Counts, and where each topic's first signal stands; a misspelled name counts too."""
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        folded = text.casefold()
        found = self.signals_in(folded)
        for match in LATIN_WORD.finditer(folded):
            word = match.group(0)
            if len(word) >= MIN_FUZZY_WORD and word not in self.owner:
                found.extend((match.start(), signal) for signal in self.misspelling_of(word))
        for position, signal in sorted(found):
            counts[self.owner[signal]] += 1
            first.setdefault(self.owner[signal], position)
        return Evidence(counts, first)

    def misspelling_of(self, word: str) -> list[str]:
        """The signal a word not among them is close enough to, if any (notes repeat their words:
        each is compared with the signals once)."""
        if word not in self.misspelled:
            self.misspelled[word] = difflib.get_close_matches(word, self.latin, n=1, cutoff=FUZZY_CUTOFF)
        return self.misspelled[word]


def _is_latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _leftmost_longest(found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Of signals found at places that overlap, the leftmost, the longest of those starting there,
    then the same after its end: "乐观锁" and not its "锁"."""
    chosen: list[tuple[int, str]] = []
    free_from = 0
    for start, signal in sorted(found, key=lambda place: (place[0], -len(place[1]))):
        if start >= free_from:
            chosen.append((start, signal))
            free_from = start + len(signal)
    return chosen


def _automaton(signals: Iterable[str]) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton of the signals; each found with whether it starts and ends with
    a Latin letter (and must then start and end a word)."""
    automaton = ahocorasick.Automaton()
    for signal in signals:
        automaton.add_word(signal, (signal, _is_latin_letter(signal[0]), _is_latin_letter(signal[-1])))
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=8)
def _matcher(topics: tuple[Topic, ...]) -> SignalMatcher:
    return SignalMatcher(topics)


def topic_scores(card: Card, topics: tuple[Topic, ...]) -> tuple[dict[str, float], dict[str, int]]:
    """Each topic's weighted evidence for a card, and where its first signal stands in the question."""
    matcher = _matcher(topics)
    # The front's code or options of a quiz ("What's the output?") count with the answer.
    blocks = [*card.front, *(block for part in card.answers for block in part.blocks)]
    answer = "\n".join(block.text for block in blocks)
    question = matcher.evidence(" ".join((card.parent, card.question, *card.aliases)))
    context = matcher.counts(" ".join(card.context))
    in_answer = matcher.counts(answer[:ANSWER_SCAN_CHARS])
    subject = min(question.first, key=question.first.__getitem__) if question.first else ""
    scores = {
        topic.name: QUESTION_WEIGHT * question.counts[topic.name]
        + SUBJECT_WEIGHT * (topic.name == subject)
        + CONTEXT_WEIGHT * context[topic.name]
        + ANSWER_WEIGHT * min(in_answer[topic.name], MAX_ANSWER_SIGNALS)
        for topic in topics
    }
    return scores, question.first


def topic_evidence(card: Card) -> list[str]:
    """Everything of a card that topic_scores reads (the build cache keeps chosen topics by it)."""
    blocks = [*card.front, *(block for part in card.answers for block in part.blocks)]
    return [
        card.parent,
        card.question,
        *card.aliases,
        "",
        *card.context,
        "",
        *(block.text for block in blocks),
    ]


def choose_topic(card: Card, topics: tuple[Topic, ...]) -> str:
    """The best-supported topic; on a tie the one the question names first. "" when nothing points anywhere."""
    scores, first_in_question = topic_scores(card, topics)
    order = {topic.name: index for index, topic in enumerate(topics)}
    best = max(
        scores,
        key=lambda name: (scores[name], -first_in_question.get(name, 10**9), -order[name]),
    )
    return best if scores[best] > 0 else ""


def tag(text: str) -> str:
    """An Anki-safe tag: no spaces or quotes; '::' hierarchy kept."""
    return TAG_UNSAFE.sub("_", text.strip()).strip("_")


# With no [[topics]] configured, the notes' own structure files the cards: one subdeck per notes
# file, named by its path without the extension, folders as parent decks:
# "python-basics.txt" -> "python-basics", "web/flask.md" -> "web::flask".
FILE_TOPIC_SEPARATOR = "::"


def file_topic(source: str) -> str:
    """The subdeck of a card from the notes file ``source`` when no topics are configured."""
    parts = [part.strip() for part in PurePosixPath(source).with_suffix("").parts]
    return FILE_TOPIC_SEPARATOR.join(part.replace("::", ":") for part in parts if part) or source


def choose_topics(cards: Sequence[Card], topics: tuple[Topic, ...]) -> list[str]:
    """choose_topic for each card ("" for each when no topics are configured)."""
    if not topics:
        return [""] * len(cards)
    return parallel_map(lambda card: choose_topic(card, topics), cards, min_weight=PARALLEL_MIN_CARDS)


@dataclass(frozen=True)
class TopicPlace:
    """Where a card is in its notes and the topic its own evidence chose ("" for none)."""

    source: str
    line: int
    chosen: str


def assign_topics(
    cards: tuple[Card, ...],
    topics: tuple[Topic, ...],
    found: Sequence[str] | None = None,
    neighbours: Sequence[TopicPlace] = (),
) -> tuple[Card, ...]:
    """Topics and tags for every card. A card with no evidence at all ("池的概念", "物理层") sits among
    its neighbours: it takes the topic of the card before it in the same note. With no topics
    configured, each card goes to its notes file's subdeck (file_topic).

    ``found``: each card's choose_topic, when it is known already. ``neighbours``: cards of the same
    notes not among ``cards`` (an edit build's kept cards), whose topics a card may take.
    """
    if not topics:
        chosen = [file_topic(card.location.source) for card in cards]
    else:
        own = choose_topics(cards, topics) if found is None else found
        places = [
            TopicPlace(card.location.source, card.location.line, topic)
            for card, topic in zip(cards, own, strict=True)
        ]
        chosen = inherited_topics([*places, *neighbours], topics[0].name)[: len(cards)]
    result = []
    tag_of = functools.cache(tag)  # the cards of a deck share a few dozen tags: each made once
    for card, own_topic in zip(cards, chosen, strict=True):
        topic = card.deck or own_topic  # a subdeck the note chose comes first
        sources = sorted({location.source for location in card.locations})
        # The headings of every answer's place, as each answer's source file is a tag.
        headings = [*card.context, *(heading for part in card.answers for heading in part.context)]
        tags = [tag_of(topic), *(tag_of(f"source::{name}") for name in sources), *map(tag_of, headings)]
        tags += map(tag_of, card.labels)
        result.append(replace(card, topic=topic, tags=tuple(dict.fromkeys(t for t in tags if t))))
    return tuple(result)


def inherited_topics(places: Sequence[TopicPlace], default: str) -> list[str]:
    """Each place's topic, in their order: its own, or with none the one before it in its note (by
    line), or ``default`` at the top of a note."""
    topics = [place.chosen for place in places]
    previous: dict[str, str] = {}
    for index in sorted(range(len(places)), key=lambda index: (places[index].source, places[index].line)):
        source = places[index].source
        if topics[index]:
            previous[source] = topics[index]
        else:
            topics[index] = previous.get(source, default)
    return topics
