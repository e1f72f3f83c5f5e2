from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from notes2anki.config import load_config
from notes2anki.pipeline.deck import write_deck
from notes2anki.pipeline.stages import run_pipeline

REPO = Path(__file__).resolve().parents[1]
SHARED_NOTES = REPO.parent / "shared" / "notes"


@pytest.fixture(scope="session", autouse=True)
def _user_cache_folder(tmp_path_factory):
    """The key that signs build caches goes to a cache folder of the tests', not the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
        yield


@pytest.fixture(autouse=True)
def _no_lock_remembered(monkeypatch):
    """A watch makes the process remember the locks it writes (identity.lockfile): each test starts
    without, whatever ran before it."""
    from notes2anki.identity import lockfile

    monkeypatch.setattr(lockfile, "_LAST_WRITTEN", lockfile._LastWrittenLock())


@pytest.fixture(scope="session")
def repo_config():
    return load_config(REPO / "notes2anki.toml")


@pytest.fixture(scope="session")
def repo_result(repo_config):
    return run_pipeline(repo_config)


@pytest.fixture(scope="session")
def repo_deck(repo_config, repo_result, tmp_path_factory) -> Path:
    return write_deck(repo_config, repo_result.notes, repo_result.lock, tmp_path_factory.mktemp("build"))


@pytest.fixture
def project(tmp_path: Path):
    """A notes2anki project folder with the repository's configuration and an empty sources/."""
    shutil.copy(REPO / "notes2anki.toml", tmp_path / "notes2anki.toml")
    (tmp_path / "sources").mkdir()
    return tmp_path
