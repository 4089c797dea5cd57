"""Workload: who carries how many items, and how concentrated the load is.

Definitions (the same in every function and in ``dutygraph workload``):

* **Counting unit** — a pair (top-level item, party), counted once. Assignments written on a
  sub-measure (an item with a ``parent``) count for its top-level item; a party named several
  times on one item (or on several of its sub-measures) still counts once.
* **Role of a pair** — ``lead`` if any of those assignments makes the party the lead
  (explicit, declared or first-listed), otherwise ``support``.
* **Weighted load** — ``lead_weight × leads + support_weight × supports`` (defaults 1 and 0.5).
* **Share** — a party's load divided by the total load of the rows returned.
* **Rank** — 1 is the most loaded; equal loads share a rank and the next rank skips
  (1, 1, 3: competition ranking).
* **Population** of :func:`concentration` and :func:`overloaded` — the rows passed in with a
  load above 0 (offices only, unless collectives were asked for).

Collectives (相关处室, 专班 …) are not offices: they are left out unless
``include_collectives=True``, and then flagged with ``kind="collective"``.

>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.convert import to_networkx
>>> corpus = parse(
...     "某县教育局2023年工作要点\\n"
...     "1.甲。（教研室牵头，财务科配合）\\n"
...     "2.乙。（财务科牵头，教研室、相关科室配合）\\n"
...     "3.丙。（财务科牵头）\\n")
>>> rows = office_workload(to_networkx(corpus))
>>> [(r.office, r.leads, r.supports, r.load, r.rank) for r in rows]
[('财务科', 2, 1, 2.5, 1), ('教研室', 1, 1, 1.5, 2)]
>>> c = concentration(rows, top_k=1)
>>> round(c.gini, 4), round(c.hhi, 5), round(c.top_k_share, 4), c.offices
(0.125, 0.53125, 0.625, 2)
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from dutygraph.errors import UsageError
from dutygraph.ontology.vocabulary import NodeKind, Relation
from dutygraph.queries.scope import cite, item_parties, leader_items, of_type, party_label, related, top_item

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "OVERLOAD_RULES",
    "Concentration",
    "ItemRef",
    "LeaderRow",
    "OverloadRow",
    "PartyItems",
    "WorkloadRow",
    "concentration",
    "leader_workload",
    "office_workload",
    "overloaded",
    "rank_loads",
    "rank_workload",
    "rerank",
    "within_issuers",
]

OverloadRule = Literal["mean+1.5sd", "top-decile"]
OVERLOAD_RULES: tuple[str, ...] = ("mean+1.5sd", "top-decile")


@dataclass(frozen=True)
class ItemRef:
    """One item behind a figure: its id, ref as written, the role and the lines that say so."""

    item: str
    ref: str
    role: Literal["lead", "support"]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class WorkloadRow:
    """One party's workload; ``items`` lists every (item, role) counted, with ``file:line``."""

    rank: int
    office: str
    issuer: str
    kind: Literal["office", "collective"]
    leads: int
    supports: int
    load: float
    share: float
    party: str
    items: tuple[ItemRef, ...]


@dataclass(frozen=True)
class Concentration:
    """How unevenly the load is spread over ``offices`` rows (see :func:`concentration`)."""

    offices: int
    total_load: float
    gini: float
    hhi: float
    top_k: int
    top_k_share: float


@dataclass(frozen=True)
class OverloadRow:
    """An office above the threshold of ``rule``; ``reason`` states the arithmetic."""

    rank: int
    office: str
    issuer: str
    load: float
    rule: str
    threshold: float
    reason: str


@dataclass(frozen=True)
class LeaderRow:
    """A leader's span: items answered for, offices on those items, targets they carry."""

    leader: str
    issuer: str
    items: int
    offices: int
    targets: int
    leader_id: str
    refs: tuple[str, ...]


def rank_loads(loads: Sequence[float]) -> list[int]:
    """Competition ranks of loads sorted in descending order: ties share, the next skips."""
    ranks: list[int] = []
    for i, load in enumerate(loads):
        ranks.append(ranks[-1] if i and load == loads[i - 1] else i + 1)
    return ranks


def office_workload(
    G: nx.MultiDiGraph,
    *,
    lead_weight: float = 1.0,
    support_weight: float = 0.5,
    plan: str | None = None,
    issuer: str | None = None,
    include_collectives: bool = False,
) -> list[WorkloadRow]:
    """Lead and support counts, weighted load, share and rank per office, most loaded first.

    Each (top-level item, party) pair counts once, as ``lead`` if any assignment on the item or
    its sub-measures makes the party lead. ``load = lead_weight × leads + support_weight ×
    supports``; ``share = load / total load of the returned rows``; ties share a rank.
    ``plan`` (a plan id or source file name) and ``issuer`` (an organization id or name; a plan
    with two issuers belongs to both) narrow the plans counted; offices of one issuer in several
    plans are one row. Collectives are left out unless ``include_collectives``.
    Raises :class:`~dutygraph.errors.UsageError` for an unknown plan or issuer.

    >>> from dutygraph.importers.reading import parse
    >>> from dutygraph.graph.convert import to_networkx
    >>> G = to_networkx(parse("某县教育局2023年工作要点\\n1.甲。（教研室牵头，财务科、相关科室配合）\\n"))
    >>> [(r.office, r.kind, r.load) for r in office_workload(G, support_weight=1, include_collectives=True)]
    [('教研室', 'office', 1.0), ('相关科室', 'collective', 1.0), ('财务科', 'office', 1.0)]
    >>> office_workload(G)[1].items[0].sources
    ('<text>:2',)
    """
    by_party: dict[str, list[tuple[tuple[str, int], ItemRef]]] = defaultdict(list)
    pairs = item_parties(G, plan=plan, issuer=issuer, include_collectives=include_collectives)
    for (party, top), pair in pairs.items():
        by_party[party].append((pair.first, ItemRef(top, G.nodes[top]["ref"], pair.role, pair.sources)))

    entries = [
        PartyItems(party, *party_label(G, party), "collective" if G.nodes[party]["type"] == NodeKind.COLLECTIVE else "office",
                   tuple(keyed))
        for party, keyed in by_party.items()
    ]
    return rank_workload(entries, lead_weight=lead_weight, support_weight=support_weight)


@dataclass(frozen=True)
class PartyItems:
    """What :func:`rank_workload` ranks: a party and its (first source, item) pairs, any order."""

    party: str
    name: str
    issuer: str
    kind: Literal["office", "collective"]
    items: tuple[tuple[tuple[str, int], ItemRef], ...]


def rank_workload(entries: Iterable[PartyItems], *, lead_weight: float, support_weight: float) -> list[WorkloadRow]:
    """Loads, shares and ranks of parties, most loaded first (shared by the Cypher twin).

    Items are listed by their first source line; ties in load go to more leads, then the name.
    """
    drafts = []
    for e in entries:
        refs = tuple(r for _, r in sorted(e.items, key=lambda k: (k[0], k[1].item)))
        leads = sum(r.role == "lead" for r in refs)
        supports = len(refs) - leads
        drafts.append((lead_weight * leads + support_weight * supports, e, leads, supports, refs))
    total = math.fsum(d[0] for d in drafts)  # exact: the same whatever order the parties came in
    drafts.sort(key=lambda d: (-d[0], -d[2], d[1].name, d[1].party))
    ranks = rank_loads([d[0] for d in drafts])
    return [
        WorkloadRow(
            rank=rank, office=e.name, issuer=e.issuer, kind=e.kind, leads=leads, supports=supports, load=load,
            share=load / total if total else 0.0, party=e.party, items=refs,
        )
        for rank, (load, e, leads, supports, refs) in zip(ranks, drafts, strict=True)
    ]


def rerank(rows: Sequence[WorkloadRow]) -> list[WorkloadRow]:
    """Ranks and shares recomputed over ``rows`` alone (the offices of a run that counted the
    collectives too): the rows :func:`office_workload` gives for them, without a second run.

    >>> mk = lambda name, kind, load: WorkloadRow(0, name, "", kind, 0, 0, load, 0.0, name, ())
    >>> rows = [mk("相关科室", "collective", 3.0), mk("甲科", "office", 1.0), mk("乙科", "office", 1.0)]
    >>> [(r.office, r.rank, r.share) for r in rerank([r for r in rows if r.kind == "office"])]
    [('乙科', 1, 0.5), ('甲科', 1, 0.5)]
    """
    ordered = sorted(rows, key=lambda r: (-r.load, -r.leads, r.office, r.party))
    total = math.fsum(r.load for r in ordered)
    ranks = rank_loads([r.load for r in ordered])
    return [replace(r, rank=rank, share=r.load / total if total else 0.0) for rank, r in zip(ranks, ordered, strict=True)]


def within_issuers(rows: Sequence[WorkloadRow]) -> list[WorkloadRow]:
    """The rows ranked within each issuer: a province's 处 are not ranked against a city's 科.

    Ranks and shares are recomputed over the rows of one issuer at a time; issuers follow one
    another by their most loaded office (then name), each issuer's rows most loaded first.

    >>> mk = lambda name, issuer, load: WorkloadRow(0, name, issuer, "office", 0, 0, load, 0.0, name, ())
    >>> rows = [mk("甲处", "省厅", 4.0), mk("乙科", "市局", 3.0), mk("丙处", "省厅", 2.0), mk("丁科", "市局", 1.0)]
    >>> [(r.office, r.rank, r.share) for r in within_issuers(rows)]
    [('甲处', 1, 0.6666666666666666), ('丙处', 2, 0.3333333333333333), ('乙科', 1, 0.75), ('丁科', 2, 0.25)]
    """
    groups: dict[str, list[WorkloadRow]] = defaultdict(list)
    for r in rows:
        groups[r.issuer].append(r)
    order = sorted(groups, key=lambda i: (-max(r.load for r in groups[i]), i))
    out = []
    for issuer in order:
        scoped = sorted(groups[issuer], key=lambda r: (r.rank, -r.load))
        total = sum(r.load for r in scoped)
        ranks = rank_loads([r.load for r in scoped])
        out += [replace(r, rank=rank, share=r.load / total if total else 0.0)
                for rank, r in zip(ranks, scoped, strict=True)]
    return out


def _loads(rows: Iterable[WorkloadRow]) -> list[float]:
    return sorted((r.load for r in rows if r.load > 0), reverse=True)


def concentration(rows: Sequence[WorkloadRow], *, top_k: int = 3) -> Concentration:
    """Gini, HHI and top-k share of the loads of ``rows`` with a load above 0.

    The population is exactly those rows (offices, and collectives only if the rows include
    them); ``offices`` is its size. With loads x₁…xₙ and mean m:
    ``gini = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² m)`` (mean absolute difference over 2m; 0 = equal loads,
    approaching 1 = one office carries everything); ``hhi = Σ sᵢ²`` with ``sᵢ = xᵢ / Σx``
    (1/n for equal loads, 1 for a single office); ``top_k_share`` = the k largest loads / Σx.
    An empty population gives zeros.

    >>> rows = [WorkloadRow(1, "甲", "", "office", 3, 0, 3.0, 0.75, "p1", ()),
    ...         WorkloadRow(2, "乙", "", "office", 1, 0, 1.0, 0.25, "p2", ())]
    >>> concentration(rows, top_k=1)
    Concentration(offices=2, total_load=4.0, gini=0.25, hhi=0.625, top_k=1, top_k_share=0.75)
    """
    loads = _loads(rows)
    n, total = len(loads), sum(loads)
    if not n or not total:
        return Concentration(n, total, 0.0, 0.0, top_k, 0.0)
    mean = total / n
    # Σᵢ Σⱼ |xᵢ − xⱼ| over sorted loads is 2 Σᵢ (2i − n + 1) x₍ᵢ₎: O(n log n), not O(n²)
    ordered = sorted(loads)
    mad = 2 * math.fsum((2 * i - n + 1) * x for i, x in enumerate(ordered)) / (n * n)
    return Concentration(
        offices=n, total_load=total, gini=mad / (2 * mean),
        hhi=sum((x / total) ** 2 for x in loads), top_k=top_k, top_k_share=sum(loads[:top_k]) / total,
    )


def _counts(row: WorkloadRow) -> str:
    return f"{row.leads} lead{'s' if row.leads != 1 else ''}, {row.supports} support{'s' if row.supports != 1 else ''}"


def overloaded(rows: Sequence[WorkloadRow], *, rule: str = "mean+1.5sd", by_issuer: bool = False) -> list[OverloadRow]:
    """Offices whose load passes the threshold of ``rule``, most loaded first.

    With ``by_issuer`` the rule is applied to each issuer's offices on their own (the rows
    ranked by :func:`within_issuers`), issuer after issuer; otherwise to all rows pooled.

    ``mean+1.5sd``: load strictly above mean + 1.5 × standard deviation (population form, ÷ n)
    of the loads above 0. ``top-decile``: the ⌈n/10⌉ most loaded offices, and any tied with
    the last of them (threshold = the load at position ⌈n/10⌉, flagged if load ≥ it).
    Each row states the threshold and the arithmetic behind it.

    >>> mk = lambda name, load: WorkloadRow(1, name, "", "office", 0, 0, load, 0.0, name, ())
    >>> rows = [mk("甲", 10.0)] + [mk(f"乙{i}", 1.0) for i in range(9)]
    >>> [(r.office, r.threshold) for r in overloaded(rows)]
    [('甲', 5.95)]
    >>> [r.reason for r in overloaded(rows, rule="top-decile")]
    ['load 10 (0 leads, 0 supports; 5.3× the mean) is among the top 1 of 10 offices (≥ 10)']
    """
    if rule not in OVERLOAD_RULES:
        raise UsageError("usage.overload_rule", rule=repr(rule), known=", ".join(OVERLOAD_RULES))
    if by_issuer:
        ranked = within_issuers(rows)
        return [o for issuer in dict.fromkeys(r.issuer for r in ranked)
                for o in overloaded([r for r in ranked if r.issuer == issuer], rule=rule)]
    population = [r for r in rows if r.load > 0]
    loads = _loads(population)
    if not loads:
        return []
    n = len(loads)
    if rule == "mean+1.5sd":
        mean, sd = statistics.fmean(loads), statistics.pstdev(loads)
        threshold = mean + 1.5 * sd
        chosen = [r for r in population if r.load > threshold]
        why = f"> mean {mean:.4g} + 1.5 × sd {sd:.4g} = {threshold:.4g}"
    else:
        k = math.ceil(n / 10)
        threshold = loads[k - 1]
        chosen = [r for r in population if r.load >= threshold]
        mean = statistics.fmean(loads)
        why = f"is among the top {k} of {n} offices (≥ {threshold:g})"
    chosen.sort(key=lambda r: (-r.load, r.rank, r.office))
    return [
        OverloadRow(r.rank, r.office, r.issuer, r.load, rule, round(threshold, 6),
                    f"load {r.load:g} ({_counts(r)}; {r.load / mean:.1f}× the mean) {why}")
        for r in chosen
    ]


def leader_workload(G: nx.MultiDiGraph, *, plan: str | None = None, issuer: str | None = None) -> list[LeaderRow]:
    """Per leader: top-level items answered for, distinct offices on them, targets on them.

    A leader answers for an item named on it (or on one of its sub-measures) or on its section
    or an enclosing section (a section supervised by 刘市长). Offices and targets are counted
    over those items and their sub-measures; collectives are not offices. Most items first.

    >>> from dutygraph.importers.reading import parse
    >>> from dutygraph.graph.convert import to_networkx
    >>> md = ("# 2023年某省教育厅重点实事项目清单\\n## 项目一：甲\\n**责任领导：**张三\\n"
    ...       "**效果清单：**①新建学校10所\\n**承办单位：**基础教育处、财务处\\n")
    >>> [(r.leader, r.items, r.offices, r.targets) for r in leader_workload(to_networkx(parse(md)))]
    [('张三', 1, 2, 1)]
    """
    answered = leader_items(G, plan=plan, issuer=issuer)
    children: dict[str, list[str]] = defaultdict(list)
    for item in of_type(G, NodeKind.ITEM):
        children[top_item(G, item)].append(item)
    rows = []
    for leader, tops in answered.items():
        everything = [i for t in tops for i in children[t]]
        offices = {v for i in everything for _, v, d in G.out_edges(i, data=True)
                   if d.get("relation") == Relation.ASSIGNED_TO and G.nodes[v]["type"] == NodeKind.OFFICE}
        targets = sum(len(related(G, i, Relation.HAS_TARGET)) for i in everything)
        name, issuer_name = party_label(G, leader)
        refs = tuple(cite(G, t) for t in tops)  # reading order
        rows.append(LeaderRow(name, issuer_name, len(tops), len(offices),
                              targets, leader, refs))
    rows.sort(key=lambda r: (-r.items, -r.offices, r.leader))
    return rows
