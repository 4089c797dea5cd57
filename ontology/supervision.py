"""What a supervisor (督查室) adds to a plan: schedules, statuses, links between documents, corrections.

These are parts of the model (:mod:`dutygraph.ontology.model` re-exports them):

* :class:`Schedule` — a recurring due date (每季度最后一个月30日前) on a target, in place of one
  deadline; :meth:`Schedule.next_due` gives the date due on or after a day;
* :class:`Reference` — a progress row's 来源 (（十政办发〔2021〕1号）第12项): the plan, by its
  document number, and the item it reports on; ``target`` is that item's id once its plan is
  imported too;
* :class:`Correction` — an edit a planner made to what was read (set the lead office, drop a
  false target, set a status …), with the file and line of the corrections file that made it.

>>> s = Schedule.of("quarter", month=-1, day=30, text="每季度最后一个月30日前")
>>> [s.next_due(dt.date(2022, m, 1)) for m in (1, 4, 10)]
[datetime.date(2022, 3, 30), datetime.date(2022, 6, 30), datetime.date(2022, 12, 30)]
>>> Schedule.of("month", text="每月").next_due(dt.date(2022, 2, 10))
datetime.date(2022, 2, 28)
>>> Schedule.of("quarter", month=5) is None   # a quarter has no fifth month
True
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Literal

from pydantic import Field

from dutygraph.ontology.sources import Frozen

__all__ = [
    "CorrectionOp",
    "Correction",
    "DeadlineRule",
    "Period",
    "ProgressStatus",
    "Reference",
    "Schedule",
    "Share",
]

DeadlineRule = Literal["explicit", "plan_year", "horizon", "corrected", "relative", "school_term"]
"""Where a target's deadline comes from.

``explicit``: the text states it (2022年底前, a 完成时限 column). ``relative``: the text states it
without its year, which is the plan's (今年10月底前, 年内, 9月底前, 第三季度末前 in a 2024 plan).
``school_term``: a school term read by convention (秋季学期开学前 → 8月31日; see
:data:`dutygraph.importers.facts.dates.DATE_RULES`). ``plan_year``: inferred — an
item of an annual plan (2022年工作要点) with no date of its own is due at the end of that year.
``horizon``: inferred from a stated period in an annual plan (通过三年努力 in a 2022 list: the
end of 2024). ``corrected``: set by a corrections file.
"""

ProgressStatus = Literal["completed", "on_track", "behind", "not_started"]
"""已完成 / 序时推进 / 滞后 / 未启动, read from progress text by stated rules
(:mod:`dutygraph.importers.facts.progress`) or set by a correction."""

Period = Literal["week", "month", "quarter", "half_year", "year"]
Share = Literal["whole", "part"]
"""新改扩建193所中幼儿园70所: 193 所 is the whole, 70 所 (幼儿园) a part of it."""

CorrectionOp = Literal[
    "set_lead", "add_office", "remove_office", "set_role", "drop_target", "set_value", "set_deadline", "set_status",
    "set_leader", "remove_leader",  # issue 20
    "confirm_link", "reject_link", "add_link",  # issue 25: links to a higher-level plan's item
]

_MONTHS: dict[str, int] = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}


class Schedule(Frozen):
    """A due date that recurs every period: 每季度 (the end of each quarter), 每月25日前.

    ``month`` is the month within the period (1-based; ``-1`` the last; none: the last),
    ``day`` the day of that month (none: its last day); a week is due on its Sunday.
    """

    period: Period
    month: int | None = None
    day: int | None = Field(default=None, ge=1, le=31)
    text: str = ""

    @classmethod
    def of(cls, period: Period, *, month: int | None = None, day: int | None = None, text: str = "") -> Schedule | None:
        """A schedule, or None when the month or day cannot be in the period (每季度第5个月)."""
        length = _MONTHS.get(period, 0)
        if month is not None and month != -1 and not 1 <= month <= length:
            return None
        if day is not None and not 1 <= day <= 31:
            return None
        return cls(period=period, month=month, day=day, text=text)

    def _due(self, year: int, first_month: int) -> dt.date:
        length = _MONTHS[self.period]
        month = first_month + (length if self.month in (None, -1) else self.month) - 1
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, min(self.day or last, last))

    def next_due(self, on: dt.date) -> dt.date:
        """The first due date on or after ``on``."""
        if self.period == "week":
            return on + dt.timedelta(days=6 - on.weekday())
        length = _MONTHS[self.period]
        year, first = on.year, (on.month - 1) // length * length + 1
        while True:
            due = self._due(year, first)
            if due >= on:
                return due
            first += length
            if first > 12:
                year, first = year + 1, 1


class Reference(Frozen):
    """What a row reports on, as its 来源 says: （十政办发〔2021〕1号）第12项.

    ``doc_number`` is carried down from the rows above to a row that names only the item
    (第19项); ``carried`` says so. ``target`` is the id of the item reported on when its plan is
    imported too, and stays None (an unresolved reference) when it is not.
    """

    text: str
    doc_number: str | None = None
    item: str | None = None
    carried: bool = False
    target: str | None = None


class Correction(Frozen):
    """One edit from a corrections file, as applied: what changed, and where it was asked.

    ``before`` and ``after`` are what the item said and says now (an office, a role, a value,
    a date, a status; ``None`` where there was or is none).
    """

    op: CorrectionOp
    file: str
    line: int = Field(ge=1)
    before: str | None = None
    after: str | None = None

    def cite(self) -> str:
        """``file:line`` of the correction.

        >>> Correction(op="set_lead", file="fix.yaml", line=4, before="甲科", after="乙科").cite()
        'fix.yaml:4'
        """
        return f"{self.file}:{self.line}"
