"""One closed vocabulary: the graph's node kinds and relations, and the RDF terms behind them.

Every name the views use comes from here: networkx node ``type`` values and edge relations,
Neo4j labels and relationship types, and the RDF classes and properties of
``ontology/dutygraph.ttl``. The enums are closed, so a typo fails where it is written instead
of matching nothing::

    NodeKind      Organization Plan Section Item Task Target Progress Office Collective Leader
    Relation      ISSUED_BY HAS_SECTION SUBSECTION_OF HAS_ITEM IN_SECTION PART_OF HAS_TASK
                  HAS_TARGET HAS_PROGRESS REPORTS_ON SAME_AS ASSIGNED_TO RESPONSIBLE BELONGS_TO
    DG            dutygraph's own RDF terms (a closed rdflib DefinedNamespace)
    OA, PPLAN     the Web Annotation and P-Plan terms used (closed too)

The members are strings (:class:`enum.StrEnum`), so ``G.nodes[n]["type"] == NodeKind.ITEM``
reads as before and the stored values stay plain text.

>>> NodeKind.ITEM == "Item", Relation.ASSIGNED_TO == "ASSIGNED_TO"
(True, True)
>>> NodeKind.OFFICE.rdf_class, NodeKind.OFFICE.standard_class
(rdflib.term.URIRef('https://w3id.org/dutygraph/ontology#Office'), rdflib.term.URIRef('http://www.w3.org/ns/org#OrganizationalUnit'))
>>> DG.Ofice
Traceback (most recent call last):
  ...
AttributeError: term 'Ofice' not in namespace 'https://w3id.org/dutygraph/ontology#'
"""

from __future__ import annotations

from enum import StrEnum

from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, DefinedNamespace, Namespace

__all__ = [
    "DG", "ID", "OA", "PPLAN", "NodeKind", "Relation", "DEADLINE_RULE_TERMS", "ROLE_TERMS", "RULE_TERMS",
    "STATUS_TERMS", "belongs_to",
]


class DG(DefinedNamespace):
    """dutygraph's own terms, minted only where W3C ORG, PROV-O, P-Plan, SKOS, OWL-Time, Dublin
    Core and Web Annotation have nothing that fits (each is documented in dutygraph.ttl)."""

    _NS = Namespace("https://w3id.org/dutygraph/ontology#")
    _fail = True

    # classes: the node kinds, then the qualified relations and the records around them
    Organization: URIRef
    Plan: URIRef
    Section: URIRef
    Item: URIRef
    Task: URIRef
    Target: URIRef
    Progress: URIRef
    Office: URIRef
    Collective: URIRef
    Leader: URIRef
    Assignment: URIRef
    Responsibility: URIRef
    LeadRule: URIRef
    SourceDocument: URIRef
    SourceSpan: URIRef
    QualityIssue: URIRef
    DeadlineRule: URIRef
    ProgressStatus: URIRef
    Schedule: URIRef
    Reference: URIRef
    Correction: URIRef
    # individuals: the two roles (prov:Role), the lead and deadline rules, the four statuses
    lead: URIRef
    support: URIRef
    explicit: URIRef
    declared: URIRef
    firstListed: URIRef
    corrected: URIRef
    planYearEnd: URIRef
    horizonEnd: URIRef
    completed: URIRef
    onTrack: URIRef
    behind: URIRef
    notStarted: URIRef
    # object properties
    issuers: URIRef
    sectionOf: URIRef
    subsectionOf: URIRef
    inSection: URIRef
    partOf: URIRef
    taskOf: URIRef
    hasTarget: URIRef
    hasProgress: URIRef
    qualifiedResponsibility: URIRef
    leadRule: URIRef
    span: URIRef
    deadline: URIRef
    qualityIssue: URIRef
    deadlineRule: URIRef
    schedule: URIRef
    partOfTarget: URIRef
    status: URIRef
    statusFrom: URIRef
    reportsOn: URIRef
    qualifiedReportsOn: URIRef
    reportedItem: URIRef
    sameItemAs: URIRef
    correction: URIRef
    # datatype properties
    ref: URIRef
    number: URIRef
    text: URIRef
    ordinal: URIRef
    level: URIRef
    position: URIRef
    order: URIRef
    surface: URIRef
    responsibilityLabel: URIRef
    metric: URIRef
    value: URIRef
    unit: URIRef
    comparator: URIRef
    horizon: URIRef
    asOf: URIRef
    year: URIRef
    planKind: URIRef
    scope: URIRef
    qualifier: URIRef
    sha256: URIRef
    sourceFormat: URIRef
    encoding: URIRef
    normalisations: URIRef
    notes: URIRef
    references: URIRef
    openList: URIRef
    line: URIRef
    endLine: URIRef
    block: URIRef
    tableNumber: URIRef
    rowNumber: URIRef
    columnNumber: URIRef
    sheet: URIRef
    cell: URIRef
    mergedCells: URIRef
    page: URIRef
    box: URIRef
    qualityKind: URIRef
    message: URIRef
    qualityItem: URIRef
    share: URIRef
    period: URIRef
    monthOfPeriod: URIRef
    dayOfMonth: URIRef
    statusRule: URIRef
    statusEvidence: URIRef
    citedDocNumber: URIRef
    citedItem: URIRef
    carried: URIRef
    correctionOp: URIRef
    valueBefore: URIRef
    valueAfter: URIRef


class OA(DefinedNamespace):
    """The Web Annotation terms dutygraph uses for source spans."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef


class PPLAN(DefinedNamespace):
    """The P-Plan terms dutygraph uses for plans and their steps."""

    _NS = Namespace("http://purl.org/net/p-plan#")
    _fail = True

    Plan: URIRef
    Step: URIRef
    isStepOfPlan: URIRef
    isPrecededBy: URIRef


ID = Namespace("https://w3id.org/dutygraph/id/")
"""Where the model's stable ids become IRIs: ``office:ac53…`` → ``ID["office:ac53…"]``."""


class NodeKind(StrEnum):
    """The ``type`` of a graph node, the Neo4j label, and (via :attr:`rdf_class`) the RDF class."""

    ORGANIZATION = "Organization"
    PLAN = "Plan"
    SECTION = "Section"
    ITEM = "Item"
    TASK = "Task"
    TARGET = "Target"
    PROGRESS = "Progress"
    OFFICE = "Office"
    COLLECTIVE = "Collective"
    LEADER = "Leader"

    @property
    def rdf_class(self) -> URIRef:
        """dutygraph's class for this kind (``dg:Item``)."""
        return DG[self.value]

    @property
    def standard_class(self) -> URIRef | None:
        """The standard class the RDF export also asserts (``p-plan:Step`` for items), if any."""
        return _STANDARD.get(self)


_STANDARD: dict[NodeKind, URIRef] = {
    NodeKind.ORGANIZATION: ORG.FormalOrganization,
    NodeKind.PLAN: PPLAN.Plan,
    NodeKind.ITEM: PPLAN.Step,
    NodeKind.TASK: PPLAN.Step,
    NodeKind.PROGRESS: PROV.Entity,
    NodeKind.OFFICE: ORG.OrganizationalUnit,
    NodeKind.COLLECTIVE: ORG.OrganizationalCollaboration,
    NodeKind.LEADER: PROV.Person,
}


class Relation(StrEnum):
    """An edge relation of the graph and a Neo4j relationship type; :attr:`rdf_property` says
    how RDF writes it (``inverse``: the property points from the child to the parent)."""

    ISSUED_BY = "ISSUED_BY"
    HAS_SECTION = "HAS_SECTION"
    SUBSECTION_OF = "SUBSECTION_OF"
    HAS_ITEM = "HAS_ITEM"
    IN_SECTION = "IN_SECTION"
    PART_OF = "PART_OF"
    HAS_TASK = "HAS_TASK"
    HAS_TARGET = "HAS_TARGET"
    HAS_PROGRESS = "HAS_PROGRESS"
    REPORTS_ON = "REPORTS_ON"
    SAME_AS = "SAME_AS"
    ASSIGNED_TO = "ASSIGNED_TO"
    RESPONSIBLE = "RESPONSIBLE"
    BELONGS_TO = "BELONGS_TO"

    @property
    def rdf_property(self) -> tuple[URIRef, bool]:
        """(property, inverse). ASSIGNED_TO and RESPONSIBLE are qualified: the property leads to
        an association node whose ``prov:agent`` is the party; BELONGS_TO depends on the party
        kind (see :func:`belongs_to`; this gives the offices' ``org:unitOf``). REPORTS_ON is the
        resolved link (``dg:reportsOn``); the reference as written is its qualified form,
        ``dg:qualifiedReportsOn`` → ``dg:Reference``.

        >>> Relation.SAME_AS.rdf_property
        (rdflib.term.URIRef('https://w3id.org/dutygraph/ontology#sameItemAs'), False)
        """
        return _PROPERTIES[self]


_PROPERTIES: dict[Relation, tuple[URIRef, bool]] = {
    Relation.ISSUED_BY: (DCTERMS.publisher, False),
    Relation.HAS_SECTION: (DG.sectionOf, True),
    Relation.SUBSECTION_OF: (DG.subsectionOf, False),
    Relation.HAS_ITEM: (PPLAN.isStepOfPlan, True),
    Relation.IN_SECTION: (DG.inSection, False),
    Relation.PART_OF: (DG.partOf, False),
    Relation.HAS_TASK: (DG.taskOf, True),
    Relation.HAS_TARGET: (DG.hasTarget, False),
    Relation.HAS_PROGRESS: (DG.hasProgress, False),
    Relation.REPORTS_ON: (DG.reportsOn, False),
    Relation.SAME_AS: (DG.sameItemAs, False),
    Relation.ASSIGNED_TO: (PROV.qualifiedAssociation, False),
    Relation.RESPONSIBLE: (DG.qualifiedResponsibility, False),
    Relation.BELONGS_TO: (ORG.unitOf, False),
}


def belongs_to(kind: NodeKind) -> URIRef:
    """The property tying a party to its issuer: an office is an ``org:unitOf`` it, a
    collective an ``org:subOrganizationOf`` it, a leader an ``org:memberOf`` it.

    >>> belongs_to(NodeKind.LEADER)
    rdflib.term.URIRef('http://www.w3.org/ns/org#memberOf')
    """
    return {NodeKind.OFFICE: ORG.unitOf, NodeKind.COLLECTIVE: ORG.subOrganizationOf,
            NodeKind.LEADER: ORG.memberOf}[kind]


ROLE_TERMS: dict[str, URIRef] = {"lead": DG.lead, "support": DG.support}
"""The model's roles as ``prov:Role`` individuals."""

RULE_TERMS: dict[str, URIRef] = {
    "explicit": DG.explicit, "declared": DG.declared, "first_listed": DG.firstListed, "corrected": DG.corrected,
}
"""The model's lead rules as ``dg:LeadRule`` individuals."""

DEADLINE_RULE_TERMS: dict[str, URIRef] = {
    "explicit": DG.explicit, "plan_year": DG.planYearEnd, "horizon": DG.horizonEnd, "corrected": DG.corrected,
}
"""The model's deadline rules as ``dg:DeadlineRule`` individuals: ``dg:explicit`` and ``dg:corrected``
mean what they mean for a lead (stated in the document's words; set by a corrections file), so
they are one individual of both classes.

>>> DEADLINE_RULE_TERMS["explicit"] == RULE_TERMS["explicit"], DEADLINE_RULE_TERMS["plan_year"]
(True, rdflib.term.URIRef('https://w3id.org/dutygraph/ontology#planYearEnd'))
"""

STATUS_TERMS: dict[str, URIRef] = {
    "completed": DG.completed, "on_track": DG.onTrack, "behind": DG.behind, "not_started": DG.notStarted,
}
"""The model's progress statuses (已完成, 序时推进, 滞后, 未启动) as ``dg:ProgressStatus`` individuals."""
