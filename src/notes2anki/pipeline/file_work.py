"""The work each notes file needs on its own: parse it, tame over-deep Markdown, render every block,
and reduce each section to what dedupe compares.

That work depends on nothing but the file and the parser's configuration, so it is kept per file
in the build cache, and the files the cache does not have are spread over the cores when there is
enough of them to pay for forking.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Mapping, MutableSequence, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate, pairwise
from types import MappingProxyType

from notes2anki.dedupe.meeting_points import meeting_points
from notes2anki.dedupe.merge import SectionForms, section_forms
from notes2anki.hashing import media_name
from notes2anki.image_links import IMAGE, image_target, with_target
from notes2anki.model import Block, BlockKind, Diagnostic, Level, Location, Section, SourceFile, Unanswered
from notes2anki.parse import parse_file
from notes2anki.pipeline.cache import BuildCache
from notes2anki.render.cards import render_block
from notes2anki.render.markdown_guard import tame_section
from notes2anki.runtime.parallel import parallel_map

# Below this many characters of notes to work on, forking costs more than it saves (the
# 11,000-section benchmark corpus has about 2.5 million).
PARALLEL_MIN_CHARS = 200_000
NONE_KNOWN: Mapping[Block, str] = MappingProxyType({})


@dataclass(frozen=True)
class FileWork:
    sections: tuple[Section, ...]
    unanswered: tuple[Unanswered, ...]
    # The parser's warnings and those about blocks shown as plain text, in the order they arose.
    diagnostics: tuple[Diagnostic, ...]
    # The HTML of every answer and front block of the sections, by block.
    html: dict[Block, str]
    # What dedupe groups and blocks each section by.
    forms: tuple[SectionForms, ...]
    # Where dedupe could bring each section together with another (dedupe.meeting_points).
    points: tuple[bytes, ...]


def work_on(
    source: SourceFile, exclude_headings: tuple[str, ...], known_html: Mapping[Block, str] = NONE_KNOWN
) -> FileWork:
    """Parse, tame and render one file; a block in ``known_html`` is not rendered again.
    Raises what the parser raises."""
    parsed = parse_file(source, exclude_headings)
    sections, diagnostics = [], []
    for parsed_section in parsed.sections:
        section, problems = tame_section(with_media_names(parsed_section))
        sections.append(section)
        diagnostics.extend(problems)
    diagnostics.extend(quoting_passages(parsed.diagnostics, source.text))
    html = _render_blocks(sections, known_html)
    forms = tuple(section_forms(section) for section in sections)
    points = tuple(map(meeting_points, forms))
    return FileWork(tuple(sections), parsed.unanswered, tuple(diagnostics), html, forms, points)


# A passage on no card is named by its first words, so that a list of them tells one from another:
# python-basics.txt:45: on no card: "装饰器是一种增加函数或类功能的简单方法，它可以快速…" (put a question line above it)
PASSAGE_QUOTE_CHARS = 32


def quoting_passages(diagnostics: tuple[Diagnostic, ...], text: str) -> list[Diagnostic]:
    """The diagnostics, each passage on no card saying its first words instead of the parser's words."""
    lines = text.split("\n")
    return [
        _quoting(diagnostic, lines)
        if diagnostic.level is Level.LEFT_OUT and diagnostic.location
        else diagnostic
        for diagnostic in diagnostics
    ]


def _quoting(diagnostic: Diagnostic, lines: list[str]) -> Diagnostic:
    line = diagnostic.location.line if diagnostic.location else 0
    words = next((" ".join(text.split()) for text in lines[max(line - 1, 0) :] if text.strip()), "")
    if not words:
        return diagnostic
    quoted = words if len(words) <= PASSAGE_QUOTE_CHARS else words[:PASSAGE_QUOTE_CHARS].rstrip() + "…"
    hint = diagnostic.message.rpartition("(")[2].rstrip(")") or "put a question line above it"
    return replace(diagnostic, message=f'on no card: "{quoted}" ({hint})')


def with_media_names(section: Section) -> Section:
    """The section with each image it ships linked by its name in the deck (hashing.media_name):
    the parser links "img/handshake.png" by its bare name, "![handshake](handshake.png)" or
    '<img src="handshake.png">', which two images in two folders share."""
    if not section.media:
        return section
    names = {path.name: media_name(path) for path in section.media}

    def renamed_link(link: re.Match[str]) -> str:
        target = image_target(link)
        return with_target(link, names[target]) if target in names else link[0]

    def renamed(block: Block) -> Block:
        if block.kind is not BlockKind.MARKDOWN:
            return block
        text = IMAGE.sub(renamed_link, block.text)
        return block if text == block.text else replace(block, text=text)

    return replace(
        section, answer=tuple(map(renamed, section.answer)), front=tuple(map(renamed, section.front))
    )


def _render_blocks(sections: list[Section], known_html: Mapping[Block, str]) -> dict[Block, str]:
    html: dict[Block, str] = {}
    for section in sections:
        for block in (*section.answer, *section.front):
            if block in html:
                continue
            if block in known_html:
                html[block] = known_html[block]
                continue
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


def _attempt(
    source: SourceFile, exclude_headings: tuple[str, ...], known_html: Mapping[Block, str]
) -> FileWork | str:
    """A file's work, or why the parser failed on it."""
    try:
        return work_on(source, exclude_headings, known_html)
    except Exception as exc:  # one note the parser cannot handle must not stop the whole deck
        return f"{type(exc).__name__}: {exc}"


class FileEntries:
    """The build cache as the per-file stage sees it: for each notes file, one lookup (its work, or
    the HTML of the blocks its last version had) and, for work done now, one store."""

    def __init__(self, cache: BuildCache, keys: list[str], last_keys: list[str | None]) -> None:
        self.cache = cache
        self.keys = keys
        self.last_keys = last_keys

    @classmethod
    def of(
        cls, cache: BuildCache, sources: Sequence[SourceFile], exclude_headings: tuple[str, ...]
    ) -> FileEntries:
        """The entries of ``sources``, their keys recorded for the next build's known_html."""
        keys = [cache.file_key(source, exclude_headings) for source in sources]
        last = cache.last_keys()
        cache.remember_keys({source.name: key for source, key in zip(sources, keys, strict=True)}, last)
        return cls(cache, keys, [last.get(source.name) for source in sources])

    def only(self, indexes: Sequence[int]) -> FileEntries:
        """The entries of the files at ``indexes``, in that order."""
        return FileEntries(self.cache, [self.keys[i] for i in indexes], [self.last_keys[i] for i in indexes])

    def lookup(self, index: int) -> FileWork | None:
        return _from_entry(self.cache.load_file(self.keys[index]))

    def last_work(self, index: int) -> FileWork | None:
        """The work of the file's previous version, when the cache still has it."""
        key = self.last_keys[index]
        return stored_work(self.cache, key) if key else None

    def known_html(self, index: int) -> Mapping[Block, str]:
        """The HTML of the blocks of the file's previous version: an edited file renders only new ones."""
        work = self.last_work(index)
        return work.html if work else NONE_KNOWN

    def store(self, index: int, work: FileWork) -> bool:
        return self.cache.store_file(self.keys[index], _as_entry(work))


def stored_work(cache: BuildCache, key: str) -> FileWork | None:
    """The work the cache keeps under ``key``, without keeping it for this build."""
    return _from_entry(cache.peek_file(key))


def _as_entry(work: FileWork) -> tuple[object, ...]:
    """The work as the cache keeps it: the HTML of its blocks as one text and where each piece ends,
    cut into its pieces when read back. Each piece is then made at its size: unpickled one by one, a
    piece is decoded into a larger buffer that is shrunk, and a large deck's heap is left with gaps
    that its small objects cannot use."""
    pieces = list(work.html.values())
    html = (tuple(work.html), "".join(pieces), array("I", accumulate(map(len, pieces))).tobytes())
    return (work.sections, work.unanswered, work.diagnostics, html, work.forms, work.points)


def _from_entry(entry: object) -> FileWork | None:
    if (
        not isinstance(entry, tuple)
        or len(entry) != 6
        or not isinstance(entry[3], tuple)
        or len(entry[3]) != 3
    ):
        return None
    sections, unanswered, diagnostics, (blocks, text, piece_ends), forms, points = entry
    ends = array("I", piece_ends).tolist()
    if len(ends) != len(blocks) or (ends and ends[-1] != len(text)):
        return None
    pieces = {
        block: text[start:end] for block, (start, end) in zip(blocks, pairwise([0, *ends]), strict=True)
    }
    return FileWork(sections, unanswered, diagnostics, pieces, forms, points)


def work_on_files(
    sources: MutableSequence[SourceFile],
    exclude_headings: tuple[str, ...],
    entries: FileEntries | None,
    progress: Callable[[str, str], None],
) -> list[FileWork | Diagnostic]:
    """Each file's work, in the order of ``sources``, or the warning saying why it failed: from the
    cache (``entries``, those of ``sources``) when it has it, else done now (over the cores when
    there is enough) and stored.

    Once a file's work is in, its text is let go: it is replaced in ``sources`` by the file without
    it. The work of a large deck's files is not gathered beside all of their notes."""

    def let_go(index: int) -> None:
        sources[index] = replace(sources[index], text="")

    results: list[FileWork | Diagnostic | None] = [
        entries.lookup(index) if entries else None for index in range(len(sources))
    ]
    missing = [index for index, result in enumerate(results) if result is None]
    for index, result in enumerate(results):
        if result is not None:
            let_go(index)
    known_html = {index: entries.known_html(index) for index in missing} if entries else {}

    def attempt(index: int) -> tuple[int, FileWork | str, bool]:
        """In this process or a forked one: the file's work or failure, and whether it is stored."""
        work = _attempt(sources[index], exclude_headings, known_html.get(index, NONE_KNOWN))
        stored = entries.store(index, work) if entries and isinstance(work, FileWork) else False
        let_go(index)
        return index, work, stored

    def sent_back(done: tuple[int, FileWork | str, bool]) -> tuple[int, FileWork | str | None, bool]:
        # Work in the cache is read back from there: no second copy crosses the pipe.
        index, work, stored = done
        return index, None if stored else work, stored

    def received(done: tuple[int, FileWork | str | None, bool]) -> tuple[int, FileWork | str, bool]:
        index, work, stored = done
        if work is None and entries:
            work = entries.lookup(index)
        if work is None:  # stored by a child, but it cannot be read back: done again here
            return attempt(index)
        let_go(index)
        return index, work, stored

    progress("parse", f"{len(missing)} files")
    weights = [len(sources[index].text) for index in missing]
    for index, work, _ in parallel_map(attempt, missing, weights, PARALLEL_MIN_CHARS, sent_back, received):
        results[index] = parse_failure(sources[index].name, work) if isinstance(work, str) else work
    return [result for result in results if result is not None]
