"""Numbers as Chinese plans write them: ``93.5``, ``1,500``, ``三十五``, ``一万二千``, ``1.3万``.

:func:`parse_number` reads one number token and applies the magnitudes 十 百 千 万 亿, whether the
digits are Arabic (``12595万``, ``3.5亿``), Chinese (``两千``, ``一百零五``, ``二〇二二``) or the
formal capitals used in accounts (``壹佰贰拾``). It reads a token, not a sentence: finding the
numbers inside running text is the job of :mod:`dutygraph.importers.facts.targets`.

>>> [parse_number(s) for s in ("2万", "一万二千", "1,500", "百分比")]
[20000.0, 12000.0, 1500.0, None]
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["parse_number"]

_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９％．，＋－～"
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
    "0123456789%.,+-~"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "abcdefghijklmnopqrstuvwxyz",
)
"""Full-width digits, signs and letters to ASCII; one character for one, so offsets survive."""

# Formal capitals (大写) and Traditional forms to the everyday digits and units.
_CANONICAL = str.maketrans(
    "壹贰貳叁參弎肆伍陆陸柒捌玖拾佰仟萬億兩〇",
    "一二二三三三四五六六七八九十百千万亿两零",
)

_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = (("亿", 10**8), ("万", 10**4), ("千", 1000), ("百", 100), ("十", 10))
_SMALL_UNITS = frozenset("千百十")
_ARABIC = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_SIGNED_ARABIC = re.compile(r"[+-]?" + _ARABIC.pattern)
_MAX_CHINESE = 64
"""Longer Chinese tokens are not numbers; the limit also bounds the recursion."""


def parse_number(text: str) -> float | None:
    """The value of one number token, magnitudes applied, or ``None`` if it is not a number.

    Whitespace inside the token is ignored (``2 万`` reads as ``2万``). A leading sign is
    accepted on plain Arabic numbers only. Percent signs and measure words are not part of a
    number: ``parse_number("5%")`` is ``None``.

    >>> parse_number("三十五"), parse_number("一百零五"), parse_number("两千")
    (35.0, 105.0, 2000.0)
    >>> parse_number("十二万"), parse_number("1.3万"), parse_number("3.5亿")
    (120000.0, 13000.0, 350000000.0)
    >>> parse_number("二〇二二"), parse_number("叁拾伍"), parse_number("三点五")
    (2022.0, 35.0, 3.5)
    >>> parse_number("5%") is None
    True
    """
    token = "".join(text.split()).translate(_FULLWIDTH)
    if not token:
        return None
    if _SIGNED_ARABIC.fullmatch(token):
        return float(Decimal(token.replace(",", "")))
    if len(token) > _MAX_CHINESE:
        return None
    value = _value(token.translate(_CANONICAL))
    return None if value is None else float(value)


def _value(token: str) -> Decimal | None:
    """Value of a canonical token (everyday digits, 万/亿), exact, or ``None``."""
    if not token:
        return None
    if _ARABIC.fullmatch(token):
        return Decimal(token.replace(",", ""))
    if all(ch in _DIGITS for ch in token):
        # 五, or digit by digit as years are written: 二〇二二.
        return Decimal("".join(str(_DIGITS[ch]) for ch in token))
    if "点" in token:
        whole, _, fraction = token.partition("点")
        if fraction and all(ch in _DIGITS for ch in fraction):
            whole_value = _value(whole) if whole else Decimal(0)
            if whole_value is None:
                return None
            return whole_value + Decimal("0." + "".join(str(_DIGITS[ch]) for ch in fraction))
    for unit, multiplier in _UNITS:
        at = token.rfind(unit)
        if at >= 0:
            return _split_at(token[:at], token[at + 1 :], unit, multiplier)
    return None


def _split_at(left: str, right: str, unit: str, multiplier: int) -> Decimal | None:
    """``left × unit + right``, where ``right`` must stay below the unit."""
    if not left:
        left_value: Decimal | None = Decimal(1)  # 十二, 千家: the count one is implied
    elif unit in _SMALL_UNITS and not (left in _DIGITS or _ARABIC.fullmatch(left)):
        return None  # 十百, 三十千: a small unit takes a single digit
    else:
        left_value = _value(left)
        if left_value is not None and left_value >= multiplier and not _ARABIC.fullmatch(left):
            return None  # 一万二万: a Chinese count of a unit stays below that unit (12595万 may not)
    if left_value is None:
        return None
    stripped = right.lstrip("零")
    if not stripped:
        right_value = Decimal(0)
    elif stripped == right and unit != "十" and right in _DIGITS:
        # 一万二 is 12000 and 两千五 is 2500: the next unit down is implied.
        right_value = Decimal(_DIGITS[right]) * multiplier / 10
    else:
        parsed = _value(stripped)
        if parsed is None or parsed >= multiplier:
            return None
        right_value = parsed
    try:
        return left_value * multiplier + right_value
    except InvalidOperation:  # pragma: no cover - Decimal overflow on absurd input
        return None
