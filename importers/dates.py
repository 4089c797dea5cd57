"""When a plan's commitments are due: deadlines, horizons and recurring schedules.

Three kinds of phrase are read from plan text:

* **deadlines** — a date by which something is done: 2022年底前 → 2022-12-31, 2023年6月底前 →
  2023-06-30, and, given the plan's year, 年内 / 今年 / 9月底前. A bare year at the start of a
  clause (2022年，开展…) dates it too, but only a phrase with 前/底/末/内 (or 到/在/于…) is *due*;
* **horizons** — the period a target belongs to: 通过三年努力 / 三年内 → 三年; a programme's name
  (第二轮三年行动, 三年计划) gives its clause a horizon but never the clauses after it;
* **schedules** — recurring due dates (每季度, 每月25日前, 每季度最后一个月30日前): not one deadline
  but one per period, see :class:`~dutygraph.ontology.model.Schedule`.

>>> from dutygraph.importers.clauses import clauses
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
from dataclasses import dataclass

from dutygraph.importers.clauses import SP, Clause, blank_spans
from dutygraph.importers.numbers import parse_number
from dutygraph.ontology.model import Schedule
from dutygraph.ontology.supervision import Period

__all__ = ["LEAD", "Phrase", "annual_year", "deadlines", "horizons", "inferred_deadline", "period_name", "schedule", "schedules"]

LEAD = re.compile(
    r"(?:[\s*#>·•\-□]|[①-⑳]|[0-9]{1,3}[ \t]*[.、．](?![0-9])"
    r"|[(（][0-9一二三四五六七八九十]{1,3}[)）]"
    r"|(?:目标任务|效果清单|任务清单|工作目标|主要目标|预期目标)[ \t]*[:：])*"
)
"""What may precede the first word of a clause: bullets, list numbers, labels."""


@dataclass(frozen=True)
class Phrase:
    """A deadline, horizon or schedule phrase found in a text, ``text[start:end]``.

    ``due`` is set on deadlines stated as such (前, 底, 末, 内, 到…): a bare year is a time, not a
    due date. ``carries`` is cleared on horizons that name a programme (三年行动).
    """

    start: int
    end: int
    date: dt.date | None = None
    horizon: str | None = None
    due: bool = False
    carries: bool = True
    schedule: Schedule | None = None


_YEAR = r"(?:19|20)[0-9]{2}|[〇零一二三四五六七八九]{4}"
_DATE = re.compile(
    rf"(?P<lead>(?:计划|力争|确保|争取|预计){SP})?(?P<prep>(?:到|至|在|于|截至|截止到|截止|直至){SP})?"
    rf"(?:(?P<y0>{_YEAR}){SP}[-–—~至到]{SP})?(?P<y>{_YEAR}){SP}年"
    rf"(?:{SP}(?P<m>[0-9]{{1,2}}|十[一二]?|[一二三四五六七八九]){SP}月"
    rf"(?:{SP}(?P<d>[0-9]{{1,2}}){SP}[日号])?)?"
    rf"(?P<tail>{SP}(?:年?底|年?末|上半年|下半年|年?内)?{SP}(?:前|以前|之前)?)"
)
_NOT_A_DEADLINE = re.compile(rf"{SP}(?:后|以后|之后|起|以来|开始|至今|春|秋|寒假|暑假|是|的|为|毕业|级|届)")
_RELATIVE = re.compile(
    rf"(?P<lead>(?:计划|力争|确保|争取){SP})?(?:(?:到|至|在|于){SP})?"
    r"(?<![0-9零〇一二三四五六七八九十两百几多每近])"
    rf"(?P<w>今年|本年度?|当年|明年|年内|年底|年末)(?:底|末)?{SP}(?:前|以前|之前)?"
)
_MONTH = re.compile(
    rf"(?<![0-9年.每])(?P<m>[0-9]{{1,2}}){SP}月(?:{SP}(?P<d>[0-9]{{1,2}}){SP}[日号])?"
    rf"{SP}(?P<tail>(?:底|末)?{SP}(?:前|以前|之前)|底|末)"
)
_HORIZON = re.compile(
    rf"(?:(?:通过|用|经过){SP})?(?<![第0-9])(?P<n>[0-9]{{1,2}}|[一二两三四五六七八九十]{{1,2}}){SP}年{SP}"
    r"(?:的)?(?:时间)?(?P<kind>努力|内|计划|项目|行动|攻坚|规划)"
)
_PROGRAMME = frozenset({"计划", "项目", "行动", "攻坚", "规划"})
_CN_SMALL = "零一两三四五六七八九"
_SCHEDULE = re.compile(
    rf"每{SP}(?P<p>周|月|季度|季|半年|年)度?"
    rf"(?:{SP}(?P<last>最后一个月|末月|末|底)|{SP}第?(?P<m>[1-6一二三四五六])个?月)?"
    rf"(?:{SP}(?P<d>[0-9]{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]){SP}[日号])?"
    rf"(?:{SP}(?:前|之前|以前))?"
)
_PERIODS: dict[str, Period] = {"周": "week", "月": "month", "季度": "quarter", "季": "quarter", "半年": "half_year", "年": "year"}


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


def deadlines(text: str, found: list[Clause], year: int | None) -> list[Phrase]:
    """The deadline phrases of ``text`` (split into ``found`` clauses), in order.

    ``year`` is the plan's year, which dates 年内, 今年 and 9月底前; schedules (每月25日前) are
    no deadlines and are left to :func:`schedules`.
    """
    out: list[Phrase] = []
    for m in _DATE.finditer(text):
        tail = m.group("tail").strip()
        explicit = bool(tail) or m.group("prep") is not None
        if not explicit and (not _at_clause_start(text, found, m.start()) or _NOT_A_DEADLINE.match(text, m.end())):
            continue
        y, month, day = _int(m.group("y")), _int(m.group("m")), _int(m.group("d"))
        if y is None:
            continue
        if month is None:
            month = 6 if "上半年" in tail else 12
        date = _safe_date(y, month, day)
        if date is None:
            continue
        y0 = _int(m.group("y0"))
        horizon = f"{y0}-{y}年" if y0 is not None else f"{y}年"
        out.append(Phrase(m.start(), m.end(), date, horizon, due=explicit))
    if year is not None:
        rest = blank_spans(text, [(p.start, p.end) for p in out] + [(s.start, s.end) for s in schedules(text)])
        for m in _RELATIVE.finditer(rest):
            y = year + 1 if m.group("w") == "明年" else year
            out.append(Phrase(m.start(), m.end(), _safe_date(y), f"{y}年", due=True))
        for m in _MONTH.finditer(rest):
            month, day = _int(m.group("m")), _int(m.group("d"))
            date = _safe_date(year, month, day) if month is not None else None
            if date is not None:
                out.append(Phrase(m.start(), m.end(), date, f"{year}年", due=True))
    out = [p for p in out if p.date is not None]
    out.sort(key=lambda p: p.start)
    return out


def horizons(text: str) -> list[Phrase]:
    """The horizon phrases of ``text``: 通过三年努力, 三年内, 3年计划 → 三年."""
    out = []
    for m in _HORIZON.finditer(text):
        n = _int(m.group("n"))
        if n is not None and 0 < n < 100:
            out.append(Phrase(m.start(), m.end(), horizon=period_name(n), carries=m.group("kind") not in _PROGRAMME))
    return out


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
        day = _int(m.group("d"))
        month = -1 if m.group("last") else _int(m.group("m"))
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


_MULTI_YEAR = re.compile(
    rf"规划|十[一二三四五六七八九]五|(?:19|20)[0-9]{{2}}{SP}[-–—~至到]{SP}(?:19|20)[0-9]{{2}}|[两二三四五六七八九十]年(?:行动|计划)"
)
_ONE_YEAR = re.compile(rf"(?:19|20)[0-9]{{2}}{SP}年")


def annual_year(title: str, year: int | None) -> int | None:
    """The year an annual plan covers (2022年工作要点 → 2022), or None for a plan of several
    years (规划, 三年行动计划, 2021-2025年) or of none.

    >>> annual_year("市教育局2022年工作要点", 2022), annual_year("教育事业发展“十四五”规划", 2021)
    (2022, None)
    """
    if year is None or _MULTI_YEAR.search(title) or len(_ONE_YEAR.findall(title)) != 1:
        return None
    return year


def inferred_deadline(horizon: str | None, year: int) -> tuple[dt.date, str] | None:
    """The deadline an annual plan of ``year`` implies for a target with no date of its own:
    the end of the year (``plan_year``), or the end of its stated period (``horizon``: 三年 in a
    2022 plan ends with 2024); None for a horizon that is not a number of years.

    >>> inferred_deadline(None, 2022), inferred_deadline("三年", 2022)
    ((datetime.date(2022, 12, 31), 'plan_year'), (datetime.date(2024, 12, 31), 'horizon'))
    """
    if horizon is None or horizon == f"{year}年":
        return dt.date(year, 12, 31), "plan_year"
    n = _int(horizon.removesuffix("年")) if re.fullmatch(r"[零一两二三四五六七八九十]+年", horizon) else None
    if n is None or not 0 < n < 100:
        return None
    return dt.date(year + n - 1, 12, 31), "horizon"
