"""No write follows a link out of the project or the output folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from notes_project import edit_notes, run_cli, write_project

from notes2anki.runtime.files import (
    LinkOutOfFolderError,
    atomic_create_bytes,
    atomic_write_bytes,
    atomic_write_lines,
    atomic_write_text,
)

EPOCH = 1_700_000_000
ELSEWHERE = "a file of the user's, outside the project\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    target = tmp_path / "elsewhere" / "precious.txt"
    target.parent.mkdir()
    target.write_text(ELSEWHERE, "utf-8")
    return target


@pytest.mark.parametrize("name", ["CHANGELOG.md", "notes2anki.lock"])
def test_release_refuses_to_write_through_a_link_out_of_the_project(tmp_path, outside, name):
    root = write_project(tmp_path / "project")
    (root / name).symlink_to(outside)
    outcome = run_cli(root, "release", "patch", epoch=EPOCH)
    assert outcome.exit_code == 1, outcome.output
    assert f"{name} is a link to {outside}, outside {root}" in outcome.output
    assert outside.read_text("utf-8") == ELSEWHERE
    assert not list((root / "build").glob("*.apkg"))  # refused before anything was written


def test_build_refuses_a_lock_that_links_out_of_the_project(tmp_path, outside):
    root = write_project(tmp_path / "project")
    assert run_cli(root, "build", epoch=EPOCH).exit_code == 0
    (root / "notes2anki.lock").replace(outside)
    (root / "notes2anki.lock").symlink_to(outside)
    lock = outside.read_bytes()
    edit_notes(root)
    outcome = run_cli(root, "build", epoch=EPOCH + 1)
    assert outcome.exit_code == 1
    assert "notes2anki.lock is a link to" in outcome.output
    assert outside.read_bytes() == lock


def test_preview_refuses_a_page_that_links_out_of_the_output_folder(tmp_path, outside):
    root = write_project(tmp_path / "project")
    (root / "build" / "preview").mkdir(parents=True)
    (root / "build" / "preview" / "index.html").symlink_to(outside)
    outcome = run_cli(root, "preview", epoch=EPOCH)
    assert outcome.exit_code != 0
    assert "index.html is a link to" in outcome.output
    assert outside.read_text("utf-8") == ELSEWHERE


@pytest.mark.parametrize(
    "write",
    [
        lambda path: atomic_write_bytes(path, b"x"),
        lambda path: atomic_write_text(path, "x"),
        lambda path: atomic_write_lines(path, ["x"]),
    ],
    ids=["bytes", "text", "lines"],
)
def test_every_write_refuses_a_link_out_of_its_folder_and_follows_one_inside(tmp_path, outside, write):
    folder = tmp_path / "project"
    (folder / "docs").mkdir(parents=True)
    (folder / "link").symlink_to(outside)
    with pytest.raises(LinkOutOfFolderError):
        write(folder / "link")
    assert outside.read_text("utf-8") == ELSEWHERE
    (folder / "docs" / "kept.txt").write_text("old", "utf-8")
    (folder / "inside").symlink_to(Path("docs") / "kept.txt")
    write(folder / "inside")
    assert (folder / "inside").is_symlink() and (folder / "docs" / "kept.txt").read_text("utf-8") == "x"


def test_a_new_file_is_never_created_through_a_link(tmp_path, outside):
    (tmp_path / "link").symlink_to(outside)
    with pytest.raises(FileExistsError):
        atomic_create_bytes(tmp_path / "link", b"x")
    assert outside.read_text("utf-8") == ELSEWHERE


@pytest.mark.parametrize(
    ("link", "command"), [("build", "build"), ("build/preview", "preview"), ("build", "release")]
)
def test_a_default_output_folder_that_links_out_of_the_project_is_refused(tmp_path, link, command):
    root = write_project(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(elsewhere)
    outcome = run_cli(root, command, *(["patch"] if command == "release" else []), epoch=EPOCH)
    assert outcome.exit_code == 1, outcome.output
    assert f"{root / link} leads through a link to {elsewhere}, outside {root}" in outcome.output
    assert list(elsewhere.iterdir()) == []
    if command != "release":  # told where to write, a command writes there
        assert run_cli(root, command, "-o", str(elsewhere), epoch=EPOCH).exit_code == 0


def test_a_cache_folder_that_links_out_of_the_project_is_never_read_written_or_cleaned(tmp_path, outside):
    root = write_project(tmp_path / "project")
    (root / "build" / ".cache").mkdir(parents=True)
    (root / "build" / ".cache" / "files").symlink_to(outside.parent)
    outcome = run_cli(root, "build", epoch=EPOCH)
    assert outcome.exit_code == 0, outcome.output
    assert [path.name for path in outside.parent.iterdir()] == [outside.name]
    assert outside.read_text("utf-8") == ELSEWHERE
