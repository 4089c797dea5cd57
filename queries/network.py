"""Positions in the office network: centrality, brokers, components, communities, group matrix.

Every function here takes the undirected co-assignment network of
:func:`~dutygraph.queries.dependencies.office_network` (nodes: offices; edges: shared items
with ``shared`` and ``newman`` weights). Definitions:

* **Degree** — the number of partner offices; **strength** — the sum of Newman weights.
* **Betweenness** — the share of shortest paths between two other offices that pass through
  an office (hop counts, unweighted; normalised to 0–1 by networkx's (n−1)(n−2)/2).
* **Burt's constraint** — Σⱼ (pᵢⱼ + Σₖ pᵢₖ pₖⱼ)² with pᵢⱼ the share of i's Newman weight on j:
  near 1 when all of an office's partners also work with each other (no brokerage), lower when
  it alone connects partners who do not otherwise meet. Undefined (None) for an isolated office.
* **Articulation point** — an office whose removal disconnects its component; ``cut_off`` is
  the number of offices that would lose every path to the largest remaining part.
* **Broker** — an articulation point, or an office on shortest paths between others
  (betweenness > 0); brokers are ranked by ``cut_off``, then betweenness, then constraint.
* **Components** — connected parts of the network, largest first; **communities** — Louvain
  (modularity, Newman weights, a fixed seed so reruns agree), largest first.

>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.convert import to_networkx
>>> from dutygraph.queries.dependencies import office_network
>>> net = office_network(to_networkx(parse(
...     "某县教育局2023年工作要点\\n"
...     "1.甲。（教研室牵头，财务科配合）\\n"
...     "2.乙。（财务科牵头，人事科配合）\\n")))
>>> [(b.office, b.articulation, b.cut_off) for b in brokers(net)]
[('财务科', True, 1)]
>>> [(c.component, c.offices) for c in components(net)]
[(1, ('人事科', '教研室', '财务科'))]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from dataclasses import dataclass

import networkx as nx

from dutygraph.errors import UsageError
from dutygraph.ontology.offices import party_key, read_settings

__all__ = [
    "betweenness",
    "constraint",
    "BrokerRow",
    "CentralityRow",
    "CommunityRow",
    "ComponentRow",
    "GroupCell",
    "brokers",
    "centrality",
    "communities",
    "components",
    "group_matrix",
    "load_groups",
]

LOUVAIN_SEED = 7


@dataclass(frozen=True)
class CentralityRow:
    """One office's position: partners, strength, betweenness, constraint, articulation."""

    office: str
    issuer: str
    degree: int
    strength: float
    betweenness: float
    constraint: float | None
    articulation: bool
    party: str


@dataclass(frozen=True)
class BrokerRow:
    """An office that sits between others; ``reason`` says why in words and figures."""

    rank: int
    office: str
    issuer: str
    articulation: bool
    cut_off: int
    betweenness: float
    constraint: float | None
    reason: str
    party: str


@dataclass(frozen=True)
class ComponentRow:
    """A connected part of the network (1 = the largest): its offices by name."""

    component: int
    size: int
    offices: tuple[str, ...]
    parties: tuple[str, ...]


@dataclass(frozen=True)
class CommunityRow:
    """A Louvain community (1 = the largest), with the modularity of the whole partition."""

    community: int
    size: int
    offices: tuple[str, ...]
    internal_weight: float
    modularity: float
    parties: tuple[str, ...]


@dataclass(frozen=True)
class GroupCell:
    """Links between two groups (``group_a`` ≤ ``group_b``; equal: links inside one group)."""

    group_a: str
    group_b: str
    pairs: int
    shared: int
    newman: float


def _sorted_names(net: nx.Graph, nodes: set[str] | list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    ordered = sorted(nodes, key=lambda n: (net.nodes[n]["name"], n))
    return tuple(net.nodes[n]["name"] for n in ordered), tuple(ordered)


def _cut_off(net: nx.Graph, node: str) -> int:
    """Offices that lose every path to the largest part of node's component once it is removed."""
    rest = net.subgraph(nx.node_connected_component(net, node) - {node})
    sizes = sorted((len(c) for c in nx.connected_components(rest)), reverse=True)
    return sum(sizes[1:])


def constraint(net: nx.Graph, *, weight: str = "newman") -> dict[str, float | None]:
    """Burt's constraint of every office on ``weight``: Σⱼ (pᵢⱼ + Σ_q pᵢq p_qj)², pᵢⱼ = wᵢⱼ / Σₖ wᵢₖ.

    The same values as :func:`networkx.constraint` (checked by a property test), computed with
    one dictionary per office instead of a function call per triple: O(Σ degree²). An office
    with no partner has none (None).

    >>> net = nx.Graph()
    >>> net.add_weighted_edges_from([("a", "b", 1.0), ("b", "c", 1.0)], weight="newman")
    >>> constraint(net)
    {'a': 1.0, 'b': 0.5, 'c': 1.0}
    """
    share: dict[str, dict[str, float]] = {}
    for n in net:
        weights = {m: float(d.get(weight, 1.0)) for m, d in net[n].items() if m != n}
        total = sum(weights.values())
        share[n] = {m: w / total for m, w in weights.items()} if total else {}
    out: dict[str, float | None] = {}
    for i, p_i in share.items():
        if not p_i:
            out[i] = None
            continue
        value = 0.0
        for j, p_ij in p_i.items():
            indirect = sum(p_iq * share[q].get(j, 0.0) for q, p_iq in p_i.items() if q != j)
            value += (p_ij + indirect) ** 2
        out[i] = round(value, 9)
    return out


SAMPLE_ABOVE = 3000
"""A component with more offices than this gets betweenness from ``SAMPLE_ABOVE`` sampled
sources (fixed seed) instead of every one: exact below, an estimate above, said in the docstring."""


def betweenness(net: nx.Graph) -> dict[str, float]:
    """Normalised betweenness (in hops), computed one connected component at a time.

    No shortest path crosses components, so the values equal networkx's on the whole network
    (normalised by its size) at a fraction of the cost when the network is many small parts.
    Components above :data:`SAMPLE_ABOVE` offices are estimated from that many sources.

    >>> net = nx.Graph([("a", "b"), ("b", "c"), ("x", "y"), ("y", "z")])
    >>> betweenness(net) == nx.betweenness_centrality(net, normalized=True)
    True
    """
    n = net.number_of_nodes()
    scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    out: dict[str, float] = {}
    for part in nx.connected_components(net):
        sub = net.subgraph(part)
        if len(part) <= 2:
            out.update(dict.fromkeys(part, 0.0))
            continue
        if len(part) > SAMPLE_ABOVE:
            raw = nx.betweenness_centrality(sub, k=SAMPLE_ABOVE, normalized=False, seed=0)
        else:
            raw = _exact_betweenness(sub)
        # both halve undirected counts when unnormalised; normalised, networkx divides by (n-1)(n-2)/2
        out.update({v: b * 2 * scale for v, b in raw.items()})
    return out


def _exact_betweenness(net: nx.Graph) -> dict[str, float]:
    """Unnormalised betweenness of every node, by rustworkx (Brandes' algorithm in Rust, ~10×
    networkx's speed; the same values to 1e-12: tests/test_network_speed.py checks them)."""
    import rustworkx as rx

    nodes = list(net)
    index = {v: i for i, v in enumerate(nodes)}
    graph = rx.PyGraph(multigraph=False)
    graph.add_nodes_from(nodes)
    graph.add_edges_from_no_data([(index[a], index[b]) for a, b in net.edges()])
    raw = rx.betweenness_centrality(graph, normalized=False)
    return {v: raw[i] for i, v in enumerate(nodes)}


def centrality(net: nx.Graph) -> list[CentralityRow]:
    """Degree, strength, betweenness, Burt's constraint and articulation of every office.

    Sorted by betweenness, then degree (highest first), then name.
    """
    between = betweenness(net)
    burt = constraint(net)
    cuts = set(nx.articulation_points(net))
    rows = [
        CentralityRow(
            office=d["name"], issuer=d["issuer"], degree=net.degree(n),
            strength=round(math.fsum(w for _, _, w in net.edges(n, data="newman")), 6),
            betweenness=round(between[n], 9), constraint=burt[n], articulation=n in cuts, party=n,
        )
        for n, d in net.nodes(data=True)
    ]
    rows.sort(key=lambda r: (-r.betweenness, -r.degree, r.office, r.party))
    return rows


def brokers(net: nx.Graph) -> list[BrokerRow]:
    """Offices whose removal splits or weakens the network, most critical first.

    Articulation points (with the number of offices they would cut off) and every office with
    betweenness above 0; ranked by ``cut_off``, betweenness, then constraint (lower first).
    """
    drafts = []
    for row in centrality(net):
        if not (row.articulation or row.betweenness > 0):
            continue
        cut = _cut_off(net, row.party) if row.articulation else 0
        why = [f"removing it cuts {cut} office{'s' if cut != 1 else ''} off from the rest"] if cut else []
        why.append(f"on {row.betweenness:.1%} of shortest paths between other offices")
        if row.constraint is not None:
            why.append(f"constraint {row.constraint:.2f} (1 = no brokerage)")
        drafts.append((cut, row, "; ".join(why)))
    drafts.sort(key=lambda d: (-d[0], -d[1].betweenness, d[1].constraint if d[1].constraint is not None else 1.0,
                               d[1].office, d[1].party))
    return [
        BrokerRow(rank, r.office, r.issuer, r.articulation, cut, r.betweenness, r.constraint, why, r.party)
        for rank, (cut, r, why) in enumerate(drafts, 1)
    ]


def components(net: nx.Graph) -> list[ComponentRow]:
    """Connected components, largest first (ties by first name); isolated offices included."""
    parts = [_sorted_names(net, c) for c in nx.connected_components(net)]
    parts.sort(key=lambda p: (-len(p[0]), p[0]))
    return [ComponentRow(i, len(names), names, ids) for i, (names, ids) in enumerate(parts, 1)]


def communities(net: nx.Graph, *, resolution: float = 1.0, seed: int = LOUVAIN_SEED) -> list[CommunityRow]:
    """Louvain communities on Newman weights, largest first; reruns give the same partition.

    ``resolution`` above 1 favours smaller communities. Isolated offices form their own.

    >>> net = nx.Graph()
    >>> for n in "abcdef":
    ...     net.add_node(n, name=n, issuer="x")
    >>> net.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")],
    ...                    newman=1.0)
    >>> [r.offices for r in communities(net)]
    [('a', 'b', 'c'), ('d', 'e', 'f')]
    """
    if not net.number_of_nodes():
        return []
    parts = nx.community.louvain_communities(net, weight="newman", resolution=resolution, seed=seed)
    modularity = nx.community.modularity(net, parts, weight="newman", resolution=resolution) if net.number_of_edges() else 0.0
    rows = []
    for part in parts:
        names, ids = _sorted_names(net, part)
        inner = math.fsum(w for _, _, w in net.subgraph(part).edges(data="newman"))
        rows.append((names, ids, round(inner, 6)))
    rows.sort(key=lambda r: (-len(r[0]), r[0]))
    return [
        CommunityRow(i, len(names), names, inner, round(modularity, 9), ids)
        for i, (names, ids, inner) in enumerate(rows, 1)
    ]


def group_matrix(net: nx.Graph, groups: Mapping[str, str] | None = None) -> list[GroupCell]:
    """Links summed per pair of groups: by issuer, or by ``groups`` (party id → group name).

    Offices missing from ``groups`` fall back to their issuer's name. Cells with no link are
    left out; a cell with ``group_a == group_b`` counts the links inside that group.

    >>> net = nx.Graph()
    >>> for n, issuer in [("a", "厅"), ("b", "厅"), ("c", "委")]:
    ...     net.add_node(n, name=n, issuer=issuer)
    >>> net.add_edge("a", "b", shared=2, newman=1.5)
    >>> net.add_edge("a", "c", shared=1, newman=1.0)
    >>> [(c.group_a, c.group_b, c.shared) for c in group_matrix(net)]
    [('厅', '厅', 2), ('厅', '委', 1)]
    """
    named = groups or {}
    group: dict[str, str] = {n: named[n] if n in named else d["issuer"] for n, d in net.nodes(data=True)}
    cells: dict[tuple[str, str], list[float]] = {}
    for a, b, d in net.edges(data=True):
        low, high = sorted((group[a], group[b]))
        cell = cells.setdefault((low, high), [0, 0, 0.0])
        cell[0] += 1
        cell[1] += d["shared"]
        cell[2] += d["newman"]
    return [
        GroupCell(a, b, int(p), int(s), round(w, 6))
        for (a, b), (p, s, w) in sorted(cells.items(), key=lambda c: (-c[1][1], c[0]))
    ]


def load_groups(path: str | Path, net: nx.Graph) -> tuple[dict[str, str], list[str]]:
    """Office grouping from a TOML or YAML file: (party id → group, names matching no office).

    The file maps group names to office names (as written in the graph, or folded: 与/和)::

        [groups]
        "教学口" = ["基础教育处", "高等教育处"]
        "保障口" = ["财务处", "发展规划处"]

    A name matches the offices of that name in the network (in every issuer); names matching
    none are returned (a file written for many plans names offices absent from some). An
    office put in two groups is an error naming the file.
    """
    data = read_settings(path, "group_file")
    groups = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(groups, dict) or not all(
        isinstance(v, list) and all(isinstance(n, str) for n in v) for v in groups.values()
    ):
        raise UsageError("usage.group_file", path=path)
    by_key: dict[str, list[str]] = {}
    for n, d in net.nodes(data=True):
        by_key.setdefault(party_key(d["name"]), []).append(n)
    mapping: dict[str, str] = {}
    unknown = []
    for group, offices in groups.items():
        for name in offices:
            found = by_key.get(party_key(name))
            if not found:
                unknown.append(name)
            for party in found or ():
                if mapping.setdefault(party, str(group)) != group:
                    raise UsageError("usage.two_groups", path=path, name=name, first=mapping[party], second=group)
    return mapping, unknown
