"""The command line: options, output and exit codes. The work happens in the library."""

from __future__ import annotations

import contextlib
import gc
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from notes2anki import __version__
from notes2anki.errors import ConfigError, Notes2AnkiError, cannot_write
from notes2anki.runtime.files import stop_signals_interrupt

# Exit codes: 0 success, 1 build problems (or warnings with --strict), 2 usage or configuration errors.
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
NO_CARDS = "no cards in the notes: the deck was not written (see the warnings above)"


@dataclass
class Options:
    config_path: Path | None
    verbose: int
    quiet: bool


class UsageError(click.ClickException):
    exit_code = EXIT_USAGE


def _load(options: Options):
    from notes2anki.config import find_config, load_config

    try:
        return load_config(options.config_path or find_config())
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def _progress(options: Options):
    """The progress line for a build (a second in, on a terminal, not with -q)."""
    from notes2anki.runtime.progress import build_progress

    return build_progress(enabled=not options.quiet)


def _pipeline(
    options: Options, progress=None, cache=None, writing: bool = False, out_dir: Path | None = None
):
    """The configuration and the build's result; ``writing``: the deck will be written to
    ``out_dir`` (the -o folder, or the default one)."""
    from notes2anki.pipeline.build import run_pipeline

    config = _load(options)
    out_dir = _deck_folder(config, out_dir) if writing else None
    try:
        with _progress(options) if progress is None else contextlib.nullcontext(progress) as progress:
            return config, run_pipeline(config, progress, cache, out_dir)
    except Notes2AnkiError as exc:
        raise UsageError(str(exc)) from None


def _deck_folder(config, out_dir: Path | None) -> Path:
    return out_dir or config.output_folder


def _write_build(config, result, out_dir: Path | None, cache) -> Path:
    """The working deck and the lock file; the previous deck stays if anything fails."""
    from notes2anki.package.versions import working_build_version
    from notes2anki.pipeline.build import save_lock, write_deck

    out_dir = _deck_folder(config, out_dir)
    try:
        path = write_deck(config, result, out_dir, working_build_version(config, out_dir))
        save_lock(config, result, cache)
    except OSError as exc:
        raise click.ClickException(cannot_write(out_dir, exc)) from None
    return path


def _exit_if_strict(result, strict: bool) -> None:
    if strict and result.warnings:
        click.echo(f"{len(result.warnings)} warnings (--strict)", err=True)
        sys.exit(EXIT_PROBLEMS)


def _report(result, options: Options, itemized: bool = False) -> None:
    """The build summary: cards per topic, unanswered questions, duplicates, warnings.

    ``result`` is a BuildReport (what a BuildResult's report() gives, or what a no-op build kept).
    Each unanswered question and each duplicate is listed with ``-v``, or always when ``itemized``.
    """
    if options.quiet:
        for diagnostic in result.warnings:
            click.echo(f"warning: {diagnostic}", err=True)
        return
    from notes2anki.dedupe.merge import duplicate_summary
    from notes2anki.model import Level

    click.echo(f"{result.cards} cards in {len(result.topics)} topics from {len(result.cards_per_file)} files")
    for topic, count in sorted(result.topics, key=lambda item: (-item[1], item[0])):
        click.echo(f"  {count:5d}  {topic}")
    if options.verbose:
        click.echo("cards per file (where each card was first found):")
        for name, count in result.cards_per_file:
            click.echo(f"  {count:5d}  {name}")
    itemized = itemized or options.verbose
    listed = result.unanswered if itemized else ()
    hint = "; `notes2anki check` lists them" if result.unanswered and not listed else ""
    heading = f"{len(result.unanswered)} unanswered questions (no answer in the notes: not cards{hint})"
    click.echo(heading + (":" if listed else ""))
    for item in listed:
        click.echo(f"  {item.location}: {item.question}")
    if result.left_out:
        passages_listed = result.left_out if itemized else ()
        hint = "; `notes2anki check` lists them" if not passages_listed else ""
        passages = "1 passage" if len(result.left_out) == 1 else f"{len(result.left_out)} passages"
        heading = f"{passages} on no card (no question line or heading above{hint})"
        click.echo(heading + (":" if passages_listed else ""))
        for diagnostic in passages_listed:
            click.echo(f"  {diagnostic}")
    hint = " (`notes2anki check` lists where)" if result.duplicates and not itemized else ""
    click.echo(duplicate_summary(result.duplicates) + hint)
    for duplicate in result.duplicates if itemized else ():
        click.echo(f"  {duplicate}")
    for match in result.fuzzy_matches:
        click.echo(
            f"kept the card of {match.matched_question!r} for {match.question!r} (similarity {match.score:.2f})"
        )
    if result.removed:
        click.echo(
            f"{len(result.removed)} no longer in the notes (kept in notes2anki.lock; Anki keeps their cards):"
        )
    for question in result.removed:
        click.echo(f"  {question}")
    if result.moved:
        click.echo(
            f"{len(result.moved)} moved to another topic (Anki keeps the cards you have in their old subdeck: "
            "Browse › Change Deck moves them):"
        )
    for move in result.moved:
        click.echo(f"  {move.question} ({move.was} → {move.now})")
    for diagnostic in result.diagnostics:
        if diagnostic.level is Level.WARNING:
            click.echo(f"warning: {diagnostic}", err=True)
        elif diagnostic.level is Level.NOTE and options.verbose:
            click.echo(f"note: {diagnostic}", err=True)


def _output_option(help_text: str):
    return click.option(
        "-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), help=help_text
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="notes2anki")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="notes2anki.toml to use (default: the nearest one at or above the current folder).",
)
@click.option(
    "-v",
    "--verbose",
    count=True,
    help="Say more: encodings, cards per file, every duplicate and unanswered question.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")
@click.pass_context
def main(context: click.Context, config_path: Path | None, verbose: int, quiet: bool) -> None:
    """Turn study notes into a versioned Anki deck that updates cleanly.

    \b
    Example:
      notes2anki build          # writes build/<deck>-<version>.apkg
      notes2anki check -v       # the same report, no deck written
    """
    context.obj = Options(config_path, verbose, quiet)
    # A build makes hundreds of thousands of objects that live until it ends, and few reference
    # cycles: the cycle collector only walks them again and again (a tenth of a large build).
    # Plain reference counting frees the rest; `watch` collects between rebuilds.
    if gc.isenabled():
        gc.disable()
        context.call_on_close(gc.enable)
    context.call_on_close(stop_signals_interrupt())


@main.command()
@_output_option("Folder for the deck (default: build/ beside notes2anki.toml).")
@click.option("--strict", is_flag=True, help="Exit with status 1 on warnings (the deck is written).")
@click.option("--no-cache", is_flag=True, help="Redo all the work: neither use nor update build/.cache.")
@click.pass_obj
def build(options: Options, out_dir: Path | None, strict: bool, no_cache: bool) -> None:
    """Build the deck from the notes into build/<deck>-<version>.apkg.

    \b
    Example:
      notes2anki build -o dist
      notes2anki -q build --strict   # in CI: only warnings, exit 1 if there are any
    """
    from notes2anki.errors import WriteError
    from notes2anki.pipeline.build import build_deck
    from notes2anki.pipeline.cache import BuildCache

    config = _load(options)
    cache = None if no_cache else BuildCache.of_project(config.root)
    try:
        with _progress(options) as progress:
            built = build_deck(config, _deck_folder(config, out_dir), progress, cache)
    except WriteError as exc:
        raise click.ClickException(str(exc)) from None
    except Notes2AnkiError as exc:
        raise UsageError(str(exc)) from None
    _report(built.report, options)
    if built.deck is None:
        raise click.ClickException(NO_CARDS)
    if not options.quiet:
        click.echo(f"wrote {built.deck}" if built.written else f"up to date: {built.deck} (nothing changed)")
    _exit_if_strict(built.report, strict)


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.pass_obj
def export(options: Options, path: Path) -> None:
    """Write the cards and unanswered questions as JSON to PATH ('-' for standard output).

    \b
    Example:
      notes2anki export cards.json
      notes2anki export - | jq '.cards | length'
    """
    from notes2anki.pipeline.build import export_data
    from notes2anki.runtime.files import atomic_write_text

    if str(path) != "-":
        _refuse_project_file(_load(options), path)
    _, result = _pipeline(options)
    text = json.dumps(export_data(result), ensure_ascii=False, indent=1)
    if str(path) == "-":
        sys.stdout.write(text + "\n")
        return
    try:
        atomic_write_text(path, text + "\n")
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None
    if not options.quiet:
        click.echo(f"wrote {len(result.notes)} cards to {path}", err=True)


def _refuse_project_file(config, path: Path) -> None:
    """Stop before a JSON export replaces the project's own files: its notes, configuration, lock,
    changelog, a deck or its checksum, the build cache."""
    from notes2anki.pipeline.cache import CACHE_FOLDER
    from notes2anki.read.discover import discover

    own = {config.path: "configuration", config.lock_path: "lock", config.changelog_path: "changelog"}
    own |= dict.fromkeys(discover(config.root, config.sources).values(), "notes")
    target = path.resolve()
    what = {file.resolve(): kind for file, kind in own.items()}.get(target)
    if path.name.endswith((".apkg", ".apkg.sha256")):
        what = "deck" if path.name.endswith(".apkg") else "deck checksum"
    if (config.root / CACHE_FOLDER).resolve() in target.parents:
        what = "build cache"
    if what:
        raise UsageError(f"{path} is this project's {what}: export would replace it (choose another file)")


@main.command()
@click.option("--strict", is_flag=True, help="Exit with status 1 when there are warnings.")
@click.pass_obj
def check(options: Options, strict: bool) -> None:
    """Report what a build would do, without writing a deck; every unanswered question and every
    duplicate dropped or merged is listed with its file:line.

    \b
    Example:
      notes2anki check --strict -v
    """
    _, result = _pipeline(options)
    _report(result.report(), options, itemized=True)
    _exit_if_strict(result, strict)


@main.command()
@_output_option("Folder for the deck (default: build/ beside notes2anki.toml).")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.05),
    default=0.5,
    show_default=True,
    help="Seconds between looks at the notes.",
)
@click.pass_obj
def watch(options: Options, out_dir: Path | None, interval: float) -> None:
    """Rebuild the deck each time a note or notes2anki.toml changes, until Ctrl-C.

    A broken notes2anki.toml, or a note that was fine and now cannot be read or parsed, prints
    its error and leaves the last good deck in place until it is fixed.

    \b
    Example:
      notes2anki watch              # rebuilds build/<deck>-<version>.apkg on every save
      notes2anki -q watch -o ~/Sync # only warnings and errors; the deck in a synced folder
    """
    import dataclasses
    import time

    from notes2anki.config import find_config, load_config
    from notes2anki.pipeline.cache import BuildCache
    from notes2anki.watch import broken_since_last_deck, snapshot
    from notes2anki.watch import watch as watch_files

    try:
        config_path = options.config_path or find_config()
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    fixed = dataclasses.replace(options, config_path=config_path)
    try:
        globs = load_config(config_path).sources
    except ConfigError:
        globs = ()  # watch the configuration alone until it is fixed
    last_deck_files: set[str] = set()
    shown_warnings: set[str] = set()

    def rebuild(changed: list[str]) -> list[str] | None:
        """One build; the names of the watched files it wrote (the lock), or None when it failed."""
        nonlocal globs, last_deck_files, shown_warnings
        gc.collect()  # the cycles the last rebuild left (collection is off while building)
        clock = time.strftime("%H:%M:%S")
        if changed and not options.quiet:
            click.echo(f"{clock} changed: {', '.join(changed)}")
        try:
            # Each rebuild parses only the notes that changed since the one before.
            cache = BuildCache.of_project(config_path.resolve().parent)
            config, result = _pipeline(fixed, cache=cache, writing=True, out_dir=out_dir)
            globs = config.sources
            if options.verbose:
                _report(result.report(), fixed)
            else:  # a warning shown after the previous rebuild is not repeated
                for warning in result.warnings:
                    if str(warning) not in shown_warnings:
                        click.echo(f"warning: {warning}", err=True)
            shown_warnings = {str(warning) for warning in result.warnings}
            broken = broken_since_last_deck(result.failed_files, last_deck_files)
            if broken:
                raise click.ClickException(f"cannot read {', '.join(broken)} (the last good deck stays)")
            if not result.notes:
                raise click.ClickException(NO_CARDS)
            path = _write_build(config, result, out_dir, cache)
            cache.forget_unused_files()
        except click.ClickException as exc:
            click.echo(f"{clock} error: {exc.format_message()}", err=True)
            return None
        except Exception as exc:  # a bug must not end the watch: the next save may avoid it
            problem = f"{type(exc).__name__}: {exc} (please report it; the last good deck stays)"
            click.echo(f"{clock} error: {problem}", err=True)
            return None
        last_deck_files = set(result.files)
        if not options.quiet:
            click.echo(f"{clock} wrote {path} ({len(result.notes)} cards, {len(result.warnings)} warnings)")
        return [config.lock_path.name]

    if not options.quiet:
        click.echo(f"watching {config_path.parent} (Ctrl-C to stop)")
    try:
        watch_files(lambda: snapshot(config_path, globs), rebuild, poll=interval)
    except KeyboardInterrupt:
        click.echo("stopped watching", err=True)


@main.command()
@_output_option("Folder for the page (default: build/preview/ beside notes2anki.toml).")
@click.pass_obj
def preview(options: Options, out_dir: Path | None) -> None:
    """Write build/preview/index.html: every card as Anki will show it, on one page.

    The page needs no network: open it in any browser to look over the deck before importing
    or releasing it. It has the cards grouped by topic with counts, a search box over questions
    and answers, a night-mode switch and a chart of cards per topic.

    \b
    Example:
      notes2anki preview && xdg-open build/preview/index.html
      notes2anki preview -o /tmp/deck-preview
    """
    from notes2anki.preview.page import write_preview

    config, result = _pipeline(options)
    out_dir = out_dir or config.output_folder / "preview"
    try:
        path = write_preview(config, result, out_dir)
    except OSError as exc:
        raise click.ClickException(cannot_write(out_dir, exc)) from None
    _report(result.report(), options)
    if not options.quiet:
        click.echo(f"wrote {path}")


@main.command()
@click.argument("part", metavar="PART", type=click.Choice(["patch", "minor", "major"]))
@click.pass_obj
def release(options: Options, part: str) -> None:
    """Release the next PART version: patch (0.1.0 -> 0.1.1), minor (-> 0.2.0) or major (-> 1.0.0).

    Bumps deck.version in notes2anki.toml, builds build/<deck>-<version>.apkg with its .sha256,
    and puts a section on top of CHANGELOG.md: questions added, changed, removed and moved to
    another topic since the last release. An existing release is never overwritten.

    \b
    Example:
      notes2anki release minor   # 0.1.0 -> 0.2.0: build/<deck>-0.2.0.apkg, .sha256, CHANGELOG.md
    """
    from notes2anki.errors import ReleaseError
    from notes2anki.release.make import make_release

    config = _load(options)
    try:
        with _progress(options) as progress:
            made = make_release(config, part, progress=progress)
    except ReleaseError as exc:
        raise click.ClickException(str(exc)) from None
    except Notes2AnkiError as exc:
        raise UsageError(str(exc)) from None
    _report(made.result.report(), options)
    if not options.quiet:
        click.echo(f"released {made.version}: {made.changes.summary()}")
        click.echo(f"wrote {made.deck}, {made.checksum.name}, {config.changelog_path.name}")
