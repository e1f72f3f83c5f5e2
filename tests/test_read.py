"""Discovering and decoding note files: encodings, line endings, files that are not notes."""

from __future__ import annotations

import codecs
import errno
import glob
import os
import pickle
from pathlib import Path

import pytest

from notes2anki.errors import SourcesError
from notes2anki.model import Level
from notes2anki.read.decode import SNIFF_BYTES, decode_bytes, normalize_newlines
from notes2anki.read.discover import discover
from notes2anki.read.files import read_file, read_sources

NOTE = (
    "# 什么是GIL？\r\n全局解释器锁。\r\n\r\n## What is a closure?\r\nA function with its free variables.\r\n"
)
EXPECTED = NOTE.replace("\r\n", "\n")


def read_bytes(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return read_file(path, name)


def messages(outcome, level=Level.WARNING) -> list[str]:
    return [str(problem) for problem in outcome.problems if problem.level is level]


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (NOTE.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + NOTE.encode("utf-8"), "UTF-8 with BOM"),
        (NOTE.encode("gbk"), "GB18030/GBK"),
        (NOTE.encode("gb18030"), "GB18030/GBK"),
        (NOTE.encode("utf-16"), "UTF-16 with BOM"),
        (codecs.BOM_UTF16_BE + NOTE.encode("utf-16-be"), "UTF-16 with BOM"),
        (NOTE.encode("utf-32"), "UTF-32 with BOM"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16-le-bom", "utf16-be-bom", "utf32"],
)
def test_each_encoding_decodes_to_the_same_text_and_says_what_it_found(tmp_path, data, label):
    outcome = read_bytes(tmp_path, "note.md", data)
    assert outcome.source is not None
    assert outcome.source.text == EXPECTED
    assert messages(outcome) == []
    assert messages(outcome, Level.NOTE) == [f"note.md:1: read as {label}, CRLF line endings"]


def test_utf16_without_bom_is_recognised_by_its_nul_bytes(tmp_path):
    outcome = read_bytes(tmp_path, "note.txt", "What is a GIL?\nA lock.\n".encode("utf-16-le"))
    assert outcome.source.text == "What is a GIL?\nA lock.\n"
    assert "UTF-16-LE without BOM" in messages(outcome, Level.NOTE)[0]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_chinese_utf16_without_bom_is_recognised_by_the_nuls_of_its_line_ends(tmp_path, encoding):
    chinese = "# 什么是闭包？\n\n内部函数引用了外部函数的变量。\n\n# 什么是协程？\n\n用户态的轻量级线程。\n"
    outcome = read_bytes(tmp_path, "note.md", chinese.encode(encoding))
    assert outcome.source.text == chinese
    assert messages(outcome) == []
    label = f"{encoding.upper()} without BOM"
    assert messages(outcome, Level.NOTE) == [f"note.md:1: read as {label}, LF line endings"]


def test_stray_nuls_are_removed_from_the_text_and_reported_with_their_lines(tmp_path):
    data = "# 什么是GIL？\n全局解释器锁\x00。\n\n## What is a closure?\n\x00A function.\n".encode()
    outcome = read_bytes(tmp_path, "note.md", data)
    assert outcome.source.text == "# 什么是GIL？\n全局解释器锁。\n\n## What is a closure?\nA function.\n"
    assert messages(outcome) == ["note.md:2: NUL bytes on lines 2, 5 removed (delete them from the file)"]


def test_a_nul_past_the_start_the_binary_test_looks_at_is_removed_too(tmp_path):
    answer = "全局解释器锁。" * (SNIFF_BYTES // 10)
    outcome = read_bytes(tmp_path, "note.md", f"# 什么是GIL？\n{answer}\n\x00\n".encode())
    assert outcome.source.text == f"# 什么是GIL？\n{answer}\n\n"
    assert messages(outcome) == ["note.md:3: NUL bytes on line 3 removed (delete them from the file)"]


def test_a_stray_nul_after_a_line_end_does_not_make_utf8_read_as_utf16(tmp_path):
    data = "# 什么是 GIL?\n".encode() + b"\x00" + "全局解释器锁。\n\n## 下一个？\n答案。\n\n".encode()
    assert data.index(b"\x00") % 2 == 1 and len(data) % 2 == 0  # where UTF-16-LE has its NULs
    outcome = read_bytes(tmp_path, "note.md", data)
    assert outcome.source.encoding == "utf-8"
    assert outcome.source.text == "# 什么是 GIL?\n全局解释器锁。\n\n## 下一个？\n答案。\n\n"


@pytest.mark.parametrize(
    ("text", "style"),
    [("a\nb\n", "LF"), ("a\r\nb\r\n", "CRLF"), ("a\rb\r", "CR"), ("a\r\nb\n", "mixed CRLF/LF"), ("ab", "no")],
)
def test_line_endings_become_lf_and_are_named(text, style):
    normalized, found = normalize_newlines(text)
    assert normalized == text.replace("\r\n", "\n").replace("\r", "\n")
    assert found == style


def test_invalid_bytes_inside_utf8_are_replaced_and_reported_with_their_lines(tmp_path):
    data = "# 问题？\n答案一\n".encode() + b"bad \xff\xfe bytes\n" + "# 下一个？\n答案\n".encode() + b"\xc3\n"
    outcome = read_bytes(tmp_path, "note.md", data)
    assert outcome.source.text == "# 问题？\n答案一\nbad \ufffd bytes\n# 下一个？\n答案\n\ufffd\n"
    assert messages(outcome) == [
        "note.md:3: invalid UTF-8 bytes on lines 3, 6 shown as \ufffd (re-save the file as UTF-8)"
    ]
    assert not outcome.unreadable


def test_a_utf8_character_cut_in_half_is_not_mistaken_for_gbk(tmp_path):
    data = "# 问题？\n这是一个很长的答案。\n".encode() + "中".encode()[:2] + b"\n"
    outcome = read_bytes(tmp_path, "note.md", data)
    assert outcome.source.encoding == "utf-8"
    assert "这是一个很长的答案" in outcome.source.text
    assert messages(outcome) == [
        "note.md:3: invalid UTF-8 bytes on line 3 shown as \ufffd (re-save the file as UTF-8)"
    ]


def test_damaged_bytes_in_a_gbk_file_are_replaced_and_reported_with_their_line(tmp_path):
    gbk = "# 什么是闭包？\n\n内部函数引用了外部函数的变量。\n\n# 第二个问题？\n\n第二个答案。\n".encode("gbk")
    outcome = read_bytes(tmp_path, "gbk.md", gbk[:30] + b"\xff\xff" + gbk[30:])
    assert outcome.source.encoding == "gb18030"
    assert (
        outcome.source.text
        == "# 什么是闭包？\n\n内部函数引用了\ufffd外部函数的变量。\n\n# 第二个问题？\n\n第二个答案。\n"
    )
    assert messages(outcome) == [
        "gbk.md:3: invalid GB18030/GBK bytes on line 3 shown as \ufffd (re-save the file as UTF-8)"
    ]


def test_a_short_gbk_file_is_gbk_though_some_of_its_byte_pairs_are_valid_utf8():
    text = "什么是协程？\n\t用户态线程。\n"
    decoded = decode_bytes(text.encode("gbk"), "g.txt")
    assert (decoded.text, decoded.problems) == (text, ())


# Bytes that are text in no encoding: neither UTF-8, nor GB18030, nor Western letters in words.
UNDECODABLE = b"Question?\nA " + b"\x80\x81" * 20 + b"\n"


def test_a_file_in_no_known_encoding_is_skipped_with_a_warning(tmp_path):
    outcome = read_bytes(tmp_path, "noise.txt", UNDECODABLE * 3)
    assert outcome.source is None and outcome.unreadable
    assert messages(outcome) == [
        "noise.txt:2: skipped: cannot decode as UTF-8 or GB18030/GBK (save it as UTF-8)"
    ]


@pytest.mark.parametrize(
    ("text", "codec", "found"),
    [
        ("# 什麼是閉包？\n\n閉包是內部函數引用了外部函數的變數。\n", "big5", "big5"),
        ("# クロージャとは何ですか？\n\n内側の関数が外側の変数を参照する。\n", "shift_jis", "cp932"),
        ("Question?\nA café résumé: naïve façade, déjà vu — “crème brûlée”.\n", "cp1252", "cp1252"),
        ("Question?\nA café résumé naïve façade.\n", "latin-1", "cp1252"),
    ],
    ids=["big5", "shift-jis", "cp1252", "latin-1"],
)
def test_a_note_in_another_legacy_encoding_is_decoded_and_named(tmp_path, text, codec, found):
    outcome = read_bytes(tmp_path, "note.md", text.encode(codec))
    assert outcome.source is not None and outcome.source.text == text
    assert messages(outcome) == []
    assert messages(outcome, Level.NOTE) == [f"note.md:1: read as {found} (detected), LF line endings"]


def test_gbk_notes_stay_gbk_and_stray_bytes_in_english_stay_replaced(tmp_path):
    chinese = "# 什么是闭包？\n\n闭包是内部函数引用了外部函数的变量，例如GIL锁。\n"
    assert read_bytes(tmp_path, "gbk.md", chinese.encode("gbk")).source.text == chinese
    stray = read_bytes(tmp_path, "stray.md", b"# Q?\n\nwith \xff\xfe bytes\n")
    assert stray.source.text == "# Q?\n\nwith \ufffd bytes\n"


def test_a_damaged_utf16_file_is_skipped_with_its_line(tmp_path):
    data = "Q?\nA\nmore\n".encode("utf-16") + b"\x00\xd8"  # a lone high surrogate at the end
    outcome = read_bytes(tmp_path, "note.md", data)
    assert outcome.source is None and outcome.unreadable
    expected = "note.md:4: skipped: looks like UTF-16 with BOM but holds invalid bytes"
    assert messages(outcome)[0].startswith(expected)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "a PNG image"),
        (b"\xff\xd8\xff\xe0" + bytes(64), "a JPEG image"),
        (b"%PDF-1.7\n" + bytes(64), "a PDF document"),
        (bytes(range(256)) * 4, "a binary file"),
        (b"text\x01\x02\x03\x04\x05\x06" * 20, "a binary file"),
        (b"SQLite format 3\x00" + bytes(100), "an SQLite database"),
        (bytes(4096), "a binary file"),
        (
            pickle.dumps({"什么是GIL？": "全局解释器锁。", "What is a closure?": "A function."}),
            "a binary file",
        ),
    ],
    ids=["png", "jpeg", "pdf", "all-bytes", "control-characters", "sqlite", "all-nuls", "pickle"],
)
def test_binary_content_under_a_notes_name_is_skipped_with_a_warning(tmp_path, data, kind):
    outcome = read_bytes(tmp_path, "notes.md", data)
    assert outcome.source is None and outcome.unreadable  # its cards, if it had any, are missing
    assert messages(outcome) == [f"notes.md:1: skipped: {kind}, not text"]


@pytest.mark.parametrize("name", ["diagram.png", "photo.JPG", "logo.svg"])
def test_images_are_skipped_with_a_note_not_a_warning(tmp_path, name):
    outcome = read_bytes(tmp_path, name, b"\x89PNG\r\n\x1a\n")
    assert outcome.source is None
    assert messages(outcome) == []
    suffix = Path(name).suffix.lower()
    assert messages(outcome, Level.NOTE) == [f"{name}:1: skipped: image ({suffix}), not a notes file"]


def test_other_file_types_and_hidden_files_are_skipped_with_a_note(tmp_path):
    assert "not a notes file" in messages(read_bytes(tmp_path, "a.docx", b"PK\x03\x04"), Level.NOTE)[0]
    assert messages(read_bytes(tmp_path, ".DS_Store", b"\x00\x00\x00\x01Bud1"), Level.NOTE) == [
        ".DS_Store:1: skipped: hidden file, not notes"
    ]


@pytest.mark.parametrize("data", [b"", b"  \n\n\t\n", codecs.BOM_UTF8, "\n".encode("utf-16")])
def test_an_empty_file_is_a_warning_not_a_source(tmp_path, data):
    outcome = read_bytes(tmp_path, "empty.md", data)
    assert outcome.source is None and outcome.unreadable
    assert messages(outcome) == ["empty.md:1: empty file: no notes in it (write some or delete it)"]


def test_read_sources_keeps_the_good_files_and_lists_the_unreadable_ones(tmp_path):
    sources = tmp_path / "sources"
    (sources / "deeper").mkdir(parents=True)
    (sources / "good.md").write_text("# Q?\nA\n", encoding="utf-8")
    (sources / "deeper" / "gbk.txt").write_bytes("问题？\n\t答案\n".encode("gbk"))
    (sources / "broken.txt").write_bytes(UNDECODABLE * 3)
    (sources / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = read_sources(tmp_path, ("sources/**/*",))
    assert [source.name for source in result.files] == ["deeper/gbk.txt", "good.md"]
    assert result.unreadable == ("broken.txt",)
    warnings = [str(d) for d in result.diagnostics if d.level is Level.WARNING]
    assert warnings == ["broken.txt:2: skipped: cannot decode as UTF-8 or GB18030/GBK (save it as UTF-8)"]


def test_links_to_nothing_link_loops_and_pipes_are_skipped_with_a_warning(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "good.md").write_text("# Q?\nA\n", encoding="utf-8")
    (sources / "dangling.md").symlink_to(sources / "nowhere.md")
    (sources / "loop1").symlink_to(sources / "loop2")
    (sources / "loop2").symlink_to(sources / "loop1")
    os.mkfifo(sources / "pipe.md")  # reading it would wait for a writer forever
    (sources / ".#good.md").symlink_to("root@host.1234")  # an editor's lock
    result = read_sources(tmp_path, ("sources/*",))
    assert [source.name for source in result.files] == ["good.md"]
    assert [str(d) for d in result.diagnostics if d.level is Level.WARNING] == [
        "dangling.md:1: skipped: a link to a file that is not there",
        "loop1:1: skipped: a symbolic link in a loop",
        "loop2:1: skipped: a symbolic link in a loop",
        "pipe.md:1: skipped: not a regular file (a pipe, socket or device)",
    ]


def test_files_of_one_name_from_two_globs_are_both_read_by_their_paths_in_the_project(tmp_path):
    for path in ("a/notes.md", "b/notes.md", "c/a/notes.md", "c/other.md"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(f"# What is in {path}?\nAn answer.\n", encoding="utf-8")
    result = read_sources(tmp_path, ("a/*", "b/*", "c/**/*"))
    # c/a/notes.md is "a/notes.md" in c/, the name a/notes.md takes when it has to give up "notes.md"
    assert {source.name: source.path for source in result.files} == {
        "a/notes.md": tmp_path / "a/notes.md",
        "b/notes.md": tmp_path / "b/notes.md",
        "c/a/notes.md": tmp_path / "c/a/notes.md",
        "other.md": tmp_path / "c/other.md",
    }


def test_a_file_two_globs_match_is_read_once_by_the_first_globs_name(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "notes.md").write_text("# Q?\nA\n", encoding="utf-8")
    result = read_sources(tmp_path, ("sources/*", "**/*.md"))
    assert [source.name for source in result.files] == ["notes.md"]


def test_the_tools_own_files_are_never_notes(tmp_path):
    own = [
        "notes2anki.toml",
        "notes2anki.lock",
        "CHANGELOG.md",
        "build/interview-notes-0.2.0.apkg",
        "build/interview-notes-0.2.0.apkg.sha256",
        "build/.cache/files/notes",
        "build/preview/index.md",
        "old-decks/interview-notes-0.1.0.apkg",
    ]
    notes = ["README.md", "sources/build/make.md", "sources/good.md"]
    for name in own + notes:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# Q?\nA\n", encoding="utf-8")
    assert list(discover(tmp_path, ("**/*",))) == notes
    result = read_sources(tmp_path, ("**/*",))
    assert [source.name for source in result.files] == notes
    assert result.diagnostics == tuple(d for d in result.diagnostics if d.level is Level.NOTE)


def deny_listing(monkeypatch, folder: Path) -> None:
    """Listing ``folder`` fails as it does for a folder without read permission (a chmod would not
    do: tests may run as root, who can list any folder)."""
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == folder:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    # Python 3.13's pathlib globs through a scandir it took from os at import.
    string_globber = getattr(glob, "_StringGlobber", None)
    if string_globber is not None:
        monkeypatch.setattr(string_globber, "scandir", staticmethod(scandir))


@pytest.mark.parametrize(
    ("denied", "name", "files"),
    [("sources/private", "private/", ["good.md"]), ("sources", "sources/", [])],
    ids=["inside", "sources"],
)
def test_a_folder_that_cannot_be_read_is_named_in_a_warning(tmp_path, monkeypatch, denied, name, files):
    (tmp_path / "sources" / "private").mkdir(parents=True)
    (tmp_path / "sources" / "good.md").write_text("# Q?\nA\n", encoding="utf-8")
    (tmp_path / "sources" / "private" / "p.md").write_text("# Private Q?\nA\n", encoding="utf-8")
    deny_listing(monkeypatch, tmp_path / denied)
    result = read_sources(tmp_path, ("sources/**/*",))
    assert [source.name for source in result.files] == files
    assert [str(d) for d in result.diagnostics if d.level is Level.WARNING] == [
        (
            f"{name}: skipped: cannot read the folder (Permission denied): its notes are left out"
            " (make it readable)"
        )
    ]
    assert result.unreadable == (name,)


def test_a_missing_sources_folder_is_an_error_naming_it(tmp_path):
    with pytest.raises(SourcesError, match=r"sources folder not found: .*sources \(create it"):
        read_sources(tmp_path, ("sources/*",))


def test_an_empty_sources_folder_reads_as_no_files(tmp_path):
    (tmp_path / "sources").mkdir()
    result = read_sources(tmp_path, ("sources/*",))
    assert result.files == () and result.diagnostics == ()


def test_many_damaged_lines_are_summarised_not_listed_one_by_one():
    data = ("第一行\n".encode() + b"\xff\n") * 1000
    decoded = decode_bytes(data, "big.md")
    assert decoded.text.count("\ufffd") == 1000
    assert decoded.problems[0].message.startswith("invalid UTF-8 bytes on lines 2, 4, 6, 8, 10 and 995 more")


@pytest.mark.parametrize(
    ("text", "codec", "found"),
    [
        ("### What is Python’s GIL?\n\nIt’s the global interpreter lock.\n", "cp1252", "cp1252"),
        ("GIL的CPU\n", "gbk", "gb18030"),
        ("# 什么是闭包？\n\n闭包引用了外部函数的变量，例如GIL锁。\n", "gbk", "gb18030"),
    ],
    ids=["curly-apostrophes", "one-chinese-character", "chinese"],
)
def test_curly_quotes_are_not_chinese_and_a_little_chinese_stays_gbk(tmp_path, text, codec, found):
    outcome = read_bytes(tmp_path, "note.md", text.encode(codec))
    assert outcome.source is not None and outcome.source.text == text and outcome.source.encoding == found
