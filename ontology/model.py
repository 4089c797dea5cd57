"""The dutygraph model: plans, their items, and who answers for them.

One model, many views: the networkx graph, the RDF graph, Neo4j and the JSON export are all
built from these classes and rebuild them without loss. Every model is frozen and closed
(``extra="forbid"``), so a typo in a field name fails instead of passing silently.

A :class:`Corpus` is what one import produces::

    Corpus
    ├── organizations   the issuers (湖北省教育厅, 中共湖南省委教育工委, …)
    ├── parties         offices and collectives, each scoped to one issuer
    ├── leaders         people named as responsible, each scoped to one issuer
    └── plans
        ├── sections    一、… and （一）… headings; items hang under the deepest
        ├── items       numbered entries; sub-measures point at their parent item
        │   ├── tasks, targets, progress (with a status), the rows it reports on (来源)
        │   ├── assignments       item → party, role lead/support and the rule behind it
        │   ├── responsibilities  item → leader
        │   └── corrections       what a corrections file changed, with its file and line
        └── quality     what the importer noticed: gaps, removed blocks, open lists …

Every item, task, target, assignment and responsibility carries a :class:`SourceSpan`: the
file, the line and the original text it came from.

>>> span = SourceSpan(file="plan.txt", line=3, end_line=3, start=10, end=14, text="财务处")
>>> a = Assignment(party="party:1", surface="财务处", role="lead", rule="explicit", order=0, span=span)
>>> a.role, a.span.line
('lead', 3)
>>> from pydantic import ValidationError
>>> try:
...     a.role = "support"
... except ValidationError as err:
...     print(err.errors()[0]["type"])
frozen_instance
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from dutygraph.ontology.kinds import (
    ChainBasis,
    ChainRule,
    CollectiveScope,
    Comparator,
    IssuerRule,
    LeadRule,
    Level,
    LevelRule,
    PlanKind,
    QualityKind,
    Role,
)
from dutygraph.ontology.sources import Frozen, Locator, SourceDocument, SourceSpan, cite, empty, unset
from dutygraph.ontology.supervision import (
    Correction,
    CorrectionOp,
    DeadlineRule,
    Period,
    ProgressStatus,
    Reference,
    Schedule,
    Share,
)

__all__ = [
    "cite",
    "Locator",
    "SourceSpan",
    "SourceDocument",
    "Organization",
    "Office",
    "Collective",
    "Party",
    "Leader",
    "Assignment",
    "Responsibility",
    "Task",
    "Target",
    "Progress",
    "Item",
    "Section",
    "QualityIssue",
    "Plan",
    "Corpus",
    "Role",
    "LeadRule",
    "Comparator",
    "PlanKind",
    "CollectiveScope",
    "QualityKind",
    "Schedule",
    "Reference",
    "Correction",
    "CorrectionOp",
    "DeadlineRule",
    "Period",
    "ProgressStatus",
    "Share",
    "display_ref",
    "IssuerRule",
    # issue 25: levels and chains across levels
    "Level",
    "LevelRule",
    "ChainRule",
    "ChainBasis",
    "Citation",
    "ChainLink",
]

class Organization(Frozen):
    """An issuer of plans (湖北省教育厅).

    ``qualifier`` is set when the name alone does not say which body it is (市教育局 names
    no city): the organization is then scoped to the document that names it (its file's name).
    ``rule`` says how the issuer was decided (:data:`IssuerRule`) and ``doubt`` why that is weak
    evidence, when it is. ``level`` is its
    place among 国务院/部委, 省, 市, 县/区, 乡镇, ``level_rule`` how that was decided and
    ``level_evidence`` the words it rests on (:mod:`dutygraph.ontology.levels`).
    """

    id: str
    name: str
    qualifier: str | None = None
    rule: IssuerRule | None = None
    doubt: str | None = None
    level: Level | None = Field(default=None, exclude_if=unset)
    level_rule: LevelRule | None = Field(default=None, exclude_if=unset)
    level_evidence: str | None = Field(default=None, exclude_if=unset)


class Office(Frozen):
    """An office of one issuer: identity is (issuer, canonical name)."""

    kind: Literal["office"] = "office"
    id: str
    issuer: str
    name: str
    aliases: tuple[str, ...] = ()


class Collective(Frozen):
    """A responsible party that is not one office: 机关各处室, 相关处室, 区域教育中心建设专班."""

    kind: Literal["collective"] = "collective"
    id: str
    issuer: str
    name: str
    aliases: tuple[str, ...] = ()
    scope: CollectiveScope


Party = Annotated[Office | Collective, Field(discriminator="kind")]


class Leader(Frozen):
    """A person named as responsible; scoped to one issuer, never merged across issuers."""

    id: str
    issuer: str
    name: str
    title: str | None = None


class Assignment(Frozen):
    """Item → party: the party's role, and the rule that decided it."""

    party: str
    surface: str
    role: Role
    rule: LeadRule
    order: int = Field(ge=0)
    span: SourceSpan


class Responsibility(Frozen):
    """Item (or section) → leader, with the label the document used (责任领导, 督办…)."""

    leader: str
    surface: str
    label: str
    span: SourceSpan


class Task(Frozen):
    """One measure under an item: a ①② entry or a sentence of 工作措施."""

    id: str
    order: int = Field(ge=0)
    text: str
    span: SourceSpan


class Target(Frozen):
    """A quantitative or dated commitment: 新建150所公办幼儿园, 2022年底前.

    ``value`` is null when the text commits to nothing countable (a milestone: 6月底前完成项目
    储备); the text is always kept. ``deadline_rule`` says whether the deadline is stated or
    inferred (:data:`DeadlineRule`) and ``doubt`` why it may be wrong (a convention, a year taken
    from a plan of several years); a recurring one is a ``schedule`` instead. ``share`` and
    ``part_of`` tell a part from its whole (新改扩建193所中幼儿园70所: the 70 is part of the 193).
    """

    id: str
    order: int = Field(ge=0)
    text: str
    metric: str | None = None
    value: float | None = None
    unit: str | None = None
    comparator: Comparator | None = None
    deadline: dt.date | None = None
    horizon: str | None = None
    deadline_rule: DeadlineRule | None = None
    schedule: Schedule | None = None
    share: Share | None = None
    part_of: str | None = None
    span: SourceSpan
    doubt: str | None = None  # issue 20: why the deadline may be wrong, where the evidence is weak


class Progress(Frozen):
    """What a progress table reports about an item, as of a date, and the status it gives.

    ``status_rule`` names the rule that read the status from the text and ``status_evidence``
    the words it found (:mod:`dutygraph.importers.facts.progress`); ``corrected`` for a status a
    corrections file set (its span is then the line of that file).
    """

    id: str
    text: str
    as_of: dt.date | None = None
    status: ProgressStatus | None = None
    status_rule: str | None = None
    status_evidence: str | None = None
    span: SourceSpan


class ChainLink(Frozen):
    """This item carries out ``target``, an item of a higher-level plan (上下级任务对应).

    ``rule`` says how it was found (:data:`ChainRule`), ``basis`` why the two plans were
    compared (:data:`ChainBasis`); ``score`` is the similarity of the two items' normalised
    words (0–1), ``confidence`` how sure the link is (1 for one confirmed or added by a
    corrections file), ``evidence`` the words it rests on (the citation, or the shared
    wording). ``confirmed`` when a corrections file confirmed it (:mod:`dutygraph.ontology.chains`).
    """

    target: str
    rule: ChainRule
    basis: ChainBasis
    score: float = Field(ge=0, le=1)
    confidence: float = Field(ge=0, le=1)
    evidence: str
    confirmed: bool = False


class Citation(Frozen):
    """A plan's mention of another document in its notice or opening (根据《X》（国办发〔2020〕43号）):
    the number and title as written, the item it names if any, and the plan it resolves to
    (``target``: None while that plan is not among those read)."""

    text: str
    doc_number: str | None = None
    title: str | None = None
    item: str | None = None
    target: str | None = None
    span: SourceSpan


class Item(Frozen):
    """A numbered entry of a plan (项目一, 12., 三.2), or a sub-measure of one.

    ``status`` is the item's standing as the latest report says (its own progress or that of a
    row reporting on it; a corrected status wins), ``status_from`` the id of that progress.
    ``reports_on`` are the items its 来源 names; ``same_as`` points at the earlier row of the
    same plan that reports on the same item (one item, listed in two sections).
    """

    id: str
    ref: str
    number: int | None = None
    title: str
    text: str
    section: str | None = None
    parent: str | None = None
    tasks: tuple[Task, ...] = ()
    targets: tuple[Target, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    progress: tuple[Progress, ...] = ()
    notes: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    open_list: bool = False
    status: ProgressStatus | None = None
    status_from: str | None = None
    reports_on: tuple[Reference, ...] = ()
    same_as: str | None = None
    corrections: tuple[Correction, ...] = ()
    span: SourceSpan
    derived_from: tuple[ChainLink, ...] = Field(default=(), exclude_if=empty)


def display_ref(item: Item, items: dict[str, Item]) -> str:
    """The ref a reader looks for: a sub-measure's with its item's in front (二.2, not 2 or 二).

    >>> span = SourceSpan(file="a.txt", line=1, end_line=1, start=0, end=1, text="甲")
    >>> top = Item(id="i1", ref="二", title="甲", text="甲", span=span)
    >>> sub = Item(id="i2", ref="2", title="乙", text="乙", parent="i1", span=span)
    >>> display_ref(sub, {"i1": top, "i2": sub}), display_ref(top, {"i1": top})
    ('二.2', '二')
    """
    refs, seen = [item.ref], {item.id}
    while item.parent and item.parent in items and item.parent not in seen:
        item = items[item.parent]
        seen.add(item.id)
        refs.append(item.ref)
    return ".".join(reversed([r for r in refs if r]))


class Section(Frozen):
    """A heading: 一、… (level 1) or （一）… (level 2)."""

    id: str
    ordinal: str
    number: int | None = None
    level: int = Field(ge=1)
    title: str
    parent: str | None = None
    responsibilities: tuple[Responsibility, ...] = ()
    span: SourceSpan


class QualityIssue(Frozen):
    """Something the importer noticed and kept: a gap, a removed block, an open list."""

    kind: QualityKind
    message: str
    line: int | None = None
    item: str | None = None


class Plan(Frozen):
    """One document: a work plan, a project list or a progress report."""

    id: str
    title: str
    issuers: tuple[str, ...]
    year: int | None = None
    kind: PlanKind
    doc_number: str | None = None
    source: SourceDocument
    sections: tuple[Section, ...] = ()
    items: tuple[Item, ...] = ()
    quality: tuple[QualityIssue, ...] = ()
    cites: tuple[Citation, ...] = Field(default=(), exclude_if=empty)


class Corpus(Frozen):
    """Everything one import produced: plans and the issuers, parties and leaders they name."""

    organizations: tuple[Organization, ...] = ()
    parties: tuple[Party, ...] = ()
    leaders: tuple[Leader, ...] = ()
    plans: tuple[Plan, ...] = ()
