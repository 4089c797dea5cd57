"""What the workbench's overview, plan, search, review and documents pages show: the figures
of one :class:`~.snapshot.Snapshot`, as tables (the pages of items, offices and leaders are in
:mod:`~.items` and :mod:`~.parties`).

Each function takes the snapshot and the page's query parameters and returns the template's
context; every number it shows links to the items behind it (``/items?…`` with the same
filter), so the figure and its rows cannot disagree.

>>> import pathlib, tempfile
>>> from dutygraph.workbench.data import Workbench
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "p.txt").write_text("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头，财务科配合）\\n", "utf-8")
>>> snap = Workbench([str(folder)], cache=False).snapshot
>>> table = plans(snap, {})["tables"][0]
>>> [(row[0].text, row[4].text, row[4].href.startswith("/items?plan=")) for row in table.shown()]
[('某县教育局2023年工作要点', '1', True)]
>>> [(caption, [text for text, _, _ in rows]) for caption, rows, _ in search(snap, "幼儿园")["groups"]]
[('事项', ['新建幼儿园3所。']), ('目标', ['新建幼儿园3所'])]
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from dutygraph.i18n import t
from dutygraph.labels import PLAN_KINDS, QUALITY, label
from dutygraph.workbench.items import item_row, item_rows, items_table, names
from dutygraph.workbench.params import Params, as_of, filters, issuer_names, link, tier_label
from dutygraph.workbench.parties import workload_table
from dutygraph.workbench.snapshot import TIERS, Snapshot, fold
from dutygraph.workbench.tables import Cell, Table

__all__ = ["documents", "overview", "plan", "plans", "review", "search"]


# -- overview -----------------------------------------------------------------------------------
MANY_ISSUERS = 12
"""Above this many issuers the overview is one row per issuer, each opening its own overview."""


def overview(snap: Snapshot, params: Params) -> dict[str, Any]:
    """Per issuer: plans and items, the workload ranking and the overloaded offices with why,
    deadline tiers on ``as_of``, the facts waiting for review; then the documents refused.
    With many issuers, one row each (``issuer`` opens one)."""
    from dutygraph.viz.wording import overload_reason

    day = as_of(params)
    tiers = snap.item_tiers(day)
    doubtful = Counter(i for item, _ in snap.doubtful for i in snap.issuers_of(item))
    by_tier = Counter((org, tier) for item, (tier, _) in tiers.items() for org in snap.issuers_of(item))
    orgs = [o for o in snap.corpus.organizations if o.id in snap.issuer_plans and params.get("issuer") in (None, "", o.id)]

    def tier_cells(org: str) -> list[tuple[str, str, int, str]]:
        return [(code, tier_label(code), by_tier.get((org, code), 0),
                 link("/items", issuer=org, tier=code, as_of=day.isoformat())) for code in TIERS]

    if len(orgs) > MANY_ISSUERS:
        def make(org: Any) -> list[Cell]:
            plans = snap.issuer_plans[org.id]
            flagged = snap.overloaded(org.id)
            return ([Cell(org.name + (f"（{org.qualifier}）" if org.qualifier else ""), link("/", issuer=org.id, as_of=day.isoformat())),
                     Cell(len(plans), link("/plans", issuer=org.id)),
                     Cell(sum(i.parent is None for p in plans for i in p.items), link("/items", issuer=org.id)),
                     Cell(len(flagged), link("/", issuer=org.id, as_of=day.isoformat())),
                     Cell(doubtful.get(org.id, 0), link("/review", issuer=org.id))]
                    + [Cell(n, href, css=f"tier-{code}") for code, _, n, href in tier_cells(org.id)])

        table = Table("issuers", [t("app.col.issuer"), t("app.table.plans"), t("app.col.items"), t("app.col.overloaded"),
                                  t("app.overview.doubtful"), *(tier_label(c) for c in TIERS)], source=orgs, make=make)
        return {"title": t("app.nav.overview"), "issuers": [], "summary": table, "as_of": day, "refused": snap.refused,
                "request_issuer": params.get("issuer"),
                "documents": len(snap.corpus.plans), "stale": len(snap.stale), "tables": [table]}
    issuers = []
    for org in orgs:
        plans = snap.issuer_plans[org.id]
        plan_table = Table("plans", [t("app.col.plan"), t("app.col.kind"), t("app.col.year"), t("app.col.items")], [
            [Cell(p.title, f"/plan/{p.id}"), Cell(label(PLAN_KINDS, p.kind)), Cell(p.year),
             Cell(sum(i.parent is None for i in p.items), link("/items", plan=p.id))] for p in plans])
        rows = snap.workload(org.id)
        ranking = workload_table(rows[:10], snap, day)
        flagged = [(r, overload_reason(r, rows)) for r in snap.overloaded(org.id)]
        issuers.append({"org": org, "plans": plan_table, "ranking": ranking, "overloaded": flagged,
                        "parties": {r.office: r.party for r in rows}, "tiers": tier_cells(org.id),
                        "doubtful": doubtful.get(org.id, 0)})
    return {"title": t("app.nav.overview"), "issuers": issuers, "summary": None, "as_of": day, "refused": snap.refused,
            "request_issuer": params.get("issuer"),
            "documents": len(snap.corpus.plans), "stale": len(snap.stale),
            "tables": [table for i in issuers for table in (i["plans"], i["ranking"])]}


def plans(snap: Snapshot, params: Params) -> dict[str, Any]:
    """Every plan (of ``issuer``): issuer, kind, year, items, quality notes."""
    chosen = snap.issuer_plans.get(params["issuer"], ()) if params.get("issuer") else snap.corpus.plans
    table = Table("plans", [t("app.col.plan"), t("app.col.issuer"), t("app.col.kind"), t("app.col.year"), t("app.col.items"),
                            t("app.col.quality"), t("app.col.source")], [
        [Cell(p.title, f"/plan/{p.id}"), Cell(issuer_names(snap, p.issuers)), Cell(label(PLAN_KINDS, p.kind)), Cell(p.year),
         Cell(sum(i.parent is None for i in p.items), link("/items", plan=p.id)), Cell(len(p.quality), f"/plan/{p.id}#quality"),
         Cell(p.source.name)] for p in chosen])
    return {"title": t("app.nav.plans"), "tables": [table], "filters": filters(snap, params, ("issuer",))}


def plan(snap: Snapshot, plan_id: str) -> dict[str, Any] | None:
    """One plan: its items and what the importer noticed."""
    found = snap.plans.get(plan_id)
    if found is None:
        return None
    rows = item_rows(snap, {"plan": plan_id})
    quality = Table("quality", [t("app.col.kind"), t("app.col.line"), t("app.col.note")], [
        [Cell(label(QUALITY, q.kind)), Cell(q.line), Cell(q.text(), f"/item/{q.item}" if q.item else None)]
        for q in found.quality])
    return {"title": found.title, "plan": found, "issuer": issuer_names(snap, found.issuers), "kind": label(PLAN_KINDS, found.kind),
            "tables": [items_table(snap, rows), quality]}


# -- search, review, documents ------------------------------------------------------------------
def search(snap: Snapshot, query: str) -> dict[str, Any]:
    """Items, offices (any written form), leaders, plans and targets whose text holds ``query``;
    ``exact`` is the office or leader named exactly so when no other one matches: the page goes
    straight to it."""
    wanted = fold(query)
    found: dict[str, list[tuple[str, str, str]]] = {}
    exact = []
    if wanted:
        for kind, ident, text, haystack in snap.search_index:
            if wanted in haystack:
                found.setdefault(kind, []).append((ident, text, _where(snap, kind, ident)))
                if kind in ("office", "collective", "leader") and (wanted in snap.names(ident) or fold(text) == wanted):
                    exact.append((kind, ident))
    hrefs = {"office": "/office/", "collective": "/office/", "leader": "/leader/", "plan": "/plan/", "item": "/item/",
             "target": "/item/"}
    groups = [(t(f"kind.{kind}"), [(text, hrefs[kind] + ident, where) for ident, text, where in found[kind][:200]],
               len(found[kind])) for kind in ("office", "collective", "leader", "plan", "item", "target") if kind in found]
    target = None
    named = sum(len(found.get(kind, [])) for kind in ("office", "collective", "leader"))
    if len(exact) == 1 and named == 1:
        kind, ident = exact[0]
        target = hrefs[kind] + ident
    return {"title": t("app.nav.search"), "query": query, "groups": groups, "exact": target, "tables": []}


def _where(snap: Snapshot, kind: str, ident: str) -> str:
    if kind in ("office", "collective"):
        return snap.orgs.get(snap.parties[ident].issuer, "")
    if kind == "leader":
        return snap.orgs.get(snap.leaders[ident].issuer, "")
    if kind == "plan":
        return issuer_names(snap, snap.plans[ident].issuers)
    plan, _ = snap.items[ident]
    return f"{snap.refs[ident]} · {plan.title}"


def review(snap: Snapshot, params: Params) -> dict[str, Any]:
    """核实与更正: the facts waiting for review, the corrections made (who, when, undo), the stale."""
    issuer = params.get("issuer") or None
    day = dt.date.today()
    tiers = snap.item_tiers(day)
    chosen = [(i, why) for i, why in snap.doubtful if not issuer or issuer in snap.issuers_of(i)]

    def make(pair: tuple[str, str]) -> list[Cell]:
        r = item_row(snap, pair[0], day, None, tiers)
        return [Cell(t(f"app.doubt.{pair[1]}")), Cell(r.ref), Cell(r.title, f"/item/{r.item}"), Cell(r.plan_title),
                Cell(names(r.leads)), Cell(names(r.supports))]

    doubtful = Table("doubtful", [t("app.col.why"), t("app.col.ref"), t("app.col.item"), t("app.col.plan"),
                                  t("app.col.leads"), t("app.col.supports")], source=chosen, make=make)
    named = {e.plan for e in snap.edits}
    items_by_ref = {(name, snap.refs[i.id]): i.id for p in snap.corpus.plans for name in (p.source.name, p.id) if name in named
                    for i in p.items}
    stale_lines = {s.line for s in snap.stale}
    made = [(e, items_by_ref.get((e.plan, e.item)), any(line in stale_lines for line in (e.line, *e.ops_lines)))
            for e in reversed(snap.edits) if e.op]
    titles = {i: snap.items[i][1].title for _, i, _ in made if i}
    return {"title": t("app.nav.review"), "doubtful": doubtful, "made": made, "stale": snap.stale, "tables": [doubtful],
            "titles": titles,
            "filters": filters(snap, params, ("issuer",))}


def documents(snap: Snapshot, refused_now: str | None = None) -> dict[str, Any]:
    """The documents read (a plan each) and those refused, with why."""
    read = Table("documents", [t("app.col.source"), t("app.col.plan"), t("app.col.format"), t("app.col.items")], [
        [Cell(p.source.name), Cell(p.title, f"/plan/{p.id}"), Cell(p.source.format),
         Cell(sum(i.parent is None for i in p.items), link("/items", plan=p.id))] for p in snap.corpus.plans])
    refused = Table("refused", [t("app.col.source"), t("app.col.reason")],
                    [[Cell(r.name), Cell(str(r.reason))] for r in snap.refused])
    return {"title": t("app.nav.documents"), "tables": [read, refused], "refused_now": refused_now}
