"""A small notes2anki project of its own in a temporary folder: configuration, notes, and edits to them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from notes2anki.cli import main

CONFIG = """\
# A small deck for tests.
[deck]
name = "Test Deck"
version = "0.1.0"   # bumped by notes2anki release
sources = ["notes/*.md"]

[identity]
fuzzy_threshold = 0.75

[[topics]]
name = "Python"
signals = ["python", "GIL", "closure", "装饰器", "list", "tuple"]

[[topics]]
name = "Concurrency"
signals = ["进程", "线程", "deadlock", "semaphore", "coroutine", "thread"]
"""

BASICS = """\
# Python basics

### What does the GIL do?

The global interpreter lock lets only one thread execute Python bytecode at a time.

### What is a closure?

A function that remembers the variables of the scope it was defined in.

### 什么是装饰器

装饰器是一个接收函数并返回新函数的可调用对象，用来在不改动原函数的情况下增加功能。

### How is a list diferent from a tuple?

A list is mutable; a tuple is immutable and can be a dict key.
"""

CONCURRENCY = """\
# Concurrency

### 进程和线程的区别

进程是资源分配的最小单位，线程是CPU调度的最小单位，一个进程可以包含多个线程。

### What is a deadlock?

Two threads each hold a lock the other one needs, so neither can continue.

### What is a semaphore?

A counter of permits: acquire takes one and waits at zero, release gives one back.
"""

SEMAPHORE = CONCURRENCY[CONCURRENCY.index("### What is a semaphore?") :]

# The edits a learner makes between two releases, and the questions each one touches.
CHANGED_ANSWER = "What is a closure?"
TYPO_FIXED = ("How is a list diferent from a tuple?", "How is a list different from a tuple?")
REWORDED = ("进程和线程的区别", "进程与线程有什么区别")
MOVED = "What is a semaphore?"
DELETED = "What is a deadlock?"
ADDED = "What is a coroutine?"
UNTOUCHED = ("What does the GIL do?", "什么是装饰器")


def write_project(root: Path) -> Path:
    (root / "notes").mkdir(parents=True)
    (root / "notes2anki.toml").write_text(CONFIG, encoding="utf-8")
    (root / "notes" / "basics.md").write_text(BASICS, encoding="utf-8")
    (root / "notes" / "concurrency.md").write_text(CONCURRENCY, encoding="utf-8")
    return root


def edit_notes(root: Path) -> None:
    """Change one answer, fix a typo, reword a question, move a section, delete one, add one."""
    basics = BASICS.replace(
        "A function that remembers the variables of the scope it was defined in.",
        "An inner function that keeps references to names of its enclosing function after it returns.",
    ).replace(*TYPO_FIXED)
    concurrency = (
        CONCURRENCY.replace(*REWORDED)
        .replace(SEMAPHORE, "")
        .replace(
            "### What is a deadlock?\n\nTwo threads each hold a lock the other one needs, so neither can continue.\n\n",
            "",
        )
    )
    concurrency += "\n### What is a coroutine?\n\nA function that can pause at await and resume later.\n"
    (root / "notes" / "basics.md").write_text(basics, encoding="utf-8")
    (root / "notes" / "concurrency.md").write_text(concurrency, encoding="utf-8")
    (root / "notes" / "sync.md").write_text("# Synchronisation\n\n" + SEMAPHORE, encoding="utf-8")


def run_cli(root: Path, *args: str, epoch: int):
    """Run the command line in ``root`` with SOURCE_DATE_EPOCH set; returns the click Result."""
    runner = CliRunner()
    return runner.invoke(
        main, ["--config", str(root / "notes2anki.toml"), *args], env={"SOURCE_DATE_EPOCH": str(epoch)}
    )
