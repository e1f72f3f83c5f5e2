"""The work each notes file needs on its own: parse it, tame over-deep Markdown, render every block.

That work depends on nothing but the file and the parser's configuration, so it is kept per file
in the build cache, and files the cache does not have are spread over worker processes when there
is enough of them to pay for starting the workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .cache import BuildCache, decode_entry, encode_entry
from .markdown_guard import tame_section
from .model import Block, Diagnostic, Location, Section, SourceFile, Unanswered
from .parse import parse_file

# Below this many characters of notes to parse, starting worker processes costs more than it saves
# (the 11,000-section benchmark corpus has about 2.5 million).
PARALLEL_MIN_CHARS = 200_000


@dataclass(frozen=True)
class FileWork:
    sections: tuple[Section, ...]
    unanswered: tuple[Unanswered, ...]
    # The parser's warnings and those about blocks shown as plain text, in the order they arose.
    diagnostics: tuple[Diagnostic, ...]
    # The HTML of every answer and front block of the sections, by block.
    html: dict[Block, str]


def work_on(source: SourceFile, exclude_headings: tuple[str, ...]) -> FileWork:
    """Parse, tame and render one file. Raises what the parser raises."""
    parsed = parse_file(source, exclude_headings)
    sections, diagnostics = [], []
    for section in parsed.sections:
        section, problems = tame_section(section)
        sections.append(section)
        diagnostics.extend(problems)
    diagnostics.extend(parsed.diagnostics)
    return FileWork(tuple(sections), parsed.unanswered, tuple(diagnostics), _render_blocks(sections))


def _render_blocks(sections: list[Section]) -> dict[Block, str]:
    from .render import render_block

    html: dict[Block, str] = {}
    for section in sections:
        for block in (*section.answer, *section.front):
            if block not in html:
                try:
                    html[block] = render_block(block)
                except Exception:  # left for the render stage, which meets it as it always did
                    continue
    return html


def parse_failure(name: str, error: str) -> Diagnostic:
    return Diagnostic(
        f"skipped: this file could not be parsed ({error}) "
        f"(the rest of the deck was built; please report this file)",
        Location(name, 1),
    )


def _attempt(source: SourceFile, exclude_headings: tuple[str, ...]) -> FileWork | str:
    """A file's work, or why the parser failed on it."""
    try:
        return work_on(source, exclude_headings)
    except Exception as exc:  # one note the parser cannot handle must not stop the whole deck
        return f"{type(exc).__name__}: {exc}"


def _encoded_attempt(task: tuple[SourceFile, tuple[str, ...]]) -> bytes | str:
    """In a worker: a file's work encoded as a cache entry (to cross to the parent), or why it failed."""
    work = _attempt(*task)
    return work if isinstance(work, str) else encode_entry(_as_entry(work))


def _as_entry(work: FileWork) -> tuple:
    return (work.sections, work.unanswered, work.diagnostics, work.html)


def _from_entry(entry: object) -> FileWork | None:
    if not isinstance(entry, tuple) or len(entry) != 4 or not isinstance(entry[3], dict):
        return None
    return FileWork(*entry)


def _in_parallel(tasks: list[tuple[SourceFile, tuple[str, ...]]]) -> bool:
    return (
        len(tasks) > 1
        and (os.cpu_count() or 1) > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and sum(len(source.text) for source, _ in tasks) >= PARALLEL_MIN_CHARS
    )


Attempt = tuple[int, "FileWork | str", "bytes | None"]


def _attempts(tasks: list[tuple[SourceFile, tuple[str, ...]]], encode: bool) -> Iterator[Attempt]:
    """(task index, work or failure, the work encoded as a cache entry) for every task.

    In worker processes when that pays, largest files first; the work crosses back encoded anyway.
    """
    if not _in_parallel(tasks):
        for index, task in enumerate(tasks):
            work = _attempt(*task)
            yield index, work, encode_entry(_as_entry(work)) if encode and isinstance(work, FileWork) else None
        return
    largest_first = sorted(range(len(tasks)), key=lambda index: -len(tasks[index][0].text))
    # Forked workers start at once with everything imported; the tasks still travel pickled.
    with multiprocessing.get_context("fork").Pool(min(os.cpu_count() or 1, len(tasks))) as pool:
        for index, encoded in zip(largest_first, pool.imap(_encoded_attempt, [tasks[i] for i in largest_first])):
            if isinstance(encoded, str):
                yield index, encoded, None
            else:
                yield index, _from_entry(decode_entry(encoded)), encoded


def work_on_files(
    sources: tuple[SourceFile, ...],
    exclude_headings: tuple[str, ...],
    cache: BuildCache | None,
    progress: Callable[[str, str], None],
) -> list[FileWork | Diagnostic]:
    """Each file's work, in the order of ``sources``, or the warning saying why it failed."""
    results: list[FileWork | Diagnostic | None] = [None] * len(sources)
    keys = [cache.file_key(source, exclude_headings) for source in sources] if cache else []
    missing = []
    for index in range(len(sources)):
        results[index] = _from_entry(cache.load_file(keys[index])) if cache else None
        if results[index] is None:
            missing.append(index)
    tasks = [(sources[index], exclude_headings) for index in missing]
    for task_index, work, encoded in _attempts(tasks, encode=cache is not None):
        index = missing[task_index]
        progress("parse", sources[index].name)
        if isinstance(work, str):
            results[index] = parse_failure(sources[index].name, work)
            continue
        if cache and encoded:
            cache.store_file(keys[index], encoded)
        results[index] = work
    return [result for result in results if result is not None]
