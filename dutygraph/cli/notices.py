"""``dutygraph notices``: a 督办单 / 催办单 per office and a summary for the leader, as Word documents."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dutygraph.cli.app import cli, documents
from dutygraph.cli.queries import deadline_options, scope_options
from dutygraph.errors import UsageError
from dutygraph.i18n import date, t

if TYPE_CHECKING:
    from dutygraph.ontology.model import Corpus

__all__ = ["notices", "safe_name"]


def safe_name(name: str) -> str:
    r"""A file name every system accepts: ``\/:*?"<>|`` made full-width.

    >>> safe_name("a/b:c")
    'a／b：c'
    """
    return re.sub(r'[\\/:*?"<>|]', lambda m: chr(ord(m[0]) + 0xFEE0), name).strip(" .") or "-"


@cli.command()
@documents
@scope_options
@deadline_options
@click.option("--office", help="Only the notice of this office (name or id).")
@click.option("--feedback-days", type=click.IntRange(min=1), default=7, show_default=True,
              help="The office reports back within this many days of --as-of.")
@click.option("--sender", help="The office that sends the notices (default: the issuer of each office).")
@click.option("--first-number", type=click.IntRange(min=1), default=1, show_default=True,
              help="The number of the first notice (督办〔2024〕N号); the others follow.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=str), required=True,
              help="The folder to write the documents to (made if missing).")
def notices(corpus: Corpus, plan: str | None, for_issuer: str | None,
            include_collectives: bool, as_of: dt.datetime | None, warn_days: int, notice_days: int,
            office: str | None, feedback_days: int, sender: str | None, first_number: int, output: str) -> None:
    """Write a 督办单 or 催办单 (Word) per office with overdue or lagging items, and a summary.

    \b
    Each office with a red item (overdue, or reported behind: 红灯) gets a 督办通知单, one with
    only yellow items (临期 / 即将到期, or not started: 黄灯) a 催办通知单: its number, the office,
    the items with their place in the plan, source line, role, deadline, tier and light, and
    the feedback deadline (--feedback-days after --as-of), set as an official notice (A4,
    黑体 title, 仿宋 text, page numbers). The summary for the leader lists the notices and every
    red item.
    """
    _write(corpus, plan=plan, issuer=for_issuer, include_collectives=include_collectives,
           as_of=(as_of or dt.datetime.now()).date(), warn_days=warn_days, notice_days=notice_days, office=office,
           feedback_days=feedback_days, sender=sender, first_number=first_number, output=output)


def _write(corpus: Corpus, *, plan: str | None, issuer: str | None, include_collectives: bool, as_of: dt.date,
           warn_days: int, notice_days: int, office: str | None, feedback_days: int, sender: str | None,
           first_number: int, output: str) -> None:
    from dutygraph.graph.convert import to_networkx
    from dutygraph.output import write_file
    from dutygraph.queries.notices import notices as chased
    from dutygraph.word import notice_document, notice_kind, summary_document

    found = chased(to_networkx(corpus), as_of=as_of, warn_days=warn_days, notice_days=notice_days, office=office,
                   include_collectives=include_collectives, plan=plan, issuer=issuer)
    if not found:
        click.echo(t("notice.none", date=date(as_of)), err=True)
        return
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise UsageError("notices_folder", path=output)
    feedback = as_of + dt.timedelta(days=feedback_days)
    numbers = list(range(first_number, first_number + len(found)))
    names = {n.office for n in found if sum(m.office == n.office for m in found) > 1}
    files: dict[Path, bytes] = {}
    for notice, number in zip(found, numbers, strict=True):
        owner = notice.office + (t("paren", text=notice.issuer) if notice.office in names else "")
        name = t("notice.file", number=number, office=owner, kind=t(f"notice.title_{notice_kind(notice)}"))
        files[folder / safe_name(f"{name}.docx")] = notice_document(notice, number=number, as_of=as_of, feedback=feedback,
                                                          sender=sender or notice.issuer)
    senders = sender or "、".join(dict.fromkeys(n.issuer for n in found))
    files[folder / safe_name(t("notice.summary_file") + ".docx")] = summary_document(found, numbers, as_of=as_of, feedback=feedback,
                                                               sender=senders)
    folder.mkdir(parents=True, exist_ok=True)  # every document is built before the first is written
    for path, data in files.items():
        write_file(path, data)
    kinds = [notice_kind(n) for n in found]
    click.echo(t("notice.wrote", path=output, n=len(found), supervise=kinds.count("supervise"),
                 remind=kinds.count("remind")), err=True)
