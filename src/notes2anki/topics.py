"""Card -> topic (its subdeck) and Anki-safe tags, from the configured signal words."""

from __future__ import annotations

import re
from dataclasses import replace

from .config import Topic
from .model import Card

# Evidence weights: a grouping heading says more about a card's topic than a word deep in its answer.
CONTEXT_WEIGHT = 4.0
QUESTION_WEIGHT = 3.0
ANSWER_WEIGHT = 1.0
TAG_UNSAFE = re.compile(r"[\s\"]+")


def signal_score(text: str, topic: Topic) -> float:
    folded = text.casefold()
    return sum(folded.count(signal.casefold()) for signal in topic.signals)


def choose_topic(card: Card, topics: tuple[Topic, ...]) -> str:
    answer = "\n".join(block.text for part in card.answers for block in part.blocks)
    best, best_score = topics[0].name, 0.0
    for topic in topics:
        score = (
            CONTEXT_WEIGHT * signal_score(" ".join(card.context), topic)
            + QUESTION_WEIGHT * signal_score(" ".join((card.question, card.parent, *card.aliases)), topic)
            + ANSWER_WEIGHT * min(signal_score(answer, topic), 5)
        )
        if score > best_score:
            best, best_score = topic.name, score
    return best


def tag(text: str) -> str:
    """An Anki-safe tag: no spaces or quotes; '::' hierarchy kept."""
    return TAG_UNSAFE.sub("_", text.strip()).strip("_")


def assign_topics(cards: tuple[Card, ...], topics: tuple[Topic, ...]) -> tuple[Card, ...]:
    result = []
    for card in cards:
        topic = choose_topic(card, topics)
        sources = sorted({location.source for location in card.locations})
        tags = [tag(topic), *(tag(f"source::{name}") for name in sources), *(tag(c) for c in card.context)]
        result.append(replace(card, topic=topic, tags=tuple(dict.fromkeys(t for t in tags if t))))
    return tuple(result)
