"""What every query counts over: the plans in scope and the (item, party) pairs in them.

The counting unit shared by the workload, dependency and target queries is a pair
(top-level item, party): assignments written on a sub-measure (an item with a ``parent``)
count for its top-level item, and a party named several times on one item counts once, as
``lead`` if any of those assignments makes it lead.

>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.convert import to_networkx
>>> G = to_networkx(parse("某县教育局2023年工作要点\\n1.甲。（教研室牵头，财务科、相关科室配合）\\n"))
>>> pairs = item_parties(G)
>>> sorted((G.nodes[p]["name"], pair.role) for (p, _), pair in pairs.items())
[('教研室', 'lead'), ('财务科', 'support')]
>>> [pair.sources for pair in pairs.values()]
[('<text>:2',), ('<text>:2',)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from dutygraph.errors import Message, UsageError
from dutygraph.ontology.issuers import issuer_label
from dutygraph.ontology.vocabulary import NodeKind, Relation

if TYPE_CHECKING:  # the functions take a graph; the tables' twins (queries/tables.py) load no networkx
    import networkx as nx

__all__ = [
    "ItemParty",
    "assignments",
    "cite",
    "cited_lines",
    "display_ref",
    "item_parties",
    "leader_items",
    "not_named",
    "of_type",
    "org_names",
    "party_label",
    "related",
    "scope_plans",
    "scoped_items",
    "select_plans",
    "source_line",
    "top_item",
]


@dataclass(frozen=True)
class ItemParty:
    """A (top-level item, party) pair: its role and the ``file:line`` of every assignment."""

    role: Literal["lead", "support"]
    sources: tuple[str, ...]
    first: tuple[str, int]


def of_type(G: nx.MultiDiGraph, type_: NodeKind | str) -> list[str]:
    """The nodes of one type (``NodeKind.OFFICE``, ``"Item"`` …), in graph order.

    A name outside :class:`~dutygraph.ontology.vocabulary.NodeKind` raises ``ValueError``
    instead of matching nothing.
    """
    kind = NodeKind(type_)
    return [n for n, d in G.nodes(data=True) if d.get("type") == kind]


def org_names(G: nx.MultiDiGraph) -> dict[str, str]:
    """Organization id → name as shown: an issuer scoped to one document carries its file's name
    (市教育局（a.txt）), so two such issuers are never pooled by name."""
    return {o: issuer_label(G.nodes[o]["name"], G.nodes[o].get("qualifier")) for o in of_type(G, NodeKind.ORGANIZATION)}


def party_label(G: nx.MultiDiGraph, party: str) -> tuple[str, str]:
    """(name, issuer name as shown) of an office, collective or leader node."""
    node = G.nodes[party]
    issuer = node.get("issuer", "")
    return node["name"], issuer_label(G.nodes[issuer]["name"], G.nodes[issuer].get("qualifier")) if issuer in G else issuer


def related(G: nx.MultiDiGraph, node: str, relation: Relation | str) -> list[str]:
    """The nodes ``node`` points at by ``relation`` (``Relation.HAS_TARGET`` …), in graph order.

    A name outside :class:`~dutygraph.ontology.vocabulary.Relation` raises ``ValueError``.
    """
    rel = Relation(relation)
    return [v for _, v, k in G.out_edges(node, keys=True) if str(k).split(":", 1)[0] == rel]


def source_line(record: dict[str, Any]) -> str:
    """``file:line`` of a node's or an edge's ``span`` (and its place in a structured file)."""
    from dutygraph.ontology.model import cite as cite_span

    span = record["span"]
    return cite_span(span["file"], span["line"], span.get("where"))


def cite(G: nx.MultiDiGraph, item: str) -> str:
    """An item as a reader finds it: ``ref@file:line`` (refs repeat across plans and sections)."""
    return f"{G.nodes[item]['ref']}@{source_line(G.nodes[item])}"


def scope_plans(G: nx.MultiDiGraph, plan: str | None = None, issuer: str | None = None) -> set[str]:
    """Plan ids selected by a plan (id or source file name) and an issuer (id or name).

    A plan with two issuers belongs to both. Raises :class:`~dutygraph.errors.UsageError`
    naming the known plans or issuers when nothing matches.
    """
    plans = [(p, G.nodes[p]["source"]["name"], tuple(G.nodes[p]["issuers"])) for p in of_type(G, NodeKind.PLAN)]
    return select_plans(plans, org_names(G), plan=plan, issuer=issuer)


def select_plans(
    plans: list[tuple[str, str, tuple[str, ...]]], orgs: dict[str, str], *, plan: str | None, issuer: str | None
) -> set[str]:
    """:func:`scope_plans` over ``(plan id, source name, issuer ids)`` rows and org id → name.

    >>> select_plans([("plan:1", "a.txt", ("org:1",))], {"org:1": "甲局"}, plan="a.txt", issuer="甲局")
    {'plan:1'}
    """
    if plan is not None:
        chosen = [row for row in plans if plan in (row[0], row[1])]
        if not chosen:
            raise UsageError("usage.no_plan", plan=plan, known=", ".join(sorted(row[1] for row in plans)))
        plans = chosen
    if issuer is not None:
        # an issuer scoped to one document answers to its label and to its bare name (all of them)
        wanted = {o for o, name in orgs.items() if issuer in (o, name, name.split("（", 1)[0])}
        if not wanted:
            raise UsageError("usage.no_issuer", issuer=issuer, known=", ".join(sorted(orgs.values())))
        plans = [row for row in plans if wanted & set(row[2])]
    return {row[0] for row in plans}


def not_named(kind: Literal["office", "leader"], name: str, near: list[str]) -> Message:
    """Why there is no office (or leader) called ``name``: the names ``near`` it, or none at all.

    >>> from dutygraph.i18n import language
    >>> with language("en"):
    ...     str(not_named("office", "财物科", ["财务科"])), str(not_named("leader", "王五", []))
    ("no office named '财物科' (did you mean: 财务科?)", "no leader named '王五' (the documents name none)")
    """
    if near:
        return Message(f"usage.no_{kind}_near", name=name, near=", ".join(near))
    return Message(f"usage.no_{kind}_none", name=name)


def cited_lines(where: list[tuple[str, int]]) -> tuple[tuple[str, ...], tuple[str, int]]:
    """Distinct ``(file, line)`` places as sorted ``file:line`` texts, and the first place."""
    ordered = sorted(set(where))
    return tuple(f"{f}:{line}" for f, line in ordered), ordered[0]


def top_item(G: nx.MultiDiGraph, item: str) -> str:
    """The top-level item a (sub-)item belongs to.

    A row that reports on the same item as an earlier row of its plan (the same 来源 in two
    sections) is that earlier row's: one item, counted once.
    """
    seen = {item}
    parent = G.nodes[item].get("parent")
    while parent and parent not in seen:
        item, parent = parent, G.nodes[parent].get("parent")
        seen.add(item)
    twin = G.nodes[item].get("same_as")
    return twin if isinstance(twin, str) and twin in G and twin not in seen else item


def display_ref(G: nx.MultiDiGraph, item: str) -> str:
    """An item's ref as a reader looks for it: a sub-measure's with its item's (二.2, not 二)."""
    refs, seen = [G.nodes[item]["ref"]], {item}
    parent = G.nodes[item].get("parent")
    while parent and parent in G and parent not in seen:
        seen.add(parent)
        refs.append(G.nodes[parent]["ref"])
        parent = G.nodes[parent].get("parent")
    return ".".join(reversed([r for r in refs if r]))


def scoped_items(G: nx.MultiDiGraph, plans: set[str]) -> list[str]:
    """Every item (sub-measures included) of the given plans, in graph order."""
    return [n for n in of_type(G, NodeKind.ITEM) if G.nodes[n].get("plan") in plans]


def assignments(G: nx.MultiDiGraph, item: str, include_collectives: bool = False) -> list[tuple[str, dict[str, Any]]]:
    """(party, edge data) of the ASSIGNED_TO edges of one item, in written order."""
    rows = [
        (party, data) for _, party, data in G.out_edges(item, data=True)
        if data.get("relation") == Relation.ASSIGNED_TO
        and (include_collectives or G.nodes[party]["type"] != NodeKind.COLLECTIVE)
    ]
    return sorted(rows, key=lambda r: r[1]["order"])


_ROLE_OPS = frozenset({"set_lead", "add_office", "set_role"})


def item_parties(
    G: nx.MultiDiGraph,
    *,
    plan: str | None = None,
    issuer: str | None = None,
    include_collectives: bool = False,
) -> dict[tuple[str, str], ItemParty]:
    """Every (party, top-level item) pair in scope, with its role and sources.

    Keys are ``(party id, top-level item id)``; insertion follows the graph's reading order.
    A role set by a corrections file cites the file's lines among the sources.
    """
    drafts: dict[tuple[str, str], tuple[bool, list[tuple[str, int]], list[tuple[str, int]]]] = {}
    for item in scoped_items(G, scope_plans(G, plan, issuer)):
        top = top_item(G, item)
        fixes = [(c["file"], c["line"]) for c in G.nodes[item].get("corrections", ()) if c["op"] in _ROLE_OPS]
        for party, data in assignments(G, item, include_collectives):
            lead, where, fixed = drafts.setdefault((party, top), (False, [], []))
            where.append((data["span"]["file"], data["span"]["line"]))
            if data["rule"] == "corrected":
                fixed.extend(fixes)  # the corrections file's lines that set the role
            drafts[(party, top)] = (lead or data["role"] == "lead", where, fixed)
    pairs = {}
    for key, (lead, where, fixed) in drafts.items():
        sources, first = cited_lines(where)
        if fixed:
            sources = tuple(dict.fromkeys((*sources, *cited_lines(fixed)[0])))
        pairs[key] = ItemParty("lead" if lead else "support", sources, first)
    return pairs


def _section_leaders(G: nx.MultiDiGraph, section: str | None) -> dict[str, str]:
    """Leader → the section naming them, over a section and its enclosing sections."""
    leaders: dict[str, str] = {}
    seen: set[str] = set()
    while section and section not in seen:
        seen.add(section)
        for _, leader, d in G.out_edges(section, data=True):
            if d.get("relation") == Relation.RESPONSIBLE:
                leaders.setdefault(leader, section)
        section = next((v for _, v, k in G.out_edges(section, keys=True) if k == Relation.SUBSECTION_OF), None)
    return leaders


def leader_items(
    G: nx.MultiDiGraph, *, plan: str | None = None, issuer: str | None = None
) -> dict[str, dict[str, str]]:
    """Leader → {top-level item → the node naming the leader for it}, in reading order.

    A leader answers for an item named on it (or on one of its sub-measures), or on its
    section or an enclosing section (a section supervised by 刘市长); the value is that item,
    sub-measure or section id, whose ``span`` is the line to cite.
    """
    answered: dict[str, dict[str, str]] = {}
    for item in scoped_items(G, scope_plans(G, plan, issuer)):
        top = top_item(G, item)
        section = next((v for _, v, k in G.out_edges(item, keys=True) if k == Relation.IN_SECTION), None)
        named = {v: item for _, v, d in G.out_edges(item, data=True) if d.get("relation") == Relation.RESPONSIBLE}
        for leader, where in {**_section_leaders(G, section), **named}.items():
            answered.setdefault(leader, {}).setdefault(top, where)
    return answered
