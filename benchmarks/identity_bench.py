#!/usr/bin/env python3
"""Identity-matching benchmark: how long matching 10,000 cards against a lock takes, and how right it is.

usage: python benchmarks/identity_bench.py [--cards 10000] [--seed 1]

Cases, each against the lock of a first build of the same synthetic cards:
  unchanged      nothing edited: exact matches only
  1% edited      1% of questions get a typo, 1% of answers are rewritten, 1% new, 1% removed
  all reworded   every question gets a typo (the worst case: every card goes to fuzzy matching)
Prints CPU seconds, fuzzy matches, and how many cards kept their GUID when they should have.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from notes2anki.identity.assign import assign_identity
from notes2anki.identity.lockfile import Lock
from notes2anki.model import AnswerPart, Block, BlockKind, Card, Location, RenderedCard

WORDS = [
    "进程",
    "线程",
    "协程",
    "锁",
    "队列",
    "事务",
    "索引",
    "缓存",
    "内存",
    "网络",
    "协议",
    "数据",
    "调度",
    "异步",
    "同步",
    "阻塞",
    "装饰器",
    "生成器",
    "迭代器",
    "thread",
    "lock",
    "queue",
    "socket",
    "index",
    "cache",
    "memory",
    "protocol",
    "python",
    "async",
    "await",
    "buffer",
    "kernel",
]
THRESHOLD = 0.75


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def rendered(question: str, answer: str) -> RenderedCard:
    location = Location("notes.md", 1)
    card = Card(
        question, (AnswerPart(location, (Block(BlockKind.MARKDOWN, answer),)),), (location,), topic="T"
    )
    return RenderedCard(card, (f"<p>{answer}</p>",))


def typo(rng: random.Random, text: str) -> str:
    position = rng.randrange(len(text))
    return text[:position] + text[position + 1 :]


def timed(cards: list[RenderedCard], lock: Lock):
    """The identity and the CPU seconds it took (CPU, not wall time: other work on the machine does not count)."""
    start = time.process_time()
    identity = assign_identity(tuple(cards), lock, THRESHOLD, 2_000_000_000, "css")
    return identity, time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pairs = [(f"{i} {sentence(rng, 6)}?", sentence(rng, 60)) for i in range(args.cards)]
    first, seconds = timed([rendered(q, a) for q, a in pairs], Lock())
    print(f"first build      {seconds:6.2f} s CPU  {args.cards} cards")
    guid_of = {note.rendered.card.question: note.guid for note in first.notes}

    one_percent = max(1, args.cards // 100)
    picked = rng.sample(range(args.cards), 4 * one_percent)
    reworded, rewritten = set(picked[:one_percent]), set(picked[one_percent : 2 * one_percent])
    removed = set(picked[2 * one_percent : 3 * one_percent])
    cases = {
        "unchanged": [(q, a, q) for q, a in pairs],
        "1% edited": [
            (typo(rng, q) if i in reworded else q, sentence(rng, 60) if i in rewritten else a, q)
            for i, (q, a) in enumerate(pairs)
            if i not in removed
        ]
        + [(f"new {sentence(rng, 6)}?", sentence(rng, 60), None) for _ in range(one_percent)],
        "all reworded": [(typo(rng, q), a, q) for q, a in pairs],
    }
    for name, edited in cases.items():
        identity, seconds = timed([rendered(q, a) for q, a, _ in edited], first.lock)
        kept = sum(
            1
            for note, (_, _, original) in zip(identity.notes, edited, strict=False)
            if original is not None and note.guid == guid_of[original]
        )
        expected = sum(1 for *_, original in edited if original is not None)
        print(
            f"{name:15s}  {seconds:6.2f} s CPU  {len(identity.fuzzy_matches):5d} fuzzy  "
            f"{kept}/{expected} kept their GUID  {len(identity.removed)} removed"
        )


if __name__ == "__main__":
    main()
