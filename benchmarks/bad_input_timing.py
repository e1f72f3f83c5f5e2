#!/usr/bin/env python3
"""Timings for oversized input: a 20 MB notes file and single 100,000-character lines.

usage: python benchmarks/bad_input_timing.py [--megabytes 20] [--line 100000] [--only NAME]

Each case is built in a fresh temporary project by run_pipeline, then written as a deck; the
seconds spent in each stage come from the pipeline's own progress callback. Every input is also
built at half size: a "x2" ratio near 2 means linear time, near 4 quadratic (per stage in
parentheses, for stages over 0.1 s).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from notes2anki.config import load_config
from notes2anki.pipeline.deck import write_deck
from notes2anki.pipeline.stages import run_pipeline

CONFIG = """\
[deck]
name = "Benchmark"
version = "0.1.0"
sources = ["sources/*"]

[[topics]]
name = "Python"
signals = ["python", "GIL", "进程", "线程"]

[[topics]]
name = "Networks"
signals = ["TCP", "UDP", "socket", "HTTP"]
"""
WORDS = (
    "进程",
    "线程",
    "协程",
    "GIL",
    "socket",
    "TCP",
    "UDP",
    "HTTP",
    "lock",
    "queue",
    "python",
    "内存",
    "调度",
    "缓存",
    "索引",
    "事务",
    "the",
    "a",
    "of",
    "is",
    "with",
    "and",
    "闭包",
    "装饰器",
)


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def markdown_notes(size: int, seed: int = 7) -> str:
    """Realistic Markdown Q&A: headings, paragraphs, lists, tables and fenced code, all distinct."""
    rng, parts, total, number = random.Random(seed), [], 0, 0
    while total < size:
        number += 1
        kind = number % 4
        body = [sentence(rng, rng.randint(8, 40)) + "。"]
        if kind == 1:
            body += [f"- {sentence(rng, 6)}\n    - {sentence(rng, 5)}" for _ in range(rng.randint(2, 5))]
        elif kind == 2:
            body.append(f"```python\ndef f{number}(x):\n    return x * {number}\n```")
        elif kind == 3:
            body.append(
                "| a | b |\n|---|---|\n" + "\n".join(f"| {sentence(rng, 2)} | {number} |" for _ in range(3))
            )
        part = f"## {number}、{sentence(rng, rng.randint(3, 8))} {number}？\n\n" + "\n\n".join(body) + "\n\n"
        parts.append(part)
        total += len(part.encode("utf-8"))
    return "".join(parts)


def plain_notes(size: int, seed: int = 11) -> str:
    """Plain-text notes: question lines ending in ？ with tab-indented answers."""
    rng, parts, total, number = random.Random(seed), [], 0, 0
    while total < size:
        number += 1
        part = (
            f"{number}.{sentence(rng, rng.randint(3, 8))}？\n"
            + "".join(f"\t{sentence(rng, rng.randint(6, 20))}\n" for _ in range(rng.randint(1, 4)))
            + "\n"
        )
        parts.append(part)
        total += len(part.encode("utf-8"))
    return "".join(parts)


def long_line(kind: str, length: int) -> str:
    unit = {
        "words": "lorem ipsum dolor ",
        "cjk": "全局解释器锁保证同一时刻只有一个线程执行字节码，",
        "links": "[a](https://e.com) ",
        "code-ish": "x = f(a, b[1]); ",
        "brackets": "[x",
        "less-than": "<",
        "spaces": " ",
        "pipes": "| a ",
        "image openers": "![",
        "unclosed img tags": '<img src="a" ',
        "emphasis and code": "word *em* `c` ",
    }[kind]
    line = (unit * (length // len(unit) + 1))[:length]
    return line + "x" if kind == "spaces" else line


def cases(megabytes: int, line_length: int) -> dict[str, tuple[str, callable]]:
    size = megabytes * 1_000_000
    found: dict[str, tuple[str, callable]] = {
        f"{megabytes} MB markdown": ("big.md", lambda scale: markdown_notes(int(size * scale))),
        f"{megabytes} MB plain text": ("big.txt", lambda scale: plain_notes(int(size * scale))),
    }
    kinds = (
        "words",
        "cjk",
        "links",
        "code-ish",
        "brackets",
        "less-than",
        "spaces",
        "pipes",
        "image openers",
        "unclosed img tags",
        "emphasis and code",
    )
    for kind in kinds:
        for suffix in (".md", ".txt"):
            found[f"{line_length:,}-char line, {kind} ({suffix})"] = (
                f"line{suffix}",
                lambda scale, kind=kind, suffix=suffix: (
                    ("# What is on this line?\n\n" if suffix == ".md" else "What is on this line?\n\t")
                    + long_line(kind, int(line_length * scale))
                    + "\n"
                ),
            )
    found[f"{line_length:,}-char line in a code fence"] = (
        "fence.md",
        lambda scale: "# Code?\n\n```python\n" + long_line("code-ish", int(line_length * scale)) + "\n```\n",
    )
    for kind in ("words", "image openers"):
        found[f"{line_length:,}-char heading, {kind}"] = (
            "heading.md",
            lambda scale, kind=kind: "# " + long_line(kind, int(line_length * scale)) + "?\n\nanswer\n",
        )
    return found


def build_once(name: str, text: str) -> tuple[dict[str, float], int, float]:
    """Seconds per stage (read ... identity, then write), cards, and the total."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "sources").mkdir()
        (root / "notes2anki.toml").write_text(CONFIG, encoding="utf-8")
        (root / "sources" / name).write_text(text, encoding="utf-8")
        config = load_config(root / "notes2anki.toml")
        stages: dict[str, float] = {}
        marks: list[tuple[str, float]] = []

        def progress(stage: str, item: str) -> None:
            if not marks or marks[-1][0] != stage:
                marks.append((stage, time.perf_counter()))

        start = time.perf_counter()
        result = run_pipeline(config, progress)
        marks.append(("write", time.perf_counter()))
        if result.notes:
            write_deck(config, result.notes, result.lock, root / "build")
        end = time.perf_counter()
        for (stage, began), (_, ended) in zip(marks, [*marks[1:], ("end", end)], strict=False):
            stages[stage] = stages.get(stage, 0.0) + ended - began
        return stages, len(result.notes), end - start


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--megabytes", type=int, default=20)
    parser.add_argument("--line", type=int, default=100_000)
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    args = parser.parse_args()
    print(f"{'case':44} {'cards':>6} {'total s':>8} {'x2':>5}  stages (s)")
    for label, (name, make) in cases(args.megabytes, args.line).items():
        if args.only not in label:
            continue
        half_stages, _, half = build_once(name, make(0.5))
        stages, cards, total = build_once(name, make(1.0))
        ratio = total / half if half > 0.01 else float("nan")
        detail = " ".join(
            f"{stage}={seconds:.2f}" + (f"({seconds / half_stages[stage]:.1f})" if seconds > 0.1 else "")
            for stage, seconds in stages.items()
        )
        print(f"{label:44} {cards:6d} {total:8.2f} {ratio:5.1f}  {detail}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
