"""A build cache committed with a notes repository, or planted in build/.cache, never runs code."""

from __future__ import annotations

import pickle
import struct
import zlib
from pathlib import Path

import pytest
from notes_project import run_cli, write_project

from notes2anki.pipeline import cache as cache_module
from notes2anki.pipeline.cache import CACHE_FOLDER, decode_entry
from notes2anki.runtime.cache_key import cache_key_path

EPOCH = 1_700_000_000


def _calls_os_system(marker: Path) -> bytes:
    """A pickle that calls os.system by way of the pathlib module, which imports os."""
    command = f"touch {marker}".encode()
    return (
        pickle.PROTO
        + b"\x04"
        + b"cpathlib\nos.system\n"
        + pickle.SHORT_BINBYTES
        + bytes([len(command)])
        + command
        + pickle.TUPLE1
        + pickle.REDUCE
        + pickle.STOP
    )


def _planted_entry(payload: bytes) -> bytes:
    """An entry as anyone who has read the code can write it: header, CRC-32, pickle."""
    header = cache_module.MAGIC + cache_module.tool_fingerprint().encode() + b"\n"
    return header + struct.pack("<I", zlib.crc32(payload)) + payload


def test_a_planted_cache_entry_never_runs_code_during_a_build(tmp_path):
    root = write_project(tmp_path / "project")
    assert run_cli(root, "build", epoch=EPOCH).exit_code == 0
    marker = tmp_path / "pwned"
    for entry in [root / CACHE_FOLDER / "deck", *(root / CACHE_FOLDER / "files").iterdir()]:
        entry.write_bytes(_planted_entry(_calls_os_system(marker)))
    (root / "build" / "test-deck-0.1.0.apkg").unlink()
    outcome = run_cli(root, "build", epoch=EPOCH)
    assert outcome.exit_code == 0, outcome.output
    assert not marker.exists()


def test_an_entry_signed_here_still_makes_only_the_pipelines_values(tmp_path):
    marker = tmp_path / "pwned"
    payload = _calls_os_system(marker)
    with pytest.raises(ValueError, match="not a cache value"):
        decode_entry(cache_module.sign_entry(payload))
    assert not marker.exists()


def test_the_key_that_signs_entries_lives_outside_the_project(tmp_path):
    root = write_project(tmp_path / "project")
    assert run_cli(root, "build", epoch=EPOCH).exit_code == 0
    key = cache_key_path()
    assert key.is_file() and root.resolve() not in key.resolve().parents
    assert key.stat().st_mode & 0o077 == 0
