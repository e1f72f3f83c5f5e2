"""Markdown notes: headings, grouping headings, fences, setext headings, what never reaches a card."""

from __future__ import annotations

from parse_helpers import answer, kinds, note, parse, questions, section, unanswered, warnings

from notes2anki.parse.lines import to_lines
from notes2anki.parse.set_aside import without_front_matter


def test_heading_with_content_is_a_question_and_numbering_is_stripped():
    parsed = parse(
        note("#### 12、什么是GIL锁？", "", "全局解释器锁。", "#### 20.路由器和交换机的区别?", "路由器……")
    )
    assert questions(parsed) == ["什么是GIL锁？", "路由器和交换机的区别?"]
    assert answer(parsed, "什么是GIL锁？") == "全局解释器锁。"
    assert section(parsed, "什么是GIL锁？").location.line == 1


def test_grouping_heading_is_context_not_a_card_and_empty_leaf_heading_is_unanswered():
    parsed = parse(
        note(
            "## web相关",
            "",
            "### TCP握手挥手及原理",
            "",
            "### GET 和 POST 的区别",
            "",
            "GET 查看, POST 提交",
            "## Linux相关",
            "### 正则",
            "\\d 数字",
        )
    )
    assert questions(parsed) == ["GET 和 POST 的区别", "正则"]
    assert section(parsed, "GET 和 POST 的区别").context == ("web相关",)
    assert section(parsed, "正则").context == ("Linux相关",)
    assert unanswered(parsed) == ["TCP握手挥手及原理"]
    assert parsed.unanswered[0].location.line == 3


def test_heading_answer_stops_at_the_next_heading_and_subheadings_are_their_own_cards():
    parsed = parse(note("### python进程", "- 资源分配的单位", "#### 线程", "- CPU调度的单位"))
    assert answer(parsed, "python进程") == "- 资源分配的单位"
    assert answer(parsed, "线程") == "- CPU调度的单位"


def test_leaf_heading_naming_a_facet_shows_its_parent():
    parsed = parse(note("### Python3特性和变化", "##### 特性", "- 动态", "##### 变化", "- print 是函数"))
    assert [s.parent for s in parsed.sections] == ["Python3特性和变化", "Python3特性和变化"]
    assert unanswered(parsed) == []


def test_leaf_heading_that_stands_alone_has_no_parent_shown():
    parsed = parse(note("## web相关", "### TCP连接状态", "LISTEN"))
    assert section(parsed, "TCP连接状态").parent == ""


def test_fences_keep_language_and_hide_headings_and_backticks_in_info_string_are_inline_code():
    parsed = parse(
        note(
            "### 问题一",
            "```pyhton",
            "# not a heading",
            "print(1)",
            "```",
            "```x = 1```",
            "### 问题二",
            "答",
        )
    )
    assert questions(parsed) == ["问题一", "问题二"]
    blocks = section(parsed, "问题一").answer
    assert (blocks[0].kind.value, blocks[0].language, blocks[0].text) == (
        "code",
        "pyhton",
        "# not a heading\nprint(1)",
    )
    assert blocks[1].text == "```x = 1```"


def test_a_longer_fence_is_closed_only_by_as_many_backticks():
    parsed = parse(note("### Q", "````", "```", "inner", "````", "after"))
    blocks = section(parsed, "Q").answer
    assert blocks[0].text == "```\ninner" and blocks[1].text == "after"


def test_unclosed_fence_ends_the_answer_with_a_warning():
    parsed = parse(note("### Q", "```python", "x = 1"), name="n.md")
    assert answer(parsed, "Q") == "x = 1"
    assert warnings(parsed) == [
        "n.md:2: code fence ``` is never closed (the answer ends at the end of the file; add the closing fence)"
    ]


def test_an_unclosed_comment_or_details_block_is_a_warning_and_an_indented_comment_is_code():
    hidden = parse(note("# Q1", "", "A1.", "", "<!-- draft", "", "# Q2", "", "A2."), name="n.md")
    assert questions(hidden) == ["Q1"]
    assert warnings(hidden) == [
        "n.md:5: HTML comment <!-- is never closed (the rest of the file is hidden from the deck; close it with -->)"
    ]
    folded = parse(note("# D1?", "", "<details>", "<summary>Answer</summary>", "", "D1 answer."), name="d.md")
    assert warnings(folded) == [
        "d.md:3: <details> is never closed (the rest of the file is read as its answer; close it with </details>)"
    ]
    example = parse(
        note(
            "# How does a comment start?", "", "Like this:", "", "    <!-- the opening", "", "# Q2", "", "A2."
        )
    )
    assert questions(example) == ["How does a comment start?", "Q2"] and warnings(example) == []


def test_yaml_front_matter_is_settings_not_notes():
    parsed = parse(
        note(
            "---",
            "title: Networking",
            "# TODO: add tags",
            "tags:",
            "  - tcp",
            "---",
            "",
            "# What is TCP?",
            "",
            "A reliable stream.",
        ),
        name="n.md",
    )
    assert questions(parsed) == ["What is TCP?"] and section(parsed, "What is TCP?").location.line == 8
    # A rule over a setext heading is no front matter.
    lines = to_lines("---\n什么是进程\n---\n\n资源分配的单位。\n")
    assert without_front_matter(lines) is lines


def test_empty_fence_leaves_the_question_unanswered():
    parsed = parse(note("### Flask具体知识点(如g对象)", "````", "", "````"))
    assert parsed.sections == () and unanswered(parsed) == ["Flask具体知识点(如g对象)"]


def test_setext_headings():
    parsed = parse(
        note("数据库", "======", "", "什么是事务", "----------", "一组操作，要么都成功要么都失败。")
    )
    assert questions(parsed) == ["什么是事务"]
    assert section(parsed, "什么是事务").context == ("数据库",)
    assert section(parsed, "什么是事务").location.line == 4


def test_thematic_break_after_a_blank_line_is_not_a_setext_heading():
    parsed = parse(note("### Q", "answer", "", "---", "", "more"))
    assert questions(parsed) == ["Q"]


def test_toc_comments_and_anchor_link_lists_never_become_cards():
    parsed = parse(
        note(
            "[TOC]",
            "<!-- toc -->",
            "- [Intro](#intro)",
            "<!-- tocstop -->",
            "## 目录",
            "- [GIL](#gil)",
            "- [协程](#协程)",
            "## GIL",
            "<!-- draft -->",
            "全局解释器锁",
        )
    )
    assert questions(parsed) == ["GIL"]
    assert answer(parsed, "GIL") == "全局解释器锁"
    assert unanswered(parsed) == []


def test_section_of_only_links_is_a_reference_list():
    parsed = parse(
        note("## Spring 学习笔记", "https://blog.example/1", "- [ ] [Invite](https://x.example/2)")
    )
    assert parsed.sections == () and unanswered(parsed) == []


def test_missing_image_is_dropped_and_reported_existing_image_is_kept_as_media(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "tcp.png").write_bytes(b"\x89PNG")
    parsed = parse(
        note(
            "### 三次握手",
            "![三次握手](C:\\Users\\me\\三次握手.png)",
            "![流程](img/tcp.png)",
            "SYN, SYN+ACK, ACK",
            "### 四次挥手",
            "![四次挥手](missing.png)",
        ),
        name="n.md",
        folder=tmp_path,
    )
    card = section(parsed, "三次握手")
    assert "C:\\Users" not in answer(parsed, "三次握手") and "![流程](tcp.png)" in answer(parsed, "三次握手")
    assert card.media == ((tmp_path / "img" / "tcp.png").resolve(),)
    assert unanswered(parsed) == ["四次挥手"]
    assert [w.split(": image")[0] for w in warnings(parsed)] == ["n.md:2", "n.md:6"]
    assert all("image not found" in w and "(" in w for w in warnings(parsed))


def test_indented_prose_under_a_heading_is_text_not_code():
    parsed = parse(
        note("#### 协程", "", "    协程，又称微线程，是一种用户态的轻量级线程。", "", "    适用场景: IO密集")
    )
    assert kinds(parsed, "协程") == ["markdown"]
    assert answer(parsed, "协程").startswith("协程，又称微线程")


def test_excluded_template_heading_does_not_swallow_the_plain_notes_after_it():
    parsed = parse(
        note(
            "## Project status",
            "If you have run out of energy, put a note at the top.",
            "",
            "",
            "\tctypes库：",
            "\t    https://docs.python.org/3/library/ctypes.html",
            "",
            "modbus:",
            "\t半双工通信：数据可以在两个方向上传输，但是不能同时传输",
            "",
            "# 僵尸进程：",
            "\t子进程结束后等待父进程回收",
        ),
        exclude=("Project status",),
    )
    assert questions(parsed) == ["modbus", "僵尸进程"]
    assert section(parsed, "僵尸进程").location.line == 11
    assert kinds(parsed, "modbus") == ["text"]


def test_atx_lines_inside_a_plain_stretch_are_comment_markers_until_markdown_resumes():
    parsed = parse(
        note(
            "## Notes",
            "intro",
            "",
            "redis:",
            "\t持久化：RDB 和 AOF",
            "# 1.5个python标准库",
            "# os, sys, re",
            "#",
            "# 2.random 模块",
            "",
            "## RPC",
            "",
            "```",
            "远程过程调用",
            "```",
        )
    )
    assert questions(parsed) == ["Notes", "redis", "5个python标准库", "RPC"]
    assert unanswered(parsed) == ["random 模块"]


def test_ordinary_markdown_with_indented_code_stays_markdown():
    parsed = parse(
        note(
            "# Tool",
            "",
            "## Install",
            "",
            "Run:",
            "    pip install tool",
            "",
            "Then:",
            "",
            "\tpython -m tool",
            "",
            "## Usage",
            "",
            "Call it from a shell.",
        )
    )
    assert questions(parsed) == ["Install", "Usage"]
    assert "pip install tool" in answer(parsed, "Install") and "python -m tool" in answer(parsed, "Install")


def test_a_plain_stretch_ends_at_a_heading_over_a_paragraph():
    parsed = parse(
        note(
            "## Notes",
            "intro",
            "",
            "redis:",
            "\t持久化：RDB 和 AOF",
            "",
            "## GIL",
            "",
            "全局解释器锁，同一时刻只有一个线程执行字节码。",
        )
    )
    assert questions(parsed) == ["Notes", "redis", "GIL"]
    assert kinds(parsed, "GIL") == ["markdown"]


def test_the_notes_title_at_the_level_of_its_questions_is_not_unanswered():
    parsed = parse(
        note(
            "#### Django笔记", "", "#### 1、简述GIL的数据机制", "全局锁", "#### 空的问题", "#### 什么是ORM？"
        )
    )
    assert questions(parsed) == ["简述GIL的数据机制"]
    assert unanswered(parsed) == ["空的问题", "什么是ORM？"]


def test_two_local_images_with_one_file_name_are_both_kept_without_a_warning(tmp_path):
    # The deck names each image by its content (pipeline.file_work), so both arrive as themselves.
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.png").write_bytes(b"\x89PNG")
    parsed = parse(note("### Q", "![one](a/x.png)", "![two](b/x.png)"), name="n.md", folder=tmp_path)
    assert section(parsed, "Q").media == (
        (tmp_path / "a" / "x.png").resolve(),
        (tmp_path / "b" / "x.png").resolve(),
    )
    assert warnings(parsed) == []


def test_an_image_target_with_parentheses_is_read_whole(tmp_path):
    (tmp_path / "tcp_(1).png").write_bytes(b"\x89PNG")
    parsed = parse(
        note("### Q", "![tcp](tcp_(1).png) and ![pic](javascript:alert(3)) after"), folder=tmp_path
    )
    assert answer(parsed, "Q") == "![tcp](tcp_(1).png) and  after"
    assert section(parsed, "Q").media == ((tmp_path / "tcp_(1).png").resolve(),)


def test_a_question_keeps_the_tags_it_asks_about_in_code_and_links_with_parentheses_read_whole():
    from notes2anki.parse.questions import clean_question

    assert clean_question("### What does `<div>` do in HTML?") == "What does <div> do in HTML?"
    assert clean_question("### **<b>问题1</b>: 什么是GIL**") == "问题1: 什么是GIL"
    assert clean_question("### See [f](https://x.org/f(x)) first?") == "See f first?"


def test_a_heading_without_words_over_an_answer_is_reported_where_it_stands():
    from parse_helpers import note, parse, questions

    parsed = parse(
        note(
            "###",
            "",
            "answer text",
            "",
            "###   ",
            "",
            "again",
            "",
            "## ***",
            "",
            "more",
            "",
            "### 什么是GIL？",
            "",
            "锁。",
        )
    )
    assert questions(parsed) == ["什么是GIL？"]
    assert [(d.location.line, "heading without words" in d.message) for d in parsed.diagnostics] == [
        (1, True),
        (5, True),
        (9, True),
    ]


def test_a_question_line_of_unclosed_brackets_keeps_its_text():
    from notes2anki.parse.questions import clean_question

    assert clean_question("## " + "![" * 3000 + "[a](b) 什么？") == "![" * 3000 + "a 什么？"


def test_a_numbered_question_keeps_the_tags_it_asks_about_in_code():
    from notes2anki.parse.questions import clean_question

    assert clean_question("### 3、What does `<div>` do?") == "What does <div> do?"
    assert clean_question("(3) `<div>` 和 `<span>` 的区别") == "<div> 和 <span> 的区别"


def test_an_answer_of_empty_headings_is_no_answer():
    from parse_helpers import note, parse, questions, unanswered

    empty = parse("## What is a GIL?\n<details>\n#")  # a case property testing found
    assert questions(empty) == [] and unanswered(empty) == ["What is a GIL?"]
    parsed = parse(note("## What is a lock?", "", "A lock.", "", "#"))
    assert [block.text.strip() for block in parsed.sections[0].answer] == ["A lock."]


def test_a_heading_over_code_spans_of_blanks_alone_is_unanswered():
    parsed = parse("### 什么是GIL？\n\n`` ` `` 是反引号，全局解释器锁。\n\n### 什么是协程？\n`\n`\n")
    assert unanswered(parsed) == ["什么是协程？"]
    assert questions(parsed) == ["什么是GIL？"]
