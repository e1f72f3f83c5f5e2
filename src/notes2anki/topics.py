"""Card -> topic (its subdeck) and Anki-safe tags, from the configured signal words.

Evidence comes from the card's question, its grouping headings and its answer. Signals are matched
leftmost-longest across all topics, so "乐观锁" (数据库) is not also counted as "锁" (并发编程), and a
Latin signal only matches a whole word ("IP" is not in "zip").
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from .config import Topic
from .model import Card

# Evidence weights: the question says most about a card's topic, a word deep in its answer least.
QUESTION_WEIGHT = 10.0
CONTEXT_WEIGHT = 3.0
ANSWER_WEIGHT = 1.0
# A question names its subject first: "Redis数据类型" is about Redis, not about data types in general.
SUBJECT_WEIGHT = 4.0
# An answer that names a topic fifty times is no surer than one that names it this often.
MAX_ANSWER_SIGNALS = 5
# A misspelled name in a question still counts ("keeppalived" for "keepalived").
MIN_FUZZY_WORD = 6
FUZZY_CUTOFF = 0.9
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
TAG_UNSAFE = re.compile(r"[\s\"]+")


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
        signals = sorted(self.owner, key=len, reverse=True)
        self.pattern = re.compile("|".join(_signal_pattern(signal) for signal in signals)) if signals else None
        self.latin = sorted(signal for signal in self.owner if LATIN_WORD.fullmatch(signal))

    def evidence(self, text: str, fuzzy: bool = False) -> Evidence:
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        if self.pattern is None:
            return Evidence(counts, first)
        folded = text.casefold()
        for match in self.pattern.finditer(folded):
            topic = self.owner[match.group(0)]
            counts[topic] += 1
            first.setdefault(topic, match.start())
        if fuzzy:
            for match in LATIN_WORD.finditer(folded):
                word = match.group(0)
                if len(word) >= MIN_FUZZY_WORD and word not in self.owner:
                    close = difflib.get_close_matches(word, self.latin, n=1, cutoff=FUZZY_CUTOFF)
                    if close:
                        counts[self.owner[close[0]]] += 1
                        first.setdefault(self.owner[close[0]], match.start())
        return Evidence(counts, first)


def _signal_pattern(signal: str) -> str:
    pattern = re.escape(signal)
    if signal[:1].isascii() and signal[:1].isalpha():
        # Not part of a longer word, nor an attribute in code ("q.get()" is no HTTP GET).
        pattern = r"(?<![a-z.])" + pattern
    if signal[-1:].isascii() and signal[-1:].isalpha():
        pattern += r"(?![a-z])"
    return pattern


@lru_cache(maxsize=8)
def _matcher(topics: tuple[Topic, ...]) -> SignalMatcher:
    return SignalMatcher(topics)


def topic_scores(card: Card, topics: tuple[Topic, ...]) -> tuple[dict[str, float], dict[str, int]]:
    """Each topic's weighted evidence for a card, and where its first signal stands in the question."""
    matcher = _matcher(topics)
    answer = "\n".join(block.text for part in card.answers for block in part.blocks)
    question = matcher.evidence(" ".join((card.parent, card.question, *card.aliases)), fuzzy=True)
    context = matcher.evidence(" ".join(card.context))
    in_answer = matcher.evidence(answer)
    subject = min(question.first, key=question.first.get) if question.first else ""
    scores = {
        topic.name: QUESTION_WEIGHT * question.counts[topic.name]
        + SUBJECT_WEIGHT * (topic.name == subject)
        + CONTEXT_WEIGHT * context.counts[topic.name]
        + ANSWER_WEIGHT * min(in_answer.counts[topic.name], MAX_ANSWER_SIGNALS)
        for topic in topics
    }
    return scores, question.first


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


def assign_topics(cards: tuple[Card, ...], topics: tuple[Topic, ...]) -> tuple[Card, ...]:
    """Topics and tags for every card. A card with no evidence at all ("池的概念", "物理层") sits among
    its neighbours: it takes the topic of the card before it in the same note."""
    chosen = {id(card): choose_topic(card, topics) for card in cards}
    previous: dict[str, str] = {}
    for card in sorted(cards, key=lambda card: (card.location.source, card.location.line)):
        if chosen[id(card)]:
            previous[card.location.source] = chosen[id(card)]
        else:
            chosen[id(card)] = previous.get(card.location.source, topics[0].name)
    result = []
    for card in cards:
        topic = chosen[id(card)]
        sources = sorted({location.source for location in card.locations})
        tags = [tag(topic), *(tag(f"source::{name}") for name in sources), *(tag(c) for c in card.context)]
        result.append(replace(card, topic=topic, tags=tuple(dict.fromkeys(t for t in tags if t))))
    return tuple(result)
