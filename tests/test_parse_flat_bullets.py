"""Flat bullet questions with unindented answers, "term - meaning" bullets, and outlines of questions."""

from __future__ import annotations

from parse_helpers import answer, note, parse, questions, unanswered


def test_bullets_that_ask_over_unindented_lines_are_questions_and_bare_ones_unanswered():
    parsed = parse(
        note(
            "- 列表和元组的区别  ",
            "列表可变，元组不可变。",
            "1xx：还在处理",
            "- 为什么字符串不可变",
            "```python",
            "s = 'ab'",
            "```",
            "- 协程调度",
            "- 事件循环",
        )
    )
    assert questions(parsed) == ["列表和元组的区别", "为什么字符串不可变"]
    assert answer(parsed, "列表和元组的区别") == "列表可变，元组不可变。\n1xx：还在处理"
    assert answer(parsed, "为什么字符串不可变") == "s = 'ab'"
    assert unanswered(parsed) == ["协程调度", "事件循环"]


def test_term_dash_meaning_bullets_over_examples_are_cards_of_the_term():
    parsed = parse(
        note(
            "## 字符串",
            "### 查找",
            "* [str.find](https://docs.example/find) - 返回子串的位置。",
            "```",
            "'abc'.find('b')  # 1",
            "```",
            "* [str.count](https://docs.example/count) - 数出子串出现的次数。",
            "```",
            "'aaa'.count('a')  # 3",
            "```",
        )
    )
    assert questions(parsed) == ["str.find", "str.count"]
    assert answer(parsed, "str.find").startswith("返回子串的位置。")


def test_bullets_that_are_parts_of_a_topic_stay_in_its_answer():
    parsed = parse(
        note(
            "## 版本差异",
            "",
            "- 默认编码变了",
            "",
            "  以前是 ASCII",
            "",
            "- 除法变了",
            "",
            "  3/2 得 1.5",
        )
    )
    assert questions(parsed) == ["版本差异"]


def test_an_outline_of_questions_with_no_answers_gives_unanswered_questions_only():
    parsed = parse(
        note(
            "# 浏览器问题",
            "* 缓存和 cookie 有何区别",
            "* 渲染",
            "  * 重排和重绘有何区别",
            "  * 怎么减少重排",
            "  * 合成层是什么",
        )
    )
    assert questions(parsed) == []
    assert unanswered(parsed) == [
        "缓存和 cookie 有何区别",
        "重排和重绘有何区别",
        "怎么减少重排",
        "合成层是什么",
    ]


def test_a_numbered_list_of_answered_and_bare_items_is_a_list_of_questions():
    parsed = parse(
        note(
            "## 二面",
            "",
            "1. 讲讲事件循环",
            "   > 宏任务执行完后清空微任务队列。",
            "",
            "2. 讲讲闭包",
            "3. 防抖怎么写",
            "   > 定时器每次触发时重置。",
            "",
            "    ```js",
            "    clearTimeout(timer);",
            "    ```",
            "",
            "4. 项目里最难的部分",
            "",
            "5. 打包如何提速",
            "",
            "   ### 缓存",
            "",
            "   开启 cacheDirectory。",
        )
    )
    assert questions(parsed) == ["讲讲事件循环", "防抖怎么写", "打包如何提速"]
    assert unanswered(parsed) == ["讲讲闭包", "项目里最难的部分"]
    assert "### 缓存" in answer(parsed, "打包如何提速")


def test_a_numbered_list_whose_items_all_carry_text_is_an_answer():
    parsed = parse(
        note("## 防范办法", "", "1. 校验来源", "   看 Referer 头。", "2. 加令牌", "   随机 token。")
    )
    assert questions(parsed) == ["防范办法"]


def test_in_a_note_with_no_headings_every_bullet_with_lines_under_it_is_a_question():
    parsed = parse(
        note(
            "- 覆盖索引",
            "查询的列都在索引里，不必回表。",
            "- 最左前缀",
            "```sql",
            "where a = 1 and b = 2",
            "```",
            "- 索引下推",
            "- 回表",
        )
    )
    assert questions(parsed) == ["覆盖索引", "最左前缀"]
    assert unanswered(parsed) == ["索引下推", "回表"]


def test_numbered_steps_with_some_code_under_them_stay_one_answer():
    parsed = parse(
        note(
            "## 安装",
            "",
            "1. 下载安装包",
            "    ```",
            "    wget https://example.org/x.tgz",
            "    ```",
            "2. 解压",
            "3. 写配置文件",
            "    ```",
            "    vim x.conf",
            "    ```",
        )
    )
    assert questions(parsed) == ["安装"]
