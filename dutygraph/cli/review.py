"""``dutygraph review``: the facts read on weak evidence, most consequential first."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from dutygraph.cli.app import cli, documents
from dutygraph.cli.emit import Out, Part, output_options
from dutygraph.cli.queries import _rows, deadline_options, plan_names, scope_options
from dutygraph.i18n import t
from dutygraph.labels import REVIEW

if TYPE_CHECKING:
    from dutygraph.ontology.model import Corpus

__all__ = ["review"]


@cli.command()
@documents
@scope_options
@output_options()
@deadline_options
@click.option("--lead-weight", type=float, default=1.0, show_default=True, help="Load of a lead (as in workload).")
@click.option("--support-weight", type=float, default=0.5, show_default=True, help="Load of a support.")
def review(corpus: Corpus, plan: str | None, for_issuer: str | None, include_collectives: bool, out: Out,
           as_of: dt.datetime | None, warn_days: int, notice_days: int, lead_weight: float,
           support_weight: float) -> None:
    """Doubtful facts, most consequential first: what to check before trusting a ranking.

    \b
    kind         issuer, office, leader, deadline, or a name refused as a party or leader
    rule         how the fact was decided (named, doc_number, first_listed, plan_year …)
    doubt        why that is weak: placeless (the issuer names no place: scoped to its file),
                 source_line, doc_number, unnamed; lead_by_order (leads only by being listed
                 first); post_only, surname_post (no person's name); plan_year, horizon
                 (an inferred deadline); refused
    consequence  ranking (counting its order-inferred leads as supports would move the office's
                 rank within its issuer or its overloaded flag), tier (an inferred deadline in an
                 urgent tier on --as-of), scope (decides which offices are ranked together)
    weight       the items the fact touches; sources: where to look
    Fix in one line: --default-issuer, an aliases file (names, not_party, collective) or a
    corrections file (set_lead, set_leader, remove_leader, set_deadline).
    """
    from dutygraph.graph.convert import to_networkx
    from dutygraph.queries.review import doubtful_facts

    day = (as_of or dt.datetime.now()).date()
    rows = doubtful_facts(to_networkx(corpus), as_of=day, warn_days=warn_days, notice_days=notice_days,
                          lead_weight=lead_weight, support_weight=support_weight, plan=plan, issuer=for_issuer)
    counts = {c: sum(r.consequence == c for r in rows) for c in ("ranking", "tier", "scope")}
    title = t("review.title", n=len(rows), date=day.isoformat(), **counts)
    table: list[dict[str, Any]] = _rows(rows, out.fmt, explain=False, drop=("node",))
    if out.fmt != "json":
        for row in table:
            row["sources"] = " ".join(row["sources"][:3]) + (" …" if len(row["sources"]) > 3 else "")
    out.plans = plan_names(corpus)
    out.parts({"doubts": Part(title, table, REVIEW)})
