"""From a parsed document to the model: identity, ids, source spans and the quality report.

Every format's parser hands over a :class:`~dutygraph.importers.structure.raw.RawDocument`; this module
resolves offices per issuer, mints the stable ids, turns offsets into source spans and checks
the numbering. :func:`assemble` then merges several plans into one :class:`Corpus`, where the
offices of one issuer meet.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable

from dutygraph.importers.assemble import PartySeen, PlanBuild
from dutygraph.importers.facts.citations import opening_citations
from dutygraph.importers.facts.horizons import annual_year, horizon_starts, horizon_years, inferred_deadline
from dutygraph.importers.facts.fields import clean
from dutygraph.importers.facts.hygiene import leader_refusal, party_refusal
from dutygraph.importers.structure.meta import is_generic_issuer, issuer_rule
from dutygraph.importers.text.normalize import Normalized
from dutygraph.importers.facts.progress import references, status_of
from dutygraph.importers.structure.raw import RawDocument, RawItem, Segment
from dutygraph.importers.facts.targets import TargetFacts
from dutygraph.ontology.ids import make_id
from dutygraph.ontology.issuers import UNNAMED, issuer_from_number
from dutygraph.ontology.model import (
    Assignment,
    Citation,
    IssuerRule,
    Item,
    Leader,
    Organization,
    Plan,
    Progress,
    QualityIssue,
    Reference,
    Responsibility,
    Section,
    SourceDocument,
    SourceSpan,
    Target,
    Task,
)
from dutygraph.ontology.offices import (
    AliasTable,
    owner_of,
    party_key,
    resolve,
    unit_suffix,
)

__all__ = ["build_plan"]


class _Builder:
    def __init__(self, raw: RawDocument, norm: Normalized, source: SourceDocument, table: AliasTable, issuer: str | None,
                 locate: Callable[[SourceSpan], SourceSpan] | None = None, key: str | None = None) -> None:
        self.raw, self.norm, self.source, self.table = raw, norm, source, table
        self.locate = locate
        self.issues: list[QualityIssue] = []
        self.orgs = [self._organization(name, rule, key or source.name)
                     for name, rule in self._issuer_names(issuer)]
        self.issuer = self.orgs[0]
        # the source's name joins the identity: two documents with one title stay two plans,
        # and an edited document at the same place replaces its own plan
        self.plan_id = make_id("plan", *[o.id for o in self.orgs], raw.year, raw.title, key or source.name)
        surfaces = [p.surface for item in raw.items for p in item.parties]
        self.unit = unit_suffix(surfaces)
        self.seen: list[PartySeen] = []
        self.leaders: dict[str, Leader] = {}
        self.annual = annual_year(raw.title, raw.year)
        self.starts = horizon_starts(norm.text, raw.title)  # N年 → the year the text says it counts from
        self.reported: dict[tuple[str | None, str | None], str] = {}  # 来源 → the first row naming it
        self.carried_doc: str | None = None

    def _issuer_names(self, issuer: str | None) -> list[tuple[str, IssuerRule]]:
        """The plan's issuers and how each was decided: the document number's prefix where the
        text names none (the document's own evidence, before any default), the default issuer
        where the document names none with a place."""
        named = self.raw.issuers or []
        if not named and (inferred := issuer_from_number(self.raw.doc_number)):
            return [(inferred, "doc_number")]
        if issuer and all(is_generic_issuer(n) for n in named):
            return [(issuer, "default")]
        if named:
            return [(n, issuer_rule(self.norm.text[:5000], n, self.raw.title)) for n in named]
        self.issue("generic_issuer", "the document names no issuer; its offices are kept to this document (give --default-issuer to name it)")
        return [(UNNAMED, "unnamed")]

    def _organization(self, name: str, rule: IssuerRule, scope: str) -> Organization:
        """An issuer; one that names no place (or no name at all) is scoped to this document."""
        qualifier = None
        if rule != "default" and (is_generic_issuer(name) or rule == "unnamed"):
            qualifier = scope
            if rule != "unnamed":
                self.issue("generic_issuer", f"issuer “{name}” names no place; its offices are kept apart from other documents' (give --default-issuer to name it)")
        doubt = "placeless" if qualifier and rule != "unnamed" else rule if rule in ("unnamed", "doc_number", "source_line") else None
        return Organization(id=make_id("org", name, qualifier), name=name, qualifier=qualifier, rule=rule, doubt=doubt)

    def issue(self, kind, message: str, start: int | None = None, item: str | None = None) -> None:
        line = self.norm.line_of(start) if start is not None else None
        self.issues.append(QualityIssue(kind=kind, message=message, line=line, item=item))

    def span(self, start: int, end: int) -> SourceSpan:
        text = self.norm.text
        while end > start and text[end - 1] in " \t\n\u3000":
            end -= 1
        span = self.norm.span(self.source.name, start, max(start, end))
        return self.locate(span) if self.locate else span

    # -- sections and items ------------------------------------------------------
    def sections(self) -> tuple[list[Section], dict[int, str]]:
        out, ids = [], {}
        used: Counter[str] = Counter()
        holding = {id(i.section) for i in self.raw.items} | {id(s.parent) for s in self.raw.sections}
        reported = sorted(i.start for i in self.raw.issues if i.kind == "empty_section" and i.start is not None)
        for sec in self.raw.sections:
            sid = make_id("section", self.plan_id, sec.path)
            used[sid] += 1
            if used[sid] > 1:  # the same heading again: a section of its own
                sid = make_id("section", self.plan_id, sec.path, used[sid])
            ids[id(sec)] = sid
            line_end = self.norm.text.find("\n", sec.start)
            end = sec.end if line_end == -1 else min(sec.end, line_end)
            out.append(Section(
                id=sid, ordinal=sec.ordinal, number=sec.number, level=sec.level, title=sec.title,
                parent=ids.get(id(sec.parent)) if sec.parent else None,
                responsibilities=tuple(self.responsibilities(sec.leaders, f"section {sec.ordinal}")),
                span=self.span(sec.start, end),
            ))
            if id(sec) not in holding and not (reported and reported[-1] >= sec.start):
                self.issue("empty_section", f"section {sec.ordinal} {sec.title} holds no items", sec.start)
        return out, ids

    def responsibilities(self, leaders, where: str) -> list[Responsibility]:
        """The leaders named (``where``: item 3, section 二); a collective or a sentence is refused."""
        out = []
        for raw in leaders:
            if why := leader_refusal(raw.name, raw.title):
                self.issue("not_a_party", f"{where}: “{raw.name[:30]}” is not taken as a leader ({why})", raw.start)
                continue
            lid = make_id("leader", self.issuer.id, raw.name)
            self.leaders.setdefault(lid, Leader(id=lid, issuer=self.issuer.id, name=raw.name, title=raw.title))
            out.append(Responsibility(leader=lid, surface=raw.name, label=raw.label, span=self.span(raw.start, raw.end)))
        return out

    def items(self, section_ids: dict[int, str]) -> list[Item]:
        self.stated_parents = {id(r.parent) for r in self.raw.items if r.parent is not None and r.parties}
        item_ids: dict[int, str] = {}
        used: Counter[str] = Counter()
        out = []
        for raw in self.raw.items:
            if raw.parent is not None:
                key = (item_ids[id(raw.parent)], raw.ref)
            else:
                key = (self.plan_id, raw.section.path if raw.section else "", raw.ref)
            iid = make_id("item", *key)
            used[iid] += 1
            if used[iid] > 1:
                self.issue("numbering_restart", f"item {raw.ref} appears {used[iid]} times in one section; later ones get their own ids", raw.start)
                iid = make_id("item", *key, used[iid])
            item_ids[id(raw)] = iid
            out.append(self.item(raw, iid, section_ids, item_ids))
        return out

    def item(self, raw: RawItem, iid: str, section_ids, item_ids) -> Item:
        assignments: list[Assignment] = []
        placed: set[str] = set()
        label = raw.ref or raw.title[:12]
        scopes: dict[str, str | None] = {}
        lost_lead = False  # a refused name was the first-listed lead: the next body takes its place
        for party in raw.parties:
            owner = owner_of(party.surface, self.orgs)
            res = resolve(party.surface, table=self.table, issuer=owner.name, unit=self.unit)
            if why := party_refusal(party.surface, res, self.table, owner.name):
                self.issue("not_a_party", f"item {label}: “{party.surface[:30]}” is not taken as a party ({why})", party.start, iid)
                lost_lead = lost_lead or (party.role == "lead" and party.rule == "first_listed")
                continue
            if res.rule == "user" and res.kind == "collective":
                self.issue("collective", f"item {label}: “{party.surface[:30]}” is a collective by the aliases file", party.start, iid)
            pid = make_id(res.kind, owner.id, party_key(res.name))
            scopes[pid] = res.scope
            self.seen.append(PartySeen(pid, res.kind, res.scope, owner.id, res.name, party.surface))
            if pid in placed:
                continue
            placed.add(pid)
            assignments.append(Assignment(
                party=pid, surface=party.surface, role=party.role, rule=party.rule,
                order=len(assignments), span=self.span(party.start, party.end),
            ))
        if lost_lead and assignments and not any(a.role == "lead" for a in assignments):
            assignments[0] = assignments[0].model_copy(update={"role": "lead"})
        assignments = _lead_by_order(assignments, scopes)
        title = raw.title or _first_clause(raw)
        label = raw.ref or title[:12]
        if title != raw.title:
            self.issue("untitled_item", f"item {label} has no title; “{title}” is its first clause", raw.start, iid)
        if not assignments and id(raw) not in self.stated_parents:
            self.issue("no_office", f"item {label} names no responsible office", raw.start, iid)
        if raw.open_list:
            self.issue("open_list", f"item {label}: the list of responsible parties ends in 等 (open list)", raw.start, iid)
        collectives = [a.surface for a in assignments if a.party.startswith("collective:")]
        if collectives:
            self.issue("collective", f"item {label}: collective parties {'、'.join(collectives)}", raw.start, iid)
        reports, same_as = self.sources(raw, iid)
        return Item(
            id=iid, ref=raw.ref, number=raw.number, title=title, text=raw.text,
            section=section_ids.get(id(raw.section)) if raw.section else None,
            parent=item_ids.get(id(raw.parent)) if raw.parent else None,
            tasks=tuple(
                Task(id=make_id("task", iid, i), order=i, text=clean(t.text), span=self.span(t.start, t.end))
                for i, t in enumerate(raw.tasks)
            ),
            targets=self.targets(raw, iid, label),
            assignments=tuple(assignments),
            responsibilities=tuple(self.responsibilities(raw.leaders, f"item {label}")),
            progress=tuple(self.progress(p, make_id("progress", iid, i)) for i, p in enumerate(raw.progress)),
            notes=tuple(raw.notes),
            references=tuple(raw.references),
            open_list=raw.open_list,
            reports_on=tuple(reports),
            same_as=same_as,
            span=self.span(raw.start, raw.end),
        )

    def progress(self, segment: Segment, pid: str) -> Progress:
        """A progress text with the status its words give, by the rule that gave it."""
        status, rule, evidence = status_of(segment.text)
        return Progress(id=pid, text=segment.text, as_of=self.raw.as_of, status=status, status_rule=rule,
                        status_evidence=evidence or None, span=self.span(segment.start, segment.end))

    def targets(self, raw: RawItem, iid: str, label: str) -> tuple[Target, ...]:
        """The item's targets: undated ones due when the text or the plan implies (``horizon``: an
        N-year period from the year the text says it starts, else from the plan's; ``plan_year``:
        the end of an annual plan's year), parts pointing at their whole. A relative date (9月底前)
        in a plan of several years, or a period counted from the plan's year, carries a doubt."""
        out: list[Target] = []
        whole: str | None = None
        for i, t in enumerate(raw.targets):
            facts = {name: getattr(t.facts, name) for name in _FACTS}  # shallow: no asdict copies
            if t.facts.deadline_rule == "relative" and self.annual is None and t.facts.doubt is None:
                facts["doubt"] = f"the year is the plan's ({self.raw.year}), and the plan is not one year's"
            if t.facts.deadline is None and t.facts.schedule is None:
                facts.update(self.implied(t.facts.horizon, label, t.start))
            tid = make_id("target", iid, i)
            part_of = whole if t.facts.share == "part" else None
            whole = tid if t.facts.share == "whole" else whole if t.facts.share == "part" else None
            out.append(Target(id=tid, order=i, text=clean(t.text), **facts, part_of=part_of,
                              span=self.span(t.start, t.end)))
        return tuple(out)

    def implied(self, horizon: str | None, label: str, start: int) -> dict[str, object]:
        """The deadline, rule and doubt the plan implies for an undated target, or nothing."""
        years = horizon_years(horizon)
        begin = self.starts.get(years) if years else None
        if years and begin is not None:
            return {"deadline": dt.date(begin + years - 1, 12, 31), "deadline_rule": "horizon", "doubt": None}
        if self.annual is not None and (implied := inferred_deadline(horizon, self.annual)):
            return {"deadline": implied[0], "deadline_rule": implied[1], "doubt": None}
        if years and self.raw.year is not None:
            return {"deadline": dt.date(self.raw.year + years - 1, 12, 31), "deadline_rule": "horizon",
                    "doubt": f"{horizon} counted from the plan's year {self.raw.year}; the text states no start"}
        if years:
            self.issue("undated_horizon", f"item {label}: {horizon} has no year to count from (the text states none and the plan's year is unknown)", start)
        return {}

    def sources(self, raw: RawItem, iid: str) -> tuple[list[Reference], str | None]:
        """What the row reports on (its 来源, the document number carried down from the rows
        above), and the earlier row of this plan that names the same item, if any."""
        found = references(raw.references, self.carried_doc)
        if found:
            self.carried_doc = found[-1].doc_number
        same_as = None
        if raw.parent is None:
            for ref in found:
                if ref.item is not None:
                    same_as = same_as or self.reported.get((ref.doc_number, ref.item))
                    self.reported.setdefault((ref.doc_number, ref.item), iid)
        return found, same_as

    # -- quality -----------------------------------------------------------------
    def numbering(self) -> None:
        prev: RawItem | None = None
        restarted = False
        for raw in self.raw.items:
            if raw.parent is not None or raw.number is None:
                continue
            if prev is not None and prev.number is not None:
                expected = prev.number + 1
                if raw.number == 1 and raw.section is not prev.section:
                    restarted = True
                elif raw.number > expected:
                    removed = [
                        b for b in self.norm.removed
                        if self.norm.line_of(prev.start) <= b.first_line <= self.norm.line_of(raw.start)
                    ]
                    why = "".join(f"; a {b.kind} block was removed there (lines {b.first_line}–{b.last_line})" for b in removed)
                    missing = f"{expected}" if raw.number - 1 == expected else f"{expected}–{raw.number - 1}"
                    self.issue("numbering_gap", f"items {missing} are missing: numbering jumps from {prev.number} to {raw.number}{why}", raw.start)
                elif raw.number < expected and raw.section is prev.section:
                    self.issue("numbering_gap", f"item {raw.number} follows item {prev.number}: numbering goes backwards", raw.start)
            prev = raw
        if restarted:
            self.issue("numbering_restart", "item numbering restarts at 1 in each section; refs are unique within their section")

    def cites(self) -> tuple[Citation, ...]:
        """The documents the plan's notice and opening cite (issue 25: chains across levels)."""
        starts = [u.start for u in (*self.raw.items, *self.raw.sections)]
        found = opening_citations(self.norm.text, min(starts, default=len(self.norm.text)),
                                  own_number=self.raw.doc_number, own_title=self.raw.title)
        return tuple(Citation(text=c.text, doc_number=c.doc_number, title=c.title, item=c.item,
                              span=self.span(c.start, c.end)) for c in found)

    def build(self) -> PlanBuild:
        for raw in self.raw.issues:
            self.issue(raw.kind, raw.message, raw.start)
        sections, section_ids = self.sections()
        items = self.items(section_ids)
        self.numbering()
        for block in self.norm.removed:
            self.issues.append(QualityIssue(
                kind="removed_block",
                message=f"{block.kind} removed (lines {block.first_line}–{block.last_line}): {' '.join(block.text.split())[:40]}",
                line=block.first_line,
            ))
        for line in self.norm.suspects:
            self.issues.append(QualityIssue(kind="suspect_text", message="garbled characters (lost in an earlier conversion?)", line=line))
        plan = Plan(
            id=self.plan_id, title=self.raw.title, issuers=tuple(o.id for o in self.orgs), year=self.raw.year,
            kind=self.raw.kind, doc_number=self.raw.doc_number, source=self.source,
            sections=tuple(sections), items=tuple(items),
            quality=tuple(sorted(self.issues, key=lambda q: (q.line or 0, q.kind, q.message))),
            cites=self.cites(),
        )
        return PlanBuild(plan, self.orgs, self.seen, list(self.leaders.values()))


_FACTS = tuple(f.name for f in dataclasses.fields(TargetFacts))


def _first_clause(raw: RawItem) -> str:
    """A title for an item written without one: the first clause of its text (or of its first
    task or target), else its ref.

    >>> _first_clause(RawItem("3", 3, "", "2024年6月底前完成方案，9月底前完成招标。", 0, 20, None))
    '2024年6月底前完成方案'
    """
    for text in [raw.text, *(t.text for t in raw.tasks), *(t.text for t in raw.targets)]:
        first = re.split(r"[，,。；;：:！？!?\n]", clean(text).strip(), maxsplit=1)[0].strip()
        if first:
            return first[:40]
    return raw.ref or "—"


def _lead_by_order(assignments: list[Assignment], scopes: dict[str, str | None]) -> list[Assignment]:
    """A lead taken by order falls on a body, never on a class of bodies (各省级人民政府).

    When the first-listed party is generic, the first named body (or task force) leads; when
    every party is generic, none leads.
    """
    if not assignments or any(a.rule == "explicit" for a in assignments):
        return assignments
    lead = next((a for a in assignments if a.role == "lead"), None)
    if lead is None or scopes.get(lead.party) in (None, "group"):
        return assignments
    heir = next((a for a in assignments if scopes.get(a.party) in (None, "group")), None)
    return [a.model_copy(update={"role": "lead" if a is heir else "support"}) for a in assignments]


def build_plan(
    raw: RawDocument, norm: Normalized, source: SourceDocument, *, table: AliasTable, issuer: str | None = None,
    locate: Callable[[SourceSpan], SourceSpan] | None = None, key: str | None = None,
) -> PlanBuild:
    """Build one plan from its parsed structure.

    ``locate`` places spans in a structured file; ``key`` names the source in the plan's
    identity (default: the file's name).
    """
    return _Builder(raw, norm, source, table, issuer, locate, key).build()
