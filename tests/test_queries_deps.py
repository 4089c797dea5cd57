"""Dependencies: co-assignment weights, lead → support edges, brokers, communities, groups."""

from __future__ import annotations

import itertools
import json
import math
import re
from fractions import Fraction

import pytest
from click.testing import CliRunner
from dutygraph.graph.convert import to_networkx
from dutygraph.importers.reading import parse
from dutygraph.queries.dependencies import co_assignment, lead_support, office_network
from dutygraph.queries.network import (
    brokers,
    centrality,
    communities,
    components,
    group_matrix,
    load_groups,
)
from dutygraph.queries.workload import office_workload
from helpers import item
from hypothesis import given, settings
from hypothesis import strategies as st
from seeds import seed

from dutygraph.cli import cli
from dutygraph.errors import UsageError

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)


def test_seed_002_item_3_edges_are_its_trailer(seed_plan):
    plan, corpus = seed_plan("002")
    three = item(plan, "3")
    line = seed("002").read_text("utf-8").splitlines()[three.span.line - 1]
    lead, supports = re.search(r"牵头处室[:：](.+?)。责任处室[:：](.+?)[)）]", line).groups()
    rows = [r for r in lead_support(to_networkx(corpus)) if three.id in {s.item for s in r.items}]
    assert {(r.lead, r.support) for r in rows} == {(lead, s) for s in supports.split("、")}
    assert len(rows) == 6 and lead == "办公室"
    for r in rows:
        [shared] = [s for s in r.items if s.item == three.id]
        assert shared.offices == 7 and shared.sources == (f"{seed('002').name}:{three.span.line}",)


def _independent_pairs(corpus):
    """Pair weights straight from the model: offices per top-level item, 1/(k−1) per pair."""
    kinds = {p.id: p.kind for p in corpus.parties}
    names = {p.id: p.name for p in corpus.parties}
    per_item: dict[str, set[str]] = {}
    for plan in corpus.plans:
        for it in plan.items:
            per_item.setdefault(it.parent or it.id, set()).update(
                a.party for a in it.assignments if kinds[a.party] == "office")
    shared: dict[frozenset, int] = {}
    newman: dict[frozenset, Fraction] = {}
    for parties in per_item.values():
        for a, b in itertools.combinations(sorted(parties), 2):
            key = frozenset((names[a], names[b]))
            shared[key] = shared.get(key, 0) + 1
            newman[key] = newman.get(key, Fraction(0)) + Fraction(1, len(parties) - 1)
    return shared, newman


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_pairs_match_an_independent_count(seed_plan, prefix):
    _, corpus = seed_plan(prefix)
    rows = co_assignment(to_networkx(corpus))
    shared, newman = _independent_pairs(corpus)
    assert {frozenset((r.office_a, r.office_b)): r.shared for r in rows} == shared
    for r in rows:
        assert math.isclose(r.newman, float(newman[frozenset((r.office_a, r.office_b))]))
        assert r.shared == len(r.items) and r.office_a <= r.office_b


def test_seed_000_finance_partners(seed_plan):
    _, corpus = seed_plan("000")
    rows = [r for r in co_assignment(to_networkx(corpus)) if "财务处" in (r.office_a, r.office_b)]
    with_basic = next(r for r in rows if "基础教育处" in (r.office_a, r.office_b))
    assert [s.ref for s in with_basic.items] == ["项目一", "项目二", "项目六"]
    # 项目一 has 7 offices, 项目二 2, 项目六 4: 1/6 + 1 + 1/3
    assert [s.offices for s in with_basic.items] == [7, 2, 4]
    assert math.isclose(with_basic.newman, 1 / 6 + 1 + 1 / 3)


NEWMAN_DOC = """某县教育局2023年工作要点
1.甲。（人事科牵头，财务科配合）
2.乙。（人事科牵头，财务科、教研室、督导科、安全科、基建科、办公室、审计科、招生科、法规科配合）
3.丙。牵头单位：教研室
（1）丙一。（教研室牵头，财务科配合）
（2）丙二。（督导科牵头，财务科、教研室配合）
"""


def test_newman_weights_and_sub_measures():
    G = to_networkx(parse(NEWMAN_DOC))
    pairs = {frozenset((r.office_a, r.office_b)): r for r in co_assignment(G)}
    hr_fin = pairs[frozenset(("人事科", "财务科"))]
    assert hr_fin.shared == 2 and math.isclose(hr_fin.newman, 1 + 1 / 9)  # a 10-office item adds 1/9
    assert pairs[frozenset(("人事科", "法规科"))].newman == pytest.approx(1 / 9)
    # item 3 and its sub-measures are one item with 3 offices: each pair once, 1/2 each
    trio = pairs[frozenset(("教研室", "财务科"))]
    assert [s.ref for s in trio.items] == ["2", "3"] and trio.newman == pytest.approx(1 / 9 + 1 / 2)
    edges = {(r.lead, r.support): r.count for r in lead_support(G)}
    assert edges[("教研室", "财务科")] == 1  # from sub-measure (1)
    assert edges[("督导科", "教研室")] == 1 and edges[("督导科", "财务科")] == 1  # from (2)
    assert ("教研室", "督导科") not in edges  # 督导科 leads its sub-measure; nobody supports it there
    assert edges[("人事科", "财务科")] == 2


BRIDGE_DOC = """某县教育局2023年工作要点
1.甲。（人事科牵头，财务科配合）
2.乙。（人事科牵头，教研室配合）
3.丙。（财务科牵头，教研室配合）
4.丁。（教研室牵头，督导科配合）
5.戊。（督导科牵头，安全科配合）
6.己。（安全科牵头，基建科配合）
7.庚。（督导科牵头，基建科配合）
8.辛。（招生科负责）
"""


def test_brokers_components_communities():
    net = office_network(to_networkx(parse(BRIDGE_DOC)))
    assert net.number_of_nodes() == 7 and net.number_of_edges() == 7
    ranked = brokers(net)
    assert [(b.office, b.articulation, b.cut_off) for b in ranked[:2]] == [("教研室", True, 2), ("督导科", True, 2)]
    assert "cuts 2 offices" in ranked[0].reason
    assert {b.office for b in ranked} == {"教研室", "督导科"}
    rows = {r.office: r for r in centrality(net)}
    assert rows["招生科"].degree == 0 and rows["招生科"].constraint is None
    # 教研室: partners 人事科, 财务科, 督导科 with weight 1 each; 人事科–财务科 linked → Burt's formula
    p = 1 / 3
    assert rows["教研室"].constraint == pytest.approx(2 * (p + p * 0.5) ** 2 + p ** 2)
    assert [c.size for c in components(net)] == [6, 1]
    parts = [set(c.offices) for c in communities(net)]
    assert {"人事科", "财务科", "教研室"} in parts and {"督导科", "安全科", "基建科"} in parts
    assert communities(net) == communities(net)


def test_group_matrix_and_group_file(tmp_path):
    net = office_network(to_networkx(parse(BRIDGE_DOC)))
    # 某县 names no place: the issuer is scoped to its document and shown with it
    assert [(c.group_a, c.group_b, c.pairs) for c in group_matrix(net)] == [("某县教育局（<text>）", "某县教育局（<text>）", 7, )]
    groups_file = tmp_path / "groups.toml"
    groups_file.write_text('[groups]\n"甲组" = ["人事科", "财务科", "教研室"]\n"乙组" = ["督导科", "安全科", "基建科", "不存在科"]\n',
                           "utf-8")
    groups, unknown = load_groups(groups_file, net)
    assert unknown == ["不存在科"]
    cells = {(c.group_a, c.group_b): (c.pairs, c.shared) for c in group_matrix(net, groups)}
    assert cells == {("甲组", "甲组"): (3, 3), ("乙组", "乙组"): (3, 3), ("乙组", "甲组"): (1, 1)}
    twice = tmp_path / "twice.yaml"
    twice.write_text("groups:\n  甲: [人事科]\n  乙: [人事科]\n", "utf-8")
    with pytest.raises(UsageError, match="twice.yaml: 人事科 is in two groups"):
        load_groups(twice, net)
    with pytest.raises(UsageError, match="needs a \"groups\" table"):
        bad = tmp_path / "bad.toml"
        bad.write_text("x = 1\n", "utf-8")
        load_groups(bad, net)


def test_network_is_the_pairs(seed_plan):
    _, corpus = seed_plan("003")
    G = to_networkx(corpus)
    net = office_network(G)
    assert net.number_of_edges() == len(co_assignment(G))
    items = {d["name"]: d["items"] for _, d in net.nodes(data=True)}
    assert items == {r.office: r.leads + r.supports for r in office_workload(G)}


def test_cli_deps(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text(BRIDGE_DOC, "utf-8")
    runner = CliRunner()
    out = runner.invoke(cli, ["deps", str(doc), "--explain"])
    assert out.exit_code == 0, out.output
    for title in ("offices sharing items", "lead → support", "brokers", "connected components", "communities",
                  "group × group"):
        assert title in out.output
    assert "1@plan.txt:2" in out.output  # item 1, line 2, behind 人事科–财务科
    data = json.loads(runner.invoke(cli, ["deps", str(doc), "--format", "json", "--show", "brokers"]).output)
    assert list(data) == ["brokers"] and data["brokers"][0]["office"] == "教研室"
    csv = runner.invoke(cli, ["deps", str(doc), "--format", "csv", "--show", "edges"])
    assert csv.output.splitlines()[0] == "lead,support,issuer,count"
    failed = runner.invoke(cli, ["deps", str(doc), "--format", "csv"], standalone_mode=False)
    assert isinstance(failed.exception, UsageError) and "choose one with --show" in str(failed.exception)


OFFICE_POOL = ["人事科", "财务科", "教研室", "督导科", "安全科", "基建科", "审计科", "招生科"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(OFFICE_POOL), min_size=1, max_size=6, unique=True), min_size=2, max_size=8))
def test_newman_weights_spend_one_unit_per_office_and_item(items):
    """Each office spends 1 per multi-office item: strength = such items; Σ newman = Σ k/2."""
    lines = [f"{n}.事项{n}。（{parties[0]}牵头" + (f"，{'、'.join(parties[1:])}配合）" if parties[1:] else "）")
             for n, parties in enumerate(items, 1)]
    G = to_networkx(parse("某县教育局2023年工作要点\n" + "\n".join(lines) + "\n"))
    net = office_network(G)
    for office, row in ((r.office, r) for r in centrality(net)):
        assert row.strength == pytest.approx(sum(1 for p in items if office in p and len(p) > 1))
    assert sum(r.newman for r in co_assignment(G)) == pytest.approx(sum(len(p) / 2 for p in items if len(p) > 1))
    edges = {(r.lead, r.support): r.count for r in lead_support(G)}
    expected: dict[tuple[str, str], int] = {}
    for p in items:
        for s in p[1:]:
            expected[(p[0], s)] = expected.get((p[0], s), 0) + 1
    assert edges == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 25), st.integers(0, 25)), max_size=60))
def test_betweenness_per_component_equals_the_whole_network(edges):
    import networkx as nx

    from dutygraph.queries.network import betweenness

    net = nx.Graph()
    net.add_nodes_from(str(i) for i in range(26))
    net.add_edges_from((str(a), str(b)) for a, b in edges if a != b)
    whole = nx.betweenness_centrality(net, normalized=True)
    parts = betweenness(net)
    assert parts.keys() == whole.keys()
    assert all(abs(parts[n] - whole[n]) < 1e-12 for n in net)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 15), st.integers(0, 15), st.floats(0.1, 5)), max_size=50))
def test_constraint_equals_networkx(edges):
    import networkx as nx

    from dutygraph.queries.network import constraint

    net = nx.Graph()
    net.add_nodes_from(str(i) for i in range(16))
    for a, b, w in edges:
        if a != b:
            net.add_edge(str(a), str(b), newman=w)
    linked = [n for n in net if net.degree(n)]
    expected = nx.constraint(net, nodes=linked, weight="newman")
    ours = constraint(net)
    assert all(ours[n] is None for n in net if n not in expected)
    assert all(abs(ours[n] - expected[n]) < 1e-6 for n in expected)
