"""What a deck's images can do: none outside the project of the configuration in use travels, an SVG
with active content does not travel, and a remote image is reported and handled as configured."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from deck_rows import deck_notes

from notes2anki.cli import main

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d3c1c10000000049454e44ae426082"
)
CONFIG = """\
[deck]
name = "Media"
version = "0.1.0"
sources = ["notes/*"]
{extra}
[[topics]]
name = "Python"
signals = ["python"]
"""


def run(config: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(config), *args], env={"SOURCE_DATE_EPOCH": "1700000000"})


def shipped(apkg: Path) -> list[bytes]:
    with zipfile.ZipFile(apkg) as archive:
        return [archive.read(name) for name in archive.namelist() if name.isdigit()]


def project(root: Path, note: str, config_name: str = "notes2anki.toml", extra: str = "") -> Path:
    (root / "notes").mkdir(parents=True)
    (root / "notes" / "n.md").write_text(note, "utf-8")
    config = root / config_name
    config.write_text(CONFIG.format(extra=extra), "utf-8")
    return config


def test_the_project_is_the_folder_of_the_configuration_in_use(tmp_path):
    """A notes2anki.toml above --config other.toml does not widen the project to its folder."""
    outer = tmp_path / "repo"
    outer.mkdir()
    (outer / "notes2anki.toml").write_text(CONFIG.format(extra=""), "utf-8")
    (outer / "outside.png").write_bytes(PNG)
    config = project(
        outer / "deck", "### What is python?\n\nA language.\n\n![x](../../outside.png)\n", "other.toml"
    )
    outcome = run(config, "build")
    assert outcome.exit_code == 0, outcome.output
    assert (
        f"image not shipped: ../../outside.png is outside the project folder {config.parent.resolve()}"
        in (outcome.output)
    )
    assert shipped(config.parent / "build" / "media-0.1.0.apkg") == []


CLEAN_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><defs><path id="a" d="M0 0h4"/></defs><use href="#a"/><style>.x{fill:url(#a)}</style></svg>'
ACTIVE_SVGS = {
    "script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "handler": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
    "javascript-link": b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "foreign-object": b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://e.invalid"/></foreignObject></svg>',
    "animated-handler": b'<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>',
    "entities": b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
    "remote-style": b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://e.invalid/x.css);</style></svg>',
    "broken": b'<svg xmlns="http://www.w3.org/2000/svg"><rect onload="alert(1)"',
}


def test_an_svg_that_can_act_does_not_travel_and_a_clean_one_does(tmp_path):
    links = "\n\n".join(f"![{name}]({name}.svg)" for name in ["clean", *ACTIVE_SVGS])
    config = project(tmp_path / "project", f"### What is python?\n\nA language.\n\n{links}\n")
    (config.parent / "notes" / "clean.svg").write_bytes(CLEAN_SVG)
    for name, data in ACTIVE_SVGS.items():
        (config.parent / "notes" / f"{name}.svg").write_bytes(data)
    outcome = run(config, "build")
    assert outcome.exit_code == 0, outcome.output
    assert shipped(config.parent / "build" / "media-0.1.0.apkg") == [CLEAN_SVG]
    for index, name in enumerate(ACTIVE_SVGS):
        line = 7 + 2 * index  # each link a paragraph of its own, after the clean one on line 5
        assert f"n.md:{line}: image not shipped: {name}.svg is an SVG with active content" in outcome.output


REMOTE_NOTE = "### What is python?\n\nA language, drawn:\n\n![logo](https://example.com/t.png)\n"


LINKED = '<a class="remote-image" href="https://example.com/t.png">logo</a>'
IMAGE = "remote image https://example.com/t.png"


@pytest.mark.parametrize(
    ("choice", "on_card", "said"),
    [
        (
            "",
            LINKED,
            f"warning: n.md:1: {IMAGE}: shown as a link to it (choose with remote_images under [cards]",
        ),
        (
            '"link"',
            LINKED,
            f"note: n.md:1: {IMAGE}: shown as a link to it (or put the image beside the note)",
        ),
        ('"drop"', "", f"note: n.md:1: {IMAGE}: dropped from the card"),
        (
            '"keep"',
            'src="https://example.com/t.png"',
            f"note: n.md:1: {IMAGE}: loaded from the network on every review",
        ),
    ],
)
def test_a_remote_image_is_reported_and_handled_as_configured_in_deck_and_preview(
    tmp_path, choice, on_card, said
):
    extra = f"[cards]\nremote_images = {choice}\n" if choice else ""
    config = project(tmp_path / "project", REMOTE_NOTE, extra=extra)
    built = run(config, *(["-v"] if choice else []), "build")  # unchosen: a warning, shown without -v
    assert built.exit_code == 0, built.output
    assert said in built.output
    [note] = deck_notes(config.parent / "build" / "media-0.1.0.apkg", tmp_path)
    assert ("example.com" in note["Answer"]) == bool(on_card)
    assert on_card in note["Answer"]
    assert run(config, "preview").exit_code == 0
    page = (config.parent / "build" / "preview" / "index.html").read_text("utf-8")
    assert ("img-src data: https:" in page) == (choice == '"keep"')
    assert on_card in page and ("example.com/t.png" in page) == bool(on_card)


def test_an_unknown_remote_image_choice_is_refused(tmp_path):
    config = project(tmp_path / "project", REMOTE_NOTE, extra='[cards]\nremote_images = "fetch"\n')
    outcome = run(config, "build")
    assert outcome.exit_code == 2
    assert 'cards.remote_images must be one of "keep", "link", "drop", not \'fetch\'' in outcome.output
