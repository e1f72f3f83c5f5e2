"""The commands that build from the notes: build, check, export, preview, watch."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from notes2anki.cli.group import (
    Options,
    config_path,
    exit_if_strict,
    global_options,
    load,
    load_for_writing,
    main,
    output_option,
    pipeline_result,
    print_report,
    progress_line,
    say,
)
from notes2anki.errors import NO_CARDS, cannot_write


@main.command()
@output_option("Folder for the deck (default: build/ beside notes2anki.toml).")
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
    from notes2anki.pipeline.freshness import built_already  # noqa: PLC0415 (the CLI boundary)

    config = load_for_writing(options, "build")
    cache = None if no_cache else BuildCache.of_project(config.root)
    out_dir = out_dir or config.default_output()
    # With nothing changed the stages are never loaded: a no-op build answers from the cache.
    built = built_already(config, out_dir, cache)
    if built is None:
        from notes2anki.pipeline.deck import build_deck  # noqa: PLC0415 (the CLI boundary)

        with progress_line(options) as progress:
            built = build_deck(config, out_dir, progress, cache)
    print_report(built.report, options)
    if built.deck is None:
        raise click.ClickException(NO_CARDS)
    if not options.quiet:
        click.echo(f"wrote {built.deck}" if built.written else f"up to date: {built.deck} (nothing changed)")
    exit_if_strict(built.report, strict)


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
        refuse_project_file(load(options), path)
    _, result = pipeline_result(options)
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
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the findings for editors and CI.",
)
@global_options
@click.pass_obj
def check(options: Options, strict: bool, output_format: str) -> None:
    """What a build would do, without writing a deck: by file, each unanswered question, passage
    on no card, duplicate, answer too long for a phone and warning, at its file:line.

    \b
    Example:
      notes2anki check --strict -v
      notes2anki check --format json | jq '.findings[] | select(.kind == "warning")'
    """
    from notes2anki import findings  # noqa: PLC0415 (the CLI boundary)

    _, result = pipeline_result(options)
    report = result.report()
    found = findings.findings_of(report, result.notes, options.verbose)
    if output_format == "json":
        click.echo(json.dumps(findings.check_json(report, found), ensure_ascii=False, indent=1))
    elif options.quiet:
        print_report(report, options)
    else:
        for line in findings.check_lines(report, found, options.verbose):
            say(line)
    if not report.cards:
        raise click.ClickException(
            "no cards in the notes: a build would write no deck (see the warnings above)"
        )
    exit_if_strict(report, strict)


@main.command()
@output_option("Folder for the deck (default: build/ beside notes2anki.toml).")
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

    configuration = config_path(options)
    project = watching.Rebuilder(
        configuration, out_dir, say, lambda: progress_line(options), options.verbose, options.quiet
    )
    if not options.quiet:
        click.echo(f"watching {configuration.parent} (Ctrl-C to stop)")
    try:
        watching.watch(project.snapshot, project.rebuild, poll=interval)
    except KeyboardInterrupt:
        click.echo("stopped watching", err=True)


@main.command()
@output_option("Folder for the page (default: build/preview/ beside notes2anki.toml).")
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

    config, result = pipeline_result(options)
    out_dir = out_dir or config.default_output("preview")
    try:
        path = write_preview(config, result, out_dir)
    except OSError as exc:
        raise click.ClickException(cannot_write(out_dir, exc)) from None
    print_report(result.report(), options)
    if not options.quiet:
        click.echo(f"wrote {path}")
