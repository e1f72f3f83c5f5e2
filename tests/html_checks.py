"""Checks on card HTML: balanced tags, and nothing in it that runs (scripts, handlers, script URLs)."""

from __future__ import annotations

from html.parser import HTMLParser

from notes2anki.render.fields import aliases_html, question_html, source_html

# Elements that never need a closing tag.
VOID_ELEMENTS = {"br", "hr", "img", "input", "meta", "link", "col", "area", "base", "wbr", "source", "track"}
# Elements that run or embed something.
ACTIVE_ELEMENTS = {
    "script",
    "iframe",
    "object",
    "embed",
    "frame",
    "frameset",
    "applet",
    "base",
    "form",
    "meta",
    "link",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "srcset",
    "data",
    "poster",
    "background",
}
SAFE_SCHEMES = ("http:", "https:", "mailto:")


class _TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1] if self.open else 'nothing'}")
            return
        self.open.pop()

    def _check(self, tag, attrs):
        if tag in ACTIVE_ELEMENTS or tag == "style":
            self.problems.append(f"active element <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name in URL_ATTRIBUTES and value and ":" in value.split("/")[0]:
                scheme = "".join(value.split()).lower()
                if not scheme.startswith(SAFE_SCHEMES):
                    self.problems.append(f"{name}={value!r} on <{tag}>")
            if name == "style" and "url(" in (value or "").lower():
                self.problems.append(f"style with url() on <{tag}>")


def html_problems(markup: str) -> list[str]:
    """Unbalanced tags and active content in ``markup``; empty when it is well-formed and inert."""
    checker = _TagChecker()
    checker.feed(markup)
    checker.close()
    return checker.problems + [f"<{tag}> never closed" for tag in checker.open]


def note_fields(note) -> dict[str, str]:
    rendered = note.rendered
    return {
        "question": question_html(rendered),
        "answer": rendered.answer_html,
        "aliases": aliases_html(rendered),
        "source": source_html(rendered),
    }
