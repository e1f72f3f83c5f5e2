#!/usr/bin/env python3
"""Where one build's time and memory go, stage by stage.

usage: python benchmarks/stages.py PROJECT [--no-cache]

Builds PROJECT (a folder with notes2anki.toml) as `notes2anki build` does and prints each stage
the build reports as it goes (read, parse, dedupe, topics, render, identity, package), with the
seconds it took and this process's resident memory when it ended; the first row is importing
notes2anki and reading the configuration. To see a cold build and a rebuild after an edit on the
benchmark's corpus: `bench.py --keep DIR`, then run this on DIR/11k twice, editing a note between.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from notes2anki.config import load_config
from notes2anki.pipeline.cache import BuildCache
from notes2anki.pipeline.deck import build_deck


def resident_mib() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() >> 20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--no-cache", action="store_true")
    args = parser.parse_args(argv)

    gc.disable()  # as the command line does during a command
    config = load_config(args.project / "notes2anki.toml")
    cache = None if args.no_cache else BuildCache.of_project(config.root)
    # Each stage as it starts: (name, what it works on, when); it ends where the next one starts.
    starts = [("imports, configuration", "", STARTED)]
    resident = []

    def progress(stage: str, item: str) -> None:
        starts.append((stage, item, time.perf_counter()))
        resident.append(resident_mib())

    built = build_deck(config, config.root / "build", progress, cache)
    progress("end", "")
    print(f"{'stage':<22} {'seconds':>8} {'MiB after':>10}  on")
    for (stage, item, start), (_, _, end), mib in zip(starts, starts[1:], resident, strict=False):
        print(f"{stage:<22} {end - start:8.2f} {mib:10}  {item}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss >> 10
    print(f"{'total':<22} {starts[-1][2] - STARTED:8.2f} {peak:10}  (peak)")
    print("wrote" if built.written else "up to date:", built.deck)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
