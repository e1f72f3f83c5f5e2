"""The words a set of questions is about: the candidates `notes2anki init` proposes as signals.

Latin words are taken whole; Chinese text, which has no spaces, is cut at its asking and joining
words ("什么是闭包？" -> "闭包", "TCP和UDP的区别" -> "TCP", "UDP"), and what is left between them is a term.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

# "C++", "Node.js", "map/reduce" is two; "x86-64" one. A letter first, so "3.5" is no term.
LATIN_TERM = re.compile(r"[A-Za-z][A-Za-z0-9+#]*(?:[.-][A-Za-z0-9+#]+)*")
CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
# Words that ask or join, never a subject: "What is the difference between X and Y?" leaves X, Y.
LATIN_STOP_TEXT = """a about advantages after all also an and answer any are as at avoid be been before between
    but by call called can compared correct could create define describe did difference differences
    disadvantages do does during each encountered example explain explanation first following for
    from get give happen happens has have how i if in into is it its list main make mean means more
    most name new not of on one only or other output own read result same should some than that the
    their them then there these they this to two use used uses using versus vs was way ways we what
    whats when where which while who why will with work works would write you your"""
LATIN_STOP_WORDS = frozenset(LATIN_STOP_TEXT.split())
# Cut points in Chinese questions: "什么是GIL锁？", "进程和线程的区别", "如何理解资源", "为什么需要长连接",
# and in headings: "web相关".
# Longest first, so that "为什么" is cut before "什么".
CJK_STOP_TEXT = """为什么 什么是 是什么 有哪些 有什么 怎么样 如何 怎么 什么 哪些 区别 简述 介绍 解释 说说 谈谈 理解
    以及 相关 关系 作用 原理 方式 方法 使用 实现 问题 一个 一下 可以 需要 之间 和 与 及 或 的 是 有 在 中 了
    吗 呢 么 对 请 下 种 个 些"""
CJK_STOP_WORDS = sorted(CJK_STOP_TEXT.split(), key=len, reverse=True)
CJK_CUT = re.compile("|".join(map(re.escape, CJK_STOP_WORDS)))
MIN_CJK_TERM, MAX_CJK_TERM = 2, 6  # "闭包" .. "垃圾回收机制"; a longer run is a phrase, not a term


def terms_of(text: str) -> list[str]:
    """The terms of one question or heading, in order, each once: "Python垃圾回收机制" ->
    ["Python", "垃圾回收机制"]; "What is a closure in JavaScript?" -> ["closure", "JavaScript"]."""
    found = [
        word for word in LATIN_TERM.findall(text) if len(word) > 1 and word.casefold() not in LATIN_STOP_WORDS
    ]
    pieces = (piece for run in CJK_RUN.findall(text) for piece in CJK_CUT.split(run))
    found.extend(piece for piece in pieces if MIN_CJK_TERM <= len(piece) <= MAX_CJK_TERM)
    return list(dict.fromkeys(found))


def term_counts(texts: Iterable[str]) -> Counter[str]:
    """In how many of ``texts`` each term stands, by its case-folded form; the first spelling met
    is kept (see spelling_of)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({term.casefold() for term in terms_of(text)})
    return counts


def spelling_of(texts: Iterable[str]) -> dict[str, str]:
    """Each term's case-folded form -> the spelling it first has in ``texts`` ("javascript" -> "JavaScript")."""
    spelled: dict[str, str] = {}
    for text in texts:
        for term in terms_of(text):
            spelled.setdefault(term.casefold(), term)
    return spelled
