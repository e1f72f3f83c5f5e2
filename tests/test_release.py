"""`notes2anki release`: version bump, release deck, checksum, changelog; never overwrites a release."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
from pathlib import Path

import notes_project as project
import pytest
from notes_project import edit_notes, run_cli, write_project

from notes2anki.config import load_config
from notes2anki.errors import ReleaseError
from notes2anki.release import make as release_module
from notes2anki.release.make import bump_version, make_release, set_config_version

E1, E2, E3 = 1_700_000_000, 1_700_864_000, 1_701_468_800  # 2023-11-14, 2023-11-24, 2023-12-01
CONFIG_PATH = Path("notes2anki.toml")


@pytest.mark.parametrize(
    ("version", "part", "expected"),
    [
        ("0.1.0", "patch", "0.1.1"),
        ("0.1.9", "minor", "0.2.0"),
        ("1.4.2", "major", "2.0.0"),
        ("0.9.3", "minor", "0.10.0"),
    ],
)
def test_bump_version(version, part, expected):
    assert bump_version(version, part) == expected


def test_bump_rejects_what_is_not_semver():
    with pytest.raises(ReleaseError, match="not semver"):
        bump_version("1.0", "patch")


def test_version_edit_changes_one_line_and_keeps_comments():
    text = '# version = "9.9.9" is not this one\n' + project.CONFIG.replace("\n", "\r\n")
    edited = set_config_version(text, "0.2.0", CONFIG_PATH)
    changed = [(a, b) for a, b in zip(text.splitlines(True), edited.splitlines(True), strict=False) if a != b]
    assert changed == [
        (
            'version = "0.1.0"   # bumped by notes2anki release\r\n',
            'version = "0.2.0"   # bumped by notes2anki release\r\n',
        )
    ]


def test_version_edit_adds_a_missing_version_under_deck_only():
    text = '[deck]\nname = "D"\n\n[[topics]]\nname = "T"\nversion = "x"\n'
    assert set_config_version(text, "0.1.1", CONFIG_PATH) == text.replace(
        'name = "D"\n', 'name = "D"\nversion = "0.1.1"\n'
    )
    with pytest.raises(ReleaseError, match="no \\[deck\\] table"):
        set_config_version('[[topics]]\nname = "T"\n', "0.1.1", CONFIG_PATH)


@pytest.mark.parametrize(
    ("text", "edited"),
    [
        ('["deck"]\nname = "D"\nversion = "0.1.0"\n', '["deck"]\nname = "D"\nversion = "0.2.0"\n'),
        (
            "[deck]  # the deck\nversion = '0.1.0'  # single quotes\n",
            "[deck]  # the deck\nversion = '0.2.0'  # single quotes\n",
        ),
        ('deck.name = "D"\ndeck.version = "0.1.0"\n', 'deck.name = "D"\ndeck.version = "0.2.0"\n'),
        ('deck = { name = "D", version = "0.1.0" }\n', 'deck = { name = "D", version = "0.2.0" }\n'),
    ],
    ids=["quoted-table-name", "single-quotes-and-comments", "dotted-keys", "inline-table"],
)
def test_version_edit_reads_every_way_toml_writes_the_deck_table(text, edited):
    assert set_config_version(text, "0.2.0", CONFIG_PATH) == edited


def section(changelog: str, version: str) -> str:
    start = changelog.index(f"## {version} ")
    end = changelog.find("\n## ", start)
    return changelog[start : end if end > 0 else None]


def listed(text: str, heading: str) -> list[str]:
    """The list items under a '### heading (n)' in a changelog section."""
    if f"### {heading} (" not in text:
        return []
    block = text.split(f"### {heading} (", 1)[1].split("\n### ", 1)[0]
    return [line[2:] for line in block.splitlines() if line.startswith("- ")]


def move_gil_to_concurrency(root: Path) -> None:
    config = root / "notes2anki.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace('"python", "GIL", ', "").replace('"进程",', '"GIL", "进程",'), encoding="utf-8"
    )


def test_releases_write_deck_checksum_and_changelog(tmp_path):
    root = write_project(tmp_path)
    config_mode = stat.S_IMODE((root / "notes2anki.toml").stat().st_mode)

    first = run_cli(root, "release", "minor", epoch=E1)
    assert first.exit_code == 0, first.output
    assert "released 0.2.0: 7 added, 0 changed, 0 removed" in first.output
    deck = root / "build" / "test-deck-0.2.0.apkg"
    checksum = (root / "build" / "test-deck-0.2.0.apkg.sha256").read_text()
    assert checksum == f"{hashlib.sha256(deck.read_bytes()).hexdigest()}  test-deck-0.2.0.apkg\n"
    assert (root / "notes2anki.toml").read_text() == project.CONFIG.replace('"0.1.0"', '"0.2.0"')
    assert stat.S_IMODE((root / "notes2anki.toml").stat().st_mode) == config_mode
    changelog = (root / "CHANGELOG.md").read_text()
    assert changelog.startswith("# Changelog\n\n## 0.2.0 — 2023-11-14\n")
    assert len(listed(section(changelog, "0.2.0"), "Added")) == 7
    assert json.loads((root / "notes2anki.lock").read_text())["released_version"] == "0.2.0"

    edit_notes(root)
    move_gil_to_concurrency(root)
    second = run_cli(root, "release", "patch", epoch=E2)
    assert second.exit_code == 0, second.output
    assert "released 0.2.1: 1 added, 3 changed, 1 removed, 1 moved to another topic" in second.output
    changelog = (root / "CHANGELOG.md").read_text()
    assert changelog.index("## 0.2.1 — 2023-11-24") < changelog.index("## 0.2.0 — 2023-11-14")
    notes = section(changelog, "0.2.1")
    assert listed(notes, "Added") == [project.ADDED]
    assert sorted(listed(notes, "Changed")) == sorted(
        [
            f"{project.CHANGED_ANSWER} (answer changed)",
            f"{project.TYPO_FIXED[1]} (question changed, was: {project.TYPO_FIXED[0]})",
            f"{project.REWORDED[1]} (question changed, was: {project.REWORDED[0]})",
        ]
    )
    assert listed(notes, "Removed") == [project.DELETED]
    assert "Anki keeps cards that leave the deck" in notes
    lock = json.loads((root / "notes2anki.lock").read_text(encoding="utf-8"))
    [deleted_guid] = [note["guid"] for note in lock["notes"] if note["question"] == project.DELETED]
    assert f'this search finds them: `"note:notes2anki Q/A" ("Id:{deleted_guid}")`' in notes
    assert listed(notes, "Topic changed") == [f"{project.UNTOUCHED[0]} (Python → Concurrency)"]
    assert "Anki keeps existing cards in the subdeck they were first imported into" in notes
    assert project.MOVED not in notes and project.UNTOUCHED[1] not in notes
    assert (root / "build" / "test-deck-0.2.0.apkg").read_bytes() == deck.read_bytes()

    before = snapshot(root)
    refused = run_cli(root, "release", "patch", epoch=E3)
    assert refused.exit_code == 1
    assert (
        "nothing changed since 0.2.1: no release made (release --allow-empty makes one anyway, "
        "for a change to the card style alone too)" in refused.output
    )
    assert snapshot(root) == before
    third = run_cli(root, "release", "patch", "--allow-empty", epoch=E3)
    assert third.exit_code == 0, third.output
    assert "No card changed since the last release." in section((root / "CHANGELOG.md").read_text(), "0.2.2")
    assert sorted(p.name for p in root.iterdir()) == [
        "CHANGELOG.md",
        "build",
        "notes",
        "notes2anki.lock",
        "notes2anki.toml",
    ]


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_release_refuses_to_overwrite_an_existing_release(tmp_path):
    root = write_project(tmp_path)
    assert run_cli(root, "release", "minor", epoch=E1).exit_code == 0
    config = root / "notes2anki.toml"
    config.write_text(config.read_text().replace('"0.2.0"', '"0.1.0"'))
    before = snapshot(root)

    again = run_cli(root, "release", "minor", epoch=E2)
    assert again.exit_code == 1
    assert "Error: " in again.output and "release 0.2.0 exists already" in again.output
    assert "Traceback" not in again.output and isinstance(again.exception, SystemExit)
    assert snapshot(root) == before


def test_ctrl_c_while_a_release_is_written_waits_for_the_whole_release(tmp_path, monkeypatch):
    root = write_project(tmp_path)
    real_write_lock = release_module.write_lock

    def interrupted_write_lock(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C after the deck, checksum and changelog
        return real_write_lock(*args, **kwargs)

    monkeypatch.setattr(release_module, "write_lock", interrupted_write_lock)
    with pytest.raises(KeyboardInterrupt):
        make_release(load_config(root / "notes2anki.toml"), "minor")
    assert 'version = "0.2.0"' in (root / "notes2anki.toml").read_text("utf-8")
    assert json.loads((root / "notes2anki.lock").read_text("utf-8"))["released_version"] == "0.2.0"
    assert (root / "CHANGELOG.md").read_text("utf-8").count("## 0.2.0") == 1


def test_a_release_left_unfinished_says_which_files_to_delete(tmp_path):
    root = write_project(tmp_path)
    (root / "build").mkdir()
    (root / "build" / "test-deck-0.2.0.apkg").write_bytes(b"a deck written before the release stopped")
    outcome = run_cli(root, "release", "minor", epoch=E1)
    assert outcome.exit_code == 1
    assert "release 0.2.0 was started but not finished" in outcome.output
    assert "delete test-deck-0.2.0.apkg and test-deck-0.2.0.apkg.sha256" in outcome.output


@pytest.mark.parametrize("trouble", ["no cards", "output folder is a file"])
def test_a_release_that_cannot_be_made_changes_nothing(tmp_path, trouble):
    root = write_project(tmp_path)
    if trouble == "no cards":
        for note in (root / "notes").iterdir():
            note.write_text("no questions here\n", encoding="utf-8")
    else:
        (root / "build").write_text("a file where the folder should go", encoding="utf-8")
    before = snapshot(root)
    outcome = run_cli(root, "release", "patch", epoch=E1)
    assert outcome.exit_code == 1 and "Error: " in outcome.output
    assert "Traceback" not in outcome.output and isinstance(outcome.exception, SystemExit)
    assert snapshot(root) == before


def test_working_build_after_a_release_leaves_the_release_alone(tmp_path):
    root = write_project(tmp_path)
    assert run_cli(root, "release", "patch", epoch=E1).exit_code == 0
    released = (root / "build" / "test-deck-0.1.1.apkg").read_bytes()
    edit_notes(root)
    built = run_cli(root, "build", epoch=E2)
    assert built.exit_code == 0, built.output
    assert (root / "build" / "test-deck-0.1.1.apkg").read_bytes() == released
    assert (root / "build" / "test-deck-0.1.1+dev.apkg").exists()


@pytest.mark.parametrize("lost", ["checksum", "checksum and changelog", "checksum and lock"])
def test_a_release_whose_checksum_is_lost_is_still_never_replaced_by_a_working_build(tmp_path, lost):
    root = write_project(tmp_path)
    assert run_cli(root, "release", "patch", epoch=E1).exit_code == 0
    release = root / "build" / "test-deck-0.1.1.apkg"
    released = release.read_bytes()
    Path(f"{release}.sha256").unlink()
    if "changelog" in lost:
        (root / "CHANGELOG.md").unlink()
    if "lock" in lost:
        (root / "notes2anki.lock").unlink()
    edit_notes(root)
    built = run_cli(root, "build", epoch=E2)
    assert built.exit_code == 0, built.output
    assert release.read_bytes() == released
    assert (root / "build" / "test-deck-0.1.1+dev.apkg").exists()


def test_check_and_export_write_nothing(tmp_path):
    root = write_project(tmp_path)
    before = snapshot(root)
    assert run_cli(root, "check", epoch=E1).exit_code == 0
    assert run_cli(root, "export", "-", epoch=E1).exit_code == 0
    assert snapshot(root) == before
    assert run_cli(root, "build", epoch=E1).exit_code == 0
    built = snapshot(root)
    edit_notes(root)
    edited = snapshot(root)
    result = run_cli(root, "check", epoch=E2)
    assert f"for {project.REWORDED[1]!r}" in result.output  # the fuzzy match is reported, and not recorded
    assert snapshot(root) == edited and edited["notes2anki.lock"] == built["notes2anki.lock"]


def test_a_configuration_starting_with_a_byte_order_mark_is_released_and_keeps_it(tmp_path):
    root = write_project(tmp_path)
    config = root / "notes2anki.toml"
    config.write_bytes(b"\xef\xbb\xbf" + config.read_bytes())
    outcome = run_cli(root, "release", "minor", epoch=E1)
    assert outcome.exit_code == 0, outcome.output
    assert config.read_bytes().startswith(b"\xef\xbb\xbf") and b'version = "0.2.0"' in config.read_bytes()


@pytest.mark.parametrize(
    ("changelog", "message"),
    [
        (b"# Changelog\n\nCaf\xe9\n", "CHANGELOG.md:3: not UTF-8 text (save it as UTF-8)"),
        (None, "CHANGELOG.md: is a folder, not a file"),
    ],
    ids=["latin-1", "folder"],
)
def test_a_changelog_that_cannot_be_read_stops_the_release_before_any_file(tmp_path, changelog, message):
    root = write_project(tmp_path)
    if changelog is None:
        (root / "CHANGELOG.md").mkdir()
    else:
        (root / "CHANGELOG.md").write_bytes(changelog)
    before = snapshot(root)
    outcome = run_cli(root, "release", "minor", epoch=E1)
    assert outcome.exit_code == 1 and message in outcome.output and "Traceback" not in outcome.output
    assert snapshot(root) == before


def test_a_project_folder_that_cannot_be_written_stops_the_release_before_any_file(tmp_path, monkeypatch):
    root = write_project(tmp_path)
    real_access = os.access
    monkeypatch.setattr("os.access", lambda path, mode: path != root and real_access(path, mode))
    before = snapshot(root)
    outcome = run_cli(root, "release", "minor", epoch=E1)
    assert outcome.exit_code == 1 and f"cannot write to {root}: Permission denied" in outcome.output
    assert snapshot(root) == before


def test_a_release_made_meanwhile_by_another_run_is_not_overwritten(tmp_path, monkeypatch):
    root = write_project(tmp_path)
    deck = root / "build" / "test-deck-0.2.0.apkg"
    real_pipeline = release_module.run_pipeline

    def another_release_finishes_first(*args, **kwargs):
        result = real_pipeline(*args, **kwargs)
        deck.parent.mkdir(exist_ok=True)
        deck.write_bytes(b"the other run's deck")
        return result

    monkeypatch.setattr(release_module, "run_pipeline", another_release_finishes_first)
    outcome = run_cli(root, "release", "minor", epoch=E1)
    assert outcome.exit_code == 1 and "release 0.2.0 exists already" in outcome.output
    assert deck.read_bytes() == b"the other run's deck"
    assert sorted(path.name for path in deck.parent.iterdir()) == [deck.name]


def test_a_release_reports_its_stages_as_a_build_does(tmp_path):
    root = write_project(tmp_path)
    stages: list[str] = []
    make_release(
        load_config(root / "notes2anki.toml"), "patch", progress=lambda stage, item: stages.append(stage)
    )
    assert stages[0] == "read" and stages[-1] == "package"
    assert {"parse", "dedupe", "topics", "render", "identity"} <= set(stages)


@pytest.mark.parametrize(
    ("failing", "advice"),
    [
        ("atomic_write_text", "(delete test-deck-0.2.0.apkg and test-deck-0.2.0.apkg.sha256, then release"),
        ("write_lock", "the 0.2.0 section of CHANGELOG.md, then release again)"),
    ],
)
def test_a_release_that_fails_halfway_says_how_to_mend_it(tmp_path, monkeypatch, failing, advice):
    root = write_project(tmp_path)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device", str(root / "x"))

    monkeypatch.setattr(release_module, failing, disk_full)
    outcome = run_cli(root, "release", "minor", epoch=E1)
    assert outcome.exit_code == 1 and "release 0.2.0 is unfinished" in outcome.output
    assert advice in outcome.output


def test_a_release_whose_version_could_not_be_written_says_to_set_it(tmp_path, monkeypatch):
    root = write_project(tmp_path)
    real_write = release_module.atomic_write_text

    def configuration_fails(path, text, *args, **kwargs):
        if Path(path).name == "notes2anki.toml":
            raise OSError(28, "No space left on device", str(path))
        return real_write(path, text, *args, **kwargs)

    monkeypatch.setattr(release_module, "atomic_write_text", configuration_fails)
    outcome = run_cli(root, "release", "minor", epoch=E1)
    assert 'the rest is written: set version = "0.2.0" under [deck] in notes2anki.toml' in outcome.output


@pytest.mark.parametrize("next_command", ["build", "release"])
def test_a_release_stopped_after_its_changelog_is_finished_by_the_next_command(tmp_path, next_command):
    root = write_project(tmp_path)
    assert run_cli(root, "release", "minor", epoch=E1).exit_code == 0  # 0.2.0
    config, lock = root / "notes2anki.toml", root / "notes2anki.lock"
    kept_config, kept_lock = config.read_bytes(), lock.read_bytes()
    edit_notes(root)
    assert run_cli(root, "release", "patch", epoch=E2).exit_code == 0  # 0.2.1
    # What a power cut after the changelog leaves: the 0.2.1 deck, checksum and changelog
    # section, but the lock and the version as they were before it.
    config.write_bytes(kept_config)
    lock.write_bytes(kept_lock)

    outcome = run_cli(root, next_command, *(["patch"] if next_command == "release" else []), epoch=E3)
    assert outcome.exit_code == (0 if next_command == "build" else 1), outcome.output
    assert (
        "warning: release 0.2.1 was stopped before it was recorded in notes2anki.lock and notes2anki.toml"
        in (outcome.output)
    )
    assert load_config(config).version == "0.2.1"
    assert json.loads(lock.read_text(encoding="utf-8"))["released_version"] == "0.2.1"
    if next_command == "release":  # nothing changed since 0.2.1: the finished release is complete
        assert "nothing changed since 0.2.1" in outcome.output
    (root / "notes" / "extra.md").write_text("## 什么是信号量？\n\n计数的锁。\n", encoding="utf-8")
    later = run_cli(root, "release", "patch", epoch=E3 + 86_400)
    assert later.exit_code == 0, later.output
    assert "released 0.2.2: 1 added, 0 changed, 0 removed" in later.output
