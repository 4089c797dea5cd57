"""One closed vocabulary: the enums, the DG namespace and ontology/dutygraph.ttl agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from dutygraph.graph.convert import NODE_TYPES, RELATIONS, to_networkx
from dutygraph.importers.read import parse
from dutygraph.ontology.terms import (
    DEADLINE_RULE_TERMS, DG, OA, PPLAN, ROLE_TERMS, RULE_TERMS, STATUS_TERMS, belongs_to,
)
from dutygraph.ontology.vocabulary import NodeKind, Relation
from dutygraph.queries import cypher, sparql
from dutygraph.queries.scope import of_type, related

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = Graph().parse(ROOT / "ontology" / "dutygraph.ttl")
SHAPES_TEXT = (ROOT / "ontology" / "shapes.ttl").read_text("utf-8")
NS = str(DG._NS)
DECLARED = {s for s in ONTOLOGY.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(NS)}


def test_the_namespace_class_and_the_ttl_name_the_same_terms():
    in_class = {DG[name] for name in DG.__annotations__}
    assert in_class == DECLARED


@pytest.mark.parametrize("term", sorted(DECLARED), ids=lambda t: t.rsplit("#", 1)[-1])
def test_every_term_is_labelled_in_chinese_and_english_and_documented(term):
    labels = {lit.language for lit in ONTOLOGY.objects(term, RDFS.label) if isinstance(lit, Literal)}
    assert {"zh", "en"} <= labels
    assert any(ONTOLOGY.objects(term, RDFS.comment))
    kinds = set(ONTOLOGY.objects(term, RDF.type))
    assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}


def test_a_typo_raises_instead_of_minting_a_term():
    with pytest.raises(AttributeError):
        DG.Ofice  # noqa: B018
    with pytest.raises(AttributeError):
        OA.hasSelectr  # noqa: B018
    with pytest.raises(ValueError):
        NodeKind("Ofice")


def test_node_kinds_and_relations_map_to_declared_or_standard_terms():
    assert NODE_TYPES == tuple(k.value for k in NodeKind) and RELATIONS == tuple(r.value for r in Relation)
    for kind in NodeKind:
        assert kind.rdf_class in DECLARED
        assert kind.standard_class is None or (kind.rdf_class, RDFS.subClassOf, kind.standard_class) in ONTOLOGY
    for relation in Relation:
        prop, _ = relation.rdf_property
        assert prop in DECLARED or not str(prop).startswith(NS)
    assert set(ROLE_TERMS.values()) | set(RULE_TERMS.values()) <= DECLARED
    assert set(DEADLINE_RULE_TERMS.values()) | set(STATUS_TERMS.values()) <= DECLARED
    for terms, cls in ((RULE_TERMS, DG.LeadRule), (DEADLINE_RULE_TERMS, DG.DeadlineRule), (STATUS_TERMS, DG.ProgressStatus)):
        assert all((term, RDF.type, cls) in ONTOLOGY for term in terms.values()), cls
    assert belongs_to(NodeKind.OFFICE) == Relation.BELONGS_TO.rdf_property[0]


def test_the_graph_uses_only_vocabulary_names():
    G = to_networkx(parse("某县教育局2023年工作要点\n1.甲。（教研室牵头，财务科配合）完成3所。\n"))
    assert {d["type"] for _, d in G.nodes(data=True)} <= set(NodeKind)
    assert {str(k).split(":")[0] for *_, k in G.edges(keys=True)} <= set(Relation)


def test_an_unknown_kind_or_relation_in_a_query_raises():
    G = to_networkx(parse("某县教育局2023年工作要点\n1.甲。（教研室牵头）\n"))
    with pytest.raises(ValueError):
        of_type(G, "Ofice")
    with pytest.raises(ValueError):
        related(G, next(iter(G)), "HAS_TARGETS")


def _cypher_texts() -> list[str]:
    source = "".join((ROOT / path).read_text("utf-8") for path in (
        "queries/cypher.py", "graph/neo4j/store.py", "graph/neo4j/statements.py", "graph/neo4j/staging.py",
        "graph/neo4j/transactions.py", "graph/neo4j/chains.py"))
    texts = ["".join(parts) for parts in re.findall(r'"""(.*?)"""|f?"((?:MATCH|CREATE|UNWIND)[^"]*)"', source, re.S)]
    return [t for t in texts if re.search(r"\b(MATCH|MERGE)\b", t) and ":func:" not in t]


def test_cypher_labels_and_relationship_types_are_vocabulary_members():
    labels, types = set(), set()
    for text in _cypher_texts():
        labels |= set(re.findall(r"\((?:\w+)?:(\w+)", text)) | set(re.findall(r"\bparty:(\w+)", text))
        labels |= {x for group in re.findall(r"\(\w*:((?:\w+\|)+\w+)", text) for x in group.split("|")}
        types |= set(re.findall(r"\[\w*:([A-Z_|]+)", text))
    types = {t for group in types for t in group.split("|")}
    assert labels and types
    assert labels <= set(NodeKind), labels - set(NodeKind)
    assert types <= set(Relation), types - set(Relation)
    assert cypher.QUERIES  # the twins this checks


def test_sparql_and_shapes_use_only_declared_terms():
    import inspect

    texts = inspect.getsource(sparql) + SHAPES_TEXT
    used = set(re.findall(r"\bdg:(\w+)", texts))
    assert used and {DG[name] for name in used} <= DECLARED
    for name in re.findall(r"\boa:(\w+)", texts):
        OA[name]  # closed: raises on a term dutygraph does not know
    for name in re.findall(r"\bp-plan:(\w+)", texts):
        PPLAN[name]
