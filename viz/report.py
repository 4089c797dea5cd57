"""One offline page for a planner: plans and their warnings, workload, concentration, overload,
the office × office dependency matrix, targets by deadline tier, progress, and the dependency
network.

Every figure comes from the query functions (:mod:`~dutygraph.queries`), so the page says what
``dutygraph workload``, ``deps`` and ``targets`` say; every document text is HTML-escaped, and
the embedded network is the page of :mod:`~dutygraph.viz.page`.

>>> import datetime as dt
>>> from dutygraph.importers.read import parse
>>> from dutygraph.graph.convert import to_networkx
>>> G = to_networkx(parse("某县教育局2023年工作要点\\n1.甲<script>x()</script>。（相关处室负责）\\n"))
>>> page = render_report(G, as_of=dt.date(2023, 6, 1))
>>> "甲&lt;script&gt;x()" in page, "甲<script>" in page
(True, False)
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx
from dutygraph.labels import CORRECTION_OPS, DEADLINE_RULES, STATUS, STATUS_RULES, TIERS, label
from dutygraph.ontology.vocabulary import NodeKind, Relation
from dutygraph.queries.dependencies import co_assignment
from dutygraph.queries.progress import corrections_applied, item_statuses, references
from dutygraph.queries.scope import of_type, org_names, related
from dutygraph.queries.targets import (
    STATUSES,
    items_without_lead,
    items_without_targets,
    targets_by_deadline,
)
from dutygraph.queries.workload import (
    WorkloadRow,
    concentration,
    leader_workload,
    office_workload,
    overloaded,
)
from dutygraph.viz.page import document, page_data
from dutygraph.viz.views import MAX_NODES, dependency_view, fit

__all__ = ["ReportOptions", "render_report"]

REPORT_CSS = """
body { height: auto; }
main.dg-report { max-width: 1280px; margin: 0 auto; padding: 8px 20px 40px; }
.dg-report h2 { border-bottom: 2px solid #1f3b5a; padding-bottom: 2px; margin-top: 28px; }
.dg-report nav a { margin-right: 12px; }
.dg-report table { border-collapse: collapse; font-size: 13px; margin: 6px 0; }
.dg-report th, .dg-report td { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
.dg-report th { background: #eef2f6; }
.dg-report td.num { text-align: right; font-variant-numeric: tabular-nums; }
.dg-bar { display: inline-block; height: 10px; background: #59a14f; vertical-align: middle; }
tr.dg-over td { background: #fdecea; }
.dg-matrix th.dg-col { writing-mode: vertical-rl; white-space: nowrap; font-weight: normal; }
.dg-matrix td { width: 26px; height: 22px; text-align: center; padding: 0; font-size: 11px; }
.dg-section .dg-app { height: 640px; border: 1px solid #ddd; }
.dg-tier { display: inline-block; padding: 0 6px; border-radius: 3px; color: #fff; font-weight: bold; }
.dg-tier-due, .dg-tier-upcoming { color: #222; }
.dg-report .dg-note { color: #555; font-size: 13px; }
"""


@dataclass(frozen=True)
class ReportOptions:
    """The knobs of a report; the defaults are those of the query commands."""

    as_of: dt.date
    warn_days: int = 7
    notice_days: int = 30
    lead_weight: float = 1.0
    support_weight: float = 0.5
    rule: str = "mean+1.5sd"
    top_k: int = 3
    include_collectives: bool = False
    matrix_size: int = 25
    max_nodes: int = MAX_NODES
    max_targets: int = 300


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], *, classes: Sequence[str] = (),
           row_classes: Sequence[str] = ()) -> str:
    """An HTML table; cells are already-escaped HTML, ``classes`` per column."""
    out = ["<table><thead><tr>", *(f"<th>{_e(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for i, row in enumerate(rows):
        css = f' class="{row_classes[i]}"' if i < len(row_classes) and row_classes[i] else ""
        cells = (f'<td class="{classes[j]}">{c}</td>' if j < len(classes) and classes[j] else f"<td>{c}</td>"
                 for j, c in enumerate(row))
        out.append(f"<tr{css}>{''.join(cells)}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _section(anchor: str, title: str, *parts: str) -> str:
    return f'<section class="dg-section" id="{anchor}"><h2>{_e(title)}</h2>{"".join(parts)}</section>'


def _note(text: str) -> str:
    return f'<p class="dg-note">{_e(text)}</p>'


def _plans(G: nx.MultiDiGraph) -> str:
    names = org_names(G)
    no_lead = defaultdict(list)
    for row in items_without_lead(G):
        no_lead[row.plan].append(row)
    no_target = defaultdict(list)
    for row in items_without_targets(G):
        no_target[row.plan].append(row)
    rows, warnings = [], []
    for plan in of_type(G, NodeKind.PLAN):
        node = G.nodes[plan]
        source = node["source"]["name"]
        items = sum(1 for v in related(G, plan, Relation.HAS_ITEM) if not G.nodes[v].get("parent"))
        rows.append([_e(node["title"]), _e("、".join(names.get(o, o) for o in node["issuers"])), _e(node.get("year")),
                     _e(node["kind"]), str(items), str(len(no_lead[source])), str(len(no_target[source])), _e(source)])
        lines = [f"{q['kind']}: {q['message']}" + (f" (line {q['line']})" if q.get("line") else "")
                 for q in node.get("quality", ())]
        lines += [f"no lead office: item {r.ref} {r.title} ({r.source})" for r in no_lead[source]]
        if lines:
            entries = "".join(f"<li>{_e(line)}</li>" for line in lines)
            warnings.append(f"<details><summary>{_e(source)}: {len(lines)} warnings</summary><ul>{entries}</ul></details>")
    head = ["plan", "issuers", "year", "kind", "items", "without lead", "without target", "file"]
    return _section("plans", "Plans and quality warnings",
                    _table(head, rows, classes=["", "", "", "", "num", "num", "num", ""]),
                    *(warnings or [_note("No quality warnings.")]))


def _workload(rows: list[WorkloadRow], collectives: list[WorkloadRow], flagged: set[tuple[str, str]],
              options: ReportOptions) -> str:
    top = max((r.load for r in rows), default=0) or 1
    table = _table(
        ["rank", "office", "issuer", "leads", "supports", "load", "share", ""],
        ([str(r.rank), _e(r.office), _e(r.issuer), str(r.leads), str(r.supports), f"{r.load:g}", f"{r.share:.1%}",
          f'<span class="dg-bar" style="width:{round(160 * r.load / top)}px"></span>'] for r in rows),
        classes=["num", "", "", "num", "num", "num", "num", ""],
        row_classes=["dg-over" if (r.office, r.issuer) in flagged else "" for r in rows],
    )
    legend = _note(f"load = {options.lead_weight:g} × leads + {options.support_weight:g} × supports; each "
                   "(top-level item, office) pair counts once, as lead if the office leads the item or a "
                   "sub-measure. Overloaded offices are shaded.")
    rest = _note("Collectives, not counted: " + "、".join(f"{r.office} {r.leads + r.supports}" for r in collectives)) \
        if collectives else ""
    return _section("workload", "Workload", legend, table, rest)


def _concentration(rows: list[WorkloadRow], options: ReportOptions) -> str:
    scopes = [("all plans", rows)]
    issuers = sorted({r.issuer for r in rows})
    if len(issuers) > 1:
        scopes += [(issuer, [r for r in rows if r.issuer == issuer]) for issuer in issuers]
    body = []
    for name, scoped in scopes:
        c = concentration(scoped, top_k=options.top_k)
        body.append([_e(name), str(c.offices), f"{c.total_load:g}", f"{c.gini:.3f}", f"{c.hhi:.3f}",
                     f"{c.top_k_share:.1%}"])
    return _section(
        "concentration", "Concentration",
        _table(["scope", "offices", "total load", "Gini", "HHI", f"top-{options.top_k} share"], body,
               classes=["", "num", "num", "num", "num", "num"]),
        _note("Over offices with load > 0. Gini = mean absolute difference / (2 × mean load): 0 when all "
              "carry the same, towards 1 when one carries all. HHI = sum of squared shares (1/n when equal, "
              "1 when one office carries all). Top-k share = the k largest loads / total."),
    )


def _overloaded(rows: list[WorkloadRow], options: ReportOptions) -> tuple[str, set[tuple[str, str]]]:
    flagged = overloaded(rows, rule=options.rule)
    rule = ("load above mean + 1.5 population standard deviations" if options.rule == "mean+1.5sd"
            else "the ⌈n/10⌉ most loaded offices, ties included")
    body = "".join(f"<li><b>{_e(r.office)}</b> ({_e(r.issuer)}): {_e(r.reason)}</li>" for r in flagged)
    html_ = _section("overloaded", "Overloaded offices",
                     _note(f"Rule {options.rule}: {rule}."),
                     f"<ul>{body}</ul>" if body else _note("No office is overloaded by this rule."))
    return html_, {(r.office, r.issuer) for r in flagged}


def _leaders(G: nx.MultiDiGraph) -> str:
    rows = leader_workload(G)
    if not rows:
        return _section("leaders", "Leaders", _note("The documents name no responsible leaders."))
    return _section("leaders", "Leaders", _table(
        ["leader", "issuer", "items", "offices on them", "targets"],
        ([_e(r.leader), _e(r.issuer), str(r.items), str(r.offices), str(r.targets)] for r in rows),
        classes=["", "", "num", "num", "num"],
    ))


def _matrix(G: nx.MultiDiGraph, rows: list[WorkloadRow], options: ReportOptions) -> str:
    chosen = [r for r in rows if r.kind == "office"][: options.matrix_size]
    index = {r.party: i for i, r in enumerate(chosen)}
    shared: dict[tuple[int, int], tuple[int, str]] = {}
    for pair in co_assignment(G, include_collectives=options.include_collectives):
        if pair.a in index and pair.b in index:
            refs = "、".join(s.ref for s in pair.items)
            for a, b in ((pair.a, pair.b), (pair.b, pair.a)):
                shared[(index[a], index[b])] = (pair.shared, f"{pair.office_a} × {pair.office_b}: {pair.shared} shared items ({refs})")
    top = max((n for n, _ in shared.values()), default=1)
    head = "".join(f'<th class="dg-col">{_e(r.office)}</th>' for r in chosen)
    body = []
    for i, r in enumerate(chosen):
        cells = []
        for j in range(len(chosen)):
            count, title = shared.get((i, j), (0, ""))
            if i == j:
                cells.append('<td style="background:#eee">·</td>')
            elif count:
                alpha = 0.15 + 0.85 * count / top
                color = "#fff" if alpha > 0.55 else "#222"
                cells.append(f'<td style="background:rgba(31,59,90,{alpha:.2f});color:{color}" title="{_e(title)}">{count}</td>')
            else:
                cells.append("<td></td>")
        body.append(f"<tr><th>{_e(r.office)}</th>{''.join(cells)}</tr>")
    total = sum(1 for r in rows if r.kind == "office")
    note = (f"Shared top-level items between the {len(chosen)} most loaded offices"
            + (f" (of {total}; --matrix-size)" if total > len(chosen) else "")
            + "; darker = more shared. Hover a cell for the items.")
    table = f'<table class="dg-matrix"><thead><tr><th></th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    return _section("matrix", "Office × office dependencies", _note(note), table)


def _tier(status: str) -> str:
    colour = TIERS[status].colour
    return f'<span class="dg-tier dg-tier-{_e(status)}" style="background:{colour}">{_e(label(TIERS, status))}</span>'


def _targets(G: nx.MultiDiGraph, options: ReportOptions) -> str:
    rows = targets_by_deadline(G, as_of=options.as_of, warn_days=options.warn_days, notice_days=options.notice_days)
    counts = {s: sum(r.status == s for r in rows) for s in STATUSES}
    summary = _note(f"On {options.as_of} (due: within {options.warn_days} days; upcoming: within "
                    f"{options.notice_days}): " + ", ".join(f"{label(TIERS, s)} {n}" for s, n in counts.items())
                    + ". A completed item is never overdue; deadlines marked plan_year or horizon are inferred "
                    "from the plan's year.")
    legend = "".join(f"<li>{_tier(s)} {_e(TIERS[s].meaning)}</li>" for s in STATUSES)
    dated = [r for r in rows if r.status != "no_deadline"]
    shown = dated[: options.max_targets]
    table = _table(
        ["tier", "deadline", "rule", "days", "item", "plan", "target", "lead", "source"],
        ([_tier(r.status), _e(r.deadline), _e(label(DEADLINE_RULES, r.rule)), _e(r.days), _e(r.ref), _e(r.plan),
          _e(r.text), _e("、".join(r.leads)), _e(r.source + (f"; completed: {r.completed_by}" if r.completed_by else ""))]
         for r in shown),
        classes=["", "", "", "num", "", "", "", "", ""],
    )
    more = _note(f"{len(dated) - len(shown)} more dated targets are not listed (`dutygraph targets` lists all).") \
        if len(dated) > len(shown) else ""
    return _section("targets", "Targets by deadline", summary, f"<ul>{legend}</ul>",
                    table if shown else _note("No dated targets."), more)


def _progress(G: nx.MultiDiGraph) -> str:
    statuses = item_statuses(G)
    parts = [_table(
        ["item", "plan", "status", "rule", "as of", "reported", "title"],
        ([_e(r.ref), _e(r.plan), _e(label(STATUS, r.status)),
          _e(label(STATUS_RULES, r.rule) + (f" (“{r.evidence}”)" if r.evidence else "")), _e(r.as_of),
          _e(r.reported + (f" via {r.via}" if r.via else "")), _e(r.title)] for r in statuses),
    ) if statuses else _note("No progress reported.")]
    loose = references(G, unresolved=True)
    if loose:
        parts.append(_note(f"Unresolved sources ({len(loose)}): the plans they name are not among these documents."))
        parts.append(_table(["row", "plan", "source", "document", "item", "line"],
                            ([_e(r.ref), _e(r.plan), _e(r.text), _e(r.doc_number), _e(r.item_number), _e(r.source)]
                             for r in loose)))
    fixes = corrections_applied(G)
    if fixes:
        parts.append(_note(f"Corrections applied ({len(fixes)}):"))
        parts.append(_table(["item", "plan", "change", "before", "after", "correction"],
                            ([_e(c.ref), _e(c.plan), _e(label(CORRECTION_OPS, c.op)), _e(c.before), _e(c.after),
                              _e(c.correction)] for c in fixes)))
    return _section("progress", "Progress and corrections", *parts)


def render_report(G: nx.MultiDiGraph, options: ReportOptions | None = None, **settings: object) -> str:
    """The report as one HTML file; ``settings`` are :class:`ReportOptions` fields (``as_of`` …)."""
    options = options or ReportOptions(**settings)  # type: ignore[arg-type]
    weights = {"lead_weight": options.lead_weight, "support_weight": options.support_weight}
    rows = office_workload(G, include_collectives=options.include_collectives, **weights)
    collectives = [] if options.include_collectives else [
        r for r in office_workload(G, include_collectives=True, **weights) if r.kind == "collective"
    ]
    overloaded_html, flagged = _overloaded(rows, options)
    deps = fit(dependency_view(G, rule=options.rule, include_collectives=options.include_collectives, **weights), G,
               max_nodes=options.max_nodes)
    plans = of_type(G, NodeKind.PLAN)
    items = sum(1 for i in of_type(G, NodeKind.ITEM) if not G.nodes[i].get("parent"))
    sections = [
        ("plans", "Plans", _plans(G)),
        ("workload", "Workload", _workload(rows, collectives, flagged, options)),
        ("concentration", "Concentration", _concentration(rows, options)),
        ("overloaded", "Overloaded", overloaded_html),
        ("leaders", "Leaders", _leaders(G)),
        ("matrix", "Dependencies", _matrix(G, rows, options)),
        ("targets", "Targets", _targets(G, options)),
        ("progress", "Progress", _progress(G)),
        ("network", "Network", _section("network", "Dependency network",
                                        '<h3 id="dg-heading"></h3><p id="dg-summary" class="dg-note"></p>'
                                        '<div id="dg-notices"></div><!--widget-->')),
    ]
    nav = "".join(f'<a href="#{anchor}">{_e(label)}</a>' for anchor, label, _ in sections)
    body = (
        '<header class="dg-header"><h1>dutygraph report</h1>'
        f"<p>{len(plans)} plans · {items} items · {len(rows)} offices · as of {_e(options.as_of)}</p></header>"
        f'<main class="dg-report"><nav>{nav}</nav>{"".join(html_ for _, _, html_ in sections)}</main>'
    )
    return document("dutygraph report", body, page_data(deps), extra_css=REPORT_CSS)
