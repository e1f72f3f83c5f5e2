"""Duplicates: repeated sections dropped, different answers merged, same answers kept as aliases."""

from __future__ import annotations

import re

from click.testing import CliRunner

from notes2anki.cli import main
from notes2anki.dedupe import near_duplicates
from notes2anki.dedupe.merge import merge_duplicates
from notes2anki.dedupe.near_duplicates import answer_keys, comparable, similar_pairs
from notes2anki.dedupe.question_keys import group_same_questions, question_keys
from notes2anki.model import Block, BlockKind, DuplicateKind, Location, Section
from notes2anki.render.cards import render_card
from notes2anki.render.fields import aliases_html, source_html
from notes2anki.report import duplicate_summary

GIL_ANSWER = "全局解释器锁，同一时刻只有一个线程执行 Python 字节码，多线程无法利用多核。"
REDIS_ANSWER = "Redis 持久化分成两种：RDB 定时快照，把内存数据写成 rdb 文件；AOF 追加每条写命令到日志文件。"


def section(question, *paragraphs, source="a.md", line=1, front=(), kind=BlockKind.MARKDOWN):
    blocks = tuple(Block(kind, text) for text in paragraphs)
    return Section(
        Location(source, line), question, blocks, front=tuple(Block(BlockKind.CODE, c) for c in front)
    )


def pairs_of(texts, threshold):
    compared = [comparable(text) for text in texts]
    return similar_pairs([answer_keys(text) for text in compared], threshold, compared.__getitem__)


def kinds(result):
    return [duplicate.kind for duplicate in result.duplicates]


def same_question(*questions: str) -> bool:
    groups = group_same_questions([question_keys(q) for q in questions], [""] * len(questions))
    return len(set(groups)) == 1


# Same section -------------------------------------------------------------------------------


def test_a_section_pasted_again_is_dropped_and_the_first_kept():
    first = section("#### 12、什么是GIL锁？", GIL_ANSWER, source="a.md", line=3)
    again = section("什么是GIL锁?", GIL_ANSWER.replace("，", ", ") + "\n", source="b.txt", line=40)
    result = merge_duplicates([first, again])
    assert len(result.cards) == 1
    card = result.cards[0]
    assert card.location == Location("a.md", 3) and len(card.answers) == 1
    assert card.locations == (Location("a.md", 3), Location("b.txt", 40))
    [duplicate] = result.duplicates
    assert duplicate.kind is DuplicateKind.SAME_SECTION
    assert (duplicate.kept, duplicate.other) == (Location("a.md", 3), Location("b.txt", 40))
    assert str(duplicate).startswith("b.txt:40: dropped, same section as a.md:3")


def test_a_nearly_identical_answer_is_the_same_section_up_to_the_threshold():
    edited = GIL_ANSWER.replace("多核", "多个核")
    sections = [section("GIL", GIL_ANSWER, line=1), section("GIL", edited, line=9)]
    assert kinds(merge_duplicates(sections, similarity=0.9)) == [DuplicateKind.SAME_SECTION]
    strict = merge_duplicates(sections, similarity=1.0)
    assert kinds(strict) == [DuplicateKind.SAME_QUESTION] and len(strict.cards[0].answers) == 2


# Same question, different answers ------------------------------------------------------------


def test_different_answers_to_one_question_become_one_card_in_source_order():
    sections = [
        section("闭包", "绑定外部作用域变量的函数。", source="outline.md", line=35),
        section(
            "什么是闭包?",
            "内部函数引用了外部函数的变量，外部函数返回内部函数。",
            source="basics.txt",
            line=42,
        ),
    ]
    result = merge_duplicates(sections)
    [card] = result.cards
    assert card.question == "闭包"
    assert [part.location for part in card.answers] == [
        Location("outline.md", 35),
        Location("basics.txt", 42),
    ]
    assert card.answers[0].question == "" and card.answers[1].question == "什么是闭包?"
    [duplicate] = result.duplicates
    assert duplicate.kind is DuplicateKind.SAME_QUESTION
    assert str(duplicate) == "basics.txt:42: answer merged into outline.md:35 (什么是闭包?)"


def test_merged_answers_are_labelled_with_their_source():
    sections = [
        section("闭包", "绑定外部作用域变量的函数。", source="outline.md"),
        section("什么是闭包?", "内部函数引用了外部函数的变量。", source="basics.txt"),
    ]
    html = render_card(merge_duplicates(sections).cards[0]).answer_html
    assert (
        html.index("outline.md")
        < html.index("绑定外部")
        < html.index("basics.txt › 什么是闭包?")
        < html.index("内部函数")
    )
    assert html.count('class="answer-part"') == 2


def test_two_answers_from_one_file_asked_alike_are_told_apart():
    sections = [
        section("路由器和交换机的区别？", "路由器工作在网络层。", source="qa.md", line=434),
        section("路由器和交换机的区别？", "交换机工作在数据链路层，转发帧。", source="qa.md", line=452),
    ]
    html = render_card(merge_duplicates(sections).cards[0]).answer_html
    assert re.findall(r'answer-from">([^<]*)<', html) == ["qa.md", "qa.md (2)"]


def test_the_source_line_names_the_headings_each_answer_sits_under():
    sections = [
        Section(
            Location("python.md", 3),
            "什么是闭包？",
            (Block(BlockKind.MARKDOWN, "绑定外部变量的函数。"),),
            context=("Python基础",),
        ),
        Section(
            Location("a.md", 3),
            "什么是闭包？",
            (Block(BlockKind.MARKDOWN, "函数加上它引用的环境。"),),
            context=("复习",),
        ),
    ]
    source = source_html(render_card(merge_duplicates(sections).cards[0]))
    assert source == "python.md › Python基础 › 什么是闭包？<br>a.md › 复习 › 什么是闭包？"


def test_a_merged_answer_is_labelled_with_its_question_when_worded_otherwise():
    sections = [
        section("uWSGI", "实现了 uwsgi 和 WSGI 两种协议的 Web 服务器。", source="qa.md"),
        section("### 3. uWSGI:", "应用服务器，一个应用执行的容器。", source="basics.txt", line=3),
        section(
            "uwsgi", "一种线路协议，用于 uWSGI 服务器和其他网络服务器通信。", source="basics.txt", line=9
        ),
    ]
    [card] = merge_duplicates(sections).cards
    assert [part.question for part in card.answers] == ["", "", "uwsgi"]


def test_a_paragraph_repeated_word_for_word_is_shown_once():
    shared = "TCP 面向连接、可靠、基于字节流；UDP 无连接、不可靠、面向报文。"
    sections = [
        section("TCP与UDP的区别", f"区别：\n\n{shared}", line=1),
        section("TCP和UDP的区别", f"区别：\n\n{shared}\n\nTCP 首部 20 字节，UDP 首部只有 8 字节。", line=50),
    ]
    [card] = merge_duplicates(sections).cards
    second = card.answers[1].blocks[0].text
    assert shared not in second and "首部只有 8 字节" in second
    assert "区别：" in second  # too short to be worth leaving out


def test_a_plain_text_line_repeated_word_for_word_is_shown_once():
    first = "定时快照方式(snapshot)：定时把内存写成 rdb 文件。\n\n追加文件方式(aof)：每条写命令追加到日志。"
    second = "定时快照方式(snapshot)：定时把内存写成 rdb 文件。\n追加文件方式(aof)：每条写命令追加到日志。\n混合持久化：4.0 起两者结合。"
    sections = [
        section("Redis持久化", first, line=1),
        section("Redis持久化", second, line=9, kind=BlockKind.TEXT),
    ]
    [card] = merge_duplicates(sections).cards
    assert card.answers[1].blocks[0].text == "混合持久化：4.0 起两者结合。"


def test_an_answer_the_card_already_shows_entirely_is_dropped_not_shown_empty():
    long_answer = "第一段：进程是资源分配的最小单位。\n\n第二段：线程是调度的最小单位，共享进程的内存。"
    sections = [
        section("进程和线程", long_answer, line=1),
        section("进程与线程", "第一段：进程是资源分配的最小单位。", line=9),
    ]
    result = merge_duplicates(sections)
    assert len(result.cards[0].answers) == 1
    assert kinds(result) == [DuplicateKind.SAME_SECTION]


def test_with_merging_off_only_the_first_answer_is_kept_and_the_rest_reported():
    sections = [
        section("闭包", "绑定外部作用域变量的函数。", line=1),
        section("闭包", "内部函数引用外部变量。", line=7),
    ]
    result = merge_duplicates(sections, merge=False)
    assert len(result.cards) == 1 and len(result.cards[0].answers) == 1
    assert kinds(result) == [DuplicateKind.ANSWER_DROPPED]
    assert "dedupe.merge is off" in str(result.duplicates[0])


# Same answer, different questions -----------------------------------------------------------


def test_one_answer_under_two_questions_is_one_card_with_an_alias():
    sections = [
        section("Redis存储机制", REDIS_ANSWER, source="qa.md", line=336),
        section("ZSet存储机制", "内部使用跳跃表实现。", source="qa.md", line=350),
        section("Redis持久化方式", REDIS_ANSWER, source="qa.md", line=358),
    ]
    result = merge_duplicates(sections)
    assert [card.question for card in result.cards] == ["Redis存储机制", "ZSet存储机制"]
    card = result.cards[0]
    assert card.aliases == ("Redis持久化方式",) and len(card.answers) == 1
    assert Location("qa.md", 358) in card.locations
    [duplicate] = result.duplicates
    assert duplicate.kind is DuplicateKind.SAME_ANSWER
    assert str(duplicate) == "qa.md:358: question kept as an alias on qa.md:336 (Redis持久化方式)"
    assert "Redis持久化方式" in aliases_html(render_card(card))


def test_a_short_stock_answer_does_not_join_different_questions():
    sections = [section("进程池", "同上"), section("线程池", "同上")]
    assert len(merge_duplicates(sections).cards) == 2


# What counts as the same question ------------------------------------------------------------


def test_questions_are_compared_without_numbering_markup_punctuation_width_or_case():
    assert same_question(
        "#### 12、**TCP与UDP的区别**？", "tcp和udp的区别?", "ＴＣＰ和ＵＤＰ的区别", "udp和tcp的区别"
    )
    assert same_question("什么是负载均衡 ?", "负载均衡", "请简述负载均衡")
    assert same_question("同步和异步：用来描述任务的提交方式", "同步和异步")
    assert same_question("GIL", "GIL解释器锁", "什么是GIL锁？")
    assert same_question("OSI 七层模型", "简述OSI网络七层协议?")


def test_questions_that_only_look_alike_stay_apart():
    assert not same_question("进程", "进程池")
    assert not same_question("C++和Java的区别", "C#和Java的区别")
    assert not same_question("Python2的特性", "Python3的特性")
    assert not same_question("HTTP请求头", "HTTP请求体")
    assert not same_question("解释器是什么", "器")
    assert not same_question("查询过程：缓存查询", "查询过程：域名服务器查询")
    assert not same_question("什么是GIL", "GIL何时释放")  # a gloss that asks about the acronym
    assert not same_question("GIL", "GIL如何实现")


def test_the_same_question_about_different_code_on_the_front_is_two_cards():
    sections = [
        section("What's the output?", "1", front=("print(1)",), line=1),
        section("What's the output?", "2", front=("print(2)",), line=20),
        section("What's the output?", "1", front=("print(1)",), line=40),
        section("What's the output?", "3", front=("print(1 + 2)",), line=60),
        section("What's the output?", "-1", front=("print(1 - 2)",), line=80),
        section("What's the output?", "1", front=("print( 1 )",), line=90),
    ]
    result = merge_duplicates(sections)
    assert [card.front[0].text for card in result.cards] == [
        "print(1)",
        "print(2)",
        "print(1 + 2)",
        "print(1 - 2)",
    ]
    assert kinds(result) == [DuplicateKind.SAME_SECTION, DuplicateKind.SAME_SECTION]


def test_a_leaf_heading_is_only_the_same_question_under_the_same_parent():
    sections = [
        Section(
            Location("a.md", 1), "特性", (Block(BlockKind.MARKDOWN, "Python3 的新特性。"),), parent="Python3"
        ),
        Section(
            Location("a.md", 9), "特性", (Block(BlockKind.MARKDOWN, "Java 17 的新特性。"),), parent="Java"
        ),
    ]
    assert len(merge_duplicates(sections).cards) == 2


# At scale ------------------------------------------------------------------------------------


def test_near_duplicate_answers_are_found_without_comparing_every_pair(monkeypatch):
    texts = [
        f"第{i}题的答案：进程{i}与线程{i * 7}的区别在于资源{i * 13}。\n补充说明 {i}" for i in range(1500)
    ]
    texts.append(texts[10].replace("补充说明", "另外说明"))
    calls = []
    real = near_duplicates.alike
    monkeypatch.setattr(near_duplicates, "alike", lambda *args: calls.append(1) or real(*args))
    pairs = pairs_of(texts, 0.8)
    assert pairs == [(10, 1500)]
    assert len(calls) < 100


def test_a_question_asked_very_often_is_deduplicated_without_pairwise_comparison(monkeypatch):
    from notes2anki.dedupe import merge as dedupe

    answers = [f"例子{i}：进程{i}与线程{i * 7}，资源{i * 13}。" for i in range(dedupe.PAIRWISE_GROUP * 2)]
    sections = [section("例如", answer, line=n) for n, answer in enumerate(answers + answers[:5], 1)]
    calls = []
    real = dedupe.alike
    monkeypatch.setattr(dedupe, "alike", lambda *args: calls.append(1) or real(*args))
    result = merge_duplicates(sections)
    assert len(result.cards) == 1 and len(result.cards[0].answers) == len(answers)
    assert kinds(result).count(DuplicateKind.SAME_SECTION) == 5
    assert len(calls) < len(sections)


def test_a_line_that_many_answers_share_does_not_make_them_candidates():
    boilerplate = "if __name__ == '__main__': main()"
    texts = [f"{boilerplate}\n答案{i}" for i in range(near_duplicates.MAX_LINE_SHARERS + 5)]
    assert pairs_of(texts, 0.5) == []


# The report ---------------------------------------------------------------------------------


def test_summary_counts_each_kind():
    sections = [
        section("闭包", "绑定外部作用域变量的函数。", line=1),
        section("闭包", "绑定外部作用域变量的函数。", line=5),
        section("闭包", "内部函数引用外部变量，外部函数返回内部函数。", line=9),
        section("Redis存储机制", REDIS_ANSWER, line=20),
        section("Redis持久化方式", REDIS_ANSWER, line=30),
    ]
    summary = duplicate_summary(merge_duplicates(sections).duplicates)
    assert summary == (
        "3 duplicates: 1 repeated section dropped, 1 answer merged into its question's card, "
        "1 question kept as an alias"
    )
    assert duplicate_summary(()) == "0 duplicates"


NOTES_A = """# 并发

## 什么是GIL锁？

全局解释器锁，同一时刻只有一个线程执行 Python 字节码。

## Redis存储机制

Redis 持久化分成两种：RDB 定时快照，把内存数据写成 rdb 文件；AOF 追加每条写命令到日志文件。
"""
NOTES_B = """# 复习

## 什么是GIL锁？

全局解释器锁，同一时刻只有一个线程执行 Python 字节码。

## GIL

GIL 让 CPU 密集的多线程程序无法利用多核，IO 密集时影响不大。

## Redis持久化方式

Redis 持久化分成两种：RDB 定时快照，把内存数据写成 rdb 文件；AOF 追加每条写命令到日志文件。
"""


def test_check_reports_every_drop_and_merge_with_both_places(project):
    (project / "sources" / "a.md").write_text(NOTES_A, encoding="utf-8")
    (project / "sources" / "b.md").write_text(NOTES_B, encoding="utf-8")
    runner = CliRunner()
    brief = runner.invoke(main, ["--config", str(project / "notes2anki.toml"), "build"])
    assert brief.exit_code == 0, brief.output
    assert "3 duplicates: 1 repeated section dropped, 1 answer merged" in brief.output
    assert "(`notes2anki check` lists where)" in brief.output
    assert "b.md:3" not in brief.output
    for command in (["check"], ["-v", "build"]):
        itemized = runner.invoke(main, ["--config", str(project / "notes2anki.toml"), *command])
        assert itemized.exit_code == 0, itemized.output
        lines = itemized.output.splitlines()
        assert "  b.md:3: dropped, same section as a.md:3 (什么是GIL锁？)" in lines
        assert "  b.md:7: answer merged into a.md:3 (GIL)" in lines
        assert "  b.md:11: question kept as an alias on a.md:7 (Redis持久化方式)" in lines
