"""One offline page per leader (``dutygraph leader NAME --html``): the items they answer for, the
lead offices, deadlines and their tiers, each item's status, and the network around them (the
template ``leader.html``; the sections are :mod:`~dutygraph.viz.parts`).

>>> import datetime as dt
>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.convert import to_networkx
>>> from dutygraph.i18n import language
>>> md = ("# 2023年某省教育厅重点实事项目清单\\n## 项目一：新建学校\\n**责任领导：**张三\\n"
...       "**效果清单：**①2023年9月底前新建学校10所\\n**承办单位：**基础教育处、财务处\\n")
>>> G = to_networkx(parse(md))
>>> leader = next(n for n, d in G.nodes(data=True) if d["type"] == "Leader")
>>> with language("zh"):
...     page = render_leader_page(G, [leader], as_of=dt.date(2023, 9, 25))
>>> "2023年9月30日" in page, "临期" in page, "基础教育处" in page
(True, True, True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from importlib import resources

import networkx as nx
from dutygraph.i18n import date, join, t
from dutygraph.labels import ROLES, STATUS, TIERS, label
from dutygraph.queries.ledgers import ledger
from dutygraph.viz.page import document, page_data
from dutygraph.viz.parts import Network, Note, Section, badge, table
from dutygraph.viz.views import ego_view, plan_titles, responsibility_view

__all__ = ["render_leader_page"]


def render_leader_page(G: nx.MultiDiGraph, leaders: Sequence[str], *, as_of: dt.date, plan: str | None = None,
                       warn_days: int = 7, notice_days: int = 30) -> str:
    """The page of the leaders ``leaders`` (ids; one name may be several leaders, one per issuer)."""
    sheets = [s for s in ledger(G, as_of=as_of, warn_days=warn_days, notice_days=notice_days, plan=plan)
              if s.kind == "leader" and s.party in leaders]
    titles = {G.nodes[p]["title"]: title for p, title in plan_titles(G).items()}
    sections = []
    for sheet in sheets:
        counts = join(f"{label(TIERS, s)} {n}" for s in TIERS if (n := sum(r.tier == s for r in sheet.rows)))
        head = [t(f"ledger.{c}") for c in ("ref", "title", "plan", "role", "leads", "partners", "deadline", "tier",
                                           "status", "source")]
        rows = ([r.ref, r.title, titles.get(r.plan, r.plan), label(ROLES, r.role), "、".join(r.leads),
                 "、".join(p for p in r.partners if p not in r.leads), date(r.deadline), badge(r.tier),
                 label(STATUS, r.status), r.source] for r in sheet.rows)
        sections.append(Section(None, sheet.name + t("paren", text=sheet.issuer), [
            Note(t("leader.summary", n=len(sheet.rows), date=date(as_of), counts=counts)),
            table(head, rows, classes=["dg-ref", "", "", "dg-nowrap", "", "", "dg-date", "", "dg-nowrap", "dg-nowrap"])]))
    sections.append(Section("network", t("leader.network"), [Network()]))
    names = join(s.name for s in sheets)
    view = ego_view(responsibility_view(G), leaders, 2)
    css = (resources.files("dutygraph.viz") / "assets" / "report.css").read_text("utf-8")
    return document("leader.html", t("leader.title", names=names), page_data(view), extra_css=css, sections=sections,
                    as_of=date(as_of))
