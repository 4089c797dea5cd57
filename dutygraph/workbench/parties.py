"""The workbench's pages of offices and leaders: their rankings, and one office or leader.

Every count links to the items behind it (``/items?office=…&role=…``), so a figure and its
rows cannot disagree.

>>> import pathlib, tempfile
>>> from dutygraph.workbench.data import Workbench
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "p.txt").write_text("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头，财务科配合）\\n", "utf-8")
>>> snap = Workbench([str(folder)], cache=False).snapshot
>>> rows = offices(snap, {})["tables"][0].shown()
>>> [(row[1].text, row[3].text, row[3].href.split("&")[-1]) for row in rows]
[('基建科', '1', 'role=lead'), ('财务科', '0', 'role=lead')]
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dutygraph.i18n import date, join, t
from dutygraph.labels import LEAD_RULES, PARTY_KINDS, ROLES, label
from dutygraph.workbench.items import item_row, items_table
from dutygraph.workbench.params import Params, filters, link
from dutygraph.workbench.snapshot import Snapshot
from dutygraph.workbench.tables import Cell, Table

__all__ = ["leader", "leaders", "office", "offices", "workload_table"]


def workload_table(rows: list[Any], snap: Snapshot, day: dt.date | None = None) -> Table:
    """The workload ranking: each count links to the items behind it."""
    def make(r: Any) -> list[Cell]:
        behind = {"office": r.party}
        return [Cell(r.rank), Cell(r.office, f"/office/{r.party}"), Cell(r.issuer),
                Cell(r.leads, link("/items", **behind, role="lead")), Cell(r.supports, link("/items", **behind, role="support")),
                Cell(r.load, link("/items", **behind)), Cell(f"{r.share:.1%}")]

    return Table("workload", [t("app.col.rank"), t("app.col.office"), t("app.col.issuer"), t("app.col.leads"),
                              t("app.col.supports"), t("app.col.load"), t("app.col.share")], source=rows, make=make)


def offices(snap: Snapshot, params: Params) -> dict[str, Any]:
    """Every office ranked within its issuer (collectives below); filter by issuer and kind."""
    issuer = params.get("issuer") or None
    rows = [r for r in snap.workload(collectives=True) if issuer in (None, snap.parties[r.party].issuer)]
    kind = params.get("kind") or ""
    offices_ = [r for r in rows if r.kind == "office" and kind in ("", "office")]
    collectives = [r for r in rows if r.kind == "collective" and kind in ("", "collective")]
    chosen = {o.party for o in offices_}
    ranked = [r for r in snap.workload() if r.party in chosen]
    tables = [workload_table(ranked, snap)]
    if collectives:
        tables.append(workload_table(collectives, snap))
        tables[-1].name = "collectives"
    return {"title": t("app.nav.offices"), "tables": tables, "filters": filters(snap, params, ("issuer", "kind"))}


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
    return {"title": t("app.nav.leaders"), "tables": [table], "filters": filters(snap, params, ("issuer",))}


def leader(snap: Snapshot, leader_id: str) -> dict[str, Any] | None:
    """One leader's items (named on the item or its section) and the offices on them."""
    found = snap.leaders.get(leader_id)
    if found is None:
        return None
    tops = [i for i, named in snap.item_leaders.items() if leader_id in named]
    day = dt.date.today()
    table = items_table(snap, [item_row(snap, i, day, None, snap.item_tiers(day)) for i in tops])
    return {"title": found.name, "leader": found, "issuer": snap.orgs.get(found.issuer, ""), "tables": [table]}
