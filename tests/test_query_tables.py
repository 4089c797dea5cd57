"""The queries answered from a store's tables give the rows the networkx graph gives: on the
seeds, the corpus, the examples and the test documents, with every scope option."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import replace
import sys
from pathlib import Path

import pytest

from dutygraph.graph.convert import to_networkx
from dutygraph.graph.sqlite.store import open_store
from dutygraph.graph.stored import save_corpus
from dutygraph.importers.reading import parse, read
from dutygraph.ontology.correct import apply_corrections
from dutygraph.ontology.corrections import parse_corrections
from dutygraph.queries import dependencies, tables, workload
from dutygraph.queries.engine import Engine
from seeds import shared

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [(workload.office_workload, tables.office_workload), (dependencies.co_assignment, tables.co_assignment),
           (dependencies.lead_support, tables.lead_support)]


def _folders() -> list[str]:
    return ["seeds", "corpus", "examples", "documents"]


def _read(name: str):
    folder = {"seeds": lambda: shared("seeds"), "corpus": lambda: shared("corpus", "docs"),
              "examples": lambda: ROOT / "examples", "documents": lambda: ROOT / "tests" / "documents"}[name]()
    return read([folder]).whole()


@pytest.fixture(scope="module", params=_folders())
def both(request, tmp_path_factory):
    corpus = _read(request.param)
    path = tmp_path_factory.mktemp("store") / "plans.dg"
    save_corpus(corpus, path)
    with open_store(path) as store:
        yield corpus, to_networkx(corpus), store


@pytest.mark.parametrize("include_collectives", [False, True])
@pytest.mark.parametrize(("graph_query", "table_query"), QUERIES)
def test_the_tables_give_the_graphs_rows(both, graph_query, table_query, include_collectives):
    _, G, store = both
    expected = graph_query(G, include_collectives=include_collectives)
    assert expected  # something is compared
    assert table_query(store.db, include_collectives=include_collectives) == expected


@pytest.mark.parametrize(("graph_query", "table_query"), QUERIES)
def test_each_plan_and_issuer_alone(both, graph_query, table_query):
    corpus, G, store = both
    for plan in corpus.plans:
        assert table_query(store.db, plan=plan.source.name) == graph_query(G, plan=plan.source.name)
    for org in corpus.organizations:
        assert table_query(store.db, issuer=org.name) == graph_query(G, issuer=org.name)


@pytest.mark.parametrize("include_collectives", [False, True])
def test_workload_without_its_items_counts_the_same(both, include_collectives):
    _, G, store = both
    full = workload.office_workload(G, include_collectives=include_collectives, lead_weight=0.7, support_weight=0.3)
    summary = tables.office_workload(store.db, items=False, include_collectives=include_collectives, lead_weight=0.7,
                                     support_weight=0.3)
    assert summary == [replace(r, items=()) for r in full]


def test_leaders_from_the_tables_are_the_graphs(both):
    corpus, G, store = both
    assert tables.leader_workload(store.db) == workload.leader_workload(G)
    for plan in corpus.plans:
        assert tables.leader_workload(store.db, plan=plan.id) == workload.leader_workload(G, plan=plan.id)


def test_leaders_named_on_sections_and_items(tmp_path):
    md = ("# 2023年某省教育厅重点实事项目清单\n## 项目一：甲\n**责任领导：**张三\n"
          "**效果清单：**①新建学校10所\n**承办单位：**基础教育处、财务处\n"
          "## 项目二：乙\n**责任领导：**李四\n**承办单位：**财务处\n")
    corpus = parse(md)
    save_corpus(corpus, tmp_path / "plans.dg")
    with open_store(tmp_path / "plans.dg") as store:
        rows = tables.leader_workload(store.db)
    assert [(r.leader, r.items, r.offices, r.targets) for r in rows] == [("张三", 1, 2, 1), ("李四", 1, 1, 0)]
    assert rows == workload.leader_workload(to_networkx(corpus))


def test_an_unknown_plan_is_the_same_error(english, both):
    _, G, store = both
    with pytest.raises(Exception, match="no plan 'nope'") as from_graph:
        workload.office_workload(G, plan="nope")
    with pytest.raises(type(from_graph.value), match="no plan 'nope'"):
        tables.office_workload(store.db, plan="nope")


def test_corrected_roles_cite_the_corrections_file_on_both_paths(tmp_path):
    corpus = read([ROOT / "examples"]).whole()
    plan = corpus.plans[0]
    item = next(i for i in plan.items if len(i.assignments) > 1)
    second = item.assignments[1].surface
    entries = parse_corrections(f"plan: {plan.source.name}\ncorrections:\n  - item: '{item.ref}'\n"
                                f"    set_lead: {second}\n", "fixes.yaml")
    corrected = apply_corrections(corpus, entries).corpus
    save_corpus(corrected, tmp_path / "fixed.dg")
    G = to_networkx(corrected)
    with open_store(tmp_path / "fixed.dg") as store:
        for graph_query, table_query in QUERIES:
            rows = table_query(store.db)
            assert rows == graph_query(G)
        assert any("fixes.yaml:" in s for r in tables.office_workload(store.db) for i in r.items for s in i.sources)


def test_the_engine_answers_a_store_from_its_tables(tmp_path):
    corpus = read([ROOT / "examples"]).whole()
    save_corpus(corpus, tmp_path / "plans.dg")
    with open_store(tmp_path / "plans.dg") as store:
        engine = Engine(None, store=store)
        assert engine.run("workload") == Engine(corpus).run("workload")
        assert "corpus" not in vars(engine)  # the corpus was never read for it
        day = dt.date(2024, 6, 1)
        assert engine.run("targets", as_of=day) == Engine(corpus).run("targets", as_of=day)  # read for the graph


@pytest.mark.parametrize("command", [["workload", "--explain"], ["deps", "--explain", "--show", "centrality",
                                                                  "--show", "pairs", "--show", "edges"],
                                     ["targets", "--as-of", "2024-06-01"]])
def test_commands_on_a_store_print_what_they_print_on_its_documents(tmp_path, seeds_dir, command):
    store = tmp_path / "seeds.dg"
    assert subprocess.run([sys.executable, "-m", "dutygraph", "import", str(seeds_dir), "-o", str(store)],
                          capture_output=True).returncode == 0
    outputs = [subprocess.run([sys.executable, "-m", "dutygraph", command[0], source, *command[1:], "--format", "json"],
                              capture_output=True, text=True) for source in (str(seeds_dir), str(store))]
    assert all(o.returncode == 0 for o in outputs), [o.stderr for o in outputs]
    assert json.loads(outputs[0].stdout) == json.loads(outputs[1].stdout)


def test_workload_on_a_store_loads_neither_the_graph_library_nor_the_model(tmp_path):
    store = tmp_path / "plans.dg"
    save_corpus(read([ROOT / "examples"]).whole(), store)
    code = ("import io, sys\nfrom dutygraph.cli import cli\nsys.stdout = io.StringIO()\ntry:\n"
            f"    cli(['workload', {str(store)!r}, '--format', 'json'])\nexcept SystemExit:\n    pass\n"
            "sys.stdout = sys.__stdout__\nprint(json.dumps(json.loads('[]') or sorted({m.split('.')[0] for m in sys.modules})))")
    done = subprocess.run([sys.executable, "-c", "import json\n" + code], capture_output=True, text=True)
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert "dutygraph" in loaded and not loaded & {"networkx", "pydantic"}
