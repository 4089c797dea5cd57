"""Deadlines as an iCalendar file (RFC 5545, the icalendar library): Outlook, phone calendars.

One all-day event per item and deadline (:func:`dutygraph.queries.deadlines.deadlines`): the
summary names the item as its plan does and its lead office; the description gives the plan,
the targets due, the lead and supporting offices, the tier on the as-of date, the status and
the source lines; the UID is stable (the same item and date give the same UID on every run,
so a calendar that imports the file again updates the event instead of adding a second one),
and an alarm rings three days before.

>>> import datetime as dt
>>> from icalendar import Calendar
>>> from dutygraph.i18n import language
>>> from dutygraph.queries.deadlines import Deadline
>>> entry = Deadline(dt.date(2024, 6, 30), "一、2.", "新建学校", "某县2024年工作要点", ("新建学校3所",), ("基建科",),
...                  ("财务科",), "upcoming", None, ("plan.txt:4",), "item:1")
>>> with language("zh"):
...     data = calendar([entry], as_of=dt.date(2024, 6, 1), name="督办时限")
>>> event = Calendar.from_ical(data).events[0]
>>> str(event["SUMMARY"]), event.start, event.end
('【到期】一、2. 新建学校（基建科）', datetime.date(2024, 6, 30), datetime.date(2024, 7, 1))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from dutygraph.i18n import date, join, t
from dutygraph.labels import STATUS, TIERS, label
from dutygraph.ontology.ids import make_id

__all__ = ["ALARM_DAYS", "calendar"]

ALARM_DAYS = 3
"""How many days before a deadline its event's alarm rings."""


def calendar(entries: Sequence[Any], *, as_of: dt.date, name: str) -> bytes:
    """The entries as the bytes of an ``.ics`` file (UTF-8, CRLF lines, as RFC 5545 asks)."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//dutygraph//督办时限//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for e in entries:
        summary = t("calendar.summary", place=e.place, title=e.title.rstrip("。；;，,"), leads=join(e.leads) or "—")
        event = Event()
        event.add("uid", f"{make_id('deadline', e.item, e.deadline.isoformat()).split(':')[1]}@dutygraph")
        event.add("dtstamp", stamp)
        event.add("dtstart", e.deadline)
        event.add("dtend", e.deadline + dt.timedelta(days=1))
        event.add("summary", summary)
        event.add("description", "\n".join([
            t("calendar.plan", plan=e.plan), t("calendar.targets", targets=t("semicolon").join(e.targets)),
            t("calendar.offices", leads=join(e.leads) or "—", supports=join(e.supports) or "—"),
            t("calendar.tier", date=date(as_of), tier=label(TIERS, e.tier), status=label(STATUS, e.status) or "—"),
            t("calendar.sources", sources=" ".join(e.sources)),
        ]))
        event.add("categories", [label(TIERS, e.tier)])
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", dt.timedelta(days=-ALARM_DAYS))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
