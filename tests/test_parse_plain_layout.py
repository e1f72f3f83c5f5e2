"""Plain text, the hardest layout: lead-in lines, numbered parts, commands, debris, placeholders."""

from __future__ import annotations

from parse_helpers import answer, note, parse, questions, unanswered


def plain(*lines: str):
    return parse(note(*lines), name="note.txt")


def test_a_sentence_ending_in_a_colon_leads_into_its_answers_code():
    parsed = plain(
        "为什么读文件要用 with？",
        "忘了关闭会泄漏句柄，比如：",
        "with open('a.txt') as f:",
        "    data = f.read()",
    )
    assert questions(parsed) == ["为什么读文件要用 with？"]
    assert answer(parsed, "为什么读文件要用 with？").startswith("忘了关闭会泄漏句柄，比如：")


def test_numbered_parts_inside_a_numbered_answer_stay_in_it():
    parsed = plain(
        "六、如何排查慢查询？",
        "一、先打开慢查询日志：",
        "set global slow_query_log = on;",
        "二、再看执行计划：",
        "explain select 1;",
        "七、什么是回表？",
        "查了二级索引再回主键索引取行。",
    )
    assert questions(parsed) == ["如何排查慢查询？", "什么是回表？"]
    assert "二、再看执行计划" in answer(parsed, "如何排查慢查询？")


def test_full_width_numbered_parts_under_a_numbered_question_stay_in_it():
    parsed = plain(
        "4.怎么建唯一索引？",
        "1．建表时写 unique",
        "2．之后用 alter table",
        "5.什么是联合索引？",
        "多列一起建的索引。",
    )
    assert questions(parsed) == ["怎么建唯一索引？", "什么是联合索引？"]


def test_a_chinese_numbered_question_after_arabic_ones_is_a_new_question():
    parsed = plain("1、什么是栈", "后进先出", "一、队列和栈的区别？", "出入的顺序")
    assert questions(parsed) == ["什么是栈", "队列和栈的区别？"]


def test_commands_with_descriptions_are_never_questions():
    parsed = plain("磁盘相关命令", "", "df -h    查看磁盘空间", "du -sh *    查看目录大小")
    assert questions(parsed) == ["磁盘相关命令"]


def test_pasted_code_box_debris_does_not_reach_the_card():
    parsed = plain("怎么读取环境变量？", "[python]", "复制代码", "import os", "1", "os.environ.get('HOME')")
    text = answer(parsed, "怎么读取环境变量？")
    assert "[python]" not in text and "复制代码" not in text and "\n1\n" not in f"\n{text}\n"
    assert "import os" in text


def test_a_placeholder_answer_leaves_the_question_unanswered():
    parsed = plain(
        "什么是零拷贝？", "待补充", "", "什么是页缓存？", "TODO", "", "什么是 mmap？", "把文件映射进内存。"
    )
    assert questions(parsed) == ["什么是 mmap？"]
    assert unanswered(parsed) == ["什么是零拷贝？", "什么是页缓存？"]


def test_a_topic_label_is_not_part_of_the_question():
    parsed = plain("topic：同步和异步", "同步要等结果，异步不等。")
    assert questions(parsed) == ["同步和异步"]


def test_two_question_marks_on_one_line_make_one_question():
    parsed = plain("3.什么是装饰器？有什么用？", "在不改函数的前提下加功能。")
    assert questions(parsed) == ["什么是装饰器？有什么用？"]


def test_an_answer_goes_on_across_one_blank_line():
    parsed = plain("什么是死锁？", "两个线程互相等对方的锁。", "", "破坏任一必要条件即可避免。")
    assert answer(parsed, "什么是死锁？").endswith("破坏任一必要条件即可避免。")


def test_english_prose_with_two_spaces_after_a_full_stop_is_not_code():
    from notes2anki.parse.questions import is_code

    assert not is_code("the tide turns twice a day.  The moon pulls it.")
    assert is_code("ls -la    lists every file")
    assert is_code("free -m\t查看内存")


def test_a_short_real_answer_is_no_placeholder():
    parsed = plain("这个函数有副作用吗？", "无", "", "缺点呢？", "略")
    assert questions(parsed) == ["这个函数有副作用吗？"]
    assert unanswered(parsed) == ["缺点呢？"]


def test_parts_announced_by_a_lead_in_and_counted_on_stay_in_the_answer():
    parsed = plain(
        "2. 为什么面要醒？",
        "让面筋松弛，分两步：",
        "一、盖上保鲜膜：",
        "防止表皮变干",
        "二、静置半小时：",
        "室温即可",
        "3. 什么是烫面？",
        "用开水和面。",
    )
    assert questions(parsed) == ["为什么面要醒？", "什么是烫面？"]
    assert answer(parsed, "为什么面要醒？").endswith("室温即可")


def test_a_topic_line_starts_a_new_question_and_the_answer_mark_goes():
    parsed = plain(
        "1. 什么是乳化？", "答：油和水借乳化剂混成稳定的液体。", "topic：美拉德反应", "糖和氨基酸加热变褐。"
    )
    assert questions(parsed) == ["什么是乳化？", "美拉德反应"]
    assert answer(parsed, "什么是乳化？") == "油和水借乳化剂混成稳定的液体。"


def test_an_answer_mark_answers_the_line_above_even_inside_a_list_of_questions():
    parsed = plain(
        "1. 什么是过采样？",
        "2. 什么是欠采样？",
        "3. 说说 SMOTE 的思路",
        "答：（1）找近邻；（2）在连线上插值；（3）生成新样本。",
    )
    assert questions(parsed) == ["说说 SMOTE 的思路"]
    assert unanswered(parsed) == ["什么是过采样？", "什么是欠采样？"]


def test_a_long_line_that_asks_and_ends_in_a_colon_is_still_a_question():
    parsed = plain(
        "进程和线程的区别：",
        "进程是资源分配单位。",
        "协程比线程好在什么地方，适合什么场景：",
        "切换开销小，适合大量 IO。",
    )
    assert questions(parsed) == ["进程和线程的区别", "协程比线程好在什么地方，适合什么场景"]


def test_numbering_from_zero_and_a_stray_markdown_heading_in_plain_text_are_questions():
    parsed = plain("0、什么是熵？", "混乱程度的度量。", "", "## 什么是焓", "体系的内能加压力乘体积。")
    assert questions(parsed) == ["什么是熵？", "什么是焓"]
