"""The Markdown text under a question -> answer Blocks: fenced code kept with its language, prose kept as
Markdown, and what never belongs on a card removed ([TOC], HTML comments, images that are not shipped).

Decks are shared, so an image link ships a file only when it is an image inside the project: a link
to ``/etc/hostname`` or ``../notes2anki.toml`` is dropped from the card with a warning, not packed.
"""

from __future__ import annotations

import re
from pathlib import Path

from notes2anki.image_links import (
    IMAGE,
    REMOTE,
    SHIPPED_IMAGE_TYPES,
    image_target,
    local_image_path,
    with_target,
)
from notes2anki.model import Block, BlockKind
from notes2anki.parse.code_lines import guess_language, looks_like_prose
from notes2anki.parse.collect import Collector
from notes2anki.parse.fences import fenced_code, opaque_span
from notes2anki.parse.lines import Line, dedent, join, trim_blank
from notes2anki.parse.questions import LIST_MARKER, is_reference
from notes2anki.parse.toc import TAG, is_navigation
from notes2anki.read.svg import svg_active_content

TOC_LINE = re.compile(r"^\s*\[TOC\]\s*$|^\s*\[\[_?TOC_?\]\]\s*$", re.IGNORECASE)
TOC_START = re.compile(r"<!--\s*toc\s*-->", re.IGNORECASE)
TOC_END = re.compile(r"<!--\s*/?\s*tocstop\s*-->|<!--\s*/toc\s*-->", re.IGNORECASE)
# How a PNG, JPEG, GIF, WebP or BMP file begins. Any of them suits any raster name: browsers read a
# JPEG saved as "x.png" by its content.
RASTER_SIGNATURE = re.compile(rb"\x89PNG|\xff\xd8\xff|GIF8[79]a|RIFF.{4}WEBP|BM", re.DOTALL)
# An SVG is text: "<svg xmlns=...", or "<?xml version=...>" before it, after an optional BOM.
SVG_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*<(?:svg|\?xml)\b")
SIGNATURE_BYTES = 256  # enough to see an SVG's start past a BOM and blank lines
# "---", "***", "_ _ _": a rule between sections, not content.
THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# "<br/>", "<p align="center">", "</div>": a line of layout tags only (an <img> shows a picture, and
# <table> or <pre> start content of their own: those stay).
LAYOUT_TAGS_ONLY = re.compile(
    r"^\s*(?:</?(?:br|hr|p|div|span|center|b|strong|em|i|u|small|sup|sub)\b[^>]*>\s*)+$", re.IGNORECASE
)
# A line with something to read once markup is gone ("<br/>" has nothing).
HAS_WORDS = re.compile(r"[^\W_]")
# HTML a card never shows, words and all: "<script>alert(1)</script>", "<style>p { color: red }</style>".
# Its content holds no "<": one look from each "<script>" ends at the next "<".
HIDDEN_HTML = re.compile(r"<(script|style)\b[^<>]*>[^<]*</\1\s*>", re.IGNORECASE)
# CommonMark: four columns of indentation outside a list make an indented code block.
CODE_INDENT = 4


def why_not_shipped(path: Path, project: Path) -> str | None:
    """Why a linked file does not travel with the deck, as "is ... (dropped from the card; what to do)";
    None for an image inside the project. A file outside it is not even opened."""
    if not path.is_relative_to(project):
        return (
            f"is outside the project folder {project} (dropped from the card; "
            "decks are shared, so move the image into the project and link it by a relative path)"
        )
    suffix = path.suffix.lower()
    if suffix not in SHIPPED_IMAGE_TYPES:
        suffixes = ", ".join(SHIPPED_IMAGE_TYPES)
        return f"is not an image file (dropped from the card; link an image: {suffixes})"
    try:
        with path.open("rb") as file:
            start = file.read(SIGNATURE_BYTES)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc}) (dropped from the card; make the file readable)"
    signature = SVG_START if suffix == ".svg" else RASTER_SIGNATURE
    if not signature.match(start):
        return (
            f"is not an image file: its content is not {suffix[1:].upper()} "
            "(dropped from the card; save the image again in the format its name says)"
        )
    return _why_svg_not_shipped(path) if suffix == ".svg" else None


def _why_svg_not_shipped(path: Path) -> str | None:
    """An SVG opened from Anki's media folder runs what it holds: one that can act does not travel."""
    try:
        active = svg_active_content(path.read_bytes())
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc}) (dropped from the card; make the file readable)"
    if active is None:
        return None
    return (
        f"is an SVG with active content: {active} (dropped from the card; opened on its own it would run: "
        "remove it from the file, or save the image as PNG)"
    )


class BodyReader:
    """Turns Markdown lines into Blocks for one note, reporting the images it does not ship as it goes."""

    def __init__(self, collector: Collector) -> None:
        self.collector = collector
        self.folder = collector.source.path.parent
        self.project = collector.source.project or self.folder.resolve()
        self.media: list[Path] = []  # the images of the section being read

    def read(self, lines: list[Line]) -> tuple[tuple[Block, ...], tuple[Path, ...]]:
        """The blocks of some lines and the local images they show."""
        self.media = []
        blocks = self.blocks(lines)
        return blocks, tuple(self.media)

    def blocks(self, lines: list[Line]) -> tuple[Block, ...]:
        """Prose and code in order; nothing for lines with no content."""
        blocks: list[Block] = []
        prose: list[Line] = []
        index = 0
        while index < len(lines):
            span = opaque_span(lines, index)
            if span is None:
                prose.append(lines[index])
                index += 1
                continue
            index += len(span.lines)
            if span.kind == "comment":
                self.collector.set_aside_lines(span.lines)  # a note to the author, never on a card
                if TOC_START.search(span.lines[0].text) and not TOC_END.search(span.lines[0].text):
                    index = _skip_toc(lines, index)
                continue
            blocks.extend(self.prose_blocks(prose))
            prose = []
            if span.kind == "fence":
                blocks.extend(fenced_code(span))
            else:
                blocks.extend(self.prose_blocks(span.lines))
        blocks.extend(self.prose_blocks(prose))
        return tuple(blocks)

    def prose_blocks(self, lines: list[Line]) -> list[Block]:
        """Markdown and indented code; images are looked at in the Markdown only, as code shows its text."""
        # "[TOC]" and "<br>[↑ 回到目录](#目录)" lead elsewhere in the note: never on a card;
        # "<br/>", "<p>", "</div>" alone on a line are layout with nothing to read.
        furniture = [
            line
            for line in lines
            if TOC_LINE.match(line.text) or is_navigation(line.text) or LAYOUT_TAGS_ONLY.match(line.text)
        ]
        self.collector.set_aside_lines(furniture)
        kept = [line for line in lines if line not in furniture]
        blocks: list[Block] = []
        markdown: list[Line] = []
        for run, is_indented_code in _indented_runs(kept):
            if not is_indented_code:
                markdown.extend(map(self.ship_images, run))
            elif looks_like_prose(join(run)):
                markdown.extend(self.ship_images(line.with_text(line.stripped)) for line in run)
            else:
                self.flush_markdown(markdown, blocks)
                code = join(dedent(run))
                blocks.append(Block(BlockKind.CODE, code, guess_language(code)))
        self.flush_markdown(markdown, blocks)
        return blocks

    def flush_markdown(self, markdown: list[Line], blocks: list[Block]) -> None:
        """The Markdown lines read so far as a block, unless they show nothing (set aside then)."""
        text = join(trim_blank(markdown))
        if shows_nothing(text):
            self.collector.set_aside_lines(markdown)
        elif any(not line.blank and not THEMATIC_BREAK.match(line.text) for line in markdown):
            blocks.append(Block(BlockKind.MARKDOWN, text))
        markdown.clear()

    def ship_images(self, line: Line) -> Line:
        """The line with each local image it shows (a Markdown image or an <img> tag) shipped, its link
        rewritten to the bare file name it has in Anki's media folder, or dropped with a warning saying
        why."""
        text = IMAGE.sub(lambda match: self.ship_or_drop(line, match), line.text)
        return line if text == line.text else line.with_text(text.rstrip())

    def ship_or_drop(self, line: Line, match: re.Match[str]) -> str:
        """What the line shows in place of one image link (or code span) of it."""
        target = image_target(match)
        if target is None or REMOTE.match(target):
            return match.group(0)
        path = local_image_path(self.folder, target)
        if path is None or not path.is_file():
            self.collector.warn(
                line,
                f"image not found: {target} (dropped from the card; "
                "put the file beside the note and link it by a relative path)",
            )
            return ""
        refusal = why_not_shipped(path, self.project)
        if refusal:
            self.collector.warn(line, f"image not shipped: {target} {refusal}")
            return ""
        if path not in self.media:
            self.media.append(path)
        return with_target(match, path.name)


def _skip_toc(lines: list[Line], index: int) -> int:
    """The index after a generated table of contents (<!-- toc --> ... <!-- tocstop -->)."""
    for end in range(index, len(lines)):
        if TOC_END.search(lines[end].text):
            return end + 1
    return index


# "` `", "`" over "`": a code span of blanks alone, which Markdown shows as nothing.
BLANK_CODE_SPAN = re.compile(r"(?<!`)(`+)\s*\1(?!`)")


def shows_nothing(text: str) -> bool:
    """Markdown with nothing to read and no image, once the images that do not ship are gone: HTML
    like '<a href="https://example.com"></a>', "<script>alert(1)</script>", '<iframe src="…">', or
    code spans of blanks alone."""
    if text.strip() and not BLANK_CODE_SPAN.sub("", text).strip():
        return True
    return (
        TAG.search(text) is not None
        and IMAGE.search(text) is None
        and HAS_WORDS.search(TAG.sub("", HIDDEN_HTML.sub("", text))) is None
    )


def _indented_runs(lines: list[Line]) -> list[tuple[list[Line], bool]]:
    """Runs of lines, each marked True when CommonMark would make it an indented code block."""
    runs: list[tuple[list[Line], bool]] = []
    in_list = False
    previous_blank = True
    for line in lines:
        if LIST_MARKER.match(line.text):
            in_list = True
        elif not line.blank and line.indent == 0:
            in_list = False
        indented_code = (
            not line.blank
            and not in_list
            and line.indent >= CODE_INDENT
            and (previous_blank or bool(runs and runs[-1][1]))
        )
        if line.blank and runs and runs[-1][1]:
            indented_code = True
        if runs and runs[-1][1] == indented_code:
            runs[-1][0].append(line)
        else:
            runs.append(([line], indented_code))
        previous_blank = line.blank
    result = []
    for run, is_code in runs:
        if is_code:
            body = trim_blank(run)
            tail = run[len(body) :] if body else run
            if body:
                result.append((body, True))
            if tail:
                result.append((tail, False))
        else:
            result.append((run, False))
    return result


def is_link_list(lines: list[Line]) -> bool:
    """Only links: bare URLs, "名称：URL", "- [name](url)". A reference list, not an answer."""
    kept = [line for line in lines if not line.blank and not TOC_LINE.match(line.text)]
    links = [line for line in kept if is_reference(line.text)]
    return bool(links) and all(line in links or not HAS_WORDS.search(TAG.sub("", line.text)) for line in kept)
