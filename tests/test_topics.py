"""Topics from signal words: the question first, then grouping headings, then the answer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from notes2anki.config import Topic
from notes2anki.model import AnswerPart, Block, BlockKind, Card, Location
from notes2anki.topics import SignalMatcher, assign_topics, choose_topic, tag

TOPICS = (
    Topic("Python基础", ("数据类型", "闭包", "map", "zip", "函数")),
    Topic("并发编程", ("锁", "线程", "协程", "async", "GIL")),
    Topic("网络协议", ("IP", "TCP", "网络", "GET", "POST")),
    Topic("Web开发", ("RESTful", "REST", "keepalived", "web")),
    Topic("数据库", ("Redis", "乐观锁", "悲观锁", "索引")),
)


def card(
    question: str, answer: str = "", context: tuple[str, ...] = (), source: str = "n.md", line: int = 1
) -> Card:
    location = Location(source, line)
    return Card(
        question, (AnswerPart(location, (Block(BlockKind.TEXT, answer),)),), (location,), context=context
    )


def test_longest_signal_wins_its_words():
    assert choose_topic(card("乐观锁和悲观锁"), TOPICS) == "数据库"


def test_latin_signals_match_whole_words_only():
    assert choose_topic(card("zip的用法"), TOPICS) == "Python基础"
    assert choose_topic(card("pip install", "zip"), TOPICS) == "Python基础"
    assert choose_topic(card("q.get() 阻塞", "q.get()"), TOPICS) == ""


def test_the_question_outweighs_the_grouping_heading_and_the_answer():
    restful = card("RESTful API", "HTTP方法, TCP, IP, 网络", context=("网络编程",))
    assert choose_topic(restful, TOPICS) == "Web开发"


def test_a_tie_in_the_question_goes_to_its_subject_named_first():
    assert choose_topic(card("Redis数据类型", "字符串 函数 map"), TOPICS) == "数据库"
    assert choose_topic(card("GIL对函数的影响"), TOPICS) == "并发编程"


def test_a_misspelled_name_in_the_question_still_counts():
    assert choose_topic(card("什么是 keeppalived ?", "IP漂移"), TOPICS) == "Web开发"


def test_a_card_with_no_evidence_takes_its_predecessors_topic():
    cards = (
        card("TCP/IP协议", source="a.txt", line=1),
        card("物理层", "01100001010110", source="a.txt", line=5),
        card("池的概念", source="b.txt", line=3),
    )
    assert [c.topic for c in assign_topics(cards, TOPICS)] == ["网络协议", "网络协议", "Python基础"]


def test_tags_are_anki_safe_and_carry_topic_source_and_grouping_headings():
    (tagged,) = assign_topics((card("闭包", context=("基础 概念",), source="notes/a.md"),), TOPICS)
    assert tagged.tags == ("Python基础", "source::notes/a.md", "基础_概念")
    assert tag(' "quoted"  words ') == "quoted_words"


def test_a_merged_card_is_tagged_with_the_headings_of_each_answer():
    first, second = Location("a.md", 3), Location("b.md", 9)
    merged = Card(
        "什么是闭包？",
        (
            AnswerPart(first, (Block(BlockKind.TEXT, "函数和环境。"),), context=("基础篇", "函数")),
            AnswerPart(second, (Block(BlockKind.TEXT, "引用外层变量。"),), context=("进阶篇", "函数")),
        ),
        (first, second),
        context=("基础篇", "函数"),
    )
    (tagged,) = assign_topics((merged,), TOPICS)
    assert tagged.tags == ("Python基础", "source::a.md", "source::b.md", "基础篇", "函数", "进阶篇")


def test_a_version_of_a_name_is_no_misspelling_of_it():
    topics = (Topic("Python基础", ("Python3",)), Topic("并发编程", ("async", "协程")))
    assert choose_topic(card("python 怎么用 async ?"), topics) == "并发编程"


def test_a_quiz_front_counts_as_evidence():
    location = Location("q.md", 3)
    quiz = Card(
        "What's the output?",
        (AnswerPart(location, (Block(BlockKind.TEXT, "B"),)),),
        (location,),
        front=(Block(BlockKind.CODE, "import threading\nlock = threading.Lock()  # GIL", "python"),),
    )
    assert choose_topic(quiz, TOPICS) == "并发编程"


def test_with_no_topics_configured_each_notes_file_is_a_subdeck():
    cards = (card("闭包", source="python-basics.txt"), card("TCP", source="web/http::2.md"))
    assert [c.topic for c in assign_topics(cards, ())] == ["python-basics", "web::http:2"]
    assert assign_topics(cards, ())[0].tags[0] == "python-basics"


def test_a_subdeck_the_note_chose_comes_before_the_topics_and_its_tags_are_added():
    location = Location("n.md", 1)
    card = Card(
        "What does the GIL protect?",
        (AnswerPart(location, (Block(BlockKind.TEXT, "The interpreter state."),)),),
        (location,),
        labels=("runtime",),
        deck="CPython::Internals",
    )
    (chosen,) = assign_topics((card,), (Topic("Python", ("GIL",)),))
    assert chosen.topic == "CPython::Internals" and "runtime" in chosen.tags


def signals_by_definition(signals: list[str], folded: str) -> list[tuple[int, str]]:
    """The plain definition the automaton must meet: from left to right, at each place the longest
    signal that stands there as a whole word (a Latin letter at its start follows no letter nor
    ".", one at its end is followed by no letter), then on from its end."""

    def stands_alone(signal: str, start: int) -> bool:
        before, after = folded[start - 1 : start], folded[start + len(signal) : start + len(signal) + 1]
        word_start = not (signal[0].isascii() and signal[0].isalpha()) or not (
            before == "." or (before.isascii() and before.isalpha() and before.islower())
        )
        word_end = not (signal[-1].isascii() and signal[-1].isalpha()) or not (
            after.isascii() and after.isalpha() and after.islower()
        )
        return word_start and word_end

    found, position = [], 0
    while position < len(folded):
        here = [s for s in signals if folded.startswith(s, position) and stands_alone(s, position)]
        if here:
            longest = max(here, key=len)
            found.append((position, longest))
            position += len(longest)
        else:
            position += 1
    return found


# Few characters, so that signals overlap, nest and touch words: Latin and CJK letters, a dot, a
# space, a digit, an uppercase letter that folds, a character outside the Basic Multilingual Plane.
SIGNAL_TEXT = st.text(alphabet="abGt.锁乐观 3ß😀", min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(st.lists(SIGNAL_TEXT, min_size=1, max_size=6), st.text(alphabet="abGt.锁乐观 3ß😀x", max_size=30))
def test_the_automaton_finds_the_signals_the_plain_definition_finds(signals, text):
    matcher = SignalMatcher((Topic("t", tuple(signals)),))
    folded = text.casefold()
    assert matcher.signals_in(folded) == signals_by_definition(list(matcher.owner), folded)
