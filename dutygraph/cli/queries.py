"""Query commands: workload, and the dependency, target and profile views over the graph."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click

from dutygraph.cli.app import cli, documents, documents_or_store
from dutygraph.cli.choices import OVERLOAD_RULES
from dutygraph.cli.engine import Engine, engine_options
from dutygraph.errors import UsageError
from dutygraph.labels import CORRECTION_OPS, TIERS, label
from dutygraph.output import OUTPUT_FORMATS, render, render_json, render_table

if TYPE_CHECKING:
    from dutygraph.ontology.model import Corpus


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
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True)
@click.option("--explain", is_flag=True, help="List the items (ref, role, file:line) behind each row.")
def workload(engine: Engine, lead_weight: float, support_weight: float, plan: str | None, for_issuer: str | None,
             include_collectives: bool, top_k: int, overload_rule: str, fmt: str, explain: bool) -> None:
    """Rank offices by weighted load and measure how concentrated the load is.

    Each (top-level item, office) pair counts once; sub-measures count for their item; the role
    is lead if the office leads the item or any sub-measure. load = lead weight × leads + support
    weight × supports; share = load / total load; equal loads share a rank. Over the offices
    with load > 0: Gini = mean absolute difference / (2 × mean load), HHI = sum of squared
    shares (0–1), top-k share = the k largest loads / total. Overloaded: load > mean + 1.5 × sd
    (population sd), or the ⌈n/10⌉ most loaded offices (top-decile, ties included).
    Collectives are reported on their own line and not counted unless --include-collectives.
    Leaders follow: the items each answers for (named on the item or its section), the offices
    and the targets on those items (networkx engine only).
    """
    from dutygraph.queries.workload import concentration, leader_workload, overloaded

    options: dict[str, Any] = {"lead_weight": lead_weight, "support_weight": support_weight, "plan": plan,
                               "issuer": for_issuer}
    rows = engine.run("workload", include_collectives=include_collectives, **options)
    conc = concentration(rows, top_k=top_k)
    flagged = overloaded(rows, rule=overload_rule)
    collectives = [] if include_collectives else [
        r for r in engine.run("workload", include_collectives=True, **options) if r.kind == "collective"
    ]
    leaders = [] if engine.cypher else [
        {k: v for k, v in dataclasses.asdict(r).items() if k != "leader_id" and (explain or k != "refs")}
        for r in leader_workload(engine.G, plan=plan, issuer=for_issuer)
    ]

    def as_dict(r: Any) -> dict[str, Any]:
        row = dataclasses.asdict(r)
        row.pop("party", None)
        if not explain:
            row.pop("items", None)
        elif fmt != "json":
            row["items"] = " ".join(f"{i.ref}({i.role}) {','.join(i.sources)}" for i in r.items)
        return row

    if fmt == "json":
        click.echo(render_json({
            "offices": [as_dict(r) for r in rows],
            "concentration": dataclasses.asdict(conc),
            "overloaded": [dataclasses.asdict(r) for r in flagged],
            "collectives_not_counted": [  # rank and share belong to the offices' ranking only
                {k: v for k, v in as_dict(r).items() if k not in ("rank", "share")} for r in collectives
            ],
            **({} if engine.cypher else {"leaders": leaders}),
        }))
        return
    table = [as_dict(r) for r in rows]
    if fmt == "csv":
        click.echo(render(table, fmt), nl=False)
        return
    if fmt == "table":
        for row in table:
            row["share"] = f"{row['share']:.1%}"
    click.echo(f"load = {lead_weight:g} × leads + {support_weight:g} × supports (one count per item); "
               f"--explain lists the items behind each row\n")
    click.echo(render(table, fmt))
    click.echo(f"\nconcentration: offices {conc.offices}  total load {conc.total_load:g}  gini {conc.gini:.3f}"
               f"  hhi {conc.hhi:.3f}  top-{conc.top_k} share {conc.top_k_share:.1%}")
    click.echo(f"overloaded ({overload_rule}): "
               + ("; ".join(f"{r.office} — {r.reason}" for r in flagged) if flagged else "none"))
    if collectives:
        click.echo("collectives (not counted): "
                   + "、".join(f"{r.office} {r.leads + r.supports}" for r in collectives))
    if leaders:
        click.echo("\nleaders (items answered for, offices and targets on them)\n" + render_table(leaders))


def scope_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--plan, --issuer, --include-collectives and --format, shared by the query commands."""
    for option in reversed([
        click.option("--plan", "plan", help="Only this plan (plan id or source file name)."),
        click.option("--issuer", "for_issuer", help="Only plans of this issuer (organization id or name)."),
        click.option("--include-collectives", is_flag=True,
                     help="Treat collectives (相关处室, 专班 …) as parties alongside offices."),
        click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True),
    ]):
        command = option(command)
    return command


def _sources(items: Sequence[Any]) -> str:
    """``ref file:line,…`` per item, for --explain in tables and CSV."""
    return " ".join(i if isinstance(i, str) else f"{i.ref}@{','.join(i.sources)}" for i in items)


def _rows(rows: Sequence[Any], fmt: str, *, explain: bool, drop: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Dataclass rows as dicts: ids dropped, ``items`` kept with --explain (flattened unless JSON)."""
    out = []
    for r in rows:
        row = {k: v for k, v in dataclasses.asdict(r).items() if k not in drop}
        if isinstance(row.get("items"), (list, tuple)):
            if not explain:
                row.pop("items")
            elif fmt != "json":
                row["items"] = _sources(r.items)
        out.append(row)
    return out


def _emit(parts: dict[str, tuple[str, list[dict[str, Any]]]], fmt: str, notes: Sequence[str] = ()) -> None:
    """Several titled tables (table), one object (json), or the single asked-for part (csv)."""
    if fmt == "json":
        click.echo(render_json({key: rows for key, (_, rows) in parts.items()}))
        return
    if fmt == "csv":
        if len(parts) != 1:
            raise UsageError(f"--format csv writes one table: choose one with --show ({', '.join(parts)})")
        [(_, rows)] = parts.values()
        click.echo(render(rows, "csv"), nl=False)
        return
    for i, (title, rows) in enumerate(parts.values()):
        click.echo(("\n" if i else "") + f"{title}\n" + render_table(rows, shorten_columns=SHORTEN))
    for note in notes:
        click.echo(note)


SHORTEN = {"text": 44, "title": 30, "partners": 40, "offices": 60, "supports": 30, "leads": 20,
           "old_title": 24, "new_title": 24, "old_leads": 16, "new_leads": 16, "evidence": 16,
           "rule": 36}
"""Terminal-table widths of long text columns (JSON and CSV keep the full text)."""

DEPS_PARTS = ("pairs", "edges", "centrality", "brokers", "components", "communities", "groups")


@cli.command()
@documents_or_store
@engine_options
@scope_options
@click.option("--show", "show", multiple=True, type=click.Choice(DEPS_PARTS),
              help="Parts to print (repeatable); default: all but centrality.")
@click.option("--groups", "groups_file", type=click.Path(path_type=str),
              help="TOML/YAML office grouping for the group matrix ([groups] 名 = [offices]); default: by issuer.")
@click.option("--top", type=click.IntRange(min=0), default=None,
              help="Rows per part; default 15 in tables, all in JSON/CSV; 0 = all.")
@click.option("--resolution", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
              help="Louvain resolution (above 1: smaller communities).")
@click.option("--explain", is_flag=True, help="List the items (ref@file:line) behind every pair and edge.")
def deps(engine: Engine, plan: str | None, for_issuer: str | None, include_collectives: bool, fmt: str,
         show: tuple[str, ...], groups_file: str | None, top: int | None, resolution: float, explain: bool) -> None:
    """Which offices must work together, who depends on whom, and who sits in the middle.

    \b
    pairs        offices assigned to a common item: shared = items in common; newman = Σ 1/(k−1)
                 over them, k = offices on the item (a 2-office item adds 1, a 10-office item 1/9)
    edges        lead → support: the lead of an item (or sub-measure) depends on each supporter
    centrality   degree (partners), strength (Σ newman), betweenness (share of shortest paths
                 between other offices through it, hops), Burt's constraint (1 = no brokerage)
    brokers      articulation points (cut_off = offices cut off if it goes) and offices with
                 betweenness > 0; ranked by cut_off, betweenness, then constraint
    components   connected parts, largest first
    communities  Louvain on newman weights (fixed seed: reruns agree), with the modularity
    groups       links summed per pair of groups (issuer, or --groups FILE)
    Each item counts once per pair; sub-measures count for their item. With --engine cypher,
    Neo4j counts the pairs, edges and loads; the network measures run here on those rows.
    """
    from dutygraph.queries import dependencies as dep
    from dutygraph.queries import network as nw

    scope = {"plan": plan, "issuer": for_issuer, "include_collectives": include_collectives}
    chosen = show or tuple(p for p in DEPS_PARTS if p != "centrality")
    limit = (15 if fmt == "table" else 0) if top is None else top
    pairs = engine.run("pairs", **scope)
    net = dep.network_of(engine.run("workload", **scope), pairs)
    notes: list[str] = []
    found: dict[str, tuple[str, list[Any]]] = {}
    if "pairs" in chosen:
        found["pairs"] = ("offices sharing items (shared = items; newman = Σ 1/(k−1))",
                          pairs)
    if "edges" in chosen:
        found["edges"] = ("lead → support (lead depends on support; count = items)", engine.run("edges", **scope))
    if "centrality" in chosen:
        found["centrality"] = ("centrality (betweenness over hops; constraint: Burt, newman weights)",
                               nw.centrality(net))
    if "brokers" in chosen:
        found["brokers"] = ("brokers (articulation points, betweenness > 0)", nw.brokers(net))
    if "components" in chosen:
        found["components"] = ("connected components", nw.components(net))
    if "communities" in chosen:
        found["communities"] = ("communities (Louvain, newman weights)", nw.communities(net, resolution=resolution))
    if "groups" in chosen:
        groups: dict[str, str] | None = None
        if groups_file:
            groups, unknown = nw.load_groups(groups_file, net)
            if unknown:
                notes.append(f"groups: {groups_file} names offices not in scope: {'、'.join(unknown)}")
        found["groups"] = (f"group × group ({'by ' + groups_file if groups_file else 'by issuer'})",
                           nw.group_matrix(net, groups))
    ids = ("a", "b", "lead_id", "support_id", "party", "parties")
    parts = {}
    for key, (title, rows) in found.items():
        shown = rows[:limit] if limit else rows
        if len(shown) < len(rows):
            title += f" — top {len(shown)} of {len(rows)}"
        parts[key] = (title, _rows(shown, fmt, explain=explain, drop=ids))
    _emit(parts, fmt, notes)


TARGET_PARTS = ("deadline", "office", "no-target", "no-lead")


@cli.command()
@documents_or_store
@engine_options
@scope_options
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The date deadlines are judged on (YYYY-MM-DD); default: today.")
@click.option("--warn-days", type=click.IntRange(min=0), default=7, show_default=True,
              help="Days ahead that are due (临期).")
@click.option("--notice-days", type=click.IntRange(min=0), default=30, show_default=True,
              help="Days ahead that are upcoming (the second 临期 tier).")
@click.option("--show", "show", multiple=True, type=click.Choice(TARGET_PARTS),
              help="Parts to print (repeatable); default: all.")
@click.option("--explain", is_flag=True,
              help="Add ids, metrics, what completed an item, and the corrections applied.")
def targets(engine: Engine, plan: str | None, for_issuer: str | None, include_collectives: bool, fmt: str,
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
    scope = {"plan": plan, "issuer": for_issuer}
    days = {"warn_days": warn_days, "notice_days": notice_days}
    chosen = show or (("deadline",) if engine.cypher else TARGET_PARTS)
    drop = () if explain else ("item", "target", "party", "metric", "comparator", "share", "completed_by")
    parts: dict[str, tuple[str, list[Any]]] = {}
    if "deadline" in chosen:
        rows = engine.run("targets", as_of=day, **days, **scope)
        counts = ", ".join(f"{label(TIERS, s)} {sum(r.status == s for r in rows)}" for s in tq.STATUSES)
        parts["deadline"] = (f"targets on {day.isoformat()} (due: within {warn_days} days, upcoming: within "
                             f"{notice_days}): {counts}", rows)
    if "office" in chosen:
        parts["office"] = ("targets per office", tq.targets_by_office(engine.G, as_of=day, **days, **scope))
    if "no-target" in chosen:
        parts["no-target"] = ("items without a target", tq.items_without_targets(engine.G, **scope))
    if "no-lead" in chosen:
        parts["no-lead"] = ("items without a lead office", tq.items_without_lead(engine.G, **scope))
    shown = {k: (title, _rows(rows, fmt, explain=explain, drop=drop)) for k, (title, rows) in parts.items()}
    if fmt == "table" and "deadline" in shown:
        for row in shown["deadline"][1]:
            row["status"] = label(TIERS, row["status"])
    notes = []
    if explain and not engine.cypher:
        notes = [f"corrected: {c.ref}@{c.plan}: {label(CORRECTION_OPS, c.op)} {c.before or '—'} → {c.after or '—'}"
                 f" ({c.correction})" for c in corrections_applied(engine.G, **scope)]
    _emit(shown, fmt, notes)


def _profile_parts(profile: Any, fmt: str, explain: bool) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    drop = () if explain else ("item", "title")
    items = [{k: v for k, v in dataclasses.asdict(i).items() if k not in drop} for i in profile.items]
    parts = {"items": ("items", items)}
    if hasattr(profile, "partners"):
        parts["partners"] = ("partners (leads_it: it leads, this office supports; led_by_it: the reverse)",
                             [dataclasses.asdict(p) for p in profile.partners])
    else:
        parts["offices"] = ("offices on these items",
                            [{"office": o, "leads": lead, "supports": sup} for o, lead, sup in profile.offices])
    parts["targets"] = ("targets", [dataclasses.asdict(t) for t in profile.targets])
    return parts


def _show_profiles(profiles: Sequence[Any], fmt: str, explain: bool) -> None:
    if fmt == "json":
        click.echo(render_json([dataclasses.asdict(p) for p in profiles]))
        return
    for n, profile in enumerate(profiles):
        parts = _profile_parts(profile, fmt, explain)
        if fmt == "csv":
            click.echo(render(parts["items"][1], "csv"), nl=False)
            continue
        if n:
            click.echo("\n" + "=" * 40)
        if hasattr(profile, "partners"):
            click.echo(f"{profile.office} — {profile.issuer} ({profile.kind})"
                       + (f"; written as {'、'.join(profile.written_as)}" if profile.written_as else ""))
            click.echo(f"leads {profile.leads}, supports {profile.supports}; "
                       f"leaders over its items: {'、'.join(profile.leaders) or 'none named'}\n")
        else:
            click.echo(f"{profile.leader} — {profile.issuer} ({'、'.join(profile.labels)})")
            click.echo(f"items {len(profile.items)} (item: named on the item; section: on its section)\n")
        _emit(parts, "table")


@cli.command()
@click.argument("name")
@documents
@click.option("--plan", "plan", help="Only this plan (plan id or source file name).")
@click.option("--issuer", "for_issuer", help="Only the office of this issuer (organization id or name).")
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True,
              help="csv writes the items table.")
@click.option("--explain", is_flag=True, help="Add item titles and ids.")
def office(corpus: Corpus, name: str, plan: str | None, for_issuer: str | None, fmt: str, explain: bool) -> None:
    """Everything about one office: items and roles, partners, leaders, targets, source lines.

    NAME is the office as written (基础教育处), folded (与/和), or an abbreviation the documents
    used (基教处). Role: lead if it leads the item or a sub-measure. Partners: offices sharing
    items (shared, newman = Σ 1/(k−1)) and the lead → support edges between the two.
    """
    from dutygraph.graph.convert import to_networkx
    from dutygraph.queries.profiles import office_profiles

    _show_profiles(office_profiles(to_networkx(corpus), name, issuer=for_issuer, plan=plan), fmt, explain)


@cli.command()
@click.argument("name")
@documents
@click.option("--plan", "plan", help="Only this plan (plan id or source file name).")
@click.option("--issuer", "for_issuer", help="Only the leader of this issuer (organization id or name).")
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True,
              help="csv writes the items table.")
@click.option("--explain", is_flag=True, help="Add item titles and ids.")
def leader(corpus: Corpus, name: str, plan: str | None, for_issuer: str | None, fmt: str, explain: bool) -> None:
    """Everything about one leader: the items answered for, the offices on them, their targets.

    A leader answers for an item named on it (or a sub-measure), or on its section or an
    enclosing one (role: item or section); sources are the lines naming the leader.
    """
    from dutygraph.graph.convert import to_networkx
    from dutygraph.queries.profiles import leader_profiles

    _show_profiles(leader_profiles(to_networkx(corpus), name, issuer=for_issuer, plan=plan), fmt, explain)
