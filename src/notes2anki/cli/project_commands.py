"""The commands that set up or publish a project: init, release, sync."""

from __future__ import annotations

from pathlib import Path

import click

from notes2anki.cli.group import (
    Options,
    UsageProblem,
    global_options,
    load,
    load_for_writing,
    main,
    print_report,
    progress_line,
)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path), default=".")
@click.option("--force", is_flag=True, help="Replace the notes2anki.toml that is there.")
@global_options
@click.pass_obj
def init(options: Options, folder: Path, force: bool) -> None:
    """Write a commented notes2anki.toml for the notes in FOLDER (default: the current one).

    The deck is named after the folder, the sources are the notes in it, and topics are proposed
    from the notes' files or headings, ready to edit (without topics, a subdeck per file).

    \b
    Example:
      notes2anki init && notes2anki build
      notes2anki init ~/notes --force   # write it anew
    """
    from notes2anki.init import summary_lines, write_config  # noqa: PLC0415 (the CLI boundary)

    path, proposal = write_config(folder, force)
    if not options.quiet:
        for line in summary_lines(path, proposal):
            click.echo(line)


@main.command()
@click.argument("part", metavar="PART", type=click.Choice(["patch", "minor", "major"]))
@click.option("--allow-empty", is_flag=True, help="Release even when no card changed since the last release.")
@global_options
@click.pass_obj
def release(options: Options, part: str, allow_empty: bool) -> None:
    """Release the next PART version: patch (0.1.0 -> 0.1.1), minor (-> 0.2.0) or major (-> 1.0.0).

    Bumps deck.version in notes2anki.toml, builds build/<deck>-<version>.apkg with its .sha256,
    and puts a section on top of CHANGELOG.md: questions added, changed, removed and moved to
    another topic since the last release. An existing release is never overwritten, and a release
    with no change since the last one is refused (--allow-empty makes it).

    \b
    Example:
      notes2anki release minor   # 0.1.0 -> 0.2.0: build/<deck>-0.2.0.apkg, .sha256, CHANGELOG.md
    """
    from notes2anki.release.make import make_release  # noqa: PLC0415 (the CLI boundary)

    config = load_for_writing(options, "release")
    with progress_line(options) as progress:
        made = make_release(config, part, progress=progress, allow_empty=allow_empty)
    print_report(made.result.report(), options)
    if not options.quiet:
        click.echo(f"released {made.version}: {made.changes.summary()}")
        click.echo(f"wrote {made.deck}, {made.checksum.name}, {config.changelog_path.name}")


@main.command()
@click.option(
    "--collection",
    "collection_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The collection.anki2 to update (default: the Anki profile's).",
)
@click.option("--profile", help="The Anki profile whose collection to update (when there are several).")
@click.option("--dry-run", is_flag=True, help="Print what would change; change nothing.")
@click.option(
    "--removed",
    type=click.Choice(["suspend", "delete", "keep"]),
    default="suspend",
    show_default=True,
    help="What to do with the notes of questions no longer in the notes.",
)
@global_options
@click.pass_obj
def sync(
    options: Options, collection_path: Path | None, profile: str | None, dry_run: bool, removed: str
) -> None:
    """Update your own Anki collection from the notes, keeping everything you did in Anki.

    New questions are added to their topic's subdeck; changed ones are updated in place (review
    history, intervals and the tags you added stay); a card whose topic changed moves to its new
    subdeck ([sync] move_cards = false keeps it); removed questions are suspended and tagged
    notes2anki::removed (or deleted, or kept). Anki must be closed; a backup is made first.

    \b
    Example:
      notes2anki sync --dry-run           # what would change
      notes2anki sync --profile "User 1"  # after closing Anki
    """
    from notes2anki.sync.collections import find_collection  # noqa: PLC0415 (the CLI boundary)

    try:
        from notes2anki.sync.run import sync_collection  # noqa: PLC0415 (needs the optional anki package)
    except ModuleNotFoundError as exc:
        if exc.name != "anki" and not (exc.name or "").startswith("anki."):
            raise
        raise UsageProblem(
            "sync needs Anki's engine: pip install 'notes2anki[sync]' (from a clone: .venv/bin/pip install -e '.[sync]')"
        ) from None
    if collection_path is not None and profile is not None:
        raise UsageProblem("give --collection or --profile, not both")
    config = load(options) if dry_run else load_for_writing(options, "sync")
    path = find_collection(collection_path, profile)
    with progress_line(options) as progress:
        outcome = sync_collection(config, path, removed, dry_run, progress)
    print_report(outcome.report, options)
    plan = outcome.plan
    if options.verbose or dry_run:
        for line in plan.lines():
            click.echo(line)
    if dry_run:
        click.echo(f"would change {path}: {plan.summary()} (dry run: nothing changed)")
    elif not options.quiet:
        click.echo(f"backed up {path.name} to {outcome.backup}")
        click.echo(f"synced {path}: {plan.summary()}")
