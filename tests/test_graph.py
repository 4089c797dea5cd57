"""The networkx view: typed nodes and edges, and a lossless round trip; stable ids."""

from __future__ import annotations

from dutygraph.graph.convert import from_networkx, to_networkx
from dutygraph.importers.reading import read


def test_round_trip_is_lossless(seed_corpus):
    G = to_networkx(seed_corpus)
    assert from_networkx(G) == seed_corpus


def test_graph_is_typed(seed_corpus):
    G = to_networkx(seed_corpus)
    types = {d["type"] for _, d in G.nodes(data=True)}
    assert types == {"Organization", "Plan", "Section", "Item", "Task", "Target", "Progress", "Office", "Collective", "Leader"}
    edge = next(d for _, _, k, d in G.edges(keys=True, data=True) if k.startswith("ASSIGNED_TO"))
    assert edge["role"] in ("lead", "support") and edge["span"]["line"] >= 1


def test_importing_twice_changes_nothing(seeds_dir):
    first, second = read([seeds_dir]).whole(), read([seeds_dir, seeds_dir]).whole()
    assert first == second


def test_offices_never_merge_across_issuers(seed_corpus):
    finance = [p for p in seed_corpus.parties if p.name == "财务处"]
    assert len({p.issuer for p in finance}) == len(finance) >= 2
