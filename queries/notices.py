"""What a 督办单 / 催办单 hands an office: its overdue and lagging items, each with a light.

The light is the colour a 督查督办 office marks an item with (红黄绿灯), from the item's nearest
deadline tier on the as-of date and its status (:mod:`dutygraph.queries.targets`,
:mod:`dutygraph.ontology.links`):

=======  ==============================================================================
light    when
=======  ==============================================================================
red      overdue (逾期), or reported behind (滞后)
yellow   due (临期) or upcoming (即将到期), or reported not started (未启动)
green    anything else: on schedule, completed, or without a deadline and not behind
=======  ==============================================================================

:func:`notices` gives one notice per office (or collective, when asked) that has a red or a
yellow item, most red items first; each lists those items (and only those), with the office's
role, the deadline, the tier, the status (and for how many rounds of progress it has lagged)
and the source line. An office whose items are all
green gets no notice. A progress report's row whose 来源 names an item of the documents read is
a report on that item, not an item of its own: the item is chased (with the row's status), the
row is not.

>>> import datetime as dt
>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.convert import to_networkx
>>> G = to_networkx(parse("某县教育局2023年工作要点\\n1.新建幼儿园3所，2023年6月底前完成。（基建科牵头，财务科配合）\\n"
...                       "2.开展教研活动，2023年3月底前完成。（教研室负责）\\n3.培训教师。（人事科负责）\\n"))
>>> [(n.office, [(i.place, i.role, i.tier, i.light) for i in n.items]) for n in notices(G, as_of=dt.date(2023, 6, 25))]
[('教研室', [('2.', 'lead', 'overdue', 'red')]), ('基建科', [('1.', 'lead', 'due', 'yellow')]), ('财务科', [('1.', 'support', 'due', 'yellow')])]
>>> light("later", "behind"), light("no_deadline", "not_started"), light("completed", "completed")
('red', 'yellow', 'green')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any, Literal

import networkx as nx

from dutygraph.errors import UsageError
from dutygraph.queries.ledgers import ledger, reports_on_another
from dutygraph.queries.rounds import rounds
from dutygraph.queries.scope import not_named

__all__ = ["LIGHTS", "Notice", "NoticeItem", "light", "notices"]

Light = Literal["red", "yellow", "green"]
LIGHTS: tuple[Light, ...] = ("red", "yellow", "green")
"""The lights, most urgent first."""


def light(tier: str, status: str | None) -> Light:
    """The light of an item with this deadline tier and status (see the table above)."""
    if tier == "overdue" or status == "behind":
        return "red"
    if tier in ("due", "upcoming") or status == "not_started":
        return "yellow"
    return "green"


@dataclass(frozen=True)
class NoticeItem:
    """One item on a notice: where the plan puts it, the office's role, its deadline and light."""

    place: str
    title: str
    plan: str
    role: str
    deadline: dt.date | None
    tier: str
    status: str | None
    light: Light
    source: str
    item: str
    lagging: int = 0
    """For how many rounds of progress in a row the item has been 滞后 or 未启动 (:mod:`.rounds`)."""


@dataclass(frozen=True)
class Notice:
    """An office and the items it is chased for (red first, then yellow, in reading order)."""

    office: str
    issuer: str
    kind: str
    party: str
    items: tuple[NoticeItem, ...]

    @property
    def red(self) -> int:
        return sum(i.light == "red" for i in self.items)

    @property
    def yellow(self) -> int:
        return sum(i.light == "yellow" for i in self.items)


def notices(G: nx.MultiDiGraph, *, as_of: dt.date, warn_days: int = 7, notice_days: int = 30,
            office: str | None = None, include_collectives: bool = False, plan: str | None = None,
            issuer: str | None = None) -> list[Notice]:
    """A notice per office with red or yellow items, most red (then yellow) first.

    ``office`` keeps the offices of that name (or id); one that no sheet has raises
    :class:`~dutygraph.errors.UsageError` naming the closest names there are.
    """
    scope: dict[str, Any] = {"plan": plan, "issuer": issuer}
    sheets = [s for s in ledger(G, as_of=as_of, warn_days=warn_days, notice_days=notice_days,
                                include_collectives=include_collectives, **scope) if s.kind != "leader"]
    if office is not None:
        chosen = [s for s in sheets if office in (s.name, s.party)]
        if not chosen:
            near = get_close_matches(office, sorted({s.name for s in sheets}), n=5, cutoff=0)
            raise UsageError(not_named("office", office, near))
        sheets = chosen
    lagging = {h.item: h.lagging for h in rounds(G).items}
    out = []
    for sheet in sheets:
        items = [NoticeItem(r.place, r.title, r.plan, r.role, r.deadline, r.tier, r.status, light(r.tier, r.status),
                            r.source, r.item, lagging.get(r.item, 0))
                 for r in sheet.rows if not reports_on_another(G, r.item)]
        chased = sorted((i for i in items if i.light != "green"), key=lambda i: LIGHTS.index(i.light))
        if chased:
            out.append(Notice(sheet.name, sheet.issuer, sheet.kind, sheet.party, tuple(chased)))
    out.sort(key=lambda n: (-n.red, -n.yellow))
    return out
