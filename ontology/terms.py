"""The RDF terms behind the vocabulary: dutygraph's namespace and the standard terms it uses.

``DG`` holds dutygraph's own classes, individuals and properties (a closed rdflib
:class:`~rdflib.namespace.DefinedNamespace`, so a typo raises), ``OA`` and ``PPLAN`` the Web
Annotation and P-Plan terms used, ``ID`` where the model's ids become IRIs; the tables map
the model's node kinds, relations, roles, rules and statuses to them. Only the RDF views
(``graph/rdf*.py``, ``ontology/shacl.py``, ``queries/sparql.py``) import this module, so the
networkx and Neo4j paths never load rdflib.

>>> NodeKind.OFFICE.rdf_class, NodeKind.OFFICE.standard_class
(rdflib.term.URIRef('https://w3id.org/dutygraph/ontology#Office'), rdflib.term.URIRef('http://www.w3.org/ns/org#OrganizationalUnit'))
>>> DG.Ofice
Traceback (most recent call last):
  ...
AttributeError: term 'Ofice' not in namespace 'https://w3id.org/dutygraph/ontology#'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dutygraph.ontology.vocabulary import NodeKind, Relation
from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, DefinedNamespace, Namespace

if TYPE_CHECKING:  # the model imports nothing from here, but only annotations need its names
    from dutygraph.ontology.model import LeadRule, Role
    from dutygraph.ontology.supervision import DeadlineRule, ProgressStatus

__all__ = [
    "CLASSES",
    "DEADLINE_RULE_TERMS",
    "DG",
    "ID",
    "OA",
    "PPLAN",
    "PROPERTIES",
    "ROLE_TERMS",
    "RULE_TERMS",
    "STANDARD_CLASSES",
    "STATUS_TERMS",
    "belongs_to",
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
    planYearRelative: URIRef
    schoolTerm: URIRef
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
    issuerRule: URIRef
    doubt: URIRef
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
    noteCode: URIRef
    noteParams: URIRef
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
    # issue 25: levels and chains across levels
    ChainLink: URIRef
    Citation: URIRef
    implements: URIRef
    qualifiedImplements: URIRef
    implementedItem: URIRef
    qualifiedCites: URIRef
    citedPlan: URIRef
    citesPlan: URIRef
    citedTitle: URIRef
    adminLevel: URIRef
    levelRule: URIRef
    levelEvidence: URIRef
    chainRule: URIRef
    chainBasis: URIRef
    score: URIRef
    confidence: URIRef
    chainEvidence: URIRef
    confirmed: URIRef


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


CLASSES: dict[NodeKind, URIRef] = {kind: DG[kind.value] for kind in NodeKind}
"""dutygraph's class for each node kind (``dg:Item``)."""

STANDARD_CLASSES: dict[NodeKind, URIRef] = {
    NodeKind.ORGANIZATION: ORG.FormalOrganization,
    NodeKind.PLAN: PPLAN.Plan,
    NodeKind.ITEM: PPLAN.Step,
    NodeKind.TASK: PPLAN.Step,
    NodeKind.PROGRESS: PROV.Entity,
    NodeKind.OFFICE: ORG.OrganizationalUnit,
    NodeKind.COLLECTIVE: ORG.OrganizationalCollaboration,
    NodeKind.LEADER: PROV.Person,
}
"""The standard class the RDF export also asserts for a node kind (``p-plan:Step`` for items)."""


PROPERTIES: dict[Relation, tuple[URIRef, bool]] = {
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
    Relation.IMPLEMENTS: (DG.implements, False),
    Relation.ASSIGNED_TO: (PROV.qualifiedAssociation, False),
    Relation.RESPONSIBLE: (DG.qualifiedResponsibility, False),
    Relation.BELONGS_TO: (ORG.unitOf, False),
}
"""How RDF writes each relation: (property, inverse); see :attr:`Relation.rdf_property`."""


def belongs_to(kind: NodeKind) -> URIRef:
    """The property tying a party to its issuer: an office is an ``org:unitOf`` it, a
    collective an ``org:subOrganizationOf`` it, a leader an ``org:memberOf`` it.

    >>> belongs_to(NodeKind.LEADER)
    rdflib.term.URIRef('http://www.w3.org/ns/org#memberOf')
    """
    return {NodeKind.OFFICE: ORG.unitOf, NodeKind.COLLECTIVE: ORG.subOrganizationOf,
            NodeKind.LEADER: ORG.memberOf}[kind]


ROLE_TERMS: dict[Role, URIRef] = {"lead": DG.lead, "support": DG.support}
"""The model's roles as ``prov:Role`` individuals."""

RULE_TERMS: dict[LeadRule, URIRef] = {
    "explicit": DG.explicit, "declared": DG.declared, "first_listed": DG.firstListed, "corrected": DG.corrected,
}
"""The model's lead rules as ``dg:LeadRule`` individuals."""

DEADLINE_RULE_TERMS: dict[DeadlineRule, URIRef] = {
    "explicit": DG.explicit, "plan_year": DG.planYearEnd, "horizon": DG.horizonEnd, "corrected": DG.corrected,
    "relative": DG.planYearRelative, "school_term": DG.schoolTerm,
}
"""The model's deadline rules as ``dg:DeadlineRule`` individuals: ``dg:explicit`` and ``dg:corrected``
mean what they mean for a lead (stated in the document's words; set by a corrections file), so
they are one individual of both classes.

>>> DEADLINE_RULE_TERMS["explicit"] == RULE_TERMS["explicit"], DEADLINE_RULE_TERMS["plan_year"]
(True, rdflib.term.URIRef('https://w3id.org/dutygraph/ontology#planYearEnd'))
"""

STATUS_TERMS: dict[ProgressStatus, URIRef] = {
    "completed": DG.completed, "on_track": DG.onTrack, "behind": DG.behind, "not_started": DG.notStarted,
}
"""The model's progress statuses (已完成, 序时推进, 滞后, 未启动) as ``dg:ProgressStatus`` individuals."""
