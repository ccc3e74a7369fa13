"""What a cell holds: parsing numbers as published, never turning blank into 0."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.model import NUMERIC_KINDS, Kind
from generator.values import State, is_text, parse, parse_unit


@pytest.mark.parametrize("raw,kind,number,rule", [
    ("1.47万元", Kind.AMOUNT_WAN, 1.47, "V4"),
    ("19万", Kind.COUNT, 190000, "V4"),
    ("增1万", Kind.SIGNED, 10000, "V4"),
    ("减5", Kind.SIGNED, -5, "V4"),
    ("-55", Kind.SIGNED, -55, ""),
    ("+1036", Kind.SIGNED, 1036, "V2"),
    ("974.20万元", Kind.AMOUNT, 974.2, "V4"),
    ("73802895.90元", Kind.AMOUNT, 73802895.9, "V4"),
    ("5000元", Kind.AMOUNT_WAN, 0.5, "V4"),
    (" 1 ", Kind.COUNT, 1, "V7"),
    ("[bookmark: _GoBack]3", Kind.COUNT, 3, "V7"),
    ("１２", Kind.COUNT, 12, "V7"),
    (7, Kind.COUNT, 7, ""),
    (7.0, Kind.COUNT, 7, ""),
])
def test_published_variants_are_converted_and_the_conversion_is_named(raw, kind, number, rule):
    p = parse(raw, kind)
    assert p.state is State.NUMBER and p.number == number and p.note_rule == rule
    assert bool(p.note) == bool(rule)


@pytest.mark.parametrize("raw,state", [(None, State.BLANK), ("", State.BLANK), ("  ", State.BLANK),
                                       ("/", State.SLASH), ("／", State.SLASH), ("无", State.TEXT),
                                       ("增1万", State.TEXT), ("—", State.TEXT), (True, State.TEXT)])
def test_blank_slash_and_words_are_not_numbers(raw, state):
    p = parse(raw, Kind.COUNT)
    assert p.state is state and p.number is None


def test_amount_unit():
    assert parse("974.20万元", Kind.AMOUNT).unit == "万元"
    assert parse_unit(" 元 ") == "元" and parse_unit("美元") is None and parse_unit(3) is None


@given(st.text(max_size=12), st.sampled_from(list(Kind)))
def test_parse_never_raises_and_numbers_come_from_digits_in_the_text(raw, kind):
    p = parse(raw, kind)
    if p.state is State.NUMBER:
        assert any(ch.isdigit() for ch in raw)
    else:
        assert p.number is None


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_integers_typed_as_text_read_back_exactly(n):
    assert parse(str(n), Kind.SIGNED).number == n



@given(st.lists(st.sampled_from(["1", "23", ".5", "+", "-", "增", "加", "减少", "新增", "万", "元", "/", "／", " ", "\u3000",
                                 "[bookmark: _GoBack]", ",", "，", "１", "件", "本年", "。"]), max_size=8).map("".join))
def test_is_text_only_for_what_parses_as_text_for_every_kind(raw):
    if is_text(raw):
        assert {parse(raw, kind).state for kind in NUMERIC_KINDS} == {State.TEXT}


def test_is_text_examples():
    assert is_text("本年新收政府信息公开申请数量") and is_text("19件")
    assert not any(map(is_text, ["23", " 1 ", "1.47万元", "+1036", "增1万", "", "/", "[bookmark: _GoBack]"]))
