"""A progress line on the terminal for builds that take a while: the stage and the file at work.

Shown on standard error, only on a terminal, and only once the build has run for a second:
quick builds and piped or logged output stay free of it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from notes2anki.pipeline.build import Progress

# Builds quicker than this never show the progress line.
SHOW_AFTER_SECONDS = 1.0


def _silent(stage: str, item: str) -> None:
    pass


@contextlib.contextmanager
def build_progress(
    enabled: bool = True, delay: float = SHOW_AFTER_SECONDS, console: Console | None = None
) -> Iterator[Progress]:
    """A ``progress(stage, item)`` callback for ``run_pipeline``, drawn if stderr is a terminal."""
    if not enabled:
        yield _silent
        return
    if console is None:
        from rich.console import Console

        console = Console(stderr=True)
    if not console.is_terminal:
        yield _silent
        return
    from rich.progress import Progress as RichProgress
    from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

    display = RichProgress(
        SpinnerColumn(),
        TextColumn("[bold]{task.fields[stage]:<8}"),
        TextColumn("{task.description}", markup=False),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = display.add_task("", stage="start")
    lock = threading.Lock()
    finished = False

    def show() -> None:
        with lock:
            if not finished:
                display.start()

    def update(stage: str, item: str) -> None:
        display.update(task, stage=stage, description=item)

    timer = threading.Timer(delay, show)
    timer.daemon = True
    timer.start()
    try:
        yield update
    finally:
        timer.cancel()
        with lock:
            finished = True
            display.stop()
