"""The years a plan's horizons cover: the year an annual plan is for, the deadline a horizon
implies, and the year an N-year horizon counts from.

A target with no date of its own is due at the end of its annual plan's year (``plan_year``), or
at the end of its stated period (``horizon``); an N年内 horizon counts from the year the text
states (自2012年起, 2012-2016年) — without one it is not dated.

>>> inferred_deadline("三年", annual_year("某市2022年工作要点", 2022))
(datetime.date(2024, 12, 31), 'horizon')
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from dutygraph.importers.facts.clauses import SP
from dutygraph.importers.facts.dates import horizons, whole_number

__all__ = ["annual_year", "horizon_starts", "horizon_years", "inferred_deadline"]


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
    n = horizon_years(horizon)
    if n is None:
        return None
    return dt.date(year + n - 1, 12, 31), "horizon"


def horizon_years(horizon: str | None) -> int | None:
    """The number of years of a horizon (三年 → 3), None for any other horizon (2022年).

    >>> horizon_years("五年"), horizon_years("2022年"), horizon_years(None)
    (5, None, None)
    """
    if horizon is None or not re.fullmatch(r"[零一两二三四五六七八九十]+年", horizon):
        return None
    n = whole_number(horizon.removesuffix("年"))
    return n if n is not None and 0 < n < 100 else None


_SENTENCE_END = re.compile("[。！？!?\n]")
_STARTS = re.compile(rf"(?<![0-9])(?P<y>(?:19|20)[0-9]{{2}}){SP}年{SP}(?:起|开始|始)")
_SPAN = re.compile(rf"(?<![0-9])(?P<y0>(?:19|20)[0-9]{{2}}){SP}年?{SP}[-–—~至到]{SP}(?P<y>(?:19|20)[0-9]{{2}}){SP}年")


def horizon_starts(text: str, title: str = "") -> dict[int, int]:
    """The year the text says each N-year horizon counts from: a sentence holding both the
    horizon and a start (自2012年起，用5年时间…; 5年内（2012-2016年）), or a title spanning N years
    (2012-2016年…规划). A horizon given two different starts has none.

    >>> horizon_starts("自2012年起，力争用5年时间基本普及学前教育。")
    {5: 2012}
    >>> horizon_starts("三年内完成。", "某市教育三年行动计划（2021-2023年）"), horizon_starts("三年内完成。")
    ({3: 2021}, {})
    """
    found: dict[int, set[int]] = {}
    for m in _SPAN.finditer(title):
        y0, y = int(m.group("y0")), int(m.group("y"))
        if y > y0:
            found.setdefault(y - y0 + 1, set()).add(y0)
    stated = {m.start() for m in _STARTS.finditer(text)} | {m.start() for m in _SPAN.finditer(text)}
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    for index in sorted({bisect.bisect_left(ends, at) for at in stated}):
        sentence = text[ends[index - 1] + 1 if index > 0 else 0 : ends[index] if index < len(ends) else len(text)]
        periods = {n for p in horizons(sentence) if (n := horizon_years(p.horizon)) is not None}
        if not periods:
            continue
        for m in _STARTS.finditer(sentence):
            for n in periods:
                found.setdefault(n, set()).add(int(m.group("y")))
        for m in _SPAN.finditer(sentence):
            y0, y = int(m.group("y0")), int(m.group("y"))
            if y - y0 + 1 in periods:
                found.setdefault(y - y0 + 1, set()).add(y0)
    return {n: next(iter(years)) for n, years in found.items() if len(years) == 1}
