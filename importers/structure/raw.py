"""What a format parser hands to the builder: a document's structure, before identity.

Parsers deal in surface forms and offsets into the normalised text; :mod:`.build` resolves
offices, mints ids and turns offsets into source spans. Keeping the two apart lets every
format share one way of building the model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dutygraph.importers.facts.targets import TargetFacts
from dutygraph.ontology.model import LeadRule, PlanKind, QualityKind, Role

__all__ = [
    "Segment",
    "RawLeader",
    "RawParty",
    "RawTarget",
    "RawSection",
    "RawItem",
    "RawIssue",
    "RawDocument",
]


@dataclass(frozen=True)
class Segment:
    """A piece of the normalised text and where it lies in it."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class RawLeader:
    name: str
    title: str | None
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class RawParty:
    surface: str
    role: Role
    rule: LeadRule
    start: int
    end: int


@dataclass(frozen=True)
class RawTarget:
    text: str
    start: int
    end: int
    facts: TargetFacts


@dataclass
class RawSection:
    ordinal: str
    number: int | None
    level: int
    title: str
    start: int
    end: int
    parent: RawSection | None = None
    leaders: list[RawLeader] = field(default_factory=list)

    @property
    def path(self) -> str:
        """The ordinals from the top, e.g. ``三/（一）``: unique within a plan."""
        return self.ordinal if self.parent is None else f"{self.parent.path}/{self.ordinal}"


@dataclass
class RawItem:
    ref: str
    number: int | None
    title: str
    text: str
    start: int
    end: int
    section: RawSection | None = None
    parent: RawItem | None = None
    tasks: list[Segment] = field(default_factory=list)
    targets: list[RawTarget] = field(default_factory=list)
    parties: list[RawParty] = field(default_factory=list)
    leaders: list[RawLeader] = field(default_factory=list)
    progress: list[Segment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    open_list: bool = False


@dataclass(frozen=True)
class RawIssue:
    kind: QualityKind
    message: str
    start: int | None = None
    item: RawItem | None = None


@dataclass
class RawDocument:
    title: str
    title_start: int
    issuers: list[str]
    year: int | None
    kind: PlanKind
    doc_number: str | None = None
    as_of: dt.date | None = None
    sections: list[RawSection] = field(default_factory=list)
    items: list[RawItem] = field(default_factory=list)
    issues: list[RawIssue] = field(default_factory=list)
