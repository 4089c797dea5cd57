"""Chains of tasks across levels as rows: the links, each task's counterparts, what is missing.

The links are made when the documents are read (:mod:`dutygraph.ontology.chains`); these
functions read them off a corpus (making them again first, so that a corpus merged from
several stores is linked across them too):

* :func:`links` — one row per link: both items (plan title, ref, title, level, the lower one's
  offices), the rule, the basis, the score, the confidence and the evidence; ``explain`` adds
  both passages and their places;
* :func:`counterparts` — per higher-level task, its counterparts down the levels (depth 1: the
  item that carries it out, depth 2: the item that carries that out …) and the offices at each;
* :func:`unassigned` — tasks of a plan that others carry out, with the plans that carry out
  some of its tasks but not this one (未分解落实);
* :func:`orphans` — items of plans that carry out a higher plan which carry out nothing above
  them;
* :func:`levels` — every issuer's level and how it was decided.

>>> from dutygraph.ontology.chains import merged
>>> from dutygraph.importers.reading import parse
>>> corpus = merged(parse("国务院办公厅关于印发乙方案的通知\\n国办发〔2030〕3号\\n1.建设山区学校食堂。（教育部牵头）\\n"
...                       "2.建立校长轮岗交流制度。（教育部牵头）\\n", source="n.txt"),
...                 parse("甲省乙实施方案\\n1.落实国办发〔2030〕3号第1项，建设山区学校食堂。（省教育厅牵头）\\n"
...                       "2.开展校园足球联赛。（省体育局牵头）\\n", source="p.txt"))
>>> [(r.higher_ref, r.lower_ref, r.rule, r.lower_offices) for r in links(corpus)]
[('1', '1', 'cites_item', ['省教育厅'])]
>>> [(r.ref, r.missing_in) for r in unassigned(corpus)]
[('2', ['甲省乙实施方案'])]
>>> [(r.ref, r.title) for r in orphans(corpus)]
[('2', '开展校园足球联赛。')]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from dutygraph.ontology.model import ChainLink, Corpus, Item, Plan, display_ref

__all__ = ["CounterpartRow", "LevelRow", "LinkRow", "OrphanRow", "UnassignedRow", "counterparts", "levels", "links",
           "orphans", "unassigned"]


@dataclass(frozen=True)
class LinkRow:
    """A lower item that carries out a higher one, and why it is thought to."""

    higher_level: str | None
    higher_plan: str
    higher_ref: str
    higher_title: str
    lower_level: str | None
    lower_plan: str
    lower_ref: str
    lower_title: str
    lower_offices: list[str]
    rule: str
    basis: str
    score: float
    confidence: float
    confirmed: bool
    evidence: str
    higher_source: str
    lower_source: str
    higher_text: str | None = None
    lower_text: str | None = None


@dataclass(frozen=True)
class CounterpartRow:
    """A higher-level task and one of its counterparts below it (``depth`` levels of links down)."""

    level: str | None
    plan: str
    ref: str
    title: str
    offices: list[str]
    depth: int
    counterpart_level: str | None
    counterpart_plan: str
    counterpart_ref: str
    counterpart_title: str
    counterpart_offices: list[str]
    rule: str
    confidence: float
    source: str


@dataclass(frozen=True)
class UnassignedRow:
    """A task that plans carrying out its plan leave out (未分解落实)."""

    level: str | None
    plan: str
    ref: str
    title: str
    offices: list[str]
    missing_in: list[str]
    taken_up_by: list[str]
    source: str


@dataclass(frozen=True)
class OrphanRow:
    """An item of a plan that carries out a higher one, which itself carries out nothing above."""

    level: str | None
    plan: str
    ref: str
    title: str
    offices: list[str]
    carries_out: list[str]
    source: str


@dataclass(frozen=True)
class LevelRow:
    """An issuer's level, the rule that placed it and the words it rests on."""

    issuer: str
    level: str | None
    rule: str | None
    evidence: str | None
    plans: list[str] = field(default_factory=list)


class _View:
    """Items, plans, levels and offices of a linked corpus, and the links pointing at each item."""

    def __init__(self, corpus: Corpus) -> None:
        from dutygraph.ontology.chains import chain

        corpus = chain(corpus)
        self.corpus = corpus
        self.plan_of: dict[str, Plan] = {}
        self.items: dict[str, Item] = {}
        self.refs: dict[str, str] = {}
        for plan in corpus.plans:
            by_id = {i.id: i for i in plan.items}
            for item in plan.items:
                self.plan_of[item.id], self.items[item.id] = plan, item
                self.refs[item.id] = display_ref(item, by_id)
        orgs = {o.id: o for o in corpus.organizations}
        self.level = {p.id: next((orgs[i].level for i in p.issuers if i in orgs and orgs[i].level), None)
                      for p in corpus.plans}
        self.names = {p.id: p.name for p in corpus.parties}
        self.below: dict[str, list[tuple[Item, ChainLink]]] = defaultdict(list)
        for item in self.items.values():
            for link in item.derived_from:
                if link.target in self.items:
                    self.below[link.target].append((item, link))

    def offices(self, item: Item) -> list[str]:
        """The offices on an item, leads first."""
        ordered = sorted(item.assignments, key=lambda a: (a.role != "lead", a.order))
        return list(dict.fromkeys(self.names.get(a.party, a.surface) for a in ordered))

    def linked_up(self, item: Item) -> bool:
        """Whether the item or one of the items it is part of carries out a higher item."""
        seen = set()
        while item.id not in seen:
            seen.add(item.id)
            if item.derived_from:
                return True
            if not item.parent or item.parent not in self.items:
                return False
            item = self.items[item.parent]
        return False


def _in_scope(plan: Plan, scope: str | None) -> bool:
    return scope is None or scope in (plan.id, plan.source.name, plan.title)


def links(corpus: Corpus, *, plan: str | None = None, explain: bool = False) -> list[LinkRow]:
    """Every link, in the lower plans' reading order (``plan``: the links either end of which is in it)."""
    view = _View(corpus)
    rows = []
    for item in view.items.values():
        lower_plan = view.plan_of[item.id]
        for link in item.derived_from:
            target = view.items.get(link.target)
            if target is None:
                continue
            higher_plan = view.plan_of[target.id]
            if not (_in_scope(lower_plan, plan) or _in_scope(higher_plan, plan)):
                continue
            rows.append(LinkRow(
                higher_level=view.level[higher_plan.id], higher_plan=higher_plan.title, higher_ref=view.refs[target.id],
                higher_title=target.title, lower_level=view.level[lower_plan.id], lower_plan=lower_plan.title,
                lower_ref=view.refs[item.id], lower_title=item.title, lower_offices=view.offices(item), rule=link.rule,
                basis=link.basis, score=link.score, confidence=link.confidence, confirmed=link.confirmed,
                evidence=link.evidence, higher_source=target.span.cite(), lower_source=item.span.cite(),
                higher_text=target.span.text if explain else None, lower_text=item.span.text if explain else None,
            ))
    return rows


def counterparts(corpus: Corpus, *, plan: str | None = None) -> list[CounterpartRow]:
    """Per task that something carries out, its counterparts down the levels (depth first)."""
    view = _View(corpus)
    rows: list[CounterpartRow] = []
    for item in view.items.values():
        if view.below.get(item.id) and not item.derived_from and _in_scope(view.plan_of[item.id], plan):
            _walk(view, item, item, 1, frozenset({item.id}), rows)  # a chain is shown from its highest task
    return rows


def _walk(view: _View, top: Item, task: Item, depth: int, seen: frozenset[str], rows: list[CounterpartRow]) -> None:
    top_plan = view.plan_of[top.id]
    for lower, link in view.below.get(task.id, []):
        if lower.id in seen:
            continue
        lower_plan = view.plan_of[lower.id]
        rows.append(CounterpartRow(
            level=view.level[top_plan.id], plan=top_plan.title, ref=view.refs[top.id], title=top.title,
            offices=view.offices(top), depth=depth, counterpart_level=view.level[lower_plan.id],
            counterpart_plan=lower_plan.title, counterpart_ref=view.refs[lower.id], counterpart_title=lower.title,
            counterpart_offices=view.offices(lower), rule=link.rule, confidence=link.confidence,
            source=lower.span.cite(),
        ))
        _walk(view, top, lower, depth + 1, seen | {lower.id}, rows)


def _carrying_out(view: _View) -> dict[str, set[str]]:
    """Higher plan id → the plans with items carrying out its items, or citing it."""
    out: dict[str, set[str]] = defaultdict(set)
    for item in view.items.values():
        for link in item.derived_from:
            if link.target in view.items:
                out[view.plan_of[link.target].id].add(view.plan_of[item.id].id)
    for p in view.corpus.plans:
        for cite in p.cites:
            if cite.target:
                out[cite.target].add(p.id)
    return out


def unassigned(corpus: Corpus, *, plan: str | None = None) -> list[UnassignedRow]:
    """Tasks of plans others carry out that some of those plans leave out (未分解落实)."""
    view = _View(corpus)
    by_plan = {p.id: p for p in view.corpus.plans}
    rows = []
    for higher, lowers in _carrying_out(view).items():
        hp = by_plan[higher]
        if not _in_scope(hp, plan):
            continue
        for item in hp.items:
            if item.parent and view.below.get(item.parent):
                continue  # its item is carried out as a whole
            taking = {view.plan_of[lower.id].id for lower, _ in view.below.get(item.id, [])}
            missing = [by_plan[p].title for p in sorted(lowers - taking, key=list(by_plan).index)]
            if missing:
                rows.append(UnassignedRow(
                    level=view.level[hp.id], plan=hp.title, ref=view.refs[item.id], title=item.title,
                    offices=view.offices(item), missing_in=missing,
                    taken_up_by=[by_plan[p].title for p in sorted(taking, key=list(by_plan).index)],
                    source=item.span.cite(),
                ))
    return rows


def orphans(corpus: Corpus, *, plan: str | None = None) -> list[OrphanRow]:
    """Items of plans that carry out a higher plan, that carry out nothing above them."""
    view = _View(corpus)
    implementing: dict[str, set[str]] = defaultdict(set)
    for higher, lowers in _carrying_out(view).items():
        for lower in lowers:
            implementing[lower].add(higher)
    by_plan = {p.id: p for p in view.corpus.plans}
    rows = []
    for p in view.corpus.plans:
        if p.id not in implementing or not _in_scope(p, plan):
            continue
        for item in p.items:
            if view.linked_up(item) or (item.parent and item.parent in view.items):
                continue
            rows.append(OrphanRow(
                level=view.level[p.id], plan=p.title, ref=view.refs[item.id], title=item.title,
                offices=view.offices(item), carries_out=[by_plan[h].title for h in sorted(implementing[p.id])],
                source=item.span.cite(),
            ))
    return rows


def levels(corpus: Corpus) -> list[LevelRow]:
    """Every issuer's level and how it was decided, from the top level down.

    >>> from dutygraph.importers.reading import parse
    >>> [(r.issuer, r.level, r.rule) for r in levels(parse("某镇人民政府2030年工作要点\\n1.修路。（建设办负责）\\n"))]
    [('某镇人民政府', 'township', 'name')]
    """
    from dutygraph.ontology.levels import LEVELS

    view = _View(corpus)
    plans = defaultdict(list)
    for p in view.corpus.plans:
        for issuer in p.issuers:
            plans[issuer].append(p.title)
    rows = [LevelRow(issuer=o.name, level=o.level, rule=o.level_rule, evidence=o.level_evidence, plans=plans[o.id])
            for o in view.corpus.organizations]
    order = {level: i for i, level in enumerate(LEVELS)}
    return sorted(rows, key=lambda r: order.get(r.level or "", len(order)))
