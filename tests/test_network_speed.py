"""Betweenness computed by rustworkx equals networkx's (the reference), on random networks and
on the seeds' office network."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.graph.convert import to_networkx
from dutygraph.queries.dependencies import office_network
from dutygraph.queries.network import betweenness, centrality


@st.composite
def networks(draw):
    n = draw(st.integers(min_value=0, max_value=30))
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    edges = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=60)) if pairs else []
    net = nx.Graph()
    net.add_nodes_from(f"o{i}" for i in range(n))
    net.add_edges_from((f"o{a}", f"o{b}") for a, b in edges)
    return net


@settings(max_examples=150, deadline=None)
@given(networks())
def test_betweenness_is_networkx_s(net):
    expected = nx.betweenness_centrality(net, normalized=True)
    found = betweenness(net)
    assert found.keys() == expected.keys()
    assert all(found[v] == pytest.approx(expected[v], abs=1e-12) for v in net)


def test_the_seeds_network_gets_networkx_s_betweenness(seed_corpus):
    net = office_network(to_networkx(seed_corpus), include_collectives=True)
    assert net.number_of_edges() > 10
    expected = nx.betweenness_centrality(net, normalized=True)
    assert any(v > 0 for v in expected.values())
    found = betweenness(net)
    assert all(found[v] == pytest.approx(expected[v], abs=1e-12) for v in net)
    assert {r.party: r.betweenness for r in centrality(net)} == {v: round(x, 9) for v, x in expected.items()}
