"""The model as a networkx MultiDiGraph, and back again without loss.

Nodes are keyed by the model's stable ids and carry a ``type`` (Plan, Section, Item, Task,
Target, Progress, Office, Collective, Leader, Organization) plus every field of their model.
Edges are keyed by relation:

=================  =========================  ==============================================
relation           from → to                  edge attributes
=================  =========================  ==============================================
ISSUED_BY          Plan → Organization        order
HAS_SECTION        Plan → Section             position
SUBSECTION_OF      Section → Section          (child → parent)
HAS_ITEM           Plan → Item                position (reading order)
IN_SECTION         Item → Section
PART_OF            Item → Item                (sub-measure → its item)
HAS_TASK           Item → Task
HAS_TARGET         Item → Target
HAS_PROGRESS       Item → Progress
REPORTS_ON         Item → Item                (a row → the item its 来源 names, in another plan)
SAME_AS            Item → Item                (a row → the earlier row of its plan on the same item)
ASSIGNED_TO        Item → Office/Collective   role, rule, surface, order, span
RESPONSIBLE        Item/Section → Leader      surface, label, span, order
BELONGS_TO         Office/Collective/Leader → Organization
IMPLEMENTS         Item → Item                rule, basis, score, confidence, evidence, confirmed
                                              (a lower item → the higher task it carries out)
=================  =========================  ==============================================

>>> from dutygraph.importers.reading import parse
>>> corpus = parse("某县教育局2023年工作要点\\n1.扩充学位。（学前科牵头，财务科配合）\\n")
>>> G = to_networkx(corpus)
>>> sorted({d["type"] for _, d in G.nodes(data=True)})
['Item', 'Office', 'Organization', 'Plan']
>>> from_networkx(G) == corpus
True
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from dutygraph.errors import ModelError
from dutygraph.ontology.model import (
    Assignment,
    Collective,
    Corpus,
    Item,
    Leader,
    Office,
    Organization,
    Plan,
    Progress,
    Responsibility,
    Section,
    Target,
    Task,
)
from dutygraph.ontology.vocabulary import NodeKind, Relation

__all__ = ["to_networkx", "from_networkx", "NODE_TYPES", "RELATIONS"]

NODE_TYPES: tuple[str, ...] = tuple(k.value for k in NodeKind)
"""Node ``type`` values (and Neo4j labels), from :class:`~dutygraph.ontology.vocabulary.NodeKind`."""
RELATIONS: tuple[str, ...] = tuple(r.value for r in Relation)
"""Edge relations (and Neo4j relationship types), from :class:`~dutygraph.ontology.vocabulary.Relation`."""

_CHILDREN = {"tasks", "targets", "assignments", "responsibilities", "progress", "sections", "items"}


def _attrs(model: Any, type_: str, **extra: Any) -> dict[str, Any]:
    data = model.model_dump(exclude=_CHILDREN & set(type(model).model_fields))
    return {"type": str(type_), **data, **extra}


def to_networkx(corpus: Corpus) -> nx.MultiDiGraph:
    """Build the graph of a corpus: one node per entity, one edge per relation."""
    G = nx.MultiDiGraph(dutygraph=1)
    for org in corpus.organizations:
        G.add_node(org.id, **_attrs(org, NodeKind.ORGANIZATION))
    for party in corpus.parties:
        G.add_node(party.id, **_attrs(party, NodeKind.OFFICE if party.kind == "office" else NodeKind.COLLECTIVE))
        G.add_edge(party.id, party.issuer, key=Relation.BELONGS_TO)
    for leader in corpus.leaders:
        G.add_node(leader.id, **_attrs(leader, NodeKind.LEADER))
        G.add_edge(leader.id, leader.issuer, key=Relation.BELONGS_TO)
    for plan in corpus.plans:
        G.add_node(plan.id, **_attrs(plan, NodeKind.PLAN))
        for order, issuer in enumerate(plan.issuers):
            G.add_edge(plan.id, issuer, key=Relation.ISSUED_BY, order=order)
        for pos, sec in enumerate(plan.sections):
            G.add_node(sec.id, **_attrs(sec, NodeKind.SECTION, plan=plan.id))
            G.add_edge(plan.id, sec.id, key=Relation.HAS_SECTION, position=pos)
            if sec.parent:
                G.add_edge(sec.id, sec.parent, key=Relation.SUBSECTION_OF)
            _responsibilities(G, sec.id, sec.responsibilities)
        for pos, item in enumerate(plan.items):
            _add_item(G, plan.id, pos, item)
    for plan in corpus.plans:  # links between items, once every item is a node
        for item in plan.items:
            if item.same_as in G:
                G.add_edge(item.id, item.same_as, key=Relation.SAME_AS)
            for ref in item.reports_on:
                if ref.target in G:
                    G.add_edge(item.id, ref.target, key=Relation.REPORTS_ON)
            for chain in item.derived_from:
                if chain.target in G:
                    G.add_edge(item.id, chain.target, key=Relation.IMPLEMENTS, **chain.model_dump(exclude={"target"}))
    return G


def _responsibilities(G: nx.MultiDiGraph, source: str, rows: tuple[Responsibility, ...]) -> None:
    for order, r in enumerate(rows):
        G.add_edge(source, r.leader, key=f"{Relation.RESPONSIBLE}:{order}", relation=Relation.RESPONSIBLE, order=order,
                   **r.model_dump(exclude={"leader"}))


def _add_item(G: nx.MultiDiGraph, plan_id: str, pos: int, item: Item) -> None:
    G.add_node(item.id, **_attrs(item, NodeKind.ITEM, plan=plan_id))
    G.add_edge(plan_id, item.id, key=Relation.HAS_ITEM, position=pos)
    if item.section:
        G.add_edge(item.id, item.section, key=Relation.IN_SECTION)
    if item.parent:
        G.add_edge(item.id, item.parent, key=Relation.PART_OF)
    for kind, rel, rows in ((NodeKind.TASK, Relation.HAS_TASK, item.tasks),
                            (NodeKind.TARGET, Relation.HAS_TARGET, item.targets),
                            (NodeKind.PROGRESS, Relation.HAS_PROGRESS, item.progress)):
        for order, row in enumerate(rows):
            G.add_node(row.id, **_attrs(row, kind, item=item.id, position=order))
            G.add_edge(item.id, row.id, key=rel)
    for a in item.assignments:
        G.add_edge(item.id, a.party, key=f"{Relation.ASSIGNED_TO}:{a.order}", relation=Relation.ASSIGNED_TO, **a.model_dump())
    _responsibilities(G, item.id, item.responsibilities)


def _node(G: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    data = {k: v for k, v in G.nodes[node].items() if k not in ("type", "plan", "item", "position")}
    return data


def _out(G: nx.MultiDiGraph, node: str, relation: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (v, d) for _, v, k, d in G.out_edges(node, keys=True, data=True)
        if k == relation or d.get("relation") == relation
    ]


def from_networkx(G: nx.MultiDiGraph) -> Corpus:
    """Rebuild the corpus from a graph made by :func:`to_networkx` (or edited in its shape)."""
    try:
        return _rebuild(G)
    except (KeyError, ValueError, TypeError) as exc:
        raise ModelError("model.graph_shape", reason=str(exc)) from None


def _rebuild(G: nx.MultiDiGraph) -> Corpus:
    by_type: dict[str, list[str]] = {t: [] for t in NODE_TYPES}
    for node, data in G.nodes(data=True):
        by_type[data["type"]].append(node)

    def children(node: str, relation: str, model: type, kind: str) -> tuple:
        rows = [v for v, _ in _out(G, node, relation) if G.nodes[v]["type"] == kind]
        rows.sort(key=lambda v: G.nodes[v]["position"])
        return tuple(model(**_node(G, v)) for v in rows)

    def responsibilities(node: str) -> tuple[Responsibility, ...]:
        rows = sorted(_out(G, node, Relation.RESPONSIBLE), key=lambda e: e[1]["order"])
        return tuple(
            Responsibility(leader=v, **{k: d[k] for k in ("surface", "label", "span")}) for v, d in rows
        )

    plans = []
    for plan_id in by_type[NodeKind.PLAN]:
        sections = [v for v, _ in sorted(_out(G, plan_id, Relation.HAS_SECTION), key=lambda e: e[1]["position"])]
        items = [v for v, _ in sorted(_out(G, plan_id, Relation.HAS_ITEM), key=lambda e: e[1]["position"])]
        built_items = []
        for item_id in items:
            assignments = sorted(_out(G, item_id, Relation.ASSIGNED_TO), key=lambda e: e[1]["order"])
            built_items.append(Item(
                **_node(G, item_id),
                tasks=children(item_id, Relation.HAS_TASK, Task, NodeKind.TASK),
                targets=children(item_id, Relation.HAS_TARGET, Target, NodeKind.TARGET),
                progress=children(item_id, Relation.HAS_PROGRESS, Progress, NodeKind.PROGRESS),
                assignments=tuple(Assignment(**{k: v for k, v in d.items() if k != "relation"}) for _, d in assignments),
                responsibilities=responsibilities(item_id),
            ))
        plans.append(Plan(
            **_node(G, plan_id),
            sections=tuple(Section(**_node(G, s), responsibilities=responsibilities(s)) for s in sections),
            items=tuple(built_items),
        ))
    order = list(G.nodes)
    parties = [
        Office(**_node(G, n)) if G.nodes[n]["type"] == NodeKind.OFFICE else Collective(**_node(G, n))
        for n in order if G.nodes[n]["type"] in (NodeKind.OFFICE, NodeKind.COLLECTIVE)
    ]
    return Corpus(
        organizations=tuple(Organization(**_node(G, n)) for n in by_type[NodeKind.ORGANIZATION]),
        parties=tuple(parties),
        leaders=tuple(Leader(**_node(G, n)) for n in by_type[NodeKind.LEADER]),
        plans=tuple(plans),
    )
