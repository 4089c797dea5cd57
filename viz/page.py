"""One self-contained HTML file for a view: pyvis builds the network, the page inlines everything.

pyvis's own template loads Bootstrap from a CDN and writes titles with ``innerHTML``; this page
uses pyvis for the nodes, edges and options only, and writes its own HTML around them (the
templates ``network.html``, ``widget.html`` and ``page.html``, :mod:`~dutygraph.viz.templating`):

* vis-network (pyvis's bundled copy) and the page's script and style are inlined, and a
  Content-Security-Policy lets the page load nothing at all (``default-src 'none'``), and run
  only its own scripts, named by their SHA-256;
* the data sits in a ``<script type="application/json">`` block with ``<``, ``>`` and ``&``
  escaped (the ``safe_json`` filter), and the page writes every document text with ``textContent``;
* physics stops once the layout has settled.

>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.convert import to_networkx
>>> from dutygraph.viz.views import responsibility_view
>>> G = to_networkx(parse("某县教育局2023年工作要点\\n1.甲</script><x>。（教研室牵头）\\n"))
>>> html = render_page(responsibility_view(G))
>>> "</script><x>" in html, "甲\\\\u003c/script\\\\u003e\\\\u003cx\\\\u003e" in html
(False, True)
>>> "https://" in html.split("<script>", 1)[0]
False
"""

from __future__ import annotations

import base64
import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

import pyvis
from dutygraph.i18n import current, t
from dutygraph.viz.templating import render
from dutygraph.viz.views import View
from markupsafe import Markup
from pyvis.network import Network

__all__ = ["EDGES", "ROLES", "STYLES", "assets", "document", "network", "page_data", "policy", "render_page"]

FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif'


STYLES: dict[str, dict[str, str]] = {
    "plan": {"shape": "box", "color": "#4e79a7", "border": "#2d4b6e"},
    "item": {"shape": "dot", "color": "#f28e2b", "border": "#b8651a"},
    "office": {"shape": "dot", "color": "#59a14f", "border": "#3a7033"},
    "collective": {"shape": "triangle", "color": "#b07aa1", "border": "#7d5472"},
    "leader": {"shape": "star", "color": "#e15759", "border": "#a33a3c"},
    "target": {"shape": "square", "color": "#76b7b2", "border": "#4e8a85"},
}
"""Shape and colour of each kind of node; the legend draws the same shape (``dg-swatch-<shape>``)
and names the kind in the page's language (``kind.<kind>``)."""

EDGES: dict[str, dict[str, Any]] = {
    "has item": {"color": "#c8c8c8", "dashes": False, "arrows": ""},
    "part of": {"color": "#c8c8c8", "dashes": False, "arrows": ""},
    "lead": {"color": "#3a7033", "dashes": False, "arrows": "to"},
    "support": {"color": "#8a8a8a", "dashes": True, "arrows": "to"},
    "leader": {"color": "#e8a0a1", "dashes": [2, 4], "arrows": ""},
    "target": {"color": "#a9d3cf", "dashes": False, "arrows": ""},
    "shared": {"color": "#9db4cc", "dashes": False, "arrows": ""},
    "lead→support": {"color": "#d37f2a", "dashes": [6, 4], "arrows": "to"},
}
"""Colour, dashes and arrows of each kind of edge."""

ROLES = ("lead", "support", "shared", "lead→support")
"""Edge roles the role filter and the legend name (``edge.<role>``)."""
OVERLOADED = "#d62728"


def assets() -> dict[str, str]:
    """vis-network's script and style (bundled with pyvis), and the page's own."""
    vis = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    own = resources.files("dutygraph.viz") / "assets"
    return {
        "vis_js": (vis / "vis-network.min.js").read_text("utf-8"),
        "vis_css": (vis / "vis-network.css").read_text("utf-8"),
        "page_js": (own / "network.js").read_text("utf-8"),
        "page_css": (own / "page.css").read_text("utf-8"),
    }


def _options(size: int, spread: bool = False) -> dict[str, Any]:
    """vis-network's options; ``spread`` (the office network, every node labelled) pushes nodes
    further apart and puts a white halo behind labels, so that labels do not overlap."""
    big = size > 400
    forces = {"gravitationalConstant": -220, "springLength": 170, "avoidOverlap": 1} if spread else \
        {"gravitationalConstant": -60, "springLength": 90, "avoidOverlap": 0.2}
    return {
        "physics": {
            "enabled": size > 1,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": forces,
            "stabilization": {"enabled": True, "iterations": 150 if big else 600, "updateInterval": 50},
        },
        "layout": {"improvedLayout": size <= 150, "randomSeed": 7},
        "interaction": {"hover": True, "tooltipDelay": 200, "hideEdgesOnDrag": big, "navigationButtons": False},
        "nodes": {"font": {"face": FONT, "size": 13, "strokeWidth": 4 if spread else 0, "strokeColor": "#ffffff"},
                  "borderWidth": 1},
        "edges": {"smooth": False if big else {"type": "continuous"}, "selectionWidth": 2},
    }


def network(view: View) -> Network:
    """The view as a pyvis network: styled nodes and edges, options for a fast, settled layout."""
    net = Network(directed=True, height="100%", width="100%", cdn_resources="in_line")
    for node, d in view.graph.nodes(data=True):
        style = STYLES[d["kind"]]
        border = OVERLOADED if d.get("overloaded") else "#000000" if d.get("focus") else style["border"]
        # vis.js takes a colour object (background, border, highlight); pyvis types it as a string
        color: Any = {"background": style["color"], "border": border,
                      "highlight": {"background": "#ffd54f", "border": border}}
        net.add_node(
            node, label=d["label"], title=d["title"], shape=style["shape"], size=round(d["size"], 1), color=color,
            borderWidth=4 if d.get("overloaded") or d.get("focus") else 1,
            kind=d["kind"], plans=d["plans"], issuers=d["issuers"], roles=d.get("roles"),
            details=d["details"], search=d["search"],
        )
    for u, v, d in view.graph.edges(data=True):
        style = EDGES[d["kind"]]
        net.add_edge(u, v, kind=d["kind"], role=d["role"], plans=d["plans"], width=d["width"],
                     title=d["title"] or None, color={"color": style["color"], "highlight": "#333333"},
                     dashes=style["dashes"], arrows=style["arrows"])
    net.options = _options(view.graph.number_of_nodes(), spread=view.name == "deps")
    return net


def _legend(view: View) -> list[dict[str, Any]]:
    """Legend rows: each kind drawn with the canvas's own shape, then edge kinds, then the ring."""
    kinds = {d["kind"] for _, d in view.graph.nodes(data=True)}
    rows: list[dict[str, Any]] = [{**STYLES[k], "label": t(f"kind.{k}"), "line": None} for k in STYLES if k in kinds]
    edge_kinds = {d["kind"] for _, _, d in view.graph.edges(data=True)}
    for kind in ROLES:
        if kind in edge_kinds:
            line = "dashed" if EDGES[kind]["dashes"] else "solid"
            rows.append({"label": t(f"edge.{kind}"), "shape": "line", "color": EDGES[kind]["color"],
                         "border": EDGES[kind]["color"], "line": line})
    if any(d.get("overloaded") for _, d in view.graph.nodes(data=True)):
        rows.append({"label": t("page.overloaded"), "shape": "dot", "color": "#ffffff", "border": OVERLOADED,
                     "line": None})
    return rows


UI_KEYS = ("filter_kind", "filter_plan", "filter_issuer", "filter_role", "shown", "settled", "laying_out",
           "match", "matches")
"""Words the page's script writes (``ui.<key>``; ``{n}`` is a count)."""


def page_data(view: View) -> dict[str, Any]:
    """Everything the page's script reads: nodes, edges, options, filters, legend and notices."""
    net = network(view)
    nodes, edges, _, _, _, _ = net.get_network_data()
    plans = sorted({p for n in nodes for p in n["plans"]}, key=list(view.plans).index)
    summary = t("page.summary", nodes=len(nodes), edges=len(edges), plans=len(plans))
    return {
        "view": view.name,
        "heading": view.heading,
        "summary": summary,
        "notices": view.notices,
        "nodes": nodes,
        "edges": edges,
        "options": net.options,
        "filters": {
            "kinds": [k for k in STYLES if any(n["kind"] == k for n in nodes)],
            "plans": plans,
            "issuers": sorted({i for n in nodes for i in n["issuers"]}),
            "roles": [r for r in ROLES if any(e["role"] == r for e in edges)],
        },
        "kindLabels": {k: t(f"kind.{k}") for k in STYLES},
        "planLabels": view.plans,
        "roleLabels": {r: t(f"edge.{r}") for r in ROLES},
        "legend": _legend(view),
        "ui": {k: t(f"ui.{k}") for k in UI_KEYS},
    }


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def policy(*scripts: str) -> str:
    """A Content-Security-Policy that loads nothing and runs only ``scripts``."""
    hashes = " ".join(_script_hash(s) for s in scripts)
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
            "img-src data: blob:; font-src data:; base-uri 'none'; form-action 'none'")


def document(template: str, title: str, data: dict[str, Any], *, extra_css: str = "", **context: Any) -> str:
    """The page ``template`` (which extends ``page.html``): inlined styles and scripts, the data
    block, the policy (code and policy are the page's own, written as they are: a script's hash
    is that of its text); ``context`` is what the template's body shows."""
    parts = assets()
    scripts = [Markup(parts["vis_js"]), Markup(parts["page_js"])]
    return render(template, lang="zh-CN" if current() == "zh" else "en", policy=Markup(policy(*scripts)), title=title,
                  styles=[Markup(parts["vis_css"]), Markup(parts["page_css"] + extra_css)], scripts=scripts, data=data,
                  **context)


def render_page(view: View, *, title: str | None = None) -> str:
    """The view as one HTML file that opens from disk and loads nothing from the network."""
    return document("network.html", title or t("page.title", heading=view.heading), page_data(view))
