"""One offline page for a planner: plans and their warnings, workload, concentration, overload,
the office × office dependency matrix, targets by deadline tier, progress, and the dependency
network — in the language of :mod:`dutygraph.i18n`, and ready to print (a title block with the
issuer, the date and the 密级 line; one section a page; the network as a picture).

Every figure comes from the query functions (:mod:`~dutygraph.queries`), so the page says what
``dutygraph workload``, ``deps`` and ``targets`` say. Each section is plain data
(:mod:`~dutygraph.viz.parts`) drawn by the template ``report.html``, which escapes every
document text; the embedded network is the widget of :mod:`~dutygraph.viz.page`.

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
from collections import defaultdict
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
from dutygraph.viz.parts import Bar, Flagged, Heading, Matrix, MatrixCell, Network, Note, Part, Section, TierLegend, Warnings, \
    badge, table
from dutygraph.viz.views import MAX_NODES, dependency_view, fit, plan_titles, repeated_names
from dutygraph.viz.wording import metric_notes, overload_reason

__all__ = ["ReportOptions", "render_report"]


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


def _plans(G: nx.MultiDiGraph) -> Section:
    names = org_names(G)
    titles = plan_titles(G)
    no_lead, no_target = defaultdict(list), defaultdict(list)
    for row in items_without_lead(G):
        no_lead[G.nodes[row.item]["plan"]].append(row)
    for row in items_without_targets(G):
        no_target[G.nodes[row.item]["plan"]].append(row)
    rows: list[list[object]] = []
    warnings: list[Part] = []
    for plan in of_type(G, NodeKind.PLAN):
        node = G.nodes[plan]
        items = sum(1 for v in related(G, plan, Relation.HAS_ITEM) if not G.nodes[v].get("parent"))
        rows.append([titles[plan], "、".join(names.get(o) or o for o in node["issuers"]), node.get("year"),
                     label(PLAN_KINDS, node["kind"]), items, len(no_lead[plan]), len(no_target[plan]),
                     node["source"]["name"]])
        lines = [quality_line(q) for q in node.get("quality", ())]
        lines += [t("report.no_lead_line", ref=r.ref, title=r.title, source=r.source) for r in no_lead[plan]]
        if lines:
            warnings.append(Warnings(t("report.warnings", plan=titles[plan], n=len(lines)), lines))
    head = [t(f"report.col.{c}") for c in ("plan", "issuers", "year", "kind", "items", "no_lead", "no_target", "file")]
    return Section("plans", t("report.plans"), [
        table(head, rows, classes=["", "", "num", "", "num", "num", "num", "dg-nowrap"]),
        *(warnings or [Note(t("report.no_warnings"))])])


def _workload(rows: list[WorkloadRow], collectives: list[WorkloadRow], flagged: set[tuple[str, str]],
              options: ReportOptions, repeated: set[str]) -> Section:
    top = max((r.load for r in rows), default=0) or 1
    body: list[list[object]] = []
    classes, issuer = [], None
    for r in rows:
        if not options.across_issuers and r.issuer != issuer:
            issuer = r.issuer
            body.append([issuer, "", "", "", "", "", ""])
            classes.append("dg-issuer-row")
        name = r.office + t("paren", text=r.issuer) if r.office in repeated else r.office
        body.append([r.rank, name, r.leads, r.supports, f"{r.load:g}", f"{r.share:.1%}", Bar(round(160 * r.load / top))])
        classes.append("dg-over" if (r.office, r.issuer) in flagged else "")
    rank = t("col.rank") if options.across_issuers else t("col.rank_within")
    head = [rank, t("col.office"), t("col.leads"), t("col.supports"), t("col.load"), t("col.share"), ""]
    if options.across_issuers:
        head.insert(2, t("col.issuer"))
        body = [[*b[:2], r.issuer, *b[2:]] for b, r in zip(body, rows, strict=True)]
    legend = Note(t("report.workload_note", lead=f"{options.lead_weight:g}", support=f"{options.support_weight:g}")
                  + " " + t("report.fairness_across" if options.across_issuers else "report.fairness_within"))
    rest = [Note(t("report.collectives", names=join(f"{r.office} {r.leads + r.supports}" for r in collectives)))] \
        if collectives else []
    return Section("workload", t("report.workload"), [
        legend, table(head, body, classes=["num", "", "num", "num", "num", "num", ""], row_classes=classes), *rest])


def _concentration(rows: list[WorkloadRow], options: ReportOptions) -> Section:
    issuers = sorted({r.issuer for r in rows})
    scopes = [(issuer, [r for r in rows if r.issuer == issuer]) for issuer in issuers]
    if len(issuers) > 1 or not scopes:
        scopes.insert(0, (t("report.all_plans"), rows))
    body = []
    for name, scoped in scopes:
        c = concentration(scoped, top_k=options.top_k)
        body.append([name, c.offices, f"{c.total_load:g}", f"{c.gini:.3f}", f"{c.hhi:.3f}", f"{c.top_k_share:.1%}"])
    head = [t("report.col.scope"), t("col.office_count"), t("col.total_load"), t("col.gini"), t("col.hhi"),
            t("col.top_k_share", k=options.top_k)]
    return Section("concentration", t("report.concentration"), [
        table(head, body, classes=["", "num", "num", "num", "num", "num"]), Note(t("report.concentration_note")),
        *(Note(n) for n in metric_notes(["gini", "hhi", "top_k_share"]))])


def _overloaded(rows: list[WorkloadRow], options: ReportOptions) -> tuple[Section, set[tuple[str, str]]]:
    flagged = overloaded(rows, rule=options.rule, by_issuer=not options.across_issuers)
    why = [(r.office, t("paren", text=r.issuer) + t("colon") + overload_reason(r, rows)) for r in flagged]
    section = Section("overloaded", t("report.overloaded"), [
        Note(t("report.rule", rule=t(f"overload.rule.{options.rule}"))),
        Flagged(why) if why else Note(t("report.none_overloaded"))])
    return section, {(r.office, r.issuer) for r in flagged}


def _leaders(G: nx.MultiDiGraph) -> Section:
    rows = leader_workload(G)
    if not rows:
        return Section("leaders", t("report.leaders"), [Note(t("report.no_leaders"))])
    return Section("leaders", t("report.leaders"), [table(
        [t("col.leader"), t("col.issuer"), t("col.items"), t("col.offices_on"), t("col.targets")],
        ([r.leader, r.issuer, r.items, r.offices, r.targets] for r in rows),
        classes=["", "", "num", "num", "num"],
    )])


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


def _matrix(G: nx.MultiDiGraph, rows: list[WorkloadRow], options: ReportOptions, repeated: set[str]) -> Section:
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
    cells = []
    for i in range(len(chosen)):
        row = []
        for j in range(len(chosen)):
            count, title = shared.get((i, j), (0, ""))
            if i == j:
                row.append(MatrixCell(diagonal=True))
            elif count:
                alpha = 0.15 + 0.85 * count / top
                row.append(MatrixCell(count, f"{alpha:.2f}", "#fff" if alpha > 0.55 else "#222", title))
            else:
                row.append(MatrixCell())
        cells.append(row)
    total = sum(1 for r in rows if r.kind == "office")
    note = t("report.matrix_note", n=len(chosen)) + (t("report.matrix_of", total=total) if total > len(chosen) else "")
    return Section("matrix", t("report.matrix"), [Note(note), Matrix(names, cells)])


def _targets(G: nx.MultiDiGraph, options: ReportOptions) -> Section:
    rows = targets_by_deadline(G, as_of=options.as_of, warn_days=options.warn_days, notice_days=options.notice_days)
    titles = plan_titles(G)
    counts = join(f"{label(TIERS, s)} {sum(r.status == s for r in rows)}" for s in STATUSES)
    summary = Note(t("report.targets_summary", date=date(options.as_of), warn=options.warn_days,
                     notice=options.notice_days, counts=counts))
    legend = TierLegend([(badge(s), TIERS[s].meaning) for s in STATUSES])
    dated = [r for r in rows if r.status != "no_deadline"]
    shown = dated[: options.max_targets]
    head = [t(f"report.col.{c}") for c in ("tier", "deadline", "rule", "days", "item", "plan", "target", "lead",
                                           "source")]
    body = ([badge(r.status), date(r.deadline), label(DEADLINE_RULES, r.rule), r.days, r.ref,
             titles[G.nodes[r.item]["plan"]], r.text, "、".join(r.leads),
             r.source + (t("report.completed_by", by=r.completed_by) if r.completed_by else "")] for r in shown)
    listed = table(head, body, classes=["", "dg-date", "", "num", "dg-ref", "", "", "", "dg-nowrap"]) if shown \
        else Note(t("report.no_dated"))
    more = [Note(t("report.more_targets", n=len(dated) - len(shown)))] if len(dated) > len(shown) else []
    return Section("targets", t("report.targets"), [summary, legend, listed, *more])


def _progress(G: nx.MultiDiGraph) -> Section:
    titles = plan_titles(G)
    statuses = item_statuses(G)
    parts: list[Part] = [table(
        [t(f"report.col.{c}") for c in ("item", "plan", "status", "status_rule", "as_of", "reported", "title")],
        ([r.ref, titles[G.nodes[r.item]["plan"]], label(STATUS, r.status),
          label(STATUS_RULES, r.rule) + (t("paren", text=f"“{r.evidence}”") if r.evidence else ""), date(r.as_of),
          r.reported + (t("report.via", via=r.via) if r.via else ""), r.title] for r in statuses),
        classes=["dg-ref", "", "dg-nowrap", "", "dg-date", "dg-nowrap", ""],
    ) if statuses else Note(t("report.no_progress"))]
    parts.extend(_rounds(G))
    loose = references(G, unresolved=True)
    if loose:
        parts.append(Note(t("report.unresolved", n=len(loose))))
        parts.append(table([t(f"report.col.{c}") for c in ("row", "plan", "ref_text", "document", "item", "line")],
                           ([r.ref, titles[G.nodes[r.item]["plan"]], r.text, r.doc_number, r.item_number, r.source]
                            for r in loose),
                           classes=["dg-ref", "", "", "dg-nowrap", "dg-ref", "dg-nowrap"]))
    fixes = corrections_applied(G)
    if fixes:
        parts.append(Note(t("report.corrections", n=len(fixes))))
        parts.append(table([t(f"report.col.{c}") for c in ("item", "plan", "change", "before", "after", "correction")],
                           ([c.ref, titles[G.nodes[c.item]["plan"]], label(CORRECTION_OPS, c.op), c.before, c.after,
                             c.correction] for c in fixes),
                           classes=["dg-ref", "", "", "", "", "dg-nowrap"]))
    return Section("progress", t("report.progress"), parts)


_REVIEW_ROWS = 50
"""Doubtful facts listed in the report; ``dutygraph review`` lists all."""


def _review(G: nx.MultiDiGraph, options: ReportOptions) -> Section:
    """The doubtful facts, most consequential first (:mod:`dutygraph.queries.review`)."""
    rows = doubtful_facts(G, as_of=options.as_of, warn_days=options.warn_days, notice_days=options.notice_days,
                          lead_weight=options.lead_weight, support_weight=options.support_weight)
    if not rows:
        return Section("review", t("report.review"), [Note(t("report.review_none"))])
    shown = rows[:_REVIEW_ROWS]
    body = [[label(REVIEW["kind"], r.kind), r.fact, r.issuer, label(REVIEW["doubt"], r.doubt),
             label(REVIEW["consequence"], r.consequence) if r.consequence else "", r.weight,
             " ".join(r.sources[:3])] for r in shown]
    head = [t(f"col.{c}") for c in ("kind", "fact", "issuer", "doubt", "consequence", "weight", "sources")]
    more = [Note(t("report.review_more", n=len(rows) - len(shown)))] if len(rows) > len(shown) else []
    return Section("review", t("report.review"), [
        Note(t("report.review_note")), table(head, body, classes=["", "", "", "", "", "num", "dg-nowrap"]), *more])


def _chains(G: nx.MultiDiGraph) -> Section | None:
    """Tasks across levels (issue 25): the links, the tasks not taken up, the items carrying out
    nothing above; None when no plan carries out another."""
    from dutygraph.graph.convert import from_networkx
    from dutygraph.labels import CHAIN_RULES, LEVELS
    from dutygraph.queries import chains as cq

    corpus = from_networkx(G)
    links, missing, orphans = cq.links(corpus), cq.unassigned(corpus), cq.orphans(corpus)
    if not links:
        return None
    parts: list[Part] = [Note(t("report.chains_note", links=len(links), unassigned=len(missing), orphans=len(orphans))), table(
        [t(f"col.{c}") for c in ("higher_plan", "higher_ref", "higher_title", "lower_level", "lower_plan", "lower_ref",
                                 "lower_title", "lower_offices", "rule", "evidence", "confidence")],
        ([r.higher_plan, r.higher_ref, r.higher_title, label(LEVELS, r.lower_level), r.lower_plan, r.lower_ref,
          r.lower_title, join(r.lower_offices), label(CHAIN_RULES, r.rule), r.evidence, f"{r.confidence:.2f}"]
         for r in links),
        classes=["", "dg-ref", "", "dg-nowrap", "", "dg-ref", "", "", "dg-nowrap", "", "dg-nowrap"])]
    if missing:
        parts.append(Heading(t("chains.unassigned")))
        parts.append(table([t(f"col.{c}") for c in ("plan", "ref", "title", "offices", "missing_in", "source")],
                           ([r.plan, r.ref, r.title, join(r.offices), join(r.missing_in), r.source] for r in missing),
                           classes=["", "dg-ref", "", "", "", "dg-nowrap"]))
    if orphans:
        parts.append(Heading(t("chains.orphans")))
        parts.append(table([t(f"col.{c}") for c in ("plan", "ref", "title", "offices", "source")],
                           ([r.plan, r.ref, r.title, join(r.offices), r.source] for r in orphans),
                           classes=["", "dg-ref", "", "", "dg-nowrap"]))
    return Section("chains", t("report.chains"), parts)


def _rounds(G: nx.MultiDiGraph) -> list[Part]:
    """The history of the items of plans reported on in more than one round, and who did not report."""
    from dutygraph.queries.rounds import rounds

    found = rounds(G)
    several = {p for p in {r.plan for r in found.rounds} if sum(r.plan == p for r in found.rounds) > 1}
    if not several:
        return []
    dates = {p: " → ".join(date(r.as_of) or "—" for r in found.rounds if r.plan == p) for p in several}
    parts: list[Part] = [Note(t("report.rounds", rounds=t("semicolon").join(f"{p}：{d}" for p, d in dates.items())))]
    parts.append(table(
        [t(f"report.col.{c}") for c in ("item", "plan", "title", "history", "lagging")],
        ([h.place, h.plan, h.title, " → ".join(label(STATUS, s) if s else t("rounds.not_reported") for s in h.statuses),
          h.lagging] for h in found.items if h.plan in several),
        classes=["dg-ref", "", "", "", "dg-nowrap"]))
    missed = [o for o in found.offices if o.plan in several and o.missing]
    if missed:
        parts.append(Note(t("report.missing", n=len(missed))))
        parts.append(table([t(f"report.col.{c}") for c in ("office", "plan", "as_of", "missing")],
                           ([o.office, o.plan, date(o.as_of), "、".join(o.missing)] for o in missed),
                           classes=["dg-nowrap", "", "dg-date", ""]))
    return parts


def _title_rows(G: nx.MultiDiGraph, options: ReportOptions, counts: str) -> list[tuple[str, str]]:
    """What a printed report's title block lists under the title: issuer, date, made, scope."""
    names = org_names(G)
    issuers = join(dict.fromkeys(names.get(o, o) for p in of_type(G, NodeKind.PLAN) for o in G.nodes[p]["issuers"]))
    return [(t("report.issuer"), issuers), (t("report.as_of"), date(options.as_of)),
            (t("report.made"), date(dt.date.today())), (t("report.scope"), counts)]


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
    overloaded_section, flagged = _overloaded(rows, options)
    deps = fit(dependency_view(G, rule=options.rule, include_collectives=options.include_collectives,
                               across_issuers=options.across_issuers, **weights), G, max_nodes=options.max_nodes)
    plans = of_type(G, NodeKind.PLAN)
    items = sum(1 for i in of_type(G, NodeKind.ITEM) if not G.nodes[i].get("parent"))
    chains = _chains(G)
    sections = [
        _plans(G),
        _review(G, options),
        _workload(rows, collectives, flagged, options, repeated),
        _concentration(rows, options),
        overloaded_section,
        _leaders(G),
        _matrix(G, rows, options, repeated),
        _targets(G, options),
        _progress(G),
        *([chains] if chains else []),
        Section("network", t("report.network"), [Network()]),
    ]
    counts = t("report.counts", plans=len(plans), items=items, offices=len(rows))
    css = (resources.files("dutygraph.viz") / "assets" / "report.css").read_text("utf-8")
    return document("report.html", t("report.title"), page_data(deps), extra_css=css, sections=sections, counts=counts,
                    as_of=date(options.as_of), title_rows=_title_rows(G, options, counts),
                    secret=options.classification or t("report.classification_default"))
