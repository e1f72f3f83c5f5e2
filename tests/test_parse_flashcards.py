"""The card syntaxes of the flashcard plugins: Q::A, Q:::A, ?/?? cards, ==clozes== and Anki clozes."""

from __future__ import annotations

from parse_helpers import note, parse

from notes2anki.model import BlockKind, CardKind
from notes2anki.parse.clozes import cloze_numbers, cloze_question, reveal_clozes, to_anki_clozes
from notes2anki.parse.flashcards import is_flashcards_note
from notes2anki.parse.lines import to_lines

TAGGED = note(
    "#flashcards/networking",
    "",
    "# Transport layer",
    "",
    "What does UDP leave out::Ordering, retransmission and congestion control.",
    "Round-trip time:::The time a packet takes to go and its reply to come back.",
    "",
    "Why does TCP need a three-way handshake",
    "?",
    "Both sides must learn the other's initial sequence number.",
    "```text",
    "SYN -> SYN/ACK -> ACK",
    "```",
    "",
    "Socket",
    "??",
    "An endpoint of a connection: address and port.",
    "",
    "A port number has ==16== bits.",
)


def by_question(parsed):
    return {section.question: section for section in parsed.sections}


def test_inline_cards_one_way_and_reversed():
    found = by_question(parse(TAGGED))
    udp = found["What does UDP leave out"]
    assert udp.kind is CardKind.QA and udp.location.line == 5
    assert "retransmission" in udp.answer[0].text
    assert found["Round-trip time"].kind is CardKind.REVERSED


def test_multiline_cards_keep_their_code_and_reverse_with_two_question_marks():
    found = by_question(parse(TAGGED))
    handshake = found["Why does TCP need a three-way handshake"]
    assert handshake.location.line == 8 and handshake.kind is CardKind.QA
    assert [block.kind for block in handshake.answer][-1] is BlockKind.CODE
    assert found["Socket"].kind is CardKind.REVERSED


def test_highlight_is_a_cloze_known_by_its_hidden_text():
    found = by_question(parse(TAGGED))
    cloze = found["A port number has [...] bits."]
    assert cloze.kind is CardKind.CLOZE
    assert cloze.answer[0].text == "A port number has {{c1::16}} bits."


def test_the_heading_over_flashcards_is_no_card_of_them():
    assert "Transport layer" not in by_question(parse(TAGGED))


def test_without_the_tag_double_colons_and_highlights_are_text():
    text = note("# Containers", "", "Use std::vector::push_back to append; a==b compares.", "See ==this==.")
    parsed = parse(text)
    assert [section.question for section in parsed.sections] == ["Containers"]
    assert parsed.sections[0].kind is CardKind.QA


def test_double_colons_in_code_are_never_cards():
    text = note(
        "#flashcards",
        "# C++",
        "",
        "The scope operator in `ns::name` is not a card.",
        "",
        "```cpp",
        "std::string name::value;",
        "```",
    )
    parsed = parse(text)
    assert [section.kind for section in parsed.sections] == [CardKind.QA]
    assert parsed.sections[0].question == "C++"


def test_front_matter_tag_marks_the_note():
    lines = to_lines(note("---", "tags: [biology, flashcards/cells]", "---", "Cell::Unit of life"))
    assert is_flashcards_note(lines[3:], lines[:3])
    plain = to_lines(note("---", "tags: [biology]", "---", "Cell::Unit of life"))
    assert not is_flashcards_note(plain[3:], plain[:3])


def test_anki_clozes_need_no_tag():
    text = note(
        "# Chemistry",
        "",
        "Water boils at {{c1::100::a number}} degrees and freezes at {{c2::0}}.",
        "",
        "The symbol of gold is `{{c1::Au}}` in this template.",
    )
    found = by_question(parse(text))
    cloze = found["Water boils at [...] degrees and freezes at [...]."]
    assert cloze.kind is CardKind.CLOZE
    assert "`{{c1::Au}}`" in found["Chemistry"].answer[0].text  # in inline code: text


def test_cloze_text_helpers():
    assert to_anki_clozes("a ==b== and ==c== but `x == y`", highlights=True) == (
        "a {{c1::b}} and {{c2::c}} but `x == y`"
    )
    assert to_anki_clozes("keep {{cloze leaf}} nodes", highlights=False) == "keep {{c1::leaf}} nodes"
    assert to_anki_clozes("if a == b:", highlights=True) == "if a == b:"
    marked = "{{c2::Paris::a city}} is in {{c1::France}}"
    assert cloze_question(marked) == "[...] is in [...]"
    assert reveal_clozes(marked) == "Paris is in France"
    assert cloze_numbers(marked) == [1, 2]


def test_question_lines_ending_in_question_marks_are_not_separators():
    text = note("#flashcards", "# Prose", "", "Is this a card?", "No, only a paragraph.")
    parsed = parse(text)
    assert [section.question for section in parsed.sections] == ["Prose"]


def test_wiki_link_lists_are_references_not_cards():
    text = note(
        "# Routing",
        "",
        "Packets go hop by hop.",
        "",
        "## See also",
        "",
        "- [[Subnets]] — how addresses are split",
        "- [[Gateways|the default gateway]]",
    )
    parsed = parse(text)
    # "Routing" is the note's title over its introduction; "See also" only links: neither is a card.
    assert [section.question for section in parsed.sections] == []
    assert not parsed.unanswered


LOGSEQ = note(
    "- What does VACUUM reclaim? #card",
    "  card-repeats:: 2",
    "  card-ease-factor:: 2.5",
    "\t- Space held by dead row versions.",
    "\t- Example:",
    "\t  ```sql",
    "\t  VACUUM orders;",
    "\t  ```",
    "- Tables keep rows in {{cloze heap}} pages. #card",
)


def test_logseq_card_blocks_lose_their_tag_and_their_properties():
    found = by_question(parse(LOGSEQ))
    vacuum = found["What does VACUUM reclaim?"]
    text = "\n".join(block.text for block in vacuum.answer)
    assert "dead row versions" in text and "VACUUM orders;" in text and "card-repeats" not in text


def test_a_logseq_cloze_block_is_a_cloze_card():
    cloze = by_question(parse(LOGSEQ))["Tables keep rows in [...] pages."]
    assert cloze.kind is CardKind.CLOZE and cloze.answer[0].text == "Tables keep rows in {{c1::heap}} pages."


def test_an_inline_card_in_a_list_leaves_its_marker_out():
    text = note("#flashcards", "# Units", "", "- Ohm::Unit of resistance", "- Volt:::Unit of voltage")
    found = by_question(parse(text))
    assert found["Ohm"].answer[0].text == "Unit of resistance" and found["Volt"].kind is CardKind.REVERSED
