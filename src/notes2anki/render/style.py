"""The note type's CSS: card typography, a light and a night palette for highlighted code, and the
columns of indented lines.

Code colours come from a Pygments style, re-emitted for our own code background; a token colour
that would read poorly there (contrast under WCAG AA's 4.5:1) is darkened or lightened until it
passes, so any style can be plugged in without losing legibility.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from pygments.style import StyleMeta
from pygments.styles import get_style_by_name
from pygments.token import STANDARD_TYPES, Error, Whitespace, _TokenType

from notes2anki.render.hanging import MAX_INDENT_COLUMNS

# WCAG 2 level AA for normal-size text: code is small, so no large-text allowance.
MIN_CONTRAST = 4.5
# Anki marks the card in dark mode with both classes (desktop and AnkiDroid put them on the
# <body class="card card1 nightMode night_mode">); older clients set only one of them.
NIGHT_CLASSES = ("nightMode", "night_mode")
CODE_SCOPE = ".highlight"
# Code blocks without highlighting (indented Markdown code, program output) share the code colours.
CODE_BLOCKS = (CODE_SCOPE, "pre")
# Lexers mark what they cannot parse as Error (pseudo-code, prose pasted into a code block): shown
# as ordinary code rather than boxed in red. Whitespace is only coloured with visible_whitespace.
PLAIN_TOKENS = (Error, Whitespace)


@dataclass(frozen=True)
class Palette:
    pygments_style: str
    background: str
    foreground: str
    # Failing token colours move towards this colour: black on a light background, white on a dark one.
    adjust_towards: str


LIGHT = Palette(
    pygments_style="default", background="#f6f8fa", foreground="#1f2328", adjust_towards="#000000"
)
NIGHT = Palette(
    pygments_style="github-dark", background="#0d1117", foreground="#e6edf3", adjust_towards="#ffffff"
)


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour written as #rgb or #rrggbb."""
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in _rgb(colour))
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _mix(colour: str, towards: str, amount: float) -> str:
    mixed = (round(a + (b - a) * amount) for a, b in zip(_rgb(colour), _rgb(towards), strict=False))
    return "#" + "".join(f"{v:02x}" for v in mixed)


def readable_colour(colour: str, background: str, towards: str) -> str:
    """The colour itself if it reads on the background, else the least mix towards `towards` that does."""
    if contrast_ratio(colour, background) >= MIN_CONTRAST:
        return colour
    steps = 100
    for step in range(1, steps + 1):
        candidate = _mix(colour, towards, step / steps)
        if contrast_ratio(candidate, background) >= MIN_CONTRAST:
            return candidate
    raise ValueError(f"no colour between {colour} and {towards} reaches {MIN_CONTRAST}:1 on {background}")


def _token_style(style: StyleMeta, token: _TokenType) -> dict[str, str]:
    """The CSS declarations of one token in one Pygments style, before contrast is checked."""
    if any(token in plain for plain in PLAIN_TOKENS):  # type: ignore[comparison-overlap]  # its subtypes too
        return {}
    definition = style.style_for_token(token)
    declarations = {}
    if definition["color"]:
        declarations["color"] = "#" + definition["color"].lower()
    if definition["bgcolor"]:
        declarations["background-color"] = "#" + definition["bgcolor"].lower()
    if definition["bold"]:
        declarations["font-weight"] = "bold"
    if definition["italic"]:
        declarations["font-style"] = "italic"
    if definition["underline"]:
        declarations["text-decoration"] = "underline"
    return declarations


# What a declaration falls back to when the other palette sets it and this one does not: the night
# rules win over the light ones by specificity, so every property either sets must be set by both.
RESETS = {
    "background-color": "transparent",
    "font-weight": "normal",
    "font-style": "normal",
    "text-decoration": "none",
}


def _readable(declarations: dict[str, str], palette: Palette) -> dict[str, str]:
    background = declarations.get("background-color", RESETS["background-color"])
    if background == RESETS["background-color"]:
        background = palette.background
    colour = declarations.get("color", palette.foreground)
    return {**declarations, "color": readable_colour(colour, background, palette.adjust_towards)}


def token_rules(
    light: Palette, night: Palette
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """CSS class -> declarations for each palette, covering the same classes and properties in both."""
    light_style = get_style_by_name(light.pygments_style)
    night_style = get_style_by_name(night.pygments_style)
    light_rules: dict[str, dict[str, str]] = {}
    night_rules: dict[str, dict[str, str]] = {}
    for token, css_class in sorted(STANDARD_TYPES.items(), key=lambda item: item[1]):
        day, dark = _token_style(light_style, token), _token_style(night_style, token)
        if not css_class or not (day or dark):
            continue
        for own, other in ((day, dark), (dark, day)):
            for prop in other.keys() - own.keys() - {"color"}:
                own[prop] = RESETS[prop]
        light_rules[css_class] = _readable(day, light)
        night_rules[css_class] = _readable(dark, night)
    return light_rules, night_rules


def _rule(selectors: list[str], declarations: dict[str, str]) -> str:
    body = "; ".join(f"{prop}: {value}" for prop, value in sorted(declarations.items(), key=_colour_first))
    return f"{', '.join(selectors)} {{ {body} }}"


def _colour_first(declaration: tuple[str, str]) -> tuple[bool, str]:
    return (declaration[0] != "color", declaration[0])


def _night(selector: str) -> list[str]:
    return [f".{name} {selector}" for name in NIGHT_CLASSES]


def code_css(light: Palette = LIGHT, night: Palette = NIGHT) -> str:
    light_rules, night_rules = token_rules(light, night)
    lines = ["/* code: light palette */"]
    lines.append(_rule(list(CODE_BLOCKS), {"background": light.background, "color": light.foreground}))
    lines += [_rule([f"{CODE_SCOPE} .{name}"], rule) for name, rule in light_rules.items()]
    lines.append("/* code: night palette */")
    night_blocks = [selector for block in CODE_BLOCKS for selector in _night(block)]
    lines.append(_rule(night_blocks, {"background": night.background, "color": night.foreground}))
    lines += [_rule(_night(f"{CODE_SCOPE} .{name}"), rule) for name, rule in night_rules.items()]
    return "\n".join(lines) + "\n"


def indent_css() -> str:
    """The columns each indent-N class of an indented line stands for (render.hanging), which the
    card CSS hangs its wrapped rest under."""
    lines = ["/* indented lines: their columns */"]
    lines += [f".indent-{columns} {{ --indent: {columns}; }}" for columns in range(1, MAX_INDENT_COLUMNS + 1)]
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def card_css() -> str:
    base = files("notes2anki.render").joinpath("card.css").read_text(encoding="utf-8")
    return base + code_css() + indent_css()
