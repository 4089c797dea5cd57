"""``dutygraph chains``: which item of a lower plan carries out which task of a higher one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from dutygraph.cli.app import cli, documents
from dutygraph.cli.emit import Out, Part, output_options
from dutygraph.cli.queries import _rows, plan_names
from dutygraph.errors import UsageError
from dutygraph.i18n import t
from dutygraph.labels import CHAIN_BASES, CHAIN_RULES, LEVEL_RULES, LEVELS

if TYPE_CHECKING:
    from dutygraph.ontology.model import Corpus

__all__ = ["CHAIN_PARTS", "chains"]

CHAIN_PARTS = ("links", "tasks", "unassigned", "orphans", "levels")
_LABELS = {key: LEVELS for key in ("level", "higher_level", "lower_level", "counterpart_level")} | {
    "rule": CHAIN_RULES, "basis": CHAIN_BASES}
_TABLE_WIDTH = 24  # titles in a terminal table (--explain, JSON and CSV keep them whole)


@cli.command()
@documents
@output_options(xlsx=True)
@click.option("--plan", "plan", help="Only the links, tasks and items of this plan (plan id, source file name or title).")
@click.option("--show", "show", multiple=True, type=click.Choice(CHAIN_PARTS),
              help="Parts to print (repeatable); default: links, tasks, unassigned and orphans.")
@click.option("--explain", is_flag=True, help="Links: both passages in full, with the score, the rule and the basis.")
def chains(corpus: Corpus, out: Out, plan: str | None, show: tuple[str, ...], explain: bool) -> None:
    """Tasks across levels (上下级任务对应): which lower item carries out which higher task.

    \b
    links       each link: the higher task and the lower item (plan, ref, title), the rule
                (cites_item: the item names it, 落实国办发〔2020〕43号第（五）项; restates: it
                restates the task's words), why the plans were compared (cites: the lower
                plan cites the higher one's number or title; theme: their titles share a
                theme), the similarity, the confidence and the evidence
    tasks       per higher-level task, its counterparts down the levels, offices at each
    unassigned  tasks that plans carrying out their plan leave out (未分解落实)
    orphans     items of such plans that carry out no higher task
    levels      each issuer's level (国务院/部委, 省, 市, 县/区, 乡镇) and how it was decided

    Links are corrected with --corrections (confirm_link, reject_link, add_link).
    """
    from dutygraph.queries import chains as cq

    if plan is not None and not any(plan in (p.id, p.source.name, p.title) for p in corpus.plans):
        raise UsageError("usage.no_plan", plan=plan, known=", ".join(p.source.name for p in corpus.plans))
    chosen = show or ("links", "tasks", "unassigned", "orphans")
    found: dict[str, list[Any]] = {}
    if "links" in chosen:
        found["links"] = cq.links(corpus, plan=plan, explain=explain)
    if "tasks" in chosen:
        found["tasks"] = cq.counterparts(corpus, plan=plan)
    if "unassigned" in chosen:
        found["unassigned"] = cq.unassigned(corpus, plan=plan)
    if "orphans" in chosen:
        found["orphans"] = cq.orphans(corpus, plan=plan)
    if "levels" in chosen:
        found["levels"] = cq.levels(corpus)
    drop = () if explain else ("higher_text", "lower_text")
    parts = {}
    for key, rows in found.items():
        shown = _rows(rows, out.fmt, explain=False, drop=drop)
        if out.fmt == "table" and not explain:
            shown = [{k: _short(v) if k.endswith(("title", "plan")) else v for k, v in row.items()} for row in shown]
        labels = dict(_LABELS) | ({"rule": LEVEL_RULES} if key == "levels" else {})
        parts[key] = Part(t(f"chains.{key}"), shown, labels)
    out.plans = plan_names(corpus)
    notes = [t("chains.none")] if "links" in found and not found["links"] and out.fmt == "table" else []
    out.parts(parts, notes=notes)


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > _TABLE_WIDTH:
        return value[: _TABLE_WIDTH - 1] + "…"
    return value
