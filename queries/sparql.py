"""SPARQL twins of the queries: the same rows, computed by a SPARQL engine over the RDF view.

Each twin counts in SPARQL — (top-level item, party) pairs and their roles, the items a pair
of offices shares, the lead → support edges — and hands its rows to the Python code that
ranks and orders the networkx version's rows (:func:`~dutygraph.queries.workload.rank_workload`,
:func:`~dutygraph.queries.dependencies.pair_rows`, :func:`~dutygraph.queries.dependencies.edge_rows`),
so both engines return equal rows. The queries are plain SPARQL 1.1 in the terms of
``ontology/dutygraph.ttl``: rdflib's engine answers them, and so does Oxigraph when the graph
lives in an ``oxrdflib`` store (``Graph(store="Oxigraph")``, much faster to load).

>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.rdf.triples import to_rdf
>>> g = to_rdf(parse("某县教育局2023年工作要点\\n1.甲。（教研室牵头，财务科配合）\\n"))
>>> [(r.office, r.leads, r.supports) for r in office_workload(g)]
[('教研室', 1, 0), ('财务科', 0, 1)]
>>> [(r.lead, r.support) for r in lead_support(g)]
[('教研室', '财务科')]
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from rdflib import Graph, Literal
from rdflib.query import ResultRow
from rdflib.term import Node

from dutygraph.errors import UsageError
from dutygraph.ontology.issuers import issuer_label
from dutygraph.ontology.terms import DG, ID
from dutygraph.queries.dependencies import LeadSupportRow, PairRow, edge_rows, pair_rows, shared_item
from dutygraph.queries.scope import cited_lines, select_plans
from dutygraph.queries.workload import ItemRef, PartyItems, WorkloadRow, rank_workload

__all__ = ["QUERIES", "co_assignment", "lead_support", "office_workload", "run_query"]

PREFIXES = f"""
PREFIX dg: <{DG._NS}>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX p-plan: <http://purl.org/net/p-plan#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""

SEP = "\u001f"
"""Separates the ``file:line`` places GROUP_CONCAT joins (never in a file name or a number)."""

# An item of the plans in scope and its top-level item: sub-measures count for it, and a row
# listing the same item as an earlier row (dg:sameItemAs) counts for that earlier row.
_TOP = """
    VALUES ?plan { %(plans)s }
    ?i p-plan:isStepOfPlan ?plan .
    OPTIONAL { ?i dg:partOf+ ?above . FILTER NOT EXISTS { ?above dg:partOf ?higher } }
    BIND (COALESCE(?above, ?i) AS ?root)
    OPTIONAL { ?root dg:sameItemAs ?twin . FILTER (?twin != ?root) }
    BIND (COALESCE(?twin, ?root) AS ?top)
"""

# An assignment on ?i: its party (?p, an office unless collectives count), role and place.
_ASSIGNED = """
    ?i prov:qualifiedAssociation ?%(a)s .
    ?%(a)s prov:agent ?%(p)s ; prov:hadRole ?%(a)s_role ; dg:span ?%(a)s_span .
    ?%(a)s_span dg:line ?%(a)s_line ; oa:hasSource/dcterms:identifier ?%(a)s_file .
    ?%(p)s a ?%(p)s_kind .
    FILTER (?%(p)s_kind = dg:Office || (%(collectives)s && ?%(p)s_kind = dg:Collective))
"""

_PLACE = """
    ?top dg:ref ?ref ; dg:span ?top_span .
    ?top_span dg:line ?top_line ; oa:hasSource ?top_doc ; oa:hasSelector ?top_pos .
    ?top_doc dcterms:identifier ?top_file .
    ?top_pos oa:start ?top_start .
"""

_LABEL = """
    ?%(p)s skos:prefLabel ?%(p)s_name .
    OPTIONAL { ?%(p)s org:unitOf|org:subOrganizationOf ?%(p)s_org . ?%(p)s_org skos:prefLabel ?%(p)s_org_name .
               OPTIONAL { ?%(p)s_org dg:qualifier ?%(p)s_org_scope . }
               BIND (IF(BOUND(?%(p)s_org_scope), CONCAT(STR(?%(p)s_org_name), "（", STR(?%(p)s_org_scope), "）"),
                        STR(?%(p)s_org_name)) AS ?%(p)s_issuer) }
"""


# The place of an assignment in a structured file (HTML): its block, or its table cell.
_LOCATOR = """
    OPTIONAL { ?%(a)s_span dg:block ?%(a)s_block . }
    OPTIONAL { ?%(a)s_span dg:tableNumber ?%(a)s_table ; dg:rowNumber ?%(a)s_row ; dg:columnNumber ?%(a)s_col . }
"""


def _where(p: str, a: str, collectives: bool) -> str:
    return _ASSIGNED % {"a": a, "p": p, "collectives": "true" if collectives else "false"}


def _concat(a: str) -> str:
    return f'CONCAT(STR(?{a}_file), ":", STR(?{a}_line))'


def _cite(a: str) -> str:
    """``file:line`` with the place in a structured file, as :func:`dutygraph.ontology.model.cite` writes it."""
    cell = f'CONCAT(" (table ", STR(?{a}_table), " row ", STR(?{a}_row), " col ", STR(?{a}_col), ")")'
    block = f'CONCAT(" (block ", STR(?{a}_block), ")")'
    return f'CONCAT({_concat(a)}, IF(BOUND(?{a}_table), {cell}, IF(BOUND(?{a}_block), {block}, "")))'


def _id(node: Node) -> str:
    text = str(node)
    return unquote(text[len(ID):]) if text.startswith(str(ID)) else text


def _value(node: Node | None) -> Any:
    return node.toPython() if isinstance(node, Literal) else node


def _run(graph: Graph, query: str, **parts: str) -> list[dict[str, Any]]:
    result = graph.query(PREFIXES + (query % parts if parts else query))
    return [{str(k): _value(v) for k, v in row.asdict().items()} for row in result if isinstance(row, ResultRow)]


def _plans(graph: Graph, plan: str | None, issuer: str | None) -> str:
    """The plans in scope as a VALUES list of IRIs (scoped as the networkx queries scope)."""
    rows = _run(graph, "SELECT ?p ?name ?org WHERE { ?p a dg:Plan ; dcterms:source/dcterms:identifier ?name ."
                       " OPTIONAL { ?p dcterms:publisher ?org } }")
    plans: dict[str, tuple[str, list[str]]] = {}
    for r in rows:
        entry = plans.setdefault(_id(r["p"]), (str(r["name"]), []))
        if r.get("org") is not None:
            entry[1].append(_id(r["org"]))
    orgs = {_id(r["o"]): issuer_label(str(r["name"]), None if r.get("scope") is None else str(r["scope"])) for r in _run(
        graph, "SELECT ?o ?name ?scope WHERE { ?o a dg:Organization ; skos:prefLabel ?name . OPTIONAL { ?o dg:qualifier ?scope } }")}
    chosen = select_plans([(p, name, tuple(o)) for p, (name, o) in plans.items()], orgs, plan=plan, issuer=issuer)
    iris = {p: r["p"] for r in rows for p in [_id(r["p"])] if p in chosen}
    return " ".join(f"<{iri}>" for iri in sorted(map(str, iris.values())))


def _places(text: str | None) -> list[tuple[str, int]]:
    out = []
    for place in (text or "").split(SEP):
        file, _, line = place.rpartition(":")
        out.append((file, int(line)))
    return out


def office_workload(
    graph: Graph, *, lead_weight: float = 1.0, support_weight: float = 0.5, plan: str | None = None,
    issuer: str | None = None, include_collectives: bool = False,
) -> list[WorkloadRow]:
    """The twin of :func:`dutygraph.queries.workload.office_workload`."""
    rows = _run(graph, """
        SELECT ?p ?p_kind ?top (MAX(IF(?a_role = dg:lead, 1, 0)) AS ?lead)
               (GROUP_CONCAT(DISTINCT %(place)s; separator="%(sep)s") AS ?places)
        WHERE { %(top)s %(assigned)s }
        GROUP BY ?p ?p_kind ?top
        """, place=_concat("a"), sep=SEP, top=_TOP % {"plans": _plans(graph, plan, issuer)},
        assigned=_where("p", "a", include_collectives))
    labels, tops = _labels(graph), _tops(graph)
    parties: dict[str, tuple[str, str, typing.Literal["office", "collective"], list[Any]]] = {}
    for r in rows:
        party, top = _id(r["p"]), _id(r["top"])
        kind = "collective" if r["p_kind"] == DG.Collective else "office"
        entry = parties.setdefault(party, (*labels[party], kind, []))
        sources, first = cited_lines(_places(r["places"]))
        entry[3].append((first, ItemRef(top, tops[top][0], "lead" if r["lead"] else "support", sources)))
    entries = [PartyItems(p, name, iss, kind, tuple(items)) for p, (name, iss, kind, items) in parties.items()]
    return rank_workload(entries, lead_weight=lead_weight, support_weight=support_weight)


# Per top-level item: how many parties it has (over its sub-measures too).
_SIZE = """
    { SELECT DISTINCT ?top (COUNT(DISTINCT ?k_p) AS ?k) WHERE { %(top)s %(assigned)s } GROUP BY ?top }
"""


def _labels(graph: Graph) -> dict[str, tuple[str, str]]:
    """Party id → (name, issuer name), for every office and collective."""
    rows = _run(graph, "SELECT ?p ?p_name ?p_issuer WHERE { { ?p a dg:Office } UNION { ?p a dg:Collective } %s }"
                % (_LABEL % {"p": "p"}))
    return {_id(r["p"]): (str(r["p_name"]), str(r.get("p_issuer") or "")) for r in rows}


def _tops(graph: Graph) -> dict[str, tuple[str, tuple[str, int, int, str]]]:
    """Item id → (ref, place): where each item starts, the order items are listed in."""
    rows = _run(graph, "SELECT ?top ?ref ?top_file ?top_line ?top_start WHERE { ?top a dg:Item . %s }" % _PLACE)
    return {(t := _id(r["top"])): (str(r["ref"]), (str(r["top_file"]), int(r["top_line"]), int(r["top_start"]), t))
            for r in rows}


def _links(graph: Graph, rows: list[dict[str, Any]], a: str, b: str, *, cited: bool = False
           ) -> dict[tuple[str, str], list[Any]]:
    """Rows by (party, party): places as ``file:line``, or (``cited``) as written with their locators."""
    tops = _tops(graph)
    links: dict[tuple[str, str], list[Any]] = {}
    for r in rows:
        ref, place = tops[_id(r["top"])]
        sources = str(r["places"]).split(SEP) if cited else cited_lines(_places(r["places"]))[0]
        shared = shared_item(place[3], ref, int(r["k"]), sources)
        links.setdefault((_id(r[a]), _id(r[b])), []).append((place, shared))
    return links


def co_assignment(
    graph: Graph, *, plan: str | None = None, issuer: str | None = None, include_collectives: bool = False,
) -> list[PairRow]:
    """The twin of :func:`dutygraph.queries.dependencies.co_assignment`: pairs counted in SPARQL."""
    top = _TOP % {"plans": _plans(graph, plan, issuer)}
    member = """
        { SELECT DISTINCT ?top ?%(p)s (GROUP_CONCAT(DISTINCT %(place)s; separator="%(sep)s") AS ?%(p)s_places)
          WHERE { %(top)s %(assigned)s } GROUP BY ?top ?%(p)s }
    """
    rows = _run(graph, """
        SELECT ?x ?y ?top ?k (CONCAT(?x_places, "%(sep)s", ?y_places) AS ?places)
        WHERE { %(mx)s %(my)s FILTER (STR(?x) < STR(?y)) %(size)s }
        """, sep=SEP,
        mx=member % {"p": "x", "place": _concat("a"), "sep": SEP, "top": top,
                     "assigned": _where("x", "a", include_collectives)},
        my=member % {"p": "y", "place": _concat("a"), "sep": SEP, "top": top,
                     "assigned": _where("y", "a", include_collectives)},
        size=_SIZE % {"top": top, "assigned": _where("k_p", "k_a", include_collectives)})
    return pair_rows(_links(graph, rows, "x", "y"), _labels(graph))


def lead_support(
    graph: Graph, *, plan: str | None = None, issuer: str | None = None, include_collectives: bool = False,
) -> list[LeadSupportRow]:
    """The twin of :func:`dutygraph.queries.dependencies.lead_support`: edges counted in SPARQL."""
    top = _TOP % {"plans": _plans(graph, plan, issuer)}
    rows = _run(graph, """
        SELECT ?l ?s ?top ?k ?places
        WHERE {
            { SELECT DISTINCT ?top ?l ?s
                     (CONCAT(GROUP_CONCAT(DISTINCT %(pl)s; separator="%(sep)s"), "%(sep)s",
                             GROUP_CONCAT(DISTINCT %(ps)s; separator="%(sep)s")) AS ?places)
              WHERE { { %(top)s } { %(al)s } { %(as_)s }
                      FILTER (?la_role = dg:lead && ?sa_role = dg:support && ?l != ?s)
                      %(locators)s }
              GROUP BY ?top ?l ?s }
            %(size)s
        }
        """, sep=SEP, top=top, al=_where("l", "la", include_collectives), as_=_where("s", "sa", include_collectives),
        pl=_cite("la"), ps=_cite("sa"), locators=_LOCATOR % {"a": "la"} + _LOCATOR % {"a": "sa"},
        size=_SIZE % {"top": top, "assigned": _where("k_p", "k_a", include_collectives)})
    return edge_rows(_links(graph, rows, "l", "s", cited=True), _labels(graph))


QUERIES: dict[str, Callable[..., list[Any]]] = {
    "workload": office_workload,
    "pairs": co_assignment,
    "edges": lead_support,
}


def run_query(name: str, graph: Graph, **options: Any) -> list[Any]:
    """Run the twin called ``name`` (see :data:`QUERIES`) with the networkx version's options."""
    if name not in QUERIES:
        raise UsageError("usage.no_sparql", name=repr(name), known=", ".join(sorted(QUERIES)))
    return QUERIES[name](graph, **options)
