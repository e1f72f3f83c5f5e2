"""Small hand-made notes for presentation tests, built straight from the model (no parsing)."""

from __future__ import annotations

from notes2anki.model import AnswerPart, Block, BlockKind, Card, Location, Note
from notes2anki.render.cards import render_card

LONG_CODE_LINE = "result = compute(" + ", ".join(f"argument_{i}" for i in range(30)) + ")"
SAMPLE_TIME = 1_700_000_000


def sample_note(
    question: str,
    blocks: tuple[Block, ...],
    *,
    topic: str = "Python基础",
    parent: str = "",
    aliases: tuple[str, ...] = (),
    context: tuple[str, ...] = (),
    line: int = 1,
    question_markdown: str = "",
) -> Note:
    location = Location("sample.md", line)
    card = Card(
        question=question,
        answers=(AnswerPart(location, blocks, context=context, parent=parent),),
        locations=(location,),
        context=context,
        parent=parent,
        aliases=aliases,
        topic=topic,
        tags=(topic, "source::sample.md"),
        question_markdown=question_markdown,
    )
    return Note(
        rendered=render_card(card), guid=f"sample-{line}", modified=SAMPLE_TIME, content_hash=str(line)
    )


def sample_notes() -> tuple[Note, ...]:
    """A card of each kind the card CSS styles: code, a list and a table, aliases, a parent heading."""
    return (
        sample_note(
            "什么是装饰器？",
            (
                Block(BlockKind.TEXT, "装饰器 wraps a function:"),
                Block(
                    BlockKind.CODE, f"def timed(func):\n    return func  # 计时\n{LONG_CODE_LINE}\n", "python"
                ),
            ),
            aliases=("decorator 是什么", "Python 装饰器"),
            context=("Python基础",),
            line=1,
        ),
        sample_note(
            "特性",
            (
                Block(
                    BlockKind.MARKDOWN,
                    "- print 是函数\n- 整数除法 `//`\n\n| 版本 | 除法 |\n|---|---|\n| 2 | 3/2=1 |\n",
                ),
            ),
            parent="Python3特性和变化",
            line=10,
        ),
        sample_note(
            "TCP 三次握手",
            (Block(BlockKind.TEXT, "SYN, SYN+ACK, ACK"),),
            topic="网络协议",
            line=20,
        ),
    )
