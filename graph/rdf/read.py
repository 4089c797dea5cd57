"""RDF back to the model: the inverse of :func:`dutygraph.graph.rdf.triples.to_rdf`.

Only dutygraph's primary triples are read (the standard types asserted beside dutygraph's own,
``p-plan:isPrecededBy``, and ``dg:reportsOn``, ``dg:implements`` and ``dg:citesPlan`` — read from
their ``dg:Reference``, ``dg:ChainLink`` and ``dg:Citation`` records — are derived, and ignored). A graph that is not in dutygraph's shape —
a missing title, a role that is not ``dg:lead``/``dg:support``, an IRI outside the id space —
raises :class:`~dutygraph.errors.ModelError` naming the resource.

>>> from dutygraph.importers.reading import parse
>>> from dutygraph.graph.rdf.triples import to_rdf
>>> corpus = parse("某县教育局2023年工作要点\\n1.扩充学位。（学前科牵头，财务科配合）\\n")
>>> from_rdf(to_rdf(corpus)) == corpus
True
"""

from __future__ import annotations

import json
import typing
from collections.abc import Mapping
from typing import Any, TypeVar, overload
from urllib.parse import unquote

from pydantic import ValidationError
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, SKOS, TIME
from rdflib.term import Node

from dutygraph.errors import ModelError
from dutygraph.ontology.model import (
    Assignment,
    ChainLink,
    Citation,
    Collective,
    Corpus,
    Correction,
    Item,
    Leader,
    LeadRule,
    Locator,
    Office,
    Organization,
    Plan,
    Progress,
    QualityIssue,
    Reference,
    Responsibility,
    Role,
    Schedule,
    Section,
    SourceDocument,
    SourceSpan,
    Target,
    Task,
)
from dutygraph.ontology.terms import (
    DEADLINE_RULE_TERMS, DG, ID, OA, PPLAN, ROLE_TERMS, RULE_TERMS, STATUS_TERMS, belongs_to,
)
from dutygraph.ontology.supervision import DeadlineRule, ProgressStatus
from dutygraph.ontology.vocabulary import NodeKind

__all__ = ["from_rdf"]

_ROLES: dict[URIRef, Role] = {v: k for k, v in ROLE_TERMS.items()}
_RULES: dict[URIRef, LeadRule] = {v: k for k, v in RULE_TERMS.items()}
_DEADLINE_RULES: dict[URIRef, DeadlineRule] = {v: k for k, v in DEADLINE_RULE_TERMS.items()}
_STATUSES: dict[URIRef, ProgressStatus] = {v: k for k, v in STATUS_TERMS.items()}

_Name = TypeVar("_Name", bound=str)


class _Reader:
    def __init__(self, g: Graph) -> None:
        self.g = g

    def id_of(self, node: Node) -> str:
        text = str(node)
        if not isinstance(node, URIRef) or not text.startswith(str(ID)):
            raise ModelError("model.not_an_id", text=text, base=str(ID))
        return unquote(text[len(ID):])

    @overload
    def one(self, s: Node, p: URIRef, *, required: typing.Literal[True] = True) -> Node: ...
    @overload
    def one(self, s: Node, p: URIRef, *, required: bool) -> Node | None: ...

    def one(self, s: Node, p: URIRef, *, required: bool = True) -> Node | None:
        values = list(self.g.objects(s, p))
        if len(values) > 1:
            raise ModelError("model.values", subject=s, count=len(values), predicate=p.n3(self.g.namespace_manager))
        if not values and required:
            raise ModelError("model.no_value", subject=s, predicate=p.n3(self.g.namespace_manager))
        return values[0] if values else None

    def value(self, s: Node, p: URIRef, *, required: bool = False) -> Any:
        node = self.one(s, p, required=required)
        if node is None:
            return None
        if not isinstance(node, Literal):
            raise ModelError("model.not_literal", subject=s, predicate=p.n3(self.g.namespace_manager), node=node)
        return str(node) if node.language or node.datatype is None else node.toPython()

    def text(self, s: Node, p: URIRef) -> str:
        value = self.value(s, p, required=True)
        return value if isinstance(value, str) else str(value)

    def texts(self, s: Node, p: URIRef) -> tuple[Any, ...]:
        head = self.one(s, p, required=False)
        if head is None:
            return ()
        return tuple(str(v) if isinstance(v, Literal) else self.id_of(v) for v in Collection(self.g, head))

    def params(self, s: Node) -> dict[str, Any]:
        """A quality note's parameters (``dg:noteParams``, a JSON literal; none: no parameters)."""
        node = self.one(s, DG.noteParams, required=False)
        if node is None:
            return {}
        try:
            found = json.loads(str(node))
        except ValueError:
            found = None
        if not isinstance(found, dict):
            raise ModelError(f"{s}: dg:noteParams should be a JSON object, not {node}")
        return found

    def ordered(self, nodes: Any) -> list[Node]:
        return sorted(nodes, key=lambda n: (self.value(n, DG.position, required=True), str(n)))

    def of_kind(self, kind: NodeKind) -> list[Node]:
        return sorted(self.g.subjects(RDF.type, kind.rdf_class), key=str)

    def span(self, s: Node) -> SourceSpan:
        node = self.one(s, DG.span)
        position = quote = None
        for selector in self.g.objects(node, OA.hasSelector):
            kinds = set(self.g.objects(selector, RDF.type))
            if OA.TextPositionSelector in kinds:
                position = selector
            if OA.TextQuoteSelector in kinds:
                quote = selector
        if position is None or quote is None:
            raise ModelError("model.span_selectors", node=node)
        block = self.value(node, DG.block)
        where = None if block is None else Locator(
            block=block, table=self.value(node, DG.tableNumber), row=self.value(node, DG.rowNumber),
            col=self.value(node, DG.columnNumber), sheet=self.value(node, DG.sheet), cell=self.value(node, DG.cell),
            merged=self.value(node, DG.mergedCells), page=self.value(node, DG.page), box=self.box(node))
        return SourceSpan(
            where=where, file=self.text(self.one(node, OA.hasSource), DCTERMS.identifier),
            line=self.value(node, DG.line, required=True), end_line=self.value(node, DG.endLine, required=True),
            start=self.value(position, OA.start, required=True), end=self.value(position, OA.end, required=True),
            text=self.text(quote, OA.exact),
        )

    def box(self, node: Node) -> tuple[float, float, float, float] | None:
        head = self.one(node, DG.box, required=False)
        if head is None:
            return None
        box = tuple(float(str(v)) for v in Collection(self.g, head))  # a literal's lexical form
        if len(box) != 4:
            raise ModelError("model.box", node=node, count=len(box))
        return box

    def corpus(self) -> Corpus:
        return Corpus(
            organizations=tuple(
                Organization(id=self.id_of(o), name=self.text(o, SKOS.prefLabel), qualifier=self.value(o, DG.qualifier),
                             rule=self.value(o, DG.issuerRule), doubt=self.value(o, DG.doubt),
                             level=self.value(o, DG.adminLevel), level_rule=self.value(o, DG.levelRule),
                             level_evidence=self.value(o, DG.levelEvidence))
                for o in self.of_kind(NodeKind.ORGANIZATION)
            ),
            parties=tuple(sorted(
                [self.party(p, Office, NodeKind.OFFICE) for p in self.of_kind(NodeKind.OFFICE)]
                + [self.party(p, Collective, NodeKind.COLLECTIVE) for p in self.of_kind(NodeKind.COLLECTIVE)],
                key=lambda p: p.id,
            )),
            leaders=tuple(self.leader(n) for n in self.of_kind(NodeKind.LEADER)),
            plans=tuple(self.plan(p) for p in self.ordered(self.of_kind(NodeKind.PLAN))),
        )

    def party(self, s: Node, model: type, kind: NodeKind) -> Office | Collective:
        extra = {"scope": self.value(s, DG.scope, required=True)} if kind == NodeKind.COLLECTIVE else {}
        return model(
            id=self.id_of(s), issuer=self.id_of(self.one(s, belongs_to(kind))), name=self.text(s, SKOS.prefLabel),
            aliases=tuple(sorted(str(a) for a in self.g.objects(s, SKOS.altLabel))), **extra,
        )

    def leader(self, s: Node) -> Leader:
        post = self.one(s, ORG.holds, required=False)
        return Leader(
            id=self.id_of(s), issuer=self.id_of(self.one(s, belongs_to(NodeKind.LEADER))),
            name=self.text(s, SKOS.prefLabel), title=None if post is None else self.text(post, SKOS.prefLabel),
        )

    def plan(self, s: Node) -> Plan:
        src = self.one(s, DCTERMS.source)
        return Plan(
            id=self.id_of(s), title=self.text(s, DCTERMS.title), issuers=self.texts(s, DG.issuers),
            year=self.value(s, DG.year), kind=self.value(s, DG.planKind, required=True),
            doc_number=self.value(s, DCTERMS.identifier),
            source=SourceDocument(
                name=self.text(src, DCTERMS.identifier), sha256=self.text(src, DG.sha256),
                format=self.text(src, DG.sourceFormat), encoding=self.text(src, DG.encoding),
                normalisations=self.texts(src, DG.normalisations),
            ),
            sections=tuple(self.section(n) for n in self.ordered(self.g.subjects(DG.sectionOf, s))),
            items=tuple(self.item(n) for n in self.ordered(self.g.subjects(PPLAN.isStepOfPlan, s))),
            quality=tuple(
                QualityIssue(kind=self.value(q, DG.qualityKind, required=True), code=self.text(q, DG.noteCode),
                             params=self.params(q), line=self.value(q, DG.line), item=self.value(q, DG.qualityItem))
                for q in self.ordered(self.g.objects(s, DG.qualityIssue))
            ),
            cites=tuple(
                Citation(text=self.text(c, DG.text), doc_number=self.value(c, DG.citedDocNumber),
                         title=self.value(c, DG.citedTitle), item=self.value(c, DG.citedItem),
                         target=self.ref(c, DG.citedPlan), span=self.span(c))
                for c in self.ordered(self.g.objects(s, DG.qualifiedCites))
            ),
        )

    def ref(self, s: Node, p: URIRef) -> str | None:
        node = self.one(s, p, required=False)
        return None if node is None else self.id_of(node)

    def responsibilities(self, s: Node) -> tuple[Responsibility, ...]:
        return tuple(
            Responsibility(leader=self.id_of(self.one(r, PROV.agent)), surface=self.text(r, DG.surface),
                           label=self.text(r, DG.responsibilityLabel), span=self.span(r))
            for r in self.ordered(self.g.objects(s, DG.qualifiedResponsibility))
        )

    def section(self, s: Node) -> Section:
        return Section(
            id=self.id_of(s), ordinal=self.text(s, DG.ordinal), number=self.value(s, DG.number),
            level=self.value(s, DG.level, required=True), title=self.text(s, DCTERMS.title),
            parent=self.ref(s, DG.subsectionOf), responsibilities=self.responsibilities(s), span=self.span(s),
        )

    def item(self, s: Node) -> Item:
        return Item(
            id=self.id_of(s), ref=self.text(s, DG.ref), number=self.value(s, DG.number),
            title=self.text(s, DCTERMS.title), text=self.text(s, DG.text), section=self.ref(s, DG.inSection),
            parent=self.ref(s, DG.partOf),
            tasks=tuple(
                Task(id=self.id_of(t), order=self.value(t, DG.order, required=True), text=self.text(t, DG.text),
                     span=self.span(t))
                for t in self.ordered(self.g.subjects(DG.taskOf, s))
            ),
            targets=tuple(self.target(t) for t in self.ordered(self.g.objects(s, DG.hasTarget))),
            assignments=tuple(
                Assignment(
                    party=self.id_of(self.one(a, PROV.agent)), surface=self.text(a, DG.surface),
                    role=self.term(a, PROV.hadRole, _ROLES), rule=self.term(a, DG.leadRule, _RULES),
                    order=self.value(a, DG.order, required=True), span=self.span(a),
                )
                for a in self.ordered(self.g.objects(s, PROV.qualifiedAssociation))
            ),
            responsibilities=self.responsibilities(s),
            progress=tuple(
                Progress(id=self.id_of(p), text=self.text(p, DG.text), as_of=self.value(p, DG.asOf),
                         status=self.term(p, DG.status, _STATUSES, required=False),
                         status_rule=self.value(p, DG.statusRule), status_evidence=self.value(p, DG.statusEvidence),
                         span=self.span(p))
                for p in self.ordered(self.g.objects(s, DG.hasProgress))
            ),
            notes=self.texts(s, DG.notes), references=self.texts(s, DG.references),
            open_list=self.value(s, DG.openList, required=True),
            status=self.term(s, DG.status, _STATUSES, required=False), status_from=self.ref(s, DG.statusFrom),
            reports_on=tuple(
                Reference(text=self.text(r, DG.text), doc_number=self.value(r, DG.citedDocNumber),
                          item=self.value(r, DG.citedItem), carried=self.value(r, DG.carried, required=True),
                          target=self.ref(r, DG.reportedItem))
                for r in self.ordered(self.g.objects(s, DG.qualifiedReportsOn))
            ),
            same_as=self.ref(s, DG.sameItemAs),
            corrections=tuple(
                Correction(op=self.value(c, DG.correctionOp, required=True),
                           file=self.text(self.one(c, DCTERMS.source), DCTERMS.identifier),
                           line=self.value(c, DG.line, required=True),
                           before=self.value(c, DG.valueBefore), after=self.value(c, DG.valueAfter))
                for c in self.ordered(self.g.objects(s, DG.correction))
            ),
            span=self.span(s),
            derived_from=tuple(
                ChainLink(target=self.id_of(self.one(c, DG.implementedItem)), rule=self.value(c, DG.chainRule, required=True),
                          basis=self.value(c, DG.chainBasis, required=True), score=self.value(c, DG.score, required=True),
                          confidence=self.value(c, DG.confidence, required=True), evidence=self.text(c, DG.chainEvidence),
                          confirmed=self.value(c, DG.confirmed, required=True))
                for c in self.ordered(self.g.objects(s, DG.qualifiedImplements))
            ),
        )

    @overload
    def term(self, s: Node, p: URIRef, known: Mapping[URIRef, _Name], *, required: typing.Literal[True] = True) -> _Name: ...
    @overload
    def term(self, s: Node, p: URIRef, known: Mapping[URIRef, _Name], *, required: bool) -> _Name | None: ...

    def term(self, s: Node, p: URIRef, known: Mapping[URIRef, _Name], *, required: bool = True) -> _Name | None:
        node = self.one(s, p, required=required)
        if node is None:
            return None
        if not isinstance(node, URIRef) or node not in known:
            raise ModelError("model.not_one_of", subject=s, predicate=p.n3(self.g.namespace_manager), node=node,
                             known=", ".join(sorted(map(str, known))))
        return known[node]

    def target(self, t: Node) -> Target:
        deadline = self.one(t, DG.deadline, required=False)
        return Target(
            id=self.id_of(t), order=self.value(t, DG.order, required=True), text=self.text(t, DG.text),
            metric=self.value(t, DG.metric), value=self.value(t, DG.value), unit=self.value(t, DG.unit),
            comparator=self.value(t, DG.comparator),
            deadline=None if deadline is None else self.value(deadline, TIME.inXSDDate, required=True),
            horizon=self.value(t, DG.horizon), deadline_rule=self.term(t, DG.deadlineRule, _DEADLINE_RULES, required=False),
            schedule=self.schedule(t), share=self.value(t, DG.share), part_of=self.ref(t, DG.partOfTarget),
            span=self.span(t), doubt=self.value(t, DG.doubt),
        )

    def schedule(self, t: Node) -> Schedule | None:
        node = self.one(t, DG.schedule, required=False)
        return None if node is None else Schedule(
            period=self.value(node, DG.period, required=True), month=self.value(node, DG.monthOfPeriod),
            day=self.value(node, DG.dayOfMonth), text=self.text(node, DG.text))


def from_rdf(graph: Graph) -> Corpus:
    """Rebuild the corpus from a graph written by :func:`~dutygraph.graph.rdf.triples.to_rdf` (or a
    dataset by :func:`~dutygraph.graph.rdf.triples.to_dataset`: pass its union, ``Dataset(default_union=True)``)."""
    try:
        return _Reader(graph).corpus()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise ModelError("model.invalid_rdf", kind=exc.title, where=where, reason=first["msg"]) from None
