"""The graph for the tools analysts use: GraphML and GEXF (Gephi), Cytoscape JSON, CSV.

networkx's GraphML and GEXF writers take only text, numbers and booleans, and fail on the
model's nulls, dates, lists and spans. :func:`flat_graph` flattens every attribute once: nulls
are left out, dates become ISO text, lists become JSON text, and a span becomes
``span.file``, ``span.line`` … Every node gets a ``label`` (the name, title or text people
read, in Chinese as written) and every edge its ``relation``.

>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.convert import to_networkx
>>> G = to_networkx(parse("某县教育局2023年工作要点\\n1.扩充学位。（学前科牵头，财务科配合）\\n"))
>>> F = flat_graph(G)
>>> sorted(d["label"] for _, d in F.nodes(data=True) if d["type"] == "Office")
['学前教育科', '财务科']
>>> [(d["role"], d["span.line"]) for _, _, d in F.edges(data=True) if d["relation"] == "ASSIGNED_TO"]
[('lead', 2), ('support', 2)]
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import networkx as nx

from dutygraph.formulas import as_data
from dutygraph.ontology.vocabulary import NodeKind

__all__ = ["BOM", "csv_files", "cytoscape_json", "flat_graph", "flatten", "gexf_text", "graphml_text", "node_label"]

BOM = "\ufeff"
"""Starts every CSV file, so that Excel reads it as UTF-8."""


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, str | int | float | bool]:
    """Attributes as text, numbers and booleans only.

    >>> flatten({"span": {"file": "a.txt", "line": 3}, "aliases": ("基教处",), "parent": None,
    ...          "deadline": dt.date(2022, 12, 31)})
    {'span.file': 'a.txt', 'span.line': 3, 'aliases': '["基教处"]', 'deadline': '2022-12-31'}
    """
    flat: dict[str, str | int | float | bool] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if value is None:
            continue
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, (list, tuple)):
            flat[name] = json.dumps(list(value), ensure_ascii=False, default=str)
        elif isinstance(value, (dt.date, dt.datetime)):
            flat[name] = value.isoformat()
        elif isinstance(value, (bool, int, float)):
            flat[name] = value
        else:
            flat[name] = str(value)
    return flat


def node_label(data: dict[str, Any]) -> str:
    """What a person reads for a node: an item's ref and title, a party's name, a task's text."""
    kind = data.get("type")
    if kind == NodeKind.ITEM:
        return f"{data.get('ref', '')} {data.get('title', '')}".strip()
    for key in ("name", "title", "text"):
        if data.get(key):
            return str(data[key])
    return str(kind)


def flat_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` with flattened attributes, a ``label`` on every node and a ``relation``
    on every edge. Edges are keyed ``e0``, ``e1`` … (GraphML and GEXF want unique edge ids);
    the graph's own key (``ASSIGNED_TO:0``) is kept as ``edge_key``."""
    F = nx.MultiDiGraph()
    for node, data in G.nodes(data=True):
        F.add_node(node, **{"label": node_label(data), **flatten(data)})
    for i, (u, v, key, data) in enumerate(G.edges(keys=True, data=True)):
        relation = str(data.get("relation") or str(key).split(":", 1)[0])
        F.add_edge(u, v, key=f"e{i}", **{**flatten(data), "relation": relation, "label": relation, "edge_key": str(key)})
    return F


def graphml_text(G: nx.MultiDiGraph) -> str:
    """GraphML (UTF-8) that Gephi, yEd and networkx's ``read_graphml`` open."""
    return "\n".join(nx.generate_graphml(flat_graph(G), encoding="utf-8", prettyprint=True)) + "\n"


def gexf_text(G: nx.MultiDiGraph) -> str:
    """GEXF 1.2 (UTF-8), Gephi's own format; node labels are the Chinese names."""
    return "\n".join(nx.generate_gexf(flat_graph(G), encoding="utf-8", prettyprint=True, version="1.2draft")) + "\n"


def cytoscape_json(G: nx.MultiDiGraph) -> str:
    """Cytoscape.js / Cytoscape desktop JSON (``elements.nodes``, ``elements.edges``)."""
    F = flat_graph(G)
    for _node, data in F.nodes(data=True):
        data.setdefault("name", data["label"])
    return json.dumps(nx.cytoscape_data(F), ensure_ascii=False, indent=1) + "\n"


def _csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n", extrasaction="raise")
    writer.writeheader()
    writer.writerows({k: as_data(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows)
    return BOM + buffer.getvalue()


def csv_files(G: nx.MultiDiGraph) -> dict[str, str]:
    """``nodes.csv`` (id, type, label, then every attribute) and ``edges.csv`` (source, target,
    relation, key, then every attribute), in UTF-8 with a BOM for Excel; Kumu and Gephi's
    spreadsheet import read them too. A text a spreadsheet would take for a formula begins
    with ``'`` (:func:`dutygraph.formulas.as_data`)."""
    F = flat_graph(G)
    nodes = [{"id": n, **d} for n, d in F.nodes(data=True)]
    edges = [{"source": u, "target": v, "key": d.pop("edge_key"), **d} for u, v, d in F.edges(data=True)]
    node_cols = ["id", "type", "label"] + sorted({c for r in nodes for c in r} - {"id", "type", "label"})
    edge_cols = ["source", "target", "relation", "key"] + sorted(
        {c for r in edges for c in r} - {"source", "target", "relation", "key", "label"})
    for row in edges:
        row.pop("label", None)
    return {"nodes.csv": _csv(node_cols, nodes), "edges.csv": _csv(edge_cols, edges)}
