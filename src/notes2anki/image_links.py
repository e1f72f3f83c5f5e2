"""Image links in notes, "![alt](path)": how they are found and which file each names. Read by the
parser (which images a card shows and the deck ships) and by the build cache (whose key covers the
state of each image a note links), so it depends on nothing of either."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

# ![UDP](C:\Users\Administrator\Desktop\UDP.png), ![x](img/x.png "title"); a target may hold one level
# of parentheses, as Markdown allows: ![x](a_(1).png). Raw HTML shows images by the same rules:
# <img src="img/x.png" width="300">, <img src=x.png>. No part may run into the next "[" or "<", and a
# tag's first src is its only one: a line of thousands of "![" or "<img src=" is read in linear time.
# A code span ("`![x](a.png)`", "`<img src=a.png>`") is matched first and left alone: the card shows
# its text, so it shows no file.
IMAGE = re.compile(
    r"`[^`\n]*`"
    r"|!\[[^\][\n]*\]\((?P<target>(?:[^()\[\]\n]|\([^()\n]*\))*)\)"
    r"""|<img\b(?>[^<>]*?\ssrc\s*=\s*(?:"(?P<src>[^"<>]*)"|'(?P<single_quoted>[^'<>]*)'|(?P<bare>[^\s"'<>]+)))"""
    r"[^<>]*+>",
    re.IGNORECASE,
)
TARGET_GROUPS = ("target", "src", "single_quoted", "bare")
REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//|^(?:https?|data|ftp):", re.IGNORECASE)
# "C:\Users\...", "\\server\share": a path on another machine that can never be found here.
FOREIGN_PATH = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")
# The images a deck carries, by the suffix Anki's media folder serves them under.
SHIPPED_IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".bmp": "image/bmp",
    ".svg": "image/svg+xml",
}


def _target_group(match: re.Match[str]) -> str | None:
    return next((group for group in TARGET_GROUPS if match[group] is not None), None)


def image_target(match: re.Match[str]) -> str | None:
    """The file an image shows; None for a code span, which shows its text."""
    group = _target_group(match)
    if group is None:
        return None
    target = match[group].strip()
    if group != "target":
        return target
    if target.startswith("<") and ">" in target:
        return target[1 : target.index(">")]
    return re.sub(r"\s+[\"'(].*$", "", target)


def with_target(match: re.Match[str], target: str) -> str:
    """The image link or tag of ``match`` showing ``target`` in place of the file it names."""
    group = _target_group(match)
    shown = image_target(match)
    if group is None or shown is None:
        return match[0]
    start, end = (position - match.start() for position in match.span(group))
    link = match[0]
    return link[:start] + link[start:end].replace(shown, target, 1) + link[end:]


def local_image_path(folder: Path, target: str) -> Path | None:
    """The file a local image link in ``folder`` names; None for a path on another machine or a name
    no file can have ("a%00.png" holds a NUL; a name of 300 letters is too long for most systems)."""
    name = unquote(target)
    if FOREIGN_PATH.match(target) or "\x00" in name:
        return None
    try:
        path = (folder / name).resolve()
        path.is_file()  # raises for a name the file system cannot hold (ENAMETOOLONG)
    except (OSError, ValueError):
        return None
    return path
