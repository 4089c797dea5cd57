"""Query commands: workload, and the dependency, target and profile views over the graph."""

from __future__ import annotations

import dataclasses
from typing import Any

import click

from dutygraph.cli.app import cli, documents
from dutygraph.ontology.model import Corpus
from dutygraph.output import OUTPUT_FORMATS, render, render_json


@cli.command()
@documents
@click.option("--lead-weight", type=float, default=1.0, show_default=True, help="Weight of an item the office leads.")
@click.option("--support-weight", type=float, default=0.5, show_default=True, help="Weight of an item the office supports.")
@click.option("--plan", "plan", help="Count only this plan (plan id or source file name).")
@click.option("--for-issuer", "for_issuer",
              help="Count only plans of this issuer (organization id or name; --issuer names documents' issuer).")
@click.option("--include-collectives", is_flag=True, help="Rank collectives (相关处室, 专班 …) alongside offices.")
@click.option("--top-k", type=click.IntRange(min=1), default=3, show_default=True, help="k of the top-k share.")
@click.option("--overload-rule", type=click.Choice(["mean+1.5sd", "top-decile"]), default="mean+1.5sd",
              show_default=True, help="How overloaded offices are flagged.")
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True)
@click.option("--explain", is_flag=True, help="List the items (ref, role, file:line) behind each row.")
def workload(corpus: Corpus, lead_weight: float, support_weight: float, plan: str | None, for_issuer: str | None,
             include_collectives: bool, top_k: int, overload_rule: str, fmt: str, explain: bool) -> None:
    """Rank offices by weighted load and measure how concentrated the load is.

    Each (top-level item, office) pair counts once; sub-measures count for their item; the role
    is lead if the office leads the item or any sub-measure. load = lead weight × leads + support
    weight × supports; share = load / total load; equal loads share a rank. Over the offices
    with load > 0: Gini = mean absolute difference / (2 × mean load), HHI = sum of squared
    shares (0–1), top-k share = the k largest loads / total. Overloaded: load > mean + 1.5 × sd
    (population sd), or the ⌈n/10⌉ most loaded offices (top-decile, ties included).
    Collectives are reported on their own line and not counted unless --include-collectives.
    """
    from dutygraph.graph.convert import to_networkx
    from dutygraph.queries.workload import concentration, office_workload, overloaded

    G = to_networkx(corpus)
    options: dict[str, Any] = {"lead_weight": lead_weight, "support_weight": support_weight, "plan": plan,
                               "issuer": for_issuer}
    rows = office_workload(G, include_collectives=include_collectives, **options)
    conc = concentration(rows, top_k=top_k)
    flagged = overloaded(rows, rule=overload_rule)
    collectives = [] if include_collectives else [
        r for r in office_workload(G, include_collectives=True, **options) if r.kind == "collective"
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
        }))
        return
    table = [as_dict(r) for r in rows]
    if fmt == "csv":
        click.echo(render(table, fmt), nl=False)
        return
    if fmt == "table":
        for row in table:
            row["share"] = f"{row['share']:.1%}"
    click.echo(render(table, fmt))
    click.echo(f"\nconcentration: offices {conc.offices}  total load {conc.total_load:g}  gini {conc.gini:.3f}"
               f"  hhi {conc.hhi:.3f}  top-{conc.top_k} share {conc.top_k_share:.1%}")
    click.echo(f"overloaded ({overload_rule}): "
               + ("; ".join(f"{r.office} — {r.reason}" for r in flagged) if flagged else "none"))
    if collectives:
        click.echo("collectives (not counted): "
                   + "、".join(f"{r.office} {r.leads + r.supports}" for r in collectives))
