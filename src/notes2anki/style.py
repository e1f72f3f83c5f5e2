"""The note type's CSS: card typography plus a light and a night palette for highlighted code."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

# Pygments styles whose token colours keep a contrast of at least 4.5:1 on their own background.
LIGHT_STYLE = "default"
NIGHT_STYLE = "monokai"
# Anki marks the card in dark mode with either class, depending on the client and version.
NIGHT_SELECTORS = (".nightMode", ".night_mode")


@lru_cache(maxsize=1)
def card_css() -> str:
    from pygments.formatters import HtmlFormatter

    base = files("notes2anki").joinpath("card.css").read_text(encoding="utf-8")
    light = HtmlFormatter(style=LIGHT_STYLE).get_style_defs(".highlight")
    night = HtmlFormatter(style=NIGHT_STYLE).get_style_defs(
        [f"{selector} .highlight" for selector in NIGHT_SELECTORS]
    )
    return "\n".join((base, "/* code: light palette */", light, "/* code: night palette */", night))
