"""Quantitative targets in Chinese plan text: what is counted, how many, and by when.

A target is a metric, a value with its measure word, a comparator and, when the text says so,
a deadline and a horizon::

    新增普惠性幼儿园学位2万个以上   → 新增普惠性幼儿园学位, 20000 个, >=
    大班额比例控制在5%以内          → 大班额比例, 5 %, <=
    2022年底前 / 2023年6月底前      → deadline 2022-12-31 / 2023-06-30, horizon 2022年 / 2023年
    通过三年努力 / 三年内 / 三年计划 → horizon 三年

:func:`parse_target` reads one entry (a ①② line of a 效果清单, a 目标任务 line) and returns its
first quantity; :func:`find_targets` walks running text clause by clause and returns every
clause that commits to a number. Numbers that only name things never count as values: years
and dates, ordinals (第25届, 第12项), document numbers (〔2021〕1号), anything in quotes or book
marks (“12881”, “十四五”, 《3-6岁儿童学习与发展指南》) and names such as 5G, 1+X or 2.0试点.

How it works: quoted spans are blanked first (same length, so offsets hold), deadlines and
horizons are read from that text, then dates, ordinals and names are blanked too and the
quantities are read from what remains.

>>> facts = parse_target("②新增普惠性幼儿园学位 2 万个以上。", deadline=dt.date(2022, 12, 31))
>>> facts.metric, facts.value, facts.unit, facts.comparator, facts.deadline
('新增普惠性幼儿园学位', 20000.0, '个', '>=', datetime.date(2022, 12, 31))
>>> [(m.value, m.unit, m.comparator) for m in find_targets("入学率达到93.5%,占比达到87%以上。")]
[(93.5, '%', '='), (87.0, '%', '>=')]
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass, replace
from typing import TypeVar

from dutygraph.importers.numbers import _FULLWIDTH, parse_number
from dutygraph.ontology.model import Comparator

__all__ = ["TargetFacts", "TargetMatch", "parse_target", "find_targets"]


@dataclass(frozen=True)
class TargetFacts:
    """What one target commits to; every field is ``None`` when the text does not say.

    ``value`` has the magnitudes applied (2万个 → 20000.0) and ``unit`` is the measure word
    (个, 所, 人次, 元, %); ``deadline`` is a date, ``horizon`` a period as written canonically
    (三年, 2022年).

    >>> TargetFacts(metric="学前三年毛入学率", value=93.5, unit="%", comparator="=")
    TargetFacts(metric='学前三年毛入学率', value=93.5, unit='%', comparator='=', deadline=None, horizon=None)
    """

    metric: str | None = None
    value: float | None = None
    unit: str | None = None
    comparator: Comparator | None = None
    deadline: dt.date | None = None
    horizon: str | None = None


@dataclass(frozen=True)
class TargetMatch:
    """A clause of running text that commits to a number: where it is and what it says.

    ``start``/``end`` are offsets into the text given to :func:`find_targets`, and
    ``text == source[start:end]``. The facts are in ``facts``; ``value``, ``unit`` and the other
    fields are also readable on the match itself.

    >>> m = find_targets("全市力争补充师资4000人左右。")[0]
    >>> (m.start, m.end, m.text, m.value, m.comparator)
    (0, 15, '全市力争补充师资4000人左右', 4000.0, '=')
    """

    start: int
    end: int
    text: str
    facts: TargetFacts

    @property
    def metric(self) -> str | None:
        """What is counted, as :attr:`TargetFacts.metric`."""
        return self.facts.metric

    @property
    def value(self) -> float | None:
        """The committed number, as :attr:`TargetFacts.value`."""
        return self.facts.value

    @property
    def unit(self) -> str | None:
        """The measure word, as :attr:`TargetFacts.unit`."""
        return self.facts.unit

    @property
    def comparator(self) -> Comparator | None:
        """``=``, ``>=`` or ``<=``, as :attr:`TargetFacts.comparator`."""
        return self.facts.comparator

    @property
    def deadline(self) -> dt.date | None:
        """The date the target is due, as :attr:`TargetFacts.deadline`."""
        return self.facts.deadline

    @property
    def horizon(self) -> str | None:
        """The period the target belongs to, as :attr:`TargetFacts.horizon`."""
        return self.facts.horizon


def parse_target(
    text: str,
    *,
    deadline: dt.date | None = None,
    horizon: str | None = None,
    year: int | None = None,
) -> TargetFacts:
    """Read one target entry: its first quantity, its deadline and its horizon.

    ``deadline`` and ``horizon`` are inherited context, used only when the text has none of its
    own (效果清单：2022年底前，①…②… gives every entry that deadline). ``year`` is the plan's
    year, needed to date 年内 and 今年. A text without a number still gets its deadline and
    horizon; its metric, value, unit and comparator are ``None``.

    >>> parse_target("大班额比例控制在5%以内")
    TargetFacts(metric='大班额比例', value=5.0, unit='%', comparator='<=', deadline=None, horizon=None)
    >>> f = parse_target("①2022 年底前，全省新建、改扩建 150 所公办幼儿园；")
    >>> f.metric, f.value, f.unit, f.comparator, f.deadline, f.horizon
    ('全省新建、改扩建公办幼儿园', 150.0, '所', '=', datetime.date(2022, 12, 31), '2022年')
    >>> parse_target("③通过三年努力，提升公办幼儿园学位占比。")
    TargetFacts(metric=None, value=None, unit=None, comparator=None, deadline=None, horizon='三年')
    """
    analysis = _analyse(text, year)
    own_deadline = analysis.deadlines[0] if analysis.deadlines else None
    own_horizon = analysis.horizons[0].horizon if analysis.horizons else None
    if own_horizon is None and own_deadline is not None:
        own_horizon = own_deadline.horizon
    facts = TargetFacts(
        deadline=own_deadline.date if own_deadline else deadline,
        horizon=own_horizon or horizon,
    )
    if not analysis.quantities:
        return facts
    quantity = analysis.quantities[0]
    return _with_quantity(facts, text, analysis, quantity, analysis.clause_of(quantity.start))


def find_targets(text: str, *, year: int | None = None) -> list[TargetMatch]:
    """Every clause of running text that commits to a number with a unit or a percentage.

    The text is split into clauses at ，。；;,：: (never inside brackets or quotes, never inside
    1,500); each clause with a quantity gives one match, for its first quantity. A deadline or
    horizon that opens a sentence (or the text after a colon), or that a clause counting nothing
    states (督促各地在2020年底前，…), applies to the clauses after it until the sentence ends.
    A clause that only dates the work (…，2023年6月底前完成。) dates the figures before it in
    its sentence that have no deadline of their own.

    >>> for m in find_targets("2020年基本消除大班额(控制在5%以内),新建成芙蓉学校37所。"):
    ...     print(m.text, m.value, m.unit, m.comparator, m.deadline)
    2020年基本消除大班额(控制在5%以内) 5.0 % <= 2020-12-31
    新建成芙蓉学校37所 37.0 所 = 2020-12-31
    """
    analysis = _analyse(text, year)
    matches: list[TargetMatch] = []
    sentence = -1
    carried_deadline: dt.date | None = None
    carried_horizon: str | None = None
    undated: list[int] = []  # matches of this sentence without a deadline
    for start, end, number, first in analysis.clauses:
        if number != sentence:
            sentence, carried_deadline, carried_horizon, undated = number, None, None, []
        quantity = _first_in(analysis.quantities, start, end)
        own_deadline = _first_in(analysis.deadlines, start, end)
        own_horizon = _first_in(analysis.horizons, start, end)
        deadline = own_deadline.date if own_deadline else carried_deadline
        horizon = (
            own_horizon.horizon
            if own_horizon
            else own_deadline.horizon
            if own_deadline
            else carried_horizon
        )
        if quantity is not None:
            facts = _with_quantity(
                TargetFacts(deadline=deadline, horizon=horizon), text, analysis, quantity, (start, end)
            )
            matches.append(TargetMatch(start=start, end=end, text=text[start:end], facts=facts))
            if facts.deadline is None:
                undated.append(len(matches) - 1)
        elif own_deadline and analysis.only_dates(own_deadline, start, end):
            for i in undated:
                dated = replace(matches[i].facts, deadline=own_deadline.date,
                                horizon=matches[i].facts.horizon or own_deadline.horizon)
                matches[i] = replace(matches[i], facts=dated)
            undated = []
        if own_deadline and analysis.carries(own_deadline, start, end, quantity is not None, first):
            carried_deadline, carried_horizon = own_deadline.date, own_deadline.horizon
        if own_horizon and analysis.carries(own_horizon, start, end, quantity is not None, first):
            carried_horizon = own_horizon.horizon
    return matches


# --------------------------------------------------------------------------- internals

_FILL = "\u25a1"  # □ stands in for blanked characters; never a digit, unit or keyword
_SP = r"[ \t\u3000\xa0]*"
_CN_NUM = "零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟萬億貳參陸兩"
_CN_DIGIT = frozenset("零〇一二三四五六七八九两壹贰叁肆伍陆柒捌玖貳參陸兩")
_CN_UNIT = frozenset("十百千万亿拾佰仟萬億")

# ---- clauses

_SEPARATORS = frozenset("，。；;,！？!?：:\n")
_SENTENCE_ENDS = frozenset("。！？!?\n")
_OPENERS = {"(": ")", "（": "）", "[": "]", "［": "］", "【": "】", "〔": "〕", "《": "》",
            "〈": "〉", "“": "”", "‘": "’", "「": "」", "『": "』"}
_CLOSERS = {close: open_ for open_, close in _OPENERS.items()}
_BRACKET_REACH = 32
"""How many unclosed openers a closer looks back over for its partner."""


def _protected(text: str) -> list[bool]:
    """For each position: is it inside a matched pair of brackets or quotes?"""
    depth = [0] * (len(text) + 1)
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch == '"':
            if stack and stack[-1][0] == '"':
                _, opened = stack.pop()
                depth[opened + 1] += 1
                depth[i] -= 1
            else:
                stack.append((ch, i))
        elif ch in _OPENERS:
            stack.append((ch, i))
        elif ch in _CLOSERS:
            opener = _CLOSERS[ch]
            for j in range(len(stack) - 1, max(len(stack) - _BRACKET_REACH, 0) - 1, -1):
                if stack[j][0] == opener:
                    depth[stack[j][1] + 1] += 1
                    depth[i] -= 1
                    del stack[j:]
                    break
    inside, level = [], 0
    for i in range(len(text)):
        level += depth[i]
        inside.append(level > 0)
    return inside


def _numeric_separator(text: str, i: int) -> bool:
    """Is the comma or colon at ``i`` part of a number (1,500; 3:1)?"""
    before = text[i - 1] if i > 0 else ""
    if not ("0" <= before <= "9"):
        return False
    if text[i] == ",":
        group = text[i + 1 : i + 4]
        after = text[i + 4] if i + 4 < len(text) else ""
        return len(group) == 3 and group.isascii() and group.isdigit() and not ("0" <= after <= "9")
    after = text[i + 1] if i + 1 < len(text) else ""
    return text[i] in ":：" and "0" <= after <= "9"


_Clause = tuple[int, int, int, bool]
"""start, end, sentence number, and whether the clause opens its sentence (or follows a colon)."""


def _clauses(text: str) -> list[_Clause]:
    """The clauses of a text, trimmed of whitespace."""
    protected = _protected(text)
    found: list[_Clause] = []
    sentence, begin, opens = 0, 0, True

    def add(lo: int, hi: int) -> bool:
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if lo < hi:
            found.append((lo, hi, sentence, opens))
        return lo < hi

    for i, ch in enumerate(text):
        if ch in _SEPARATORS and not protected[i] and not _numeric_separator(text, i):
            added = add(begin, i)
            begin = i + 1
            if ch in _SENTENCE_ENDS:
                sentence += 1
                opens = True
            elif ch in ":：":
                opens = True
            elif added:
                opens = False
    add(begin, len(text))
    return found


# ---- blanking

_QUOTED = re.compile(
    r"“[^“”]*”|‘[^‘’]*’|「[^「」]*」|『[^『』]*』|〈[^〈〉]*〉|\"[^\"\n]*\"|《[^《》]*》"
    r"|[〔\[［【(（]" + _SP + r"(?:19|20)[0-9]{2}" + _SP + r"[〕\]］】)）]" + _SP + r"[0-9]*" + _SP + r"号?"
)
"""Quotes, book titles and document numbers (〔2021〕1号): names, never targets."""

_NAMES = re.compile(
    "|".join(
        [
            # years, year ranges, dates: 2022年, 2018-2020年, 2023年6月30日, 2022届
            rf"(?:19|20)[0-9]{{2}}{_SP}(?:[-–—~至到]{_SP}(?:19|20)[0-9]{{2}}{_SP})?年"
            rf"(?:{_SP}[0-9]{{1,2}}{_SP}月(?:{_SP}[0-9]{{1,2}}{_SP}[日号])?)?",
            rf"(?:19|20)[0-9]{{2}}{_SP}[-–—~]{_SP}(?:19|20)[0-9]{{2}}",
            rf"(?<![0-9])(?:19|20)[0-9]{{2}}(?={_SP}(?:届|级|版|学年|秋季|春季))",
            rf"[〇零一二三四五六七八九两]{{4}}{_SP}年",
            rf"(?<![0-9.])[0-9]{{1,2}}{_SP}月(?:{_SP}[0-9]{{1,2}}{_SP}[日号])?",
            rf"(?<![0-9.])[0-9]+{_SP}[日号]",
            # ordinals: 第25届, 第十二项, 二十九届, 项目二
            rf"第{_SP}[0-9{_CN_NUM}]+",
            rf"(?<![0-9{_CN_NUM}])[0-9{_CN_NUM}]+{_SP}届",
            rf"(?:项目|专题|任务){_SP}[{_CN_NUM}]+",
            # names: 5G, H5, 1+X, 2.0试点, 1.2.3, 十四五
            r"(?<![0-9])[0-9]+(?:\s*[+＋]\s*(?:[0-9]+|[A-Za-z]+))+",
            r"(?<![A-Za-z])[A-Za-z]+\s*[+＋]\s*[0-9]+",
            r"(?<![0-9.])[0-9][0-9.]*(?=[A-Za-z])",
            r"(?<=[A-Za-z])[0-9][0-9.]*",
            r"(?<![0-9.])[0-9]+(?:\.[0-9]+){2,}",
            r"(?<![0-9.])[0-9]+\.[0-9]+(?=\s*(?:试点|版|计划|工程|时代|行动|平台|战略|体系|建设|模式))",
            r"十[一二三四五六七八九]五",
            # list numbering: 3. at a line start, (1), （一）
            rf"(?m:^){_SP}[0-9]{{1,3}}{_SP}[.、．](?![0-9])",
            rf"[(（]{_SP}(?:[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}}){_SP}[)）]",
        ]
    )
)
"""Dates, ordinals, names and list numbers: blanked before quantities are read."""


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: _FILL * len(m.group()), text)


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for lo, hi in spans:
        chars[lo:hi] = _FILL * (hi - lo)
    return "".join(chars)


# ---- deadlines and horizons

_LEAD = re.compile(
    r"(?:[\s*#>·•\-□]|[①-⑳]|[0-9]{1,3}[ \t]*[.、．](?![0-9])"
    r"|[(（][0-9一二三四五六七八九十]{1,3}[)）]"
    r"|(?:目标任务|效果清单|任务清单|工作目标|主要目标|预期目标)[ \t]*[:：])*"
)
"""What may precede the first word of a clause: bullets, list numbers, labels."""

_YEAR = r"(?:19|20)[0-9]{2}|[〇零一二三四五六七八九]{4}"
_DATE = re.compile(
    rf"(?P<lead>(?:计划|力争|确保|争取|预计){_SP})?(?P<prep>(?:到|至|在|于|截至|截止到|截止|直至){_SP})?"
    rf"(?:(?P<y0>{_YEAR}){_SP}[-–—~至到]{_SP})?(?P<y>{_YEAR}){_SP}年"
    rf"(?:{_SP}(?P<m>[0-9]{{1,2}}|十[一二]?|[一二三四五六七八九]){_SP}月"
    rf"(?:{_SP}(?P<d>[0-9]{{1,2}}){_SP}[日号])?)?"
    rf"(?P<tail>{_SP}(?:年?底|年?末|上半年|下半年|年?内)?{_SP}(?:前|以前|之前)?)"
)
_NOT_A_DEADLINE = re.compile(rf"{_SP}(?:后|以后|之后|起|以来|开始|至今|春|秋|寒假|暑假|是|的|为|毕业|级|届)")
_RELATIVE = re.compile(
    rf"(?P<lead>(?:计划|力争|确保|争取){_SP})?(?:(?:到|至|在|于){_SP})?"
    r"(?<![0-9零〇一二三四五六七八九十两百几多每近])"
    rf"(?P<w>今年|本年度?|当年|明年|年内|年底|年末)(?:底|末)?{_SP}(?:前|以前|之前)?"
)
_MONTH = re.compile(
    rf"(?<![0-9年.])(?P<m>[0-9]{{1,2}}){_SP}月(?:{_SP}(?P<d>[0-9]{{1,2}}){_SP}[日号])?"
    rf"{_SP}(?P<tail>(?:底|末)?{_SP}(?:前|以前|之前)|底|末)"
)
_HORIZON = re.compile(
    rf"(?:(?:通过|用|经过){_SP})?(?<![第0-9])(?P<n>[0-9]{{1,2}}|[一二两三四五六七八九十]{{1,2}}){_SP}年{_SP}"
    r"(?:的)?(?:时间)?(?:努力|内|计划|项目|行动|攻坚|规划)"
)
_CN_SMALL = "零一两三四五六七八九"


@dataclass(frozen=True)
class _Phrase:
    """A deadline or horizon phrase found in the text."""

    start: int
    end: int
    date: dt.date | None
    horizon: str | None


def _safe_date(year: int, month: int = 12, day: int | None = None) -> dt.date | None:
    try:
        return dt.date(year, month, day if day is not None else calendar.monthrange(year, month)[1])
    except (ValueError, OverflowError):
        return None


def _int(token: str | None) -> int | None:
    if not token:
        return None
    value = parse_number(token)
    return int(value) if value is not None and math.isfinite(value) and value == int(value) else None


def _period(n: int) -> str:
    """2 → 两年, 3 → 三年, 10 → 十年: horizons spelt one way."""
    if n < 10:
        return _CN_SMALL[n] + "年"
    tens, ones = divmod(n, 10)
    spelt = ("" if tens == 1 else _CN_SMALL[tens].replace("两", "二")) + "十"
    return spelt + (_CN_SMALL[ones].replace("两", "二") if ones else "") + "年"


def _at_clause_start(text: str, clauses: list[_Clause], at: int) -> bool:
    index = bisect.bisect_right(clauses, at, key=lambda clause: clause[0]) - 1
    if index < 0 or at >= clauses[index][1]:
        return False
    return _LEAD.fullmatch(text, clauses[index][0], at) is not None


def _deadlines(text: str, clauses: list[_Clause], year: int | None) -> list[_Phrase]:
    found: list[_Phrase] = []
    for m in _DATE.finditer(text):
        explicit = bool(m.group("tail").strip()) or m.group("prep") is not None
        if not explicit and (
            not _at_clause_start(text, clauses, m.start()) or _NOT_A_DEADLINE.match(text, m.end())
        ):
            continue
        y, month, day = _int(m.group("y")), _int(m.group("m")), _int(m.group("d"))
        if y is None:
            continue
        if month is None:
            month = 6 if "上半年" in m.group("tail") else 12
        date = _safe_date(y, month, day)
        if date is None:
            continue
        y0 = _int(m.group("y0"))
        horizon = f"{y0}-{y}年" if y0 is not None else f"{y}年"
        found.append(_Phrase(m.start(), m.end(), date, horizon))
    if year is not None:
        rest = _blank_spans(text, [(p.start, p.end) for p in found])
        for m in _RELATIVE.finditer(rest):
            y = year + 1 if m.group("w") == "明年" else year
            found.append(_Phrase(m.start(), m.end(), _safe_date(y), f"{y}年"))
        for m in _MONTH.finditer(rest):
            month, day = _int(m.group("m")), _int(m.group("d"))
            date = _safe_date(year, month, day) if month is not None else None
            if date is not None:
                found.append(_Phrase(m.start(), m.end(), date, f"{year}年"))
    found = [p for p in found if p.date is not None]
    found.sort(key=lambda p: p.start)
    return found


def _horizons(text: str) -> list[_Phrase]:
    found = []
    for m in _HORIZON.finditer(text):
        n = _int(m.group("n"))
        if n is not None and 0 < n < 100:
            found.append(_Phrase(m.start(), m.end(), None, _period(n)))
    return found


# ---- quantities

_UNIT_WORDS: tuple[tuple[str, str], ...] = (
    # (measure word, characters that may not follow it: 一次性 is no count)
    ("个百分点", ""), ("百分点", ""), ("人次", ""), ("户次", ""), ("门次", ""), ("场次", ""),
    ("个月", ""), ("课时", ""), ("学时", ""), ("小时", ""), ("分钟", ""), ("平方公里", ""),
    ("平方米", ""), ("公里", ""), ("公顷", ""), ("台套", ""), ("%", ""), ("‰", ""),
    ("个", "性体别案"), ("所", "有谓以属在"), ("人", "民才员"), ("户", "籍口"), ("门", "户类槛"),
    ("元", "素旦"), ("名", "称义额"), ("项", "目"), ("家", "庭长属乡"), ("间", "接"), ("套", "餐"),
    ("台", "阶湾"), ("件", "事"), ("册", ""), ("篇", "章"), ("节", "日约"), ("次", "性要序数"),
    ("场", "所地馆景"), ("支", "持撑付出"), ("条", "件例款"), ("座", "谈"), ("栋", ""), ("幢", ""),
    ("张", ""), ("份", "额"), ("位次", ""), ("位", "置于列"), ("处", "室长理置"), ("亩", ""), ("米", ""),
    ("吨", ""), ("辆", ""), ("天", "然气"), ("倍", ""), ("班", "级子主额"), ("岗", "位"),
)
_UNIT_PATTERN = "|".join(
    re.escape(word) + (f"(?![{forbidden}])" if forbidden else "") for word, forbidden in _UNIT_WORDS
)
_ARABIC = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
_NUMBER = rf"{_ARABIC}(?:{_SP}[十百千万亿萬億]+)?|[{_CN_NUM}]+"
_NUMBER_START = rf"(?<![0-9]){_ARABIC}(?:{_SP}[十百千万亿萬億]+)?|(?<![{_CN_NUM}])[{_CN_NUM}]+"
"""A number where a run of digits begins: scanning never restarts inside a run."""
_QUANTITY = re.compile(
    rf"(?P<pct>百分之{_SP}(?P<pnum>{_ARABIC}|[{_CN_NUM}点]+))"
    rf"|(?P<num>{_NUMBER_START})(?:{_SP}[-–—~至到]{_SP}(?P<num2>{_NUMBER}))?"
    rf"(?P<approx>{_SP}[多余])?{_SP}(?P<unit>{_UNIT_PATTERN})"
)
_SUFFIX = re.compile(rf"{_SP}(?P<s>及以上|以上|之上|及以下|以下|以内|之内|左右|上下)")
_SUFFIX_COMPARATOR: dict[str, Comparator] = {
    "及以上": ">=", "以上": ">=", "之上": ">=", "及以下": "<=", "以下": "<=",
    "以内": "<=", "之内": "<=", "左右": "=", "上下": "=",
}
_PREFIX_COMPARATOR = re.compile(
    r"(?P<le>不超过|不高于|不多于|不足|低于|少于|小于|控制在|"
    r"(?:下降|降低|降|压减|压缩|减少|缩减|控制)(?:到|至))"
    r"|(?P<ge>不少于|不低于|至少|超过|多于|高于|大于)"
    r"|(?P<eq>大约|约)"
)
_COUNT_VERB = re.compile(
    r"(?:达到|达|新增|新建|创建|建成|建设|建|增加|完成|培训|培养|走访|开展|打造|评选|培育|招收|"
    r"补充|引进|认定|遴选|立项|支持|覆盖|提供|举办|设立|选树|扩大|提高|降低|减少|压减|控制在|"
    r"不少于|不低于|至少|超过|不超过|约|共|累计|总计|合计|改扩建|办好|资助|投入|各)" + _SP + "$"
)
_WINDOW = 10


@dataclass(frozen=True)
class _Quantity:
    start: int
    end: int
    value: float
    unit: str
    comparator: Comparator


def _chinese_count_ok(token: str, before: str, value: float, qualified: bool) -> bool:
    """Chinese numerals count only where they read as a count, not inside a word.

    两项重点 and 八项工程 name things; 新增两所 or 二十所 count them.
    """
    has_digit = any(ch in _CN_DIGIT for ch in token)
    has_unit = any(ch in _CN_UNIT for ch in token)
    if not has_digit and not token.startswith(("十", "拾")):
        return False  # 万名辅导员, 千家企业: a bare magnitude is a manner of speaking
    if len(token) > 1 and not has_unit:
        return False  # 唯一一所: digits strung together are no count
    if before.endswith(("每", "第", "前", "后", "上", "数", "几")):
        return False
    if qualified or _COUNT_VERB.search(before):
        return True
    return has_digit and has_unit and value >= 10


def _quantities(text: str, clauses: list[_Clause]) -> list[_Quantity]:
    starts = [c[0] for c in clauses]
    found: list[_Quantity] = []
    for m in _QUANTITY.finditer(text):
        at = bisect.bisect_right(starts, m.start()) - 1
        clause_start = clauses[at][0] if at >= 0 else 0
        floor = max(clause_start, found[-1].end if found else 0, m.start() - _WINDOW)
        before = text[floor : m.start()] if floor < m.start() else ""
        end = m.end()
        suffix = _SUFFIX.match(text, end)
        if suffix:
            end = suffix.end()
        if m.group("pct") is not None:
            value = parse_number(m.group("pnum"))
            unit, low, high, ranged = "%", value, value, False
        else:
            token, token2 = m.group("num"), m.group("num2")
            value = parse_number(token)
            if value is None:
                continue
            if token[0] in _CN_NUM and not _chinese_count_ok(
                token, before, value, bool(suffix or m.group("approx") or token2)
            ):
                continue
            unit = m.group("unit").replace("％", "%")
            low = high = value
            ranged = False
            if token2:
                magnitude = re.search(r"[十百千万亿萬億]+$", token2.strip())
                if magnitude and not re.search(r"[十百千万亿萬億]", token):
                    low = parse_number(token + magnitude.group())
                high = parse_number(token2)
                ranged = low is not None and high is not None
        if value is None or low is None or high is None or not math.isfinite(high):
            continue
        comparator: Comparator = "="
        prefix = list(_PREFIX_COMPARATOR.finditer(before))
        if suffix:
            comparator = _SUFFIX_COMPARATOR[suffix.group("s")]
        elif prefix and prefix[-1].lastgroup in ("le", "ge"):
            comparator = "<=" if prefix[-1].lastgroup == "le" else ">="
        elif ranged or m.group("approx"):
            comparator = ">="
        chosen = high if ranged and comparator == "<=" else low
        found.append(_Quantity(m.start(), end, chosen, unit, comparator))
    return found


# ---- metric

_TRAILING_WORDS = re.compile(
    r"(?:分别|各|均|都|将|要)?(?:达到了|达到|达|(?<![行作认成])为|是|至|到|控制在|保持在|稳定在|"
    r"(?:下降|降低|降|提高|提升|增加|增长|增|压减|压缩|减少|缩减|扩大)(?:到|至)|"
    r"不少于|不低于|不超过|不高于|不多于|不足|低于|高于|多于|少于|大于|小于|至少|超过|"
    r"大约|约|近|共计|共|累计|总计|合计|分别|各|均|的)[\s□]*$"
)
_LEADING_WORDS = re.compile(r"^(?:并且|并|同时|其中|另外|此外|要|将)")
_MODAL_WORDS = re.compile(r"力争|争取|确保|至少")
_SUFFIX_STOP = re.compile(r"[、，,;；。:：(（\[【]|和|及|与|并|且|等|同时")
_EDGE_PUNCT = " \t\u3000，,、:：;；。.()（）[]【】*□"
_SPACE_NEAR_CJK = re.compile(r"(?<=[^\x00-\x7f])\s+|(?<!\s)\s+(?=[^\x00-\x7f])")


def _squash(text: str) -> str:
    text = _SPACE_NEAR_CJK.sub("", text)
    return re.sub(r"\s+", " ", text).strip(_EDGE_PUNCT)


# ---- analysis


@dataclass(frozen=True)
class _Analysis:
    text: str  # blanked text, offsets equal to the original's
    clauses: list[_Clause]
    deadlines: list[_Phrase]
    horizons: list[_Phrase]
    quantities: list[_Quantity]

    def clause_of(self, at: int) -> tuple[int, int]:
        for start, end, _, _ in self.clauses:
            if start <= at < end:
                return start, end
        return 0, len(self.text)

    def carries(self, phrase: _Phrase, start: int, end: int, counted: bool, first: bool) -> bool:
        """Does a phrase apply to the clauses after its own? It does when it opens the sentence
        (2020年基本消除大班额…，新建…), or when its clause counts nothing and the phrase opens
        or ends it (2022年底前，…; 督促各地在2020年底前，…)."""
        opens = _LEAD.fullmatch(self.text, start, phrase.start) is not None
        if first and opens:
            return True
        return not counted and (opens or not self.text[phrase.end : end].strip(_EDGE_PUNCT))


    def only_dates(self, phrase: _Phrase, start: int, end: int) -> bool:
        """Is the clause nothing but the phrase and a word of completion (于2023年底前完成)?"""
        before = self.text[start : phrase.start].strip(_EDGE_PUNCT)
        after = self.text[phrase.end : end].strip(_EDGE_PUNCT)
        return _DATING_LEAD.fullmatch(before) is not None and _COMPLETION.fullmatch(after) is not None


_DATING_LEAD = re.compile(r"(?:并|均|全部|力争|确保|争取)?(?:于|在|到)?")
_COMPLETION = re.compile(r"(?:前|之前|以前)?(?:全部|全面|基本|如期)?(?:完成|实现|建成|到位|落实|完工|投用|投入使用)?(?:任务|目标)?")


def _analyse(text: str, year: int | None) -> _Analysis:
    narrow = text.translate(_FULLWIDTH)
    unquoted = _blank(narrow, _QUOTED)
    clauses = _clauses(unquoted)
    deadlines = _deadlines(unquoted, clauses, year)
    horizons = _horizons(unquoted)
    spans = [(p.start, p.end) for p in deadlines + horizons]
    counted = _blank(_blank_spans(unquoted, spans), _NAMES)
    return _Analysis(unquoted, clauses, deadlines, horizons, _quantities(counted, clauses))


_Spanned = TypeVar("_Spanned", _Phrase, _Quantity)


def _first_in(items: list[_Spanned], start: int, end: int) -> _Spanned | None:
    """The first of ``items`` (sorted by start) that starts in ``[start, end)``."""
    at = bisect.bisect_left(items, start, key=lambda item: item.start)
    return items[at] if at < len(items) and items[at].start < end else None


def _with_quantity(
    facts: TargetFacts, text: str, analysis: _Analysis, quantity: _Quantity, clause: tuple[int, int]
) -> TargetFacts:
    start, end = clause
    skip = [
        (p.start, p.end)
        for p in analysis.deadlines + analysis.horizons
        if p.start < quantity.start and p.end > start
    ]
    prefix = "".join(
        ch for i, ch in enumerate(text[start : quantity.start], start)
        if not any(lo <= i < hi for lo, hi in skip)
    )
    lead = _LEAD.match(prefix)
    if lead:
        prefix = prefix[lead.end() :]
    for _ in range(4):
        stripped = _TRAILING_WORDS.sub("", prefix.rstrip(_EDGE_PUNCT))
        if stripped == prefix:
            break
        prefix = stripped
    prefix = _LEADING_WORDS.sub("", prefix.lstrip(_EDGE_PUNCT))
    after = _first_in(analysis.quantities, quantity.end, end)
    following = after.start if after else end
    suffix = text[quantity.end : following]
    stop = _SUFFIX_STOP.search(suffix)
    suffix = suffix[: stop.start()] if stop else suffix
    metric = _squash(_MODAL_WORDS.sub("", prefix + suffix.lstrip().removeprefix("的")))
    return replace(
        facts,
        metric=metric or None,
        value=quantity.value,
        unit=quantity.unit,
        comparator=quantity.comparator,
    )
