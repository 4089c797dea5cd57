"""Query commands: workload, and the dependency, target and profile views over the graph."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click

from dutygraph.cli.app import cli, documents_or_store
from dutygraph.cli.choices import OVERLOAD_RULES
from dutygraph.cli.emit import Out, Part, output_options
from dutygraph.cli.engine import Engine, engine_options
from dutygraph.i18n import date, join, t
from dutygraph.labels import CORRECTION_OPS, DEADLINE_RULES, PARTY_KINDS, ROLES, TIERS, label

if TYPE_CHECKING:
    from dutygraph.ontology.model import Corpus

WORKLOAD_LABELS = {"kind": PARTY_KINDS, "role": ROLES}


def plan_names(corpus: Corpus | None) -> dict[str, str]:
    """Plan source name → title (tables and workbooks name plans by title)."""
    return {p.source.name: p.title for p in corpus.plans} if corpus else {}


@cli.command()
@documents_or_store
@engine_options
@click.option("--lead-weight", type=float, default=1.0, show_default=True, help="Weight of an item the office leads.")
@click.option("--support-weight", type=float, default=0.5, show_default=True, help="Weight of an item the office supports.")
@click.option("--plan", "plan", help="Count only this plan (plan id or source file name).")
@click.option("--issuer", "for_issuer", help="Count only plans of this issuer (organization id or name).")
@click.option("--include-collectives", is_flag=True, help="Rank collectives (相关处室, 专班 …) alongside offices.")
@click.option("--top-k", type=click.IntRange(min=1), default=3, show_default=True, help="k of the top-k share.")
@click.option("--overload-rule", type=click.Choice(list(OVERLOAD_RULES)), default="mean+1.5sd",
              show_default=True, help="How overloaded offices are flagged.")
@click.option("--across-issuers", is_flag=True,
              help="Rank and flag all offices together; by default each issuer's offices among themselves.")
@output_options(xlsx=True)
@click.option("--explain", is_flag=True, help="List the items (ref, role, file:line) behind each row.")
def workload(engine: Engine, lead_weight: float, support_weight: float, plan: str | None, for_issuer: str | None,
             include_collectives: bool, top_k: int, overload_rule: str, across_issuers: bool, out: Out,
             explain: bool) -> None:
    """Rank offices by weighted load and measure how concentrated the load is.

    Each (top-level item, office) pair counts once; sub-measures count for their item; the role
    is lead if the office leads the item or any sub-measure. load = lead weight × leads + support
    weight × supports; share = load / total load; equal loads share a rank. Over the offices
    with load > 0: Gini = mean absolute difference / (2 × mean load), HHI = sum of squared
    shares (0–1), top-k share = the k largest loads / total. Overloaded: load > mean + 1.5 × sd
    (population sd), or the ⌈n/10⌉ most loaded offices (top-decile, ties included).
    Ranks, shares and the overloaded offices are computed within each issuer (a province's 处
    are not ranked against a city's 科) unless --across-issuers.
    Collectives are reported on their own line and not counted unless --include-collectives.
    Leaders follow: the items each answers for (named on the item or its section), the offices
    and the targets on those items (networkx engine only).
    """
    from dutygraph.ontology.bodies import shown_kind
    from dutygraph.queries.workload import concentration, overloaded, rerank, within_issuers
    from dutygraph.viz.wording import metric_notes, overload_reason

    options: dict[str, Any] = {"lead_weight": lead_weight, "support_weight": support_weight, "plan": plan,
                               "issuer": for_issuer}
    everyone = engine.run("workload", include_collectives=True, items=explain, **options)  # the collectives too
    rows = everyone if include_collectives else rerank([r for r in everyone if r.kind == "office"])
    collectives = [] if include_collectives else [r for r in everyone if r.kind == "collective"]
    if not across_issuers:
        rows = within_issuers(rows)
    conc = concentration(rows, top_k=top_k)
    flagged = overloaded(rows, rule=overload_rule, by_issuer=not across_issuers)
    out.plans = engine.plan_titles()
    leaders = [] if engine.cypher else [
        {k: v for k, v in plain(r).items() if k != "leader_id" and (explain or k != "refs")}
        for r in engine.leaders(plan=plan, issuer=for_issuer)
    ]

    def as_dict(r: Any) -> dict[str, Any]:
        row = plain(r, drop=("party",) if explain else ("party", "items"))
        if explain and out.fmt != "json":
            row["items"] = " ".join(f"{i.ref}({i.role}) {','.join(i.sources)}" for i in r.items)
        return row

    table = [as_dict(r) for r in rows]
    if out.fmt in ("json", "csv"):
        out.parts({"offices": Part("", table)}, json={
            "offices": table,
            "concentration": plain(conc),
            "overloaded": [plain(r) for r in flagged],
            "collectives_not_counted": [  # rank and share belong to the offices' ranking only
                {k: v for k, v in as_dict(r).items() if k not in ("rank", "share")} for r in collectives
            ],
            **({} if engine.cypher else {"leaders": leaders}),
        })
        return
    for i, row in enumerate(table):
        row["share"] = f"{row['share']:.1%}"
        row["kind"] = shown_kind(row["kind"], row["office"], row["issuer"])
        if not across_issuers:
            table[i] = {("rank_within" if k == "rank" else k): v for k, v in row.items()}
    parts = {"offices": Part(t("workload.formula", lead=f"{lead_weight:g}", support=f"{support_weight:g}") + t("semicolon")
                             + t("workload.fairness_across" if across_issuers else "workload.fairness_within"),
                             table, WORKLOAD_LABELS)}
    if out.fmt == "xlsx":
        parts["overloaded"] = Part("", [{"office": r.office, "issuer": r.issuer, "load": r.load,
                                         "reason": overload_reason(r, rows)} for r in flagged])
        if leaders:
            parts["leaders"] = Part("", leaders)
        out.parts(parts)
        return
    scopes = sorted({r.issuer for r in rows})
    lines = [t("workload.concentration", scope=t("workload.all") if len(scopes) > 1 else scopes[0] if scopes else "",
               offices=conc.offices, total=f"{conc.total_load:g}", gini=f"{conc.gini:.3f}", hhi=f"{conc.hhi:.3f}",
               k=conc.top_k, top=f"{conc.top_k_share:.1%}")]
    if len(scopes) > 1:
        for issuer in scopes:
            c = concentration([r for r in rows if r.issuer == issuer], top_k=top_k)
            lines.append(t("workload.concentration", scope=issuer, offices=c.offices, total=f"{c.total_load:g}",
                           gini=f"{c.gini:.3f}", hhi=f"{c.hhi:.3f}", k=c.top_k, top=f"{c.top_k_share:.1%}"))
    lines += metric_notes(["gini", "hhi", "top_k_share"])
    lines.append(t("workload.overloaded", rule=overload_rule)
                 + (t("semicolon").join(f"{r.office}{t('paren', text=r.issuer)} — {overload_reason(r, rows)}"
                                         for r in flagged)
                    if flagged else t("none")))
    if collectives:
        lines.append(t("workload.collectives", names=join(f"{r.office} {r.leads + r.supports}" for r in collectives)))
    if leaders:
        parts["leaders"] = Part(t("workload.leaders"), leaders)
        parts["offices"].notes = ["", *lines]
        lines = []
    out.parts(parts, lines)


def scope_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--plan, --issuer and --include-collectives, shared by the query commands."""
    for option in reversed([
        click.option("--plan", "plan", help="Only this plan (plan id or source file name)."),
        click.option("--issuer", "for_issuer", help="Only plans of this issuer (organization id or name)."),
        click.option("--include-collectives", is_flag=True,
                     help="Treat collectives (相关处室, 专班 …) as parties alongside offices."),
    ]):
        command = option(command)
    return command


def deadline_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--as-of, --warn-days and --notice-days: the day deadlines are judged on and the two 临期
    tiers, shared by targets, ledger and report."""
    for option in reversed([
        click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                     help="The date deadlines are judged on (YYYY-MM-DD); default: today."),
        click.option("--warn-days", type=click.IntRange(min=0), default=7, show_default=True,
                     help="A target is due (临期) when its deadline is at most this many days after --as-of."),
        click.option("--notice-days", type=click.IntRange(min=0), default=30, show_default=True,
                     help="A target is upcoming (the second 临期 tier) within this many days."),
    ]):
        command = option(command)
    return command


def _sources(items: Sequence[Any]) -> str:
    """``ref file:line,…`` per item, for --explain in tables and CSV."""
    return " ".join(i if isinstance(i, str) else f"{i.ref}@{','.join(i.sources)}" for i in items)


def plain(row: Any, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """A dataclass row as a dict, its fields but ``drop``; only the values that are dataclasses
    (or sequences of them) are turned into dicts — no deep copy of everything else."""
    out = {}
    for f in dataclasses.fields(row):
        if f.name in drop:
            continue
        value = getattr(row, f.name)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            value = dataclasses.asdict(value)
        elif isinstance(value, (list, tuple)) and value and dataclasses.is_dataclass(value[0]):
            value = [dataclasses.asdict(v) for v in value]
        out[f.name] = value
    return out


def _rows(rows: Sequence[Any], fmt: str, *, explain: bool, drop: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Dataclass rows as dicts: ids dropped, ``items`` kept with --explain (flattened unless JSON)."""
    out = []
    for r in rows:
        items = getattr(r, "items", None)
        listed = isinstance(items, (list, tuple))
        row = plain(r, drop=drop + (("items",) if listed and (not explain or fmt != "json") else ()))
        if listed and explain and fmt != "json":
            row["items"] = _sources(r.items)
        out.append(row)
    return out


TARGET_PARTS = ("deadline", "office", "no-target", "no-lead")


@cli.command()
@documents_or_store
@engine_options
@scope_options
@output_options(xlsx=True)
@deadline_options
@click.option("--show", "show", multiple=True, type=click.Choice(TARGET_PARTS),
              help="Parts to print (repeatable); default: all.")
@click.option("--explain", is_flag=True,
              help="Add ids, metrics, what completed an item, and the corrections applied.")
def targets(engine: Engine, plan: str | None, for_issuer: str | None, include_collectives: bool, out: Out,
            as_of: dt.datetime | None, warn_days: int, notice_days: int, show: tuple[str, ...],
            explain: bool) -> None:
    """Targets by deadline tier and by office; items without a target or without a lead office.

    \b
    tier         completed: the item is reported completed (never overdue); overdue: the
                 deadline is before --as-of; due: within --warn-days; upcoming: within
                 --notice-days; later (on schedule); no_deadline: none stated or implied
    rule         explicit (stated), plan_year (an annual plan's item: the end of its year),
                 horizon (the end of a stated period), corrected, schedule (每季度: next date)
    days         deadline − as-of, negative once passed
    office       targets on the items an office is assigned to (lead or support), by tier
    no-target    top-level items with no target on the item or any sub-measure
    no-lead      top-level items no office leads (collectives do not count)
    Every row carries its source (file:line). With --engine cypher only the deadline part
    has a Cypher twin.
    """
    from dutygraph.queries import targets as tq
    from dutygraph.queries.progress import corrections_applied

    day = (as_of or dt.datetime.now()).date()
    scope: dict[str, Any] = {"plan": plan, "issuer": for_issuer}
    days: dict[str, Any] = {"warn_days": warn_days, "notice_days": notice_days}
    chosen = show or (("deadline",) if engine.cypher else TARGET_PARTS)
    drop = () if explain else ("item", "target", "party", "metric", "comparator", "share", "completed_by")
    parts: dict[str, tuple[str, list[Any]]] = {}
    if "deadline" in chosen:
        rows = engine.run("targets", as_of=day, **days, **scope)
        counts = join(f"{label(TIERS, s)} {sum(r.status == s for r in rows)}" for s in tq.STATUSES)
        parts["deadline"] = (t("targets.deadline", date=date(day), warn=warn_days, notice=notice_days,
                               counts=counts), rows)
    if "office" in chosen:
        parts["office"] = (t("targets.office"), tq.targets_by_office(engine.G, as_of=day, **days, **scope))
    if "no-target" in chosen:
        parts["no-target"] = (t("targets.no_target"), tq.items_without_targets(engine.G, **scope))
    if "no-lead" in chosen:
        parts["no-lead"] = (t("targets.no_lead"), tq.items_without_lead(engine.G, **scope))
    labels = {"status": {s: label(TIERS, s) for s in tq.STATUSES}, "rule": DEADLINE_RULES}
    shown = {k: Part(title, _rows(rows, out.fmt, explain=explain, drop=drop), labels) for k, (title, rows) in parts.items()}
    notes = []
    if explain and not engine.cypher:
        notes = [t("targets.corrected", ref=c.ref, plan=c.plan, op=label(CORRECTION_OPS, c.op), before=c.before or "—",
                   after=c.after or "—", correction=c.correction) for c in corrections_applied(engine.G, **scope)]
    out.plans = engine.plan_titles()
    out.parts(shown, notes)
