"""parse_number: Arabic, Chinese, formal and mixed numbers, magnitudes applied."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dutygraph.importers.facts.numbers as numbers
from dutygraph.importers.facts.numbers import parse_number

_DIGITS = "零一二三四五六七八九"
_FORMAL = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")


def to_chinese(n: int) -> str:
    """Standard Chinese spelling of 0 <= n < 10**12: 10010 → 一万零一十, 105 → 一百零五."""
    if n == 0:
        return "零"

    def section(x: int) -> str:  # 0 < x < 10000
        out, zero = "", False
        for multiplier, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = x // multiplier % 10
            if digit == 0:
                zero = bool(out)
                continue
            if zero:
                out += "零"
                zero = False
            out += _DIGITS[digit] + unit
        return out

    out, gap = "", False
    for value, unit in ((n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")):
        if value == 0:
            gap = bool(out)
            continue
        if out and (gap or value < 1000):
            out += "零"
        out += section(value) + unit
        gap = False
    return out


def test_converter_spells_as_people_write() -> None:
    assert [to_chinese(n) for n in (10, 12, 105, 1010, 10010, 12000, 100000005)] == [
        "一十",
        "一十二",
        "一百零五",
        "一千零一十",
        "一万零一十",
        "一万二千",
        "一亿零五",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Arabic
        ("0", 0),
        ("93.5", 93.5),
        ("1500", 1500),
        ("1,500", 1500),
        ("1,234,567.25", 1234567.25),
        ("-5", -5),
        ("２０", 20),
        (" 2 万 ", 20000),
        # Chinese
        ("零", 0),
        ("〇", 0),
        ("五", 5),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("三十五", 35),
        ("一百", 100),
        ("一百零五", 105),
        ("一百一十", 110),
        ("两千", 2000),
        ("两千五", 2500),
        ("一千零一十", 1010),
        ("十二万", 120000),
        ("一万二千", 12000),
        ("一万二", 12000),
        ("一万零五百", 10500),
        ("二十五万", 250000),
        ("三亿五千万", 350000000),
        ("一万亿", 10**12),
        ("二〇二二", 2022),
        ("三点五", 3.5),
        ("十二点五", 12.5),
        # formal capitals and Traditional forms
        ("壹贰叁", 123),
        ("叁拾伍", 35),
        ("壹佰零伍", 105),
        ("贰仟", 2000),
        ("兩萬", 20000),
        ("三億", 300000000),
        # mixed
        ("1千", 1000),
        ("2万", 20000),
        ("1.3万", 13000),
        ("12595万", 125950000),
        ("3.5亿", 350000000),
        ("216亿", 21600000000),
        ("1千万", 10000000),
        ("三点五万", 35000),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "   ", "5%", "百分之五", "十百", "三十千", "一万二万", "abc", "1.2.3", "1,23", "2-3", "万个", "第一"],
)
def test_not_a_number(text: str) -> None:
    assert parse_number(text) is None


def test_decimal_magnitudes_are_exact() -> None:
    # 1.3 * 10000 in floats is 13000.000000000002; the parser works in decimals.
    assert parse_number("1.3万") == 13000.0
    assert parse_number("0.7亿") == 70000000.0


def test_exports() -> None:
    assert numbers.__all__ == ["parse_number"]


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_chinese_spelling_round_trips(n: int) -> None:
    spelt = to_chinese(n)
    assert parse_number(spelt) == n
    if spelt.startswith("一十"):
        assert parse_number(spelt[1:]) == n  # 十二 as well as 一十二
    assert parse_number(spelt.translate(_FORMAL)) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_arabic_round_trips(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(max_size=40),
        st.text(alphabet="0123456789.,+-零〇一二两三四五六七八九十百千万亿点壹贰拾佰萬億 ", max_size=40),
    )
)
def test_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or isinstance(value, float)
