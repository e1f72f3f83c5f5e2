"""The command group: global options, the one place where errors become exit codes, and what
every command shares (the configuration, the progress line, the report).

The pipeline's modules are imported inside the commands, so that `notes2anki --help` and a mistyped
option answer at once.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from notes2anki import __version__
from notes2anki.config import Config, find_config, load_config
from notes2anki.errors import EXIT_PROBLEMS, EXIT_USAGE, ConfigError, Notes2AnkiError
from notes2anki.runtime.files import stop_signals_interrupt

if TYPE_CHECKING:
    from notes2anki.pipeline.result import BuildReport, BuildResult
    from notes2anki.report import Line
    from notes2anki.runtime.progress import Progress

# Ctrl-C, kill or a closed terminal: the shell's code for a command stopped by SIGINT.
EXIT_INTERRUPTED = 130
INTERRUPTED = (
    "stopped: every file was left whole (the deck, lock and notes are as they were, or fully written)"
)
__all__ = ["EXIT_PROBLEMS", "EXIT_USAGE", "main"]
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
        except KeyboardInterrupt:
            click.echo(INTERRUPTED, err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None


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


def config_path(options: Options) -> Path:
    """--config, or the nearest notes2anki.toml; with none, in a folder of notes, says to run init."""
    if options.config_path is not None:
        return options.config_path
    try:
        return find_config()
    except ConfigError as missing:
        from notes2anki.init.propose import missing_config  # noqa: PLC0415 (the CLI boundary)

        raise missing_config(Path.cwd(), missing) from None


def load(options: Options) -> Config:
    return load_config(config_path(options))


def load_for_writing(options: Options, command: str) -> Config:
    """The configuration for ``command``, which writes the project, after finishing a release that
    a crash stopped before its lock (which sets the version)."""
    from notes2anki.release.stopped import stopped_release  # noqa: PLC0415 (the CLI boundary)

    config = load(options)
    if stopped_release(config, config.output_folder) is None:
        return config
    from notes2anki.release.recovery import finish_interrupted_release  # noqa: PLC0415 (the CLI boundary)

    version = finish_interrupted_release(config, command)
    if version is None:
        return config
    click.echo(
        f"warning: release {version} was stopped before it was recorded in {config.lock_path.name} and "
        f"{config.path.name}: finished it from {config.deck_file_name(version)}",
        err=True,
    )
    return load(options)


@contextlib.contextmanager
def progress_line(options: Options) -> Iterator[Progress]:
    """The progress line for a build (a second in, on a terminal, not with -q)."""
    from notes2anki.runtime.progress import build_progress  # noqa: PLC0415 (the CLI boundary)

    with build_progress(enabled=not options.quiet) as progress:
        yield progress


def pipeline_result(options: Options) -> tuple[Config, BuildResult]:
    """The configuration and the build's result, without writing anything."""
    from notes2anki.pipeline import stages  # noqa: PLC0415 (the CLI boundary)

    config = load(options)
    with progress_line(options) as progress:
        return config, stages.run_pipeline(config, progress)


def say(line: Line) -> None:
    click.echo(line.text, err=line.to_stderr)


def print_report(report: BuildReport, options: Options, itemized: bool = False) -> None:
    from notes2anki.report import summary_lines  # noqa: PLC0415 (the CLI boundary)

    for line in summary_lines(report, options.verbose, options.quiet, itemized):
        say(line)


def exit_if_strict(report: BuildReport, strict: bool) -> None:
    if strict and report.warnings:
        click.echo(f"{len(report.warnings)} warnings (--strict)", err=True)
        sys.exit(EXIT_PROBLEMS)


def output_option(help_text: str) -> Callable[[Command], Command]:
    return click.option(
        "-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), help=help_text
    )


@click.group(cls=Notes2AnkiGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="notes2anki")
@global_options
@click.pass_context
def main(context: click.Context) -> None:
    """Turn study notes into a versioned Anki deck that updates cleanly.

    What becomes a card (headings, outlines, Q:/A: pairs, plain-text layouts) is described in
    docs/syntax.md in the source repository.

    \b
    Example:
      notes2anki init           # a notes2anki.toml for the notes in this folder
      notes2anki build          # writes build/<deck>-<version>.apkg
      notes2anki check -v       # what a build would make of the notes, by file
    """
    context.ensure_object(Options)
    # A build makes hundreds of thousands of objects that live until it ends, and few reference
    # cycles: the cycle collector only walks them again and again (a tenth of a large build).
    # Plain reference counting frees the rest; `watch` collects between rebuilds.
    if gc.isenabled():
        gc.disable()
        context.call_on_close(gc.enable)
    context.call_on_close(stop_signals_interrupt())
