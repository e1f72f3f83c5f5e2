"""Local images in notes travel with the deck as Anki media; missing ones are reported."""

from __future__ import annotations

import zipfile
from pathlib import Path

from anki_helpers import import_deck, new_collection
from notes_project import run_cli, write_project

# The smallest valid PNG: 1x1 transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d3c1c10000000049454e44ae426082"
)
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
        assert '"handshake.png"' in archive.read("media").decode()
        assert PNG in [archive.read(name) for name in archive.namelist() if name.isdigit()]

    collection = new_collection(tmp_path / "anki")
    try:
        import_deck(collection, apkg)
        assert (Path(collection.media.dir()) / "handshake.png").read_bytes() == PNG
        [note_id] = collection.find_notes('"Question:*TCP handshake*"')
        answer = collection.get_note(note_id)["Answer"]
        assert 'src="handshake.png"' in answer
        [missing_id] = collection.find_notes('"Question:*diagram*"')
        assert "<img" not in collection.get_note(missing_id)["Answer"]
    finally:
        collection.close()


def test_images_are_found_on_a_line_of_unclosed_image_openers():
    """Thousands of "![" or "<img" that never close are text: the images around them still count,
    and an <img> without a source is left as it is."""
    from notes2anki.parse.body import IMAGE, image_target

    line = '![a](x.png) <img alt="no source"> ' + "![" * 2000 + ' <img src="y.png"> ' + '<img src="z" ' * 2000
    assert [image_target(match) for match in IMAGE.finditer(line)] == ["x.png", None, "y.png"]
