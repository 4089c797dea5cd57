"""Model ↔ RDF: lossless in every format (model equality and graph isomorphism), SHACL checks."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

from corpus_docs import corpus_plans, duplicate_ids
from dutygraph.cli import cli
from dutygraph.errors import DocumentError, ModelError
from dutygraph.graph.rdf.triples import iri, to_rdf
from dutygraph.graph.rdf.files import RDF_FORMATS, parse_corpus, parse_graph, serialize
from dutygraph.graph.rdf.read import from_rdf
from dutygraph.importers.reading import parse
from dutygraph.ontology.shacl import validate_graph
from dutygraph.ontology.terms import DG, PPLAN

SEEDS = ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
@pytest.mark.parametrize("prefix", SEEDS)
def test_every_seed_round_trips_through_every_format(seed_plan, prefix, fmt):
    _, corpus = seed_plan(prefix)
    graph = to_rdf(corpus)
    text = serialize(corpus, fmt)
    back = parse_graph(text, fmt)
    assert isomorphic(graph, back)
    assert from_rdf(back) == corpus
    assert isomorphic(to_rdf(from_rdf(back)), graph)


def test_all_seeds_together_round_trip(seed_corpus):
    graph = to_rdf(seed_corpus)
    assert len(graph) > 20_000
    assert parse_corpus(serialize(seed_corpus, "ttl"), "ttl") == seed_corpus
    assert parse_corpus(serialize(seed_corpus, "trig"), "trig") == seed_corpus


def test_the_corpus_documents_round_trip():
    checked = 0
    for name, corpus in corpus_plans():
        if duplicate_ids(corpus):
            continue  # two facts with one id cannot be two resources; validate reports it (below)
        assert parse_corpus(serialize(corpus, "jsonld"), "jsonld") == corpus, name
        checked += 1
    assert checked >= 5


def test_the_seeds_conform_to_the_shapes(seed_corpus):
    assert validate_graph(to_rdf(seed_corpus)) == []


def test_the_corpus_documents_conform_or_have_their_duplicate_ids_named():
    for name, corpus in corpus_plans():
        violations = validate_graph(to_rdf(corpus))
        if duplicate_ids(corpus):
            assert {v.rule for v in violations} >= {"UniqueIdShape"}, name
            assert all(v.where and v.where.startswith(name) for v in violations)
        else:
            assert violations == [], (name, violations[:3])


def _broken(seed_plan):
    """Seed 002 with a supporting office made an explicit lead, seed 003 with a target's unit
    and an item's plan removed: what each change is, and where the document has it."""
    _, c2 = seed_plan("002")
    _, c3 = seed_plan("003")
    g = to_rdf(c2) + to_rdf(c3)
    item = next(i for i in c2.plans[0].items if i.assignments and i.assignments[0].rule == "explicit"
                and any(a.role == "support" for a in i.assignments))
    k = next(n for n, a in enumerate(item.assignments) if a.role == "support")
    assoc = URIRef(f"{iri(item.id)}/assignment/{k}")
    g.set((assoc, PROV.hadRole, DG.lead))
    target_item, target = next((i, t) for i in c3.plans[0].items for t in i.targets if t.value is not None)
    g.remove((iri(target.id), DG.unit, None))
    orphan = c3.plans[0].items[3]
    g.remove((iri(orphan.id), PPLAN.isStepOfPlan, None))
    return g, {
        "ItemLeadShape": (item, f"{item.span.file}:{item.span.line}"),
        "TargetUnitShape": (target_item, f"{target.span.file}:{target.span.line}"),
        "ItemPlanShape": (orphan, f"{orphan.span.file}:{orphan.span.line}"),
    }


def test_a_broken_file_is_reported_with_the_right_shape_and_line(seed_plan, tmp_path):
    graph, expected = _broken(seed_plan)
    violations = validate_graph(graph)
    assert {v.rule: v.where for v in violations} == {rule: where for rule, (_, where) in expected.items()}
    for v in violations:
        item = expected[v.rule][0]
        assert v.item == f"{item.ref} ({item.id})"
    path = tmp_path / "broken.ttl"
    path.write_text(graph.serialize(format="turtle"), "utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    lines = path.read_text("utf-8").splitlines()
    for rule, (item, where) in expected.items():
        [line] = [x for x in result.output.splitlines() if rule in x]
        assert line.strip().startswith(f"{where}: item {item.ref}")
        ttl_line = int(line.rsplit(":", 1)[1].rstrip("]"))
        focus = iri(item.id) if rule != "TargetUnitShape" else None
        assert focus is None or lines[ttl_line - 1].startswith(f"<{focus}>")
    assert "两" not in result.output and "co-leads" in result.output


def test_co_leads_named_in_one_list_conform():
    corpus = parse("某县教育局2023年工作要点\n1.甲。（教研室、财务科牵头，人事科配合）\n")
    assert [a.role for a in corpus.plans[0].items[0].assignments] == ["lead", "lead", "support"]
    assert validate_graph(to_rdf(corpus)) == []


def test_leads_named_apart_do_not():
    corpus = parse("某县教育局2023年工作要点\n1.甲。（教研室牵头，财务科牵头，人事科配合）\n")
    [v] = validate_graph(to_rdf(corpus))
    assert v.rule == "ItemLeadShape" and v.where == "<text>:2" and "教研室 and 财务科" in v.message


def test_a_graph_not_in_dutygraphs_shape_raises_a_model_error():
    g = to_rdf(parse("某县教育局2023年工作要点\n1.甲。（教研室牵头）\n"))
    assoc = next(g.subjects(PROV.agent, None))
    g.set((assoc, PROV.hadRole, URIRef("http://example.org/boss")))
    with pytest.raises(ModelError, match="hadRole"):
        from_rdf(g)


def test_invalid_rdf_text_names_the_file():
    with pytest.raises(DocumentError, match="seeds.ttl"):
        parse_graph("<a> <b> .", "ttl", source="seeds.ttl")


LINES = st.lists(
    st.tuples(st.sampled_from(["教研室", "财务科", "人事科", "相关科室", "基教科"]),
              st.sampled_from(["牵头", "配合", "负责"]), st.integers(1, 99), st.sampled_from(["所", "%", "名", ""])),
    min_size=1, max_size=6,
)


@settings(max_examples=25, deadline=None)
@given(LINES)
def test_any_parsed_plan_round_trips_and_conforms(lines):
    text = "某县教育局2023年工作要点\n" + "".join(
        f"{n}.新建学校{count}{unit}。（{office}{verb}）\n" for n, (office, verb, count, unit) in enumerate(lines, 1))
    try:
        corpus = parse(text)
    except DocumentError:
        return
    for fmt in ("ttl", "jsonld"):
        assert parse_corpus(serialize(corpus, fmt), fmt) == corpus
    assert validate_graph(to_rdf(corpus)) == []


def test_an_oxigraph_store_holds_the_same_graph(seed_corpus):
    pytest.importorskip("oxrdflib")
    ox = to_rdf(seed_corpus, Graph(store="Oxigraph"))
    assert len(ox) == len(to_rdf(seed_corpus))
    assert from_rdf(ox) == seed_corpus


def test_bad_rdf_files_give_one_line_with_file_and_line(english, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix x: <http://x/> .\n\nx:a x:b "unterminated .\n', "utf-8")
    with pytest.raises(DocumentError) as caught:
        parse_graph(bad.read_text("utf-8"), "ttl", source=str(bad))
    assert caught.value.line == 3 and str(caught.value).startswith(f"{bad}:3: not valid ttl")
    foreign = tmp_path / "foreign.ttl"
    foreign.write_text("<http://x/a> <http://x/b> <http://x/c> .\n", "utf-8")
    result = CliRunner().invoke(cli, ["import", str(foreign)])
    assert result.exit_code == 2 and "no dutygraph plan" in result.output
