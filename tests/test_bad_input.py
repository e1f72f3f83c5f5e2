"""Bad input never breaks the build: each gets a `file:line: message` and the other notes still build."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path

import pytest
from html_checks import html_problems, note_fields
from small_project import write_project

from notes2anki.config import load_config
from notes2anki.model import Level
from notes2anki.pipeline import file_work as filework
from notes2anki.pipeline.stages import run_pipeline
from notes2anki.render.fields import answer_text

GOOD_NOTE = "# What is the GIL?\n\nA lock that lets one thread run Python bytecode at a time.\n"
GOOD_QUESTION = "What is the GIL?"
UNDECODABLE_NOTE = b"# Q?\n\nA " + b"\x80\x81" * 20 + b"\n" * 3


def build_with(root: Path, files: dict[str, str | bytes]):
    config = write_project(root, {"good.md": GOOD_NOTE, **files}, sources="sources/**/*")
    result = run_pipeline(load_config(config))
    questions = [note.rendered.card.question for note in result.notes]
    assert GOOD_QUESTION in questions, "the good note must still build"
    return result


def warnings_of(result) -> list[str]:
    return [str(diagnostic) for diagnostic in result.warnings]


def notes_of(result) -> list[str]:
    return [str(d) for d in result.diagnostics if d.level is Level.NOTE]


def card(result, question: str):
    matches = [note for note in result.notes if note.rendered.card.question == question]
    assert len(matches) == 1, [note.rendered.card.question for note in result.notes]
    return matches[0].rendered


def test_an_empty_file(tmp_path):
    result = build_with(tmp_path, {"empty.md": ""})
    assert "empty.md:1: empty file: no notes in it (write some or delete it)" in warnings_of(result)


def test_a_binary_file_named_like_notes(tmp_path):
    result = build_with(tmp_path, {"blob.txt": bytes(range(256)) * 8})
    assert "blob.txt:1: skipped: a binary file, not text" in warnings_of(result)
    assert result.failed_files == ("blob.txt",)


def test_an_image_is_skipped_with_a_note(tmp_path):
    result = build_with(tmp_path, {"diagram.png": b"\x89PNG\r\n\x1a\n" + bytes(100)})
    assert "diagram.png:1: skipped: image (.png), not a notes file" in notes_of(result)
    assert warnings_of(result) == []


def test_invalid_bytes_in_the_middle_of_utf8(tmp_path):
    note = b"# What is a closure?\n\nA function\nwith \xff\xfe bytes\nthat keeps its scope.\n"
    result = build_with(tmp_path, {"damaged.md": note})
    expected = "damaged.md:4: invalid UTF-8 bytes on line 4 shown as \ufffd (re-save the file as UTF-8)"
    assert expected in warnings_of(result)
    assert "with \ufffd bytes" in answer_text(card(result, "What is a closure?"))


@pytest.mark.parametrize(
    ("encode", "detected"),
    [
        (lambda text: text.encode("gbk"), "GB18030/GBK"),
        (lambda text: text.encode("utf-16"), "UTF-16 with BOM"),
        (lambda text: codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode(), "UTF-8 with BOM"),
    ],
    ids=["gbk", "utf16", "utf8-bom-crlf"],
)
def test_legacy_encodings_build_their_cards(tmp_path, encode, detected):
    note = "# 什么是闭包？\n\n内部函数引用了外部函数的变量。\n"
    result = build_with(tmp_path, {"chinese.md": encode(note)})
    assert "内部函数引用了外部函数的变量" in answer_text(card(result, "什么是闭包？"))
    assert any(line.startswith(f"chinese.md:1: read as {detected}") for line in notes_of(result))
    assert warnings_of(result) == []


def test_an_undecodable_file_is_skipped_and_named(tmp_path):
    result = build_with(tmp_path, {"noise.md": UNDECODABLE_NOTE})
    expected = "noise.md:3: skipped: cannot decode as UTF-8 or GB18030/GBK (save it as UTF-8)"
    assert expected in warnings_of(result)
    assert result.failed_files == ("noise.md",)


def test_a_single_100000_character_line(tmp_path):
    line = " ".join(f"word{i} [link](https://example.com/{i}) `code{i}`" for i in range(2500))[:100_000]
    result = build_with(tmp_path, {"long.md": f"# What is on the long line?\n\n{line}\n"})
    assert len(answer_text(card(result, "What is on the long line?"))) > 50_000


def test_an_unclosed_code_fence(tmp_path):
    note = "# How do I print?\n\n```python\nprint('hi')\n\n# not a heading inside the fence\n"
    result = build_with(tmp_path, {"fence.md": note})
    fence_warnings = [w for w in warnings_of(result) if w.startswith("fence.md:3: ")]
    assert fence_warnings and "never closed" in fence_warnings[0], warnings_of(result)
    assert "not a heading inside the fence" in answer_text(card(result, "How do I print?"))


def test_a_heading_with_no_body_at_the_end_of_a_file(tmp_path):
    note = "# What is a list?\n\nA mutable sequence.\n\n## What is a set?\n"
    result = build_with(tmp_path, {"end.md": note})
    unanswered = [(str(item.location), item.question) for item in result.unanswered]
    assert unanswered == [("end.md:5", "What is a set?")]


def test_moderately_nested_lists_render_as_nested_lists(tmp_path):
    outline = "".join("    " * depth + f"- level {depth}\n" for depth in range(20))
    result = build_with(tmp_path, {"nested.md": f"# How deep does it go?\n\n{outline}"})
    answer = card(result, "How deep does it go?").answer_html
    assert answer.count("<ul>") == 20 and html_problems(answer) == []
    assert [w for w in warnings_of(result) if w.startswith("nested.md")] == []


def test_absurdly_nested_lists_become_text_with_a_warning(tmp_path):
    outline = "".join("  " * depth + f"- level {depth}\n" for depth in range(300))
    result = build_with(tmp_path, {"nested.md": f"# How deep does it go?\n\n{outline}"})
    assert (
        "nested.md:1: too much to format as Markdown (indented more than 128 columns): "
        "shown as plain text (flatten or shorten it)"
    ) in warnings_of(result)
    rendered = card(result, "How deep does it go?")
    assert "level 299" in answer_text(rendered) and html_problems(rendered.answer_html) == []


@pytest.mark.parametrize(
    ("unit", "reason"),
    [
        ("[x", "more than 500 '[' in one paragraph"),
        ("word *em* `c` ", "more than 2000 emphasis or code marks in one paragraph"),
        ("<a b=x ", "more than 1,000 tags that never close ('<' with no '>')"),
        ("a<b ", "more than 1,000 tags that never close ('<' with no '>')"),
    ],
    ids=["brackets", "emphasis-and-code", "unclosed-tags", "comparisons"],
)
def test_a_flood_of_markup_becomes_text_with_a_warning(tmp_path, unit, reason):
    result = build_with(tmp_path, {"flood.md": "# What is this?\n\n" + unit * 1_500 + "\n"})
    assert warnings_of(result) == [
        f"flood.md:1: too much to format as Markdown ({reason}): shown as plain text (flatten or shorten it)"
    ]
    assert answer_text(card(result, "What is this?")).count(unit.strip()) == 1_500


def test_a_table_with_ragged_rows(tmp_path):
    table = "| name | meaning |\n|---|---|\n| GIL | lock | extra | more |\n| short |\n"
    result = build_with(tmp_path, {"table.md": f"# What do the names mean?\n\n{table}"})
    assert (
        "table.md:1: a table row has 4 cells but its header 2 "
        "(the cells past 2 are not shown; add header cells)" in warnings_of(result)
    )
    answer = card(result, "What do the names mean?").answer_html
    assert "<table>" in answer and html_problems(answer) == []


ACTIVE_CONTENT = """\
# What does <script>alert('q')</script> do?

<script>alert('xss')</script>
<img src=x onerror="alert(1)">
<iframe src="https://example.com"></iframe>
[click me](javascript:alert(1)) and [also](JaVaScRiPt:alert(2)) and ![pic](javascript:alert(3))
<a href="javascript:alert(4)">raw link</a>
[data](data:text/html;base64,PHNjcmlwdD4=) <svg onload=alert(5)>
[named](javascript&colon;alert(6)) [numeric](javascript&#58;alert(7)) [tab](java&#09;script:alert(8))

```html
<script>alert('in code')</script>
```
"""


def test_html_and_script_in_notes_reach_no_card_field_as_active_content(tmp_path):
    result = build_with(tmp_path, {"xss.md": ACTIVE_CONTENT})
    assert len(result.notes) == 2
    for note in result.notes:
        for field, markup in note_fields(note).items():
            assert html_problems(markup) == [], (field, markup)
    rendered = next(n.rendered for n in result.notes if "alert('q')" in n.rendered.card.question)
    answer = rendered.answer_html
    assert "alert('xss')" not in answer and "<iframe" not in answer and "onerror" not in answer
    assert "<a>raw link</a>" in answer and "raw link" in answer_text(rendered)
    assert "onload" not in answer and "alert(5)" not in answer
    # Code shows its HTML as text.
    assert 'script</span><span class="p">&gt;</span>' in answer and "in code" in answer_text(rendered)


def test_a_file_the_parser_crashes_on_is_skipped_and_the_rest_builds(tmp_path, monkeypatch):
    real_parse = filework.parse_file

    def fragile_parse(source, *args, **kwargs):
        if source.name == "crash.md":
            raise RecursionError("maximum recursion depth exceeded")
        return real_parse(source, *args, **kwargs)

    monkeypatch.setattr(filework, "parse_file", fragile_parse)
    result = build_with(tmp_path, {"crash.md": "# Anything?\n\nyes\n"})
    assert warnings_of(result) == [
        (
            "crash.md:1: skipped: this file could not be parsed "
            "(RecursionError: maximum recursion depth exceeded) "
            "(the rest of the deck was built; please report this file)"
        )
    ]
    assert result.failed_files == ("crash.md",)


def test_an_empty_sources_folder_warns(tmp_path):
    result = run_pipeline(load_config(write_project(tmp_path, {}, sources="sources/**/*")))
    assert result.notes == ()
    assert warnings_of(result) == ["no notes found for sources/**/* (add .md or .txt notes)"]


BAD_INPUTS: dict[str, str | bytes] = {
    "bad/empty.md": "",
    "bad/blob.txt": bytes(range(256)) * 8,
    "bad/picture.png": b"\x89PNG\r\n\x1a\n" + bytes(64),
    "bad/photo.md": b"\xff\xd8\xff\xe0" + bytes(64),
    "bad/damaged.md": "# 损坏的文件？\n\n前面\n".encode() + b"\xff\xfe\n" + "后面\n".encode(),
    "bad/gbk.txt": "什么是GIL？\n\t全局解释器锁。\n".encode("gbk"),
    "bad/utf16.md": "# 什么是协程？\n\n用户态的轻量级线程。\n".encode("utf-16"),
    "bad/noise.md": UNDECODABLE_NOTE,
    "bad/long-line.md": "# What is on the long line?\n\n" + "long words " * 9_091 + "\n",
    "bad/fence.md": "# Unclosed fence?\n\n```python\nprint('never closed')\n",
    "bad/end.md": "# Has a body?\n\nyes\n\n## Has no body?\n",
    "bad/nested.md": "# Nested?\n\n" + "".join("  " * depth + f"- level {depth}\n" for depth in range(500)),
    "bad/table.md": "# Ragged?\n\n| a | b |\n|---|---|\n| 1 | 2 | 3 |\n| 4 |\n",
    "bad/xss.md": ACTIVE_CONTENT,
}


def test_the_users_notes_plus_every_bad_input_build_a_deck_anki_imports(tmp_path):
    from anki_helpers import import_deck, new_collection
    from click.testing import CliRunner
    from conftest import REPO

    from notes2anki.cli import main

    shutil.copytree(REPO / "sources", tmp_path / "sources")
    shutil.copy(REPO / "notes2anki.toml", tmp_path / "notes2anki.toml")
    config = tmp_path / "notes2anki.toml"
    recursive = config.read_text(encoding="utf-8").replace('"sources/*"', '"sources/**/*"')
    config.write_text(recursive, encoding="utf-8")
    for name, content in BAD_INPUTS.items():
        path = tmp_path / "sources" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    outcome = CliRunner().invoke(main, ["--config", str(config), "build"])
    assert outcome.exit_code == 0, outcome.output
    assert "Traceback" not in outcome.output
    warnings = [line for line in outcome.stderr.splitlines() if line.startswith("warning:")]
    warned_files = {line.split(":")[1].strip() for line in warnings}
    for expected in (
        "bad/empty.md",
        "bad/blob.txt",
        "bad/photo.md",
        "bad/damaged.md",
        "bad/noise.md",
        "bad/fence.md",
        "bad/nested.md",
        "bad/table.md",
    ):
        assert expected in warned_files, outcome.stderr

    result = run_pipeline(load_config(config))
    deck = next((tmp_path / "build").glob("*.apkg"))
    collection = new_collection(tmp_path / "anki")
    try:
        log = import_deck(collection, deck)
        assert len(log.new) == len(result.notes) > 150
        questions = {collection.get_note(note_id)["Question"] for note_id in collection.find_notes("")}
        built_from_bad_inputs = ("什么是GIL", "什么是协程", "Has a body", "Nested", "Ragged", "long line")
        for question in built_from_bad_inputs:
            assert any(question in field for field in questions), question
        for note_id in collection.find_notes(""):
            note = collection.get_note(note_id)
            for field in ("Question", "Answer", "Aliases", "Source"):
                assert html_problems(note[field]) == [], (field, note[field][:300])
    finally:
        collection.close()
