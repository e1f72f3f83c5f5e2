"""Raw HTML in Markdown notes shows as HTML: layout and images kept (images shipped as any image is),
nothing that acts, and text meant as text ("List<String>", "a<b") shown as written."""

from __future__ import annotations

import hashlib
import html
import json
import re
import zipfile

import pytest
from anki_helpers import import_deck, new_collection
from deck_rows import deck_notes
from hostile_project import run, write_notes_project
from html_checks import html_problems
from parse_helpers import answer, note, parse, unanswered, warnings

from notes2anki.image_links import IMAGE, image_target
from notes2anki.model import Block, BlockKind
from notes2anki.parse.body import shows_nothing
from notes2anki.render.cards import render_block
from notes2anki.render.raw_html import is_html_name, text_meant_as_text

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d3c1c10000000049454e44ae426082"
)
FLOW = f"flow-{hashlib.sha256(PNG).hexdigest()[:16]}.png"


def shown(markdown: str) -> str:
    return render_block(Block(BlockKind.MARKDOWN, markdown))


def visible_text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


@pytest.mark.parametrize(
    ("note", "card"),
    [
        ('<div align="center"><img src="flow.png" width="300"></div>', None),
        ("Line one<br>line two", "<p>Line one<br>line two</p>"),
        ("A <b>bold</b> and <code>x = 1</code> word", None),
        ('<p align="center">Centred</p>', None),
        (
            "<table><tr><th>GIL</th><td>one thread at a time</td></tr></table>",
            "<table><tbody><tr><th>GIL</th><td>one thread at a time</td></tr></tbody></table>",
        ),
        ("<details><summary>Why?</summary>Because.</details>", None),
    ],
)
def test_layout_written_in_html_is_kept(note, card):
    assert shown(note) == (card or (note if note.startswith("<") else f"<p>{note}</p>"))


@pytest.mark.parametrize(
    ("note", "left"),
    [
        ("Before<script>alert('x')</script>after", "<p>Beforeafter</p>"),
        ("<style>body { display: none }</style>\n\nStyled?", "<p>Styled?</p>"),
        ('Framed?<iframe src="https://example.com/ad"></iframe>', "<p>Framed?</p>"),
        ('<b onclick="alert(1)" onmouseover="alert(2)">Press</b>', "<p><b>Press</b></p>"),
        ('<a href="javascript:alert(1)">link</a>', "<p><a>link</a></p>"),
        ('<a href="java&#09;script:alert(1)">tab</a>', "<p><a>tab</a></p>"),
        (
            'Search: <form action="https://example.com"><input name="q"><button>Go</button></form>',
            "<p>Search: </p>Go<p></p>",
        ),
        ('Plugin: <object data="x.swf">flash</object><embed src="x.swf">', "<p>Plugin: flash</p>"),
        ('<svg onload="alert(1)"></svg>Drawn', "<p>Drawn</p>"),
        ('<font color="red">重点</font>', "<p>重点</p>"),
        ('<p style="position: fixed; top: 0">Covering</p>', "<p>Covering</p>"),
        ('<img src="flow.png" onerror="alert(1)" style="width: 9999px">', '<p><img src="flow.png"></p>'),
    ],
)
def test_what_acts_is_removed_and_its_text_kept(note, left):
    card = shown(note)
    assert card.strip() == left
    assert html_problems(card) == []


@pytest.mark.parametrize(
    "text",
    [
        "A List<String> holds strings.",
        "a<b is a comparison",
        "Map<K,V> maps keys to values.",
        "x < y and y > z",
        "List<Object> and Optional<Map> are types, so is Pair<A, B>.",
        "if a<b && c>d then swap",
        "<T> is a type parameter, <?php echo 1; ?> is PHP.",
        "cp <source> <dest> and docker run <image>",
    ],
)
def test_text_meant_as_text_shows_as_written(text):
    card = shown(text)
    assert visible_text(card) == text, card
    assert "<String" not in card and "<Object" not in card


def test_html_in_code_shows_as_text():
    card = shown("Write `<b>bold</b>` for <b>bold</b>:\n\n- in a list:\n\n        <script>alert(1)</script>")
    assert "<code>&lt;b&gt;bold&lt;/b&gt;</code> for <b>bold</b>" in card
    assert "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>" in card
    fenced = render_block(Block(BlockKind.CODE, "<b>bold</b>\n<script>alert(1)</script>", "html"))
    assert "<b>" not in fenced and "<script" not in fenced
    assert visible_text(fenced) == "<b>bold</b>\n<script>alert(1)</script>"


def test_markdown_and_html_mix_in_one_answer():
    card = shown(
        "- **Strong** and <em>emphasis</em>\n- a <kbd>Ctrl</kbd> key\n\n| a | b |\n|:-|-:|\n| 1 | <br> |"
    )
    assert "<li><strong>Strong</strong> and <em>emphasis</em></li>" in card
    assert "<kbd>Ctrl</kbd>" in card
    assert '<td style="text-align:left">1</td>' in card and '<td style="text-align:right"><br></td>' in card


@pytest.mark.parametrize(
    ("name", "is_html"),
    [
        ("div", True),
        ("BR", True),
        ("h1", True),
        ("String", False),
        ("Object", False),
        ("B", False),
        ("K", False),
    ],
)
def test_only_html_names_written_as_html_are_tags(name, is_html):
    assert is_html_name(name) is is_html


def test_a_lone_angle_bracket_is_escaped_and_tags_are_not():
    assert text_meant_as_text("List<String> <b>x</b> <!-- c --> 1 <2") == (
        "List&lt;String> <b>x</b> <!-- c --> 1 &lt;2"
    )
    many = "<a " * 20_000  # one look from each "<" ends at the next: no quadratic time
    assert text_meant_as_text(many) == "&lt;a " * 20_000


RAW_IMAGES_NOTE = """\
### What does the python build look like?

<div align="center"><img src="img/flow.png" width="300" alt="build flow"></div>

<p align="center"><b>Figure 1</b><br>The <code>build</code> steps</p>

<img src='../../outside.png'> <img src="https://example.com/t.png" alt="logo">
<script>alert('deck')</script>
"""


def test_an_img_tag_ships_its_image_as_a_markdown_image_does_and_anki_shows_it(tmp_path):
    root = write_notes_project(tmp_path / "project", {"n.md": RAW_IMAGES_NOTE}, name="Raw")
    (root / "notes" / "img").mkdir()
    (root / "notes" / "img" / "flow.png").write_bytes(PNG)
    (tmp_path / "outside.png").write_bytes(PNG)
    built = run(root, "build")
    assert built.exit_code == 0, built.output
    assert "n.md:7: image not shipped: ../../outside.png is outside the project folder" in built.output
    assert "n.md:1: remote image https://example.com/t.png: shown as a link to it" in built.output
    apkg = root / "build" / "raw-0.1.0.apkg"
    with zipfile.ZipFile(apkg) as archive:
        assert list(json.loads(archive.read("media")).values()) == [FLOW]

    collection = new_collection(tmp_path / "anki")
    try:
        import_deck(collection, apkg)
        [card_id] = collection.find_cards("")
        answer = collection.get_card(card_id).answer()
    finally:
        collection.close()
    assert f'<div align="center"><img src="{FLOW}" width="300" alt="build flow"></div>' in answer
    assert '<p align="center"><b>Figure 1</b><br>The <code>build</code> steps</p>' in answer
    assert '<a class="remote-image" href="https://example.com/t.png">logo</a>' in answer
    assert "<script" not in answer and "alert" not in answer and "outside.png" not in answer
    [note] = deck_notes(apkg, tmp_path / "rows")
    assert html_problems(note["Answer"]) == []


def test_html_that_shows_nothing_is_no_answer():
    parsed = parse(
        note(
            "### What does the page run?",
            "",
            "<script>alert('page')</script>",
            "",
            "### What does the diagram show?",
            "",
            '<div align="center"><img src="gone.png" width="300"></div>',
            "",
            "### What does the centred logo show?",
            "",
            '<p align="center"><a href="https://example.com">The home page</a></p>',
        )
    )
    assert unanswered(parsed) == ["What does the page run?", "What does the diagram show?"]
    assert warnings(parsed)[0].startswith("note.md:7: image not found: gone.png (dropped from the card;")
    assert answer(parsed, "What does the centred logo show?").startswith('<p align="center">')


@pytest.mark.parametrize(
    ("flood", "escaped", "nothing_shown"),
    [
        ("<script>" * 20_000, 0, True),
        ("<style>x" * 20_000, 0, False),
        ("<img " + "src=a " * 20_000, 1, False),
        ('<img src="a.png" ' * 20_000, 20_000, False),
    ],
    ids=["scripts", "styles", "one-tag-many-sources", "never-closed"],
)
def test_html_that_never_closes_is_read_in_linear_time(flood, escaped, nothing_shown):
    """One look from each "<" ends at the next one (a quadratic reading takes seconds here)."""
    assert [image_target(match) for match in IMAGE.finditer(flood)] == []
    assert text_meant_as_text(flood).count("&lt;") == escaped
    assert shows_nothing(flood) is nothing_shown
