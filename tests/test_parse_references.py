"""References ("名称：URL", "[name](url)", a linked picture, a breadcrumb trail): a line holding none of
REFERENCE_SIGNS is no reference without its patterns being tried, and that changes no answer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from notes2anki.parse.questions import (
    BREADCRUMB,
    COMMENT_MARKER,
    HTML_LINK_ONLY,
    LINK_ONLY,
    LIST_MARKER,
    MARKDOWN_LINK,
    REFERENCE,
    is_reference,
)


def reference_by_its_patterns(text: str) -> bool:
    words = LIST_MARKER.sub("", COMMENT_MARKER.sub("", text.strip())).strip()
    if not words:
        return False
    if REFERENCE.match(words) or LINK_ONLY.match(words) or HTML_LINK_ONLY.match(words):
        return True
    return bool(BREADCRUMB.match(words)) and MARKDOWN_LINK.search(words) is not None


# Pieces of references and of what only looks like one, in any case.
PIECES = st.sampled_from(
    ["名称：", "api:", "https://", "FTP://", "WWW.", "www.x", ".org", "[", "](", ")", "<a href=x>", "<A>",
     "<img src=y>", "</a>", " > ", "- ", "# ", "1. ", "[ ] ", " ", "\t", "文档", "İ", "Ｗ", "x"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=8).map("".join))
def test_a_line_is_a_reference_exactly_when_its_patterns_say_so(line):
    assert is_reference(line) == reference_by_its_patterns(line)


def test_references_and_lines_that_only_mention_links():
    assert is_reference("uWSGI服务器：https://blog.csdn.net/a")
    assert is_reference("- [Protobuf](https://protobuf.dev/)")
    assert is_reference('<A HREF="https://x.org"><img src="banner.png"></A>')
    assert not is_reference("链接是什么")
