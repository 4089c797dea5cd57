"""Planning language for the figures: reasons in full sentences, communities by their members.

The query rows carry codes and numbers (:mod:`dutygraph.queries.network`,
:mod:`dutygraph.queries.workload`); a planner reads them as sentences in the page's language:
a broker is a key hub (关键枢纽处室) with the offices that would lose contact named, a community
is named by its most central members, and every metric comes with what it means.

>>> import networkx as nx
>>> from dutygraph.i18n import language
>>> from dutygraph.queries.network import CommunityRow, brokers
>>> net = nx.Graph()
>>> for n in ("基础教育处", "财务处", "人事处", "教研室"):
...     net.add_node(n, name=n, issuer="省厅")
>>> net.add_edges_from([("基础教育处", "财务处"), ("基础教育处", "人事处"), ("人事处", "教研室")], newman=1.0)
>>> top = brokers(net)[0]
>>> with language("zh"):
...     broker_reason(top, net)
'关键枢纽处室：若缺位，1 个处室与其他处室失去联系（教研室）；其他处室之间 66.7% 的最短联系路径经过它。'
>>> with language("en"):
...     broker_reason(top, net)
'Key hub office: without it, 1 office(s) lose contact with the others (教研室); 66.7% of the shortest links between other offices pass through it.'
>>> everyone = CommunityRow(1, 4, tuple(net), 3.0, 0.0, tuple(net))
>>> with language("zh"):
...     community_name(everyone, net)
'人事处、基础教育处等 4 个处室'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dutygraph.i18n import join, t

if TYPE_CHECKING:  # the workload command's words load no graph library
    import networkx as nx

    from dutygraph.queries.network import BrokerRow, CommunityRow
    from dutygraph.queries.workload import OverloadRow, WorkloadRow

__all__ = ["METRICS", "broker_reason", "community_name", "cut_off_names", "metric_notes", "overload_reason"]

METRICS = ("shared", "newman", "degree", "strength", "betweenness", "constraint", "cut_off", "modularity",
           "internal_weight", "gini", "hhi", "top_k_share", "load", "share")
"""Metrics the views name; each has a one-line explanation (``metric.<name>``) in each language."""


def metric_notes(names: Sequence[str]) -> list[str]:
    """One line per metric among ``names``: its name, and what it means."""
    return [t("metric.line", name=t(f"col.{n}", k="k"), meaning=t(f"metric.{n}")) for n in METRICS if n in names]


def cut_off_names(net: nx.Graph, party: str) -> list[str]:
    """The offices that would lose every path to the largest part of ``party``'s component."""
    import networkx as nx

    rest = net.subgraph(nx.node_connected_component(net, party) - {party})
    parts = sorted(nx.connected_components(rest), key=lambda c: (-len(c), sorted(c)))
    return sorted((net.nodes[n]["name"] for part in parts[1:] for n in part), key=lambda n: (len(n), n))


def broker_reason(row: BrokerRow, net: nx.Graph, *, limit: int = 6) -> str:
    """Why an office is a broker, as a planner says it: who loses contact without it."""
    parts = []
    if row.cut_off:
        names = cut_off_names(net, row.party)
        shown = join(names[:limit]) + (t("more_names", n=len(names) - limit) if len(names) > limit else "")
        parts.append(t("broker.cut", n=row.cut_off, names=shown))
    else:
        parts.append(t("broker.bridge"))
    if row.betweenness > 0:
        parts.append(t("broker.paths", share=f"{row.betweenness:.1%}"))
    return t("sentence", text=t("clause_sep").join(parts))


def community_name(row: CommunityRow, net: nx.Graph, *, members: int = 2) -> str:
    """A community by its most central members (most partners inside it): 基础教育处、财务处等 5 个处室."""
    inside = net.subgraph(row.parties)
    central = sorted(row.parties, key=lambda n: (-inside.degree(n, weight="newman"), net.nodes[n]["name"]))
    names = [net.nodes[n]["name"] for n in central[:members]]
    if row.size <= members:
        return t("community.few", names=join(names), n=row.size)
    return t("community.named", names=join(names), n=row.size)


def overload_reason(flag: OverloadRow, rows: Sequence[WorkloadRow]) -> str:
    """Why an office is flagged, in a full sentence (English: the query's own wording)."""
    if t("lang") == "en":
        return flag.reason
    row: Any = next((r for r in rows if r.office == flag.office and r.issuer == flag.issuer), None)
    counts = t("overload.counts", leads=row.leads, supports=row.supports) if row else ""
    rule = t(f"overload.rule.{flag.rule}")
    return t("overload.reason", load=f"{flag.load:g}", counts=counts, threshold=f"{flag.threshold:.3g}", rule=rule)
