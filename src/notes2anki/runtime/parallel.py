"""Pure per-item work spread over the machine's cores by forking.

The children inherit the work's inputs, so nothing is sent to them but which item to do next: the
heaviest items first, each to whichever child is free, so that they finish together. Each sends
back only its results, pickled through a pipe. This process only hands out and collects: the
garbage the work makes stays in the children and dies with them, so this process's memory holds
results alone. An item a failed child did not send back is done again here, so a result never
depends on whether the work was spread.

Only on Linux, where forking a process that has imported everything costs a few milliseconds.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
# Results cross from a child in pickles of this many: few enough calls, little held at once.
RESULTS_PER_PICKLE = 64
# An item's position, as handed to the children.
POSITION = struct.Struct("<I")
# Positions are written this many at a time: POSIX never splits a pipe write of at most 512 bytes
# (PIPE_BUF is at least that), so a child always reads whole positions.
POSITIONS_PER_WRITE = 512 // POSITION.size


def cores() -> int:
    """How many processes work is spread over: one per core, where forking is cheap and safe.

    Never from a process running other threads: a child forked then may inherit a lock another
    thread holds (an import lock, an allocator's) and wait for it forever. The build draws its
    progress line from its own thread so that it can fork (runtime.progress).
    """
    if not sys.platform.startswith("linux") or not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def parallel_map(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    weights: Sequence[float] | None = None,
    min_weight: float = 0,
    pack: Callable[[Result], Any] | None = None,
    unpack: Callable[[Any], Result] | None = None,
) -> list[Result]:
    """``[function(item) for item in items]``, spread over the cores when the total weight (by
    default one per item) reaches ``min_weight``. ``function`` must not depend on what the other
    items did. ``pack`` turns a child's result into what crosses the pipe, ``unpack`` turns it back.
    """
    weights = weights if weights is not None else [1.0] * len(items)
    count = min(cores(), len(items))
    if count < 2 or sum(weights) < min_weight:
        return [function(item) for item in items]
    queue = os.pipe()
    children = [_start_child(function, items, queue, pack) for _ in range(count)]
    queue_read, queue_write = queue
    os.close(queue_read)
    _hand_out(queue_write, sorted(range(len(items)), key=lambda position: -weights[position]))
    results: dict[int, Any] = {}
    for child in children:
        for position, result in _finish_child(*child):
            results[position] = unpack(result) if unpack is not None else result
    # What a failed child did not send back is done here.
    return [results[p] if p in results else function(item) for p, item in enumerate(items)]


def _hand_out(queue: int, order: list[int]) -> None:
    """Write the positions to the children's queue, then close it; the children read it as they
    become free (a write waits while the pipe is full). If every child is gone, what is left is
    done here."""
    try:
        for start in range(0, len(order), POSITIONS_PER_WRITE):
            os.write(queue, b"".join(POSITION.pack(p) for p in order[start : start + POSITIONS_PER_WRITE]))
    except BrokenPipeError:
        pass
    finally:
        os.close(queue)


def _start_child(
    function: Callable[[Any], Any],
    items: Sequence[Any],
    queue: tuple[int, int],
    pack: Callable[[Any], Any] | None,
) -> tuple[int, int]:
    """Fork a child that does the items whose positions it reads from the ``queue`` pipe until it
    is empty, then writes (position, result) pairs to a pipe, pickled a few at a time so that
    neither side holds all of them pickled at once: (pid, read end)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    status = 1
    try:  # in the child: never return into the caller's code, whatever happens
        os.close(read_end)
        os.close(queue[1])  # the queue ends when this process's parent closes it, not before
        results = []
        while len(data := os.read(queue[0], POSITION.size)) == POSITION.size:
            (position,) = POSITION.unpack(data)
            result = function(items[position])
            results.append((position, pack(result) if pack else result))
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(len(results), pipe, pickle.HIGHEST_PROTOCOL)
            for start in range(0, len(results), RESULTS_PER_PICKLE):
                pickle.dump(results[start : start + RESULTS_PER_PICKLE], pipe, pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        os._exit(status)


def _finish_child(pid: int, read_end: int) -> list[tuple[int, Any]]:
    """The child's (position, result) pairs; none when it failed (its items are done again here)."""
    received: list[tuple[int, Any]] = []
    complete = True
    with os.fdopen(read_end, "rb") as pipe:
        try:
            count = pickle.load(pipe)
            while len(received) < count:
                received.extend(pickle.load(pipe))
        except Exception:  # a child that died mid-write: its items are redone here
            complete = False
        pipe.read()  # what is left, so that the child is never stuck writing
    _, status = os.waitpid(pid, 0)
    return received if complete and status == 0 else []
