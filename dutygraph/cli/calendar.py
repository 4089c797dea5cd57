"""``dutygraph calendar``: every deadline as an iCalendar file, for everyone or one office or leader."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from dutygraph.cli.app import cli, documents, write_output
from dutygraph.cli.queries import deadline_options
from dutygraph.errors import UsageError
from dutygraph.i18n import t

if TYPE_CHECKING:
    from dutygraph.ontology.model import Corpus

__all__ = ["calendar"]


@cli.command()
@documents
@click.option("--plan", "plan", help="Only this plan (plan id or source file name).")
@click.option("--issuer", "for_issuer", help="Only plans of this issuer (organization id or name).")
@deadline_options
@click.option("--office", help="Only the items this office is on (lead or support).")
@click.option("--leader", help="Only the items this leader answers for.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), required=True,
              help="The calendar file to write (.ics).")
def calendar(corpus: Corpus, plan: str | None, for_issuer: str | None, as_of: dt.datetime | None, warn_days: int,
             notice_days: int, office: str | None, leader: str | None, output: str) -> None:
    """Write every deadline as a calendar (.ics, RFC 5545) for Outlook and phone calendars.

    One all-day event per item and deadline: the item as its plan numbers it, its lead office,
    the plan, the targets due, the lead and supporting offices, the tier on --as-of, the status
    and the source lines; an alarm three days before. The same item and date keep the same UID,
    so importing a newer file updates the events.
    """
    from dutygraph.graph.convert import to_networkx
    from dutygraph.ics import calendar as ics
    from dutygraph.queries.deadlines import deadlines

    if not output.lower().endswith(".ics"):
        raise UsageError("calendar_suffix", path=output, suffix=".ics")
    day = (as_of or dt.datetime.now()).date()
    entries = deadlines(to_networkx(corpus), as_of=day, warn_days=warn_days, notice_days=notice_days, office=office,
                        leader=leader, plan=plan, issuer=for_issuer)
    owner = office or leader
    name = t("calendar.name_for", name=owner) if owner else t("calendar.name")
    write_output(ics(entries, as_of=day, name=name), output)
    click.echo(t("calendar.wrote", path=output, n=len(entries)), err=True)
