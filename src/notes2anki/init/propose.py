"""What `notes2anki init` proposes for a folder of notes: the deck's name, the globs of its notes,
the template headings to leave out, and topics with signal words drawn from the notes themselves.

Topics follow the notes' own structure: one per notes file when the cards come from several files,
else one per top-level grouping heading of the one file. Each topic's signals are the terms its
questions and headings hold more often than the other topics' do (see signals_for).
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from notes2anki.config import CONFIG_NAME, Topic
from notes2anki.errors import ConfigError, SourcesError
from notes2anki.init.terms import spelling_of, term_counts, terms_of
from notes2anki.model import Section
from notes2anki.parse import parse_file
from notes2anki.read.discover import NOTE_SUFFIXES, is_hidden, is_own_file
from notes2anki.read.files import read_sources

# The GitLab README template a repository starts with (spec section 4): not study material.
TEMPLATE_HEADINGS = (
    "Getting started", "Add your files", "Integrate with your tools", "Test and Deploy",
    "Editing this README", "Suggestions for a good README", "Name", "Description", "Badges",
    "Visuals", "Installation", "Usage", "Support", "Roadmap", "Contributing",
    "Authors and acknowledgment", "License", "Project status",
)  # fmt: skip
# Folders that hold the notes of a project laid out like this one ("sources/*.md").
NOTES_FOLDERS = ("sources", "notes")
# Headings that list the others, not a subject: "Table of Contents", "目录".
NOT_A_TOPIC = re.compile(r"^\s*(table\s+of\s+contents|contents|toc|目录|内容)\s*$", re.IGNORECASE)
# A topic needs this many cards: a file or heading with two questions is no subdeck of its own.
MIN_TOPIC_CARDS = 3
MAX_TOPICS = 12
SIGNALS_PER_TOPIC = 8
# A term is a signal of a topic when it stands in at least this many of the topic's questions
# and headings ("闭包" in three questions of python-basics.txt), unless it is the topic's own name.
MIN_SIGNAL_USES = 2


@dataclass(frozen=True)
class Proposal:
    folder: Path
    deck_name: str
    sources: tuple[str, ...]
    files: int  # notes files found
    cards: int  # questions with an answer found in them
    exclude_headings: tuple[str, ...]
    topics: tuple[Topic, ...]
    topics_by: str  # "file" or "heading": what each proposed topic stands for


def deck_name_of(folder: Path) -> str:
    """The deck's name from its folder's: "interview-notes" -> "Interview notes",
    "Chalarangelo__30-seconds-of-interviews" -> "Chalarangelo 30 seconds of interviews"."""
    words = re.sub(r"[\s_-]+", " ", folder.name).strip()
    return (words[:1].upper() + words[1:]) if words else "Notes"


def source_globs(folder: Path) -> tuple[str, ...]:
    """The globs of the notes: a notes folder's contents ("sources/**/*"), or else every file with a
    notes suffix found below ("**/*.md", "**/*.txt"). Files with no suffix (LICENSE, Makefile) are
    read as notes only inside a notes folder."""
    for name in NOTES_FOLDERS:
        if (folder / name).is_dir() and any(_notes_in(folder / name, folder)):
            return (f"{name}/**/*",)
    suffixes = sorted({path.suffix.lower() for path in _notes_in(folder, folder) if path.suffix})
    return tuple(f"**/*{suffix}" for suffix in suffixes)


def _notes_in(where: Path, root: Path) -> list[Path]:
    return [
        path
        for path in where.rglob("*")
        if path.is_file()
        and not is_hidden(path.relative_to(root).as_posix())
        and not is_own_file(path.relative_to(root))
        and path.suffix.lower() in NOTE_SUFFIXES
    ]


def propose(folder: Path) -> Proposal:
    """Everything `init` writes for the notes in ``folder``; SourcesError when it holds none."""
    folder = folder.resolve()
    sources = source_globs(folder)
    read = read_sources(folder, sources) if sources else None
    if read is None or not read.files:
        raise SourcesError(
            f"no notes in {folder}: init looks for .md and .txt files in it and its folders "
            "(run it in the folder of your notes)"
        )
    everything = [section for source in read.files for section in parse_file(source).sections]
    found_headings = {heading for section in everything for heading in (*section.context, section.question)}
    excluded = tuple(heading for heading in TEMPLATE_HEADINGS if heading in found_headings)
    sections = [section for source in read.files for section in parse_file(source, excluded).sections]
    topics, by = propose_topics(sections)
    return Proposal(
        folder=folder,
        deck_name=deck_name_of(folder),
        sources=sources,
        files=len(read.files),
        cards=len(sections),
        exclude_headings=excluded,
        topics=topics,
        topics_by=by,
    )


def topic_units(sections: list[Section]) -> tuple[dict[str, list[Section]], str]:
    """The sections of each would-be topic, and what the topics stand for: the notes files when
    several hold cards, else the top-level grouping headings of the one file."""
    by_file: dict[str, list[Section]] = {}
    for section in sections:
        by_file.setdefault(section.location.source, []).append(section)
    files = {name: found for name, found in by_file.items() if len(found) >= MIN_TOPIC_CARDS}
    if len(files) >= 2:
        return {_file_title(name): found for name, found in files.items()}, "file"
    by_heading: dict[str, list[Section]] = {}
    for section in sections:
        if section.context and not NOT_A_TOPIC.match(section.context[0]):
            by_heading.setdefault(section.context[0].strip(), []).append(section)
    return {name: found for name, found in by_heading.items() if len(found) >= MIN_TOPIC_CARDS}, "heading"


def _file_title(name: str) -> str:
    """A topic's name from its file's: "python-basics.txt" -> "python-basics"."""
    return PurePosixPath(name).stem.replace("::", ":").strip() or name


def propose_topics(sections: list[Section]) -> tuple[tuple[Topic, ...], str]:
    """Up to MAX_TOPICS topics, the largest units first, each with its signals; none when the
    notes have fewer than two units (every card then goes to its file's subdeck)."""
    units, by = topic_units(sections)
    largest = sorted(units.items(), key=lambda item: (-len(item[1]), item[0]))[:MAX_TOPICS]
    if len(largest) < 2:
        return (), by
    texts = {name: [text for section in found for text in _evidence(section)] for name, found in largest}
    topics = tuple(
        Topic(name, signals_for(name, texts, named=by == "heading"))
        for name, _ in sorted(largest, key=lambda item: item[0])
    )
    return tuple(topic for topic in topics if topic.signals), by


def _evidence(section: Section) -> list[str]:
    return [section.question, *section.context]


def signals_for(name: str, texts: dict[str, list[str]], named: bool = True) -> tuple[str, ...]:
    """The terms of unit ``name`` that set it apart: its name's own terms (when ``named``: a
    heading's words are evidence on its cards, a file's name is not), then those it uses most
    weighed by how few other units use them (tf-idf). Under "CSS" with questions "What is the CSS
    box model?" and "How does the CSS box-sizing property work?", "CSS" comes first and "box"
    is no signal if every other heading asks about boxes too."""
    counts = term_counts(texts[name])
    spelled = spelling_of(texts[name])
    used_by = Counter(term for found in texts.values() for term in set(term_counts(found)))
    weight = {
        term: count * math.log(1 + len(texts) / used_by[term])
        for term, count in counts.items()
        if count >= MIN_SIGNAL_USES and used_by[term] < len(texts)
    }
    own = terms_of(name) if named else []
    best = sorted(weight, key=lambda term: (-weight[term], term))
    chosen = [*own, *(spelled[term] for term in best)]
    return tuple(dict.fromkeys(chosen))[:SIGNALS_PER_TOPIC]


def missing_config(folder: Path, error: ConfigError) -> ConfigError:
    """The error for a command run where no notes2anki.toml is found: with notes here, it says to run
    `notes2anki init`."""
    if not holds_notes(folder):
        return error
    return ConfigError(
        f"no {CONFIG_NAME} in {folder} or any folder above it, but there are notes here: "
        "run `notes2anki init` to write one for them (or pass --config PATH)"
    )


# How many files holds_notes looks at before giving up: a command run in / or ~ must answer at once.
MAX_FILES_LOOKED_AT = 2000


def holds_notes(folder: Path) -> bool:
    """Whether ``folder`` or a folder below it (not hidden) holds a .md or .txt file."""
    looked_at = 0
    for _folder, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        if any(Path(name).suffix.lower() in NOTE_SUFFIXES - {""} for name in files):
            return True
        looked_at += len(files) + len(folders)
        if looked_at > MAX_FILES_LOOKED_AT:
            return False
    return False
