"""The command line: options, output and exit codes. The work happens in the library.

The pipeline's modules are imported inside the commands, so that `notes2anki --help` and a mistyped
option answer at once.
"""

from __future__ import annotations

import contextlib
import gc
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from notes2anki import __version__
from notes2anki.config import Config, find_config, load_config
from notes2anki.errors import EXIT_PROBLEMS, EXIT_USAGE, Notes2AnkiError, cannot_write
from notes2anki.runtime.files import stop_signals_interrupt

if TYPE_CHECKING:
    from notes2anki.pipeline.result import BuildReport, BuildResult
    from notes2anki.report import Line
    from notes2anki.runtime.progress import Progress

__all__ = ["EXIT_PROBLEMS", "EXIT_USAGE", "main"]
NO_CARDS = "no cards in the notes: the deck was not written (see the warnings above)"
Command = TypeVar("Command", bound=Callable[..., Any])


@dataclass
class Options:
    """The global options, given before or after the command's name."""

    config_path: Path | None = None
    verbose: int = 0
    quiet: bool = False


class BuildProblem(click.ClickException):
    exit_code = EXIT_PROBLEMS


class UsageProblem(click.ClickException):
    exit_code = EXIT_USAGE


class Notes2AnkiGroup(click.Group):
    """The one place where the library's errors become messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Notes2AnkiError as exc:
            problem = UsageProblem if exc.exit_code == EXIT_USAGE else BuildProblem
            raise problem(str(exc)) from None


def _set_config(ctx: click.Context, _: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.ensure_object(Options).config_path = value


def _add_verbose(ctx: click.Context, _: click.Parameter, value: int) -> None:
    ctx.ensure_object(Options).verbose += value


def _set_quiet(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(Options).quiet = True


def global_options(command: Command) -> Command:
    """--config, -v and -q, taken on the group and on every command alike."""
    options = [
        click.option(
            "--config",
            type=click.Path(dir_okay=False, path_type=Path),
            expose_value=False,
            callback=_set_config,
            help="notes2anki.toml to use (default: the nearest one at or above the current folder).",
        ),
        click.option(
            "-v",
            "--verbose",
            count=True,
            expose_value=False,
            callback=_add_verbose,
            help="Say more: encodings, cards per file, every duplicate and unanswered question.",
        ),
        click.option(
            "-q",
            "--quiet",
            is_flag=True,
            expose_value=False,
            callback=_set_quiet,
            help="Print only warnings and errors.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _load(options: Options) -> Config:
    return load_config(options.config_path or find_config())


@contextlib.contextmanager
def _progress(options: Options) -> Iterator[Progress]:
    """The progress line for a build (a second in, on a terminal, not with -q)."""
    from notes2anki.runtime.progress import build_progress  # noqa: PLC0415 (the CLI boundary)

    with build_progress(enabled=not options.quiet) as progress:
        yield progress


def _pipeline(options: Options) -> tuple[Config, BuildResult]:
    """The configuration and the build's result, without writing anything."""
    from notes2anki.pipeline import stages  # noqa: PLC0415 (the CLI boundary)

    config = _load(options)
    with _progress(options) as progress:
        return config, stages.run_pipeline(config, progress)


def _say(line: Line) -> None:
    click.echo(line.text, err=line.to_stderr)


def _report(report: BuildReport, options: Options, itemized: bool = False) -> None:
    from notes2anki.report import summary_lines  # noqa: PLC0415 (the CLI boundary)

    for line in summary_lines(report, options.verbose, options.quiet, itemized):
        _say(line)


def _exit_if_strict(report: BuildReport, strict: bool) -> None:
    if strict and report.warnings:
        click.echo(f"{len(report.warnings)} warnings (--strict)", err=True)
        sys.exit(EXIT_PROBLEMS)


def _output_option(help_text: str) -> Callable[[Command], Command]:
    return click.option(
        "-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), help=help_text
    )


@click.group(cls=Notes2AnkiGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="notes2anki")
@global_options
@click.pass_context
def main(context: click.Context) -> None:
    """Turn study notes into a versioned Anki deck that updates cleanly.

    \b
    Example:
      notes2anki build          # writes build/<deck>-<version>.apkg
      notes2anki check -v       # the same report, no deck written
    """
    context.ensure_object(Options)
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
@global_options
@click.pass_obj
def build(options: Options, out_dir: Path | None, strict: bool, no_cache: bool) -> None:
    """Build the deck from the notes into build/<deck>-<version>.apkg.

    \b
    Example:
      notes2anki build -o dist
      notes2anki build -q --strict   # in CI: only warnings, exit 1 if there are any
    """
    from notes2anki.pipeline.cache import BuildCache  # noqa: PLC0415 (the CLI boundary)
    from notes2anki.pipeline.deck import build_deck  # noqa: PLC0415 (the CLI boundary)

    config = _load(options)
    cache = None if no_cache else BuildCache.of_project(config.root)
    with _progress(options) as progress:
        built = build_deck(config, out_dir or config.default_output(), progress, cache)
    _report(built.report, options)
    if built.deck is None:
        raise click.ClickException(NO_CARDS)
    if not options.quiet:
        click.echo(f"wrote {built.deck}" if built.written else f"up to date: {built.deck} (nothing changed)")
    _exit_if_strict(built.report, strict)


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@global_options
@click.pass_obj
def export(options: Options, path: Path) -> None:
    """Write the cards and unanswered questions as JSON to PATH ('-' for standard output).

    \b
    Example:
      notes2anki export cards.json
      notes2anki export - | jq '.cards | length'
    """
    from notes2anki.pipeline.export import export_data, refuse_project_file  # noqa: PLC0415 (the CLI boundary)
    from notes2anki.runtime.files import atomic_write_text  # noqa: PLC0415 (the CLI boundary)

    to_stdout = str(path) == "-"
    if not to_stdout:
        refuse_project_file(_load(options), path)
    _, result = _pipeline(options)
    text = json.dumps(export_data(result), ensure_ascii=False, indent=1)
    if to_stdout:
        sys.stdout.write(text + "\n")
        return
    try:
        atomic_write_text(path, text + "\n")
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None
    if not options.quiet:
        click.echo(f"wrote {len(result.notes)} cards to {path}", err=True)


@main.command()
@click.option("--strict", is_flag=True, help="Exit with status 1 when there are warnings.")
@global_options
@click.pass_obj
def check(options: Options, strict: bool) -> None:
    """Report what a build would do, without writing a deck; every unanswered question and every
    duplicate dropped or merged is listed with its file:line.

    \b
    Example:
      notes2anki check --strict -v
    """
    _, result = _pipeline(options)
    report = result.report()
    _report(report, options, itemized=True)
    _exit_if_strict(report, strict)


@main.command()
@_output_option("Folder for the deck (default: build/ beside notes2anki.toml).")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.05),
    default=0.5,
    show_default=True,
    help="Seconds between looks at the notes.",
)
@global_options
@click.pass_obj
def watch(options: Options, out_dir: Path | None, interval: float) -> None:
    """Rebuild the deck each time a note or notes2anki.toml changes, until Ctrl-C.

    A broken notes2anki.toml, or a note that was fine and now cannot be read or parsed, prints
    its error and leaves the last good deck in place until it is fixed.

    \b
    Example:
      notes2anki watch              # rebuilds build/<deck>-<version>.apkg on every save
      notes2anki watch -q -o ~/Sync # only warnings and errors; the deck in a synced folder
    """
    from notes2anki import watch as watching  # noqa: PLC0415 (the CLI boundary)

    config_path = options.config_path or find_config()
    project = watching.Rebuilder(
        config_path, out_dir, _say, lambda: _progress(options), options.verbose, options.quiet
    )
    if not options.quiet:
        click.echo(f"watching {config_path.parent} (Ctrl-C to stop)")
    try:
        watching.watch(project.snapshot, project.rebuild, poll=interval)
    except KeyboardInterrupt:
        click.echo("stopped watching", err=True)


@main.command()
@_output_option("Folder for the page (default: build/preview/ beside notes2anki.toml).")
@global_options
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
    from notes2anki.preview.page import write_preview  # noqa: PLC0415 (the CLI boundary)

    config, result = _pipeline(options)
    out_dir = out_dir or config.default_output("preview")
    try:
        path = write_preview(config, result, out_dir)
    except OSError as exc:
        raise click.ClickException(cannot_write(out_dir, exc)) from None
    _report(result.report(), options)
    if not options.quiet:
        click.echo(f"wrote {path}")


@main.command()
@click.argument("part", metavar="PART", type=click.Choice(["patch", "minor", "major"]))
@global_options
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
    from notes2anki.release.make import make_release  # noqa: PLC0415 (the CLI boundary)

    config = _load(options)
    with _progress(options) as progress:
        made = make_release(config, part, progress=progress)
    _report(made.result.report(), options)
    if not options.quiet:
        click.echo(f"released {made.version}: {made.changes.summary()}")
        click.echo(f"wrote {made.deck}, {made.checksum.name}, {config.changelog_path.name}")
