"""Applying corrections to a corpus read from documents, and saying which no longer match.

:func:`apply_corrections` runs after extraction, on every import: the documents are read as
they are, then each entry of the corrections files (:mod:`.corrections`) is applied to the
item it names. What each operation changed is recorded on the item (``Item.corrections``:
the operation, before and after, the file and line), and what it added points at that line
(an office added or set as lead has the correction as its span, a status set is a progress
record whose span is the correction). Nothing is applied twice: corrections start from the
extraction each time, so re-importing with the same files gives the same corpus.

A correction that no longer matches — the item is gone, the office is not on the item, the
target is not there, or the document already says what the correction asks — is not applied
and is returned in ``stale`` with its line, to be reported; so are those whose plan is not
among the documents read (marked ``unread``: nothing says the document changed).

>>> from dutygraph.importers.reading import parse
>>> from dutygraph.ontology.corrections import parse_corrections
>>> corpus = parse("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头，财务科配合）\\n", source="plan.txt")
>>> fixes = parse_corrections("plan: plan.txt\\ncorrections:\\n  - item: '1'\\n    set_lead: 财务科\\n"
...                           "  - item: '9'\\n    drop_target: 1\\n", "fix.yaml")
>>> done = apply_corrections(corpus, fixes)
>>> item = done.corpus.plans[0].items[0]
>>> [(a.surface, a.role, a.rule) for a in item.assignments]
[('基建科', 'support', 'corrected'), ('财务科', 'lead', 'corrected')]
>>> [(c.op, c.before, c.after, c.cite()) for c in item.corrections]
[('set_lead', '基建科', '财务科', 'fix.yaml:4')]
>>> from dutygraph.i18n import language
>>> with language("en"):
...     [str(s) for s in done.stale]
['fix.yaml:5: plan.txt has no item 9 (the document changed?)']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dutygraph.errors import Message
from dutygraph.ontology.corrections import CorrectionEntry, CorrectionOperation
from dutygraph.ontology.ids import make_id
from dutygraph.ontology.links import link
from dutygraph.ontology.model import (
    Assignment,
    Collective,
    Correction,
    Corpus,
    Item,
    Leader,
    Office,
    Organization,
    Party,
    Plan,
    Progress,
    Responsibility,
    SourceSpan,
    Target,
    display_ref,
)
from dutygraph.ontology.offices import AliasTable, owner_of, party_key, resolve, unit_suffix

__all__ = ["Corrected", "StaleCorrection", "apply_corrections"]


@dataclass(frozen=True)
class StaleCorrection:
    """A correction that was not applied, and why; ``unread`` when its plan is simply not
    among the documents read (a command run on some of them), not changed."""

    file: str
    line: int
    message: Message
    unread: bool = False

    def __str__(self) -> str:
        return str(Message("at", where=f"{self.file}:{self.line}", message=self.message))


@dataclass(frozen=True)
class Corrected:
    """The corrected corpus and the corrections that no longer match."""

    corpus: Corpus
    stale: tuple[StaleCorrection, ...] = ()


class _NoMatch(Exception):
    """An operation that does not match the item as read: ``stale.<code>`` says why."""

    def __init__(self, code: str, **params: object) -> None:
        self.message = Message(f"stale.{code}", **params)
        super().__init__(code)


def _plans_named(corpus: Corpus, name: str) -> list[Plan]:
    return [p for p in corpus.plans if name in (p.id, p.source.name, p.title)]


class _Applier:
    def __init__(self, corpus: Corpus, table: AliasTable) -> None:
        self.corpus, self.table = corpus, table
        self.orgs = {o.id: o for o in corpus.organizations}
        self.parties: dict[str, Party] = {p.id: p for p in corpus.parties}
        self.leaders: dict[str, Leader] = {v.id: v for v in corpus.leaders}
        self.items: dict[str, dict[str, Item]] = {p.id: {i.id: i for i in p.items} for p in corpus.plans}
        self.stale: list[StaleCorrection] = []
        self.current_file = ""

    def entry(self, entry: CorrectionEntry) -> None:
        if not entry.ops:
            return  # a listing (a template's entry left as it was): nothing to apply
        self.current_file = entry.file
        plans = _plans_named(self.corpus, entry.plan)
        if len(plans) != 1:
            why = (Message("stale.no_plan", plan=repr(entry.plan)) if not plans else
                   Message("stale.plans", plan=repr(entry.plan), count=len(plans)))
            self.stale.append(StaleCorrection(entry.file, entry.line, why, unread=not plans))
            return
        plan = plans[0]
        items = self.items[plan.id]
        found = [i for i in items.values() if display_ref(i, items) == entry.item and self._in_section(plan, i, entry.section)]
        if len(found) != 1:
            name = plan.source.name
            why = (Message("stale.items", plan=name, count=len(found), item=entry.item) if found else
                   Message("stale.no_item_in", plan=name, item=entry.item, section=entry.section) if entry.section else
                   Message("stale.no_item", plan=name, item=entry.item))
            self.stale.append(StaleCorrection(entry.file, entry.line, why))
            return
        item = found[0]
        for op in entry.ops:
            try:
                item = getattr(self, op.op)(plan, item, op)
            except _NoMatch as exc:
                self.stale.append(StaleCorrection(entry.file, op.line, Message(
                    "stale.op", op=op.op, item=entry.item, plan=plan.source.name, reason=exc.message)))
        items[item.id] = item

    def _in_section(self, plan: Plan, item: Item, section: str | None) -> bool:
        if section is None:
            return True
        sec = next((s for s in plan.sections if s.id == item.section), None)
        return sec is not None and (section in (sec.ordinal, sec.title) or section in f"{sec.ordinal}{sec.title}")

    # -- offices ------------------------------------------------------------------------
    def party(self, plan: Plan, surface: str) -> str:
        """The id of the party ``surface`` names for ``plan`` (added to the corpus if new)."""
        orgs: list[Organization] = [self.orgs[o] for o in plan.issuers]
        owner = owner_of(surface, orgs)
        unit = unit_suffix(a.surface for i in plan.items for a in i.assignments)
        res = resolve(surface, table=self.table, issuer=owner.name, unit=unit)
        pid = make_id(res.kind, owner.id, party_key(res.name))
        if pid not in self.parties:
            aliases = (surface,) if surface != res.name else ()
            self.parties[pid] = (Collective(id=pid, issuer=owner.id, name=res.name, aliases=aliases, scope=res.scope)
                                 if res.kind == "collective" and res.scope else
                                 Office(id=pid, issuer=owner.id, name=res.name, aliases=aliases))
        return pid

    def _name(self, pid: str) -> str:
        return self.parties[pid].name

    @staticmethod
    def _span(entry_op: CorrectionOperation, file: str) -> SourceSpan:
        return SourceSpan(file=file, line=entry_op.line, end_line=entry_op.line, start=0, end=0, text=entry_op.text)

    def _record(self, item: Item, op: CorrectionOperation, file: str, before: str | None, after: str | None,
                **update: object) -> Item:
        fix = Correction(op=op.op, file=file, line=op.line, before=before, after=after)
        return item.model_copy(update={**update, "corrections": (*item.corrections, fix)})

    def _assigned(self, plan: Plan, item: Item, office: str) -> tuple[str, Assignment | None]:
        pid = self.party(plan, office)
        return pid, next((a for a in item.assignments if a.party == pid), None)

    def _new(self, item: Item, pid: str, op: CorrectionOperation, role: str) -> Assignment:
        order = max((a.order for a in item.assignments), default=-1) + 1
        return Assignment(party=pid, surface=op.value["office"], role=role, rule="corrected", order=order,  # type: ignore[arg-type]
                          span=self._span(op, self.current_file))

    def set_lead(self, plan: Plan, item: Item, op: CorrectionOperation) -> Item:
        pid, found = self._assigned(plan, item, op.value["office"])
        leads = [a for a in item.assignments if a.role == "lead"]
        if found is not None and leads == [found]:
            raise _NoMatch("leads", office=self._name(pid))
        rows = [a.model_copy(update={"role": "support", "rule": "corrected"}) if a.role == "lead" and a.party != pid
                else a.model_copy(update={"role": "lead", "rule": "corrected"}) if a.party == pid else a
                for a in item.assignments]
        if found is None:
            rows.append(self._new(item, pid, op, "lead"))
        before = "、".join(self._name(a.party) for a in leads) or None
        return self._record(item, op, self.current_file, before, self._name(pid), assignments=tuple(rows))

    def add_office(self, plan: Plan, item: Item, op: CorrectionOperation) -> Item:
        pid, found = self._assigned(plan, item, op.value["office"])
        if found is not None:
            raise _NoMatch("on_it", office=self._name(pid), role=found.role)
        rows = (*item.assignments, self._new(item, pid, op, op.value["role"]))
        return self._record(item, op, self.current_file, None, f"{self._name(pid)} ({op.value['role']})",
                            assignments=rows)

    def remove_office(self, plan: Plan, item: Item, op: CorrectionOperation) -> Item:
        pid, found = self._assigned(plan, item, op.value["office"])
        if found is None:
            raise _NoMatch("not_on_it", office=self._name(pid))
        rows = tuple(a for a in item.assignments if a.party != pid)
        return self._record(item, op, self.current_file, f"{self._name(pid)} ({found.role})", None, assignments=rows)

    def set_role(self, plan: Plan, item: Item, op: CorrectionOperation) -> Item:
        pid, found = self._assigned(plan, item, op.value["office"])
        if found is None:
            raise _NoMatch("not_on_it", office=self._name(pid))
        if found.role == op.value["role"]:
            raise _NoMatch("role", office=self._name(pid), role=found.role)
        rows = tuple(a.model_copy(update={"role": op.value["role"], "rule": "corrected"}) if a is found else a
                     for a in item.assignments)
        return self._record(item, op, self.current_file, f"{self._name(pid)}: {found.role}",
                            f"{self._name(pid)}: {op.value['role']}", assignments=rows)

    # -- targets --------------------------------------------------------------------------
    @staticmethod
    def _chosen(item: Item, which: int | str | None) -> list[Target]:
        if which is None:
            return list(item.targets)
        if isinstance(which, int):
            if which > len(item.targets):
                raise _NoMatch("target_count", count=len(item.targets), which=which)
            return [item.targets[which - 1]]
        found = [t for t in item.targets if t.text == which]
        if len(found) != 1:
            if found:
                raise _NoMatch("targets_read", count=len(found), which=which)
            raise _NoMatch("no_target", which=which)
        return found

    def drop_target(self, plan: Plan, item: Item, op: CorrectionOperation) -> Item:
        (target,) = self._chosen(item, op.value["target"])
        rest = tuple(t for t in item.targets if t.id != target.id)
        return self._record(item, op, self.current_file, target.text, None, targets=rest)

    def set_value(self, plan: Plan, item: Item, op: CorrectionOperation) -> Item:
        chosen = self._chosen(item, op.value["target"])
        if len(chosen) != 1:
            raise _NoMatch("say_which", count=len(chosen))
        old = chosen[0]
        new = old.model_copy(update={"value": op.value["value"], "unit": op.value["unit"] or old.unit,
                                     "comparator": op.value["comparator"] or old.comparator or "="})
        if _figure(new) == _figure(old):
            raise _NoMatch("value", figure=_figure(old))
        targets = tuple(new if t.id == old.id else t for t in item.targets)
        return self._record(item, op, self.current_file, _figure(old), _figure(new), targets=targets)

    def set_deadline(self, plan: Plan, item: Item, op: CorrectionOperation) -> Item:
        due = op.value["deadline"]
        chosen = self._chosen(item, op.value["target"]) if item.targets else []
        if chosen and all(t.deadline == due for t in chosen):
            raise _NoMatch("due", due=due)
        before = "、".join(sorted({str(t.deadline) for t in chosen if t.deadline})) or None
        update = {"deadline": due, "deadline_rule": "corrected", "schedule": None}
        ids = {t.id for t in chosen}
        targets = [t.model_copy(update=update) if t.id in ids else t for t in item.targets]
        if not chosen:  # an item with no target becomes a milestone of that date
            targets.append(Target(id=make_id("target", item.id, "corrected", self.current_file, op.line),
                                  order=len(item.targets), text=item.title, deadline=due, deadline_rule="corrected",
                                  span=self._span(op, self.current_file)))
        return self._record(item, op, self.current_file, before, str(due), targets=tuple(targets))

    def set_status(self, plan: Plan, item: Item, op: CorrectionOperation) -> Item:
        status = op.value["status"]
        if item.status == status:
            raise _NoMatch("status", status=status)
        progress = Progress(id=make_id("progress", item.id, "corrected", self.current_file, op.line),
                            text=op.value["note"], as_of=op.value["as_of"], status=status, status_rule="corrected",
                            span=self._span(op, self.current_file))
        return self._record(item, op, self.current_file, item.status, status,
                            progress=(*item.progress, progress), status=status, status_from=progress.id)

    # -- leaders ---------------------------------------------------------------------------
    def remove_leader(self, plan: Plan, item: Item, op: CorrectionOperation) -> Item:
        name = op.value["leader"]
        gone = [r for r in item.responsibilities
                if name in (r.surface, self.leaders[r.leader].name if r.leader in self.leaders else r.surface)]
        if not gone:
            raise _NoMatch("not_leader", leader=name)
        rest = tuple(r for r in item.responsibilities if r not in gone)
        return self._record(item, op, self.current_file, name, None, responsibilities=rest)

    def set_leader(self, plan: Plan, item: Item, op: CorrectionOperation) -> Item:
        name, title = op.value["leader"], op.value["title"]
        issuer = plan.issuers[0]
        lid = make_id("leader", issuer, name)
        if [r.leader for r in item.responsibilities] == [lid]:
            raise _NoMatch("leader", leader=name)
        self.leaders.setdefault(lid, Leader(id=lid, issuer=issuer, name=name, title=title))
        label = op.value["label"] or next((r.label for r in item.responsibilities), "责任领导")
        before = "、".join(r.surface for r in item.responsibilities) or None
        named = Responsibility(leader=lid, surface=name, label=label, span=self._span(op, self.current_file))
        return self._record(item, op, self.current_file, before, name, responsibilities=(named,))
    # -- links to a higher-level plan's item (issue 25) ---------------------------------------
    def _higher(self, plan: Plan, op: CorrectionOperation) -> Item:
        plans = [p for p in _plans_named(self.corpus, op.value["plan"]) if p.id != plan.id]
        if len(plans) != 1:
            if plans:
                raise _NoMatch("plans", plan=repr(op.value["plan"]), count=len(plans))
            raise _NoMatch("no_plan", plan=repr(op.value["plan"]))
        items = self.items[plans[0].id]
        found = [i for i in items.values() if display_ref(i, items) == op.value["item"]
                 and self._in_section(plans[0], i, op.value.get("section"))]
        if len(found) != 1:
            if found:
                raise _NoMatch("higher_items", plan=plans[0].source.name, count=len(found), item=op.value["item"])
            raise _NoMatch("no_higher_item", plan=plans[0].source.name, item=op.value["item"])
        return found[0]

    def confirm_link(self, plan: Plan, item: Item, op: CorrectionOperation) -> Item:
        target = self._higher(plan, op)
        link = next((c for c in item.derived_from if c.target == target.id), None)
        if link is None:
            raise _NoMatch("no_link_add", item=op.value["item"], plan=op.value["plan"])
        return self._record(item, op, self.current_file, link.evidence, target.id)

    def reject_link(self, plan: Plan, item: Item, op: CorrectionOperation) -> Item:
        target = self._higher(plan, op)
        link = next((c for c in item.derived_from if c.target == target.id), None)
        if link is None:
            raise _NoMatch("no_link", item=op.value["item"], plan=op.value["plan"])
        return self._record(item, op, self.current_file, link.evidence, target.id,
                            derived_from=tuple(c for c in item.derived_from if c is not link))

    def add_link(self, plan: Plan, item: Item, op: CorrectionOperation) -> Item:
        target = self._higher(plan, op)
        if any(c.target == target.id for c in item.derived_from):
            raise _NoMatch("linked", item=op.value["item"], plan=op.value["plan"])
        return self._record(item, op, self.current_file, None, target.id)

    def result(self) -> Corpus:
        plans = tuple(p.model_copy(update={"items": tuple(self.items[p.id][i.id] for i in p.items)})
                      for p in self.corpus.plans)
        named = {r.leader for p in plans for i in p.items for r in i.responsibilities}
        named |= {r.leader for p in plans for s in p.sections for r in s.responsibilities}
        leaders = tuple(v for v in self.leaders.values() if v.id in named)
        return link(self.corpus.model_copy(update={"plans": plans, "leaders": leaders, "parties": tuple(sorted(
            self.parties.values(), key=lambda p: p.id))}))


def _figure(target: Target) -> str | None:
    """``>= 5 所``: a target's figure as a correction reports it."""
    if target.value is None:
        return None
    return f"{target.comparator or ''} {target.value:g} {target.unit or ''}".strip()


def apply_corrections(corpus: Corpus, entries: Iterable[CorrectionEntry], *,
                      table: AliasTable | None = None) -> Corrected:
    """Apply corrections file entries to ``corpus``; ``table`` resolves the offices they name
    (the alias table the documents were read with)."""
    applier = _Applier(corpus, table or AliasTable.builtin())
    for entry in entries:
        applier.entry(entry)
    return Corrected(applier.result(), tuple(applier.stale))
