"""Plans too large for one transaction: staged in chunks, swapped in atomically, against a real Neo4j.

The session's server is the launcher with its defaults, as `dutygraph neo4j serve` starts it: one
transaction may hold 64 MiB.
"""

from __future__ import annotations

import pytest
from dutygraph.graph.neo4j.store import counts, pull, push
from dutygraph.importers.reading import parse

from dutygraph.errors import StoreError

MEASURE = "①加强统筹，完善机制，新建幼儿园3所，到2024年底覆盖率达到95%以上。"


def long_plan(items: int, *, offices: str = "学前科牵头，财务科、人事科、基础教育科、督导科配合", extra: str = "") -> str:
    """A work plan of ``items`` items, each with six measures and twelve targets."""
    lines = ["青山市教育局2024年工作要点", "一、重点任务"]
    lines += [f"{i}.推进第{i}项工作{extra}。{MEASURE * 6}（{offices}）" for i in range(1, items + 1)]
    return "\n".join(lines) + "\n"


V1 = """某县教育局2023年工作要点
一、学前教育
1.新建幼儿园3所。（基建科牵头，财务科配合）
2.开展教研活动。（教研室牵头，人事科配合）
二、义务教育
3.完善资助体系，资助学生2000人。（资助中心负责）
"""
V2 = """某县教育局2023年工作要点
一、学前教育
1.新建幼儿园5所。（基建科牵头，财务科配合）
2.开展教研活动。（教研室牵头，督导科配合）
二、义务教育
3.完善资助体系，资助学生2500人。（资助中心负责）
4.推进集团化办学，组建集团10个。（基础教育科牵头，督导科配合）
"""


@pytest.fixture
def store(neo4j_driver):
    """The session's Neo4j, emptied for this test."""
    with neo4j_driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 100 ROWS").consume()
    return neo4j_driver


def everything(store) -> int:
    """Every node in the database, staged and retired versions included."""
    return store.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]


def test_a_999_item_plan_is_pushed_and_replaced(store):
    corpus = parse(long_plan(999), source="plan.txt")
    written = push(corpus, store)  # too large for one transaction of 64 MiB
    items = "MATCH (:Plan)-[:HAS_ITEM]->(i:Item)-[:HAS_TASK]->(t) RETURN count(DISTINCT i) AS i, count(t) AS t"
    assert store.execute_query(items).records[0].values() == [999, 999 * 6]
    assert everything(store) == written[0].nodes
    changed = parse(long_plan(999, extra="（修订）"), source="plan.txt")
    assert changed.plans[0].id == corpus.plans[0].id
    again = push(changed, store)  # replacing it needs the old and the new version at once
    assert again == written and everything(store) == written[0].nodes
    assert pull(store) == changed


def test_readers_see_the_old_version_until_the_swap(store):
    v1, v2 = parse(V1, source="plan.txt"), parse(V2, source="plan.txt")
    push(v1, store)
    before = counts(store)
    seen = []

    def look(kind: str, rows: int) -> None:  # inside each staging transaction: the committed state
        seen.append((pull(store) == v1, counts(store) == before))

    push(v2, store, tx_rows=5, batch_size=2, on_batch=look)
    assert len(seen) > 10 and all(old and same for old, same in seen)
    assert pull(store) == v2
    names = {r["name"] for r in store.execute_query("MATCH (o:Office) RETURN o.name AS name").records}
    assert "督导科" in names and "人事科" not in names  # new office in, unused one gone
    assert everything(store) == sum(counts(store)[label] for label in
                                    ("Organization", "Plan", "Section", "Item", "Task", "Target", "Progress",
                                     "Office", "Collective", "Leader"))


@pytest.mark.parametrize("fail_at", [1, 7, 15])
def test_a_failure_while_staging_leaves_the_old_version_and_nothing_else(store, fail_at):
    v1, v2 = parse(V1, source="plan.txt"), parse(V2, source="plan.txt")
    push(v1, store)
    before, nodes = counts(store), everything(store)
    calls = []

    def fail(kind: str, rows: int) -> None:
        calls.append(kind)
        if len(calls) == fail_at:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        push(v2, store, tx_rows=5, batch_size=2, on_batch=fail)
    assert pull(store) == v1 and counts(store) == before and everything(store) == nodes
    push(v2, store, tx_rows=5, batch_size=2)
    assert pull(store) == v2


def test_a_new_plan_that_fails_while_staged_leaves_nothing(store):
    other = parse(V1.replace("某县", "某区"), source="other.txt")
    push(other, store)
    before, nodes = counts(store), everything(store)
    def fail_on_links(kind: str, rows: int) -> None:
        if kind == "ASSIGNED_TO":  # after the new offices were merged
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        push(parse(V2, source="plan.txt"), store, tx_rows=3, on_batch=fail_on_links)
    assert counts(store) == before and everything(store) == nodes and pull(store) == other


def test_the_rows_per_transaction_must_be_positive(english, store):
    with pytest.raises(StoreError, match="at least 1"):
        push(parse(V1, source="plan.txt"), store, tx_rows=0)
