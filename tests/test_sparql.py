"""SPARQL twins return the networkx versions' rows, row for row, on every seed and the corpus."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Graph

from corpus_docs import corpus_plans
from dutygraph.cli import cli
from dutygraph.errors import UsageError
from dutygraph.graph.convert import to_networkx
from dutygraph.graph.rdf.triples import to_rdf
from dutygraph.queries import dependencies, sparql, workload

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)

TWINS = {
    "workload": (workload.office_workload, sparql.office_workload),
    "pairs": (dependencies.co_assignment, sparql.co_assignment),
    "edges": (dependencies.lead_support, sparql.lead_support),
}


def _store(kind: str) -> Graph:
    if kind == "oxigraph":
        pytest.importorskip("oxrdflib")
        return Graph(store="Oxigraph")
    return Graph()


def _compare(corpus, store: str, *, collectives: tuple[bool, ...] = (False, True)) -> int:
    G, g = to_networkx(corpus), to_rdf(corpus, _store(store))
    rows = 0
    for name, (networkx_query, sparql_query) in TWINS.items():
        for include in collectives:
            expected = networkx_query(G, include_collectives=include)
            got = sparql_query(g, include_collectives=include)
            assert len(got) == len(expected), name
            for a, b in zip(expected, got, strict=True):
                assert a == b, name
            rows += len(got)
    return rows


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_seed_agrees_row_for_row_in_oxigraph(seed_plan, prefix):
    _, corpus = seed_plan(prefix)
    _compare(corpus, "oxigraph")


def test_all_seeds_agree_in_rdflibs_memory_store(seed_corpus):
    assert _compare(seed_corpus, "memory", collectives=(False,)) > 700


def test_all_seeds_agree_in_oxigraph_with_scopes(seed_corpus):
    pytest.importorskip("oxrdflib")
    G, g = to_networkx(seed_corpus), to_rdf(seed_corpus, Graph(store="Oxigraph"))
    assert _compare(seed_corpus, "oxigraph") > 1400
    hunan = seed_corpus.plans[3]
    for options in ({"plan": hunan.source.name}, {"issuer": "湖北省教育厅"}, {"issuer": hunan.issuers[1]}):
        for name, (networkx_query, sparql_query) in TWINS.items():
            assert sparql_query(g, **options) == networkx_query(G, **options), (name, options)
            assert sparql_query(g, lead_weight=2, **options) == networkx_query(G, lead_weight=2, **options) \
                if name == "workload" else True


def test_every_corpus_document_agrees():
    rows = sum(_compare(corpus, "oxigraph") for _, corpus in corpus_plans())
    assert rows > 100


def test_an_unknown_scope_or_query_is_a_usage_error(seed_corpus):
    g = to_rdf(seed_corpus)
    with pytest.raises(UsageError, match="no plan"):
        sparql.office_workload(g, plan="nope.txt")
    with pytest.raises(UsageError, match="targets"):
        sparql.run_query("targets", g)


def test_the_commands_print_the_same_with_either_engine(seeds_dir):
    runner = CliRunner()
    for args in (["workload", "--format", "json"], ["deps", "--show", "pairs", "--show", "edges", "--format", "json"]):
        plain = runner.invoke(cli, [*args, str(seeds_dir)])
        for store in ("memory", "oxigraph"):
            twin = runner.invoke(cli, [*args, str(seeds_dir), "--engine", "sparql", "--rdf-store", store])
            assert twin.exit_code == 0, twin.output
            assert twin.output == plain.output
    missing = runner.invoke(cli, ["workload", "--engine", "sparql"])
    assert isinstance(missing.exception, UsageError) and "give the documents" in str(missing.exception)
