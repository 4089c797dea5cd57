"""Year over year: which items a plan carried over, added and dropped, and how each office's load moved.

Definitions (the same here and in ``dutygraph diff``):

* Items are top-level items (sub-measures belong to theirs; a row repeating an earlier row's
  item is that row). An old and a new item **match** when their titles are alike:
  ``score`` = :func:`similarity` of the titles, 0–1. Pairs are taken greedily, best score
  first, each item at most once, down to ``threshold`` (0.6); items of a plan are compared with
  items of plans of the same issuer (by name) when there are such.
* ``carried`` — matched; ``lead_moved`` when the offices leading it differ between the years.
  ``dropped`` — an old item no new item matches; ``added`` — the reverse.
* Offices are matched by identity — issuer and canonical name, so abbreviations and
  ``--aliases`` apply — and compared by leads, supports and load as ``dutygraph workload``
  counts them (same weights).

>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.convert import to_networkx
>>> old = to_networkx(parse("某县教育局2023年工作要点\\n1.扩充学前教育学位。（学前科牵头）\\n2.开展教研活动。（教研室负责）\\n"))
>>> new = to_networkx(parse("某县教育局2024年工作要点\\n1.扩充学前教育学位资源。（财务科牵头）\\n2.建设智慧校园。（教研室负责）\\n"))
>>> [(m.change, m.old_ref, m.new_ref, m.lead_moved) for m in match_items(old, new)]
[('carried', '1', '1', True), ('dropped', '2', None, False), ('added', None, '2', False)]
>>> [(c.office, c.leads_old, c.leads_new) for c in office_changes(old, new)]
[('财务科', 0, 1), ('学前教育科', 1, 0), ('教研室', 1, 1)]
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from collections.abc import Iterator
from typing import Literal

import networkx as nx
from rapidfuzz import process
from rapidfuzz.distance import Indel

from dutygraph.queries.scope import display_ref, item_parties, of_type, org_names, source_line, top_item
from dutygraph.queries.workload import ItemRef, office_workload

__all__ = ["IssuerWarning", "ItemMove", "OfficeChange", "issuer_warnings", "match_items", "office_changes", "similarity"]

_NOISE = re.compile(r"[\s\W_]+")
_DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def similarity(a: str, b: str) -> float:
    """How alike two titles are, 0–1: the matching share of their characters (difflib's ratio)
    once spacing and punctuation are gone and every figure reads alike (3所 ~ 5所).

    >>> similarity("新建幼儿园3所。", "新建幼儿园5所"), round(similarity("开展教研活动", "建设智慧校园"), 2)
    (1.0, 0.0)
    """
    return _ratio(_norm(a), _norm(b))


def _norm(text: str) -> str:
    return _NOISE.sub("", _DIGITS.sub("#", text))


def _ratio(a: str, b: str) -> float:
    left, right = sorted((a, b))  # one order either way: the ratio is symmetric
    if not left or not right:
        return 0.0
    if left == right:
        return 1.0
    return round(difflib.SequenceMatcher(None, left, right, autojunk=False).ratio(), 4)


def _candidates(before: list[str], after: list[str], threshold: float) -> Iterator[tuple[int, int]]:
    """The pairs (old index, new index) of normalised titles whose :func:`similarity` can reach
    ``threshold``, found fast: rapidfuzz's Indel ratio (twice the longest common subsequence over
    both lengths) is never below difflib's, whose matching blocks are one common subsequence.
    It is not difflib's ratio itself (higher for some pairs), so the pairs found are scored by
    :func:`similarity` still.

    >>> list(_candidates(["新建幼儿园#所", "开展教研活动"], ["新建幼儿园", "建设智慧校园"], 0.6))
    [(0, 0)]
    """
    cutoff = max(0.0, threshold - 1e-4)  # the similarity is rounded to 4 places
    for i, title in enumerate(before):
        for _, _, j in process.extract(title, after, scorer=Indel.normalized_similarity, score_cutoff=cutoff, limit=None):
            yield i, j


@dataclass(frozen=True)
class ItemMove:
    """One item across two years: carried over (with its score), added or dropped."""

    change: Literal["carried", "dropped", "added"]
    score: float | None
    old_ref: str | None
    new_ref: str | None
    old_title: str | None
    new_title: str | None
    old_leads: tuple[str, ...]
    new_leads: tuple[str, ...]
    lead_moved: bool
    old_source: str | None
    new_source: str | None
    old_item: str | None
    new_item: str | None


@dataclass(frozen=True)
class OfficeChange:
    """One office (issuer and canonical name) in both years: leads, supports and load, and the change."""

    office: str
    issuer: str
    leads_old: int
    leads_new: int
    leads_change: int
    supports_old: int
    supports_new: int
    supports_change: int
    load_old: float
    load_new: float
    load_change: float
    items_old: tuple[ItemRef, ...]
    items_new: tuple[ItemRef, ...]


@dataclass(frozen=True)
class _Item:
    id: str
    ref: str
    title: str
    issuers: frozenset[str]
    leads: tuple[str, ...]
    source: str


def _items(G: nx.MultiDiGraph) -> list[_Item]:
    names = org_names(G)
    leads: dict[str, list[str]] = defaultdict(list)
    for (party, top), pair in item_parties(G).items():
        if pair.role == "lead":
            leads[top].append(G.nodes[party]["name"])
    out = []
    for item in of_type(G, "Item"):
        if top_item(G, item) != item:
            continue
        node = G.nodes[item]
        issuers = frozenset(names[o] if o in names else o for o in G.nodes[node["plan"]]["issuers"])
        out.append(_Item(item, display_ref(G, item), node["title"], issuers, tuple(leads[item]), source_line(node)))
    return out


def match_items(old: nx.MultiDiGraph, new: nx.MultiDiGraph, *, threshold: float = 0.6) -> list[ItemMove]:
    """Carried, dropped and added items: carried in the old items' order, then dropped, then added."""
    before, after = _items(old), _items(new)
    issuers_after = set().union(*(i.issuers for i in after)) if after else set()
    issuers_before = set().union(*(i.issuers for i in before)) if before else set()
    titles = [_norm(i.title) for i in before], [_norm(i.title) for i in after]
    ratios: dict[tuple[str, str], float] = {}  # plans repeat titles: each pair of texts scored once
    scored = []
    for i, j in _candidates(*titles, threshold):
        a, b = before[i], after[j]
        if not (a.issuers & b.issuers or not a.issuers & issuers_after or not b.issuers & issuers_before):
            continue  # not comparable
        texts = titles[0][i], titles[1][j]
        if texts not in ratios:
            ratios[texts] = _ratio(*texts)
        if (score := ratios[texts]) >= threshold:
            scored.append((-score, i, j, score))
    scored.sort()
    pairs: dict[int, tuple[int, float]] = {}
    taken: set[int] = set()
    for _, i, j, score in scored:
        if i not in pairs and j not in taken:
            pairs[i] = (j, score)
            taken.add(j)
    moves = []
    for i, a in enumerate(before):
        if i in pairs:
            j, score = pairs[i]
            b = after[j]
            moves.append(ItemMove("carried", score, a.ref, b.ref, a.title, b.title, a.leads, b.leads,
                                  set(a.leads) != set(b.leads), a.source, b.source, a.id, b.id))
    moves += [ItemMove("dropped", None, a.ref, None, a.title, None, a.leads, (), False, a.source, None, a.id, None)
              for i, a in enumerate(before) if i not in pairs]
    moves += [ItemMove("added", None, None, b.ref, None, b.title, (), b.leads, False, None, b.source, None, b.id)
              for j, b in enumerate(after) if j not in taken]
    return moves


def office_changes(old: nx.MultiDiGraph, new: nx.MultiDiGraph, *, lead_weight: float = 1.0,
                   support_weight: float = 0.5) -> list[OfficeChange]:
    """Every office of either year with its leads, supports and load in both, and the items
    behind them (``items_old``, ``items_new``: ref, role and ``file:line``); largest change first."""
    sides = [{(r.issuer, r.office): r for r in office_workload(G, lead_weight=lead_weight, support_weight=support_weight)}
             for G in (old, new)]
    rows = []
    for key in dict.fromkeys([*sides[0], *sides[1]]):
        a, b = sides[0].get(key), sides[1].get(key)
        leads = (a.leads if a else 0, b.leads if b else 0)
        supports = (a.supports if a else 0, b.supports if b else 0)
        load = (a.load if a else 0.0, b.load if b else 0.0)
        rows.append(OfficeChange(key[1], key[0], *leads, leads[1] - leads[0], *supports, supports[1] - supports[0],
                                 *load, round(load[1] - load[0], 6), a.items if a else (), b.items if b else ()))
    rows.sort(key=lambda r: (-abs(r.load_change), -r.load_new, r.issuer, r.office))
    return rows


@dataclass(frozen=True)
class IssuerWarning:
    """Why a comparison of two sides may mislead: their issuers differ (``different``), or a
    side's issuer names no place and is scoped to its document (``placeless``), so its offices
    can meet no office of the other side."""

    kind: Literal["different", "placeless"]
    old: tuple[str, ...]
    new: tuple[str, ...]


def issuer_warnings(G_old: nx.MultiDiGraph, G_new: nx.MultiDiGraph) -> list[IssuerWarning]:
    """What to warn about before comparing ``G_old`` with ``G_new``: issuers shown as
    :func:`~dutygraph.queries.scope.org_names` shows them.

    >>> from dutygraph.importers.reading import parse
    >>> from dutygraph.graph.convert import to_networkx
    >>> old = to_networkx(parse("市教育局2023年工作要点\\n1.甲。（学前科牵头）\\n", source="a.txt"))
    >>> new = to_networkx(parse("市教育局2024年工作要点\\n1.甲。（学前科牵头）\\n", source="b.txt"))
    >>> [(w.kind, w.old, w.new) for w in issuer_warnings(old, new)]
    [('placeless', ('市教育局（a.txt）',), ('市教育局（b.txt）',))]
    """
    def issuers(G: nx.MultiDiGraph) -> tuple[tuple[str, ...], tuple[str, ...]]:
        names = org_names(G)
        used = sorted({o for p in of_type(G, "Plan") for o in G.nodes[p]["issuers"]})
        placeless = tuple(names[o] for o in used if G.nodes[o].get("qualifier"))
        return tuple(names[o] for o in used if not G.nodes[o].get("qualifier")), placeless

    (old, old_scoped), (new, new_scoped) = issuers(G_old), issuers(G_new)
    warnings = []
    if old_scoped or new_scoped:
        warnings.append(IssuerWarning("placeless", old_scoped, new_scoped))
    if set(old) != set(new) and old and new:
        warnings.append(IssuerWarning("different", old, new))
    return warnings
