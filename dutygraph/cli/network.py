"""``dutygraph deps``: which offices must work together, and who sits in the middle.

Tables and workbooks speak a planner's language: a broker is a key hub office (关键枢纽处室)
with the offices that would lose contact named, a community is named by its most central
members, and every metric is explained under its table. JSON and CSV keep the rows' fields.
"""

from __future__ import annotations

import dataclasses

from typing import Any

import click

from dutygraph.cli.app import cli, documents_or_store
from dutygraph.cli.emit import Out, Part, output_options
from dutygraph.cli.engine import Engine, engine_options
from dutygraph.cli.queries import _rows, scope_options
from dutygraph.i18n import join, t

__all__ = ["DEPS_PARTS", "deps"]

DEPS_PARTS = ("pairs", "edges", "centrality", "brokers", "components", "communities", "groups")
METRICS = {"pairs": ["shared", "newman"], "centrality": ["degree", "strength", "betweenness", "constraint"],
           "brokers": ["cut_off", "betweenness", "constraint"], "communities": ["modularity", "internal_weight"],
           "groups": ["shared", "newman"]}
"""The metrics each part shows, explained under its table."""


@cli.command()
@documents_or_store
@engine_options
@scope_options
@output_options(xlsx=True)
@click.option("--show", "show", multiple=True, type=click.Choice(DEPS_PARTS),
              help="Parts to print (repeatable); default: all but centrality.")
@click.option("--groups", "groups_file", type=click.Path(path_type=str),
              help="TOML/YAML office grouping for the group matrix ([groups] 名 = [offices]); default: by issuer.")
@click.option("--top", type=click.IntRange(min=0), default=None,
              help="Rows per part; default 15 in tables, all in JSON/CSV/xlsx; 0 = all.")
@click.option("--resolution", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
              help="Louvain resolution (above 1: smaller communities).")
@click.option("--across-issuers", is_flag=True,
              help="Rank the key hub offices (brokers) of all issuers together; by default each issuer's "
                   "among themselves.")
@click.option("--explain", is_flag=True, help="List the items (ref@file:line) behind every pair and edge.")
def deps(engine: Engine, plan: str | None, for_issuer: str | None, include_collectives: bool, out: Out,
         show: tuple[str, ...], groups_file: str | None, top: int | None, resolution: float, across_issuers: bool,
         explain: bool) -> None:
    """Which offices must work together, who depends on whom, and who sits in the middle.

    \b
    pairs        offices assigned to a common item: shared = items in common; newman = Σ 1/(k−1)
                 over them, k = offices on the item (a 2-office item adds 1, a 10-office item 1/9)
    edges        lead → support: the lead of an item (or sub-measure) depends on each supporter
    centrality   degree (partners), strength (Σ newman), betweenness (share of shortest paths
                 between other offices through it, hops), Burt's constraint (1 = no brokerage)
    brokers      key hub offices: articulation points (cut_off = offices that lose contact if
                 it is missing, named in the reason) and offices with betweenness > 0; ranked
                 by cut_off, betweenness, then constraint
    components   connected parts, largest first
    communities  Louvain on newman weights (fixed seed: reruns agree), with the modularity;
                 tables name each by its most central members
    groups       links summed per pair of groups (issuer, or --groups FILE)
    Brokers are ranked within their issuer (rank: 1 is each issuer's first) unless --across-issuers.
    Each item counts once per pair; sub-measures count for their item. With --engine cypher,
    Neo4j counts the pairs, edges and loads; the network measures run here on those rows.
    """
    from dutygraph.queries import dependencies as dep
    from dutygraph.queries import network as nw
    from dutygraph.viz.wording import broker_reason, community_name, metric_notes

    scope = {"plan": plan, "issuer": for_issuer, "include_collectives": include_collectives}
    chosen = show or tuple(p for p in DEPS_PARTS if p != "centrality")
    people = out.fmt in ("table", "xlsx")
    limit = (15 if out.fmt == "table" else 0) if top is None else top
    pairs = engine.run("pairs", **scope)
    net = dep.network_of(engine.run("workload", **scope), pairs)
    notes: list[str] = []
    found: dict[str, list[Any]] = {}
    if "pairs" in chosen:
        found["pairs"] = pairs
    if "edges" in chosen:
        found["edges"] = engine.run("edges", **scope)
    if "centrality" in chosen:
        found["centrality"] = nw.centrality(net)
    if "brokers" in chosen:
        found["brokers"] = nw.brokers(net) if across_issuers else within_issuers(nw.brokers(net))
    if "components" in chosen:
        found["components"] = nw.components(net)
    if "communities" in chosen:
        found["communities"] = nw.communities(net, resolution=resolution)
    if "groups" in chosen:
        groups: dict[str, str] | None = None
        if groups_file:
            groups, unknown = nw.load_groups(groups_file, net)
            if unknown:
                notes.append(t("deps.unknown_groups", file=groups_file, names=join(unknown)))
        found["groups"] = nw.group_matrix(net, groups)
    ids = ("a", "b", "lead_id", "support_id", "party", "parties")
    parts = {}
    for key, rows in found.items():
        within = key == "brokers" and not across_issuers
        shown = (top_within(rows, limit) if within else rows[:limit]) if limit else rows
        title = t(f"deps.{key}", by=groups_file or t("deps.by_issuer"))
        if len(shown) < len(rows):
            title += t("deps.top", n=len(shown), total=len(rows))
        table = _rows(shown, out.fmt, explain=explain, drop=ids)
        if key == "brokers" and not across_issuers and out.fmt != "json" and out.fmt != "csv":
            table = [{("rank_within" if k == "rank" else k): v for k, v in row.items()} for row in table]
        if people and key == "brokers":
            for row, broker in zip(table, shown, strict=True):
                row["reason"] = broker_reason(broker, net)
        if people and key == "communities":
            table = [{"community_name": community_name(c, net), **r} for r, c in zip(table, shown, strict=True)]
        parts[key] = Part(title, table, notes=metric_notes(METRICS.get(key, [])) if out.fmt == "table" else [])
    out.plans = engine.plan_titles()
    out.parts(parts, notes)


def top_within(rows: list[Any], limit: int) -> list[Any]:
    """The first rows of every issuer (rows ranked within issuers): ``limit`` rows shared among
    the issuers, at least 3 each, so that no issuer's top rows are cut off by another's.

    >>> from types import SimpleNamespace as Row
    >>> rows = [Row(issuer=i, rank=r) for i in "ab" for r in (1, 2, 3, 4)]
    >>> [(r.issuer, r.rank) for r in top_within(rows, 6)]
    [('a', 1), ('a', 2), ('a', 3), ('b', 1), ('b', 2), ('b', 3)]
    """
    issuers = list(dict.fromkeys(r.issuer for r in rows))
    each = max(3, limit // max(1, len(issuers)))
    return [r for r in rows if r.rank <= each]


def within_issuers(rows: list[Any]) -> list[Any]:
    """Ranked rows re-ranked within each issuer: the issuers in the order of their first row, each
    issuer's rows in their own order, ranks counted from 1 for each."""
    order = list(dict.fromkeys(r.issuer for r in rows))
    out = []
    for issuer in order:
        mine = [r for r in rows if r.issuer == issuer]
        out += [dataclasses.replace(r, rank=i) for i, r in enumerate(mine, 1)]
    return out
