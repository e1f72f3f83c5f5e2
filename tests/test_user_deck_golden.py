"""The user's deck, card by card: `notes2anki export` of sources/ as checked in under tests/golden/.

A parser or renderer change shows its effect on the user's 162 cards here, in review. After a
deliberate change, rewrite the snapshot with NOTES2ANKI_UPDATE_GOLDEN=1 and review its diff.
The snapshot also scores 1.000 on every measure against the hand-made gold (../shared/spec).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from notes2anki.pipeline.export import export_data

SNAPSHOT = Path(__file__).parent / "golden" / "user_deck.export.json"
SCORE = REPO.parent / "shared" / "spec" / "score.py"
MEASURES = ("recall", "precision", "boundary", "topic", "unanswered")


def snapshot_text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


@pytest.fixture(scope="module")
def exported(repo_result) -> dict:
    data = export_data(repo_result)
    if os.environ.get("NOTES2ANKI_UPDATE_GOLDEN"):
        SNAPSHOT.write_text(snapshot_text(data), encoding="utf-8")
    return data


def test_the_users_cards_are_the_snapshot_field_by_field(exported):
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert [card["question"] for card in exported["cards"]] == [
        card["question"] for card in expected["cards"]
    ]
    for got, want in zip(exported["cards"], expected["cards"], strict=True):
        for field in want:
            assert got[field] == want[field], f"{want['question']!r}: {field}"
    assert exported["unanswered"] == expected["unanswered"]


def test_the_snapshot_is_byte_for_byte_what_export_writes(exported):
    assert SNAPSHOT.read_text(encoding="utf-8") == snapshot_text(exported)


def test_the_users_deck_scores_1_on_every_measure(exported, tmp_path):
    cards = tmp_path / "cards.json"
    cards.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    scored = subprocess.run(
        [sys.executable, str(SCORE), str(cards)], capture_output=True, text=True, check=True
    )
    last = scored.stdout.strip().splitlines()[-1]
    values = dict(zip(last.split()[0::2], last.split()[1::2], strict=False))
    assert {measure: values[measure] for measure in MEASURES} == dict.fromkeys(MEASURES, "1.000"), last
    assert values["dups_left"] == "0" and values["cards"] == str(len(exported["cards"]))
