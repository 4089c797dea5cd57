"""Links between documents, and the status each item has once they are made.

A progress report's row names the plan item it reports on by the plan's document number and
the item's number (（十政办发〔2021〕1号）第12项). :func:`link` finds that item among the plans of
the corpus — a top-level item numbered 12 of the plan whose ``doc_number`` is 十政办发〔2021〕1号 —
and records its id in the reference's ``target``; a reference whose plan was not imported (or
names an item the plan does not have, or one it has twice) keeps ``target`` None: it is
*unresolved*, and queries list it as such.

Then every item gets its **status**: the status of the latest report on it — its own progress,
the progress of the rows that report on it, or of the other row of its plan on the same item
(``same_as``) — with a corrected status (a corrections file's
``set_status``) above any status read from text. "Latest" is the report's as-of date (a report
without one counts as the oldest); on a tie, the one read last.

Last, every issuer is placed at its level and every item linked to the higher-level tasks it
carries out (:func:`dutygraph.ontology.chains.chain`).

Linking starts again from the references and progress each time, so ``link(link(c)) == link(c)``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from dutygraph.ontology.chains import chain
from dutygraph.ontology.model import Corpus, Item, Plan, Progress

__all__ = ["link", "status_source"]


def _key(doc_number: str | None) -> str | None:
    return re.sub(r"\s+", "", doc_number) if doc_number else None


def _index(plans: tuple[Plan, ...]) -> dict[tuple[str, str], str | None]:
    """(document number, item number) → item id; None where the number is not unique."""
    index: dict[tuple[str, str], str | None] = {}
    for plan in plans:
        doc = _key(plan.doc_number)
        if doc is None:
            continue
        for item in plan.items:
            if item.parent is None and item.number is not None:
                key = (doc, str(item.number))
                index[key] = item.id if key not in index else None
    return index


def status_source(progress: list[Progress]) -> Progress | None:
    """The report that decides a status: a corrected one first, then the latest by as-of date.

    >>> from dutygraph.ontology.model import SourceSpan
    >>> span = SourceSpan(file="a", line=1, end_line=1, start=0, end=0, text="")
    >>> old = Progress(id="p1", text="滞后", as_of=dt.date(2022, 6, 30), status="behind", span=span)
    >>> new = Progress(id="p2", text="已完成", as_of=dt.date(2022, 9, 30), status="completed", span=span)
    >>> status_source([new, old]).id
    'p2'
    """
    rated = [(i, p) for i, p in enumerate(progress) if p.status is not None]
    if not rated:
        return None
    _, best = max(rated, key=lambda r: (r[1].status_rule == "corrected", r[1].as_of or dt.date.min, r[0]))
    return best


def link(corpus: Corpus) -> Corpus:
    """Resolve every reference to the item it names, and give every item its status."""
    index = _index(corpus.plans)
    plans: list[Plan] = []
    reported: dict[str, list[Progress]] = defaultdict(list)
    for plan in corpus.plans:
        items = []
        for item in plan.items:
            refs = tuple(
                r.model_copy(update={"target": index.get((_key(r.doc_number) or "", r.item or ""))})
                for r in item.reports_on
            )
            for r in refs:
                if r.target is not None and r.target != item.id:
                    reported[r.target].extend(item.progress)
            items.append(item.model_copy(update={"reports_on": refs}) if refs != item.reports_on else item)
        plans.append(plan.model_copy(update={"items": tuple(items)}))
    settled = []
    for plan in plans:
        # one item listed twice (the same 来源 in two sections) has one status, from both rows
        group: dict[str, list[Progress]] = defaultdict(list)
        for item in plan.items:
            group[item.same_as or item.id].extend([*reported[item.id], *item.progress])
        settled.append(plan.model_copy(update={"items": tuple(
            _with_status(i, status_source(group[i.same_as or i.id])) for i in plan.items
        )}))
    return chain(corpus.model_copy(update={"plans": tuple(settled)}))


def _with_status(item: Item, source: Progress | None) -> Item:
    status, origin = (source.status, source.id) if source else (None, None)
    if (status, origin) == (item.status, item.status_from):
        return item
    return item.model_copy(update={"status": status, "status_from": origin})
