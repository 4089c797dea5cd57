"""The corpus as the workbench's pages see it at one moment (:class:`Snapshot`), its figures
computed once and kept; per issuer, so that a correction recomputes only the issuer it touched.

>>> from dutygraph.importers.reading import parse
>>> corpus = parse("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头，财务科配合）\\n")
>>> snap = Snapshot(corpus, (), (), (), 1)
>>> [(r.office, r.leads, r.supports) for r in snap.workload()]
[('基建科', 1, 0), ('财务科', 0, 1)]
>>> [snap.refs[i] for i in snap.items]
['1']
"""

from __future__ import annotations

import datetime as dt
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx

from dutygraph.errors import Message
from dutygraph.ontology.correct import StaleCorrection
from dutygraph.ontology.model import Corpus, Item, Plan, display_ref
from dutygraph.workbench.edits import Edit

__all__ = ["TIERS", "Refused", "Snapshot", "fold"]

TIERS = ("overdue", "due", "upcoming", "later", "completed", "no_deadline")
"""Deadline tiers, most urgent first (an item takes its most urgent target's)."""


def fold(text: str) -> str:
    """Text as search compares it: full-width forms folded, latin lower case.

    >>> fold("ＡＢ处 ")
    'ab处'
    """
    return unicodedata.normalize("NFKC", text).strip().lower()


@dataclass(frozen=True)
class Refused:
    """A document that was not read, and the one-line reason."""

    name: str
    reason: Message


class Snapshot:
    """The corpus as the pages see it at one moment; figures computed once and kept."""

    def __init__(self, corpus: Corpus, refused: tuple[Refused, ...], stale: tuple[StaleCorrection, ...],
                 edits: tuple[Edit, ...], version: int, *, reading: int = 0,
                 shared: dict[tuple[Any, ...], Any] | None = None) -> None:
        self.corpus, self.refused, self.stale, self.edits, self.version = corpus, refused, stale, edits, version
        self.reading = reading
        self.shared = {} if shared is None else shared
        self._lock = threading.RLock()
        self._cache: dict[tuple[Any, ...], Any] = {}

    def memo(self, key: tuple[Any, ...], compute: Any) -> Any:
        """``compute()`` once per snapshot and key."""
        with self._lock:
            if key not in self._cache:
                self._cache[key] = compute()
            return self._cache[key]

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        from dutygraph.graph.convert import to_networkx

        return to_networkx(self.corpus)

    @cached_property
    def orgs(self) -> dict[str, str]:
        return {o.id: o.name for o in self.corpus.organizations}

    @cached_property
    def parties(self) -> dict[str, Any]:
        return {p.id: p for p in self.corpus.parties}

    @cached_property
    def leaders(self) -> dict[str, Any]:
        return {leader.id: leader for leader in self.corpus.leaders}

    @cached_property
    def plans(self) -> dict[str, Plan]:
        return {p.id: p for p in self.corpus.plans}

    @cached_property
    def items(self) -> dict[str, tuple[Plan, Item]]:
        return {i.id: (p, i) for p in self.corpus.plans for i in p.items}

    @cached_property
    def refs(self) -> dict[str, str]:
        """Each item's ref as a reader looks for it (二.2)."""
        out = {}
        for plan in self.corpus.plans:
            by_id = {i.id: i for i in plan.items}
            out.update({i.id: display_ref(i, by_id) for i in plan.items})
        return out

    def top(self, item: str) -> str:
        """The top-level item of ``item`` (a sub-measure's parent, followed up)."""
        seen = {item}
        parent = self.items[item][1].parent
        while parent and parent in self.items and parent not in seen:
            item, parent = parent, self.items[parent][1].parent
            seen.add(item)
        return item

    def children(self, item: str) -> list[Item]:
        return [i for i in self.items[item][0].items if i.parent == item]

    # -- figures, per issuer: each issuer's plans make a graph of their own, and an issuer whose
    # plans a correction did not touch keeps its figures from the snapshot before
    @cached_property
    def issuer_plans(self) -> dict[str, tuple[Plan, ...]]:
        """Each issuer's plans (a plan with two issuers is in both)."""
        out: dict[str, list[Plan]] = defaultdict(list)
        for plan in self.corpus.plans:
            for org in plan.issuers:
                out[org].append(plan)
        return {org: tuple(plans) for org, plans in out.items()}

    def _fingerprint(self, org: str) -> tuple[Any, ...]:
        return self.memo(("print", org), lambda: (self.reading, org, *(
            (p.id, tuple(c for i in p.items for c in i.corrections)) for p in self.issuer_plans.get(org, ()))))

    def figure(self, kind: str, org: str, compute: Any, *extra: Any) -> Any:
        """``compute()`` once per issuer, kind and state of that issuer's plans (kept across snapshots)."""
        key = (kind, self._fingerprint(org), *extra)
        with self._lock:
            if key not in self.shared:
                self.shared[key] = compute()
            return self.shared[key]

    def issuer_graph(self, org: str) -> nx.MultiDiGraph:
        """The graph of one issuer's plans and the parties, leaders and issuers they name."""
        def compute() -> nx.MultiDiGraph:
            from dutygraph.graph.convert import to_networkx

            plans = self.issuer_plans.get(org, ())
            named = {a.party for p in plans for i in p.items for a in i.assignments}
            people = ({r.leader for p in plans for i in p.items for r in i.responsibilities}
                      | {r.leader for p in plans for s in p.sections for r in s.responsibilities})
            orgs = {o for p in plans for o in p.issuers} | {self.parties[n].issuer for n in named if n in self.parties}
            return to_networkx(Corpus(
                organizations=tuple(o for o in self.corpus.organizations if o.id in orgs),
                parties=tuple(p for p in self.corpus.parties if p.id in named),
                leaders=tuple(x for x in self.corpus.leaders if x.id in people), plans=plans))

        return self.figure("graph", org, compute)

    def workload(self, issuer: str | None = None, *, collectives: bool = False) -> list[Any]:
        """Offices ranked by load within their issuer (:func:`~dutygraph.queries.workload.office_workload`)."""
        from dutygraph.queries.workload import office_workload, within_issuers

        if issuer is None:
            return [row for org in self.issuer_plans for row in self.workload(org, collectives=collectives)]
        return self.figure("workload", issuer, lambda: within_issuers(office_workload(
            self.issuer_graph(issuer), issuer=issuer, include_collectives=collectives)), collectives)

    def roles_of(self, party: str) -> list[tuple[str, str]]:
        """(top-level item, role) behind a party's workload figures, in reading order."""
        found = self.parties.get(party)
        if found is None:
            return []
        row = next((r for r in self.workload(found.issuer, collectives=True) if r.party == party), None)
        return [(ref.item, ref.role) for ref in row.items] if row else []

    def overloaded(self, issuer: str | None = None) -> list[Any]:
        """The overloaded offices of each issuer, with the rule's threshold and why."""
        from dutygraph.queries.workload import overloaded

        if issuer is None:
            return [row for org in self.issuer_plans for row in self.overloaded(org)]
        return self.figure("overloaded", issuer, lambda: overloaded(self.workload(issuer), by_issuer=True))

    def targets(self, as_of: dt.date) -> list[Any]:
        """Every target in its tier on ``as_of`` (:func:`~dutygraph.queries.targets.targets_by_deadline`)."""
        from dutygraph.queries.targets import targets_by_deadline

        seen: dict[str, Any] = {}
        for org in self.issuer_plans:
            rows = self.figure("targets", org, lambda org=org: targets_by_deadline(
                self.issuer_graph(org), as_of=as_of, issuer=org), as_of)
            for row in rows:
                seen.setdefault(row.target, row)
        return list(seen.values())

    def leader_rows(self) -> list[Any]:
        """Every leader's items, offices and targets (:func:`~dutygraph.queries.workload.leader_workload`)."""
        from dutygraph.queries.workload import leader_workload

        return [row for org in self.issuer_plans
                for row in self.figure("leaders", org, lambda org=org: leader_workload(self.issuer_graph(org), issuer=org))]

    def warm(self, as_of: dt.date) -> None:
        """Compute what the overview needs, issuer by issuer (run in the background after a change)."""
        for org in list(self.issuer_plans):
            self.overloaded(org)
            self.workload(org, collectives=True)
        self.item_tiers(as_of)

    def item_tiers(self, as_of: dt.date) -> dict[str, tuple[str, dt.date | None]]:
        """Each top-level item's most urgent tier on ``as_of`` and that target's deadline."""
        def compute() -> dict[str, tuple[str, dt.date | None]]:
            tiers: dict[str, tuple[str, dt.date | None]] = {}
            for row in self.targets(as_of):
                top = self.top(row.item) if row.item in self.items else row.item
                now = tiers.get(top)
                if now is None or TIERS.index(row.status) < TIERS.index(now[0]):
                    tiers[top] = (row.status, row.deadline)
            return tiers

        return self.memo(("tiers", as_of), compute)

    @cached_property
    def roles(self) -> dict[str, dict[str, str]]:
        """Top-level item → party → role (lead when it leads the item or any sub-measure)."""
        out: dict[str, dict[str, str]] = defaultdict(dict)
        for plan in self.corpus.plans:
            for item in plan.items:
                top = self.top(item.id)
                for a in sorted(item.assignments, key=lambda a: a.order):
                    if out[top].get(a.party) != "lead":
                        out[top][a.party] = a.role
        return out

    @cached_property
    def item_leaders(self) -> dict[str, list[str]]:
        """Top-level item → the leaders named on it, its sub-measures or its section."""
        out: dict[str, list[str]] = defaultdict(list)
        for plan in self.corpus.plans:
            sections = {s.id: s for s in plan.sections}
            for item in plan.items:
                named = [r.leader for r in item.responsibilities]
                section = sections.get(item.section or "")
                while section is not None:
                    named += [r.leader for r in section.responsibilities]
                    section = sections.get(section.parent or "")
                top = out[self.top(item.id)]
                top += [leader for leader in named if leader not in top]
        return out

    def issuers_of(self, item: str) -> tuple[str, ...]:
        return self.items[item][0].issuers

    @cached_property
    def doubtful(self) -> list[tuple[str, str]]:
        """Facts waiting for review: (item, why), items with an inferred lead or none first."""
        out = []
        for plan in self.corpus.plans:
            for item in plan.items:
                if item.parent or item.same_as or item.corrections:
                    continue
                if not item.assignments:
                    continue
                rules = {a.rule for a in item.assignments if a.role == "lead"}
                if not rules:
                    out.append((item.id, "no_lead"))
                elif rules == {"first_listed"}:
                    out.append((item.id, "first_listed"))
                elif item.open_list:
                    out.append((item.id, "open_list"))
        return out

    @cached_property
    def search_index(self) -> list[tuple[str, str, str, str]]:
        """(kind, id, label, folded text searched) for items, offices, leaders and targets."""
        rows: list[tuple[str, str, str, str]] = []
        for party in self.corpus.parties:
            surfaces = {party.name, *party.aliases}
            rows.append((party.kind, party.id, party.name, fold(" ".join(surfaces))))
        for leader in self.corpus.leaders:
            rows.append(("leader", leader.id, leader.name, fold(leader.name)))
        for plan in self.corpus.plans:
            rows.append(("plan", plan.id, plan.title, fold(plan.title)))
            for item in plan.items:
                rows.append(("item", item.id, item.title, fold(f"{item.title} {item.text}")))
                rows += [("target", item.id, target.text, fold(target.text)) for target in item.targets]
        return rows

    def names(self, party: str) -> set[str]:
        """Every form of a party's name (canonical and as written), folded."""
        found = self.parties.get(party)
        return {fold(n) for n in ((found.name, *found.aliases) if found else ())}
