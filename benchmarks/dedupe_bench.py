#!/usr/bin/env python3
"""Dedupe benchmark on the synthetic corpus: how long merging takes, and whether every question is one card.

usage: python benchmarks/dedupe_bench.py [--cards 10000] [--corpus DIR]

Writes the corpus with ../shared/bench/make_corpus.py (N distinct questions in N * 1.1 sections:
verbatim re-pastes and questions answered twice), parses it, and times merge_duplicates alone.
The corpus numbers its questions ("什么是GIL进程？ (17)"), so the cards can be checked against it:
prints sections, cards, the corpus questions found once / more than once / never, the cards that
are not corpus questions (parser misreads), and the duplicates by kind.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from notes2anki.dedupe.merge import merge_duplicates
from notes2anki.parse import parse_file
from notes2anki.read.files import read_sources
from notes2anki.report import duplicate_summary

MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"
CORPUS_NUMBER = re.compile(r"\((\d+)\)\s*$")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, help="an existing corpus folder (default: write a new one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        corpus = args.corpus or Path(scratch)
        if args.corpus is None:
            subprocess.run(
                [sys.executable, str(MAKE_CORPUS), str(corpus), "--cards", str(args.cards)], check=True
            )
        read = read_sources(corpus, ("*",))
        sections = [section for source in read.files for section in parse_file(source).sections]
    started = time.process_time()
    result = merge_duplicates(sections)
    seconds = time.process_time() - started

    numbers = Counter(
        int(match.group(1)) for card in result.cards if (match := CORPUS_NUMBER.search(card.question))
    )
    strays = [card for card in result.cards if not CORPUS_NUMBER.search(card.question)]
    print(f"{len(sections)} sections -> {len(result.cards)} cards in {seconds:.2f} s CPU (merge_duplicates)")
    print(
        f"corpus questions: {sum(1 for n in numbers.values() if n == 1)} once, "
        f"{sum(1 for n in numbers.values() if n > 1)} more than once, "
        f"{len(set(range(args.cards)) - set(numbers))} missing"
    )
    print(f"cards that are no corpus question: {len(strays)}")
    for card in strays[:10]:
        print(f"  {card.location}: {card.question[:60]!r} ({len(card.locations)} sections)")
    print(duplicate_summary(result.duplicates))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
