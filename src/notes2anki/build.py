"""The build orchestrator: read -> parse -> dedupe -> topics -> render -> identity -> package."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .config import Config
from .dedupe import merge_duplicates
from .identity import assign_identity, build_time
from .lockfile import read_lock, write_lock
from .markdown_guard import tame_section
from .model import BuildResult, Diagnostic, Location
from .parse import parse_file
from .read import read_sources
from .render import render_cards
from .topics import assign_topics

# progress(stage, item): called as work starts on each stage or file.
Progress = Callable[[str, str], None]


def _quiet(stage: str, item: str) -> None:
    pass


def run_pipeline(config: Config, progress: Progress = _quiet) -> BuildResult:
    """Everything up to the deck file: the notes as cards, with what was merged and what is wrong."""
    progress("read", str(config.root))
    read = read_sources(config.root, config.sources)
    diagnostics: list[Diagnostic] = list(read.diagnostics)
    sections, unanswered, failed_files = [], [], list(read.unreadable)
    for source in read.files:
        progress("parse", source.name)
        try:
            parsed = parse_file(source, config.exclude_headings)
        except Exception as exc:  # one note the parser cannot handle must not stop the whole deck
            failed_files.append(source.name)
            diagnostics.append(_parse_failure(source.name, exc))
            continue
        for section in parsed.sections:
            section, problems = tame_section(section)
            sections.append(section)
            diagnostics.extend(problems)
        unanswered.extend(parsed.unanswered)
        diagnostics.extend(parsed.diagnostics)
    if not read.files and not failed_files:
        patterns = ", ".join(config.sources)
        diagnostics.append(Diagnostic(f"no notes found for {patterns} (add .md or .txt notes)"))
    progress("dedupe", f"{len(sections)} sections")
    deduped = merge_duplicates(sections, config.similarity, config.merge)
    progress("topics", f"{len(deduped.cards)} cards")
    cards = assign_topics(deduped.cards, config.topics)
    progress("render", f"{len(cards)} cards")
    rendered = render_cards(cards)
    progress("identity", str(config.lock_path))
    identity = assign_identity(
        rendered, read_lock(config.lock_path), config.fuzzy_threshold, build_time(), _note_type_hash()
    )
    return BuildResult(
        notes=identity.notes,
        unanswered=tuple(unanswered),
        duplicates=deduped.duplicates,
        diagnostics=tuple(diagnostics),
        fuzzy_matches=identity.fuzzy_matches,
        removed=identity.removed,
        files=read.files,
        lock=identity.lock,
        failed_files=tuple(failed_files),
    )


def _parse_failure(name: str, error: Exception) -> Diagnostic:
    return Diagnostic(
        f"skipped: this file could not be parsed ({type(error).__name__}: {error}) "
        f"(the rest of the deck was built; please report this file)",
        Location(name, 1),
    )


def _note_type_hash() -> str:
    from .package import note_type_hash
    from .style import card_css

    return note_type_hash(card_css())


def save_lock(config: Config, result: BuildResult) -> bool:
    """Record this build's card identities in notes2anki.lock (build and release; check and export never)."""
    return result.lock is not None and write_lock(config.lock_path, result.lock)


def deck_description(config: Config, result: BuildResult, built: int) -> str:
    import datetime as dt

    day = dt.datetime.fromtimestamp(built, dt.timezone.utc).strftime("%Y-%m-%d")
    return f"{config.deck_name} — version {config.version}, built {day}, {len(result.notes)} cards."


def write_deck(config: Config, result: BuildResult, out_dir: Path, version: str | None = None) -> Path:
    from .package import build_package, write_apkg
    from .style import card_css

    built = build_time()
    description = deck_description(config, result, built)
    model_time = result.lock.note_type_modified if result.lock else built
    package = build_package(result.notes, config, card_css(), description, model_time=model_time)
    path = out_dir / config.deck_file_name(version)
    write_apkg(package, path, built)
    return path


def topic_counts(result: BuildResult) -> Counter[str]:
    return Counter(note.rendered.card.topic for note in result.notes)


def export_data(result: BuildResult) -> dict[str, Any]:
    """The JSON export: the interface score.py and other tools read. Keep it stable."""
    cards = [
        {
            "question": note.rendered.card.display_question,
            "answer_text": note.rendered.answer_text,
            "answer_html": note.rendered.answer_html,
            "aliases": list(note.rendered.card.aliases),
            "topic": note.rendered.card.topic,
            "tags": list(note.rendered.card.tags),
            "guid": note.guid,
            "source": note.rendered.card.location.source,
            "line": note.rendered.card.location.line,
            "sources": [str(location) for location in note.rendered.card.locations],
        }
        for note in result.notes
    ]
    unanswered = [
        {"source": item.location.source, "line": item.location.line, "question": item.question}
        for item in result.unanswered
    ]
    return {"cards": cards, "unanswered": unanswered}
