"""Image links in notes, "![alt](path)": how they are found and which file each names. Read by the
parser (which images a card shows and the deck ships) and by the build cache (whose key covers the
state of each image a note links), so it depends on nothing of either."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

# ![UDP](C:\Users\Administrator\Desktop\UDP.png), ![x](img/x.png "title"); a target may hold one level
# of parentheses, as Markdown allows: ![x](a_(1).png). No part may run into the next "[": a line of
# thousands of "![" is read in linear time. A code span ("`![x](a.png)`") is matched first and left
# alone, as is raw HTML (<img src="a.png">): the card shows both as text, so they show no file.
IMAGE = re.compile(r"`[^`\n]*`|!\[([^\][\n]*)\]\(((?:[^()\[\]\n]|\([^()\n]*\))*)\)")
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


def image_target(match: re.Match[str]) -> str | None:
    """The file an image shows; None for a code span, which shows its text."""
    if match.group(2) is None:
        return None
    target = match.group(2).strip()
    if target.startswith("<") and ">" in target:
        return target[1 : target.index(">")]
    return re.sub(r"\s+[\"'(].*$", "", target)


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
