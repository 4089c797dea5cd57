"""Links across levels in a real Neo4j: ``(:Item)-[:IMPLEMENTS]->(:Item)``, kept when a plan is pushed again."""

from __future__ import annotations

from pathlib import Path

import pytest

from dutygraph.graph.neo4j.store import counts, pull, push
from dutygraph.importers.read import read

CHAINS = Path(__file__).parent / "documents" / "chains"


@pytest.fixture
def store(neo4j_driver):
    """The session's Neo4j, emptied for this test."""
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    return neo4j_driver


def test_links_become_relationships_and_pull_gives_them_back(store):
    corpus = read([CHAINS])
    push(corpus, store)
    links = sum(len(i.derived_from) for p in corpus.plans for i in p.items)
    assert counts(store)["IMPLEMENTS"] == links == 14
    records, _, _ = store.execute_query(
        "MATCH (a:Item)-[r:IMPLEMENTS]->(b:Item) WHERE r.rule = 'cites_item' RETURN a.ref AS a, b.ref AS b, "
        "r.evidence AS evidence")
    assert {(r["a"], r["b"], r["evidence"]) for r in records} == {
        ("2", "2", "国办发〔2030〕17号第2项"), ("6", "5", "国办发〔2030〕17号第5项"), ("2", "3", "东政办发〔2030〕5号第3项")}
    assert pull(store) == corpus


def test_pushing_the_higher_plan_again_keeps_the_links_to_it(store):
    corpus = read([CHAINS])
    push(corpus, store)
    national = corpus.model_copy(update={"plans": tuple(p for p in corpus.plans if p.source.name == "1-national-plan.txt")})
    push(national, store)
    assert counts(store)["IMPLEMENTS"] == 14
    assert pull(store) == corpus
