"""``dutygraph office`` and ``dutygraph leader``: everything about one office or one leader;
``leader --html`` writes the leader's own page (:mod:`dutygraph.viz.leader`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from dutygraph.cli.app import cli, documents
from dutygraph.cli.emit import Out, Part, localise, output_options
from dutygraph.cli.queries import plan_names
from dutygraph.errors import UsageError
from dutygraph.i18n import t
from dutygraph.labels import PARTY_KINDS, ROLES, label
from dutygraph.ontology.bodies import shown_kind
from dutygraph.output import render_csv, render_json, render_table

if TYPE_CHECKING:
    from dutygraph.ontology.model import Corpus

__all__ = ["leader", "office"]


def _profile_parts(profile: Any, explain: bool) -> dict[str, Part]:
    drop = () if explain else ("item", "title")
    items = [{k: v for k, v in dataclasses.asdict(i).items() if k not in drop} for i in profile.items]
    parts = {"items": Part(t("profile.items"), items, {"role": ROLES})}
    if hasattr(profile, "partners"):
        parts["partners"] = Part(t("profile.partners"), [dataclasses.asdict(p) for p in profile.partners])
    else:
        parts["offices"] = Part(t("profile.offices"), [{"office": o, "leads": lead, "supports": sup}
                                                        for o, lead, sup in profile.offices])
    parts["targets"] = Part(t("profile.targets"), [dataclasses.asdict(x) for x in profile.targets])
    return parts


def _show_profiles(profiles: Sequence[Any], out: Out, explain: bool) -> None:
    if out.fmt == "json":
        out.write(render_json([dataclasses.asdict(p) for p in profiles]))
        return
    text = []
    for n, profile in enumerate(profiles):
        parts = _profile_parts(profile, explain)
        if out.fmt == "csv":
            text.append(render_csv(parts["items"].rows))
            continue
        if n:
            text.append("\n" + "=" * 40)
        if hasattr(profile, "partners"):
            text.append(t("profile.office_head", office=profile.office, issuer=profile.issuer,
                          kind=label(PARTY_KINDS, shown_kind(profile.kind, profile.office, profile.issuer)))
                        + (t("profile.written_as", names="、".join(profile.written_as)) if profile.written_as else ""))
            text.append(t("profile.office_counts", leads=profile.leads, supports=profile.supports,
                          leaders="、".join(profile.leaders) or t("profile.none_named")) + "\n")
        else:
            text.append(t("profile.leader_head", leader=profile.leader, issuer=profile.issuer,
                          labels="、".join(profile.labels)))
            text.append(t("profile.leader_counts", n=len(profile.items)) + "\n")
        text.append("\n\n".join(f"{p.title}\n" + render_table(localise(p.rows, p.labels, out.plans))
                                for p in parts.values()))
    out.write("".join(text) if out.fmt == "csv" else "\n".join(text))


@cli.command()
@click.argument("name")
@documents
@click.option("--plan", "plan", help="Only this plan (plan id or source file name).")
@click.option("--issuer", "for_issuer", help="Only the office of this issuer (organization id or name).")
@output_options()
@click.option("--explain", is_flag=True, help="Add item titles and ids.")
def office(corpus: Corpus, name: str, plan: str | None, for_issuer: str | None, out: Out, explain: bool) -> None:
    """Everything about one office: items and roles, partners, leaders, targets, source lines.

    NAME is the office as written (基础教育处), folded (与/和), or an abbreviation the documents
    used (基教处). Role: lead if it leads the item or a sub-measure. Partners: offices sharing
    items (shared, newman = Σ 1/(k−1)) and the lead → support edges between the two.
    csv writes the items table.
    """
    from dutygraph.graph.convert import to_networkx
    from dutygraph.queries.profiles import office_profiles

    out.plans = plan_names(corpus)
    _show_profiles(office_profiles(to_networkx(corpus), name, issuer=for_issuer, plan=plan), out, explain)


@cli.command()
@click.argument("name")
@documents
@click.option("--plan", "plan", help="Only this plan (plan id or source file name).")
@click.option("--issuer", "for_issuer", help="Only the leader of this issuer (organization id or name).")
@output_options()
@click.option("--explain", is_flag=True, help="Add item titles and ids.")
@click.option("--html", "as_html", is_flag=True,
              help="Write the leader's page (items, lead offices, deadlines, tiers, status, network) to -o FILE.")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="For --html: the date deadlines are judged on [default: today].")
def leader(corpus: Corpus, name: str, plan: str | None, for_issuer: str | None, out: Out, explain: bool,
           as_html: bool, as_of: dt.datetime | None) -> None:
    """Everything about one leader: the items answered for, the offices on them, their targets.

    A leader answers for an item named on it (or a sub-measure), or on its section or an
    enclosing one (role: item or section); sources are the lines naming the leader. csv writes
    the items table; --html -o FILE writes one offline page for the leader.
    """
    from dutygraph.graph.convert import to_networkx
    from dutygraph.queries.profiles import leader_profiles

    G = to_networkx(corpus)
    profiles = leader_profiles(G, name, issuer=for_issuer, plan=plan)
    if as_html:
        from dutygraph.viz.leader import render_leader_page

        if not out.path:
            raise UsageError("html_needs_output")
        out.fmt = "html"
        out.write(render_leader_page(G, [p.leader_id for p in profiles], as_of=(as_of or dt.datetime.now()).date(),
                                     plan=plan))
        click.echo(t("wrote", path=out.path), err=True)
        return
    out.plans = plan_names(corpus)
    _show_profiles(profiles, out, explain)
