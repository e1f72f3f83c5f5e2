"""Nested bullet outlines under grouping headings."""

from __future__ import annotations

from parse_helpers import answer, note, parse, questions, section, unanswered


def test_bullet_with_children_is_a_question_childless_bullet_is_unanswered():
    parsed = parse(
        note(
            "#### 基础概念",
            "",
            "- GIL解释器锁",
            "  - 线程全局锁",
            "  - 一个核同一时间只运行一个线程",
            "",
            "- 协程  ",
            "- 如何传参",
            "  - 传递的是对象",
        )
    )
    assert questions(parsed) == ["GIL解释器锁", "如何传参"]
    assert answer(parsed, "GIL解释器锁") == "- 线程全局锁\n- 一个核同一时间只运行一个线程"
    assert section(parsed, "GIL解释器锁").context == ("基础概念",)
    assert unanswered(parsed) == ["协程"]
    assert parsed.unanswered[0].location.line == 7


def test_bullet_over_sub_questions_is_a_grouping():
    parsed = parse(
        note(
            "#### 基础概念",
            "- 深拷贝与浅拷贝",
            "  - 浅拷贝",
            "    - copy.copy()",
            "  - 深拷贝",
            "    - copy.deepcopy()",
        )
    )
    assert questions(parsed) == ["浅拷贝", "深拷贝"]
    assert section(parsed, "深拷贝").context == ("基础概念", "深拷贝与浅拷贝")


def test_plain_children_beside_sub_questions_answer_the_bullet_unless_they_ask_themselves():
    parsed = parse(
        note(
            "#### Python",
            "- 函数式编程",
            "  - map",
            "  - reduce",
            "  - 闭包",
            "    - 绑定外部作用域的变量的函数",
            "- 长连接",
            "  - 为什么需要长连接",
            "  - 如何区分短还是长连接",
            "    - Content-Length",
        )
    )
    assert questions(parsed) == ["函数式编程", "闭包", "如何区分短还是长连接"]
    assert answer(parsed, "函数式编程") == "- map\n- reduce"
    assert unanswered(parsed) == ["为什么需要长连接"]


def test_a_question_bullet_takes_its_whole_subtree():
    parsed = parse(
        note(
            "#### Web",
            "- 如何设计RESTful API",
            "  - 名词用复数",
            "  - 同一资源一组操作",
            "    - GET /users",
            "- RESTful API",
            "  - 三部分组成",
            "    - HTTP方法",
            "    - json",
        )
    )
    assert questions(parsed) == ["如何设计RESTful API", "RESTful API"]
    assert "GET /users" in answer(parsed, "如何设计RESTful API")
    assert "json" in answer(parsed, "RESTful API")


def test_numbered_title_heads_the_bullets_at_its_own_indentation():
    parsed = parse(
        note(
            "#### 网络",
            "- TCP协议",
            "  - 面向连接",
            "",
            "  4. [为什么客户端先挥手?](https://example.com/x)",
            "",
            "    - TIME_WAIT 要等 2MSL",
            "  5. tcp长连接和短连接",
            "  - 长连接省去建立和关闭",
            "  - 如何区分：keep-alive",
        )
    )
    assert questions(parsed) == ["TCP协议", "为什么客户端先挥手?", "tcp长连接和短连接"]
    assert answer(parsed, "TCP协议") == "- 面向连接"
    assert answer(parsed, "tcp长连接和短连接") == "- 长连接省去建立和关闭\n- 如何区分：keep-alive"


def test_statement_item_does_not_head_the_bullets_after_it():
    parsed = parse(
        note(
            "#### Web",
            "- session",
            "  1. 服务器保存用户信息，离开后销毁。这种方式更安全",
            "  - 缺点：",
            "  1. 内存开销增加",
        )
    )
    assert questions(parsed) == ["session"]
    assert "内存开销增加" in answer(parsed, "session")


def test_text_after_the_list_belongs_to_the_last_bullet():
    parsed = parse(
        note(
            "#### Linux",
            "- 常用命令",
            "  - 帮助",
            "    man tar",
            "",
            "```shell",
            "find . -name '*.pyc'",
            "```",
            "",
            "vi/nano",
        )
    )
    assert questions(parsed) == ["常用命令"]
    assert [block.kind.value for block in section(parsed, "常用命令").answer] == [
        "markdown",
        "code",
        "markdown",
    ]
    assert answer(parsed, "常用命令").endswith("vi/nano")


def test_in_an_outline_note_flat_lists_are_unanswered_questions():
    parsed = parse(
        note(
            "#### 基础",
            "- GIL",
            "  - 全局锁",
            "#### 网络",
            "- TCP",
            "  - 面向连接",
            "#### 设计模式",
            "- 单例模式",
            "- 工厂方法",
        )
    )
    assert unanswered(parsed) == ["单例模式", "工厂方法"]


def test_in_a_question_and_answer_note_flat_lists_are_answers():
    parsed = parse(note("### PEP8规范", "- 四个空格缩进", "- 行宽79", "### 可变类型", "- 列表, 字典"))
    assert questions(parsed) == ["PEP8规范", "可变类型"]
    assert unanswered(parsed) == []


def test_continuation_lines_of_a_bullet_do_not_make_an_outline():
    parsed = parse(note("### GIL", "- **问题1: 什么时候会释放Gil锁**", "- 答 :", "  1 遇到i/o操作会释放Gil"))
    assert questions(parsed) == ["GIL"]
    assert "遇到i/o操作" in answer(parsed, "GIL")


def test_numbered_questions_with_their_answers_indented_under_them():
    parsed = parse(
        note(
            "1. 什么是GIL？", "   全局解释器锁", "2. 什么是协程？", "   用户态的轻量级线程", "3. 什么是进程？"
        )
    )
    assert questions(parsed) == ["什么是GIL？", "什么是协程？"]
    assert answer(parsed, "什么是协程？") == "用户态的轻量级线程"
    assert unanswered(parsed) == ["什么是进程？"]


def test_labels_with_colons_over_their_points_stay_one_answer():
    parsed = parse(
        note("#### 线程", "- 优势:", "      资源共享", "      切换代价低", "- 缺陷:", "      GIL锁")
    )
    assert questions(parsed) == ["线程"]
