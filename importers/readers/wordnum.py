"""Word's automatic numbering, rebuilt: the 一、/（一）/1. that Word draws but never stores.

A numbered paragraph of a ``.docx`` holds only its text and a reference (``w:numPr``: a list
``numId`` and a level ``ilvl``); the label comes from the numbering definitions
(``word/numbering.xml``): each list points at an abstract definition whose levels give a
format (``chineseCounting``, ``decimal``, ``decimalEnclosedCircle`` …), a start and a label
pattern (``%1、``, ``（%2）``, ``%3.``). :class:`Numbering` replays the counters paragraph by
paragraph, as Word does: a level counts on, deeper levels restart after it, lists sharing an
abstract definition share its counters unless they override the start.

>>> fmt("chineseCounting", 12), fmt("taiwaneseCountingThousand", 105), fmt("decimalEnclosedCircle", 3), fmt("ideographTraditional", 2)
('十二', '一百零五', '③', '乙')
>>> n = Numbering({"1": "10"}, {"10": {0: Level("chineseCounting", "%1、"), 1: Level("chineseCounting", "（%2）")}}, {})
>>> [n.label("1", lvl) for lvl in (0, 1, 1, 0, 1)]
['一、', '（一）', '（二）', '二、', '（一）']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Level", "Numbering", "fmt", "numbering_of"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "〇一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_MAX_LEVELS = 9


def _chinese(n: int, digits: str = _DIGITS, units: str = "十百千万") -> str:
    if n <= 0 or n >= 100000:
        return str(n)
    if n < 10:
        return digits[n]
    out, zero = [], False
    for power in (4, 3, 2, 1, 0):
        d = n // 10**power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        if not (power == 1 and d == 1 and not out):  # 十一, not 一十一
            out.append(digits[d])
        if power:
            out.append(units[power - 1])
    return "".join(out)


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                       (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def fmt(format: str, n: int) -> str:
    """Number ``n`` written in Word's number format ``format`` (``w:numFmt``)."""
    if "Counting" in format and not format.startswith("korean"):  # chinese-, taiwanese-, japaneseCounting(Thousand)
        return _chinese(n)
    if format in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _chinese(n, _LEGAL, "拾佰仟万")
    if format == "ideographDigital":
        return "".join(_DIGITS[int(d)] for d in str(n))
    if format == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if format == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if format in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else f"({n})"
    if format == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if format == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if format == "decimalFullWidth" or format == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if format == "decimalZero":
        return f"{n:02d}"
    if format == "upperLetter":
        return _letters(n)
    if format == "lowerLetter":
        return _letters(n).lower()
    if format == "upperRoman":
        return _roman(n)
    if format == "lowerRoman":
        return _roman(n).lower()
    if format in ("bullet", "none"):
        return ""
    return str(n)  # decimal and anything unknown


@dataclass(frozen=True)
class Level:
    """One level of an abstract list: format, label pattern, start, after what it restarts."""

    format: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # restarts after this (0-based) level; None: after any above
    legal: bool = False
    suffix: str = "tab"


_PLACE = re.compile(r"%([1-9])")


@dataclass
class Numbering:
    """A document's lists: ``nums`` (numId → abstractNumId), ``levels`` (abstractNumId → ilvl →
    :class:`Level`), ``starts`` (numId → ilvl → start override)."""

    nums: dict[str, str]
    levels: dict[str, dict[int, Level]]
    starts: dict[str, dict[int, int]]
    _counts: dict[str, list[int | None]] = field(default_factory=dict)
    _used: set[str] = field(default_factory=set)

    def label(self, num: str, ilvl: int) -> str:
        """The label of the next paragraph of list ``num`` at level ``ilvl`` ('' for a bullet)."""
        abstract = self.nums.get(num)
        if abstract is None or abstract not in self.levels:
            return ""
        levels = self.levels[abstract]
        ilvl = max(0, min(ilvl, _MAX_LEVELS - 1))
        level = levels.get(ilvl, Level())
        counts = self._counts.setdefault(abstract, [None] * _MAX_LEVELS)
        if num not in self._used:  # a list that overrides its start restarts there
            self._used.add(num)
            for lvl, start in self.starts.get(num, {}).items():
                if 0 <= lvl < _MAX_LEVELS:
                    counts[lvl] = start - 1
        current = counts[ilvl]
        counts[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, _MAX_LEVELS):
            restart = levels.get(deeper, Level()).restart
            if restart is None or restart > ilvl:
                counts[deeper] = None
        if level.format in ("bullet", "none"):
            return ""

        def place(m: re.Match[str]) -> str:
            k = int(m[1]) - 1
            count = counts[k]
            n = count if count is not None else levels.get(k, Level()).start
            lv = levels.get(k, Level())
            return str(n) if level.legal and k < ilvl else fmt(lv.format, n)

        text = _PLACE.sub(place, level.text)
        if text and level.suffix != "nothing" and text[-1].isalnum():
            text += " "
        return text


def _val(el, name: str) -> str | None:
    child = el.find(W + name) if el is not None else None
    return child.get(W + "val") if child is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def numbering_of(root) -> Numbering:
    """The lists defined in ``word/numbering.xml`` (its root element, or None)."""
    nums: dict[str, str] = {}
    levels: dict[str, dict[int, Level]] = {}
    starts: dict[str, dict[int, int]] = {}
    if root is None:
        return Numbering(nums, levels, starts)
    for abstract in root.iter(W + "abstractNum"):
        aid = abstract.get(W + "abstractNumId")
        defs: dict[int, Level] = {}
        for lvl in abstract.iter(W + "lvl"):
            ilvl = _int(lvl.get(W + "ilvl"), 0)
            restart = _val(lvl, "lvlRestart")
            defs[ilvl] = Level(
                format=_val(lvl, "numFmt") or "decimal",
                text=_val(lvl, "lvlText") or "",
                start=_int(_val(lvl, "start"), 1),
                restart=None if restart is None else _int(restart, 1) - 1,
                legal=lvl.find(W + "isLgl") is not None,
                suffix=_val(lvl, "suff") or "tab",
            )
        if aid is not None:
            levels[aid] = defs
    for num in root.iter(W + "num"):
        nid = num.get(W + "numId")
        aid = _val(num, "abstractNumId")
        if nid is None or aid is None:
            continue
        nums[nid] = aid
        for override in num.iter(W + "lvlOverride"):
            start = _val(override, "startOverride")
            if start is not None:
                starts.setdefault(nid, {})[_int(override.get(W + "ilvl"), 0)] = _int(start, 1)
    return Numbering(nums, levels, starts)
