"""Cross-office dependencies: who shares items with whom, who depends on whom, who brokers.

Definitions (the same in every function and in ``dutygraph deps``):

* **Co-assignment** — two offices are linked when both are assigned to the same top-level item
  (as lead or support; sub-measures count for their item). Each item counts once per pair.
* **Plain weight** (``shared``) — the number of items a pair shares.
* **Newman weight** (``newman``) — each item with k offices adds 1/(k−1) to each of its pairs,
  so a 2-office item adds 1 and a 10-office item adds 1/9: an item's offices each spend one
  unit of collaboration, spread evenly over their partners on it (Newman 2001).
* **Lead → support edge** — on an item (or a sub-measure), each office that leads it depends on
  each office that supports it. Counted once per top-level item and edge.

>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.convert import to_networkx
>>> G = to_networkx(parse(
...     "某县教育局2023年工作要点\\n"
...     "1.甲。（教研室牵头，财务科配合）\\n"
...     "2.乙。（财务科牵头，教研室、人事科配合）\\n"))
>>> [(r.office_a, r.office_b, r.shared, r.newman) for r in co_assignment(G)]
[('教研室', '财务科', 2, 1.5), ('人事科', '教研室', 1, 0.5), ('人事科', '财务科', 1, 0.5)]
>>> [(r.lead, r.support, r.count) for r in lead_support(G)]
[('教研室', '财务科', 1), ('财务科', '人事科', 1), ('财务科', '教研室', 1)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from fractions import Fraction
from itertools import combinations

from dutygraph.queries.scope import (
    assignments,
    item_parties,
    party_label,
    scope_plans,
    scoped_items,
    source_line,
    top_item,
)

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "LeadSupportRow",
    "PairRow",
    "SharedItem",
    "co_assignment",
    "edge_rows",
    "lead_support",
    "network_of",
    "office_network",
    "pair_rows",
    "shared_item",
]


@dataclass(frozen=True)
class SharedItem:
    """An item behind a link: its id, ref, how many offices it has, and ``file:line`` sources."""

    item: str
    ref: str
    offices: int
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PairRow:
    """Two offices that share items; ``office_a`` sorts before ``office_b``."""

    office_a: str
    office_b: str
    issuer: str
    shared: int
    newman: float
    a: str
    b: str
    items: tuple[SharedItem, ...]


@dataclass(frozen=True)
class LeadSupportRow:
    """``lead`` depends on ``support`` for ``count`` items."""

    lead: str
    support: str
    issuer: str
    count: int
    lead_id: str
    support_id: str
    items: tuple[SharedItem, ...]


Place = tuple[str, int, int, str]
"""Where an item starts — (file, line, offset, id) — the order items are listed in."""

Labels = Mapping[str, tuple[str, str]]
"""Party id → (name, issuer name)."""


def _issuer_of(labels: Labels, a: str, b: str) -> str:
    """The issuer name both parties share, or both names joined when they differ."""
    ia, ib = labels[a][1], labels[b][1]
    return ia if ia == ib else f"{ia} / {ib}"


def shared_item(item: str, ref: str, offices: int, sources: Iterable[str]) -> SharedItem:
    """A :class:`SharedItem` with its distinct sources in file and line order."""
    def key(source: str) -> tuple[str, int, str]:
        cited, _, where = source.partition(" (")  # file:line, then a structured file's place
        file, _, line = cited.rpartition(":")
        return file, int(line), where

    return SharedItem(item, ref, offices, tuple(sorted(set(sources), key=key)))


def pair_rows(links: Mapping[tuple[str, str], list[tuple[Place, SharedItem]]], labels: Labels) -> list[PairRow]:
    """Pair rows from the items each pair shares, most shared first (shared by the Cypher twin)."""
    rows = []
    for (a, b), keyed in links.items():
        if (labels[a][0], a) > (labels[b][0], b):
            a, b = b, a
        items = tuple(s for _, s in sorted(keyed, key=lambda k: k[0]))
        rows.append(PairRow(
            office_a=labels[a][0], office_b=labels[b][0], issuer=_issuer_of(labels, a, b), shared=len(items),
            newman=float(sum(Fraction(1, s.offices - 1) for s in items)), a=a, b=b, items=items,
        ))
    rows.sort(key=lambda r: (-r.shared, -r.newman, r.office_a, r.office_b, r.a, r.b))
    return rows


def edge_rows(edges: Mapping[tuple[str, str], list[tuple[Place, SharedItem]]], labels: Labels) -> list[LeadSupportRow]:
    """Lead → support rows from the items behind each edge, most items first."""
    out = []
    for (lead, support), keyed in edges.items():
        items = tuple(s for _, s in sorted(keyed, key=lambda k: k[0]))
        out.append(LeadSupportRow(
            lead=labels[lead][0], support=labels[support][0], issuer=_issuer_of(labels, lead, support),
            count=len(items), lead_id=lead, support_id=support, items=items,
        ))
    out.sort(key=lambda r: (-r.count, r.lead, r.support, r.lead_id, r.support_id))
    return out


def _place(G: nx.MultiDiGraph, item: str) -> Place:
    span = G.nodes[item]["span"]
    return span["file"], span["line"], span["start"], item


def co_assignment(
    G: nx.MultiDiGraph,
    *,
    plan: str | None = None,
    issuer: str | None = None,
    include_collectives: bool = False,
) -> list[PairRow]:
    """Every pair of offices assigned to a common top-level item, most shared first.

    ``shared`` counts the items; ``newman`` sums 1/(k−1) over them, k being the item's number
    of offices (collectives count towards k only with ``include_collectives``). Each row lists
    its items with the lines naming both offices. Ties are broken by the Newman weight, then
    by the names. Scope options are those of
    :func:`~dutygraph.queries.workload.office_workload`.
    """
    tops: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)
    for (party, top), pair in item_parties(G, plan=plan, issuer=issuer, include_collectives=include_collectives).items():
        tops[top][party] = pair.sources
    links: dict[tuple[str, str], list[tuple[Place, SharedItem]]] = defaultdict(list)
    for top, parties in tops.items():
        for a, b in combinations(sorted(parties), 2):
            shared = shared_item(top, G.nodes[top]["ref"], len(parties), parties[a] + parties[b])
            links[(a, b)].append((_place(G, top), shared))
    return pair_rows(links, {p: party_label(G, p) for pair in links for p in pair})


def lead_support(
    G: nx.MultiDiGraph,
    *,
    plan: str | None = None,
    issuer: str | None = None,
    include_collectives: bool = False,
) -> list[LeadSupportRow]:
    """Directed lead → support edges: which office depends on which for delivery.

    On every item and sub-measure, each party in the lead role points at each party in the
    support role of that same (sub-)item; an edge counts once per top-level item. Most items
    first, then by names. Each row lists the items with the lines naming the two offices.
    """
    edges: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    sizes: dict[str, set[str]] = defaultdict(set)
    for item in scoped_items(G, scope_plans(G, plan, issuer)):
        top = top_item(G, item)
        rows = assignments(G, item, include_collectives)
        sizes[top].update(p for p, _ in rows)
        leads = [(p, d) for p, d in rows if d["role"] == "lead"]
        supports = [(p, d) for p, d in rows if d["role"] == "support"]
        for lead, ld in leads:
            for support, sd in supports:
                if lead != support:
                    where = edges[(lead, support)][top]
                    where += [source_line(d) for d in (ld, sd)]
    keyed = {
        pair: [(_place(G, t), shared_item(t, G.nodes[t]["ref"], len(sizes[t]), s)) for t, s in tops.items()]
        for pair, tops in edges.items()
    }
    return edge_rows(keyed, {p: party_label(G, p) for pair in keyed for p in pair})


def office_network(
    G: nx.MultiDiGraph,
    *,
    plan: str | None = None,
    issuer: str | None = None,
    include_collectives: bool = False,
) -> nx.Graph:
    """The co-assignment network as an undirected :class:`networkx.Graph`.

    Nodes are party ids carrying ``name``, ``issuer`` (its name), ``kind`` and ``items`` (the
    number of top-level items in scope); every office in scope is a node, even one that shares
    nothing. Edges carry ``shared``, ``newman`` and ``items`` (item ids), as in
    :func:`co_assignment`.

    >>> from dutygraph.importers.reading import parse
    >>> from dutygraph.graph.convert import to_networkx
    >>> G = to_networkx(parse("某县教育局2023年工作要点\\n1.甲。（教研室牵头，财务科配合）\\n2.乙。（人事科负责）\\n"))
    >>> net = office_network(G)
    >>> sorted(d["name"] for _, d in net.nodes(data=True)), net.number_of_edges()
    (['人事科', '教研室', '财务科'], 1)
    """
    from dutygraph.queries.workload import office_workload

    scope = {"plan": plan, "issuer": issuer, "include_collectives": include_collectives}
    return network_of(office_workload(G, **scope), co_assignment(G, **scope))


def network_of(parties: Iterable[Any], pairs: Iterable[PairRow]) -> nx.Graph:
    """The office network from workload rows (the nodes) and pair rows (the edges).

    Any engine's rows do: :func:`office_network` passes the networkx ones, ``dutygraph deps
    --engine cypher`` those of :mod:`dutygraph.queries.cypher`.
    """
    import networkx as nx

    net = nx.Graph()
    for row in parties:
        net.add_node(row.party, name=row.office, issuer=row.issuer, kind=row.kind, items=row.leads + row.supports)
    for pair in pairs:
        net.add_edge(pair.a, pair.b, shared=pair.shared, newman=pair.newman, items=tuple(s.item for s in pair.items))
    return net
