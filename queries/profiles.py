"""Everything about one office or one leader: items, roles, partners, targets, source lines.

Names are looked up as written in the graph (the canonical name), then with spacing and
与/和/及 folded, then among the forms the documents used (基教处 finds 基础教育处). One name can
match an office in several issuers: each match gets its own profile. An unknown name raises
:class:`~dutygraph.errors.UsageError` with the closest names.

>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.convert import to_networkx
>>> G = to_networkx(parse(
...     "某县教育局2023年工作要点\\n"
...     "1.新建幼儿园3所。（教研室牵头，财务科配合）\\n"
...     "2.开展培训。（财务科牵头，人事科配合）\\n"))
>>> [p] = office_profiles(G, "财务科")
>>> p.leads, p.supports, [(i.ref, i.role) for i in p.items]
(1, 1, [('1', 'support'), ('2', 'lead')])
>>> [(x.office, x.shared) for x in p.partners]
[('人事科', 1), ('教研室', 1)]
>>> office_profiles(G, "财物科")
Traceback (most recent call last):
...
dutygraph.errors.UsageError: 没有名为“财物科”的处室（是否要找：财务科？）
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

import networkx as nx

from dutygraph.errors import UsageError
from dutygraph.ontology.offices import party_key
from dutygraph.ontology.vocabulary import NodeKind, Relation
from dutygraph.queries.dependencies import co_assignment, lead_support
from dutygraph.queries.scope import (
    cite,
    display_ref,
    item_parties,
    leader_items,
    of_type,
    party_label,
    related,
    source_line,
    top_item,
)

__all__ = [
    "LeaderProfile",
    "OfficeProfile",
    "Partner",
    "ProfileItem",
    "ProfileTarget",
    "find_parties",
    "leader_profiles",
    "office_profiles",
]


@dataclass(frozen=True)
class ProfileTarget:
    """A target on one of the profile's items."""

    ref: str
    text: str
    deadline: str | None
    source: str


@dataclass(frozen=True)
class ProfileItem:
    """An item of the profile: the role played on it, who else is on it, where it is written."""

    ref: str
    plan: str
    title: str
    role: str
    partners: tuple[str, ...]
    targets: int
    sources: tuple[str, ...]
    item: str


@dataclass(frozen=True)
class Partner:
    """Another office sharing items, and which way the lead → support edges run."""

    office: str
    shared: int
    newman: float
    leads_it: int
    led_by_it: int
    items: tuple[str, ...]


@dataclass(frozen=True)
class OfficeProfile:
    """One office: its figures, its items, its partners, the leaders over it, its targets."""

    office: str
    issuer: str
    kind: str
    written_as: tuple[str, ...]
    leads: int
    supports: int
    items: tuple[ProfileItem, ...]
    partners: tuple[Partner, ...]
    leaders: tuple[str, ...]
    targets: tuple[ProfileTarget, ...]
    party: str


@dataclass(frozen=True)
class LeaderProfile:
    """One leader: the items answered for (and how), the offices on them, their targets."""

    leader: str
    issuer: str
    labels: tuple[str, ...]
    items: tuple[ProfileItem, ...]
    offices: tuple[tuple[str, int, int], ...]
    targets: tuple[ProfileTarget, ...]
    leader_id: str


def _surfaces(G: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    return [d["surface"] for _, _, d in G.in_edges(node, data=True) if d.get("relation") == relation]


def find_parties(G: nx.MultiDiGraph, name: str, *, kind: Literal["office", "leader"] = "office",
                 issuer: str | None = None) -> list[str]:
    """Node ids of the offices (or leaders) called ``name``, in graph order.

    Tries the canonical name, then the folded key, then the forms used in the documents.
    ``issuer`` (an organization id or name) narrows the search.
    """
    types = (NodeKind.OFFICE, NodeKind.COLLECTIVE) if kind == "office" else (NodeKind.LEADER,)
    relation = Relation.ASSIGNED_TO if kind == "office" else Relation.RESPONSIBLE
    candidates = [n for t in types for n in of_type(G, t)]
    if issuer is not None:
        candidates = [n for n in candidates  # an issuer scoped to one document answers to its bare name too
                      if issuer in (G.nodes[n]["issuer"], party_label(G, n)[1], party_label(G, n)[1].split("（", 1)[0])]
    wanted = name.strip()
    for test in (
        lambda n: G.nodes[n]["name"] == wanted,
        lambda n: party_key(G.nodes[n]["name"]) == party_key(wanted),
        lambda n: any(party_key(s) == party_key(wanted) for s in _surfaces(G, n, relation)),
    ):
        found = [n for n in candidates if test(n)]
        if found:
            return found
    names = sorted({G.nodes[n]["name"] for n in candidates})
    close = difflib.get_close_matches(wanted, names, n=5, cutoff=0.5)
    close += [n for n in names if wanted in n and n not in close][: 5 - len(close)]
    if close:
        raise UsageError(f"usage.no_{kind}_near", name=name, near="、".join(close))
    raise UsageError(f"usage.no_{kind}_known", name=name, count=len(names))


def _targets(G: nx.MultiDiGraph, tops: list[str]) -> tuple[list[ProfileTarget], dict[str, int]]:
    children: dict[str, list[str]] = defaultdict(list)
    for item in of_type(G, NodeKind.ITEM):
        children[top_item(G, item)].append(item)
    found, counts = [], {}
    for top in tops:
        rows = [G.nodes[v] for i in children[top] for v in related(G, i, Relation.HAS_TARGET)]
        counts[top] = len(rows)
        found += [
            ProfileTarget(display_ref(G, t["item"]), t["text"], t["deadline"].isoformat() if t["deadline"] else None,
                          source_line(t))
            for t in sorted(rows, key=lambda t: (t["span"]["line"], t["span"]["start"]))
        ]
    return found, counts


def _named_at(G: nx.MultiDiGraph, where: str, leader: str) -> tuple[str, ...]:
    """``file:line`` of the lines naming ``leader`` on an item or section."""
    return tuple(sorted({source_line(d) for _, v, d in G.out_edges(where, data=True)
                         if v == leader and d.get("relation") == Relation.RESPONSIBLE}))


def _plan_name(G: nx.MultiDiGraph, item: str) -> str:
    return G.nodes[G.nodes[item]["plan"]]["source"]["name"]


def office_profiles(G: nx.MultiDiGraph, name: str, *, issuer: str | None = None,
                    plan: str | None = None) -> list[OfficeProfile]:
    """The profile of every office called ``name`` (see :func:`find_parties`).

    Items are top-level items in reading order with the office's role on each (lead if it
    leads the item or a sub-measure); partners are the offices sharing items with it, with the
    lead → support edges between the two; leaders answer for its items. ``plan`` narrows the
    plans read, as in :func:`~dutygraph.queries.workload.office_workload`.
    """
    parties = find_parties(G, name, kind="office", issuer=issuer)
    pairs = item_parties(G, plan=plan, include_collectives=True)
    on_item: dict[str, list[str]] = defaultdict(list)
    for party, top in pairs:
        on_item[top].append(party)
    links = co_assignment(G, plan=plan, include_collectives=True)
    edges = lead_support(G, plan=plan, include_collectives=True)
    answering = leader_items(G, plan=plan)
    profiles = []
    for party in parties:
        mine = [(top, pair) for (p, top), pair in pairs.items() if p == party]
        tops = [top for top, _ in mine]
        targets, counts = _targets(G, tops)
        items = tuple(
            ProfileItem(
                ref=G.nodes[top]["ref"], plan=_plan_name(G, top), title=G.nodes[top]["title"], role=pair.role,
                partners=tuple(G.nodes[p]["name"] for p in on_item[top] if p != party),
                targets=counts[top], sources=pair.sources, item=top,
            )
            for top, pair in mine
        )
        partners = []
        for row in links:
            if party not in (row.a, row.b):
                continue
            other = row.b if row.a == party else row.a
            leads_it = sum(e.count for e in edges if e.lead_id == other and e.support_id == party)
            led_by_it = sum(e.count for e in edges if e.lead_id == party and e.support_id == other)
            partners.append(Partner(G.nodes[other]["name"], row.shared, row.newman, leads_it, led_by_it,
                                    tuple(cite(G, s.item) for s in row.items)))
        leaders = sorted({G.nodes[leader]["name"] for leader, answered in answering.items() if set(answered) & set(tops)})
        name_, issuer_name = party_label(G, party)
        profiles.append(OfficeProfile(
            office=name_, issuer=issuer_name, kind="collective" if G.nodes[party]["type"] == NodeKind.COLLECTIVE else "office",
            written_as=tuple(sorted(set(_surfaces(G, party, Relation.ASSIGNED_TO)) - {name_})),
            leads=sum(i.role == "lead" for i in items), supports=sum(i.role == "support" for i in items),
            items=items, partners=tuple(partners), leaders=tuple(leaders), targets=tuple(targets), party=party,
        ))
    return profiles


def leader_profiles(G: nx.MultiDiGraph, name: str, *, issuer: str | None = None,
                    plan: str | None = None) -> list[LeaderProfile]:
    """The profile of every leader called ``name``: items (role ``item`` when named on the item,
    ``section`` when on its section), the offices on them as (name, leads, supports), targets.

    >>> from dutygraph.importers.reading import parse
    >>> from dutygraph.graph.convert import to_networkx
    >>> md = ("# 2023年某省教育厅重点实事项目清单\\n## 项目一：甲\\n**责任领导：**张三\\n"
    ...       "**效果清单：**①新建学校10所\\n**承办单位：**基础教育处、财务处\\n")
    >>> [p] = leader_profiles(to_networkx(parse(md)), "张三")
    >>> p.offices, [t.text for t in p.targets]
    ((('基础教育处', 1, 0), ('财务处', 0, 1)), ['新建学校10所'])
    """
    leaders = find_parties(G, name, kind="leader", issuer=issuer)
    answering = leader_items(G, plan=plan)
    pairs = item_parties(G, plan=plan)
    profiles = []
    for leader in leaders:
        answered = answering.get(leader, {})
        tops = list(answered)
        targets, counts = _targets(G, tops)
        roles: dict[str, list[int]] = {}
        on_item: dict[str, list[str]] = defaultdict(list)
        for (party, top), pair in pairs.items():
            if top in answered:
                on_item[top].append(G.nodes[party]["name"])
                tally = roles.setdefault(G.nodes[party]["name"], [0, 0])
                tally[pair.role != "lead"] += 1
        items = tuple(
            ProfileItem(
                ref=G.nodes[top]["ref"], plan=_plan_name(G, top), title=G.nodes[top]["title"],
                role="section" if G.nodes[where]["type"] == NodeKind.SECTION else "item",
                partners=tuple(on_item[top]), targets=counts[top], sources=_named_at(G, where, leader), item=top,
            )
            for top, where in answered.items()
        )
        labels = sorted({d["label"] for _, _, d in G.in_edges(leader, data=True) if d.get("relation") == Relation.RESPONSIBLE})
        name_, issuer_name = party_label(G, leader)
        offices = tuple(sorted(((n, r[0], r[1]) for n, r in roles.items()), key=lambda o: (-o[1] - o[2], o[0])))
        profiles.append(LeaderProfile(name_, issuer_name, tuple(labels), items, offices, tuple(targets), leader))
    return profiles
