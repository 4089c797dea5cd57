"""The JSON export: one self-describing document per import, item by item.

The export is a *view* for people and other programs: offices appear by canonical name with
the surface form the document used, leaders by name, sections by title. Its JSON Schema is
published by ``dutygraph schema``. (The model itself round-trips through
:mod:`dutygraph.graph.convert`.)

>>> from dutygraph.importers.reading import parse
>>> view = export_view(parse("某县教育局2023年工作要点\\n1.扩充学位。（学前科牵头，财务科配合）\\n"))
>>> item = view.plans[0].items[0]
>>> [(o.name, o.role, o.rule) for o in item.offices]
[('学前教育科', 'lead', 'explicit'), ('财务科', 'support', 'explicit')]
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from dutygraph.ontology.model import (
    ChainBasis,
    ChainRule,
    Comparator,
    Corpus,
    Correction,
    DeadlineRule,
    LeadRule,
    Level,
    Locator,
    PlanKind,
    ProgressStatus,
    QualityKind,
    Role,
    Schedule,
    Share,
    SourceSpan,
    display_ref,
)
from dutygraph.ontology.notes import Param, TargetDoubt
from dutygraph.ontology.sources import empty

__all__ = ["ExportDocument", "export_view", "export_schema"]


class _View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LineRef(_View):
    file: str
    line: int
    end_line: int
    where: Locator | None = None


class LeaderView(_View):
    name: str
    title: str | None
    label: str


class OfficeView(_View):
    id: str
    name: str
    surface: str
    role: Role
    rule: LeadRule
    kind: str
    scope: str | None = None
    line: int
    where: Locator | None = None


class TaskView(_View):
    text: str
    line: int


class TargetView(_View):
    id: str
    text: str
    metric: str | None
    value: float | None
    unit: str | None
    comparator: Comparator | None
    deadline: dt.date | None
    deadline_rule: DeadlineRule | None
    schedule: Schedule | None
    horizon: str | None
    share: Share | None
    part_of: str | None
    line: int
    doubt: TargetDoubt | None = None


class ProgressView(_View):
    text: str
    as_of: dt.date | None
    status: ProgressStatus | None
    status_rule: str | None
    status_evidence: str | None
    file: str
    line: int


class ReferenceView(_View):
    text: str
    doc_number: str | None
    item: str | None
    carried: bool
    resolved: str | None


class ChainView(_View):
    """The higher-level item an item carries out (issue 25), named as people look for it."""

    plan: str
    plan_source: str
    ref: str
    title: str
    item: str
    rule: ChainRule
    basis: ChainBasis
    score: float
    confidence: float
    confirmed: bool
    evidence: str
    source: str


class CitationView(_View):
    text: str
    doc_number: str | None
    title: str | None
    item: str | None
    resolved: str | None
    line: int


class ItemView(_View):
    id: str
    ref: str
    title: str
    section: str | None
    parent: str | None
    leaders: list[LeaderView]
    offices: list[OfficeView]
    open_list: bool
    tasks: list[TaskView]
    targets: list[TargetView]
    progress: list[ProgressView]
    notes: list[str]
    references: list[str]
    status: ProgressStatus | None
    reports_on: list[ReferenceView]
    same_as: str | None
    corrections: list[Correction]
    source: LineRef
    implements: list[ChainView] = Field(default_factory=list, exclude_if=empty)


class QualityView(_View):
    """A quality note: its kind, its code and parameters (worded by the catalogues'
    ``note.<code>``: :mod:`dutygraph.ontology.notes`) and the line it concerns."""

    kind: QualityKind
    code: str
    params: dict[str, Param]
    line: int | None


class PlanView(_View):
    id: str
    source: str
    format: str
    sha256: str
    title: str
    issuers: list[str]
    year: int | None
    kind: PlanKind
    doc_number: str | None
    items: list[ItemView]
    quality: list[QualityView]
    level: Level | None = Field(default=None, exclude_if=empty)
    cites: list[CitationView] = Field(default_factory=list, exclude_if=empty)


class ExportDocument(_View):
    """What ``dutygraph export --format json`` prints."""

    plans: list[PlanView]


def export_view(corpus: Corpus) -> ExportDocument:
    """The export view of a corpus."""
    orgs = {o.id: o.name for o in corpus.organizations}
    levels: dict[str, Level] = {o.id: o.level for o in corpus.organizations if o.level}
    higher = _higher_items(corpus)
    parties = {p.id: p for p in corpus.parties}
    leaders = {leader.id: leader for leader in corpus.leaders}
    plans = []
    for plan in corpus.plans:
        sections = {s.id: f"{s.ordinal}{'、' if s.level == 1 and s.ordinal[-1:] not in '）)' else ''}{s.title}" for s in plan.sections}
        by_id = {i.id: i for i in plan.items}
        refs = {i.id: display_ref(i, by_id) for i in plan.items}
        items = []
        for item in plan.items:
            items.append(ItemView(
                id=item.id, ref=refs[item.id], title=item.title,
                section=sections.get(item.section) if item.section else None,
                parent=refs.get(item.parent) if item.parent else None,
                leaders=[
                    LeaderView(name=leaders[r.leader].name, title=leaders[r.leader].title, label=r.label)
                    for r in item.responsibilities
                ],
                offices=[
                    OfficeView(
                        id=a.party, name=parties[a.party].name, surface=a.surface, role=a.role, rule=a.rule,
                        kind=parties[a.party].kind, scope=getattr(parties[a.party], "scope", None), line=a.span.line, where=a.span.where,
                    )
                    for a in item.assignments
                ],
                open_list=item.open_list,
                tasks=[TaskView(text=t.text, line=t.span.line) for t in item.tasks],
                targets=[
                    TargetView(id=t.id, text=t.text, metric=t.metric, value=t.value, unit=t.unit, comparator=t.comparator,
                               deadline=t.deadline, deadline_rule=t.deadline_rule, schedule=t.schedule,
                               horizon=t.horizon, share=t.share, part_of=t.part_of, line=t.span.line,
                               doubt=t.doubt)
                    for t in item.targets
                ],
                progress=[ProgressView(text=p.text, as_of=p.as_of, status=p.status, status_rule=p.status_rule,
                                       status_evidence=p.status_evidence, file=p.span.file, line=p.span.line)
                          for p in item.progress],
                notes=list(item.notes), references=list(item.references), status=item.status,
                reports_on=[ReferenceView(text=r.text, doc_number=r.doc_number, item=r.item, carried=r.carried,
                                          resolved=r.target) for r in item.reports_on],
                same_as=refs.get(item.same_as) if item.same_as else None, corrections=list(item.corrections),
                source=_line(item.span),
                implements=[higher[c.target].model_copy(update={
                    "rule": c.rule, "basis": c.basis, "score": c.score, "confidence": c.confidence,
                    "confirmed": c.confirmed, "evidence": c.evidence}) for c in item.derived_from if c.target in higher],
            ))
        plans.append(PlanView(
            id=plan.id, source=plan.source.name, format=plan.source.format, sha256=plan.source.sha256,
            title=plan.title, issuers=[orgs[i] for i in plan.issuers], year=plan.year, kind=plan.kind,
            doc_number=plan.doc_number, items=items,
            quality=[QualityView(kind=q.kind, code=q.code, params=q.params, line=q.line) for q in plan.quality],
            level=next((levels[i] for i in plan.issuers if i in levels), None),
            cites=[CitationView(text=c.text, doc_number=c.doc_number, title=c.title, item=c.item, resolved=c.target,
                                line=c.span.line) for c in plan.cites],
        ))
    return ExportDocument(plans=plans)


def _higher_items(corpus: Corpus) -> dict[str, ChainView]:
    """Every item some item carries out, as a :class:`ChainView` waiting for its link's figures."""
    wanted = {c.target for p in corpus.plans for i in p.items for c in i.derived_from}
    found = {}
    for plan in corpus.plans:
        by_id = {i.id: i for i in plan.items}
        for item in plan.items:
            if item.id in wanted:
                found[item.id] = ChainView(plan=plan.title, plan_source=plan.source.name, ref=display_ref(item, by_id),
                                           title=item.title, item=item.id, rule="restates", basis="cites", score=0,
                                           confidence=0, confirmed=False, evidence="", source=item.span.cite())
    return found


def _line(span: SourceSpan) -> LineRef:
    return LineRef(file=span.file, line=span.line, end_line=span.end_line, where=span.where)


def export_schema() -> dict[str, Any]:
    """The JSON Schema of the export."""
    schema = ExportDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "dutygraph export"
    return schema
