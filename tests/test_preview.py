"""The preview page, in a real browser (Debian's chromium driven by Playwright) and as text."""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from card_samples import sample_note, sample_notes
from click.testing import CliRunner
from conftest import REPO

from notes2anki.cli import main
from notes2anki.model import Block, BlockKind, CardKind, Diagnostic, Level, Location, Unanswered
from notes2anki.pipeline.result import BuildResult
from notes2anki.preview.page import (
    card_entry,
    card_sides,
    group_by_topic,
    preview_page,
    render_side,
    reverse_sides,
    search_text,
    write_preview,
)
from notes2anki.render.fields import answer_text
from notes2anki.render.style import LIGHT, NIGHT, card_css, token_rules

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
SCREENSHOTS = REPO / "build"
HOSTILE_QUESTION = '<script>alert("question")</script> 和 <b>粗体</b>?'
HOSTILE_TOPIC = "A&B <i>topic</i>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="5"><rect width="4" height="5"/></svg>'
PICTURE_NOTE = "### What colour is the box?\n\n![red box](img/red.png) ![outline](../diagrams/box.svg)\n"


def red_png(width: int, height: int) -> bytes:
    """A PNG of one colour, for an image whose size the browser can be asked."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def hostile_result() -> BuildResult:
    hostile = sample_note(
        HOSTILE_QUESTION,
        (
            Block(
                BlockKind.MARKDOWN,
                'Answer with <b onmouseover="alert(1)">bold</b><script>alert(3)</script> & "quotes"',
            ),
        ),
        topic=HOSTILE_TOPIC,
        aliases=("<svg onload=alert(2)>",),
        line=30,
    )
    return BuildResult(notes=(*sample_notes(), hostile), unanswered=(), duplicates=(), diagnostics=())


@pytest.fixture(scope="module")
def deck_page(repo_config, repo_result, tmp_path_factory) -> Path:
    return write_preview(repo_config, repo_result, tmp_path_factory.mktemp("preview"))


@pytest.fixture(scope="module")
def sample_page(repo_config, tmp_path_factory) -> Path:
    return write_preview(repo_config, hostile_result(), tmp_path_factory.mktemp("sample-preview"))


# --- the page as text -------------------------------------------------------------------------


def test_the_page_holds_every_card_of_the_deck(deck_page, repo_result):
    page = deck_page.read_text(encoding="utf-8")
    assert page.count('<article class="entry"') == len(repo_result.notes) > 100
    for note in repo_result.notes:
        _, back = card_sides(note)
        assert f'<template class="side-back">{back}</template>' in page


def test_note_text_is_escaped_everywhere(repo_config):
    page = preview_page(repo_config, hostile_result(), card_css())
    assert page.count("<script") == 1 and "<svg onload" not in page and "onmouseover" not in page
    assert '<div class="answer"><p>Answer with <b>bold</b> &amp; "quotes"</p></div>' in page
    assert "&lt;script&gt;alert(&quot;question&quot;)&lt;/script&gt;" in page
    assert '<span class="topic-name">A&amp;B &lt;i&gt;topic&lt;/i&gt;</span>' in page
    assert 'data-search="&lt;script&gt;alert(&quot;question&quot;)' in page


def test_the_page_has_a_panel_of_what_to_fix_by_file(repo_config):
    hostile = BuildResult(
        notes=sample_notes(),
        unanswered=(Unanswered(Location("b.md", 9), "<b>What is a futex?</b>"),),
        duplicates=(),
        diagnostics=(
            Diagnostic("image not found: C:\\x.png", Location("a.md", 4)),
            Diagnostic("read as UTF-8", Location("a.md", 1), Level.NOTE),
            Diagnostic(
                'on no card: "loose words" (put a question line above it)',
                Location("b.md", 2),
                Level.LEFT_OUT,
            ),
        ),
    )
    page = preview_page(repo_config, hostile, card_css())
    panel = page.split('<details class="problems">', 1)[1].split("</details>", 1)[0]
    assert (
        "<summary>To fix in the notes: 1 unanswered question, 1 passage on no card, 1 warning in 2 files</summary>"
        in panel
    )
    assert panel.index(">a.md <") < panel.index(">b.md <") and "read as UTF-8" not in panel
    assert (
        '<span class="problem-line">4</span> <span class="problem-kind">warning</span> image not found: C:\\x.png'
        in panel
    )
    assert '<span class="problem-kind">unanswered</span> &lt;b&gt;What is a futex?&lt;/b&gt;' in panel
    clean = BuildResult(notes=sample_notes(), unanswered=(), duplicates=(), diagnostics=())
    assert "Nothing to fix" in preview_page(repo_config, clean, card_css())


def test_the_page_asks_for_nothing_outside_itself(deck_page):
    page = deck_page.read_text(encoding="utf-8")
    assert "default-src 'none'" in page
    assert not re.search(r"<link|<iframe|@import|url\(|\ssrc=", page)


def test_card_templates_render_sections_and_reject_what_the_preview_cannot_show():
    fields = {"Question": "Q", "Aliases": ""}
    assert (
        render_side("{{Question}}{{#Aliases}}[{{Aliases}}]{{/Aliases}}{{^Aliases}}none{{/Aliases}}", fields)
        == "Qnone"
    )
    assert render_side("{{Question}}", {"Question": "{{Aliases}}"}) == "{{Aliases}}"
    with pytest.raises(ValueError, match="Missing"):
        render_side("{{Missing}}", fields)
    with pytest.raises(ValueError, match="cannot render"):
        render_side("{{text:Question}}", fields)


# --- the page in a browser --------------------------------------------------------------------


class Visit:
    """A page opened in the browser, with what it logged and asked for."""

    def __init__(self, browser, path: Path, viewport: dict[str, int]) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport=viewport)
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_load_state("load")

    def visible_entries(self) -> int:
        return self.page.locator(".entry:visible").count()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"the browser tests need Debian's chromium at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def visit(browser):
    opened: list[Visit] = []

    def open_page(path: Path, viewport: dict[str, int] = DESKTOP) -> Visit:
        opened.append(Visit(browser, path, viewport))
        return opened[-1]

    yield open_page
    for page in opened:
        page.page.close()


def test_every_card_renders_with_no_console_error_and_no_network(visit, deck_page, repo_result):
    shown = visit(deck_page)
    rendered = shown.page.evaluate(
        """() => [...document.querySelectorAll('.anki-card')]
              .filter(host => host.shadowRoot && host.shadowRoot.querySelector('.card.card1 .question')).length"""
    )
    assert rendered == shown.visible_entries() == len(repo_result.notes)
    assert shown.errors == []
    assert shown.requests and all(url.startswith("file:") for url in shown.requests), shown.requests


def answer_only_word(notes):
    """A note and a word of its answer that its question lacks: finding it means searching answers."""
    for note in notes:
        question = note.rendered.card.display_question.lower()
        for word in re.findall(r"[A-Za-z]{4,}", answer_text(note.rendered)):
            if word.lower() not in question:
                return note, word
    raise AssertionError("no answer has a word of its own")


def test_search_filters_cards_by_question_and_answer_text(visit, deck_page, repo_result):
    shown = visit(deck_page)
    total = len(repo_result.notes)
    note, term = answer_only_word(repo_result.notes)
    expected = sum(term.lower() in search_text(n) for n in repo_result.notes)
    shown.page.locator("#search").press_sequentially(term)
    assert 0 < shown.visible_entries() == expected < total
    assert shown.page.locator("#status").inner_text().startswith(f"{expected} of {total} cards")

    shown.page.locator("#search").fill(note.rendered.card.display_question)
    assert 1 <= shown.visible_entries() < total
    shown.page.locator("#search").fill("zzqx no such card")
    assert shown.visible_entries() == 0 and shown.page.locator("#no-match").is_visible()
    shown.page.locator("#search").fill("")
    assert shown.visible_entries() == total and shown.errors == []


def test_topic_navigation_shows_one_topic_with_its_count(visit, deck_page, repo_result):
    shown = visit(deck_page)
    button = shown.page.locator(".topic").nth(2)
    name = button.locator(".topic-name").inner_text()
    count = int(button.locator(".count").inner_text())
    button.click()
    assert count == sum(n.rendered.card.topic == name for n in repo_result.notes) == shown.visible_entries()
    assert shown.page.locator(".topic-cards:visible h2").inner_text().startswith(name)
    shown.page.locator(".topic").first.click()
    assert shown.visible_entries() == len(repo_result.notes)


def computed(element, prop: str) -> str:
    return element.evaluate(f"e => getComputedStyle(e).{prop}")


def rgb(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def test_night_mode_switches_the_code_palette(visit, sample_page):
    shown = visit(sample_page)
    keyword = shown.page.locator(".highlight .k").first
    code = shown.page.locator(".highlight").first
    light_rules, night_rules = token_rules(LIGHT, NIGHT)
    assert computed(keyword, "color") == rgb(light_rules["k"]["color"])
    assert computed(code, "backgroundColor") == rgb(LIGHT.background)

    shown.page.locator("#night-toggle").click()
    assert computed(keyword, "color") == rgb(night_rules["k"]["color"]) != rgb(light_rules["k"]["color"])
    assert computed(code, "backgroundColor") == rgb(NIGHT.background)
    body_classes = shown.page.locator(".card").first.evaluate("e => e.className")
    assert body_classes.split() == ["card", "card1", "nightMode", "night_mode"]
    shown.page.locator("#night-toggle").click()
    assert computed(keyword, "color") == rgb(light_rules["k"]["color"])


def test_a_cards_images_show_on_the_page_that_fetches_nothing(visit, project, tmp_path):
    """Anki finds a card's images in its media folder; the page carries them inline, so they show
    with no file beside the page and no request."""
    (project / "sources" / "img").mkdir()
    (project / "sources" / "img" / "red.png").write_bytes(red_png(3, 2))
    (project / "diagrams").mkdir()
    (project / "diagrams" / "box.svg").write_bytes(SVG)
    (project / "sources" / "pic.md").write_text(PICTURE_NOTE, encoding="utf-8")
    page = tmp_path / "out" / "index.html"
    result = CliRunner().invoke(
        main, ["--config", str(project / "notes2anki.toml"), "preview", "-o", str(page.parent)]
    )
    assert result.exit_code == 0, result.output
    assert 'src="red.png"' not in page.read_text(encoding="utf-8")

    shown = visit(page)
    sizes = shown.page.evaluate(
        """async () => {
             const images = [...document.querySelector('.anki-card').shadowRoot.querySelectorAll('img')];
             await Promise.all(images.map((image) => image.decode()));
             return images.map((image) => [image.alt, image.naturalWidth, image.naturalHeight]);
           }"""
    )
    assert sizes == [["red box", 3, 2], ["outline", 4, 5]]
    assert shown.errors == [] and all(url.startswith("file:") for url in shown.requests), shown.requests


def test_hostile_note_text_shows_as_text(visit, sample_page):
    shown = visit(sample_page)
    shown.page.locator("#search").fill("script")
    assert shown.visible_entries() == 1
    assert HOSTILE_QUESTION in shown.page.locator(".entry:visible .question").inner_text()
    shown.page.locator(".entry:visible .answer b").hover()
    assert shown.page.locator(".entry:visible .answer").inner_text() == 'Answer with bold & "quotes"'
    assert shown.dialogs == [] and shown.errors == []


def test_a_question_shows_its_emphasis_and_code_as_anki_does(visit, repo_config, tmp_path):
    emphasised = sample_note(
        "What does a context manager's __exit__ get?",
        (Block(BlockKind.MARKDOWN, "The exception, if one was raised."),),
        question_markdown="3. What does a _context manager_'s `__exit__` get?",
    )
    result = BuildResult(notes=(emphasised,), unanswered=(), duplicates=(), diagnostics=())
    shown = visit(write_preview(repo_config, result, tmp_path))
    question = shown.page.locator(".entry .question").first
    assert question.inner_text() == "What does a context manager's __exit__ get?"
    assert question.locator("em").inner_text() == "context manager"
    assert question.locator("code").inner_text() == "__exit__"
    assert shown.errors == []


def test_answers_can_be_hidden_and_a_card_turned_over(visit, sample_page):
    shown = visit(sample_page)
    first = shown.page.locator(".entry").first
    assert first.locator(".answer").count() == 1
    shown.page.locator("#answers-toggle").click()
    assert first.locator(".answer").count() == 0 and first.locator(".question").count() == 1
    first.click()
    assert first.locator(".answer").count() == 1


def test_a_card_is_turned_over_from_the_keyboard(visit, sample_page):
    shown = visit(sample_page)
    shown.page.locator("#answers-toggle").click()
    first = shown.page.locator(".entry").first
    first.focus()
    shown.page.keyboard.press("Enter")
    assert first.locator(".answer").count() == 1
    shown.page.keyboard.press(" ")
    assert first.locator(".answer").count() == 0


def test_a_long_tag_wraps_on_a_phone(visit, repo_config, tmp_path):
    tag = "Differences_between_processes_threads_and_coroutines_in_CPython_3.12"
    note = sample_note(
        "进程和线程的区别？", (Block(BlockKind.MARKDOWN, "进程是资源分配的单位。"),), topic=tag
    )
    page = write_preview(
        repo_config, BuildResult(notes=(note,), unanswered=(), duplicates=(), diagnostics=()), tmp_path
    )
    shown = visit(page, PHONE)
    assert shown.page.locator(".tags li", has_text=tag).count() == 1
    assert shown.page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_long_code_lines_wrap_on_a_phone_and_scroll_sideways_on_a_desktop(visit, sample_page):
    """A phone shows no sign that a line goes on past the edge: there every line wraps, all of it seen."""
    phone = visit(sample_page, PHONE)
    assert phone.page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    block = phone.page.locator(".highlight").first
    assert block.evaluate("e => getComputedStyle(e.querySelector('pre')).whiteSpace") == "pre-wrap"
    assert block.evaluate("e => e.scrollWidth <= e.clientWidth")
    desktop = visit(sample_page).page.locator(".highlight").first
    assert desktop.evaluate("e => getComputedStyle(e.querySelector('pre')).whiteSpace") == "pre"


PHONE_390 = {"width": 390, "height": 844}
# Where one line of an element's text (a <br> ends a line too) shows, from its first character that is
# not blank to its end: the left edge of each row it takes, top to bottom (a wrapped line takes
# several), the left edge of the element's content, its font size, and the width of that first
# character (a column, in code).
LINE_ROWS = """(root, wanted) => {
  const characters = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeName === "BR") characters.push({ character: "\\n" });
    if (node.nodeType !== Node.TEXT_NODE) continue;
    for (let offset = 0; offset < node.data.length; offset++) {
      characters.push({ character: node.data[offset], node, offset });
    }
  }
  const lines = [[]];
  for (const one of characters) {
    if (one.character === "\\n") lines.push([]);
    else lines[lines.length - 1].push(one);
  }
  const line = lines[wanted];
  const first = line.find(one => one.character !== " " && one.character !== "\\t");
  const last = line[line.length - 1];
  const text = document.createRange();
  text.setStart(first.node, first.offset);
  text.setEnd(last.node, last.offset + 1);
  const firstCharacter = document.createRange();
  firstCharacter.setStart(first.node, first.offset);
  firstCharacter.setEnd(first.node, first.offset + 1);
  const rows = [];
  const rects = [...text.getClientRects()].filter(rect => rect.width > 0).sort((a, b) => a.top - b.top);
  for (const rect of rects) {
    const row = rows[rows.length - 1];
    if (row && rect.top - row.top < rect.height / 2) row.left = Math.min(row.left, rect.left);
    else rows.push({ top: rect.top, left: rect.left });
  }
  const style = getComputedStyle(root);
  return {
    rows: rows.map(row => row.left),
    edge: root.getBoundingClientRect().left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft),
    fontSize: parseFloat(style.fontSize),
    column: firstCharacter.getBoundingClientRect().width,
  };
}"""
SELECTED_TEXT = """root => {
  const selection = getSelection();
  selection.selectAllChildren(root);
  const text = selection.toString();
  selection.removeAllRanges();
  return text;
}"""
LONG_CALL = "result = compute(" + ", ".join(f"argument_{n}" for n in range(12)) + ")"
# Code whose lines wrap at 390 px: indented 12 spaces, by two tabs (8 columns), and not at all.
PHONE_CODE = f"def f(ready):\n            {LONG_CALL}\n\t\tif ready: {LONG_CALL}\n{LONG_CALL}\n    return 1"
# (line, columns it is indented)
PHONE_CODE_LINES = ((1, 12), (2, 8), (3, 0))
# Plain text whose indented lines wrap: a tab is four columns.
PHONE_TEXT = "优点\n\t使用表结构，" + "格式一致，易于维护，" * 6 + "\n\t\t二级：" + "字段固定，" * 12


def wrapped_line(block, line: int) -> dict:
    shown = block.evaluate(LINE_ROWS, line)
    assert len(shown["rows"]) >= 2, shown  # the line wraps at 390 px
    return shown


def assert_hanging_lines_in_code(block) -> None:
    """Each line's wrapped rest starts 2 columns right of its first character, which stands as far in
    as the line is indented (a tab to the next multiple of 4 columns)."""
    for line, columns in PHONE_CODE_LINES:
        shown = wrapped_line(block, line)
        first, column = shown["rows"][0], shown["column"]
        assert first - shown["edge"] == pytest.approx(columns * column, abs=1), (line, shown)
        for rest in shown["rows"][1:]:
            assert rest - first == pytest.approx(2 * column, abs=1), (line, shown)


def assert_hanging_lines_in_plain_text(block) -> None:
    """An indented line's wrapped rest starts 2em right of its first character; the line indented
    twice as far shows its text twice as far in."""
    firsts = []
    for line in (1, 2):
        shown = wrapped_line(block, line)
        first = shown["rows"][0]
        firsts.append(first - shown["edge"])
        for rest in shown["rows"][1:]:
            assert rest - first == pytest.approx(2 * shown["fontSize"], abs=1), (line, shown)
    assert firsts[0] > 0 and firsts[1] == pytest.approx(2 * firsts[0], abs=1), firsts


def test_a_wrapped_line_hangs_under_its_own_indentation_on_a_phone_in_both_palettes(
    visit, repo_config, tmp_path
):
    notes = (
        sample_note("缩进的代码？", (Block(BlockKind.CODE, PHONE_CODE, "python"),)),
        sample_note("缩进的文字？", (Block(BlockKind.TEXT, PHONE_TEXT),)),
        sample_note(
            "表格？", (Block(BlockKind.MARKDOWN, "| a | b |\n|---|---|\n| " + "x" * 200 + " | y |\n"),)
        ),
    )
    page = write_preview(
        repo_config, BuildResult(notes=notes, unanswered=(), duplicates=(), diagnostics=()), tmp_path
    )
    shown = visit(page, PHONE_390)
    code, text = shown.page.locator(".highlight pre").first, shown.page.locator("p.plain").first
    SCREENSHOTS.mkdir(exist_ok=True)
    table = shown.page.locator(".answer table").first
    keyword = shown.page.locator(".highlight .line .k").first  # highlighting goes on in indented lines
    for palette, scrollbar, night in ((LIGHT, "#8c959f", False), (NIGHT, "#6e7681", True)):
        if night:
            shown.page.locator("#night-toggle").click()
            assert computed(shown.page.locator(".highlight").first, "colorScheme") == "dark"
        assert_hanging_lines_in_code(code)
        assert_hanging_lines_in_plain_text(text)
        assert computed(keyword, "color") == rgb(token_rules(LIGHT, NIGHT)[night]["k"]["color"])
        assert computed(table, "scrollbarColor") == f"{rgb(scrollbar)} {rgb(palette.background)}"
        screenshot = SCREENSHOTS / f"card-phone-390{'-night' if night else ''}.png"
        shown.page.screenshot(path=str(screenshot), full_page=True)
    # A copy of the code is the code as written, tabs and indentation included; of the text, the text.
    assert code.evaluate(SELECTED_TEXT).rstrip("\n") == PHONE_CODE
    assert text.evaluate(SELECTED_TEXT) == PHONE_TEXT.replace("\t", "    ")
    assert shown.errors == []


@pytest.mark.parametrize(
    ("name", "viewport", "night"),
    [
        ("desktop", DESKTOP, False),
        ("phone", PHONE, False),
        ("desktop-night", DESKTOP, True),
        ("phone-night", PHONE, True),
    ],
)
def test_screenshots(visit, deck_page, name, viewport, night):
    shown = visit(deck_page, viewport)
    if night:
        shown.page.locator("#night-toggle").click()
    assert shown.page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"preview-{name}.png"
    shown.page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000 and shown.errors == []


def test_the_panel_of_what_to_fix_opens_on_the_deck_page(visit, deck_page, repo_result):
    shown = visit(deck_page, PHONE)
    panel = shown.page.locator("details.problems")
    assert f"{len(repo_result.unanswered)} unanswered questions" in panel.locator("summary").inner_text()
    assert not shown.page.locator(".problem-file").first.is_visible()
    panel.locator("summary").click()
    assert shown.page.locator(".problem-file h3").first.is_visible()
    assert shown.page.locator(".problem").count() == len(repo_result.unanswered) + sum(
        diagnostic.level is not Level.NOTE for diagnostic in repo_result.diagnostics
    )
    assert shown.page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert shown.errors == []


def test_the_preview_command_writes_the_page(project, tmp_path):
    (project / "sources" / "notes.md").write_text(
        "### What is a closure?\n\nA function with its scope.\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        main, ["--config", str(project / "notes2anki.toml"), "preview", "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert page.count('<article class="entry"') == 1 and "What is a closure?" in page
    assert result.output.endswith(f"wrote {tmp_path / 'out' / 'index.html'}\n")


def test_a_cloze_is_hidden_on_the_front_and_shown_on_the_back_of_the_preview():
    plain = sample_note("Light travels at [...] km/s.", (Block(BlockKind.MARKDOWN, "x"),))
    card = replace(plain.rendered.card, kind=CardKind.CLOZE)
    answer = ("<p>Light travels at {{c1::300,000::a number}} km/s.</p>",)
    note = replace(plain, rendered=replace(plain.rendered, card=card, answer_pieces=answer))
    front, back = card_sides(note)
    assert "[...]" in front and "300,000" not in front
    assert '<span class="cloze">300,000</span>' in back and "{{c1::" not in back


def test_a_reversed_note_shows_both_of_its_cards():
    plain = sample_note("Ohm", (Block(BlockKind.TEXT, "The unit of electrical resistance."),))
    note = replace(
        plain, rendered=replace(plain.rendered, card=replace(plain.rendered.card, kind=CardKind.REVERSED))
    )
    topic = group_by_topic((note,))[0]
    entries = card_entry(note, topic)
    assert entries.count('<article class="entry"') == 2
    front, back = reverse_sides(note)
    assert "unit of electrical resistance" in front and "Ohm" not in front and "Ohm" in back


def test_a_topic_and_template_syntax_from_the_notes_never_run_in_the_browser(visit, tmp_path):
    """A topic named like an <img onerror> and a question holding {{Topic}}: the page shows both as text."""
    (tmp_path / "sources").mkdir()
    active = "<img src=x onerror=alert(1)>"
    config = (
        (REPO / "notes2anki.toml").read_text("utf-8").replace('name = "Python基础"', f'name = "{active}"', 1)
    )
    (tmp_path / "notes2anki.toml").write_text(config, "utf-8")
    (tmp_path / "sources" / "t.md").write_text(
        "## What does {{Topic}} mean in Python?\n\nPython 基础.\n", "utf-8"
    )
    outcome = CliRunner().invoke(main, ["--config", str(tmp_path / "notes2anki.toml"), "preview"])
    assert outcome.exit_code == 0, outcome.output
    shown = visit(tmp_path / "build" / "preview" / "index.html")
    shown.page.locator(".anki-card").first.click()  # turned over: the back shows the question again
    texts = shown.page.evaluate(
        "() => [...document.querySelectorAll('.anki-card')].map(h => h.shadowRoot.textContent)"
    )
    assert any("What does {{Topic}} mean in Python?" in text for text in texts), texts
    assert shown.dialogs == [] and shown.errors == []
