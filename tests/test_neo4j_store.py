"""The Neo4j store against a real Neo4j: idempotent, atomic per plan, lossless, injection-proof."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from dutygraph.graph.convert import to_networkx
from dutygraph.graph.neo4j.connect import connect
from dutygraph.graph.neo4j import store as neo4j_store
from dutygraph.graph.neo4j.store import counts, pull, push
from dutygraph.importers.read import parse, read
from dutygraph.queries import cypher
from dutygraph.queries.dependencies import co_assignment, lead_support
from dutygraph.queries.targets import targets_by_deadline
from dutygraph.queries.workload import office_workload

from dutygraph.cli import cli
from dutygraph.errors import DutygraphError, Neo4jUnavailable, UsageError

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)

V1 = """某县教育局2023年工作要点
1.新建幼儿园3所。（基建科牵头，财务科配合）
2.开展教研活动。（教研室牵头，人事科配合）
3.完善资助体系。（资助中心负责）
"""
V2 = """某县教育局2023年工作要点
1.新建幼儿园5所。（基建科牵头，财务科配合）
2.开展教研活动。（教研室牵头，督导科配合）
"""
OTHER = """某市教育局2023年工作要点
1.扩充学位。（学前科牵头，财务科配合）
2.改善条件。（基教科负责）
"""


@pytest.fixture
def store(neo4j_driver):
    """The session's Neo4j, emptied for this test."""
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    return neo4j_driver


def test_push_twice_changes_nothing_and_pull_is_lossless(store, seed_corpus):
    written = push(seed_corpus, store)
    assert [w.source for w in written] == [p.source.name for p in seed_corpus.plans]
    first = counts(store)
    G = to_networkx(seed_corpus)
    assert sum(first[t] for t in ("Plan", "Item", "Office", "Target", "Organization")) == sum(
        1 for _, d in G.nodes(data=True) if d["type"] in ("Plan", "Item", "Office", "Target", "Organization"))
    push(seed_corpus, store, batch_size=7)
    assert counts(store) == first
    assert pull(store) == seed_corpus


def test_pull_examples_is_lossless(store):
    corpus = read(["examples"])
    push(corpus, store)
    assert pull(store) == corpus


def test_plans_are_written_in_statements_of_batch_size_rows_across_plans_and_labels(store, seed_corpus,
                                                                                    monkeypatch):
    statements, transactions = [], []
    execute, run = neo4j_store.execute, neo4j_store.run

    def counting_execute(tx, query, **params):
        groups = {k: v for k, v in params.items() if k.startswith("g") and k[1:].isdigit()}
        if groups:
            statements.append(("CREATE (a)-" in query or "MERGE (a)-" in query, sum(map(len, groups.values())),
                               {row.get("id", row.get("a", "")).split(":", 1)[0] for rows in groups.values()
                                for row in rows}))
        return execute(tx, query, **params)

    def counting_run(driver, database, work, *, write, **options):
        transactions.append(write)
        return run(driver, database, work, write=write, **options)

    monkeypatch.setattr(neo4j_store, "execute", counting_execute)
    monkeypatch.setattr(neo4j_store, "run", counting_run)
    G = to_networkx(seed_corpus)
    written = push(seed_corpus, store, batch_size=50, tx_rows=10**6)
    assert transactions.count(True) == 1 and len(written) == len(seed_corpus.plans) > 1  # every plan, one transaction
    nodes = [n for links, n, _ in statements if not links]
    links = [n for is_link, n, _ in statements if is_link]
    assert sum(nodes) == G.number_of_nodes() and sum(links) == G.number_of_edges()
    assert set(nodes[:-1]) == {50} and set(links[:-1]) == {50} and 0 < nodes[-1] <= 50 and 0 < links[-1] <= 50
    assert any(len(kinds) > 1 for _, _, kinds in statements)  # a statement across labels
    assert pull(store) == seed_corpus
    statements.clear()
    push(seed_corpus, store, batch_size=10**5, tx_rows=10**6)  # replacing them: one statement for nodes, one for links
    assert [n for _, n, _ in statements] == [G.number_of_nodes(), G.number_of_edges()]
    assert pull(store) == seed_corpus


def test_a_transaction_of_several_plans_too_large_for_the_server_is_split(store, seed_corpus):
    failed = []

    def too_large_once(kind: str, rows: int) -> None:
        if not failed:
            failed.append(kind)
            raise neo4j_store.TooLarge("the transaction's memory is full")

    written = push(seed_corpus, store, tx_rows=10**6, on_batch=too_large_once)
    assert failed and [w.source for w in written] == [p.source.name for p in seed_corpus.plans]
    assert pull(store) == seed_corpus


def test_plans_are_packed_into_transactions_of_tx_rows():
    plans = [neo4j_store.Rows(f"plan:{i}", f"{i}.txt", {"Plan": [{}] * size}, {}) for i, size in enumerate((3, 4, 2, 9, 1))]
    units = [[r.plan[5:] for r in unit] for unit in neo4j_store._units(plans, 7)]
    assert units == [["0", "1"], ["2"], ["3"], ["4"]]  # the 9-row plan alone (it is staged)
    again = plans[:2] + [neo4j_store.Rows("plan:0", "0.txt", {"Plan": [{}]}, {})]
    assert [len(unit) for unit in neo4j_store._units(again, 100)] == [2, 1]  # a plan twice: its own transaction


def test_a_failing_plan_write_leaves_the_previous_state(store):
    v1, v2, other = parse(V1, source="plan.txt"), parse(V2, source="plan.txt"), parse(OTHER, source="other.txt")
    push(v1, store)
    before = counts(store)
    calls = []

    def fail_midway(kind: str, rows: int) -> None:
        calls.append(kind)
        if len(calls) == 3:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        push(v2, store, on_batch=fail_midway, batch_size=1)
    assert counts(store) == before and pull(store) == v1
    calls.clear()
    with pytest.raises(RuntimeError):
        push(other, store, on_batch=fail_midway, batch_size=1)  # a new plan: nothing of it stays
    assert counts(store) == before


def test_repush_of_a_changed_document_replaces_its_plan(store, tmp_path):
    (tmp_path / "other.txt").write_text(OTHER, "utf-8")
    (tmp_path / "plan.txt").write_text(V1, "utf-8")
    push(read([tmp_path]), store)
    (tmp_path / "plan.txt").write_text(V2, "utf-8")
    push(read([tmp_path / "plan.txt"]), store)
    expected, pulled = read([tmp_path]), pull(store)
    assert {p.id: p for p in pulled.plans} == {p.id: p for p in expected.plans}
    assert set(pulled.parties) == set(expected.parties)  # 资助中心 and 人事科 (v1 only) are gone
    assert set(pulled.organizations) == set(expected.organizations)
    names = {r["name"] for r in store.execute_query("MATCH (o:Office) RETURN o.name AS name").records}
    assert "资助中心" not in names and "督导科" in names


def test_document_text_never_becomes_cypher(store):
    other = parse(OTHER, source="other.txt")
    push(other, store)
    before = counts(store)
    evil = parse("某区教育局2023年工作要点\n"
                 "1.'}) DETACH DELETE n //\n"
                 "工作措施：\"}) MATCH (n) DETACH DELETE n //。\n"
                 "责任单位：x'}DETACH_DELETE_n科、财务科\n"
                 "2.` MATCH (n) DETACH DELETE n //。（教研室负责）\n", source="evil.txt")
    assert "x'}DETACH_DELETE_n科" in {p.name for p in evil.parties}
    push(evil, store)
    pulled = pull(store)
    assert {p.id: p for p in pulled.plans} == {p.id: p for p in (*other.plans, *evil.plans)}
    assert set(pulled.parties) == set(other.parties) | set(evil.parties)
    assert evil.plans[0].items[0].title == "'}) DETACH DELETE n //"
    after = counts(store)
    assert after["Plan"] == before["Plan"] + 1 and after["Item"] == before["Item"] + 2


def test_cypher_twins_equal_networkx_on_every_seed(store, seed_corpus):
    push(seed_corpus, store)
    G = to_networkx(seed_corpus)
    for plan in [None] + [p.source.name for p in seed_corpus.plans]:
        for collectives in (False, True):
            options = {"plan": plan, "include_collectives": collectives}
            assert cypher.office_workload(store, **options) == office_workload(G, **options)
            assert cypher.office_workload(store, lead_weight=2, support_weight=1, **options) == office_workload(
                G, lead_weight=2, support_weight=1, **options)
            assert cypher.co_assignment(store, **options) == co_assignment(G, **options)
            assert cypher.lead_support(store, **options) == lead_support(G, **options)
        for as_of in (dt.date(2020, 12, 1), dt.date(2022, 6, 30)):
            assert cypher.targets_by_deadline(store, as_of=as_of, plan=plan) == targets_by_deadline(G, as_of=as_of, plan=plan)
    issuer = seed_corpus.organizations[0].name
    assert cypher.office_workload(store, issuer=issuer) == office_workload(G, issuer=issuer)
    with pytest.raises(UsageError, match="no plan"):
        cypher.office_workload(store, plan="missing.txt")


def test_cypher_twins_equal_networkx_on_the_synthetic_corpus_of_every_format(store, tmp_path):
    """Tables (HTML, TSV), sub-measures and progress rows: the twins cite a table cell as networkx does."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from corpus import write

    write(tmp_path, scale=1)
    corpus = read([tmp_path])
    push(corpus, store)
    G = to_networkx(corpus)
    assert any(" (table " in s for row in lead_support(G) for item in row.items for s in item.sources)
    assert cypher.lead_support(store) == lead_support(G)
    assert cypher.co_assignment(store) == co_assignment(G)
    assert cypher.office_workload(store) == office_workload(G)
    as_of = dt.date(2024, 6, 30)
    assert cypher.targets_by_deadline(store, as_of=as_of) == targets_by_deadline(G, as_of=as_of)


def test_cli_push_pull_status_and_engine(store, neo4j_uri, tmp_path):
    runner = CliRunner()
    out = runner.invoke(cli, ["neo4j", "push", "examples", "--uri", neo4j_uri])
    assert out.exit_code == 0, out.output
    assert "qingshan-2024-work-plan.txt" in out.output
    target = tmp_path / "pulled.json"
    assert runner.invoke(cli, ["neo4j", "pull", "--uri", neo4j_uri, "-o", str(target)]).exit_code == 0
    local = runner.invoke(cli, ["export", "examples"]).output
    assert json.loads(target.read_text("utf-8")) == json.loads(local)
    status = runner.invoke(cli, ["neo4j", "status", "--uri", neo4j_uri])
    assert status.exit_code == 0 and "ASSIGNED_TO" in status.output
    for args in (["workload"], ["deps", "--show", "pairs", "--show", "brokers"], ["targets", "--as-of", "2024-09-15"]):
        nx_out = runner.invoke(cli, [*args, "examples", "--format", "json"])
        cy_out = runner.invoke(cli, [*args, "--engine", "cypher", "--uri", neo4j_uri, "--format", "json"])
        assert cy_out.exit_code == 0, cy_out.output
        mine, theirs = json.loads(nx_out.output), json.loads(cy_out.output)
        assert "leaders" not in theirs  # leaders have no Cypher twin
        mine.pop("leaders", None)
        if args[0] == "targets":
            mine = {"deadline": mine["deadline"]}
        assert theirs == mine


def test_one_line_errors(tmp_path):
    with pytest.raises(Neo4jUnavailable, match=r"bolt://127\.0\.0\.1:1: cannot reach Neo4j"):
        connect("bolt://127.0.0.1:1")
    with pytest.raises(DutygraphError) as caught:
        connect("bolt://alice:s3cret@127.0.0.1:1")
    assert "s3cret" not in str(caught.value) and "***@" in str(caught.value)
    runner = CliRunner()
    result = runner.invoke(cli, ["workload", "--engine", "cypher", "--uri", "bolt://127.0.0.1:1"], standalone_mode=False)
    assert isinstance(result.exception, Neo4jUnavailable)
    result = runner.invoke(cli, ["workload", "examples", "--engine", "cypher", "--uri", "bolt://127.0.0.1:1"],
                           standalone_mode=False)
    assert isinstance(result.exception, UsageError) and "neo4j push" in str(result.exception)
