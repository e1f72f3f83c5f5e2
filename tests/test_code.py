"""Telling code from prose."""

from __future__ import annotations

import re

import pytest

from notes2anki.model import Block, BlockKind
from notes2anki.parse.code_lines import (
    classify_lines,
    guess_language,
    is_code_line,
    looks_like_prose,
    plain_blocks,
    resolve_language,
)
from notes2anki.render.cards import render_block
from notes2anki.render.fields import html_to_text


@pytest.mark.parametrize(
    "line",
    [
        "import re",
        "from functools import reduce",
        "def speak(self):",
        "class MyProcess(Process):",
        "print(list(result))",
        "a = lambda x,y:x+y",
        "p.daemon = True # 这个设置要在p.start()之前配置",
        'print(f"用户{name}查询余票")',
        "else：",
        "git clone https://github.com/pyenv/pyenv-virtualenv.git",
        "./b2 --buildtype=complete install",
        "arp -a",
        "traceroute -n 8.8.8.8",
        "iptables -A INPUT -p udp --dport 53 -j REJECT",
    ],
)
def test_code_lines(line):
    assert is_code_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "装饰器是一种增加函数或类功能的简单方法",
        "for 和迭代器对象、可迭代对象的关系：",
        "Python (programming language) is popular",
        "if you have run out of energy, say so",
        "6+6+2+4 = 18 有的人说14",
        "map()函数将给定函数应用于可迭代对象",
    ],
)
def test_prose_lines(line):
    assert not is_code_line(line)


def test_misspelled_and_aliased_languages_resolve():
    assert resolve_language("pyhton") == "python"
    assert resolve_language("py") == "python"
    assert resolve_language("SHELL") == "bash"
    assert resolve_language("") == ""


def test_a_python_fence_full_of_chinese_sentences_is_prose():
    assert looks_like_prose(
        "socket：我们经常把socket翻译为套接字，是网络协议的大接口\n承包了下面四层复杂的数据包的封装"
    )
    assert not looks_like_prose(
        "import socket\nsk = socket.socket()  # 创建套接字\nsk.bind(('127.0.0.1', 9000))"
    )


def test_guessed_languages():
    assert guess_language("from concurrent.futures import ThreadPoolExecutor") == "python"
    assert guess_language("ifconfig can0 down\nip link set can0 up") == "bash"
    assert guess_language("SELECT * FROM t") == "sql"
    assert guess_language("两个程序通过连接交换数据") == ""


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("async def main():\n    await asyncio.sleep(1)", "python"),
        ("for i in range(3):\n    yield i", "python"),
        ("with lock:\n    count += 1", "python"),
        ("while True:  # forever\n    pass", "python"),
        ("p.daemon = True # 这个设置要在p.start()之前配置", "python"),
        ("let done = true;", "javascript"),
        ("for (let i = 0; i < 3; i++) {\n  go(i)\n}", ""),
        ("for i := range jobs {\n}", ""),
    ],
)
def test_python_is_known_by_its_block_openers(code, language):
    assert guess_language(code) == language


def test_indented_body_of_a_def_and_adjacent_comments_are_code():
    lines = [
        "说明文字",
        "# 创建进程",
        "def func(name):",
        "\tage = 16",
        "\t任务执行中",
        "",
        "# 查看进程",
        "说明结束",
    ]
    assert classify_lines(lines) == ["prose", "code", "code", "code", "code", "blank", "code", "prose"]


def test_triple_quoted_strings_are_code():
    assert classify_lines(['"""', "1.os.fork()", "这四个函数可能不太准确", '"""', "完"]) == [
        "code",
        "code",
        "code",
        "code",
        "prose",
    ]


def test_output_after_separator_until_the_next_statement():
    lines = ['re.split("\\W+", s)', "-----------", "['a', 'b']", 're.sub("x", "y", s)', "-----", "'y'"]
    blocks = plain_blocks(lines)
    assert [(b.kind.value, b.text) for b in blocks] == [
        ("code", 're.split("\\W+", s)'),
        ("output", "['a', 'b']"),
        ("code", 're.sub("x", "y", s)'),
        ("output", "'y'"),
    ]


def test_later_code_in_an_answer_keeps_the_language_of_the_code_before():
    blocks = plain_blocks(["import re", "-----", "None", "re.sub('x', 'y', s)"])
    assert [b.language for b in blocks if b.kind.value == "code"] == ["python", "python"]


def test_a_fence_half_prose_is_prose():
    assert looks_like_prose(
        "socket, socketserver()\nurllib, requests\n"
        "socket：我们经常把socket翻译为套接字，网络协议的大接口\n承包了下面四层复杂的数据包的封装"
    )


def test_prose_written_as_comments_loses_its_markers_and_keeps_nesting():
    blocks = plain_blocks(["  # 目的:让单核实现并发效果", "  # cpu 切换分2种情况：", "  \t# 1.遇到IO操作"])
    assert [(b.kind.value, b.text) for b in blocks] == [
        ("text", "目的:让单核实现并发效果\ncpu 切换分2种情况：\n  1.遇到IO操作")
    ]


def test_blank_lines_between_two_kinds_split_blocks_and_inside_one_kind_stay():
    blocks = plain_blocks(["import time", "", "", "def f():", "    pass", "", "说明"])
    assert [(b.kind.value, b.text) for b in blocks] == [
        ("code", "import time\n\n\ndef f():\n    pass"),
        ("text", "说明"),
    ]


@pytest.mark.parametrize(
    ("code", "language", "comment"),
    [
        ("lsof -i :8080  # 查看\nls -l  # 列出", "bash", "# 列出"),
        ("x = 1  # 计数", "python", "# 计数"),
        ("select 1 -- 一", "sql", "-- 一"),
    ],
)
def test_a_comment_on_the_last_line_is_highlighted_as_one_and_the_code_kept_as_written(
    code, language, comment
):
    html = render_block(Block(BlockKind.CODE, code, language))
    assert re.search(rf'<span class="c[1m]?">{re.escape(comment)}</span>', html), html
    assert html_to_text(html) == code


def test_code_with_chinese_comments_in_other_languages_is_still_code():
    assert not looks_like_prose('// 中文注释：启动服务\nhttp.ListenAndServe(":8080", nil)')
    assert not looks_like_prose("-- 中文注释：查全表\nselect * from t where a <> 'x';")
    assert looks_like_prose("详见 https://example.org/a 的说明，这里是一段中文解释文字")


INDENTED_LINE = re.compile(r'<span class="line indent-(\d+)"><span class="indentation">( *)</span>')


def test_plain_text_keeps_each_line_indented_under_the_one_it_belongs_to():
    text = "关系型数据库:\n\t优点\n\t\t支持sql语言;\n\t缺点\n\t\t灵活度不高;"
    shown = render_block(Block(BlockKind.TEXT, text))
    assert (
        html_to_text(shown) == "关系型数据库:\n    优点\n        支持sql语言;\n    缺点\n        灵活度不高;"
    )
    assert shown.startswith('<p class="plain">关系型数据库:<br><span class="line indent-4">')
    # Each indented line is an element of its own, which says its columns, with its line end inside.
    assert [(int(columns), len(spaces)) for columns, spaces in INDENTED_LINE.findall(shown)] == [
        (4, 4),
        (8, 8),
        (4, 4),
        (8, 8),
    ]
    assert shown.count("<br></span>") == 3 and shown.endswith("灵活度不高;</span></p>")


def test_plain_text_indented_as_a_whole_loses_only_the_indentation_all_its_lines_share():
    shown = render_block(Block(BlockKind.TEXT, "\t\t第一行  \n\t\t\t下一层\n\n \t另一段"))
    assert shown == (
        '<p class="plain"><span class="line indent-4"><span class="indentation">    </span>第一行<br></span>'
        '<span class="line indent-8"><span class="indentation">        </span>下一层</span></p>'
        '<p class="plain">另一段</p>'
    )
    # A blank line does not end the indentation: PATCH stays a verb under 5.HTTP动词.
    verbs = render_block(Block(BlockKind.TEXT, "5.HTTP动词\n\tGET: 查看\n\n\tPATCH: 更新数据"))
    assert verbs.endswith(
        '<p class="plain"><span class="line indent-4"><span class="indentation">    </span>PATCH: 更新数据</span></p>'
    )
