"""What a page shows when a node is clicked: blocks of labelled rows and lines, all plain text.

The page draws these with ``textContent``, so a document line holding ``<img onerror=…>`` is
shown as those characters and never parsed as HTML.

>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.convert import to_networkx
>>> G = to_networkx(parse("某县教育局2023年工作要点\\n1.新建幼儿园3所。（教研室牵头，财务科配合）\\n"))
>>> item = next(n for n, d in G.nodes(data=True) if d["type"] == "Item")
>>> from dutygraph.i18n import language
>>> with language("en"):
...     [block["heading"] for block in item_details(G, item)], item_details(G, item)[0]["rows"][2:4]
(['item 1', 'targets', 'source lines'], [['lead', '教研室'], ['support', '财务科']])
>>> with language("zh"):
...     [block["heading"] for block in item_details(G, item)], item_details(G, item)[0]["rows"][2:4]
(['事项 1', '目标', '原文'], [['牵头', '教研室'], ['配合', '财务科']])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx
from dutygraph.i18n import date, t
from dutygraph.labels import (
    CHAIN_RULES,
    COLLECTIVE_SCOPES,
    CORRECTION_OPS,
    DEADLINE_RULES,
    LEAD_RULES,
    PARTY_KINDS,
    PLAN_KINDS,
    QUALITY,
    ROLES,
    STATUS,
    STATUS_RULES,
    label,
)
from dutygraph.ontology.bodies import shown_kind
from dutygraph.ontology.notes import doubt_text, render
from dutygraph.ontology.vocabulary import NodeKind, Relation
from dutygraph.queries.scope import assignments, display_ref, org_names, party_label, related

__all__ = [
    "Block",
    "item_details",
    "leader_details",
    "party_details",
    "place",
    "plan_details",
    "quality_line",
    "source_lines",
    "target_details",
    "target_text",
]

Block = dict[str, Any]
"""``{"heading": str, "rows": [[label, text], …]}`` or ``{"heading": str, "lines": [text, …]}``."""

SOURCE_LINES = 12
"""Lines of the original text shown under an item; longer spans end with a count of the rest."""


def _rows(heading: str, rows: list[tuple[str, str]]) -> Block:
    return {"heading": heading, "rows": [[label, text] for label, text in rows if text]}


def _lines(heading: str, lines: list[str]) -> list[Block]:
    return [{"heading": heading, "lines": lines}] if lines else []


def place(where: dict[str, Any]) -> str:
    """The place of a fact in a structured file, in the page's language.

    >>> from dutygraph.i18n import language
    >>> with language("zh"):
    ...     place({"block": 3, "table": 1, "row": 2, "col": 4, "sheet": "任务", "cell": "D4", "merged": "D3:D8"})
    '工作表“任务”单元格 D4（合并单元格 D3:D8）'
    >>> with language("en"):
    ...     place({"block": 9, "page": 2}), place({"block": 12, "table": 1, "row": 3, "col": 4})
    ('page 2 block 9', 'table 1 row 3 col 4')
    """
    if where.get("cell"):
        return t("place.cell", sheet=where.get("sheet"), cell=where["cell"]) + (
            t("place.merged", range=where["merged"]) if where.get("merged") else "")
    parts = [t("place.page", n=where["page"])] if where.get("page") else []
    if where.get("table"):
        parts.append(t("place.table", table=where["table"], row=where.get("row"), col=where.get("col")))
    else:
        parts.append(t("place.block", n=where["block"]))
    return " ".join(parts)


def _where(span: dict[str, Any]) -> str:
    """``file:line`` (or ``line–end``), and the place in a structured file: its sheet and cell,
    page and box, or table row and column.

    >>> from dutygraph.i18n import language
    >>> with language("en"):
    ...     _where({"file": "t.xlsx", "line": 4, "end_line": 4, "where": {"block": 3, "sheet": "任务", "cell": "D4"}})
    't.xlsx:4 (sheet 任务 cell D4)'
    """
    end = span.get("end_line", span["line"])
    where = span.get("where")
    shown = t("paren", text=place(where) if isinstance(where, dict) else str(where)) if where else ""
    return f"{span['file']}:{span['line']}" + (f"–{end}" if end != span["line"] else "") + shown


def quality_line(q: dict[str, Any]) -> str:
    """A quality note as a planner reads it: its kind, what was noticed, and the line."""
    text = t("quality_line", kind=label(QUALITY, q["kind"]), message=render(q["code"], q["params"]))
    return text + (t("paren", text=t("line_n", n=q["line"])) if q.get("line") else "")


def target_text(target: dict[str, Any]) -> str:
    """One line for a target: its text, then what was read from it.

    >>> from dutygraph.i18n import language
    >>> with language("zh"):
    ...     target_text({"text": "约300个", "value": 300.0, "unit": "个", "comparator": "≈",
    ...                  "deadline": "2022-12-31", "deadline_rule": "plan_year"})
    '约300个  [≈ 300个；2022年12月31日前（按计划年度年底推定）]'
    """
    figure = ""
    if target.get("value") is not None:
        sign = {">=": "≥", "<=": "≤", "=": "=", "≈": "≈"}.get(target.get("comparator") or "", "")
        figure = f"{sign} {target['value']:g}{target.get('unit') or ''}".strip()
    rule = target.get("deadline_rule")
    deadline = t("target.by", date=date(target["deadline"])) + (
        t("paren", text=label(DEADLINE_RULES, rule)) if rule and rule != "explicit" else "") \
        if target.get("deadline") else ""
    schedule = target.get("schedule")
    recurring = t("target.every", period=schedule.get("text") or schedule["period"]) if schedule else ""
    share = t(f"target.share_{target['share']}") if target.get("share") in ("whole", "part") else ""
    read = t("semicolon").join(part for part in (figure, deadline, recurring, share) if part)
    return f"{target['text']}" + (f"  [{read}]" if read else "")


def source_lines(span: dict[str, Any], limit: int = SOURCE_LINES) -> list[str]:
    """The original text of a span, one entry per line, numbered ``file:line``."""
    lines = span["text"].splitlines() or [""]
    shown = [f"{span['file']}:{span['line'] + i}  {line}" for i, line in enumerate(lines[:limit])]
    if len(lines) > limit:
        shown.append(t("more_lines", n=len(lines) - limit))
    return shown


def _section_path(G: nx.MultiDiGraph, section: str | None) -> str:
    names = []
    while section and section in G and len(names) < 5:
        node = G.nodes[section]
        names.append(f"{node['ordinal']}{node['title']}")
        section = node.get("parent")
    return " › ".join(reversed(names))


def item_details(G: nx.MultiDiGraph, item: str, leaders: dict[str, str] | None = None) -> list[Block]:
    """An item: its plan and section, offices by role, leaders, tasks, targets and source lines.

    ``leaders`` maps leader id → where they were named (item or section), as
    :func:`~dutygraph.queries.scope.leader_items` gives it; without it, only leaders named on
    the item itself are listed.
    """
    node = G.nodes[item]
    plan = G.nodes[node["plan"]]
    rows = [(t("detail.title"), node["title"]), (t("detail.plan"), plan["title"])]
    parties = assignments(G, item, include_collectives=True)
    for role in ("lead", "support"):
        names = [f"{G.nodes[p]['name']}" + ("" if d["rule"] == "explicit" else t("paren", text=label(LEAD_RULES, d["rule"])))
                 for p, d in parties if d["role"] == role]
        rows.append((label(ROLES, role), "、".join(names)))
    named = leaders if leaders is not None else {
        v: item for _, v, d in G.out_edges(item, data=True) if d.get("relation") == Relation.RESPONSIBLE
    }
    rows.append((t("detail.leaders"), "、".join(
        G.nodes[leader]["name"] + ("" if where == item or G.nodes[where]["type"] == NodeKind.ITEM
                                   else t("paren", text=t("detail.on_section")))
        for leader, where in named.items()
    )))
    rows.append((t("detail.section"), _section_path(G, node.get("section"))))
    if node.get("parent"):
        parent = G.nodes[node["parent"]]
        rows.append((t("detail.part_of"), f"{parent['ref']} {parent['title']}"))
    rows += [(t("detail.notes"), t("semicolon").join(node.get("notes", ()))), (t("detail.source"), _where(node["span"]))]
    rows += _supervision(G, node)
    tasks = sorted((G.nodes[t] for t in related(G, item, Relation.HAS_TASK)), key=lambda t: t["order"])
    targets = sorted((G.nodes[t] for t in related(G, item, Relation.HAS_TARGET)), key=lambda t: t["order"])
    progress = [G.nodes[p] for p in related(G, item, Relation.HAS_PROGRESS)]
    return [
        _rows(t("detail.item", ref=display_ref(G, item)), rows),
        *_lines(t("detail.tasks"), [f"{i}. {k['text']}  ({_where(k['span'])})" for i, k in enumerate(tasks, 1)]),
        *_lines(t("detail.targets"), [f"{target_text(k)}  ({_where(k['span'])})" for k in targets]),
        *_lines(t("detail.progress"), [
            f"{date(p.get('as_of'))} {p['text']}".strip()
            + (f"  — {label(STATUS, p['status'])}{t('colon')}{label(STATUS_RULES, p.get('status_rule'))}" if p.get("status") else "")
            + f"  ({_where(p['span'])})" for p in progress]),
        *_lines(t("detail.corrections"), [
            f"{label(CORRECTION_OPS, c['op'])}{t('colon')}{c.get('before') or '—'} → {c.get('after') or '—'}  ({c['file']}:{c['line']})"
            for c in node.get("corrections", ())]),
        *_lines(t("detail.source_lines"), source_lines(node["span"])),
    ]


def _supervision(G: nx.MultiDiGraph, node: dict[str, Any]) -> list[tuple[str, str]]:
    """An item's status (and the rule behind it), what it reports on, the row it repeats."""
    rows = []
    if node.get("status"):
        source = G.nodes[node["status_from"]] if node.get("status_from") in G else {}
        rule = label(STATUS_RULES, source.get("status_rule"))
        rows.append((t("detail.status"), f"{label(STATUS, node['status'])} — {rule}"
                     + (t("paren", text=f"“{source['status_evidence']}”") if source.get("status_evidence") else "")
                     + (t("detail.as_of", date=date(source["as_of"])) if source.get("as_of") else "")
                     + (f" ({_where(source['span'])})" if source.get("span") else "")))
    for ref in node.get("reports_on", ()):
        target = ref.get("target")
        named = f"{G.nodes[target]['ref']} {G.nodes[target]['title']} ({_where(G.nodes[target]['span'])})" \
            if target in G else t("detail.not_among")
        rows.append((t("detail.reports_on"), t("detail.reports_on_value", doc=ref.get("doc_number") or "",
                                              item=ref.get("item") or "?", named=named)))
    if node.get("same_as") in G:
        twin = G.nodes[node["same_as"]]
        rows.append((t("detail.same_as"), f"{twin['ref']} {twin['title']} ({_where(twin['span'])})"))
    for link in node.get("derived_from", ()):  # issue 25: the higher-level task it carries out
        if link["target"] in G:
            higher = G.nodes[link["target"]]
            rows.append((t("detail.implements"), t(
                "detail.implements_value", ref=higher["ref"], title=higher["title"], where=_where(higher["span"]),
                rule=label(CHAIN_RULES, link["rule"]), evidence=link["evidence"], confidence=f"{link['confidence']:.2f}")))
    return rows


def plan_details(G: nx.MultiDiGraph, plan: str) -> list[Block]:
    """A plan: title, issuers, source file, counts and the importer's quality notes."""
    node = G.nodes[plan]
    items = [v for v in related(G, plan, Relation.HAS_ITEM) if not G.nodes[v].get("parent")]
    source = node["source"]
    rows = [
        (t("detail.title"), node["title"]),
        (t("detail.issuers"), "、".join(org_names(G).get(o) or str(o) for o in node["issuers"])),
        (t("detail.year"), str(node.get("year") or "")),
        (t("detail.kind"), label(PLAN_KINDS, node["kind"])),
        (t("detail.doc_number"), node.get("doc_number") or ""),
        (t("detail.file"), t("detail.file_value", name=source["name"], format=source["format"],
                             encoding=source["encoding"])),
        (t("detail.items"), str(len(items))),
    ]
    quality = [quality_line(q) for q in node.get("quality", ())]
    return [_rows(t("kind.plan"), rows), *_lines(t("detail.quality"), quality)]


def party_details(G: nx.MultiDiGraph, party: str, items: list[tuple[str, str]],
                  extra: Sequence[tuple[str, str]] = ()) -> list[Block]:
    """An office or collective: name, issuer, the names the documents used, and its items.

    ``items`` are (top-level item id, role) pairs; ``extra`` rows (load, rank …) come first.
    """
    node = G.nodes[party]
    name, issuer = party_label(G, party)
    rows = [(t("detail.name"), name), (t("detail.issuer"), issuer), *extra,
            (t("detail.written_as"), "、".join(node.get("aliases", ())))]
    if node["type"] == NodeKind.COLLECTIVE:
        rows.append((t("kind.collective"), label(COLLECTIVE_SCOPES, node["scope"])))
    return [
        _rows(label(PARTY_KINDS, shown_kind("office", name, G.nodes[node["issuer"]]["name"] if node["issuer"] in G else ""))
              if node["type"] == NodeKind.OFFICE else t("kind.collective"), rows),
        *_lines(t("detail.items_n", n=len(items)), [
            f"{G.nodes[i]['ref']} {G.nodes[i]['title']}  — {label(ROLES, role)}  ({_where(G.nodes[i]['span'])})"
            for i, role in items
        ]),
    ]


def leader_details(G: nx.MultiDiGraph, leader: str, items: dict[str, str]) -> list[Block]:
    """A leader: name, title, issuer and the items they answer for (``{top item: where named}``)."""
    node = G.nodes[leader]
    name, issuer = party_label(G, leader)
    rows = [(t("detail.name"), name), (t("detail.post"), node.get("title") or ""), (t("detail.issuer"), issuer)]
    lines = []
    for item, where in items.items():
        how = "" if G.nodes[where]["type"] == NodeKind.ITEM else t("paren", text=t("detail.named_on_section"))
        lines.append(f"{G.nodes[item]['ref']} {G.nodes[item]['title']}{how}  ({_where(G.nodes[item]['span'])})")
    return [_rows(t("kind.leader"), rows), *_lines(t("detail.items_n", n=len(lines)), lines)]


def target_details(G: nx.MultiDiGraph, target: str, item: str) -> list[Block]:
    """A target: its text, value, unit, comparator, deadline, and the item it belongs to."""
    node = G.nodes[target]
    value = node.get("value")
    rows = [
        (t("detail.text"), node["text"]),
        (t("detail.metric"), node.get("metric") or ""),
        (t("detail.value"), "" if value is None else f"{value:g}"),
        (t("detail.unit"), node.get("unit") or ""),
        (t("detail.comparator"), node.get("comparator") or ""),
        (t("detail.deadline"), date(node.get("deadline"))),
        (t("detail.deadline_rule"), label(DEADLINE_RULES, node.get("deadline_rule"))),
        (t("detail.doubt"), doubt_text(node.get("doubt"))),
        (t("detail.every"), (node.get("schedule") or {}).get("text", "")),
        (t("detail.share"), t(f"target.share_{node['share']}") if node.get("share") in ("whole", "part") else ""),
        (t("detail.part_of"), G.nodes[node["part_of"]]["text"] if node.get("part_of") in G else ""),
        (t("detail.horizon"), node.get("horizon") or ""),
        (t("detail.item_of"), f"{display_ref(G, item)} {G.nodes[item]['title']}"),
        (t("detail.source"), _where(node["span"])),
    ]
    return [_rows(t("kind.target"), rows), *_lines(t("detail.source_lines"), source_lines(node["span"]))]
