"""When a plan's commitments are due: deadlines, horizons and recurring schedules.

Three kinds of phrase are read from plan text:

* **deadlines** — a date by which something is done: 2022年底前 → 2022-12-31, 2023年6月底前 →
  2023-06-30, and, given the plan's year, 年内 / 今年 / 9月底前. A bare year at the start of a
  clause (2022年，开展…) dates it too, but only a phrase with 前/底/末/内 (or 到/在/于…) is *due*;
* **horizons** — the period a target belongs to: 通过三年努力 / 三年内 → 三年; a programme's name
  (第二轮三年行动, 三年计划) gives its clause a horizon but never the clauses after it;
* **schedules** — recurring due dates (每季度, 每月25日前, 每季度最后一个月30日前): not one deadline
  but one per period, see :class:`~dutygraph.ontology.model.Schedule`.

>>> from dutygraph.importers.facts.clauses import clauses
>>> text = "2023年6月底前完成，2022年开展"
>>> [(p.date, p.horizon, p.due) for p in deadlines(text, clauses(text), None)]
[(datetime.date(2023, 6, 30), '2023年', True), (datetime.date(2022, 12, 31), '2022年', False)]
>>> s = schedule("每季度最后一个月30日前报送")
>>> (s.period, s.month, s.day), s.next_due(dt.date(2022, 7, 1))
(('quarter', -1, 30), datetime.date(2022, 9, 30))
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass, replace
from typing import Literal

from dutygraph.importers.facts.clauses import SP, Clause, blank_spans
from dutygraph.importers.facts.numbers import parse_number
from dutygraph.ontology.model import Schedule
from dutygraph.ontology.supervision import Period

__all__ = ["DATE_RULES", "LEAD", "DateRule", "Phrase", "deadlines", "horizons", "part_date", "period_name", "schedule", "schedules", "whole_number"]

LEAD = re.compile(
    r"(?:[\s*#>·•\-□]|[①-⑳]|[0-9]{1,3}[ \t]*[.、．](?![0-9])"
    r"|[(（][0-9一二三四五六七八九十]{1,3}[)）]"
    r"|(?:目标任务|效果清单|任务清单|工作目标|主要目标|预期目标)[ \t]*[:：])*"
)
"""What may precede the first word of a clause: bullets, list numbers, labels."""


@dataclass(frozen=True)
class Phrase:
    """A deadline, horizon or schedule phrase found in a text, ``text[start:end]``.

    ``due`` is set on deadlines stated as such (前, 底, 末, 内, 到…, a quarter or a half-year):
    a bare year is a time, not a due date. ``carries`` is cleared on horizons that name a
    programme (三年行动). ``rule`` says how a deadline's date was decided (:data:`DATE_RULES`)
    and ``doubt`` why it may be wrong, where it may.
    """

    start: int
    end: int
    date: dt.date | None = None
    horizon: str | None = None
    due: bool = False
    carries: bool = True
    schedule: Schedule | None = None
    rule: DateRule = "explicit"
    doubt: str | None = None


DateRule = Literal["explicit", "relative", "school_term"]
DATE_RULES: dict[DateRule, str] = {
    "explicit": "the phrase states its year (2024年9月底前, 2024年第三季度末前)",
    "relative": "the year is the plan's (今年10月底前, 年内, 9月底前, 第三季度末前, 上半年)",
    "school_term": "a school term by convention: 春季学期开学前 → 2月底, 秋季学期开学前 → 8月31日, "
                   "春季学期末 → 7月31日, 秋季学期末 → 次年1月31日 (the latest the term can start or end)",
}
"""How a deadline phrase's date is decided. Parts of a year end where they end: a quarter on its
last day (第三季度 → 9月30日), 上半年 on 6月30日, 上旬/中旬/下旬 on the 10th, the 20th and the last
day of the month."""

_YEAR = r"(?:19|20)[0-9]{2}|[〇零一二三四五六七八九]{4}"
_MONTH_NUMBER = r"[0-9]{1,2}|十[一二]?|[一二三四五六七八九]"
_PART = (
    rf"(?:(?P<m>{_MONTH_NUMBER}){SP}月份?(?:{SP}(?P<d>[0-9]{{1,2}}){SP}[日号])?(?:{SP}(?P<xun>上旬|中旬|下旬))?"
    rf"|第?{SP}(?P<q>[1-4一二三四]){SP}季度|(?P<half>上半年|下半年))"
)
"""A part of a year: a month (and its day or 旬), a quarter, a half."""
_TAIL = rf"(?P<tail>{SP}(?:年?底|年?末|年?内|结束)?{SP}(?:前|以前|之前)?)"
_LEAD = rf"(?P<lead>(?:计划|力争|确保|争取|预计){SP})?(?P<prep>(?:到|至|在|于|截至|截止到|截止|直至){SP})?"
_DATE = re.compile(
    rf"{_LEAD}(?:(?P<y0>{_YEAR}){SP}[-–—~至到]{SP})?(?P<y>{_YEAR}){SP}年(?:{SP}{_PART})?{_TAIL}"
)
_RELATIVE = re.compile(
    rf"{_LEAD}(?<![0-9零〇一二三四五六七八九十两百几多每近])"
    rf"(?:(?P<w>今年|本年度?|当年|明年|次年)(?:{SP}{_PART})?|(?P<w2>年内|年底|年末)){_TAIL}"
)
_PERIOD = re.compile(
    rf"{_LEAD}(?P<until>[至到\-–—~]{SP})?(?<![0-9年.每第个零〇一二三四五六七八九十两])"
    rf"{_PART}{_TAIL}"
)
_TERM = re.compile(
    rf"{_LEAD}(?:(?P<y>{_YEAR}){SP}年|(?P<w>今年|本年度?|当年|明年|次年))?{SP}(?P<term>春季|秋季)"
    rf"(?:{SP}(?P<open>学期开学|开学)|{SP}学期(?P<close>末|结束|内)?){SP}(?P<before>前|以前|之前)?"
)
_HORIZON = re.compile(
    rf"(?:(?P<by>通过|用|经过|花){SP})?(?<![第0-9])(?P<n>[0-9]{{1,2}}|[一二两三四五六七八九十]{{1,2}}){SP}年{SP}"
    r"(?:左右)?(?:的)?(?:(?:时间)?(?P<kind>努力|内|计划|项目|行动|攻坚|规划)|(?P<time>时间))"
)
"""通过三年努力, 三年内, 3年计划, and 用5年时间 (a period of time with its verb)."""
_PROGRAMME = frozenset({"计划", "项目", "行动", "攻坚", "规划"})
_CN_SMALL = "零一两三四五六七八九"
_SCHEDULE = re.compile(
    rf"每{SP}(?P<p>周|月|季度|季|半年|年)度?"
    rf"(?:{SP}(?P<last>最后一个月|末月|末|底)|{SP}第?(?P<m>[1-6一二三四五六])个?月)?"
    rf"(?:{SP}(?P<d>[0-9]{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]){SP}[日号])?"
    rf"(?:{SP}(?:前|之前|以前))?"
)
_PERIODS: dict[str, Period] = {"周": "week", "月": "month", "季度": "quarter", "季": "quarter", "半年": "half_year", "年": "year"}


_NOT_A_DEADLINE = re.compile(rf"{SP}(?:后|以后|之后|起|以来|开始|至今|春|秋|寒假|暑假|是|的|为|毕业|级|届)")
_SINCE = re.compile(rf"{SP}(?:以来|来|以后|之后|后|起|开始)")
_EVERY = re.compile(rf"{SP}一{SP}[^\x00-\x7f个]")
"""一季度一通报, 半年一总结: once a period, a schedule's words, not a deadline."""
_DONE = re.compile(rf"{SP}(?:完成|投入使用|投用|建成|竣工|开工|动工|完工|到位|启动|上线|开通|印发|出台)")
"""A month followed by one of these (9月投入使用) is the month it is due in."""
_RANGE = re.compile(rf"{SP}[至到\-–—~]{SP}")
"""Between the two ends of a range (6月下旬至7月中旬)."""
_XUN = {"上旬": 10, "中旬": 20}
_TERM_DOUBT = "a school term's dates are a convention (school_term)"


def _safe_date(year: int, month: int = 12, day: int | None = None) -> dt.date | None:
    try:
        return dt.date(year, month, day if day is not None else calendar.monthrange(year, month)[1])
    except (ValueError, OverflowError):
        return None


def whole_number(token: str | None) -> int | None:
    """A whole number as the text writes it (``3``, ``三``, ``十五``), None for anything else."""
    if not token:
        return None
    value = parse_number(token)
    return int(value) if value is not None and math.isfinite(value) and value == int(value) else None


def period_name(n: int) -> str:
    """2 → 两年, 3 → 三年, 10 → 十年: horizons spelt one way.

    >>> period_name(3), period_name(2), period_name(15)
    ('三年', '两年', '十五年')
    """
    if n < 10:
        return _CN_SMALL[n] + "年"
    tens, ones = divmod(n, 10)
    spelt = ("" if tens == 1 else _CN_SMALL[tens].replace("两", "二")) + "十"
    return spelt + (_CN_SMALL[ones].replace("两", "二") if ones else "") + "年"


def _at_clause_start(text: str, found: list[Clause], at: int) -> bool:
    index = bisect.bisect_right(found, at, key=lambda clause: clause[0]) - 1
    if index < 0 or at >= found[index][1]:
        return False
    return LEAD.fullmatch(text, found[index][0], at) is not None


def part_date(year: int, m: re.Match[str]) -> dt.date | None:
    """The date a part of ``year`` ends on (a :data:`_PART` match): 9月底 → 9-30, 10月中旬 → 10-20,
    第三季度 → 9-30, 上半年 → 6-30; the year's end when no part is named; None for no date.

    >>> part_date(2024, _PERIOD.match("10月中旬前")), part_date(2024, _PERIOD.match("第三季度末"))
    (datetime.date(2024, 10, 20), datetime.date(2024, 9, 30))
    """
    if m.group("q"):
        quarter = whole_number(m.group("q"))
        return _safe_date(year, 3 * quarter) if quarter and 1 <= quarter <= 4 else None
    if m.group("half"):
        return _safe_date(year, 6 if m.group("half") == "上半年" else 12)
    month = whole_number(m.group("m"))
    if month is None:
        return _safe_date(year)
    day = whole_number(m.group("d")) or _XUN.get(m.group("xun") or "")
    return _safe_date(year, month, day)


def _term_date(year: int, m: re.Match[str]) -> dt.date | None:
    spring = m.group("term") == "春季"
    if m.group("open") or not m.group("close") and m.group("before"):
        return _safe_date(year, 2) if spring else _safe_date(year, 8, 31)
    if m.group("close"):
        return _safe_date(year, 7, 31) if spring else _safe_date(year + 1, 1, 31)
    return None


def _offset(word: str | None) -> int:
    return 1 if word in ("明年", "次年") else 0


def deadlines(text: str, found: list[Clause], year: int | None, recurring: list[Phrase] | None = None) -> list[Phrase]:
    """The deadline phrases of ``text`` (split into ``found`` clauses), in order.

    ``year`` is the plan's year, which dates 年内, 今年10月底前, 9月底前, 第三季度末前 and 上半年
    (rule ``relative``); a phrase that states its year is ``explicit``, and a month without one
    after it in the same sentence (2025年6月底前…，9月底前…) takes its year. Of a range
    (6月下旬至7月中旬) the end is due. Schedules (每月25日前) are no deadlines and are left to
    :func:`schedules` (``recurring``: those of ``text``, when already read).

    >>> from dutygraph.importers.facts.clauses import clauses
    >>> text = "今年10月底前完成，第三季度末前验收，秋季开学前投用"
    >>> [(str(p.date), p.rule) for p in deadlines(text, clauses(text), 2024)]
    [('2024-10-31', 'relative'), ('2024-09-30', 'relative'), ('2024-08-31', 'school_term')]
    """
    out: list[Phrase] = []
    rest = _blanked(text, schedules(text) if recurring is None else recurring)
    for m in _TERM.finditer(rest) if "季" in rest else ():
        y = whole_number(m.group("y")) if m.group("y") else year + _offset(m.group("w")) if year is not None else None
        date = _term_date(y, m) if y is not None else None
        if date is not None:
            out.append(Phrase(m.start(), m.end(), date, f"{y}年", due=True, rule="school_term", doubt=_TERM_DOUBT))
    rest = _blanked(rest, out)
    for m in _DATE.finditer(rest) if "年" in rest else ():
        tail = m.group("tail").strip()
        period = bool(m.group("q") or m.group("half") or m.group("xun"))
        explicit = bool(tail) or period or m.group("prep") is not None
        if not explicit and (not _at_clause_start(text, found, m.start()) or _NOT_A_DEADLINE.match(text, m.end())):
            continue
        if period and _SINCE.match(text, m.end()):
            continue
        y = whole_number(m.group("y"))
        date = part_date(y, m) if y is not None else None
        if date is None:
            continue
        y0 = whole_number(m.group("y0"))
        horizon = f"{y0}-{y}年" if y0 is not None else f"{y}年"
        out.append(Phrase(m.start(), m.end(), date, horizon, due=explicit))
    rest = _blanked(rest, out)
    if year is not None and "年" in rest:
        for m in _RELATIVE.finditer(rest):
            if _SINCE.match(text, m.end()):
                continue
            y = year + _offset(m.group("w"))
            out.append(Phrase(m.start(), m.end(), part_date(y, m), f"{y}年", due=True, rule="relative"))
        rest = _blanked(rest, out)
    if "月" in rest or "季度" in rest or "半年" in rest:
        out.extend(_periods(text, rest, found, out, year))
    out = [p for p in out if p.date is not None]
    out.sort(key=lambda p: p.start)
    return _range_ends(text, out)


def _blanked(text: str, phrases: list[Phrase]) -> str:
    return blank_spans(text, [(p.start, p.end) for p in phrases]) if phrases else text


def _periods(text: str, rest: str, found: list[Clause], dated: list[Phrase], year: int | None) -> list[Phrase]:
    """Parts of a year written without one (9月底前, 第三季度, 上半年, 10月中旬): the year of a
    date stated before them in the sentence, else the plan's."""
    out = []
    stated = sorted((p for p in dated if p.rule == "explicit" and p.date is not None), key=lambda p: p.start)
    for m in _PERIOD.finditer(rest):
        is_month = m.group("m") is not None
        tail = m.group("tail").strip()
        until = m.group("until") or (m.group("prep") or "").strip() in ("到", "至", "截至", "截止", "截止到", "直至")
        if is_month and not (tail or m.group("xun") or until or _DONE.match(text, m.end())):
            continue
        if _SINCE.match(text, m.end()) or not is_month and _EVERY.match(text, m.end()):
            continue
        before = _stated_before(stated, found, m.start())
        rule: DateRule = "explicit" if before is not None else "relative"
        y = before.date.year if before is not None and before.date is not None else year
        if y is None:
            continue
        date = part_date(y, m)
        if date is not None and before is not None and before.date is not None and date < before.date:
            date, y = part_date(y + 1, m), y + 1  # 2024年11月底前…，3月底前… → 2025年3月
        out.append(Phrase(m.start(), m.end(), date, f"{y}年", due=True, rule=rule))
    return out


def _stated_before(stated: list[Phrase], found: list[Clause], at: int) -> Phrase | None:
    """The last phrase stating its year before ``at`` in the same sentence (``stated`` sorted)."""
    last = bisect.bisect_left(stated, at, key=lambda p: p.start) - 1
    if last < 0:
        return None
    phrase = stated[last]
    clause = bisect.bisect_right(found, at, key=lambda c: c[0]) - 1
    own = bisect.bisect_right(found, phrase.start, key=lambda c: c[0]) - 1
    return phrase if clause >= 0 and own >= 0 and found[clause][2] == found[own][2] else None


def _range_ends(text: str, found: list[Phrase]) -> list[Phrase]:
    """Of two dates joined as a range (6月下旬至7月中旬, 2024年6月至9月), only the end is due."""
    out: list[Phrase] = []
    for p in found:
        joined = out and out[-1].end <= p.start and (
            _RANGE.fullmatch(text, out[-1].end, p.start) or _RANGE.match(text, p.start) and out[-1].end == p.start)
        if joined and p.due:
            out[-1] = replace(p, start=out[-1].start)
            continue
        out.append(p)
    return out


def horizons(text: str) -> list[Phrase]:
    """The horizon phrases of ``text``: 通过三年努力, 三年内, 3年计划, 用三年时间 → 三年."""
    out = []
    for m in _HORIZON.finditer(text):
        n = whole_number(m.group("n"))
        if not (m.group("kind") or m.group("by") and m.group("time")):
            continue
        if n is not None and 0 < n < 100:
            out.append(Phrase(m.start(), m.end(), horizon=period_name(n), carries=m.group("kind") not in _PROGRAMME))
    return out


_PER_HEAD = re.compile(rf"每{SP}[人户生名位家]{SP}$")
_MONEY = re.compile(rf"{SP}[0-9.,]+{SP}[万千百]?{SP}元")
_IN_RUNNING_TEXT = frozenset({"month", "quarter", "half_year"})
"""Periods read as schedules in running text; 每周/每年 there state a norm (每周1课时) or the plan's
own year, and are schedules only as the whole of a deadline (完成时限：每年)."""


def schedules(text: str, *, every_period: bool = False) -> list[Phrase]:
    """The recurring due dates of ``text``: 每季度, 每月25日前, 每季度末月20日前.

    Running text yields monthly, quarterly and half-yearly ones; ``every_period`` adds 每周 and
    每年 (a deadline column that says only that).
    """
    out = []
    for m in _SCHEDULE.finditer(text):
        if not every_period and _PERIODS[m.group("p")] not in _IN_RUNNING_TEXT:
            continue
        if _PER_HEAD.search(text, max(0, m.start() - 4), m.start()) or _MONEY.match(text, m.end()):
            continue  # 每人每月200元: a rate, not a due date
        day = whole_number(m.group("d"))
        month = -1 if m.group("last") else whole_number(m.group("m"))
        found = Schedule.of(_PERIODS[m.group("p")], month=month, day=day, text=m.group().strip())
        if found is not None:
            out.append(Phrase(m.start(), m.end(), schedule=found))
    return out


def schedule(text: str, *, every_period: bool = False) -> Schedule | None:
    """The first recurring due date written in ``text``, if any.

    >>> schedule("每季度").period, schedule("每月25日前").day, schedule("2022年底前") is None
    ('quarter', 25, True)
    >>> schedule("每年"), schedule("每年", every_period=True).period
    (None, 'year')
    """
    found = schedules(text, every_period=every_period)
    return found[0].schedule if found else None
