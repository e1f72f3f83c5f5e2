"""The command line: exit codes, messages without tracebacks, help with examples, -q and -v."""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from notes2anki import __version__
from notes2anki.cli import EXIT_PROBLEMS, EXIT_USAGE, main
from notes2anki.package import apkg as package
from notes2anki.pipeline import stages as stages_module
from notes2anki.pipeline.cache import CACHE_FOLDER

CONFIG = """\
[deck]
name = "CLI Deck"
version = "0.1.0"
sources = ["sources/*"]

[dedupe]
similarity = 0.9

[[topics]]
name = "Python"
signals = ["python", "GIL"]
"""
NOTE = "# What is the GIL?\n\nA lock that lets one thread run Python bytecode at a time.\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "notes2anki.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "python.md").write_text(NOTE, encoding="utf-8")
    return tmp_path


def run(project: Path, *args: str):
    outcome = CliRunner().invoke(main, ["--config", str(project / "notes2anki.toml"), *args])
    assert "Traceback" not in outcome.output
    if outcome.exception is not None:
        assert isinstance(outcome.exception, SystemExit), outcome.exception
    return outcome


def test_version():
    outcome = CliRunner().invoke(main, ["--version"])
    assert outcome.exit_code == 0
    assert outcome.output == f"notes2anki, version {__version__}\n"


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_with_an_example(command):
    outcome = CliRunner().invoke(main, [command, "--help"])
    assert outcome.exit_code == 0
    example = outcome.output.split("Example:", 1)
    assert len(example) == 2, outcome.output
    assert f"notes2anki {command}" in example[1] or f"notes2anki -q {command}" in example[1]


def test_build_writes_the_deck_and_exits_0(project):
    outcome = run(project, "build")
    assert outcome.exit_code == 0, outcome.output
    assert "1 card in 1 topic from 1 file\n" in outcome.stdout
    assert (project / "build" / "cli-deck-0.1.0.apkg").is_file()


def test_quiet_prints_only_warnings(project):
    (project / "sources" / "empty.md").write_text("", encoding="utf-8")
    outcome = run(project, "-q", "build")
    assert outcome.exit_code == 0
    assert outcome.stdout == ""
    assert outcome.stderr == "warning: empty.md:1: empty file: no notes in it (write some or delete it)\n"


def test_verbose_says_what_encoding_was_found_and_cards_per_file(project):
    (project / "sources" / "gbk.txt").write_bytes("什么是闭包？\n\t内部函数引用外部变量。\n".encode("gbk"))
    outcome = run(project, "-v", "check")
    assert outcome.exit_code == 0
    assert "  gbk.txt:1: note: read as GB18030/GBK, LF line endings" in outcome.stdout
    assert "  python.md:1: note: read as UTF-8, LF line endings" in outcome.stdout
    per_file = outcome.stdout.split("cards per file", 1)[1]
    assert "    1  gbk.txt" in per_file and "    1  python.md" in per_file


def test_strict_turns_warnings_into_exit_1(project):
    (project / "sources" / "empty.md").write_text("", encoding="utf-8")
    assert run(project, "check").exit_code == 0
    strict_check = run(project, "check", "--strict")
    assert strict_check.exit_code == EXIT_PROBLEMS
    assert "1 warnings (--strict)" in strict_check.stderr
    strict_build = run(project, "build", "--strict")
    assert strict_build.exit_code == EXIT_PROBLEMS
    assert (project / "build" / "cli-deck-0.1.0.apkg").is_file()


def test_a_missing_sources_folder_is_a_usage_error(project):
    (project / "sources" / "python.md").unlink()
    (project / "sources").rmdir()
    outcome = run(project, "build")
    assert outcome.exit_code == EXIT_USAGE
    assert outcome.stderr.startswith("Error: sources folder not found: ")
    assert outcome.stderr.rstrip().endswith("sources (create it and put your notes in it)")


def test_an_empty_sources_folder_writes_no_deck_and_exits_1(project):
    (project / "sources" / "python.md").unlink()
    outcome = run(project, "build")
    assert outcome.exit_code == EXIT_PROBLEMS
    assert "warning: no notes found for sources/* (add .md or .txt notes)" in outcome.stderr
    assert "Error: no cards in the notes: the deck was not written" in outcome.stderr
    assert not (project / "build").exists()


def test_no_configuration_anywhere_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outcome = CliRunner().invoke(main, ["check"])
    assert outcome.exit_code == EXIT_USAGE
    assert "Error: no notes2anki.toml found in" in outcome.stderr
    assert "(create one, or pass --config PATH)" in outcome.stderr


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ('version = "0.1.0"', 'version = "0.1.0'),
            "toml:3: invalid TOML at column 17: Illegal character '\\n' (fix the syntax on this line)",
        ),
        (('version = "0.1.0"', "version = 1"), "toml:3: deck.version must be a string, not an integer (1)"),
        (
            ("similarity = 0.9", 'similarity = "x"'),
            "toml:7: dedupe.similarity must be a number, not a string",
        ),
        (("similarity = 0.9", "similarty = 0.9"), "toml:7: unknown key 'dedupe.similarty' (valid keys:"),
        (('name = "Python"', "name = 3"), "notes2anki.toml:10: topics[1].name must be a non-empty string"),
        (("[dedupe]", "[dedup]"), "notes2anki.toml:6: unknown key 'dedup' (valid keys: deck, dedupe,"),
        (('name = "CLI Deck"\n', ""), "notes2anki.toml:1: missing required key deck.name (add it)"),
        (
            ('["sources/*"]', '["/etc/*"]'),
            "toml:4: deck.sources: '/etc/*' must stay in the folder of notes2anki.toml",
        ),
        (
            ('["sources/*"]', '["../*"]'),
            "toml:4: deck.sources: '../*' must stay in the folder of notes2anki.toml",
        ),
        (('["sources/*"]', '["."]'), "toml:4: deck.sources: '.' names no files"),
        (('["sources/*"]', '[""]'), "toml:4: deck.sources: '' names no files"),
        (
            ('["sources/*"]', '["sources/**.md"]'),
            "toml:4: deck.sources: in 'sources/**.md', ** must be a whole part",
        ),
        (('["sources/*"]', "[]"), "toml:4: deck.sources must name at least one glob"),
        (('name = "CLI Deck"', 'name = " "'), "toml:2: deck.name must not be empty"),
        (
            ('signals = ["python", "GIL"]\n', 'signals = ["python"]\n\n[[topics]]\nname = "Python"\n'),
            "toml:14: topics[2].name 'Python' names the same subdeck as the earlier topic 'Python'",
        ),
    ],
    ids=[
        "syntax",
        "wrong-type",
        "wrong-number",
        "unknown-key",
        "topic-name",
        "unknown-table",
        "missing-key",
        "absolute-glob",
        "parent-glob",
        "dot-glob",
        "empty-glob",
        "double-star-glob",
        "no-globs",
        "empty-name",
        "same-topic-twice",
    ],
)
def test_a_broken_configuration_says_what_and_where_and_exits_2(project, edit, message):
    config = project / "notes2anki.toml"
    config.write_text(CONFIG.replace(*edit), encoding="utf-8")
    outcome = run(project, "build")
    assert outcome.exit_code == EXIT_USAGE
    assert outcome.stderr.startswith(f"Error: {config}:")
    assert message in outcome.stderr, outcome.stderr
    assert not (project / "build").exists()


def test_a_configuration_that_is_not_utf8_says_where(project):
    (project / "notes2anki.toml").write_bytes(CONFIG.replace("CLI Deck", "牌组").encode("gbk"))
    outcome = run(project, "check")
    assert outcome.exit_code == EXIT_USAGE
    assert "notes2anki.toml:2: not UTF-8 text" in outcome.stderr


def test_a_failing_deck_write_keeps_the_previous_deck_and_leaves_no_partial_file(project, monkeypatch):
    assert run(project, "build").exit_code == 0
    deck = project / "build" / "cli-deck-0.1.0.apkg"
    previous = deck.read_bytes()
    edited = NOTE + "\n# What is a closure?\n\nA function.\n"
    (project / "sources" / "python.md").write_text(edited, encoding="utf-8")

    def full_disk(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(package.os, "replace", full_disk)
    outcome = run(project, "build")
    assert outcome.exit_code == EXIT_PROBLEMS
    assert "Error: cannot write to" in outcome.stderr and "No space left on device" in outcome.stderr
    assert deck.read_bytes() == previous
    left = [path.name for path in deck.parent.iterdir() if path.name != CACHE_FOLDER.name]
    assert left == [deck.name]


def test_export_writes_json_atomically_and_reports_an_unwritable_path(project):
    target = project / "cards.json"
    outcome = run(project, "export", str(target))
    assert outcome.exit_code == 0
    assert '"question": "What is the GIL?"' in target.read_text(encoding="utf-8")
    blocked = project / "no-such-folder-file"
    blocked.write_text("", encoding="utf-8")
    outcome = run(project, "export", str(blocked / "cards.json"))
    assert outcome.exit_code == EXIT_PROBLEMS
    assert outcome.stderr.startswith(f"Error: cannot write {blocked / 'cards.json'}:")


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("notes2anki.lock", "lock"),
        ("sources/python.md", "notes"),
        ("notes2anki.toml", "configuration"),
        ("build/cli-deck-0.1.0.apkg", "deck"),
        ("build/.cache/deck", "build cache"),
    ],
)
def test_export_never_replaces_the_projects_own_files(project, name, what):
    assert run(project, "build").exit_code == 0
    target = project / name
    before = target.read_bytes()
    outcome = run(project, "export", str(target))
    assert outcome.exit_code == EXIT_USAGE
    assert f"is this project's {what}" in outcome.stderr
    assert target.read_bytes() == before


def test_a_preview_folder_that_cannot_be_made_is_a_message_not_a_traceback(project):
    (project / "build").write_text("a file where the folder should go", encoding="utf-8")
    outcome = run(project, "preview")
    assert outcome.exit_code == EXIT_PROBLEMS
    assert outcome.stderr.startswith(f"Error: cannot write to {project / 'build' / 'preview'}: ")


def test_an_output_folder_that_cannot_be_made_is_a_message_not_a_traceback(project):
    (project / "taken").write_text("a file where the folder should go", encoding="utf-8")
    outcome = run(project, "build", "-o", str(project / "taken" / "build"))
    assert outcome.exit_code == EXIT_PROBLEMS
    assert outcome.stderr.startswith(f"Error: cannot write to {project / 'taken' / 'build'}: ")


def terminal(width: int = 100):
    from io import StringIO

    from rich.console import Console

    return Console(file=StringIO(), force_terminal=True, width=width)


def test_progress_shows_the_stage_and_file_once_a_build_takes_a_while():
    import time

    from notes2anki.runtime.progress import build_progress

    console = terminal()
    with build_progress(delay=0.0, console=console) as progress:
        progress("parse", "notes/network-qa.md")
        time.sleep(0.3)
    drawn = console.file.getvalue()
    assert "parse" in drawn and "notes/network-qa.md" in drawn


def test_progress_stays_silent_for_quick_builds_and_pipes():
    from io import StringIO

    from rich.console import Console

    from notes2anki.runtime.progress import build_progress

    quick = terminal()
    with build_progress(delay=5.0, console=quick) as progress:
        progress("parse", "a.md")
    piped = Console(file=StringIO(), force_terminal=False)
    with build_progress(delay=0.0, console=piped) as progress:
        progress("parse", "a.md")
    assert "a.md" not in quick.file.getvalue()
    assert piped.file.getvalue() == ""


def test_check_lists_each_unanswered_question_where_build_only_counts_them(project):
    (project / "sources" / "open.md").write_text("# What is a mutex?\n\n# What is a futex?\n", "utf-8")
    check = run(project, "check")
    assert check.exit_code == 0
    assert (
        "open.md: 2 unanswered questions\n  open.md:1: unanswered: What is a mutex?\n"
        "  open.md:3: unanswered: What is a futex?\n"
    ) in check.stdout
    build = run(project, "build")
    assert "2 unanswered questions (no answer in the notes: not cards; `notes2anki check` lists them)\n" in (
        build.stdout
    )
    assert "open.md:1" not in build.stdout


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            'deck.name = "X"\ndeck.version = "one"\ndeck.sources = ["sources/*"]\n',
            "toml:2: deck.version must be semver",
        ),
        ('deck = { name = "X", version = "1.0.0", colour = "red" }\n', "toml:1: unknown key 'deck.colour'"),
    ],
    ids=["dotted-keys", "inline-table"],
)
def test_a_configuration_written_with_dotted_keys_or_an_inline_table_has_its_errors_placed(
    project, config, message
):
    (project / "notes2anki.toml").write_text(config, encoding="utf-8")
    outcome = run(project, "check")
    assert outcome.exit_code == EXIT_USAGE and message in outcome.stderr


def test_text_on_no_card_is_counted_by_build_and_listed_by_check(project):
    (project / "sources" / "loose.txt").write_text(
        "什么是闭包？\n\t内部函数引用外部函数的变量。\n\nmap()函数将给定函数应用于可迭代对象。\nprint(list(map(str, [1])))\n",
        "utf-8",
    )
    build = run(project, "build")
    assert (
        "1 passage on no card (no question line or heading above; `notes2anki check` lists them)\n"
        in build.stdout
    )
    assert "loose.txt:4" not in build.output
    check = run(project, "check")
    assert (
        "loose.txt: 1 passage on no card\n"
        '  loose.txt:4: on no card: "map()函数将给定函数应用于可迭代对象。" (put a question line above it)\n'
        in check.stdout
    )


def test_each_passage_on_no_card_is_named_by_its_first_words(project):
    (project / "sources" / "intro.md").write_text(
        "Before any heading, a long paragraph that goes on and on about nothing in particular.\n\n# Q?\n\nA.\n",
        "utf-8",
    )
    check = run(project, "check")
    assert (
        '  intro.md:1: on no card: "Before any heading, a long parag…" (put a heading above it)\n'
        in check.stdout
    )


def test_the_cycle_collector_is_off_while_a_command_runs_and_back_on_after(project, monkeypatch):
    states = []
    real_run = stages_module.run_pipeline

    def recording_run(*args, **kwargs):
        states.append(gc.isenabled())
        return real_run(*args, **kwargs)

    monkeypatch.setattr(stages_module, "run_pipeline", recording_run)
    assert run(project, "check").exit_code == 0
    assert states == [False] and gc.isenabled()


def test_export_writes_into_a_pipe_or_device_instead_of_replacing_it(project):
    import os
    import threading

    pipe = project / "cards.pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    outcome = run(project, "export", str(pipe))
    reader.join(timeout=10)
    assert outcome.exit_code == 0
    assert pipe.is_fifo()
    assert received and b'"question": "What is the GIL?"' in received[0]


def test_a_lock_that_cannot_be_written_is_named_and_the_previous_deck_stays(project, monkeypatch):
    assert run(project, "build").exit_code == 0
    deck = next((project / "build").glob("*.apkg"))
    built = deck.read_bytes()
    (project / "sources" / "python.md").write_text(NOTE + "\n## What is new?\n\nThis.\n", "utf-8")
    real_access = os.access
    monkeypatch.setattr("os.access", lambda path, mode: path != project and real_access(path, mode))
    outcome = run(project, "build")
    assert outcome.exit_code == EXIT_PROBLEMS
    assert f"cannot write to {project}: Permission denied" in outcome.stderr
    assert deck.read_bytes() == built


def test_a_card_moved_to_another_topic_is_reported_once_with_what_anki_does(project):
    assert run(project, "build").exit_code == 0
    config = project / "notes2anki.toml"
    config.write_text(CONFIG + '\n[[topics]]\nname = "Locks"\nsignals = ["lock"]\n', encoding="utf-8")
    config.write_text(
        config.read_text("utf-8").replace('signals = ["python", "GIL"]', 'signals = ["asyncio"]'), "utf-8"
    )
    moved = run(project, "build")
    assert moved.exit_code == 0
    assert "1 moved to another topic (Anki keeps the cards you have in their old subdeck" in moved.stdout
    assert "  What is the GIL? (Python → Locks)\n" in moved.stdout
    assert "moved to another topic" not in run(project, "build").stdout


@pytest.mark.parametrize(
    "args",
    [
        ["-v", "check"],
        ["check", "-v"],
        ["check", "--verbose", "--config", "{config}"],
    ],
    ids=["before", "after", "config-after"],
)
def test_global_options_work_before_or_after_the_command(project, args):
    config = str(project / "notes2anki.toml")
    outcome = CliRunner().invoke(main, [arg.format(config=config) for arg in args], catch_exceptions=False)
    assert outcome.exit_code == 0, outcome.output
    assert "cards per file (where each card was first found):" in outcome.stdout


def test_quiet_after_the_command_prints_only_warnings(project):
    (project / "sources" / "broken.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    outcome = CliRunner().invoke(main, ["--config", str(project / "notes2anki.toml"), "build", "-q"])
    assert outcome.exit_code == 0, outcome.output
    assert outcome.stdout == ""
    assert "warning: broken.md:1: skipped: a PNG image, not text" in outcome.stderr


def test_a_damaged_lock_is_a_build_problem_with_a_clear_message(project):
    (project / "notes2anki.lock").write_text('{"notes": [\n  {"guid": ', encoding="utf-8")
    outcome = run(project, "build")
    assert outcome.exit_code == EXIT_PROBLEMS
    assert "Error: " in outcome.stderr and "notes2anki.lock:2: not valid JSON" in outcome.stderr


def test_a_build_after_edits_says_what_changed_since_the_last_build(project):
    first = run(project, "build")
    assert "since the last build" not in first.stdout  # a first build: every card is new
    notes = project / "sources" / "python.md"
    notes.write_text(
        NOTE.replace("one thread", "a single thread")
        + "\n# What is a closure?\n\nA function with its scope.\n",
        "utf-8",
    )
    (project / "sources" / "gone.md").write_text("# Gone?\n\nSoon.\n", "utf-8")
    assert "since the last build: 2 added, 1 changed, 0 removed" in run(project, "build").stdout
    (project / "sources" / "gone.md").unlink()
    notes.write_text(NOTE + "\n# What is a closure?\n\nA function with its scope.\n", "utf-8")
    edited = run(project, "-v", "build")
    assert (
        "since the last build: 0 added, 1 changed, 1 removed\n  changed: What is the GIL?\n" in edited.stdout
    )
    assert "since the last build" not in run(project, "build").stdout  # nothing changed


def test_check_groups_its_findings_by_file_and_gives_them_as_json(project):
    (project / "sources" / "b.md").write_text(
        "# What is a mutex?\n\n# What is the GIL?\n\nA lock.\n", "utf-8"
    )
    (project / "sources" / "a.txt").write_text("Loose words here.\n\nWhat is a futex?\n", "utf-8")
    (project / "sources" / "empty.md").write_text("", "utf-8")
    check = run(project, "check")
    assert check.exit_code == 0
    assert check.stdout.splitlines()[2:] == [
        "a.txt: 2 unanswered questions",
        "  a.txt:1: unanswered: Loose words here.",
        "  a.txt:3: unanswered: What is a futex?",
        "b.md: 1 unanswered question",
        "  b.md:1: unanswered: What is a mutex?",
        "empty.md: 1 warning",
        "  empty.md:1: warning: empty file: no notes in it (write some or delete it)",
        "python.md: 1 duplicate",
        "  python.md:1: answer merged into b.md:3 (What is the GIL?)",
        "in all: 3 unanswered questions, 1 duplicate, 1 warning",
        "1 duplicate: 1 answer merged into its question's card",
    ]
    as_json = run(project, "check", "--format", "json")
    data = json.loads(as_json.stdout)
    assert data["cards"] == 1 and data["counts"] == {"unanswered": 3, "duplicate": 1, "warning": 1}
    assert data["findings"][-2] == {
        "file": "empty.md",
        "line": 1,
        "kind": "warning",
        "message": "empty file: no notes in it (write some or delete it)",
    }
    assert run(project, "check", "--format", "json", "--strict").exit_code == EXIT_PROBLEMS


def test_check_notes_answers_longer_than_three_phone_screens(project):
    long_answer = "\n".join(f"- step {number}: do one more thing" for number in range(120))
    (project / "sources" / "long.md").write_text(f"# How is it done?\n\n{long_answer}\n", "utf-8")
    check = run(project, "check")
    assert check.exit_code == 0
    assert (
        "  long.md:1: long answer: 4 phone screens for 'How is it done?' (split it: a question for each part"
    ) in check.stdout
    (project / "sources" / "long.md").write_text(f"# How is it done?\n\n{long_answer[:2000]}\n", "utf-8")
    assert "long answer" not in run(project, "check").stdout


def test_acknowledged_warnings_are_counted_not_repeated_and_pass_strict(project):
    (project / "sources" / "pics.md").write_text(
        "# What does UDP look like?\n\n![UDP](C:\\Users\\me\\UDP.png)\n\n# And TCP?\n\n![TCP](img/tcp.png)\n",
        "utf-8",
    )
    assert run(project, "build", "--strict").exit_code == EXIT_PROBLEMS
    config = project / "notes2anki.toml"
    config.write_text(
        CONFIG
        + '\n[[acknowledge]]\nfile = "pic*.md"\nmessage = "image not found"\ntext = "C:\\\\Users\\\\"\n',
        "utf-8",
    )
    build = run(project, "build", "--strict")
    assert build.exit_code == EXIT_PROBLEMS  # img/tcp.png is on no other computer: not acknowledged
    assert "1 warning acknowledged in notes2anki.toml (not repeated)\n" in build.stdout
    assert (
        "UDP.png" not in build.output and "warning: pics.md:7: image not found: img/tcp.png" in build.stderr
    )
    config.write_text(CONFIG + '\n[[acknowledge]]\nmessage = "IMAGE NOT FOUND"\n', "utf-8")
    assert run(project, "check", "--strict").exit_code == 0
    quiet = run(project, "-q", "build", "--strict")
    assert quiet.exit_code == 0 and quiet.output == ""
    data = json.loads(run(project, "check", "--format", "json").stdout)
    assert data["acknowledged"] == 2 and "warning" not in data["counts"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[[acknowledge]]\nline = "x"\n', "unknown key 'acknowledge[1].line' (valid keys: acknowledge.file"),
        ("[[acknowledge]]\n", "acknowledge[1] needs file, message or text"),
        ('[[acknowledge]]\nfile = ""\n', "acknowledge[1].file must be a non-empty string"),
    ],
)
def test_an_acknowledgement_names_what_it_acknowledges(project, table, message):
    (project / "notes2anki.toml").write_text(CONFIG + "\n" + table, "utf-8")
    outcome = run(project, "check")
    assert outcome.exit_code == EXIT_USAGE and message in outcome.stderr


def test_a_folder_of_notes_the_glob_does_not_read_is_named_with_the_glob_that_would(project):
    (project / "sources" / "数据库").mkdir()
    (project / "sources" / "数据库" / "index.md").write_text("# 什么是索引？\n\n一种数据结构。\n", "utf-8")
    outcome = run(project, "build")
    assert (
        "warning: 数据库/:1: a folder of notes that 'sources/*' does not read (to read it, write "
        "'sources/**/*' in deck.sources)" in outcome.stderr
    )


def test_check_with_no_cards_at_all_is_a_build_problem_and_suggests_no_deletion(project):
    assert run(project, "build").exit_code == 0
    config = project / "notes2anki.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"sources/*"', '"sources"'), "utf-8")
    outcome = run(project, "check")
    assert outcome.exit_code == EXIT_PROBLEMS
    assert "no cards in the notes: a build would write no deck" in outcome.stderr
    assert "Browse" not in outcome.output


def test_ctrl_c_is_exit_130_and_says_that_every_file_is_whole(project, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(stages_module, "run_pipeline", interrupted)
    outcome = CliRunner().invoke(main, ["--config", str(project / "notes2anki.toml"), "check"])
    assert outcome.exit_code == 130
    assert "stopped: every file was left whole" in outcome.stderr


def test_a_remote_image_warning_can_be_acknowledged_too(project):
    (project / "sources" / "pics.md").write_text(
        "# What is a web image?\n\n![x](https://example.com/x.png)\n", "utf-8"
    )
    assert run(project, "check", "--strict").exit_code == EXIT_PROBLEMS
    config = project / "notes2anki.toml"
    config.write_text(CONFIG + '\n[[acknowledge]]\nmessage = "remote image"\n', "utf-8")
    assert run(project, "check", "--strict").exit_code == 0
