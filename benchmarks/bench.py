#!/usr/bin/env python3
"""Build-speed benchmark: notes2anki against the genanki floor, in the same run.

usage: python benchmarks/bench.py [--repeat 3] [--shared ../shared] [--keep DIR] [--compare MDANKIDECK]

Generates the synthetic corpus (11,000 and 55,000 sections) with the shared
make_corpus.py, then times, as separate processes, each case below and prints
the median wall time and peak memory (max RSS) with the ratio to the floor:

  floor          baseline_genanki.py writing 11,000 ready-made notes
  cold 11k       notes2anki build with an empty build/ and no lock file
  edit 1 file    rebuild after appending a section to one notes file
  no-op          rebuild with nothing changed
  cold 55k       as cold 11k, on 55,000 sections
  --help         notes2anki --help
  watch edit     `notes2anki watch` on the 11k corpus: the time each rebuild after an edit takes, as
                 the watch says it ("wrote … in 0.43 s": from the change settled to the deck and lock
                 written; the watch notices a change within half a second and lets it settle 0.3 s)
  mdankideck     markdown-anki-decks converting the 11k corpus's Markdown files (one deck per file,
                 no duplicate detection; an edit costs it as much): only when its command is found

Every command first runs once untimed, so that each case, the floor too, finds Python's compiled
modules as an installed package has them (pip compiles on install; this machine sets
PYTHONDONTWRITEBYTECODE, so the children keep theirs under the work folder instead).
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CARDS_FOR_SECTIONS = {"11k": 10_000, "55k": 50_000}  # make_corpus writes ~1.1 sections per card
GOALS = {
    "cold 11k": ("x floor", 7.0),
    "edit 1 file": ("x floor", 1.3),
    "no-op": ("x floor", 0.3),
    "cold 55k": ("x cold 11k", 5.2),
    "--help": ("seconds", 0.3),
}
PEAK_MEMORY_GOAL_MIB = 250
# markdown-anki-decks, timed in the same run when its command is found (it needs click<8.2, so it
# lives in a virtual environment of its own: python3 -m venv V && V/bin/pip install
# markdown-anki-decks==1.1.1 "click<8.2", then --compare V/bin/mdankideck).
COMPARED_COMMAND = "mdankideck"
# make_corpus's heading layout: "#### 12、什么是GIL锁？ (7)".
NUMBERED_HEADING = re.compile(r"^#### \d+、", re.MULTILINE)


def child_environment(work: Path) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return environment


def run(command: list[str], cwd: Path, environment: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    # Warnings go to a file, not a pipe: a full pipe would stall the build being timed.
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr, env=environment
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        stderr.seek(0)
        errors = stderr.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(command)} failed ({code}):\n{errors[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def make_project(root: Path, shared: Path, size: str) -> Path:
    project = root / size
    corpus = project / "sources"
    subprocess.run(
        [
            sys.executable,
            str(shared / "bench" / "make_corpus.py"),
            str(corpus),
            "--cards",
            str(CARDS_FOR_SECTIONS[size]),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.copy(REPO / "notes2anki.toml", project / "notes2anki.toml")
    return project


def reset(project: Path) -> None:
    shutil.rmtree(project / "build", ignore_errors=True)
    (project / "notes2anki.lock").unlink(missing_ok=True)


def edited_question(round_number: int) -> str:
    return f"基准测试新增的问题 {round_number}？"


def edit_one_file(project: Path, round_number: int) -> None:
    """Add a section to the first notes file, written as make_corpus writes that file's sections."""
    first = min((project / "sources").iterdir())
    text = first.read_text(encoding="utf-8")
    numbered = NUMBERED_HEADING.findall(text)
    if first.suffix != ".md" or not numbered:
        raise SystemExit(f"{first}: expected the Markdown layout with '#### 1、question' headings")
    heading = f"#### {len(numbered) + 1}、{edited_question(round_number)}"
    section = f"\n{heading}\n\n新增的答案：线程和协程的区别 {round_number}。\n"
    first.write_text(text + section, encoding="utf-8")


def check_edits_built(project: Path, rounds: int) -> None:
    """The edited sections must have become cards, or the edit case measured nothing."""
    lock = (project / "notes2anki.lock").read_text(encoding="utf-8")
    missing = [n for n in range(rounds) if edited_question(n) not in lock]
    if missing:
        raise SystemExit(f"the edits of rounds {missing} did not become cards: the edit case is wrong")


# What the watch says after each rebuild: "12:00:00 wrote build/deck.apkg (10001 cards, 0 warnings) in 0.43 s".
WATCH_REBUILD = re.compile(r" wrote .* in (\d+\.\d+) s$")
WATCH_TIMEOUT = 300  # seconds a rebuild may take before the benchmark gives up on the watch


def measure_watch(
    cli: list[str], repeat: int, project: Path, environment: dict[str, str]
) -> tuple[str, float, float]:
    """The rebuild time `notes2anki watch` reports after each of ``repeat`` edits, and its peak memory."""
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(
            [*cli, "watch"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env=environment | {"PYTHONUNBUFFERED": "1"},
        )
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True).start()

        def next_rebuild() -> float:
            try:
                while (line := lines.get(timeout=WATCH_TIMEOUT)) is not None:
                    found = WATCH_REBUILD.search(line.rstrip("\n"))
                    if found:
                        return float(found[1])
                problem = "stopped before it rebuilt"
            except queue.Empty:
                problem = f"did not rebuild within {WATCH_TIMEOUT} s"
            stderr.seek(0)
            raise SystemExit(f"notes2anki watch {problem}:\n{stderr.read().decode()[-2000:]}")

        try:
            next_rebuild()  # the build it starts with
            times = []
            for round_number in range(repeat):
                edit_one_file(project, repeat + round_number)  # questions the edit case did not add
                times.append(next_rebuild())
        finally:
            process.send_signal(signal.SIGINT)
            _, _, usage = os.wait4(process.pid, 0)
    return "watch edit", statistics.median(times), usage.ru_maxrss / 1024


def _read_lines(stream: Any, lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def measure(
    name: str, repeat: int, prepare, command: list[str], cwd: Path, environment: dict[str, str]
) -> tuple[str, float, float]:
    times, peaks = [], []
    for round_number in range(repeat):
        prepare(round_number)
        elapsed, peak = run(command, cwd, environment)
        times.append(elapsed)
        peaks.append(peak)
    return name, statistics.median(times), max(peaks)


def measure_compared(
    command: Path, repeat: int, project: Path, work: Path, environment: dict[str, str]
) -> tuple[str, float, float]:
    """markdown-anki-decks on the 11k corpus's Markdown files, each time into an empty folder."""
    markdown = work / "markdown-only"
    markdown.mkdir(exist_ok=True)
    for note in (project / "sources").glob("*.md"):
        shutil.copy(note, markdown / note.name)
    decks = work / "mdankideck-out"

    def empty(_: int) -> None:
        shutil.rmtree(decks, ignore_errors=True)
        decks.mkdir()

    empty(0)
    run([str(command), str(markdown), str(decks)], work, environment)  # untimed, as every command
    return measure(
        COMPARED_COMMAND, repeat, empty, [str(command), str(markdown), str(decks)], work, environment
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument(
        "--compare",
        type=Path,
        default=shutil.which(COMPARED_COMMAND),
        help=f"markdown-anki-decks' {COMPARED_COMMAND} to time as well (default: the one on PATH, if any)",
    )
    args = parser.parse_args(argv)

    cli = [sys.executable, "-m", "notes2anki"]
    work = args.keep or Path(tempfile.mkdtemp(prefix="notes2anki-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        small = make_project(work, args.shared, "11k")
        large = make_project(work, args.shared, "55k")
        files = len(list((small / "sources").iterdir()))
        floor = [
            sys.executable,
            str(args.shared / "bench" / "baseline_genanki.py"),
            str(work / "floor.apkg"),
            "--cards",
            "11000",
        ]
        environment = child_environment(work)
        for command, cwd in ((floor, work), ([*cli, "--help"], small), ([*cli, "-q", "build"], small)):
            run(command, cwd, environment)
        build = [*cli, "-q", "build"]
        rows = [
            measure("floor", args.repeat, lambda _: None, floor, work, environment),
            measure("cold 11k", args.repeat, lambda _: reset(small), build, small, environment),
            measure("edit 1 file", args.repeat, lambda n: edit_one_file(small, n), build, small, environment),
        ]
        check_edits_built(small, args.repeat)
        rows += [
            measure("no-op", args.repeat, lambda _: None, build, small, environment),
            measure("cold 55k", args.repeat, lambda _: reset(large), build, large, environment),
            measure("--help", args.repeat, lambda _: None, [*cli, "--help"], small, environment),
            measure_watch(cli, args.repeat, small, environment),
        ]
        if args.compare:
            rows.append(measure_compared(args.compare, args.repeat, small, work, environment))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    seconds = {name: wall for name, wall, _ in rows}
    print(
        f"notes2anki benchmark: {os.cpu_count()} cores, median of {args.repeat}, 11k corpus in {files} files"
    )
    print(f"{'case':<12} {'wall s':>8} {'peak MiB':>9} {'ratio':>16} {'goal':>14}  ok")
    failed = 0
    for name, wall, peak in rows:
        ratio_text = goal_text = ""
        ok = True
        if name in (COMPARED_COMMAND, "watch edit"):
            ratio_text = f"{wall / seconds['floor']:.2f} x floor"
        if name in GOALS:
            unit, goal = GOALS[name]
            if unit == "seconds":
                value = wall
            else:
                value = wall / seconds["floor" if unit == "x floor" else "cold 11k"]
                ratio_text = f"{value:.2f} {unit}"
            goal_text = f"<= {goal} {unit if unit == 'seconds' else ''}".strip()
            ok = value <= goal
        if name == "cold 55k":
            memory_ok = peak <= PEAK_MEMORY_GOAL_MIB
            goal_text += f", <= {PEAK_MEMORY_GOAL_MIB} MiB"
            ok = ok and memory_ok
        failed += not ok
        print(f"{name:<12} {wall:8.2f} {peak:9.0f} {ratio_text:>16} {goal_text:>14}  {'yes' if ok else 'NO'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
