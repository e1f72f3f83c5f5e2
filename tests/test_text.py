"""The comparison forms of questions and answers."""

from __future__ import annotations

import hashlib
import json
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from notes2anki.hashing import stable_hash
from notes2anki.text_forms import answer_key, fold, nfkc, question_key


def by_definition(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] not in "PSZ")


@given(st.text(st.characters(codec="utf-8")))
def test_fold_drops_exactly_whitespace_punctuation_symbols_and_separators(text):
    assert fold(text) == by_definition(text)


def test_fold_on_the_kinds_of_text_notes_hold():
    assert fold("什么是 GIL？（全局解释器锁）") == "什么是gil全局解释器锁"
    assert fold("Ｆｕｌｌ－ｗｉｄｔｈ, 　ideographic space") == "fullwidthideographicspace"
    assert fold("emoji 🚀 and ㎏ and é") == "emojiandkgandé"
    assert fold("tab\tnew\nline\u00a0nbsp_under") == "tabnewlinenbspunder"


# Full-width forms beside what might combine with them or with what they become: combining marks,
# a Hangul syllable and its trailing jamo, a character NFKC turns into several.
NEAR_FULL_WIDTH = st.text(st.sampled_from("，；？Ａａ０　（）～＂\u0301\u0308\u3099か가\u11a8é㎏ﬁ ae\n"))


@given(st.text(st.characters(codec="utf-8")) | NEAR_FULL_WIDTH)
def test_nfkc_is_unicodes_nfkc(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_question_and_answer_keys_drop_numbering_and_markup():
    assert question_key("12、**什么是** [协程](https://x.y)？") == "什么是协程"
    assert answer_key("`yield` <b>暂停</b>") == "yield暂停"


@given(st.lists(st.text(st.characters(codec="utf-8"))) | st.text() | st.lists(st.integers() | st.text()))
def test_stable_hash_is_the_hash_of_compact_sorted_json(value):
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert stable_hash(value, 64) == hashlib.sha256(text.encode("utf-8")).hexdigest()
