"""A start with no configuration: `notes2anki init`, topics left out, and a build that says to run init."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from notes2anki.cli import EXIT_USAGE, main
from notes2anki.init.propose import deck_name_of, propose, signals_for, source_globs
from notes2anki.init.terms import terms_of

PYTHON_NOTES = """\
# Python

## 什么是闭包？

A function that keeps the variables of the scope it was made in.

## 闭包和装饰器的区别

A decorator is a closure that wraps a function.

## How does the GIL work?

One thread runs Python bytecode at a time.
"""
NETWORK_NOTES = """\
什么是TCP？
\t面向连接的可靠传输协议。

TCP和UDP的区别？
\tTCP可靠，UDP不可靠。

三次握手的过程？
\tSYN, SYN-ACK, ACK：TCP建立连接。
"""


@pytest.fixture
def notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "my-study_notes"
    (folder / "web").mkdir(parents=True)
    (folder / "python.md").write_text(PYTHON_NOTES, encoding="utf-8")
    (folder / "web" / "network.txt").write_text(NETWORK_NOTES, encoding="utf-8")
    (folder / "LICENSE").write_text("MIT License\n\nPermission is hereby granted\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    return folder


def cli(*args: str):
    outcome = CliRunner().invoke(main, list(args))
    assert "Traceback" not in outcome.output, outcome.output
    return outcome


def test_init_then_build_makes_a_deck_with_no_configuration_written_by_hand(notes):
    outcome = cli("init")
    assert outcome.exit_code == 0, outcome.output
    assert "wrote " in outcome.output and "notes2anki build" in outcome.output
    config = tomllib.loads((notes / "notes2anki.toml").read_text(encoding="utf-8"))
    assert config["deck"] == {
        "name": "My study notes",
        "version": "0.1.0",
        "sources": ["**/*.md", "**/*.txt"],
    }
    topics = {topic["name"]: topic["signals"] for topic in config["topics"]}
    assert set(topics) == {"python", "network"}
    assert "闭包" in topics["python"] and "TCP" in topics["network"]
    assert cli("build").exit_code == 0
    assert (notes / "build" / "my-study-notes-0.1.0.apkg").is_file()
    cards = json.loads(cli("export", "-").stdout)["cards"]
    assert {card["topic"] for card in cards} == {"python", "network"}
    assert len(cards) == 6  # LICENSE is no notes file: the globs name .md and .txt only


def test_init_never_replaces_a_configuration_unless_forced(notes):
    (notes / "notes2anki.toml").write_text('[deck]\nname = "Mine"\n', encoding="utf-8")
    outcome = cli("init")
    assert outcome.exit_code == EXIT_USAGE
    assert "exists already" in outcome.output and "--force" in outcome.output
    assert (notes / "notes2anki.toml").read_text(encoding="utf-8") == '[deck]\nname = "Mine"\n'
    assert cli("init", "--force").exit_code == 0
    assert "[[topics]]" in (notes / "notes2anki.toml").read_text(encoding="utf-8")


def test_init_in_a_folder_without_notes_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outcome = cli("init")
    assert outcome.exit_code == EXIT_USAGE
    assert f"no notes in {tmp_path.resolve()}" in outcome.output
    assert not (tmp_path / "notes2anki.toml").exists()


def test_build_with_notes_and_no_configuration_says_to_run_init(notes):
    for command in ("build", "check"):
        outcome = cli(command)
        assert outcome.exit_code == EXIT_USAGE
        assert "run `notes2anki init`" in outcome.output


def test_a_configuration_without_topics_files_cards_by_notes_file(notes):
    (notes / "notes2anki.toml").write_text(
        '[deck]\nname = "Plain"\nsources = ["**/*.md", "**/*.txt"]\n', encoding="utf-8"
    )
    outcome = cli("build")
    assert outcome.exit_code == 0, outcome.output
    assert "6 cards in 2 topics from 2 files" in outcome.stdout
    cards = json.loads(cli("export", "-").stdout)["cards"]
    assert {card["topic"] for card in cards} == {"python", "web::network"}


def test_a_single_notes_file_proposes_a_topic_per_top_level_heading(tmp_path):
    sections = "".join(f"## {question}\n\nanswer\n\n" for question in ("CSS box model?", "CSS grid?", "BEM?"))
    javascript = "".join(
        f"## {q}\n\nanswer\n\n" for q in ("What is a closure?", "A closure in a loop?", "Hoisting?")
    )
    (tmp_path / "README.md").write_text(
        f"# Table of Contents\n\n## a\n\nx\n\n## b\n\ny\n\n## c\n\nz\n\n# CSS\n\n{sections}# JavaScript\n\n{javascript}",
        encoding="utf-8",
    )
    proposal = propose(tmp_path)
    assert proposal.topics_by == "heading"
    assert [(topic.name, topic.signals) for topic in proposal.topics] == [
        ("CSS", ("CSS",)),
        ("JavaScript", ("JavaScript", "closure")),
    ]


def test_source_globs_take_a_notes_folder_whole_or_the_notes_suffixes_found(tmp_path):
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "old.txt").write_text("x", encoding="utf-8")
    assert source_globs(tmp_path) == ("**/*.md",)
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "b.txt").write_text("x", encoding="utf-8")
    assert source_globs(tmp_path) == ("sources/**/*",)


def test_the_names_and_terms_init_proposes():
    assert (
        deck_name_of(Path("Chalarangelo__30-seconds-of-interviews"))
        == "Chalarangelo 30 seconds of interviews"
    )
    assert terms_of("#### 12、什么是GIL锁？") == ["GIL"]
    assert terms_of("TCP和UDP的区别") == ["TCP", "UDP"]
    assert terms_of("Python垃圾回收机制") == ["Python", "垃圾回收机制"]
    assert terms_of("What is the difference between C++ and C#?") == ["C++", "C#"]
    texts = {"CSS": ["CSS box model", "CSS box sizing", "What is BEM?"], "HTML": ["HTML box", "HTML5 box"]}
    assert signals_for("CSS", texts) == ("CSS",)  # "box" is in both: no signal
    assert signals_for("HTML", texts, named=False) == ()
