"""When two questions ask the same thing: comparison keys for questions, and grouping by them.

Notes ask one question in many words: "什么是闭包?" and "闭包", "TCP和UDP的区别" and
"TCP与UDP的区别", "同步和异步：用来描述任务的提交方式" and "同步和异步". Each question is reduced to
its core (asking words, connectors, numbering, markup, punctuation, case and width gone). Looser
keys are narrower in what they may meet: a head (the words before a colon, or an acronym before
its gloss) only meets another question's core, the things compared only meet the same things in
another order, and an acronym's gloss only meets a gloss of the same acronym that holds it.
Everything is dictionary lookups: no question is compared with every other.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from notes2anki.dedupe.near_duplicates import compare_form
from notes2anki.model import record
from notes2anki.text_forms import INLINE_MARKUP, LEADING_NUMBERING, nfkc

# Language names that folding would otherwise reduce to one letter: "C++", "C#", "F#".
LANGUAGE_SYMBOLS = ((re.compile(r"(?<=[A-Za-z])\+\+"), "plusplus"), (re.compile(r"(?<=[A-Za-z])#"), "sharp"))
# Words that wrap a question without changing what it asks, applied to folded text:
# "请简述什么是GIL锁" -> "GIL锁", "asyncio 是什么" -> "asyncio", "TCP与UDP的区别" -> "TCP与UDP".
# Bare 解释/描述/介绍/说明 only count before 一下 or 什么是 ("解释器" is a word of its own).
ASKING_PREFIX = re.compile(
    r"^(?:请问|请(?!求))?"
    r"(?:简要|简单)?(?:简述|概述|阐述|谈谈|谈一谈|谈一下|说说|讲讲|(?:解释|描述|介绍|说明|说|讲)(?=一下|下|什么是))?"
    r"(?:一下|下)?"
    r"(?:什么是|何为|何谓|如何理解|怎么理解|怎样理解)?"
)
ASKING_SUFFIX = re.compile(
    r"(?:是什么意思|是什么|是啥|有哪些|有什么区别|有何区别|有什么不同|之间的区别|的区别|区别|的异同)$"
)
ENGLISH_ASKING = re.compile(r"^(?:what\s+(?:is|are)|explain|describe)\s+(?:the\s+|an?\s+)?", re.IGNORECASE)
# Words joining the things a question compares: "同步和异步", "TCP与UDP", "cookie and session".
CONNECTOR = re.compile(r"以及|[和与及跟、]|\s+(?:and|vs\.?|versus)\s+|\s*&\s*", re.IGNORECASE)
# "同步和异步：用来描述任务的提交方式": the words before an inner colon name the question.
INNER_COLON = re.compile(r"^(.+?)\s*[:：]\s*(\S.*)$")
# "IO多路复用(input/output)", "SYN FLOOD (拒绝服务攻击)": a trailing bracket glosses the question.
# A bracket of digits only ("进程 (2)") tells questions apart instead.
TRAILING_GLOSS = re.compile(r"^(.+?)\s*[(（](?=[^()（）]*[^\W\d_])[^()（）]*[)）]$")
# "GIL解释器锁", "OSI 七层模型": an acronym glossed by a few Chinese words asks about the acronym.
# Matched on folded text; the acronym must be written in capitals in the question.
ACRONYM_GLOSS = re.compile(r"^([a-z]{2,6})([\u4e00-\u9fff]{1,6})$")
# A gloss that asks something about the acronym ("GIL何时释放", "TCP如何保证可靠") does not name it:
# the question is not the acronym's own.
ASKING_GLOSS = re.compile(r"何时|如何|怎么|怎样|为什么|为何|哪些|哪个|多少|是否|能否|什么时候|什么")
# Gloss words that say what kind of thing the acronym is, not which part of it is asked about:
# "OSI七层模型" and "OSI网络七层协议" both ask about the seven layers.
GENERIC_GLOSS_WORDS = re.compile(r"协议|模型|机制|原理|概念")
# Two glossed acronyms are one question when one gloss holds the other, at least this long.
MIN_NESTED_GLOSS = 2
TRAILING_MARKS = re.compile(r"[\s?？!！。.:：]+$")


@record
class QuestionKeys:
    """``core`` equal means the same question; ``heads`` meet other questions' cores only;
    ``peers`` meet other questions' peers; ``gloss`` is (acronym, gloss words) for nesting."""

    core: str
    heads: tuple[str, ...] = ()
    peers: tuple[str, ...] = ()
    gloss: tuple[str, str] | None = None


def plain_question(question: str) -> str:
    """The question as written, without numbering, markup, English asking words or closing marks."""
    text = nfkc(question).strip()
    text = INLINE_MARKUP.sub(r"\1", LEADING_NUMBERING.sub("", text))
    for pattern, word in LANGUAGE_SYMBOLS:
        text = pattern.sub(word, text)
    return TRAILING_MARKS.sub("", ENGLISH_ASKING.sub("", text))


def _unwrapped(conjuncts: list[str]) -> list[str]:
    """Asking words sit before the first thing asked about and after the last."""
    for _ in range(2):  # "请简述…是什么" has wrappers at both ends, possibly nested
        conjuncts[0] = ASKING_PREFIX.sub("", conjuncts[0], count=1)
        conjuncts[-1] = ASKING_SUFFIX.sub("", conjuncts[-1])
    return [part for part in conjuncts if part]


def conjuncts_of(plain: str) -> list[str]:
    """The folded things a question asks about: "什么是同步和异步？" -> ["同步", "异步"]."""
    return _unwrapped([compare_form(piece) for piece in CONNECTOR.split(plain)])


def core_of(plain: str) -> str:
    """The question with asking words and connectors gone, folded: "TCP与UDP的区别" -> "tcpudp"."""
    return "".join(conjuncts_of(plain)) or compare_form(plain)


def _gloss(plain: str, conjuncts: list[str]) -> tuple[str, str] | None:
    """("osi", "网络七层") for "简述OSI网络七层协议?": an upper-case acronym and its Chinese gloss."""
    if len(conjuncts) != 1:
        return None
    match = ACRONYM_GLOSS.match(conjuncts[0])
    if not match or not re.search(rf"(?<![A-Za-z]){match.group(1).upper()}(?![A-Za-z])", plain):
        return None
    if ASKING_GLOSS.search(match.group(2)):
        return None
    return match.group(1), GENERIC_GLOSS_WORDS.sub("", match.group(2))


def question_keys(question: str) -> QuestionKeys:
    plain = plain_question(question)
    conjuncts = conjuncts_of(plain)
    core = "".join(conjuncts) or compare_form(plain)
    heads: list[str] = []
    for pattern in (INNER_COLON, TRAILING_GLOSS):
        match = pattern.match(plain)
        if match:
            heads.append(core_of(match.group(1)))
    # "udp和tcp的区别" asks what "TCP和UDP的区别" asks.
    peers = ("\x00".join(sorted(conjuncts)),) if len(conjuncts) > 1 else ()
    gloss = _gloss(plain, conjuncts)
    if gloss:
        heads.append(gloss[0])
    return QuestionKeys(core, tuple(h for h in heads if h and h != core), peers, gloss)


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, first: int, second: int) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)  # the earliest item names the group


def group_same_questions(keys: Sequence[QuestionKeys], scopes: Sequence[str]) -> list[int]:
    """For each question, the index of the first question asking the same thing.

    Questions are only compared within one scope: the material shown with them on the front
    (a quiz's code) and the heading they need to make sense ("Python3特性和变化 › 特性").
    """
    groups = _UnionFind(len(keys))
    by_core: dict[tuple[str, str], int] = {}
    by_peer: dict[tuple[str, str], int] = {}
    for index, (scope, key) in enumerate(zip(scopes, keys, strict=False)):
        if not key.core:
            continue  # nothing to compare: a question of symbols only stays on its own
        groups.union(by_core.setdefault((scope, key.core), index), index)
        for peer in key.peers:
            groups.union(by_peer.setdefault((scope, peer), index), index)
    for index, (scope, key) in enumerate(zip(scopes, keys, strict=False)):
        for head in key.heads:
            if (scope, head) in by_core:
                groups.union(by_core[(scope, head)], index)
    _join_nested_glosses(keys, scopes, groups)
    return [groups.find(index) for index in range(len(keys))]


def _join_nested_glosses(keys: Sequence[QuestionKeys], scopes: Sequence[str], groups: _UnionFind) -> None:
    """ "OSI七层模型" and "OSI网络七层协议": one acronym, and one gloss holds the other."""
    holders: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for index, (scope, key) in enumerate(zip(scopes, keys, strict=False)):
        if key.gloss:
            acronym, words = key.gloss
            for size in range(MIN_NESTED_GLOSS, len(words) + 1):
                for start in range(len(words) - size + 1):
                    holders[(scope, acronym, words[start : start + size])].append(index)
    for index, (scope, key) in enumerate(zip(scopes, keys, strict=False)):
        if key.gloss and len(key.gloss[1]) >= MIN_NESTED_GLOSS:
            for other in holders.get((scope, *key.gloss), ()):
                groups.union(other, index)
