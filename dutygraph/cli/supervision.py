"""Supervision commands: ``progress``, ``corrections template`` and ``diff`` (year over year)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from dutygraph.cli.app import EXIT_PARTIAL, cli, documents, load_documents, write_output
from dutygraph.cli.choices import INPUT_FORMATS
from dutygraph.cli.emit import Out, Part, output_options
from dutygraph.cli.queries import _rows, deadline_options, plan_names, scope_options
from dutygraph.errors import UsageError
from dutygraph.i18n import t
from dutygraph.labels import CHANGES, CORRECTION_OPS, STATUS, STATUS_RULES, label

if TYPE_CHECKING:
    from dutygraph.ontology.model import Corpus

__all__ = ["corrections", "diff", "ledger", "progress"]

PROGRESS_PARTS = ("status", "references", "unresolved", "corrections")
ROUND_PARTS = ("rounds", "history", "offices")


@cli.command()
@documents
@scope_options
@output_options()
@click.option("--show", "show", multiple=True, type=click.Choice(PROGRESS_PARTS + ROUND_PARTS),
              help="Parts to print (repeatable); default: status, unresolved and corrections.")
@click.option("--rounds", "by_round", is_flag=True,
              help="The rounds of progress (successive reports on one plan): rounds, history and offices.")
def progress(corpus: Corpus, plan: str | None, for_issuer: str | None, include_collectives: bool, out: Out,
             show: tuple[str, ...], by_round: bool) -> None:
    """Each item's status, the rows' sources (来源) and what corrections changed.

    \b
    status       completed (已完成), on_track (序时推进), behind (滞后), not_started (未启动), read
                 from the progress text by the rule shown (or set by a correction), with the
                 as-of date and the report it came from (via: a row of another plan on it)
    references   every 来源: document number (carried down to rows that give only 第19项),
                 item number, and the item it names when that plan is among PATHS
    unresolved   the references whose plan (or item) is not among PATHS
    corrections  what --corrections changed, item by item, with the file and line
    rounds       (--rounds) each progress report on a plan, in as-of order: a round
    history      (--rounds) each item's status in every round (— where it was not reported),
                 the rounds where it changed, and for how many rounds it has lagged
    offices      (--rounds) per office and round: items reported, not reported (漏报), status
                 changed, lagging (with the number of rounds)
    """
    from dutygraph.graph.convert import to_networkx
    from dutygraph.queries import progress as pq

    G = to_networkx(corpus)
    scope: dict[str, Any] = {"plan": plan, "issuer": for_issuer}
    chosen = show or (ROUND_PARTS if by_round else ("status", "unresolved", "corrections"))
    parts: dict[str, tuple[str, list[Any]]] = {}
    if set(chosen) & set(ROUND_PARTS):
        _round_parts(G, scope, chosen, out.fmt, parts)
    if "status" in chosen:
        parts["status"] = (t("progress.status"), pq.item_statuses(G, **scope))
    if "references" in chosen:
        parts["references"] = (t("progress.references"), pq.references(G, **scope))
    if "unresolved" in chosen:
        parts["unresolved"] = (t("progress.unresolved"), pq.references(G, unresolved=True, **scope))
    if "corrections" in chosen:
        parts["corrections"] = (t("progress.corrections"), pq.corrections_applied(G, **scope))
    labels = {"status": STATUS, "rule": STATUS_RULES, "op": CORRECTION_OPS}
    out.plans = plan_names(corpus)
    out.parts({k: Part(title, _rows(rows, out.fmt, explain=False, drop=("item",)) if k not in ROUND_PARTS else rows,
                       labels) for k, (title, rows) in parts.items()})


def _round_parts(G: Any, scope: dict[str, Any], chosen: tuple[str, ...], fmt: str,
                 parts: dict[str, tuple[str, list[Any]]]) -> None:
    """The parts of ``progress --rounds``: lists stay lists in JSON, and read as text elsewhere."""
    from dutygraph.queries.rounds import rounds

    found = rounds(G, **scope)
    flat = fmt != "json"

    def history(h: Any) -> dict[str, Any]:
        row = dataclasses.asdict(h)
        row.pop("item")
        row["changed"] = [n for n, c in enumerate(h.changed, 1) if c]
        if flat:
            row["statuses"] = " → ".join(label(STATUS, s) if s else t("rounds.not_reported") for s in h.statuses)
            row["sources"] = " ".join(s or "—" for s in h.sources)
            row["changed"] = "、".join(str(n) for n in row["changed"])
            row["offices"] = "、".join(h.offices)
        return row

    def office(o: Any) -> dict[str, Any]:
        row = dataclasses.asdict(o)
        row["lagging"] = [{"place": p, "rounds": n} for p, n in o.lagging]
        if flat:
            row["missing"], row["changed"] = "、".join(o.missing), "、".join(o.changed)
            row["lagging"] = "、".join(t("rounds.lagging", place=p, n=n) for p, n in o.lagging)
        return row

    if "rounds" in chosen:
        parts["rounds"] = (t("progress.rounds"), [dataclasses.asdict(r) for r in found.rounds])
    if "history" in chosen:
        parts["history"] = (t("progress.history"), [history(h) for h in found.items])
    if "offices" in chosen:
        parts["offices"] = (t("progress.office_rounds"), [office(o) for o in found.offices])


@cli.group()
def corrections() -> None:
    """Corrections files: a planner's edits to what was read, applied on every import.

    Give them to any command with --corrections FILE (YAML or TOML, repeatable).
    """


@corrections.command()
@documents
@click.option("--format", "fmt", type=click.Choice(["yaml", "toml"]), default="yaml", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="Write to this file instead of stdout.")
def template(corpus: Corpus, fmt: str, output: str | None) -> None:
    """Write a starting corrections file: every item of the plans read, with its offices,
    targets and status in comments, ready for a planner to uncomment an operation."""
    from dutygraph.ontology.corrections import template as write

    write_output(write(corpus, fmt=fmt), output)


DIFF_PARTS = ("items", "offices")


@cli.command()
@click.argument("old", type=click.Path(path_type=str))
@click.argument("new", type=click.Path(path_type=str))
@click.option("--input-format", "input_format", type=click.Choice(INPUT_FORMATS),
              help="Read every document in this format instead of detecting it.")
@click.option("--aliases", "alias_files", multiple=True, type=click.Path(path_type=str),
              help="Office alias file (TOML or YAML), for both sides; may be given more than once.")
@click.option("--corrections", "correction_files", multiple=True, type=click.Path(path_type=str),
              help="Corrections file (YAML or TOML), for both sides; may be given more than once.")
@click.option("--default-issuer", "issuer", help="The issuer of documents whose title names no place.")
@click.option("--strict", is_flag=True, help="All or nothing (as for the other commands).")
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.6, show_default=True,
              help="Least title similarity (0–1) for two items to be one carried over.")
@click.option("--lead-weight", type=float, default=1.0, show_default=True, help="Weight of an item an office leads.")
@click.option("--support-weight", type=float, default=0.5, show_default=True, help="Weight of an item it supports.")
@click.option("--show", "show", multiple=True, type=click.Choice(DIFF_PARTS),
              help="Parts to print (repeatable); default: both.")
@output_options()
@click.option("--explain", is_flag=True, help="List the items (ref, role, file:line) behind each office's figures.")
def diff(old: str, new: str, input_format: str | None, alias_files: tuple[str, ...],
         correction_files: tuple[str, ...], issuer: str | None, strict: bool, threshold: float,
         lead_weight: float, support_weight: float, show: tuple[str, ...], out: Out, explain: bool) -> None:
    """Year over year: OLD and NEW are plans or folders (2022 and 2023).

    \b
    items    carried (matched by title similarity, score 0–1, best first, each item once;
             lead_moved when its lead offices changed), dropped (only in OLD), added (only in NEW)
    offices  per office (issuer and canonical name; aliases apply): leads, supports and load
             in each year and the change, largest change first (--explain: the items behind)
    """
    from dutygraph.graph.convert import to_networkx
    from dutygraph.queries.diff import issuer_warnings, match_items, office_changes

    options = {"input_format": input_format, "alias_files": alias_files, "correction_files": correction_files,
               "issuer": issuer, "strict": strict}
    before, partial_old = load_documents((old,), **options)
    after, partial_new = load_documents((new,), **options)
    G_old, G_new = to_networkx(before), to_networkx(after)
    for warning in issuer_warnings(G_old, G_new):  # on standard error: JSON and CSV stay clean
        click.echo(t(f"diff.warn_{warning.kind}", old="、".join(warning.old) or "—", new="、".join(warning.new) or "—"),
                   err=True)
    chosen = show or DIFF_PARTS
    parts: dict[str, Part] = {}
    fmt = out.fmt
    if "items" in chosen:
        moves = match_items(G_old, G_new, threshold=threshold)
        counts = {c: sum(m.change == c for m in moves) for c in ("carried", "dropped", "added")}
        moved = sum(m.lead_moved for m in moves)
        title = t("diff.items", carried=counts["carried"], moved=moved, dropped=counts["dropped"],
                  added=counts["added"], threshold=f"{threshold:g}")
        parts["items"] = Part(title, [_move(m, fmt) for m in moves], {"change": CHANGES})
    if "offices" in chosen:
        changes = office_changes(G_old, G_new, lead_weight=lead_weight, support_weight=support_weight)
        parts["offices"] = Part(t("diff.offices", lead=f"{lead_weight:g}", support=f"{support_weight:g}"),
                                [_change(c, fmt, explain) for c in changes])
    out.parts(parts)
    if partial_old or partial_new:
        raise SystemExit(EXIT_PARTIAL)


def _change(change: Any, fmt: str, explain: bool) -> dict[str, Any]:
    """An office's change as a row: the items behind it with --explain (one text outside JSON)."""
    row = dataclasses.asdict(change)
    for key in ("items_old", "items_new"):
        if not explain:
            row.pop(key)
        elif fmt != "json":
            row[key] = " ".join(f"{i.ref}({i.role}) {','.join(i.sources)}" for i in getattr(change, key))
    return row


def _move(move: Any, fmt: str) -> dict[str, Any]:
    """An item's move as a row: ids left out, leads as one text outside JSON."""
    row = {k: v for k, v in dataclasses.asdict(move).items() if k not in ("old_item", "new_item")}
    if fmt != "json":
        row["old_leads"], row["new_leads"] = "、".join(move.old_leads), "、".join(move.new_leads)
    return row


@cli.command()
@documents
@scope_options
@deadline_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), required=True,
              help="The workbook to write (.xlsx).")
def ledger(corpus: Corpus, plan: str | None, for_issuer: str | None, include_collectives: bool,
           as_of: dt.datetime | None, warn_days: int, notice_days: int, output: str) -> None:
    """Write the 督办台账: an Excel workbook that prints and navigates.

    A 目录 links every sheet (grouped by issuer, each sheet links back); the 总台账 lists every
    item once (序号, 事项, 牵头, 配合, 时限, 督办等级, 进展, 出处: the item's place in its plan,
    二、（三）3., and its line); then a sheet per office (most loaded first) and per leader of each
    issuer, with the office's role (牵头 / 配合; for a leader: named on the item or its section).
    Tiers are judged on --as-of. Every sheet prints landscape on A4, fit to the page's width
    (one page where it fits), the header repeated on every page.
    """
    from dutygraph.graph.convert import to_networkx
    from dutygraph.queries.ledgers import ledger as sheets_of
    from dutygraph.queries.ledgers import ledger_items
    from dutygraph.xlsx import ledger_workbook

    if not output.lower().endswith(".xlsx"):
        raise UsageError("ledger_suffix", path=output)
    G, day = to_networkx(corpus), (as_of or dt.datetime.now()).date()
    options: dict[str, Any] = {"as_of": day, "warn_days": warn_days, "notice_days": notice_days,
                               "include_collectives": include_collectives, "plan": plan, "issuer": for_issuer}
    sheets = sheets_of(G, **options)
    write_output(ledger_workbook(sheets, ledger_items(G, **options), day), output)
    click.echo(t("ledger.wrote", path=output, offices=sum(s.kind != "leader" for s in sheets),
                 leaders=sum(s.kind == "leader" for s in sheets)), err=True)
