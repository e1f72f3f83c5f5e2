"""notes2anki installs as a tool (what `pipx install .` and `uv tool install .` do: build the wheel,
install it into a venv of its own, put its script on PATH) and works from there, package data and all."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

from conftest import REPO

NOTE = "# Networks\n\n## What is TCP?\n\nA reliable stream.\n\n## What is UDP?\n\nDatagrams.\n"


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_wheel_installs_as_a_tool_that_works_outside_the_repository(tmp_path):
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-q",
        "-w",
        tmp_path,
        REPO,
        cwd=tmp_path,
    )
    (wheel,) = tmp_path.glob("notes2anki-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for data in (
        "notes2anki/preview/preview.html",
        "notes2anki/preview/preview.js",
        "notes2anki/preview/preview.css",
    ):
        assert data in names
    assert any(name.startswith("notes2anki/render/") and name.endswith(".css") for name in names)
    tool = tmp_path / "tool"
    venv.create(tool, with_pip=False)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(tool), "platbase": str(tool)}))
    # The dependencies come from the test environment; notes2anki itself only from the wheel.
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    python = tool / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel, cwd=tmp_path)
    notes = tmp_path / "my-notes"
    notes.mkdir()
    (notes / "network.md").write_text(NOTE, encoding="utf-8")
    env = {**os.environ, "PATH": f"{tool / 'bin'}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": ""}
    where = run(python, "-c", "import notes2anki; print(notes2anki.__file__)", cwd=notes, env=env)
    assert where.startswith(str(tool))
    assert "docs/syntax.md" in run("notes2anki", "--help", cwd=notes, env=env)
    run("notes2anki", "init", cwd=notes, env=env)
    assert "wrote" in run("notes2anki", "build", cwd=notes, env=env)
    run("notes2anki", "preview", cwd=notes, env=env)
    assert (notes / "build" / "my-notes-0.1.0.apkg").is_file()
    assert "What is TCP?" in (notes / "build" / "preview" / "index.html").read_text(encoding="utf-8")


def test_shell_completion_works_as_the_readme_says(tmp_path):
    script = Path(sys.executable).parent / "notes2anki"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert 'eval "$(_NOTES2ANKI_COMPLETE=bash_source notes2anki)"' in readme
    env = {**os.environ, "_NOTES2ANKI_COMPLETE": "bash_source"}
    assert "complete -o nosort -F _notes2anki_completion notes2anki" in run(script, cwd=tmp_path, env=env)
    env = {
        **os.environ,
        "_NOTES2ANKI_COMPLETE": "bash_complete",
        "COMP_WORDS": "notes2anki in",
        "COMP_CWORD": "1",
    }
    assert run(script, cwd=tmp_path, env=env).split() == ["plain,init"]
