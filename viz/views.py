"""The networks a person looks at, as small graphs of what the page draws.

Three views of one graph (:func:`~dutygraph.graph.convert.to_networkx`):

* :func:`responsibility_view` — plans, items, offices, collectives, leaders and targets;
  item → office edges carry the role (lead or support);
* :func:`dependency_view` — offices only: an edge per pair sharing items (width by the number
  shared), a lead → support arrow per pair where one leads items the other supports, node size
  by weighted load, overloaded offices marked (the rule and threshold in their details);
* :func:`ego_view` — the neighbourhood of one office or leader, ``depth`` steps out.

:func:`fit` keeps a view under a node limit: the responsibility network is collapsed into the
office network (items become office–office edges), and what is still too big keeps its most
loaded offices; every such step is written into the view's ``notices``, which the page shows.

A view node carries ``kind``, ``label``, ``title`` (hover text), ``size``, ``plans`` (ids),
``issuers`` (names), ``roles`` (of an office on its items), ``details`` (:mod:`~dutygraph.viz.details` blocks) and ``search`` (the names a
search box should find it by); an edge carries ``kind``, ``role``, ``plans``, ``width`` and
``title``. Every text is plain text.

>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.convert import to_networkx
>>> G = to_networkx(parse("某县教育局2023年工作要点\\n1.甲。（教研室牵头，财务科配合）\\n2.乙。（财务科负责）\\n"))
>>> view = responsibility_view(G)
>>> sorted(d["kind"] for _, d in view.graph.nodes(data=True))
['item', 'item', 'office', 'office', 'plan']
>>> deps = dependency_view(G)
>>> [(d["label"], d["size"] > 10) for _, d in deps.graph.nodes(data=True)]
[('财务科', True), ('教研室', True)]
>>> sorted(d["kind"] for _, _, d in deps.graph.edges(data=True))
['lead→support', 'shared']
>>> from dutygraph.i18n import language
>>> with language("en"):
...     fit(view, G, max_nodes=3).notices[0][:40]
'The responsibility network has 5 nodes, '
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace

import networkx as nx
from dutygraph.i18n import t
from dutygraph.labels import ROLES, label
from dutygraph.ontology.vocabulary import NodeKind, Relation
from dutygraph.queries.dependencies import co_assignment, lead_support
from dutygraph.queries.profiles import find_parties
from dutygraph.queries.scope import (
    assignments,
    display_ref,
    leader_items,
    of_type,
    org_names,
    party_label,
    related,
    source_line,
    top_item,
)
from dutygraph.queries.workload import office_workload, overloaded, within_issuers
from dutygraph.viz.wording import overload_reason
from dutygraph.viz.details import (
    item_details,
    leader_details,
    party_details,
    plan_details,
    target_details,
    target_text,
)

from dutygraph.errors import UsageError

__all__ = ["MAX_NODES", "View", "dependency_view", "ego_view", "fit", "focus_nodes", "named", "plan_titles", "repeated_names",
           "responsibility_view"]

MAX_NODES = 1500
"""Above this many nodes a page aggregates (``--max-nodes``), so that it stays interactive."""

LABEL_CHARS = 14


@dataclass
class View:
    """A graph to draw, its name (``full``, ``deps``, ``ego``), a heading and what the page must say."""

    name: str
    heading: str
    graph: nx.MultiDiGraph
    plans: dict[str, str]
    notices: list[str] = field(default_factory=list)


def short(text: str, limit: int = LABEL_CHARS) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plan_titles(G: nx.MultiDiGraph) -> dict[str, str]:
    """Plan id → how people name the plan: its title, with its document number or file name only
    where two plans share a title (never a file's hash name alone)."""
    plans = of_type(G, NodeKind.PLAN)
    titles = [G.nodes[p]["title"] for p in plans]
    out = {}
    for p, title in zip(plans, titles, strict=True):
        if titles.count(title) > 1:
            node = G.nodes[p]
            title = title + t("paren", text=node.get('doc_number') or node['source']['name'])
        out[p] = title
    return out


def repeated_names(G: nx.MultiDiGraph) -> set[str]:
    """Office names that more than one issuer uses (two 财务处): shown with their issuer."""
    seen: dict[str, set[str]] = defaultdict(set)
    for kind in (NodeKind.OFFICE, NodeKind.COLLECTIVE):
        for party in of_type(G, kind):
            name, issuer = party_label(G, party)
            seen[name].add(issuer)
    return {name for name, issuers in seen.items() if len(issuers) > 1}


def named(G: nx.MultiDiGraph, party: str, repeated: AbstractSet[str]) -> str:
    """A party's name, with its issuer when another issuer has an office of that name."""
    name, issuer = party_label(G, party)
    return name + t("paren", text=issuer) if name in repeated else name



def responsibility_view(G: nx.MultiDiGraph) -> View:
    """Plans, items, offices, collectives, leaders and targets, linked as the documents link them."""
    V = nx.MultiDiGraph()
    names = org_names(G)
    plans = plan_titles(G)
    for plan in plans:
        node = G.nodes[plan]
        V.add_node(plan, kind="plan", label=short(node["title"], 18), title=node["title"], size=26,
                   plans=[plan], issuers=[names.get(o, o) for o in node["issuers"]],
                   details=plan_details(G, plan), search=node["title"])
    answered = leader_items(G)
    leaders_of: dict[str, dict[str, str]] = defaultdict(dict)
    for leader, tops in answered.items():
        for top, where in tops.items():
            leaders_of[top][leader] = where
    roles: dict[str, list[tuple[str, str]]] = defaultdict(list)
    repeated = repeated_names(G)
    for item in of_type(G, NodeKind.ITEM):
        node = G.nodes[item]
        plan, parent = node["plan"], node.get("parent")
        issuers = V.nodes[plan]["issuers"]
        ref = display_ref(G, item)
        V.add_node(item, kind="item", label=short(f"{ref} {node['title']}"),
                   title=f"{ref} {node['title']}", size=9 if parent else 13, plans=[plan], issuers=issuers,
                   details=item_details(G, item, None if parent else leaders_of.get(item, {})),
                   search=f"{ref} {node['title']}")
        V.add_edge(parent or plan, item, kind="part of" if parent else "has item", role=None, plans=[plan],
                   width=1, title="")
        for party, data in assignments(G, item, include_collectives=True):
            roles[party].append((top_item(G, item), data["role"]))
            V.add_edge(item, party, kind=data["role"], role=data["role"], plans=[plan], width=2 if data["role"] == "lead" else 1,
                       title=t("edge_title.assignment", role=label(ROLES, data["role"]), surface=data["surface"],
                               source=source_line(data)))
        for target in related(G, item, Relation.HAS_TARGET):
            text = G.nodes[target]["text"]
            V.add_node(target, kind="target", label=short(text, 10), title=target_text(G.nodes[target]), size=6,
                       plans=[plan], issuers=issuers, details=target_details(G, target, item), search=text)
            V.add_edge(item, target, kind="target", role=None, plans=[plan], width=1, title="")
    for party, pairs in roles.items():
        kind = "office" if G.nodes[party]["type"] == NodeKind.OFFICE else "collective"
        merged: dict[str, str] = {}  # one entry per top-level item, lead if any assignment leads
        for top, role in pairs:
            merged[top] = "lead" if "lead" in (role, merged.get(top)) else role
        items = list(merged.items())
        V.add_node(party, **_party_node(G, party, kind, items, size=12 + 3 * math.sqrt(len(items)), repeated=repeated))
    for leader, tops in answered.items():
        name = G.nodes[leader]["name"]
        V.add_node(leader, kind="leader", label=name, title=t("node.leader_title", name=name, n=len(tops)), size=16,
                   plans=sorted({G.nodes[t]["plan"] for t in tops}), issuers=[party_label(G, leader)[1]],
                   details=leader_details(G, leader, tops), search=name)
        for top in tops:
            V.add_edge(top, leader, kind="leader", role=None, plans=[G.nodes[top]["plan"]], width=1, title="")
    return View("full", t("view.full"), V, plans)


def _party_node(G: nx.MultiDiGraph, party: str, kind: str, items: list[tuple[str, str]], *, size: float,
                extra: Sequence[tuple[str, str]] = (), roles: bool = True,
                repeated: AbstractSet[str] = frozenset()) -> dict:
    """Attributes of an office or collective node; ``roles`` lists its roles (for the role filter)."""
    name, issuer = party_label(G, party)
    node = G.nodes[party]
    leads = sum(role == "lead" for _, role in items)
    return dict(
        kind=kind, label=named(G, party, repeated),
        title=t("node.party_title", name=name, issuer=issuer, leads=leads, supports=len(items) - leads),
        size=size, plans=sorted({G.nodes[i]["plan"] for i, _ in items}), issuers=[issuer],
        roles=sorted({role for _, role in items}) if roles else None,
        details=party_details(G, party, items, list(extra)), search=" ".join((name, *node.get("aliases", ()))),
    )


def dependency_view(
    G: nx.MultiDiGraph,
    *,
    lead_weight: float = 1.0,
    support_weight: float = 0.5,
    rule: str = "mean+1.5sd",
    include_collectives: bool = False,
    across_issuers: bool = False,
) -> View:
    """Offices linked by shared items, with lead → support arrows; size by load, overloaded marked.

    Ranks and the overloaded offices are those within each issuer, unless ``across_issuers``.
    """
    rows = office_workload(G, lead_weight=lead_weight, support_weight=support_weight,
                           include_collectives=include_collectives)
    if not across_issuers:
        rows = within_issuers(rows)
    flagged = {(r.office, r.issuer): r for r in overloaded(rows, rule=rule, by_issuer=not across_issuers)}
    repeated = repeated_names(G)
    top_load = max((r.load for r in rows), default=0) or 1
    V = nx.MultiDiGraph()
    for row in rows:
        flag = flagged.get((row.office, row.issuer))
        extra = [(t("detail.rank") if across_issuers else t("detail.rank_within"), str(row.rank)),
                 (t("detail.load"), t("detail.load_value", load=f"{row.load:g}", share=f"{row.share:.1%}")),
                 (t("detail.leads"), str(row.leads)), (t("detail.supports"), str(row.supports)),
                 (t("detail.overloaded"), overload_reason(flag, rows) if flag else "")]
        items = [(ref.item, ref.role) for ref in row.items]
        V.add_node(row.party, **_party_node(G, row.party, row.kind, items,
                                             size=10 + 30 * math.sqrt(row.load / top_load), extra=extra,
                                             roles=False, repeated=repeated),
                   overloaded=flag is not None, load=row.load)
    for pair in co_assignment(G, include_collectives=include_collectives):
        refs = "、".join(s.ref for s in pair.items)
        V.add_edge(pair.a, pair.b, kind="shared", role="shared", plans=sorted({G.nodes[s.item]["plan"] for s in pair.items}),
                   width=min(1 + pair.shared, 12), value=pair.shared,
                   title=t("edge_title.shared", a=pair.office_a, b=pair.office_b, n=pair.shared, refs=refs,
                           newman=f"{pair.newman:.3g}"))
    for edge in lead_support(G, include_collectives=include_collectives):
        refs = "、".join(s.ref for s in edge.items)
        V.add_edge(edge.lead_id, edge.support_id, kind="lead→support", role="lead→support",
                   plans=sorted({G.nodes[s.item]["plan"] for s in edge.items}), width=1 + min(edge.count, 6) / 2,
                   title=t("edge_title.lead_support", lead=edge.lead, support=edge.support, n=edge.count, refs=refs))
    undirected = nx.MultiGraph(V)
    for party in V:
        partners = sorted(
            ((V.nodes[v]["label"], d["value"]) for _, v, d in undirected.edges(party, data=True) if d["kind"] == "shared"),
            key=lambda p: (-p[1], p[0]),
        )
        if partners:
            V.nodes[party]["details"].append(
                {"heading": t("detail.shares_with", n=len(partners)), "lines": [f"{n}  {k}" for n, k in partners]}
            )
    return View("deps", t("view.deps"), V, plan_titles(G))


def focus_nodes(G: nx.MultiDiGraph, name: str) -> list[str]:
    """The offices, collectives or leaders called ``name`` (any form the documents used)."""
    try:
        return find_parties(G, name)
    except UsageError as office_error:
        try:
            return find_parties(G, name, kind="leader")
        except UsageError:
            raise UsageError("usage.focus_nobody", reason=office_error.message) from None


def ego_view(view: View, focus: Iterable[str], depth: int) -> View:
    """The nodes within ``depth`` steps of ``focus`` (plans are reached but not walked through)."""
    focus = [f for f in focus if f in view.graph]
    if not focus:
        raise UsageError("usage.focus_not_here")
    undirected = nx.MultiGraph(view.graph)
    distance = {f: 0 for f in focus}
    frontier = list(focus)
    for step in range(1, depth + 1):
        reached = []
        for node in frontier:
            if view.graph.nodes[node]["kind"] == "plan" and node not in focus:
                continue
            for neighbour in undirected.neighbors(node):
                if neighbour not in distance:
                    distance[neighbour] = step
                    reached.append(neighbour)
        frontier = reached
    sub = view.graph.subgraph(distance).copy()
    for node in focus:
        sub.nodes[node]["focus"] = True
    names = "、".join(view.graph.nodes[f]["label"] for f in focus)
    ego = View("ego", t("view.ego", names=names, depth=depth), sub, view.plans, list(view.notices))
    ego.graph.graph["distance"] = distance
    return ego


def fit(view: View, G: nx.MultiDiGraph, *, max_nodes: int = MAX_NODES, **deps_options) -> View:
    """``view`` if it has at most ``max_nodes`` nodes; otherwise a smaller view that says how it shrank.

    The responsibility network becomes the office network (its items collapsed into
    office–office edges); an ego view keeps its nearest nodes; an office network keeps its most
    loaded offices. ``deps_options`` go to :func:`dependency_view`.
    """
    size = view.graph.number_of_nodes()
    if size <= max_nodes:
        return view
    if view.name == "full":
        items = sum(1 for _, d in view.graph.nodes(data=True) if d["kind"] == "item")
        deps = dependency_view(G, **deps_options)
        note = t("notice.collapsed", size=size, limit=max_nodes, items=items, edges=deps.graph.number_of_edges(),
                 offices=deps.graph.number_of_nodes())
        return fit(replace(deps, notices=[*view.notices, note]), G, max_nodes=max_nodes, **deps_options)
    if view.name == "ego":
        distance = view.graph.graph["distance"]
        keep = sorted(view.graph, key=lambda n: (distance[n], -view.graph.degree(n)))[:max_nodes]
        note = t("notice.nearest", size=size, limit=max_nodes)
    else:
        keep = sorted(view.graph, key=lambda n: -view.graph.nodes[n].get("load", 0))[:max_nodes]
        note = t("notice.most_loaded", size=size, limit=max_nodes)
    return replace(view, graph=view.graph.subgraph(keep).copy(), notices=[*view.notices, note])
