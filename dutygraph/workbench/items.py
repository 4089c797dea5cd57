"""The workbench's item pages: the items a filter selects (each figure's rows), and one item.

>>> import pathlib, tempfile
>>> from dutygraph.workbench.data import Workbench
>>> from dutygraph.workbench.parties import offices
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "p.txt").write_text("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头，财务科配合）\\n", "utf-8")
>>> snap = Workbench([str(folder)], cache=False).snapshot
>>> rows = offices(snap, {})["tables"][0].shown()
>>> [i.title for i in item_rows(snap, {"office": rows[1][1].href.rsplit("/", 1)[1]})]
['新建幼儿园3所。']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dutygraph.i18n import date, join, t
from dutygraph.labels import LEAD_RULES, ROLES, STATUS, label
from dutygraph.workbench.params import Params, as_of, filters, issuer_names, tier_label
from dutygraph.workbench.snapshot import Snapshot
from dutygraph.workbench.tables import Cell, Table

__all__ = ["ItemRow", "item", "item_row", "item_rows", "items", "items_table", "names"]


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


def item_row(snap: Snapshot, item_id: str, day: dt.date, role: str | None = None,
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
    rows = [item_row(snap, i, day, r, tiers) for i, r in chosen]
    issuer, plan = params.get("issuer"), params.get("plan")
    tier, status = params.get("tier"), params.get("status")
    return [r for r in rows
            if (not issuer or issuer in snap.issuers_of(r.item)) and (not plan or r.plan == plan)
            and (not tier or r.tier == tier) and (not status or r.status == status)]


def names(pairs: tuple[tuple[str, str], ...]) -> str:
    return join(name for _, name in pairs)


def items_table(snap: Snapshot, rows: list[ItemRow], *, with_role: bool = False) -> Table:
    head = [t("app.col.ref"), t("app.col.item"), t("app.col.plan"), t("app.col.leads"), t("app.col.supports"),
            t("app.col.tier"), t("app.col.deadline"), t("app.col.status")]

    def make(r: ItemRow) -> list[Cell]:
        cells = [Cell(r.ref), Cell(r.title, f"/item/{r.item}"), Cell(r.plan_title, f"/plan/{r.plan}"),
                 Cell(names(r.leads)), Cell(names(r.supports)),
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
    return {"title": t("app.nav.items"), "tables": [items_table(snap, rows, with_role=bool(params.get("office")))],
            "said": said, "count": len(rows),
            "filters": filters(snap, params, ("issuer", "plan", "role", "tier", "status"), keep=("office", "leader", "as_of"))}


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
            "issuer": issuer_names(snap, plan.issuers), "statuses": [(s, label(STATUS, s)) for s in STATUS],
            "rules": LEAD_RULES, "tables": [], "parent": found.parent, "stale": stale}
