"""What each page of the workbench shows: the figures of one :class:`~.data.Snapshot`, as tables.

Each function takes the snapshot and the page's query parameters and returns the template's
context; every number it shows links to the items behind it (``/items?…`` with the same
filter), so the figure and its rows cannot disagree.

>>> import pathlib, tempfile
>>> from dutygraph.workbench.data import Workbench
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "p.txt").write_text("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头，财务科配合）\\n", "utf-8")
>>> snap = Workbench([str(folder)], cache=False).snapshot
>>> table = offices(snap, {})["tables"][0]
>>> rows = table.shown()
>>> [(row[1].text, row[3].text, row[3].href.split("&")[-1]) for row in rows]
[('基建科', '1', 'role=lead'), ('财务科', '0', 'role=lead')]
>>> [i.title for i in item_rows(snap, {"office": rows[1][1].href.rsplit("/", 1)[1]})]
['新建幼儿园3所。']
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from dutygraph.i18n import date, join, t, translate
from dutygraph.labels import LEAD_RULES, PARTY_KINDS, PLAN_KINDS, QUALITY, ROLES, STATUS, label
from dutygraph.workbench.data import TIERS, Snapshot, fold
from dutygraph.workbench.tables import Cell, Table

__all__ = ["ItemRow", "documents", "item", "item_rows", "items", "leader", "leaders", "office", "offices", "overview",
           "plans", "review", "search"]

Params = Mapping[str, str]


def link(path: str, **query: object) -> str:
    """``path?key=value…`` with the empty values left out.

    >>> link("/items", office="office:1", role="lead", tier="")
    '/items?office=office%3A1&role=lead'
    """
    kept = {k: v for k, v in query.items() if v not in (None, "")}
    return path + ("?" + urlencode(kept) if kept else "")


def as_of(params: Params) -> dt.date:
    """The date of the page's deadline tiers (``as_of``, else today)."""
    try:
        return dt.date.fromisoformat(params.get("as_of", ""))
    except ValueError:
        return dt.date.today()


def tier_label(code: str) -> str:
    return t(f"tier.{code}")


def _issuer_names(snap: Snapshot, ids: tuple[str, ...]) -> str:
    return join(snap.orgs.get(i, i) for i in ids)


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
        ranking = _workload_table(rows[:10], snap, day)
        flagged = [(r, overload_reason(r, rows)) for r in snap.overloaded(org.id)]
        issuers.append({"org": org, "plans": plan_table, "ranking": ranking, "overloaded": flagged,
                        "parties": {r.office: r.party for r in rows}, "tiers": tier_cells(org.id),
                        "doubtful": doubtful.get(org.id, 0)})
    return {"title": t("app.nav.overview"), "issuers": issuers, "summary": None, "as_of": day, "refused": snap.refused,
            "request_issuer": params.get("issuer"),
            "documents": len(snap.corpus.plans), "stale": len(snap.stale),
            "tables": [table for i in issuers for table in (i["plans"], i["ranking"])]}


def _workload_table(rows: list[Any], snap: Snapshot, day: dt.date | None = None) -> Table:
    def make(r: Any) -> list[Cell]:
        behind = {"office": r.party}
        return [Cell(r.rank), Cell(r.office, f"/office/{r.party}"), Cell(r.issuer),
                Cell(r.leads, link("/items", **behind, role="lead")), Cell(r.supports, link("/items", **behind, role="support")),
                Cell(r.load, link("/items", **behind)), Cell(f"{r.share:.1%}")]

    return Table("workload", [t("app.col.rank"), t("app.col.office"), t("app.col.issuer"), t("app.col.leads"),
                              t("app.col.supports"), t("app.col.load"), t("app.col.share")], source=rows, make=make)


# -- offices and leaders --------------------------------------------------------------------------
def offices(snap: Snapshot, params: Params) -> dict[str, Any]:
    """Every office ranked within its issuer (collectives below); filter by issuer and kind."""
    issuer = params.get("issuer") or None
    rows = [r for r in snap.workload(collectives=True) if issuer in (None, snap.parties[r.party].issuer)]
    kind = params.get("kind") or ""
    offices_ = [r for r in rows if r.kind == "office" and kind in ("", "office")]
    collectives = [r for r in rows if r.kind == "collective" and kind in ("", "collective")]
    chosen = {o.party for o in offices_}
    ranked = [r for r in snap.workload() if r.party in chosen]
    tables = [_workload_table(ranked, snap)]
    if collectives:
        tables.append(_workload_table(collectives, snap))
        tables[-1].name = "collectives"
    return {"title": t("app.nav.offices"), "tables": tables, "filters": _filters(snap, params, ("issuer", "kind"))}


def office(snap: Snapshot, party: str) -> dict[str, Any] | None:
    """One office: its items with roles and rules, its partners, its targets, its leaders."""
    from dutygraph.queries.profiles import office_profiles

    found = snap.parties.get(party)
    if found is None:
        return None
    profile = snap.memo(("office", party), lambda: next(
        (p for p in office_profiles(snap.issuer_graph(found.issuer), found.name, issuer=found.issuer) if p.party == party), None))
    if profile is None:
        return None
    rules = {}
    for item_id, _role in snap.roles_of(party):
        rules[item_id] = join(sorted({label(LEAD_RULES, a.rule) for i in [snap.items[item_id][1], *snap.children(item_id)]
                                      for a in i.assignments if a.party == party}))
    items_ = Table("items", [t("app.col.ref"), t("app.col.item"), t("app.col.plan"), t("app.col.role"), t("app.col.rule"),
                             t("app.col.partners"), t("app.col.targets")], [
        [Cell(i.ref), Cell(i.title, f"/item/{i.item}"), Cell(i.plan), Cell(label(ROLES, i.role), css=f"role-{i.role}"),
         Cell(rules.get(i.item, "")), Cell(join(i.partners)), Cell(i.targets, f"/item/{i.item}#targets")]
        for i in profile.items])
    partners = Table("partners", [t("app.col.office"), t("app.col.shared"), t("app.col.leads_it"), t("app.col.led_by_it")], [
        [Cell(p.office, _party_href(snap, p.office, found.issuer)), Cell(p.shared), Cell(p.leads_it), Cell(p.led_by_it)]
        for p in profile.partners])
    targets = Table("targets", [t("app.col.ref"), t("app.col.target"), t("app.col.deadline"), t("app.col.source")], [
        [Cell(x.ref), Cell(x.text), Cell(date(x.deadline) if x.deadline else ""), Cell(x.source)] for x in profile.targets])
    return {"title": profile.office, "profile": profile, "party": found, "issuer": snap.orgs.get(found.issuer, ""),
            "kind": label(PARTY_KINDS, found.kind), "tables": [items_, partners, targets],
            "leads_href": link("/items", office=party, role="lead"), "supports_href": link("/items", office=party, role="support")}


def _party_href(snap: Snapshot, name: str, issuer: str) -> str | None:
    found = next((p for p in snap.corpus.parties if p.name == name and p.issuer == issuer), None)
    return f"/office/{found.id}" if found else None


def leaders(snap: Snapshot, params: Params) -> dict[str, Any]:
    """Every leader: the items, offices and targets they answer for."""
    issuer = params.get("issuer") or None
    rows = snap.leader_rows()
    table = Table("leaders", [t("app.col.leader"), t("app.col.issuer"), t("app.col.items"), t("app.col.offices"),
                              t("app.col.targets")], [
        [Cell(r.leader, f"/leader/{r.leader_id}"), Cell(r.issuer), Cell(r.items, link("/items", leader=r.leader_id)),
         Cell(r.offices), Cell(r.targets)]
        for r in rows if issuer in (None, snap.leaders[r.leader_id].issuer)])
    return {"title": t("app.nav.leaders"), "tables": [table], "filters": _filters(snap, params, ("issuer",))}


def leader(snap: Snapshot, leader_id: str) -> dict[str, Any] | None:
    """One leader's items (named on the item or its section) and the offices on them."""
    found = snap.leaders.get(leader_id)
    if found is None:
        return None
    tops = [i for i, named in snap.item_leaders.items() if leader_id in named]
    day = dt.date.today()
    table = _items_table(snap, [_item_row(snap, i, day, None, snap.item_tiers(day)) for i in tops])
    return {"title": found.name, "leader": found, "issuer": snap.orgs.get(found.issuer, ""), "tables": [table]}


# -- items ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemRow:
    """A top-level item as the item tables list it."""

    item: str
    ref: str
    plan: str
    plan_title: str
    title: str
    leads: tuple[tuple[str, str], ...]
    supports: tuple[tuple[str, str], ...]
    tier: str | None
    deadline: dt.date | None
    status: str | None
    role: str | None = None


def _item_row(snap: Snapshot, item_id: str, day: dt.date, role: str | None = None,
              tiers: dict[str, tuple[str, dt.date | None]] | None = None) -> ItemRow:
    plan, item = snap.items[item_id]
    roles = snap.roles.get(item_id, {})
    names = {p: snap.parties[p].name for p in roles}
    tier, due = (snap.item_tiers(day) if tiers is None else tiers).get(item_id, (None, None))
    return ItemRow(item_id, snap.refs[item_id], plan.id, plan.title, item.title,
                   tuple((p, names[p]) for p, r in roles.items() if r == "lead"),
                   tuple((p, names[p]) for p, r in roles.items() if r == "support"), tier, due, item.status, role)


def item_rows(snap: Snapshot, params: Params) -> list[ItemRow]:
    """The top-level items a filter selects: ``office`` (with ``role``: the rows behind its
    counts), ``leader``, ``issuer``, ``plan``, ``tier`` on ``as_of``, ``status``, ``doubt``."""
    keys = ("office", "role", "leader", "doubt", "issuer", "plan", "tier", "status", "as_of")
    return snap.memo(("item_rows", *(params.get(k) or "" for k in keys)), lambda: _item_rows(snap, params))


def _item_rows(snap: Snapshot, params: Params) -> list[ItemRow]:
    day = as_of(params)
    party, role = params.get("office"), params.get("role") or None
    if party:
        chosen = [(i, r) for i, r in snap.roles_of(party) if role in (None, r)]
    elif params.get("leader"):
        chosen = [(i, None) for i, named in snap.item_leaders.items() if params["leader"] in named]
    elif params.get("doubt"):
        chosen = [(i, None) for i, why in snap.doubtful if why == params["doubt"] or params["doubt"] == "all"]
    else:
        chosen = [(i.id, None) for p in snap.corpus.plans for i in p.items if i.parent is None]
    tiers = snap.item_tiers(day)
    rows = [_item_row(snap, i, day, r, tiers) for i, r in chosen]
    issuer, plan = params.get("issuer"), params.get("plan")
    tier, status = params.get("tier"), params.get("status")
    return [r for r in rows
            if (not issuer or issuer in snap.issuers_of(r.item)) and (not plan or r.plan == plan)
            and (not tier or r.tier == tier) and (not status or r.status == status)]


def _names(pairs: tuple[tuple[str, str], ...]) -> str:
    return join(name for _, name in pairs)


def _items_table(snap: Snapshot, rows: list[ItemRow], *, with_role: bool = False) -> Table:
    head = [t("app.col.ref"), t("app.col.item"), t("app.col.plan"), t("app.col.leads"), t("app.col.supports"),
            t("app.col.tier"), t("app.col.deadline"), t("app.col.status")]

    def make(r: ItemRow) -> list[Cell]:
        cells = [Cell(r.ref), Cell(r.title, f"/item/{r.item}"), Cell(r.plan_title, f"/plan/{r.plan}"),
                 Cell(_names(r.leads)), Cell(_names(r.supports)),
                 Cell(tier_label(r.tier) if r.tier else "", css=f"tier-{r.tier}" if r.tier else None),
                 Cell(date(r.deadline) if r.deadline else ""), Cell(label(STATUS, r.status))]
        return ([Cell(label(ROLES, r.role), css=f"role-{r.role}")] if with_role else []) + cells

    return Table("items", ([t("app.col.role")] if with_role else []) + head, source=rows, make=make)


def items(snap: Snapshot, params: Params) -> dict[str, Any]:
    """The items a filter selects (see :func:`item_rows`), with what the filter says in words."""
    rows = item_rows(snap, params)
    said = []
    if params.get("office") in snap.parties:
        said.append(snap.parties[params["office"]].name)
    if params.get("role"):
        said.append(label(ROLES, params["role"]))
    if params.get("leader") in snap.leaders:
        said.append(snap.leaders[params["leader"]].name)
    if params.get("tier"):
        said.append(f"{tier_label(params['tier'])}（{date(as_of(params))}）" if t("lang") == "zh"
                    else f"{tier_label(params['tier'])} ({date(as_of(params))})")
    return {"title": t("app.nav.items"), "tables": [_items_table(snap, rows, with_role=bool(params.get("office")))],
            "said": said, "count": len(rows),
            "filters": _filters(snap, params, ("issuer", "plan", "role", "tier", "status"), keep=("office", "leader", "as_of"))}


def _filters(snap: Snapshot, params: Params, names: tuple[str, ...], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """The select boxes of a table's filter form, with the chosen values and the hidden ones kept."""
    choices = {
        "issuer": [(o.id, o.name + (f"（{o.qualifier[:12]}）" if o.qualifier else "")) for o in snap.corpus.organizations],
        "plan": [(p.id, p.title) for p in snap.corpus.plans],
        "role": [(r, label(ROLES, r)) for r in ("lead", "support")],
        "tier": [(c, tier_label(c)) for c in TIERS],
        "status": [(s, label(STATUS, s)) for s in STATUS],
        "kind": [(k, label(PARTY_KINDS, k)) for k in ("office", "collective")],
    }
    return {"selects": [(n, t(f"app.filter.{n}"), choices[n], params.get(n, "")) for n in names],
            "hidden": [(k, params[k]) for k in keep if params.get(k)]}


def item(snap: Snapshot, item_id: str, passage: Any) -> dict[str, Any] | None:
    """One item: text, parties (with the forms that correct them), targets, tasks, progress,
    leaders, sub-measures, the corrections applied with who and when, and the source passage."""
    if item_id not in snap.items:
        return None
    plan, found = snap.items[item_id]
    day = dt.date.today()
    edits = {line: e for e in snap.edits for line in e.ops_lines}
    corrections = [(c, edits.get(c.line)) for c in found.corrections]
    parties = [(a, snap.parties.get(a.party)) for a in sorted(found.assignments, key=lambda a: a.order)]
    from dutygraph.queries.targets import status_of

    targets = [(n, x, status_of(x.deadline, day, completed=found.status == "completed")[0] if x.deadline or x.schedule is None
                else "no_deadline") for n, x in enumerate(found.targets, 1)]
    sections = {s.id: s for s in plan.sections}
    section = sections.get(found.section or "")
    leaders_ = [snap.leaders[i] for i in snap.item_leaders.get(item_id, []) if i in snap.leaders]
    mine = [e for e in snap.edits if e.plan in (plan.source.name, plan.id) and e.item == snap.refs[item_id]]
    stale = [(e, s) for e in mine for s in snap.stale if s.line in (e.line, *e.ops_lines)]
    return {"title": f"{snap.refs[item_id]} {found.title}", "plan": plan, "item": found, "ref": snap.refs[item_id],
            "section": section, "parties": parties, "targets": targets, "leaders": leaders_,
            "children": snap.children(item_id), "corrections": corrections, "passage": passage,
            "issuer": _issuer_names(snap, plan.issuers), "statuses": [(s, label(STATUS, s)) for s in STATUS],
            "rules": LEAD_RULES, "tables": [], "parent": found.parent, "stale": stale}


def plans(snap: Snapshot, params: Params) -> dict[str, Any]:
    """Every plan (of ``issuer``): issuer, kind, year, items, quality notes."""
    chosen = snap.issuer_plans.get(params["issuer"], ()) if params.get("issuer") else snap.corpus.plans
    table = Table("plans", [t("app.col.plan"), t("app.col.issuer"), t("app.col.kind"), t("app.col.year"), t("app.col.items"),
                            t("app.col.quality"), t("app.col.source")], [
        [Cell(p.title, f"/plan/{p.id}"), Cell(_issuer_names(snap, p.issuers)), Cell(label(PLAN_KINDS, p.kind)), Cell(p.year),
         Cell(sum(i.parent is None for i in p.items), link("/items", plan=p.id)), Cell(len(p.quality), f"/plan/{p.id}#quality"),
         Cell(p.source.name)] for p in chosen])
    return {"title": t("app.nav.plans"), "tables": [table], "filters": _filters(snap, params, ("issuer",))}


def plan(snap: Snapshot, plan_id: str) -> dict[str, Any] | None:
    """One plan: its items and what the importer noticed."""
    found = snap.plans.get(plan_id)
    if found is None:
        return None
    rows = item_rows(snap, {"plan": plan_id})
    quality = Table("quality", [t("app.col.kind"), t("app.col.line"), t("app.col.note")], [
        [Cell(label(QUALITY, q.kind)), Cell(q.line), Cell(translate(q.message, "quality"), f"/item/{q.item}" if q.item else None)]
        for q in found.quality])
    return {"title": found.title, "plan": found, "issuer": _issuer_names(snap, found.issuers), "kind": label(PLAN_KINDS, found.kind),
            "tables": [_items_table(snap, rows), quality]}


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
        return _issuer_names(snap, snap.plans[ident].issuers)
    plan, _ = snap.items[ident]
    return f"{snap.refs[ident]} · {plan.title}"


def review(snap: Snapshot, params: Params) -> dict[str, Any]:
    """核实与更正: the facts waiting for review, the corrections made (who, when, undo), the stale."""
    issuer = params.get("issuer") or None
    day = dt.date.today()
    tiers = snap.item_tiers(day)
    chosen = [(i, why) for i, why in snap.doubtful if not issuer or issuer in snap.issuers_of(i)]

    def make(pair: tuple[str, str]) -> list[Cell]:
        r = _item_row(snap, pair[0], day, None, tiers)
        return [Cell(t(f"app.doubt.{pair[1]}")), Cell(r.ref), Cell(r.title, f"/item/{r.item}"), Cell(r.plan_title),
                Cell(_names(r.leads)), Cell(_names(r.supports))]

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
            "filters": _filters(snap, params, ("issuer",))}


def documents(snap: Snapshot, refused_now: str | None = None) -> dict[str, Any]:
    """The documents read (a plan each) and those refused, with why."""
    read = Table("documents", [t("app.col.source"), t("app.col.plan"), t("app.col.format"), t("app.col.items")], [
        [Cell(p.source.name), Cell(p.title, f"/plan/{p.id}"), Cell(p.source.format),
         Cell(sum(i.parent is None for i in p.items), link("/items", plan=p.id))] for p in snap.corpus.plans])
    refused = Table("refused", [t("app.col.source"), t("app.col.reason")],
                    [[Cell(r.name), Cell(str(r.reason))] for r in snap.refused])
    return {"title": t("app.nav.documents"), "tables": [read, refused], "refused_now": refused_now}
