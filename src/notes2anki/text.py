"""Text forms used to compare questions and answers across notes."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Any

# Leading numbering of a question: "12、", "20.", "3)", "一、", "(1)", "Q:", "问：".
LEADING_NUMBERING = re.compile(
    r"^\s*(?:#+\s*)?(?:(?:\d+|[一二三四五六七八九十百]+)\s*[、.．)）:：]\s*|[(（]\d+[)）]\s*|(?:Q|问)\s*[:：]\s*)",
    re.IGNORECASE,
)
# Links, emphasis and tags. Brackets and tags may not nest or span lines, which keeps the match
# linear on a line of a hundred thousand "[" or "<".
INLINE_MARKUP = re.compile(r"!?\[([^\]\[\n]*)\]\([^()\n]*\)|[*_`~]+|<[^<>\n]+>")


def fold(text: str) -> str:
    """Width- and case-folded text with whitespace, punctuation and symbols removed."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] not in "PSZ")


def question_key(question: str) -> str:
    """The comparison form of a question: numbering and markup gone, then folded."""
    return fold(INLINE_MARKUP.sub(r"\1", LEADING_NUMBERING.sub("", question)))


def answer_key(answer_text: str) -> str:
    return fold(INLINE_MARKUP.sub(r"\1", answer_text))


def stable_hash(value: Any, length: int = 16) -> str:
    """A content hash that does not depend on dict order or Python's hash seed."""
    data = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:length]
