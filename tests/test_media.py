"""Local images in notes travel with the deck as Anki media; missing ones are reported, and no other
file travels: not one outside the project, not one that is not an image, not one named in text."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from anki_helpers import import_deck, new_collection
from notes_project import run_cli, write_project
from parse_helpers import answer, note, parse, section, warnings

from notes2anki.image_links import IMAGE, image_target

# The smallest valid PNG: 1x1 transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d3c1c10000000049454e44ae426082"
)
# An image goes by its name and a hash of its content in the deck and in Anki's media folder.
HANDSHAKE = f"handshake-{hashlib.sha256(PNG).hexdigest()[:16]}.png"
DIAGRAM_NOTE = "\n### How does a TCP handshake look?\n\nThree packets:\n\n![handshake](img/handshake.png)\n"
MISSING_NOTE = "\n### Where is the diagram?\n\nSee below.\n\n![gone](C:\\Users\\me\\gone.png)\n"


def test_local_image_is_packaged_and_shown_by_anki(tmp_path):
    root = write_project(tmp_path / "project")
    (root / "notes" / "img").mkdir()
    (root / "notes" / "img" / "handshake.png").write_bytes(PNG)
    with (root / "notes" / "basics.md").open("a", encoding="utf-8") as notes:
        notes.write(DIAGRAM_NOTE + MISSING_NOTE)

    result = run_cli(root, "build", epoch=1_700_000_000)
    assert result.exit_code == 0, result.output
    assert "basics.md:" in result.output and "gone.png" in result.output

    apkg = next((root / "build").glob("*.apkg"))
    with zipfile.ZipFile(apkg) as archive:
        assert f'"{HANDSHAKE}"' in archive.read("media").decode()
        assert PNG in [archive.read(name) for name in archive.namelist() if name.isdigit()]

    collection = new_collection(tmp_path / "anki")
    try:
        import_deck(collection, apkg)
        assert (Path(collection.media.dir()) / HANDSHAKE).read_bytes() == PNG
        [note_id] = collection.find_notes('"Question:*TCP handshake*"')
        answer = collection.get_note(note_id)["Answer"]
        assert f'src="{HANDSHAKE}"' in answer
        [missing_id] = collection.find_notes('"Question:*diagram*"')
        assert "<img" not in collection.get_note(missing_id)["Answer"]
    finally:
        collection.close()


def test_two_images_of_one_name_in_two_folders_each_arrive_in_anki_as_itself(tmp_path):
    root = write_project(tmp_path / "project")
    config = root / "notes2anki.toml"
    config.write_text(config.read_text("utf-8").replace('"notes/*.md"', '"notes/**/*.md"'), "utf-8")
    pictures = {"a": PNG, "b": PNG.replace(b"\xa5\xd3", b"\xa5\xd4")}  # another picture, same name
    for folder, content in pictures.items():
        (root / "notes" / folder).mkdir()
        (root / "notes" / folder / "pic.png").write_bytes(content)
        (root / "notes" / folder / "pic.md").write_text(
            f"### What does picture {folder} show?\n\n![{folder}](pic.png)\n", encoding="utf-8"
        )
    (root / "notes" / "a" / "again.md").write_text(
        "### And again?\n\nThe same picture, shown with other words:\n\n![a](pic.png)\n", encoding="utf-8"
    )
    result = run_cli(root, "build", epoch=1_700_000_000)
    assert result.exit_code == 0, result.output
    apkg = next((root / "build").glob("*.apkg"))
    names = {
        folder: f"pic-{hashlib.sha256(content).hexdigest()[:16]}.png" for folder, content in pictures.items()
    }
    with zipfile.ZipFile(apkg) as archive:
        assert sorted(json.loads(archive.read("media")).values()) == sorted(names.values())  # a's once
    collection = new_collection(tmp_path / "anki")
    try:
        import_deck(collection, apkg)
        for folder, content in pictures.items():
            [note_id] = collection.find_notes(f'"Question:*picture {folder}*"')
            assert f'src="{names[folder]}"' in collection.get_note(note_id)["Answer"]
            assert (Path(collection.media.dir()) / names[folder]).read_bytes() == content
    finally:
        collection.close()


def test_images_are_found_on_a_line_of_unclosed_image_openers():
    """Thousands of "![" that never close are text: the images around them still count, image syntax in
    a code span is text, and an <img> tag is an image (its src, however quoted)."""
    line = (
        "![a](x.png) "
        + "![" * 2000
        + ' ![b](y.png) `![c](z.png)` <img src="w.png"> <IMG alt=v src=v.png> '
        + "<img src=" * 2000
        + "![" * 2000
    )
    targets = [image_target(match) for match in IMAGE.finditer(line)]
    assert targets == ["x.png", "y.png", None, "w.png", "v.png"]


SECRET = "SECRET-TOKEN-123"
LEAKS_NOTE = """
### Which files does the deck carry?

Shipped: ![handshake](img/handshake.png)
Outside: ![secret](../../secret.txt) and ![absolute]({secret})
Config: ![cfg](../notes2anki.toml)
Renamed: ![fake](img/fake.png)
Raw HTML: <img src="{secret}"> and <img src="/etc/hostname">
"""


def line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


def test_only_image_files_inside_the_project_are_packed(tmp_path):
    """Decks are shared: a link to a file outside the project or to a file that is not an image, by
    Markdown or by an <img> tag, never puts that file in the .apkg, and each link dropped is reported."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    root = write_project(tmp_path / "project")
    (root / "notes" / "img").mkdir()
    (root / "notes" / "img" / "handshake.png").write_bytes(PNG)
    (root / "notes" / "img" / "fake.png").write_text(SECRET, encoding="utf-8")
    basics = root / "notes" / "basics.md"
    with basics.open("a", encoding="utf-8") as notes:
        notes.write(LEAKS_NOTE.format(secret=secret))

    result = run_cli(root, "build", epoch=1_700_000_000)
    assert result.exit_code == 0, result.output
    outside, config, renamed, raw = (
        line_of(basics, text) for text in ("Outside:", "Config:", "Renamed:", "Raw HTML:")
    )
    project_folder = f"is outside the project folder {root.resolve()} ("
    for expected in (
        f"basics.md:{outside}: image not shipped: ../../secret.txt {project_folder}",
        f"basics.md:{outside}: image not shipped: {secret} {project_folder}",
        f"basics.md:{config}: image not shipped: ../notes2anki.toml is not an image file (",
        f"basics.md:{renamed}: image not shipped: img/fake.png is not an image file: its content is not PNG",
        f"basics.md:{raw}: image not shipped: {secret} {project_folder}",
        f"basics.md:{raw}: image not shipped: /etc/hostname {project_folder}",
    ):
        assert expected in result.output

    with zipfile.ZipFile(next((root / "build").glob("*.apkg"))) as archive:
        assert json.loads(archive.read("media")) == {"0": HANDSHAKE}
        packed = b"".join(archive.read(name) for name in archive.namelist())
    assert SECRET.encode() not in packed and b"fuzzy_threshold" not in packed

    assert run_cli(root, "export", str(tmp_path / "cards.json"), epoch=1_700_000_000).exit_code == 0
    cards = json.loads((tmp_path / "cards.json").read_text("utf-8"))["cards"]
    [shown] = [card["answer_html"] for card in cards if "files" in card["question"]]
    assert "Raw HTML:  and" in shown and str(secret) not in shown and "hostname" not in shown
    assert shown.count("<img") == 1 and f'src="{HANDSHAKE}"' in shown


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'
IMAGES = {
    "diagram.png": PNG,
    "photo.JPG": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "photo-saved-as.png": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",  # browsers show a JPEG by its content
    "anim.gif": b"GIF89a\x01\x00\x01\x00",
    "modern.webp": b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    "old.bmp": b"BM\x3a\x00\x00\x00",
    "drawing.svg": SVG,
    "exported.svg": b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>\n' + SVG,
}
NOT_IMAGES = {
    "notes.txt": (b"\x89PNG\r\n\x1a\n", "is not an image file (dropped from the card; link an image: .png,"),
    "secret.png": (SECRET.encode(), "is not an image file: its content is not PNG (dropped from the card;"),
    "script.svg": (b"alert(1)", "is not an image file: its content is not SVG"),
    "pixel.svg": (PNG, "is not an image file: its content is not SVG"),
    "empty.gif": (b"", "is not an image file: its content is not GIF"),
}


def project_note(root: Path, *lines: str):
    """A note in notes/ of a project at ``root``, parsed."""
    (root / "notes2anki.toml").write_text('[deck]\nname = "Images"\n', encoding="utf-8")
    (root / "notes").mkdir(exist_ok=True)
    return parse(note(*lines), name="n.md", folder=root / "notes", project=root.resolve())


@pytest.mark.parametrize(("name", "content"), IMAGES.items(), ids=IMAGES)
def test_an_image_anywhere_in_the_project_is_shipped(tmp_path, name, content):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / name).write_bytes(content)
    parsed = project_note(tmp_path, "### Q", f"![picture](../img/{name})")
    assert section(parsed, "Q").media == ((tmp_path / "img" / name).resolve(),)
    assert answer(parsed, "Q") == f"![picture]({name})" and warnings(parsed) == []


@pytest.mark.parametrize(
    ("name", "content", "reason"), [(name, *why) for name, why in NOT_IMAGES.items()], ids=NOT_IMAGES
)
def test_a_file_that_is_not_an_image_is_not_shipped_and_says_why(tmp_path, name, content, reason):
    (tmp_path / "notes" / "img").mkdir(parents=True)
    (tmp_path / "notes" / "img" / name).write_bytes(content)
    parsed = project_note(tmp_path, "### Q", "See:", f"![picture](img/{name})")
    assert section(parsed, "Q").media == () and answer(parsed, "Q") == "See:"
    [warning] = warnings(parsed)
    assert warning.startswith(f"n.md:3: image not shipped: img/{name} {reason}")


def test_an_image_outside_the_project_is_not_shipped(tmp_path):
    """The project is the folder of notes2anki.toml: an image above it, or linked by an absolute
    path outside it, stays on the author's disk, even through a link inside the project."""
    outside = tmp_path / "outside.png"
    outside.write_bytes(PNG)
    root = tmp_path / "project"
    (root / "img").mkdir(parents=True)
    (root / "img" / "link.png").symlink_to(outside)
    links = ("../../outside.png", str(outside), "../img/link.png")
    parsed = project_note(root, "### Q", *(f"![picture]({link})" for link in links), "kept")
    assert section(parsed, "Q").media == () and answer(parsed, "Q") == "kept"
    assert [warning.split(" (")[0] for warning in warnings(parsed)] == [
        f"n.md:{line}: image not shipped: {link} is outside the project folder {root.resolve()}"
        for line, link in enumerate(links, start=2)
    ]


def test_a_note_in_no_project_ships_only_images_in_its_own_folder(tmp_path):
    notes = tmp_path / "notes"
    (notes / "img").mkdir(parents=True)
    (notes / "img" / "inside.png").write_bytes(PNG)
    (tmp_path / "above.png").write_bytes(PNG)
    parsed = parse(note("### Q", "![in](img/inside.png)", "![up](../above.png)"), name="n.md", folder=notes)
    assert section(parsed, "Q").media == ((notes / "img" / "inside.png").resolve(),)
    [warning] = warnings(parsed)
    folder = f"is outside the project folder {notes.resolve()} ("
    assert warning.startswith(f"n.md:3: image not shipped: ../above.png {folder}")


def test_image_syntax_shown_as_text_ships_nothing_and_stays_as_written(tmp_path):
    """Code spans and code blocks are shown as text on the card: a path in them names no file to ship,
    and the text is not rewritten."""
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "x.png").write_bytes(PNG)
    shown_as_text = (
        'Write `<img src="img/x.png">` or `<img src="/etc/hostname">`',
        "Write `![x](img/x.png)` to show it.",
        "",
        "    html = '![x](img/x.png)'",
        "    print(html)",
    )
    parsed = project_note(tmp_path, "### Q", *shown_as_text)
    assert section(parsed, "Q").media == () and warnings(parsed) == []
    assert [block.text for block in section(parsed, "Q").answer] == [
        "\n".join(shown_as_text[:2]),
        "html = '![x](img/x.png)'\nprint(html)",
    ]


def test_an_image_on_the_front_of_a_card_is_shipped(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "code.png").write_bytes(PNG)
    parsed = project_note(tmp_path, "### Quiz", "Q: What does this print?", "![code](code.png)", "A: 42")
    assert section(parsed, "What does this print?").media == ((tmp_path / "notes" / "code.png").resolve(),)
