"""Items as a planner cites them: ``二、（三）3.``, ``一、第3项``, ``项目一`` — never ``一#3``.

A plan numbers its parts 一、… and （一）… and its items 1. 2. …; a reader finds an item by that
path. :func:`human_ref` writes it from the item's sections (outermost first) and its own
number: a Chinese numeral ends in 、, a parenthesised one is written with full-width brackets, a
digit ends in a full stop. An item the importer cut out of one numbered paragraph, one per
sentence (internal ref ``一#3``), is that paragraph's 第3项; a sub-measure carries its item's
number (``3.(2)``).

>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.convert import to_networkx
>>> G = to_networkx(parse("某县教育局2023年工作要点\\n一、学前教育\\n（一）扩充资源\\n"
...                       "1.新建幼儿园3所。（基建科牵头）\\n2.开展教研活动。（教研室负责）\\n"))
>>> [human_ref(G, n) for n, d in G.nodes(data=True) if d.get("type") == "Item"]
['一、（一）1.', '一、（一）2.']
>>> [marker(x) for x in ("三", "(二)", "12", "项目一", "一#3", "一#3#2")]
['三、', '（二）', '12.', '项目一', '一、第3项', '一、第3项第2项']
"""

from __future__ import annotations

import re

import networkx as nx

__all__ = ["human_ref", "marker"]

_CHINESE = re.compile(r"[一二三四五六七八九十百零两〇]+")
_DIGITS = re.compile(r"[0-9]+")
_PAREN = re.compile(r"[(（]\s*([^()（）]+?)\s*[)）]")


def marker(ordinal: str) -> str:
    """One section ordinal or item ref as written in a plan (``三、``, ``（二）``, ``12.``)."""
    head, *parts = ordinal.split("#")
    head = head.strip()
    if _CHINESE.fullmatch(head):
        out = f"{head}、"
    elif _DIGITS.fullmatch(head):
        out = f"{head}."
    elif m := _PAREN.fullmatch(head):
        out = f"（{m[1]}）"
    else:
        out = head
    return out + "".join(f"第{p}项" for p in parts if p)


def human_ref(G: nx.MultiDiGraph, item: str) -> str:
    """The item's place in its plan: its sections' ordinals, outermost first, then its number."""
    node = G.nodes[item]
    own = [marker(node["ref"])]
    seen = {item}
    parent = node.get("parent")
    while parent and parent in G and parent not in seen:  # a sub-measure: its item's number first
        seen.add(parent)
        node = G.nodes[parent]
        own.insert(0, marker(node["ref"]))
        parent = node.get("parent")
    chain: list[str] = []
    section = node.get("section")
    while section and section in G and section not in seen:
        seen.add(section)
        chain.insert(0, marker(G.nodes[section]["ordinal"]))
        section = G.nodes[section].get("parent")
    if chain and own[0].startswith(chain[-1]):  # 一#3 under its own part 一: 一、第3项, once
        chain.pop()
    return "".join(chain + own)
