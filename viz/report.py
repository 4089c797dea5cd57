"""One offline page for a planner: plans and their warnings, workload, concentration, overload,
the office × office dependency matrix, targets by deadline tier, progress, and the dependency
network — in the language of :mod:`dutygraph.i18n`, and ready to print (a title block with the
issuer, the date and the 密级 line; one section a page; the network as a picture).

Every figure comes from the query functions (:mod:`~dutygraph.queries`), so the page says what
``dutygraph workload``, ``deps`` and ``targets`` say; every document text is HTML-escaped, and
the embedded network is the page of :mod:`~dutygraph.viz.page`.

>>> import datetime as dt
>>> from dutygraph.importers.reading import parse
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
from importlib import resources
from typing import Any

import networkx as nx
from dutygraph.i18n import date, join, t
from dutygraph.labels import CORRECTION_OPS, DEADLINE_RULES, PLAN_KINDS, REVIEW, STATUS, STATUS_RULES, TIERS, label
from dutygraph.ontology.vocabulary import NodeKind, Relation
from dutygraph.queries.dependencies import co_assignment
from dutygraph.queries.progress import corrections_applied, item_statuses, references
from dutygraph.queries.review import doubtful_facts
from dutygraph.queries.scope import of_type, org_names, related
from dutygraph.queries.targets import STATUSES, items_without_lead, items_without_targets, targets_by_deadline
from dutygraph.queries.workload import (
    WorkloadRow,
    concentration,
    leader_workload,
    office_workload,
    overloaded,
    within_issuers,
)
from dutygraph.viz.details import quality_line
from dutygraph.viz.page import document, page_data
from dutygraph.viz.views import MAX_NODES, dependency_view, fit, plan_titles, repeated_names
from dutygraph.viz.wording import metric_notes, overload_reason

__all__ = ["ReportOptions", "render_report", "table"]


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
    across_issuers: bool = False
    classification: str | None = None
    """The 密级 line's value (None: the catalogue's, 内部)."""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def table(head: Sequence[str], rows: Iterable[Sequence[str]], *, classes: Sequence[str] = (),
          row_classes: Sequence[str] = ()) -> str:
    """An HTML table; cells are already-escaped HTML, ``classes`` per column (``num``, ``dg-ref``,
    ``dg-date``: refs and dates never wrap)."""
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
    titles = plan_titles(G)
    no_lead, no_target = defaultdict(list), defaultdict(list)
    for row in items_without_lead(G):
        no_lead[G.nodes[row.item]["plan"]].append(row)
    for row in items_without_targets(G):
        no_target[G.nodes[row.item]["plan"]].append(row)
    rows, warnings = [], []
    for plan in of_type(G, NodeKind.PLAN):
        node = G.nodes[plan]
        items = sum(1 for v in related(G, plan, Relation.HAS_ITEM) if not G.nodes[v].get("parent"))
        rows.append([_e(titles[plan]), _e("、".join(names.get(o) or o for o in node["issuers"])), _e(node.get("year")),
                     _e(label(PLAN_KINDS, node["kind"])), str(items), str(len(no_lead[plan])),
                     str(len(no_target[plan])), _e(node["source"]["name"])])
        lines = [quality_line(q) for q in node.get("quality", ())]
        lines += [t("report.no_lead_line", ref=r.ref, title=r.title, source=r.source) for r in no_lead[plan]]
        if lines:
            entries = "".join(f"<li>{_e(line)}</li>" for line in lines)
            warnings.append(f"<details><summary>{_e(t('report.warnings', plan=titles[plan], n=len(lines)))}</summary>"
                            f"<ul>{entries}</ul></details>")
    head = [t(f"report.col.{c}") for c in ("plan", "issuers", "year", "kind", "items", "no_lead", "no_target", "file")]
    return _section("plans", t("report.plans"),
                    table(head, rows, classes=["", "", "num", "", "num", "num", "num", "dg-nowrap"]),
                    *(warnings or [_note(t("report.no_warnings"))]))


def _workload(rows: list[WorkloadRow], collectives: list[WorkloadRow], flagged: set[tuple[str, str]],
              options: ReportOptions, repeated: set[str]) -> str:
    top = max((r.load for r in rows), default=0) or 1
    body, classes, issuer = [], [], None
    for r in rows:
        if not options.across_issuers and r.issuer != issuer:
            issuer = r.issuer
            body.append([f'{_e(issuer)}', "", "", "", "", "", ""])
            classes.append("dg-issuer-row")
        name = r.office + t("paren", text=r.issuer) if r.office in repeated else r.office
        body.append([str(r.rank), _e(name), str(r.leads), str(r.supports), f"{r.load:g}", f"{r.share:.1%}",
                     f'<span class="dg-bar" style="width:{round(160 * r.load / top)}px"></span>'])
        classes.append("dg-over" if (r.office, r.issuer) in flagged else "")
    rank = t("col.rank") if options.across_issuers else t("col.rank_within")
    head = [rank, t("col.office"), t("col.leads"), t("col.supports"), t("col.load"), t("col.share"), ""]
    if options.across_issuers:
        head.insert(2, t("col.issuer"))
        body = [[*b[:2], _e(r.issuer), *b[2:]] for b, r in zip(body, rows, strict=True)]
    html_ = table(head, body, classes=["num", "", "num", "num", "num", "num", ""], row_classes=classes)
    legend = _note(t("report.workload_note", lead=f"{options.lead_weight:g}", support=f"{options.support_weight:g}")
                   + " " + t("report.fairness_across" if options.across_issuers else "report.fairness_within"))
    rest = _note(t("report.collectives", names=join(f"{r.office} {r.leads + r.supports}" for r in collectives))) \
        if collectives else ""
    return _section("workload", t("report.workload"), legend, html_, rest)


def _concentration(rows: list[WorkloadRow], options: ReportOptions) -> str:
    issuers = sorted({r.issuer for r in rows})
    scopes = [(issuer, [r for r in rows if r.issuer == issuer]) for issuer in issuers]
    if len(issuers) > 1 or not scopes:
        scopes.insert(0, (t("report.all_plans"), rows))
    body = []
    for name, scoped in scopes:
        c = concentration(scoped, top_k=options.top_k)
        body.append([_e(name), str(c.offices), f"{c.total_load:g}", f"{c.gini:.3f}", f"{c.hhi:.3f}",
                     f"{c.top_k_share:.1%}"])
    head = [t("report.col.scope"), t("col.office_count"), t("col.total_load"), t("col.gini"), t("col.hhi"),
            t("col.top_k_share", k=options.top_k)]
    notes = "".join(_note(n) for n in metric_notes(["gini", "hhi", "top_k_share"]))
    return _section("concentration", t("report.concentration"),
                    table(head, body, classes=["", "num", "num", "num", "num", "num"]),
                    _note(t("report.concentration_note")), notes)


def _overloaded(rows: list[WorkloadRow], options: ReportOptions) -> tuple[str, set[tuple[str, str]]]:
    flagged = overloaded(rows, rule=options.rule, by_issuer=not options.across_issuers)
    body = "".join(f"<li><b>{_e(r.office)}</b>{_e(t('paren', text=r.issuer))}{t('colon')}{_e(overload_reason(r, rows))}</li>" for r in flagged)
    html_ = _section("overloaded", t("report.overloaded"),
                     _note(t("report.rule", rule=t(f"overload.rule.{options.rule}"))),
                     f"<ul>{body}</ul>" if body else _note(t("report.none_overloaded")))
    return html_, {(r.office, r.issuer) for r in flagged}


def _leaders(G: nx.MultiDiGraph) -> str:
    rows = leader_workload(G)
    if not rows:
        return _section("leaders", t("report.leaders"), _note(t("report.no_leaders")))
    return _section("leaders", t("report.leaders"), table(
        [t("col.leader"), t("col.issuer"), t("col.items"), t("col.offices_on"), t("col.targets")],
        ([_e(r.leader), _e(r.issuer), str(r.items), str(r.offices), str(r.targets)] for r in rows),
        classes=["", "", "num", "num", "num"],
    ))


def _tops(rows: list[WorkloadRow], size: int) -> list[WorkloadRow]:
    """The most loaded offices of every issuer, ``size`` shared among the issuers, in the order of
    ``rows`` (most loaded first): one issuer's heavy loads never crowd out another's offices."""
    issuers = list(dict.fromkeys(r.issuer for r in rows))
    each = max(1, size // max(1, len(issuers)))
    seen: dict[str, int] = {}
    chosen = []
    for r in rows:
        seen[r.issuer] = seen.get(r.issuer, 0) + 1
        if seen[r.issuer] <= each and len(chosen) < size:
            chosen.append(r)
    return chosen


def _matrix(G: nx.MultiDiGraph, rows: list[WorkloadRow], options: ReportOptions, repeated: set[str]) -> str:
    offices = sorted((r for r in rows if r.kind == "office"), key=lambda r: -r.load)
    chosen = offices[: options.matrix_size] if options.across_issuers else _tops(offices, options.matrix_size)
    index = {r.party: i for i, r in enumerate(chosen)}
    shared: dict[tuple[int, int], tuple[int, str]] = {}
    for pair in co_assignment(G, include_collectives=options.include_collectives):
        if pair.a in index and pair.b in index:
            refs = "、".join(s.ref for s in pair.items)
            for a, b in ((pair.a, pair.b), (pair.b, pair.a)):
                shared[(index[a], index[b])] = (pair.shared, t("report.matrix_cell", a=pair.office_a, b=pair.office_b,
                                                               n=pair.shared, refs=refs))
    top = max((n for n, _ in shared.values()), default=1)
    names = [r.office + t("paren", text=r.issuer) if r.office in repeated else r.office for r in chosen]
    head = "".join(f'<th class="dg-col">{_e(n)}</th>' for n in names)
    body = []
    for i, name in enumerate(names):
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
        body.append(f"<tr><th>{_e(name)}</th>{''.join(cells)}</tr>")
    total = sum(1 for r in rows if r.kind == "office")
    note = t("report.matrix_note", n=len(chosen)) + (t("report.matrix_of", total=total) if total > len(chosen) else "")
    html_ = f'<table class="dg-matrix"><thead><tr><th></th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    return _section("matrix", t("report.matrix"), _note(note), html_)


def _tier(status: str) -> str:
    colour = TIERS[status].colour
    return f'<span class="dg-tier dg-tier-{_e(status)}" style="background:{colour}">{_e(label(TIERS, status))}</span>'


def _targets(G: nx.MultiDiGraph, options: ReportOptions) -> str:
    rows = targets_by_deadline(G, as_of=options.as_of, warn_days=options.warn_days, notice_days=options.notice_days)
    titles = plan_titles(G)
    counts = join(f"{label(TIERS, s)} {sum(r.status == s for r in rows)}" for s in STATUSES)
    summary = _note(t("report.targets_summary", date=date(options.as_of), warn=options.warn_days,
                      notice=options.notice_days, counts=counts))
    legend = "".join(f"<li>{_tier(s)} {_e(TIERS[s].meaning)}</li>" for s in STATUSES)
    dated = [r for r in rows if r.status != "no_deadline"]
    shown = dated[: options.max_targets]
    head = [t(f"report.col.{c}") for c in ("tier", "deadline", "rule", "days", "item", "plan", "target", "lead",
                                           "source")]
    body = ([_tier(r.status), _e(date(r.deadline)), _e(label(DEADLINE_RULES, r.rule)), _e(r.days), _e(r.ref),
             _e(titles[G.nodes[r.item]["plan"]]), _e(r.text), _e("、".join(r.leads)),
             _e(r.source + (t("report.completed_by", by=r.completed_by) if r.completed_by else ""))] for r in shown)
    html_ = table(head, body, classes=["", "dg-date", "", "num", "dg-ref", "", "", "", "dg-nowrap"])
    more = _note(t("report.more_targets", n=len(dated) - len(shown))) if len(dated) > len(shown) else ""
    return _section("targets", t("report.targets"), summary, f"<ul>{legend}</ul>",
                    html_ if shown else _note(t("report.no_dated")), more)


def _progress(G: nx.MultiDiGraph) -> str:
    titles = plan_titles(G)
    statuses = item_statuses(G)
    parts = [table(
        [t(f"report.col.{c}") for c in ("item", "plan", "status", "status_rule", "as_of", "reported", "title")],
        ([_e(r.ref), _e(titles[G.nodes[r.item]["plan"]]), _e(label(STATUS, r.status)),
          _e(label(STATUS_RULES, r.rule) + (t("paren", text=f"“{r.evidence}”") if r.evidence else "")), _e(date(r.as_of)),
          _e(r.reported + (t("report.via", via=r.via) if r.via else "")), _e(r.title)] for r in statuses),
        classes=["dg-ref", "", "dg-nowrap", "", "dg-date", "dg-nowrap", ""],
    ) if statuses else _note(t("report.no_progress"))]
    parts.extend(_rounds(G))
    loose = references(G, unresolved=True)
    if loose:
        parts.append(_note(t("report.unresolved", n=len(loose))))
        parts.append(table([t(f"report.col.{c}") for c in ("row", "plan", "ref_text", "document", "item", "line")],
                           ([_e(r.ref), _e(titles[G.nodes[r.item]["plan"]]), _e(r.text), _e(r.doc_number),
                             _e(r.item_number), _e(r.source)] for r in loose),
                           classes=["dg-ref", "", "", "dg-nowrap", "dg-ref", "dg-nowrap"]))
    fixes = corrections_applied(G)
    if fixes:
        parts.append(_note(t("report.corrections", n=len(fixes))))
        parts.append(table([t(f"report.col.{c}") for c in ("item", "plan", "change", "before", "after", "correction")],
                           ([_e(c.ref), _e(titles[G.nodes[c.item]["plan"]]), _e(label(CORRECTION_OPS, c.op)),
                             _e(c.before), _e(c.after), _e(c.correction)] for c in fixes),
                           classes=["dg-ref", "", "", "", "", "dg-nowrap"]))
    return _section("progress", t("report.progress"), *parts)


_REVIEW_ROWS = 50
"""Doubtful facts listed in the report; ``dutygraph review`` lists all."""


def _review(G: nx.MultiDiGraph, options: ReportOptions) -> str:
    """The doubtful facts, most consequential first (:mod:`dutygraph.queries.review`)."""
    rows = doubtful_facts(G, as_of=options.as_of, warn_days=options.warn_days, notice_days=options.notice_days,
                          lead_weight=options.lead_weight, support_weight=options.support_weight)
    if not rows:
        return _section("review", t("report.review"), _note(t("report.review_none")))
    shown = rows[:_REVIEW_ROWS]
    body = [[_e(label(REVIEW["kind"], r.kind)), _e(r.fact), _e(r.issuer), _e(label(REVIEW["doubt"], r.doubt)),
             _e(label(REVIEW["consequence"], r.consequence) if r.consequence else ""), str(r.weight),
             _e(" ".join(r.sources[:3]))] for r in shown]
    head = [t(f"col.{c}") for c in ("kind", "fact", "issuer", "doubt", "consequence", "weight", "sources")]
    more = [_note(t("report.review_more", n=len(rows) - len(shown)))] if len(rows) > len(shown) else []
    return _section("review", t("report.review"), _note(t("report.review_note")),
                    table(head, body, classes=["", "", "", "", "", "num", "dg-nowrap"]), *more)


def _chains(G: nx.MultiDiGraph) -> str:
    """Tasks across levels (issue 25): the links, the tasks not taken up, the items carrying out
    nothing above; empty when no plan carries out another."""
    from dutygraph.graph.convert import from_networkx
    from dutygraph.labels import CHAIN_RULES, LEVELS
    from dutygraph.queries import chains as cq

    corpus = from_networkx(G)
    links, missing, orphans = cq.links(corpus), cq.unassigned(corpus), cq.orphans(corpus)
    if not links:
        return ""
    parts = [_note(t("report.chains_note", links=len(links), unassigned=len(missing), orphans=len(orphans))), table(
        [t(f"col.{c}") for c in ("higher_plan", "higher_ref", "higher_title", "lower_level", "lower_plan", "lower_ref",
                                 "lower_title", "lower_offices", "rule", "evidence", "confidence")],
        ([_e(r.higher_plan), _e(r.higher_ref), _e(r.higher_title), _e(label(LEVELS, r.lower_level)), _e(r.lower_plan),
          _e(r.lower_ref), _e(r.lower_title), _e(join(r.lower_offices)), _e(label(CHAIN_RULES, r.rule)),
          _e(r.evidence), _e(f"{r.confidence:.2f}")] for r in links),
        classes=["", "dg-ref", "", "dg-nowrap", "", "dg-ref", "", "", "dg-nowrap", "", "dg-nowrap"])]
    if missing:
        parts.append(f"<h3>{_e(t('chains.unassigned'))}</h3>")
        parts.append(table([t(f"col.{c}") for c in ("plan", "ref", "title", "offices", "missing_in", "source")],
                           ([_e(r.plan), _e(r.ref), _e(r.title), _e(join(r.offices)), _e(join(r.missing_in)),
                             _e(r.source)] for r in missing),
                           classes=["", "dg-ref", "", "", "", "dg-nowrap"]))
    if orphans:
        parts.append(f"<h3>{_e(t('chains.orphans'))}</h3>")
        parts.append(table([t(f"col.{c}") for c in ("plan", "ref", "title", "offices", "source")],
                           ([_e(r.plan), _e(r.ref), _e(r.title), _e(join(r.offices)), _e(r.source)] for r in orphans),
                           classes=["", "dg-ref", "", "", "dg-nowrap"]))
    return _section("chains", t("report.chains"), *parts)


def _rounds(G: nx.MultiDiGraph) -> list[str]:
    """The history of the items of plans reported on in more than one round, and who did not report."""
    from dutygraph.queries.rounds import rounds

    found = rounds(G)
    several = {p for p in {r.plan for r in found.rounds} if sum(r.plan == p for r in found.rounds) > 1}
    if not several:
        return []
    dates = {p: " → ".join(date(r.as_of) or "—" for r in found.rounds if r.plan == p) for p in several}
    parts = [_note(t("report.rounds", rounds=t("semicolon").join(f"{p}：{d}" for p, d in dates.items())))]
    parts.append(table(
        [t(f"report.col.{c}") for c in ("item", "plan", "title", "history", "lagging")],
        ([_e(h.place), _e(h.plan), _e(h.title),
          _e(" → ".join(label(STATUS, s) if s else t("rounds.not_reported") for s in h.statuses)),
          _e(h.lagging or "")] for h in found.items if h.plan in several),
        classes=["dg-ref", "", "", "", "dg-nowrap"]))
    missed = [o for o in found.offices if o.plan in several and o.missing]
    if missed:
        parts.append(_note(t("report.missing", n=len(missed))))
        parts.append(table([t(f"report.col.{c}") for c in ("office", "plan", "as_of", "missing")],
                           ([_e(o.office), _e(o.plan), _e(date(o.as_of)), _e("、".join(o.missing))] for o in missed),
                           classes=["dg-nowrap", "", "dg-date", ""]))
    return parts


def _title_block(G: nx.MultiDiGraph, options: ReportOptions, counts: str) -> str:
    """What a printed report opens with: title, issuer, date, 密级."""
    names = org_names(G)
    issuers = join(dict.fromkeys(names.get(o, o) for p in of_type(G, NodeKind.PLAN) for o in G.nodes[p]["issuers"]))
    rows = [(t("report.issuer"), issuers), (t("report.as_of"), date(options.as_of)),
            (t("report.made"), date(dt.date.today())), (t("report.scope"), counts)]
    secret = options.classification or t("report.classification_default")
    entries = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows)
    return (f'<div class="dg-title-block"><p class="dg-secret">{_e(t("report.classification", value=secret))}</p>'
            f"<h1>{_e(t('report.title'))}</h1><dl>{entries}</dl></div>")


def render_report(G: nx.MultiDiGraph, options: ReportOptions | None = None, **settings: object) -> str:
    """The report as one HTML file; ``settings`` are :class:`ReportOptions` fields (``as_of`` …)."""
    options = options or ReportOptions(**settings)  # type: ignore[arg-type]
    weights: dict[str, Any] = {"lead_weight": options.lead_weight, "support_weight": options.support_weight}
    rows = office_workload(G, include_collectives=options.include_collectives, **weights)
    if not options.across_issuers:
        rows = within_issuers(rows)
    collectives = [] if options.include_collectives else [
        r for r in office_workload(G, include_collectives=True, **weights) if r.kind == "collective"
    ]
    repeated = repeated_names(G)
    overloaded_html, flagged = _overloaded(rows, options)
    deps = fit(dependency_view(G, rule=options.rule, include_collectives=options.include_collectives,
                               across_issuers=options.across_issuers, **weights), G, max_nodes=options.max_nodes)
    plans = of_type(G, NodeKind.PLAN)
    items = sum(1 for i in of_type(G, NodeKind.ITEM) if not G.nodes[i].get("parent"))
    sections = [
        ("plans", _plans(G)),
        ("review", _review(G, options)),
        ("workload", _workload(rows, collectives, flagged, options, repeated)),
        ("concentration", _concentration(rows, options)),
        ("overloaded", overloaded_html),
        ("leaders", _leaders(G)),
        ("matrix", _matrix(G, rows, options, repeated)),
        ("targets", _targets(G, options)),
        ("progress", _progress(G)),
        *([("chains", chained)] if (chained := _chains(G)) else []),
        ("network", _section("network", t("report.network"),
                             '<h3 id="dg-heading"></h3><p id="dg-summary" class="dg-note"></p>'
                             '<div id="dg-notices"></div><!--widget-->')),
    ]
    counts = t("report.counts", plans=len(plans), items=items, offices=len(rows))
    nav = "".join(f'<a href="#{anchor}">{_e(t(f"report.nav.{anchor}"))}</a>' for anchor, _ in sections)
    body = (
        f'<header class="dg-header"><h1>{_e(t("report.title"))}</h1><p>{_e(counts)} · '
        f'{_e(t("report.as_of_short", date=date(options.as_of)))}</p></header>'
        f'<main class="dg-report">{_title_block(G, options, counts)}<nav>{nav}</nav>'
        f'{"".join(html_ for _, html_ in sections)}</main>'
    )
    css = (resources.files("dutygraph.viz") / "assets" / "report.css").read_text("utf-8")
    return document(t("report.title"), body, page_data(deps), extra_css=css)
