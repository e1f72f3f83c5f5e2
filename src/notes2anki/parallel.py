"""Pure per-item work spread over the machine's cores by forking.

The children inherit the work's inputs, so nothing is sent to them; each computes its share and
sends back only the results, pickled through a pipe. This process only collects: the garbage the
work makes stays in the children and dies with them, so this process's memory holds results alone
(a tenth less at its peak on the largest benchmark, at no cost in time). A child that fails is not
trusted: its share is computed again here, so a result never depends on whether the work was spread.

Only on Linux, where forking a process that has imported everything costs a few milliseconds.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
# Results cross from a child in pickles of this many: few enough calls, little held at once.
RESULTS_PER_PICKLE = 64


def cores() -> int:
    """How many processes work is spread over: one per core, where forking is cheap and safe."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def shares(weights: Sequence[float], count: int) -> list[list[int]]:
    """Item positions in ``count`` groups of about equal weight, each group in item order."""
    groups: list[list[int]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for position in sorted(range(len(weights)), key=lambda index: -weights[index]):
        lightest = loads.index(min(loads))
        groups[lightest].append(position)
        loads[lightest] += weights[position]
    return [sorted(group) for group in groups]


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
    groups = shares(weights, count)
    children = [_start_child(function, [items[position] for position in group], pack) for group in groups]
    results: list[Any] = [None] * len(items)
    for group, child in zip(groups, children, strict=True):
        received = _finish_child(*child, len(group))
        if received is None:
            received = [function(items[position]) for position in group]
        elif unpack is not None:
            received = [unpack(value) for value in received]
        for position, result in zip(group, received, strict=True):
            results[position] = result
    return results


def _start_child(function: Callable, items: list, pack: Callable | None) -> tuple[int, int]:
    """Fork a child that computes ``items`` and writes them to a pipe, pickled a few at a time so
    that neither side holds all of them pickled at once: (pid, read end)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    status = 1
    try:  # in the child: never return into the caller's code, whatever happens
        os.close(read_end)
        results = [pack(result) if pack else result for result in map(function, items)]
        with os.fdopen(write_end, "wb") as pipe:
            for start in range(0, len(results), RESULTS_PER_PICKLE):
                pickle.dump(results[start : start + RESULTS_PER_PICKLE], pipe, pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        os._exit(status)


def _finish_child(pid: int, read_end: int, count: int) -> list | None:
    """The child's ``count`` results, or None when it failed."""
    received: list = []
    complete = True
    with os.fdopen(read_end, "rb") as pipe:
        try:
            while len(received) < count:
                received.extend(pickle.load(pipe))
        except Exception:  # a child that died mid-write: its share is redone here
            complete = False
        pipe.read()  # what is left, so that the child is never stuck writing
    _, status = os.waitpid(pid, 0)
    return received if complete and status == 0 and len(received) == count else None
