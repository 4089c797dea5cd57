"""The views and the page's HTML, without a browser: figures agree with the queries, text stays data."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest
from dutygraph.graph.convert import to_networkx
from dutygraph.importers.reading import read
from dutygraph.queries.workload import office_workload, overloaded, within_issuers
from dutygraph.viz.page import page_data, render_page
from dutygraph.viz.templating import safe_json
from dutygraph.viz.views import (
    dependency_view,
    ego_view,
    fit,
    focus_nodes,
    responsibility_view,
)
from hypothesis import given
from hypothesis import strategies as st
from seeds import seed

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)


@pytest.fixture(scope="module")
def G():
    return to_networkx(read([seed("000"), seed("002"), seed("003")]).whole())


def test_full_view_counts_each_office_as_the_workload_does(G):
    view = responsibility_view(G).graph
    rows = office_workload(G, include_collectives=True)
    assert {r.party for r in rows} == {n for n, d in view.nodes(data=True) if d["kind"] in ("office", "collective")}
    for r in rows:
        assert f"leads {r.leads}, supports {r.supports}" in view.nodes[r.party]["title"]
        assert view.nodes[r.party]["details"][1]["heading"] == f"items ({r.leads + r.supports})"


def test_dependency_view_marks_exactly_the_overloaded_offices(G):
    rows = office_workload(G)
    by_name = {(r.office, r.issuer): r.party for r in rows}
    for across in (False, True):  # within each issuer by default, or all offices pooled
        view = dependency_view(G, rule="top-decile", across_issuers=across).graph
        assert set(view) == {r.party for r in rows}
        flagged = overloaded(rows if across else within_issuers(rows), rule="top-decile", by_issuer=not across)
        assert {n for n, d in view.nodes(data=True) if d["overloaded"]} == {by_name[r.office, r.issuer] for r in flagged}


def test_ego_view_does_not_walk_through_plans(G):
    full = responsibility_view(G)
    focus = focus_nodes(G, "财务处")
    one = ego_view(full, focus, 1).graph
    assert {d["kind"] for _, d in one.nodes(data=True)} == {"office", "item"}
    three = ego_view(full, focus, 3).graph
    plans = [n for n, d in three.nodes(data=True) if d["kind"] == "plan"]
    items = [n for n, d in three.nodes(data=True) if d["kind"] == "item"]
    assert plans and len(items) < sum(1 for _, d in full.graph.nodes(data=True) if d["kind"] == "item")


def test_fit_collapses_then_trims_and_says_so(G):
    full = responsibility_view(G)
    deps = fit(full, G, max_nodes=full.graph.number_of_nodes() - 1)
    assert deps.name == "deps" and "collapsed into office–office edges" in deps.notices[0]
    small = fit(full, G, max_nodes=10)
    assert small.graph.number_of_nodes() == 10 and len(small.notices) == 2
    loads = sorted((r.load for r in office_workload(G)), reverse=True)[:10]
    assert sorted((d["load"] for _, d in small.graph.nodes(data=True)), reverse=True) == loads


def test_page_loads_nothing_and_allows_only_its_own_scripts(G):
    html = render_page(responsibility_view(G))
    assert not re.search(r"""<(script|link|img|iframe)[^>]*\s(src|href)=""", html)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in policy
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    data = re.search(r'<script id="dg-data" type="application/json">(.*?)</script>', html, flags=re.S).group(1)
    assert json.loads(data)["nodes"] == page_data(responsibility_view(G))["nodes"]


@given(st.text())
def test_safe_json_round_trips_and_cannot_close_the_script(text):
    encoded = safe_json({"t": text})
    assert json.loads(encoded) == {"t": text}
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded


def test_viz_draws_only_the_plans_plan_and_issuer_select(tmp_path):
    from dutygraph.cli import main

    corpus = read([seed("000"), seed("003")]).whole()
    hunan = next(p for p in corpus.plans if "湖南" in p.title)
    out = tmp_path / "page.html"
    main(["viz", str(seed("000")), str(seed("003")), "--plan", hunan.source.name, "-o", str(out)])
    data = json.loads(re.search(r'type="application/json">(.*?)</script>', out.read_text("utf-8"), re.S).group(1))
    assert data["filters"]["plans"] == [hunan.id]
    assert sum(n["kind"] == "item" for n in data["nodes"]) == len(hunan.items)
