"""Pages: ``dutygraph viz`` (the interactive network) and ``dutygraph report`` (one page for a planner)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from dutygraph.cli.app import cli, documents, write_output
from dutygraph.cli.choices import OVERLOAD_RULES
from dutygraph.cli.queries import deadline_options
from dutygraph.errors import UsageError
from dutygraph.i18n import t

if TYPE_CHECKING:
    from dutygraph.ontology.model import Corpus


def page_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Scope, weights, the overload rule and the node limit, shared by viz and report."""
    for option in reversed([
        click.option("--plan", "plan", help="Only this plan (plan id or source file name)."),
        click.option("--issuer", "for_issuer", help="Only plans of this issuer (organization id or name)."),
        click.option("--lead-weight", type=float, default=1.0, show_default=True, help="Weight of an item an office leads."),
        click.option("--support-weight", type=float, default=0.5, show_default=True,
                     help="Weight of an item an office supports."),
        click.option("--overload-rule", type=click.Choice(list(OVERLOAD_RULES)), default="mean+1.5sd", show_default=True,
                     help="How overloaded offices are flagged (as in `dutygraph workload`)."),
        click.option("--include-collectives", is_flag=True,
                     help="Count collectives (相关处室, 专班 …) as offices in the office network."),
        click.option("--across-issuers", is_flag=True,
                     help="Rank and flag all offices together; by default each issuer's among themselves."),
        click.option("--max-nodes", type=click.IntRange(min=2), default=1500, show_default=True,
                     help="Above this many nodes the network aggregates (items collapse into office–office edges)."),
        click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), required=True,
                     help="The HTML file to write."),
    ]):
        command = option(command)
    return command


def _scoped_graph(corpus: Corpus, plan: str | None, issuer: str | None) -> Any:
    """The graph of the plans --plan and --issuer select (all of them by default)."""
    from dutygraph.graph.convert import to_networkx
    from dutygraph.ontology.issuers import issuer_label
    from dutygraph.queries.scope import select_plans

    rows = [(p.id, p.source.name, p.issuers) for p in corpus.plans]
    orgs = {o.id: issuer_label(o.name, o.qualifier) for o in corpus.organizations}
    chosen = select_plans(rows, orgs, plan=plan, issuer=issuer)
    return to_networkx(corpus.model_copy(update={"plans": tuple(p for p in corpus.plans if p.id in chosen)}))


@cli.command()
@documents
@page_options
@click.option("--view", type=click.Choice(["full", "deps", "ego"]),
              help="full: plans, items, offices, leaders, targets; deps: offices only; ego: around --focus. "
                   "[default: ego with --focus, else full]")
@click.option("--focus", help="The office or leader at the centre of an ego view (any name the documents used).")
@click.option("--depth", type=click.IntRange(min=1), default=2, show_default=True, help="Steps out from --focus.")
def viz(corpus: Corpus, plan: str | None, for_issuer: str | None, lead_weight: float, support_weight: float,
        overload_rule: str, include_collectives: bool, across_issuers: bool, max_nodes: int, output: str,
        view: str | None, focus: str | None, depth: int) -> None:
    """Write the responsibility network as one interactive HTML file that needs no network.

    Views: the full responsibility network (shape and colour by kind, item → office edges by
    role); the office dependency network (edges weighted by shared items, lead → support arrows,
    node size by weighted load, overloaded offices ringed in red); an ego view around --focus.
    The page has a search box, filters by kind, plan, issuer and role, and shows a node's
    details and source lines on click. Physics stops once the layout settles; above
    --max-nodes the view aggregates and says so on the page.
    """
    from dutygraph.viz.page import render_page
    from dutygraph.viz.views import (
        dependency_view,
        ego_view,
        fit,
        focus_nodes,
        responsibility_view,
    )

    view = view or ("ego" if focus else "full")
    if view == "ego" and not focus:
        raise UsageError("usage.ego_needs_focus")
    G = _scoped_graph(corpus, plan, for_issuer)
    deps_options = {"lead_weight": lead_weight, "support_weight": support_weight, "rule": overload_rule,
                    "include_collectives": include_collectives, "across_issuers": across_issuers}
    base = dependency_view(G, **deps_options) if view == "deps" else responsibility_view(G)
    if focus:
        base = ego_view(base, focus_nodes(G, focus), depth)
    page = fit(base, G, max_nodes=max_nodes, **deps_options)
    write_output(render_page(page), output)
    click.echo(t("viz.wrote", path=output, heading=page.heading, nodes=page.graph.number_of_nodes(),
                 edges=page.graph.number_of_edges()) + "".join("\n  " + t("viz.note", text=n) for n in page.notices),
               err=True)


@cli.command()
@documents
@page_options
@deadline_options
@click.option("--top-k", type=click.IntRange(min=1), default=3, show_default=True, help="k of the top-k share.")
@click.option("--matrix-size", type=click.IntRange(min=2), default=25, show_default=True,
              help="Offices in the dependency matrix (the most loaded).")
@click.option("--classification", help="The 密级 line of the title block [default: 内部 (Internal)].")
def report(corpus: Corpus, plan: str | None, for_issuer: str | None, lead_weight: float, support_weight: float,
           overload_rule: str, include_collectives: bool, across_issuers: bool, max_nodes: int, output: str,
           as_of: dt.datetime | None, warn_days: int, notice_days: int, top_k: int, matrix_size: int,
           classification: str | None) -> None:
    """Write one offline HTML page for a planner.

    A title block (issuer, date, 密级); plans and their quality warnings; the workload table
    with bars, ranked within each issuer; concentration (Gini, HHI, top-k share); the
    overloaded offices and why; leaders; the office × office dependency matrix as a heat map;
    targets by deadline tier; progress (statuses, unresolved 来源, corrections); and the
    dependency network, searchable. Printed, each section starts a page and the network is a
    picture. The figures are those of `dutygraph workload`, `deps`, `targets` and `progress`
    with the same options.
    """
    from dutygraph.viz.report import ReportOptions, render_report

    G = _scoped_graph(corpus, plan, for_issuer)
    options = ReportOptions(
        as_of=as_of.date() if as_of else dt.date.today(), warn_days=warn_days, notice_days=notice_days,
        lead_weight=lead_weight,
        support_weight=support_weight, rule=overload_rule, top_k=top_k, include_collectives=include_collectives,
        matrix_size=matrix_size, max_nodes=max_nodes, across_issuers=across_issuers, classification=classification,
    )
    write_output(render_report(G, options), output)
    click.echo(t("wrote", path=output), err=True)
