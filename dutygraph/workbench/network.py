"""协作网络 for the workbench: the office network of one issuer, plan or office neighbourhood,
drawn on the server as an SVG with every node labelled.

The view is :func:`dutygraph.viz.views.dependency_view` (an office's neighbourhood through
:func:`~dutygraph.viz.views.ego_view`), kept readable by :func:`~dutygraph.viz.views.fit`
(at most :data:`MAX_NODES` offices; what was left out is said). The layout is computed once
(seeded, so it does not move between visits); labels are SVG text, never markup.

>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.convert import to_networkx
>>> G = to_networkx(parse("某县教育局2023年工作要点\\n1.甲。（教研室牵头，财务科配合）\\n2.乙。（财务科负责）\\n"))
>>> drawing = draw(G)
>>> sorted(n.label for n in drawing.nodes), len(drawing.edges)
(['教研室', '财务科'], 1)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

__all__ = ["Drawing", "MAX_NODES", "draw", "layout"]

MAX_NODES = 120
"""Above this many offices the network keeps the most loaded (and says so)."""
WIDTH, HEIGHT, MARGIN = 1100, 720, 60


@dataclass(frozen=True)
class DrawnNode:
    id: str
    label: str
    x: float
    y: float
    r: float
    overloaded: bool
    focus: bool
    kind: str


@dataclass(frozen=True)
class DrawnEdge:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    title: str


@dataclass(frozen=True)
class Drawing:
    """Nodes and edges placed on a ``width`` × ``height`` canvas, and the notices of :func:`fit`."""

    nodes: tuple[DrawnNode, ...]
    edges: tuple[DrawnEdge, ...]
    notices: tuple[str, ...]
    width: int = WIDTH
    height: int = HEIGHT


def layout(graph: nx.Graph, *, iterations: int = 60) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold force layout in plain Python, started on a circle (so the same graph
    is always drawn the same way); edges pull by their ``weight``, a weak gravity keeps parts
    that share nothing together.

    >>> g = nx.Graph([("a", "b"), ("b", "c")])
    >>> pos = layout(g)
    >>> abs(pos["a"][0] - pos["c"][0]) + abs(pos["a"][1] - pos["c"][1]) > abs(pos["a"][0] - pos["b"][0])
    True
    """
    nodes = sorted(graph, key=str)
    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    pos = {v: [math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)] for i, v in enumerate(nodes)}
    k = 2 / math.sqrt(n)
    temperature = 0.2
    edges = [(a, b, min(float(d.get("weight", 1)), 4)) for a, b, d in graph.edges(data=True)]
    for _ in range(iterations):
        move = {v: [0.0, 0.0] for v in nodes}
        for i, a in enumerate(nodes):
            pa, ma = pos[a], move[a]
            for b in nodes[i + 1:]:
                dx, dy = pa[0] - pos[b][0], pa[1] - pos[b][1]
                d2 = dx * dx + dy * dy or 1e-6
                f = k * k / d2
                ma[0] += dx * f
                ma[1] += dy * f
                move[b][0] -= dx * f
                move[b][1] -= dy * f
        for a, b, w in edges:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            d = math.sqrt(dx * dx + dy * dy) or 1e-6
            f = d * w / k
            move[a][0] -= dx * f
            move[a][1] -= dy * f
            move[b][0] += dx * f
            move[b][1] += dy * f
        for v in nodes:  # gravity: parts that share nothing stay near the middle instead of drifting apart
            move[v][0] -= pos[v][0] * k * 2
            move[v][1] -= pos[v][1] * k * 2
            mx, my = move[v]
            length = math.sqrt(mx * mx + my * my) or 1e-6
            step = min(length, temperature)
            pos[v][0] += mx / length * step
            pos[v][1] += my / length * step
        temperature *= 0.95
    return {v: (p[0], p[1]) for v, p in pos.items()}


def draw(G: nx.MultiDiGraph, *, focus: str | None = None, max_nodes: int = MAX_NODES) -> Drawing:
    """The office network of ``G`` (around ``focus``, one step out, when given), laid out."""
    from dutygraph.viz.views import dependency_view, ego_view, fit

    view = dependency_view(G)
    if focus is not None:
        view = ego_view(view, [focus], 1)
    view = fit(view, G, max_nodes=max_nodes)
    V = view.graph
    simple = nx.Graph()
    simple.add_nodes_from(V)
    for a, b, d in V.edges(data=True):
        if d.get("kind") == "shared":
            simple.add_edge(a, b, weight=d.get("value", 1))
    if not simple:
        return Drawing((), (), tuple(view.notices))
    pos = layout(simple)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1

    def place(node: str) -> tuple[float, float]:
        x, y = pos[node]
        return (MARGIN + (x - min(xs)) / span_x * (WIDTH - 2 * MARGIN),
                MARGIN + (y - min(ys)) / span_y * (HEIGHT - 2 * MARGIN))

    nodes = []
    for node in simple:
        data = V.nodes[node]
        x, y = place(node)
        nodes.append(DrawnNode(node, str(data.get("label", node)), round(x, 1), round(y, 1),
                               round(min(max(float(data.get("size", 10)) / 2.5, 4), 16), 1), bool(data.get("overloaded")),
                               node == focus, str(data.get("kind", "office"))))
    edges = []
    for a, b, d in simple.edges(data=True):
        (x1, y1), (x2, y2) = place(a), place(b)
        edges.append(DrawnEdge(round(x1, 1), round(y1, 1), round(x2, 1), round(y2, 1),
                               round(min(0.6 + d["weight"] / 2, 6), 1), f"{V.nodes[a].get('label')} — {V.nodes[b].get('label')}"))
    return Drawing(tuple(nodes), tuple(edges), tuple(view.notices))
