"""The Neo4j store against a real Neo4j: idempotent, atomic per plan, lossless, injection-proof."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from dutygraph.graph.convert import to_networkx
from dutygraph.graph.neo4j_connect import connect
from dutygraph.graph.neo4j_store import counts, pull, push
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
