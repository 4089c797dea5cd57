"""Workload: counts hand-checked against the seeds, concentration, overload rules, collectives."""

from __future__ import annotations

import json
import math
import statistics
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.errors import UsageError
from dutygraph.graph.convert import to_networkx
from dutygraph.importers.reading import parse
from dutygraph.queries.workload import concentration, leader_workload, office_workload, overloaded

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)


def by_name(rows):
    return {r.office: r for r in rows}


def test_seed_000_finance_office_on_six_projects(seed_plan):
    _, corpus = seed_plan("000")
    row = by_name(office_workload(to_networkx(corpus)))["财务处"]
    assert (row.leads, row.supports) == (1, 5)
    assert [i.ref for i in row.items if i.role == "lead"] == ["项目六"]
    assert row.load == 1 + 0.5 * 5
    assert all(i.sources[0].startswith("000_") for i in row.items)


# Seed 003, read by hand from the 责任单位 lines (first listed = lead):
# 基教处 leads 14 15 16 17 18, supports 3 8 9 10 27 29 32 33;
# 教师处 leads 26 27 28, supports 13 14 15 16 17 18 19 33;
# 高教处 leads 20, supports 8 9 21 22 23 24 27 29 32.
SEED_003_TOP = {"基础教育处": (5, 8), "教师处": (3, 8), "高等教育处": (1, 9)}


def test_seed_003_top_offices(seed_plan):
    _, corpus = seed_plan("003")
    rows = office_workload(to_networkx(corpus))
    assert [(r.office, r.leads, r.supports) for r in rows[:3]] == [(k, *v) for k, v in SEED_003_TOP.items()]
    assert [r.rank for r in rows[:3]] == [1, 2, 3]
    assert rows[0].load == 5 + 0.5 * 8
    assert math.isclose(sum(r.share for r in rows), 1.0)
    lead_items = {i.ref for i in rows[0].items if i.role == "lead"}
    assert lead_items == {"14", "15", "16", "17", "18"}


def _independent_loads(corpus):
    """Office loads from the model itself (not the graph): distinct (item, office) pairs."""
    kinds = {p.id: p.kind for p in corpus.parties}
    pairs: dict[tuple[str, str], bool] = {}
    for plan in corpus.plans:
        for item in plan.items:
            for a in item.assignments:
                if kinds[a.party] == "office":
                    key = (item.parent or item.id, a.party)
                    pairs[key] = pairs.get(key, False) or a.role == "lead"
    loads: dict[str, float] = {}
    for (_, party), lead in pairs.items():
        loads[party] = loads.get(party, 0.0) + (1.0 if lead else 0.5)
    return sorted(loads.values(), reverse=True)


def test_seed_003_concentration(seed_plan):
    _, corpus = seed_plan("003")
    rows = office_workload(to_networkx(corpus))
    c = concentration(rows, top_k=3)
    loads = _independent_loads(corpus)
    top3 = sum(lead + 0.5 * support for lead, support in SEED_003_TOP.values())
    assert top3 == 9 + 7 + 5.5
    assert c.offices == len(loads)
    assert math.isclose(c.top_k_share, top3 / sum(loads))
    # Gini by the rank formula on ascending loads: (2 Σ i·xᵢ) / (n Σx) − (n + 1) / n.
    asc, n = sorted(loads), len(loads)
    gini = 2 * sum(i * x for i, x in enumerate(asc, 1)) / (n * sum(asc)) - (n + 1) / n
    assert math.isclose(c.gini, gini)
    assert math.isclose(c.hhi, sum((x / sum(loads)) ** 2 for x in loads))


def test_seed_003_collectives_excluded_by_default(seed_plan):
    _, corpus = seed_plan("003")
    G = to_networkx(corpus)
    default = office_workload(G)
    assert {r.kind for r in default} == {"office"}
    assert "相关处室" not in by_name(default)
    included = office_workload(G, include_collectives=True)
    collectives = [r for r in included if r.kind == "collective"]
    assert "相关处室" in {r.office for r in collectives}
    assert by_name(included)["相关处室"].supports == 2  # items 1 and 5
    assert len(included) == len(default) + len(collectives)


PLAN = """某县教育局2023年工作要点
1.甲。（人事科牵头，财务科配合）
2.乙。（人事科牵头，教研室配合）
3.丙。（人事科牵头，督导科配合）
4.丁。（人事科牵头，安全科配合）
5.戊。（办公室牵头，相关科室配合）
"""


def test_overloaded_rules_on_small_corpus():
    G = to_networkx(parse(PLAN))
    rows = office_workload(G)
    loads = [r.load for r in rows]
    assert sorted(loads, reverse=True) == [4, 1, 0.5, 0.5, 0.5, 0.5]
    threshold = statistics.fmean(loads) + 1.5 * statistics.pstdev(loads)
    flagged = overloaded(rows)
    assert [r.office for r in flagged] == ["人事科"]
    assert flagged[0].rule == "mean+1.5sd" and math.isclose(flagged[0].threshold, threshold, rel_tol=1e-6)
    assert "mean" in flagged[0].reason and "sd" in flagged[0].reason
    decile = overloaded(rows, rule="top-decile")
    assert [(r.office, r.threshold) for r in decile] == [("人事科", 4.0)]
    # all equal: nobody above mean + 1.5 sd, and top-decile keeps every tie
    even = office_workload(to_networkx(parse(
        "某县教育局2023年工作要点\n1.甲。（人事科牵头，财务科配合）\n2.乙。（教研室牵头，督导科配合）\n")), lead_weight=0.5)
    assert {r.load for r in even} == {0.5} and {r.rank for r in even} == {1}
    assert overloaded(even) == []
    assert len(overloaded(even, rule="top-decile")) == len(even)
    with pytest.raises(UsageError):
        overloaded(rows, rule="median")


def test_scope_filters_and_leaders():
    corpus = parse(PLAN)
    G = to_networkx(corpus)
    assert office_workload(G, plan=corpus.plans[0].source.name) == office_workload(G)
    assert office_workload(G, issuer=corpus.organizations[0].name) == office_workload(G)
    with pytest.raises(UsageError, match="no plan"):
        office_workload(G, plan="missing.txt")
    with pytest.raises(UsageError, match="no issuer"):
        office_workload(G, issuer="某省教育厅")
    assert leader_workload(G) == []


def test_seed_000_leaders(seed_plan):
    _, corpus = seed_plan("000")
    rows = leader_workload(to_networkx(corpus))
    assert sum(r.items for r in rows) == 10
    assert all(r.offices >= 1 for r in rows)


def test_cli_workload(seeds_dir):
    path = next(str(p) for p in seeds_dir.iterdir() if p.name.startswith("003"))
    out = subprocess.run([sys.executable, "-m", "dutygraph", "workload", path, "--explain"],
                         check=False, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "concentration (all issuers): offices" in out.stdout and "overloaded (mean+1.5sd)" in out.stdout
    assert "collectives (not counted): " in out.stdout and "相关处室" in out.stdout
    assert "14(lead) 003_" in out.stdout
    data = json.loads(subprocess.run([sys.executable, "-m", "dutygraph", "workload", path, "--format", "json"],
                                     check=False, capture_output=True, text=True, timeout=120).stdout)
    assert data["offices"][0]["office"] == "基础教育处" and "items" not in data["offices"][0]
    assert data["concentration"]["top_k"] == 3


def test_cli_workload_lists_leaders(seeds_dir):
    from click.testing import CliRunner

    from dutygraph.cli import cli

    path = next(str(p) for p in seeds_dir.iterdir() if p.name.startswith("000"))
    data = json.loads(CliRunner().invoke(cli, ["workload", path, "--format", "json", "--explain"]).output)
    assert len(data["leaders"]) == 10 and sum(r["items"] for r in data["leaders"]) == 10
    deng = next(r for r in data["leaders"] if r["leader"] == "邓立红")
    assert deng["offices"] == 2 and deng["refs"][0].startswith("项目二@000_")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 50, allow_nan=False), min_size=1, max_size=40))
def test_gini_equals_the_mean_absolute_difference(loads):
    from hypothesis import assume

    from dutygraph.queries.workload import WorkloadRow, concentration

    rows = [WorkloadRow(i, f"处{i}", "", "office", 0, 0, x, 0.0, f"p{i}", ()) for i, x in enumerate(loads)]
    kept = [x for x in loads if x > 0]
    assume(kept)
    result = concentration(rows)
    if kept and sum(kept):
        n, mean = len(kept), sum(kept) / len(kept)
        expected = sum(abs(a - b) for a in kept for b in kept) / (n * n) / (2 * mean)
        assert abs(result.gini - expected) < 1e-9
