"""Markdown answers as Anki shows them: lists nested as the notes nest them."""

from __future__ import annotations

import pytest

from notes2anki.render.markdown_html import markdown_html, nested_lists_indented


@pytest.mark.parametrize(
    "text",
    [
        "- HTTP请求\n  - 状态行\n  - 请求头\n- HTTP响应\n  - 响应头",  # two spaces
        "1. 第一步\n   - 细节甲\n   - 细节乙\n2. 第二步\n   - 响应头",  # under "1. ", three
        "- HTTP请求\n    - 状态行\n    - 请求头\n- HTTP响应\n    - 响应头",  # four, as Markdown wants
    ],
)
def test_a_list_nested_by_two_three_or_four_spaces_is_nested(text):
    html = markdown_html(text)
    assert html.count("<ul>") + html.count("<ol>") == 3
    assert html.count("<li>") == 5 and "- " not in html


def test_deeper_levels_code_under_an_item_and_text_after_the_list_keep_their_places():
    text = "- a\n  - b\n    - c\n  ```python\n  x = 1\n  ```\n- d\n\n段落"
    html = markdown_html(text)
    assert html.index("<li>a") < html.index("<li>b") < html.index("<li>c") < html.index("<li>d")
    assert html.count("<ul>") == 3 and html.endswith("<p>段落</p>")


def test_text_without_a_list_nested_too_shallow_is_left_as_it_is():
    lines = ["- a", "    - b", "  continued", "", "    code"]
    assert nested_lists_indented(lines) is lines


def test_each_line_of_a_paragraph_or_an_item_stays_a_line():
    assert markdown_html("Gil锁 : 保证同一时刻只有一个线程\n互斥锁 : 保证数据安全") == (
        "<p>Gil锁 : 保证同一时刻只有一个线程<br>\n互斥锁 : 保证数据安全</p>"
    )
    assert markdown_html("- 帮助\n    man tar\n    tldr").count("<br>") == 2


def test_a_bullet_after_a_numbered_item_starts_its_own_list():
    html = markdown_html("- session\n  1. 更安全\n  - 缺点：\n  1. 每次认证\n  2. 可扩展性")
    assert "- " not in html
    assert html.count("<ol>") == 2 and html.count("<ul>") == 2 and html.count("<li>") == 5


def test_a_paragraph_indented_to_an_items_text_after_a_blank_line_stays_in_the_item():
    html = markdown_html("- 一、print\n\n  原: print 1\n\n  改为: print(1)\n\n- 二、range")
    assert html.count("<ul>") == 1 and html.index("改为") < html.index("</li>") < html.index("二、range")
    # Under "1. " the text starts at column 3: two spaces are not enough to go on with the item.
    assert markdown_html("1. x\n\n  after").endswith("</ol>\n<p>after</p>")


def test_a_bullet_holding_a_number_is_an_item_of_a_numbered_list():
    html = markdown_html("- 1. content-Length 携带报文长度\n- 2. Transfer-Encoding:chunked")
    assert html == "<ol>\n<li>content-Length 携带报文长度</li>\n<li>Transfer-Encoding:chunked</li>\n</ol>"
