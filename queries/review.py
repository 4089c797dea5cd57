"""Doubt made visible: the facts read on weak evidence, most consequential first.

Every issuer, office role, leader and deadline carries how it was decided; some of those ways
are weak evidence. :func:`doubtful_facts` lists them, each with its ``doubt`` (a code), what
it would change (``consequence``) and the lines behind it:

* **issuer** — an issuer that names no place (scoped to its document: ``placeless``), named only
  by a page's source line (``source_line``), inferred from the document number
  (``doc_number``), or not named at all (``unnamed``). Consequence ``scope``: which offices are
  ranked and compared together.
* **office** — an office that leads items only by the first-listed convention
  (``lead_by_order``). Consequence ``ranking`` when counting those leads as supports would move
  the office's rank within its issuer or its overloaded flag; else none.
* **leader** — a post without a person's name (``post_only``: 分管副局长) or a surname and a post
  (``surname_post``: 刘市长). Consequence none; weight = items answered for.
* **deadline** — a deadline inferred from the plan's year or a horizon (``plan_year``,
  ``horizon``). Consequence ``tier`` when the inferred date puts the target in an urgent tier
  (overdue, due, upcoming) on ``as_of``.
* **refused** — a name the importer refused as a party or a leader (a quality note), with the
  reason as its doubt (``refused_total``, ``refused_head``, ``refused_fragment``,
  ``refused_no_suffix``, ``refused_collective``, ``refused_sentence``, ``refused_body``,
  ``refused_aliases``, else ``refused``), so that a one-line fix (an alias, ``collective``) can be
  written for one refused wrongly.

Rows come consequence first (``ranking``, ``tier``, ``scope``, then none), then by weight (the
items the fact touches), then by name.

>>> import datetime as dt
>>> from dutygraph.importers.read import parse
>>> from dutygraph.graph.convert import to_networkx
>>> G = to_networkx(parse("市教育局2023年工作要点\\n1.甲。（教研室、财务科负责）\\n2.乙。（教研室牵头）\\n", source="a.txt"))
>>> [(r.kind, r.fact, r.doubt, r.consequence) for r in doubtful_facts(G, as_of=dt.date(2023, 12, 20))]
[('issuer', '市教育局（a.txt）', 'placeless', 'scope'), ('office', '教研室', 'lead_by_order', '')]
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Literal

import networkx as nx

from dutygraph.ontology.vocabulary import NodeKind
from dutygraph.queries.scope import assignments, leader_items, of_type, org_names, party_label, source_line, top_item
from dutygraph.queries.targets import targets_by_deadline
from dutygraph.queries.workload import PartyItems, office_workload, overloaded, rank_workload, within_issuers

__all__ = ["CONSEQUENCES", "DoubtRow", "doubtful_facts"]

FactKind = Literal["issuer", "office", "leader", "deadline", "refused"]
CONSEQUENCES = ("ranking", "tier", "scope", "")
"""Most consequential first: a fact that moves a ranking, one that sets a deadline's tier, one
that decides an issuer's scope, then the rest."""

_URGENT = ("overdue", "due", "upcoming")
_POSTS = re.compile(
    r"^(?:分管|主管|常务|主要|牵头|联系|包联)?(?:副)?(?:省长|市长|县长|区长|镇长|乡长|厅长|局长|处长|科长|部长|主任|"
    r"书记|校长|院长|主席|秘书长|巡视员|调研员|督学|总督学|组长|领导|负责人|负责同志)$"
)
_SURNAME_POST = re.compile(r"^[\u4e00-\u9fff](?:副)?(?:省长|市长|县长|区长|镇长|乡长|厅长|局长|处长|科长|部长|主任|书记|校长|院长)$")


@dataclass(frozen=True)
class DoubtRow:
    """One doubtful fact: what it is, how it was decided, why that is weak and what it changes."""

    kind: FactKind
    fact: str
    issuer: str
    rule: str
    doubt: str
    consequence: str
    weight: int
    sources: tuple[str, ...]
    node: str


def doubtful_facts(G: nx.MultiDiGraph, *, as_of: dt.date, warn_days: int = 7, notice_days: int = 30,
                   lead_weight: float = 1.0, support_weight: float = 0.5, plan: str | None = None,
                   issuer: str | None = None) -> list[DoubtRow]:
    """Every doubtful fact in scope, most consequential first (see the module's definitions);
    ``warn_days`` and ``notice_days`` set the urgent tiers as ``dutygraph targets`` does."""
    rows = [*_issuers(G, plan, issuer), *_offices(G, lead_weight, support_weight, plan, issuer),
            *_leaders(G, plan, issuer), *_deadlines(G, as_of, warn_days, notice_days, plan, issuer),
            *_refused(G, plan, issuer)]
    return sorted(rows, key=lambda r: (CONSEQUENCES.index(r.consequence), -r.weight, r.kind, r.fact, r.node))


def _plans(G: nx.MultiDiGraph, plan: str | None, issuer: str | None) -> list[str]:
    from dutygraph.queries.scope import scope_plans

    chosen = scope_plans(G, plan, issuer)
    return [p for p in of_type(G, NodeKind.PLAN) if p in chosen]


def _issuers(G: nx.MultiDiGraph, plan: str | None, issuer: str | None) -> list[DoubtRow]:
    names = org_names(G)
    plans: dict[str, list[str]] = defaultdict(list)
    for p in _plans(G, plan, issuer):
        for o in G.nodes[p]["issuers"]:
            plans[o].append(p)
    rows = []
    for org, theirs in plans.items():
        node = G.nodes[org]
        if not node.get("doubt"):
            continue
        items = sum(1 for p in theirs for v in G.successors(p) if G.nodes[v].get("type") == NodeKind.ITEM
                    and not G.nodes[v].get("parent"))
        rows.append(DoubtRow("issuer", names[org], names[org], node.get("rule") or "", node["doubt"], "scope", items,
                             tuple(G.nodes[p]["source"]["name"] for p in theirs), org))
    return rows


def _by_order(G: nx.MultiDiGraph, plans: set[str]) -> set[tuple[str, str]]:
    """(party, top item) pairs whose lead rests only on the first-listed convention."""
    stated: set[tuple[str, str]] = set()
    ordered: set[tuple[str, str]] = set()
    for item in of_type(G, NodeKind.ITEM):
        if G.nodes[item].get("plan") not in plans:
            continue
        top = top_item(G, item)
        for party, data in assignments(G, item):
            if data["role"] == "lead":
                (ordered if data["rule"] == "first_listed" else stated).add((party, top))
    return ordered - stated


def _offices(G: nx.MultiDiGraph, lead_weight: float, support_weight: float, plan: str | None,
             issuer: str | None) -> list[DoubtRow]:
    rows = office_workload(G, lead_weight=lead_weight, support_weight=support_weight, plan=plan, issuer=issuer)
    guessed = _by_order(G, set(_plans(G, plan, issuer)))
    if not guessed:
        return []
    demoted = rank_workload(
        [PartyItems(r.party, r.office, r.issuer, r.kind, tuple(
            ((i.sources[0], 0), replace(i, role="support") if (r.party, i.item) in guessed else i)
            for i in r.items)) for r in rows],
        lead_weight=lead_weight, support_weight=support_weight)
    ranks = {r.party: r.rank for r in within_issuers(rows)}
    ranks_after = {r.party: r.rank for r in within_issuers(demoted)}
    flagged = {(o.office, o.issuer) for o in overloaded(rows, by_issuer=True)}
    flagged_after = {(o.office, o.issuer) for o in overloaded(demoted, by_issuer=True)}
    out = []
    for r in rows:
        mine = [i for i in r.items if (r.party, i.item) in guessed]
        if not mine:
            continue
        moved = ranks[r.party] != ranks_after[r.party] or ((r.office, r.issuer) in flagged) != (
            (r.office, r.issuer) in flagged_after)
        out.append(DoubtRow("office", r.office, r.issuer, "first_listed", "lead_by_order", "ranking" if moved else "",
                            len(mine), tuple(s for i in mine for s in i.sources), r.party))
    return out


def _leaders(G: nx.MultiDiGraph, plan: str | None, issuer: str | None) -> list[DoubtRow]:
    rows = []
    for leader, answered in leader_items(G, plan=plan, issuer=issuer).items():
        name, issuer_name = party_label(G, leader)
        title = G.nodes[leader].get("title") or ""
        whole = name if name.endswith(title) else name + title
        doubt = "post_only" if _POSTS.match(whole) else "surname_post" if _SURNAME_POST.match(whole) else None
        if doubt:
            rows.append(DoubtRow("leader", whole, issuer_name, "label", doubt, "", len(answered),
                                 tuple(source_line(G.nodes[w]) for w in answered.values()), leader))
    return rows


def _deadlines(G: nx.MultiDiGraph, as_of: dt.date, warn_days: int, notice_days: int, plan: str | None,
               issuer: str | None) -> list[DoubtRow]:
    names = org_names(G)
    rows = []
    for r in targets_by_deadline(G, as_of=as_of, warn_days=warn_days, notice_days=notice_days, plan=plan, issuer=issuer):
        if r.rule not in ("plan_year", "horizon"):
            continue
        plan_issuers = G.nodes[G.nodes[r.item]["plan"]]["issuers"]
        rows.append(DoubtRow("deadline", f"{r.ref} {r.text}", "、".join(names.get(o) or str(o) for o in plan_issuers),
                             r.rule, r.rule, "tier" if r.status in _URGENT else "", 1, (r.source,), r.target))
    return rows


_REFUSED = re.compile(r"“(?P<name>.*)” is not taken as (?:a party|a leader) \((?P<why>.*)\)")
_WHY = {
    "a total": "refused_total", "a column head": "refused_head", "a fragment of a collective phrase": "refused_fragment",
    "no organisation suffix, known short form or alias": "refused_no_suffix", "a collective": "refused_collective",
    "a sentence": "refused_sentence", "a body, not a person": "refused_body",
    "not a party by the aliases file": "refused_aliases",
}
"""The reasons :mod:`dutygraph.importers.facts.hygiene` gives, as codes (any other: ``refused``)."""


def _refused(G: nx.MultiDiGraph, plan: str | None, issuer: str | None) -> list[DoubtRow]:
    names = org_names(G)
    rows = []
    for p in _plans(G, plan, issuer):
        node = G.nodes[p]
        for q in node.get("quality", ()):
            if q["kind"] == "not_a_party" and (m := _REFUSED.search(q["message"])):
                where = f"{node['source']['name']}:{q['line']}" if q.get("line") else node["source"]["name"]
                rows.append(DoubtRow("refused", m.group("name"), "、".join(names.get(o) or str(o) for o in node["issuers"]),
                                     "not_a_party", _WHY.get(m.group("why"), "refused"), "", 0, (where,), p))
    return rows

