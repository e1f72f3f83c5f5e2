"""Every colour in the card CSS reads against its background (WCAG AA, 4.5:1), in daylight and night mode.

The ratios are computed here from the CSS text itself, independently of how style.py builds it.
"""

from __future__ import annotations

import re

import pytest

from notes2anki.render.style import Palette, card_css, code_css, readable_colour

WCAG_AA = 4.5
NIGHT_CLASS = re.compile(r"\.(nightMode|night_mode)\b\s*")
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")


def luminance(colour: str) -> float:
    digits = colour[1:] if len(colour) == 7 else "".join(ch * 2 for ch in colour[1:])
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(foreground: str, background: str) -> float:
    high, low = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def parse(css: str) -> dict[str, dict[str, dict[str, str]]]:
    """mode -> selector without the night class -> declarations, in cascade order."""
    rules: dict[str, dict[str, dict[str, str]]] = {"light": {}, "night": {}}
    for selectors, body in RULE.findall(COMMENT.sub("", css)):
        declarations = {
            name.strip(): value.strip()
            for name, _, value in (part.partition(":") for part in body.split(";") if ":" in part)
        }
        for selector in (s.strip() for s in selectors.split(",")):
            mode = "night" if NIGHT_CLASS.search(selector) else "light"
            base = NIGHT_CLASS.sub("", selector).strip()
            rules[mode].setdefault(base, {}).update(declarations)
    return rules


def colour_pairs(css: str, mode: str) -> dict[str, tuple[str, str]]:
    """selector -> (text colour, background) as shown in a mode, where the rule sets either."""
    rules = parse(css)

    def effective(selector: str) -> dict[str, str]:
        night = rules["night"].get(selector, {}) if mode == "night" else {}
        return {**rules["light"].get(selector, {}), **night}

    def background(declarations: dict[str, str]) -> str | None:
        value = declarations.get("background-color") or declarations.get("background")
        return None if value in (None, "transparent") else value

    pairs = {}
    for selector in rules["light"].keys() | rules["night"].keys():
        own = effective(selector)
        if "color" not in own and background(own) is None:
            continue
        container = effective(".highlight" if selector.startswith(".highlight ") else ".card")
        text = own.get("color") or container["color"]
        pairs[selector] = (text, background(own) or background(container))
    for text, back in pairs.values():
        assert HEX.fullmatch(text) and HEX.fullmatch(back), (
            f"only hex colours can be checked: {text} on {back}"
        )
    return pairs


def failures(css: str, mode: str) -> list[str]:
    return [
        f"{selector}: {text} on {back} = {ratio(text, back):.2f}"
        for selector, (text, back) in sorted(colour_pairs(css, mode).items())
        if ratio(text, back) < WCAG_AA
    ]


@pytest.mark.parametrize("mode", ["light", "night"])
def test_every_colour_of_the_card_css_reads_on_its_background(mode):
    assert failures(card_css(), mode) == []


@pytest.mark.parametrize("mode", ["light", "night"])
def test_every_code_token_is_checked_against_the_code_background(mode):
    pairs = colour_pairs(card_css(), mode)
    tokens = {s: pair for s, pair in pairs.items() if s.startswith(".highlight .")}
    assert len(tokens) >= 40
    code_background = pairs[".highlight"][1]
    assert sum(back == code_background for _, back in tokens.values()) >= 40
    keyword = tokens[".highlight .k"][0]
    assert keyword not in (pairs[".highlight"][0], pairs[".card"][0])


def test_night_mode_changes_every_palette_colour():
    light, night = colour_pairs(card_css(), "light"), colour_pairs(card_css(), "night")
    assert light[".card"] != night[".card"] and light[".highlight"] != night[".highlight"]
    assert luminance(night[".highlight"][1]) < 0.05 < luminance(light[".highlight"][1])
    unchanged = [s for s in light if s.startswith(".highlight") and light[s] == night[s]]
    assert unchanged == []


def test_night_rules_match_the_classes_anki_sets_on_the_card():
    selectors = [s.strip() for rule in RULE.findall(COMMENT.sub("", card_css())) for s in rule[0].split(",")]
    night = [s for s in selectors if NIGHT_CLASS.search(s)]
    assert {s for s in night if s.startswith(".nightMode")} and {
        s for s in night if s.startswith(".night_mode")
    }
    assert (
        ".card.nightMode" in night
        and ".nightMode .highlight .k" in night
        and ".night_mode .highlight .k" in night
    )


def test_styles_with_unreadable_colours_are_corrected():
    # tango's light greens and oranges and dracula's comment blue are under 4.5:1 on these backgrounds.
    light = Palette("tango", "#ffffff", "#000000", adjust_towards="#000000")
    night = Palette("dracula", "#282a36", "#f8f8f2", adjust_towards="#ffffff")
    css = code_css(light, night)
    assert failures(css, "light") == [] and failures(css, "night") == []
    assert ".highlight .s { color: #4e9a06 }" not in css


def test_a_readable_colour_is_kept_and_an_unreadable_one_is_moved_just_enough():
    assert readable_colour("#000080", "#ffffff", "#000000") == "#000080"
    corrected = readable_colour("#4e9a06", "#ffffff", "#000000")
    assert WCAG_AA <= ratio(corrected, "#ffffff") < WCAG_AA + 0.3


def test_a_colour_that_cannot_reach_the_contrast_is_an_error():
    with pytest.raises(ValueError, match=r"4\.5"):
        readable_colour("#505050", "#404040", "#000000")


def test_links_have_a_readable_colour_of_their_own_in_both_modes():
    light, night = colour_pairs(card_css(), "light"), colour_pairs(card_css(), "night")
    assert light[".card a"][0] != night[".card a"][0]
    assert ratio(*night[".card a"]) >= WCAG_AA and ratio(*light[".card a"]) >= WCAG_AA


# Anki takes an underscore followed on the same line by ")" in a note type's CSS for a media file
# ("url(_font.woff)"), and reports it missing: ".night_mode :not(pre)" became "_mode :not(pre".
ANKI_MEDIA_REFERENCE = re.compile(r"_[^\n]*\)")


def test_no_line_of_the_card_css_looks_like_a_media_file_to_anki():
    assert [line for line in card_css().splitlines() if ANKI_MEDIA_REFERENCE.search(line)] == []
