"""Plain-text notes: question lines, indented answers, comment markers, unfenced code, references."""

from __future__ import annotations

from parse_helpers import answer, kinds, note, parse, questions, section, unanswered, warnings


def plain(*lines: str):
    return parse(note(*lines), name="note.txt")


def test_question_line_with_an_indented_answer():
    parsed = plain(
        ".py和.pyc文件有什么区别？", "\t.py 是源代码", "", "\t.pyc 是字节码", "", "下一段不属于答案。"
    )
    assert questions(parsed) == [".py和.pyc文件有什么区别？"]
    assert answer(parsed, ".py和.pyc文件有什么区别？") == ".py 是源代码\n\n.pyc 是字节码"


def test_code_right_under_an_indented_answer_goes_on_with_it_across_blank_lines():
    parsed = plain(
        "GIL和指针的区别？",
        "\t拷贝队列线程闭包。",
        "import os",
        "",
        "def task(n):",
        "    return n",
        "",
        "如何理解GIL协程？",
        "\t闭包对象进程。",
    )
    assert questions(parsed) == ["GIL和指针的区别？", "如何理解GIL协程？"]
    assert kinds(parsed, "GIL和指针的区别？") == ["text", "code"]
    assert answer(parsed, "GIL和指针的区别？").endswith("def task(n):\n    return n")


def test_javascript_and_go_under_an_indented_answer_go_on_with_it_as_one_code_block():
    parsed = plain(
        "Redis 延迟的原理是什么?",
        "\t异步事务客户端。",
        "async function fetch1(url) {",
        "  const res = await fetch(url, { method: 'GET' });",
        "  if (!res.ok) throw new Error(`HTTP ${res.status}`);",
        "  return res.json();",
        "}",
        "",
        "什么是socket异步？",
        "\t请求客户端并行。",
        "package main",
        "",
        "func worker(jobs <-chan int, out chan<- int) {",
        "\tfor j := range jobs {",
        "\t\tout <- j * 6",
        "\t}",
        "}",
        "",
        "下一个问题是什么？",
        "\t答案。",
    )
    assert questions(parsed) == ["Redis 延迟的原理是什么?", "什么是socket异步？", "下一个问题是什么？"]
    assert kinds(parsed, "Redis 延迟的原理是什么?") == ["text", "code"]
    assert answer(parsed, "Redis 延迟的原理是什么?").endswith("  return res.json();\n}")
    assert kinds(parsed, "什么是socket异步？") == ["text", "code"]
    go = "package main\n\nfunc worker(jobs <-chan int, out chan<- int) {\n    for j := range jobs {\n        out <- j * 6"
    assert answer(parsed, "什么是socket异步？").endswith(go + "\n    }\n}")


def test_short_title_over_unindented_lines_is_answered_by_them_and_the_paragraphs_after():
    parsed = plain(
        "OSI 七层模型",
        "应用层：程序",
        "会话层：拆包合并",
        "",
        "传输层：解决用什么方式发的问题：tcp和udp",
        "\ttcp 可靠",
        "",
        "",
        "orphan after two blank lines",
    )
    assert questions(parsed) == ["OSI 七层模型"]
    assert (
        answer(parsed, "OSI 七层模型")
        == "应用层：程序\n会话层：拆包合并\n\n传输层：解决用什么方式发的问题：tcp和udp\n    tcp 可靠"
    )
    assert [d.location.line for d in parsed.diagnostics] == [9]


def test_an_indented_answer_ends_with_its_block():
    parsed = plain(
        "什么是闭包?",
        "\t内部函数引用外部函数的变量",
        "",
        "装饰器是一种增加函数功能的简单方法，语法是在函数前加@名字。",
    )
    assert answer(parsed, "什么是闭包?") == "内部函数引用外部函数的变量"
    assert [d.location.line for d in parsed.diagnostics] == [4]


def test_lines_that_all_ask_are_unanswered_questions():
    parsed = plain(
        "reset和rebase的区别",
        "为什么git add和git commit要分开操作",
        "",
        "进程池",
        "线程池",
        "",
        "python多继承时，调用父类同一个方法的先后顺序",
        "python怎么定义类中的静态方法",
    )
    assert parsed.sections == ()
    assert unanswered(parsed) == [
        "reset和rebase的区别",
        "为什么git add和git commit要分开操作",
        "进程池",
        "线程池",
        "python多继承时，调用父类同一个方法的先后顺序",
        "python怎么定义类中的静态方法",
    ]


def test_a_title_named_in_the_question_starts_the_answer():
    parsed = plain("什么是生成器和迭代器？它们之间有什么区别？", "迭代器", "作用：简化循环的代码")
    assert answer(parsed, "什么是生成器和迭代器？它们之间有什么区别？") == "迭代器\n作用：简化循环的代码"


def test_comment_marker_questions_and_code_comments():
    parsed = plain(
        "# 僵尸进程：",
        "\t子进程结束后等待父进程回收",
        "# 互斥锁",
        "from multiprocessing import Lock",
        "# 队列是先进先出",
        "q.put('a')",
        "",
        "",
        "def buy(name):",
        "\tprint(name)",
    )
    assert questions(parsed) == ["僵尸进程", "互斥锁"]
    assert kinds(parsed, "互斥锁") == ["code"]
    assert "# 队列是先进先出" in answer(parsed, "互斥锁") and "def buy(name):" in answer(parsed, "互斥锁")


def test_comment_block_with_numbered_questions():
    parsed = plain(
        "# 1.5个python标准库",
        "# os, sys, re,",
        "#",
        "# 2.匿名函数lambda的使用",
        "# lambda x, y: x*y；求积",
        "#",
        "# 3.random 模块",
    )
    assert questions(parsed) == ["5个python标准库", "匿名函数lambda的使用"]
    assert answer(parsed, "5个python标准库") == "os, sys, re,"
    assert unanswered(parsed) == ["random 模块"]


def test_numbered_question_lines_follow_each_other():
    parsed = plain(
        "1、什么是GIL",
        "全局解释器锁",
        "2、什么是协程",
        "用户态的轻量级线程",
        "一、进程和线程的区别？",
        "资源与调度",
    )
    assert questions(parsed) == ["什么是GIL", "什么是协程", "进程和线程的区别？"]
    assert answer(parsed, "什么是GIL") == "全局解释器锁"


def test_a_question_mark_makes_the_short_line_below_an_answer():
    parsed = plain("什么是GIL？", "全局解释器锁", "", "什么是GIL", "全局解释器锁是什么")
    assert questions(parsed) == ["什么是GIL？"]
    assert unanswered(parsed) == ["什么是GIL", "全局解释器锁是什么"]


def test_code_at_column_zero_is_never_a_question():
    parsed = plain("class MyProcess(Process):", "\tdef run(self):", "\t\tpass", "", "def f():", "\treturn 1")
    assert parsed.sections == () and parsed.unanswered == ()


def test_a_title_alone_takes_the_code_after_a_blank_line_but_not_after_two():
    parsed = plain(
        "线程池",
        "",
        "from concurrent.futures import ThreadPoolExecutor",
        "pool = ThreadPoolExecutor()",
        "",
        "不等待任务的返回结果，怎么获取方法的返回结果",
        "",
        " ",
        "import gevent",
    )
    assert questions(parsed) == ["线程池"]
    assert kinds(parsed, "线程池") == ["code"]
    assert unanswered(parsed) == ["不等待任务的返回结果，怎么获取方法的返回结果"]


def test_answer_splits_into_prose_code_and_output_after_separator_lines():
    parsed = plain(
        "解释re模块的split()方法？",
        "split()：按模式拆分字符串。",
        "import re",
        're.split("\\W+", "a b")',
        "-----------------",
        "['a', 'b']",
    )
    assert kinds(parsed, "解释re模块的split()方法？") == ["text", "code", "output"]
    assert section(parsed, "解释re模块的split()方法？").answer[1].language == "python"


def test_reference_lines_and_link_lists_are_not_cards():
    parsed = plain(
        "uWSGI服务器：https://blog.example/86703685",
        "",
        "redis:",
        "\t中文官网：https://redis.example/",
        "",
        "docker:",
        "\t在用：https://docs.example/build",
        "\t视频教程：https://video.example/1",
        "\tdocker-compose教程(安装，使用)_某人的博客",
    )
    assert parsed.sections == () and parsed.unanswered == ()


def test_a_reference_over_questions_lets_them_through():
    parsed = plain(
        "uWSGI服务器：https://blog.example/1",
        "    https://blog.example/2",
        " uWSGI：",
        "  应用服务器",
        " WSGI:",
        "  网关接口",
        " uwsgi",
        "  一种线路协议",
    )
    assert questions(parsed) == ["uWSGI", "WSGI", "uwsgi"]
    assert answer(parsed, "uwsgi") == "一种线路协议"


def test_a_date_label_is_not_a_question():
    parsed = plain("0505：", " pyenv：", "  多版本管理", " modbus：", "  半双工")
    assert questions(parsed) == ["pyenv", "modbus"]


def test_indented_block_of_sub_questions_makes_its_title_a_grouping():
    parsed = plain("网络笔记：", "\t什么是TCP？", "\t\t面向连接", "\t什么是UDP？", "\t\t无连接")
    assert questions(parsed) == ["什么是TCP？", "什么是UDP？"]
    assert section(parsed, "什么是UDP？").context == ("网络笔记",)


def test_question_line_inside_an_answer_starts_the_next_question():
    parsed = plain(
        "线程池",
        "",
        "pool.submit(fn)",
        "同步提交：原地等待结果",
        "异步提交：不等待结果",
        "线程池和信号量的区别：",
        "\t信号量是锁",
    )
    assert questions(parsed) == ["线程池", "线程池和信号量的区别"]
    assert answer(parsed, "线程池").endswith("异步提交：不等待结果")


def test_parallel_definitions_are_not_a_title_over_its_parts():
    parsed = plain(
        "同步提交：原地等待结果",
        "异步提交：不等待结果",
        "",
        "# 同步和异步：用来描述任务的提交方式",
        "# 同步：任务提交之后，原地等待任务的返回结果",
        "# 异步：不等待结果",
    )
    assert questions(parsed) == ["同步和异步：用来描述任务的提交方式"]
    assert (
        answer(parsed, "同步和异步：用来描述任务的提交方式")
        == "同步：任务提交之后，原地等待任务的返回结果\n异步：不等待结果"
    )


def test_english_plain_text_notes():
    parsed = plain(
        "What is a closure?",
        "A function that remembers values from where it was defined.",
        "It is used when you need state without a class.",
        "",
        "Why use __slots__?",
        "    Saves memory.",
        "",
        "Generators",
        "Iterators",
    )
    assert questions(parsed) == ["What is a closure?", "Why use __slots__?"]
    assert answer(parsed, "What is a closure?").endswith("state without a class.")
    assert unanswered(parsed) == ["Generators", "Iterators"]


def test_fenced_code_in_plain_text_and_an_unclosed_fence():
    parsed = plain(
        "怎么启动线程？",
        "```python",
        "t = Thread(target=f)",
        "# 不是问题：",
        "```",
        "",
        "怎么等待？",
        "```",
        "t.join()",
    )
    assert questions(parsed) == ["怎么启动线程？", "怎么等待？"]
    assert [(b.kind.value, b.language) for b in section(parsed, "怎么启动线程？").answer] == [
        ("code", "python")
    ]
    assert answer(parsed, "怎么等待？") == "t.join()"
    assert warnings(parsed) == [
        "note.txt:8: code fence ``` is never closed (the answer ends at the end of the file; add the closing fence)"
    ]


def test_a_comment_that_asks_between_lines_of_code_is_part_of_the_code():
    parsed = parse(
        note("如何定义类？", "class Foo:", "    pass", "# 这里为什么要实例化？", "foo = Foo()", "print(foo)"),
        "c.txt",
    )
    assert questions(parsed) == ["如何定义类？"]
    assert "# 这里为什么要实例化？\nfoo = Foo()\nprint(foo)" in answer(parsed, "如何定义类？")


def test_a_script_ends_with_its_main_guard_and_code_after_it_is_another_program():
    parsed = plain(
        "py gevent学习",
        "import gevent",
        "",
        "",
        "def main():",
        "    gevent.joinall([])",
        "",
        "",
        "if __name__ == '__main__':",
        "    main()",
        "",
        "",
        "class MyMeta(type):",
        "    pass",
    )
    assert questions(parsed) == ["py gevent学习"]
    assert answer(parsed, "py gevent学习").endswith("if __name__ == '__main__':\n    main()")
    left_out = [str(d) for d in parsed.diagnostics if d.level.value == "left out"]
    assert left_out == [
        "note.txt:13: text without a question, not on any card (put a question line above it)"
    ]


def test_a_rule_with_a_title_divides_the_note_and_is_no_question():
    parsed = plain(
        "=====第一部分=====",
        "",
        "1. 什么是光合作用？",
        "答：植物用光合成养分。",
        "",
        "=====第二部分=====",
        "1. 叶子为什么是绿的",
        "答：叶绿素反射绿光。",
        "2. 根有什么用？",
    )
    assert questions(parsed) == ["什么是光合作用？", "叶子为什么是绿的"]
    assert unanswered(parsed) == ["根有什么用？"]
    assert parsed.sections[1].context == ("第二部分",)
