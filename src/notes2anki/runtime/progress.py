"""A progress line on the terminal for builds that take a while: the stage and the file at work.

Shown on standard error, only on a terminal, and only once the build has run for a second:
quick builds and piped or logged output stay free of it.

The line is drawn by the thread that does the work, each time it says what it works on, never by
a thread of its own: a build forks its workers (runtime.parallel), and a process that forks while
another of its threads runs can hand its children a lock that is held for good.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

# progress(stage, item): called as work starts on each stage or file.
Progress = Callable[[str, str], None]
# Builds quicker than this never show the progress line.
SHOW_AFTER_SECONDS = 1.0


def quiet(stage: str, item: str) -> None:
    """Progress that goes unsaid."""


@contextlib.contextmanager
def build_progress(
    enabled: bool = True, delay: float = SHOW_AFTER_SECONDS, console: Console | None = None
) -> Iterator[Progress]:
    """A ``progress(stage, item)`` callback for ``run_pipeline``, drawn if stderr is a terminal."""
    if not enabled:
        yield quiet
        return
    if console is None:
        from rich.console import Console  # noqa: PLC0415 (rich loads for a terminal only)

        console = Console(stderr=True)
    if not console.is_terminal:
        yield quiet
        return
    import rich.progress as rich_progress  # noqa: PLC0415 (rich loads for a terminal only)

    display = rich_progress.Progress(
        rich_progress.SpinnerColumn(),
        rich_progress.TextColumn("[bold]{task.fields[stage]:<8}"),
        rich_progress.TextColumn("{task.description}", markup=False),
        rich_progress.TimeElapsedColumn(),
        console=console,
        transient=True,
        auto_refresh=False,  # no refresh thread: see the module's docstring
    )
    task = display.add_task("", stage="start")
    show_at = time.monotonic() + delay
    shown = False

    def update(stage: str, item: str) -> None:
        nonlocal shown
        display.update(task, stage=stage, description=item)
        if not shown and time.monotonic() >= show_at:
            display.start()
            shown = True
        if shown:
            display.refresh()

    try:
        yield update
    finally:
        if shown:
            display.stop()
