"""The model as linked data: an RDF graph in the terms of ``ontology/dutygraph.ttl``.

Every entity becomes an IRI under ``https://w3id.org/dutygraph/id/`` named by its stable id,
typed by dutygraph's class and by the standard class it specialises (``dg:Item`` and
``p-plan:Step``); every field becomes a triple, with standard terms where they fit:

=================================  ==================================================================
model                              RDF
=================================  ==================================================================
names, aliases                     ``skos:prefLabel``, ``skos:altLabel`` (``@zh``)
titles, doc number, issuers        ``dcterms:title``, ``dcterms:identifier``, ``dcterms:publisher``
office / collective / leader       ``org:unitOf`` / ``org:subOrganizationOf`` / ``org:memberOf``
leader's title                     ``org:holds`` an ``org:Post`` (``org:postIn`` the issuer)
item of a plan                     ``p-plan:isStepOfPlan``; tasks ``p-plan:isPrecededBy`` the previous
assignment                         ``prov:qualifiedAssociation`` → ``dg:Assignment``: ``prov:agent``,
                                   ``prov:hadRole`` ``dg:lead``/``dg:support``, ``dg:leadRule``
deadline                           ``dg:deadline`` → ``time:Instant`` with ``time:inXSDDate``; ``dg:deadlineRule``
                                   ``dg:explicit``/``planYearEnd``/``horizonEnd``/``corrected``/``planYearRelative``/``schoolTerm``
schedule (每季度)                  ``dg:schedule`` → ``dg:Schedule``: ``dg:period``, ``monthOfPeriod``, ``dayOfMonth``
a target's whole                   ``dg:share`` whole/part, ``dg:partOfTarget`` (⊑ ``dcterms:isPartOf``)
status                             ``dg:status`` ``dg:completed``/``onTrack``/``behind``/``notStarted``; a
                                   progress's ``dg:statusRule``, ``statusEvidence``; an item's ``dg:statusFrom``
来源 of a report's row              ``dg:reportsOn`` the item (⊑ ``dcterms:references``), qualified by
                                   ``dg:qualifiedReportsOn`` → ``dg:Reference`` (as written, ``dg:reportedItem``)
issuer's level                     ``dg:adminLevel``, ``dg:levelRule``, ``dg:levelEvidence``
a plan's citations                 ``dg:qualifiedCites`` → ``dg:Citation`` (``dg:citedTitle``, ``dg:citedPlan``);
                                   ``dg:citesPlan`` the plan (⊑ ``dcterms:references``)
a task carried out from above      ``dg:implements`` the higher item (⊑ ``prov:wasDerivedFrom``), qualified by
                                   ``dg:qualifiedImplements`` → ``dg:ChainLink`` (rule, basis, score, evidence)
the same item listed twice         ``dg:sameItemAs`` (not ``owl:sameAs``: the two rows stay two records)
correction                         ``dg:correction`` → ``dg:Correction``: ``dg:correctionOp``, ``dg:valueBefore``,
                                   ``dg:valueAfter``, ``dcterms:source`` the corrections file, ``dg:line``
source span                        ``dg:span`` → ``oa:SpecificResource``: ``oa:hasSource``, ``dg:line``,
                                   an ``oa:TextPositionSelector`` and an ``oa:TextQuoteSelector``;
                                   in HTML ``dg:block``, ``dg:tableNumber``/``rowNumber``/``columnNumber``
ordered lists of text              ``rdf:List`` (notes, references, normalisations, issuers)
=================================  ==================================================================

:func:`~dutygraph.graph.rdf.read.from_rdf` reads it back: model → RDF → model gives the same
model. Organizations, parties and leaders come back in id order and aliases sorted, the order
the importer builds them in. :func:`to_dataset` puts each plan in a named graph of its own
(TriG), with the issuers, offices and leaders they share in one more.

>>> from dutygraph.importers.read import parse
>>> g = to_rdf(parse("某县教育局2023年工作要点\\n1.扩充学位。（学前科牵头，财务科配合）\\n"))
>>> from dutygraph.ontology.terms import DG
>>> len(list(g.subjects(RDF.type, DG.Assignment))), len(g)
(2, 106)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar
from urllib.parse import quote

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from dutygraph.ontology.model import (
    Assignment,
    Corpus,
    Item,
    Leader,
    Party,
    Plan,
    Responsibility,
    Section,
    SourceSpan,
    Target,
)
from dutygraph.ontology.terms import (
    DEADLINE_RULE_TERMS, DG, ID, OA, PPLAN, ROLE_TERMS, RULE_TERMS, STATUS_TERMS, belongs_to,
)
from dutygraph.ontology.vocabulary import NodeKind

__all__ = ["PREFIXES", "SHARED_GRAPH", "iri", "to_dataset", "to_rdf"]

PREFIXES: dict[str, object] = {
    "dg": DG._NS, "id": ID, "org": ORG, "prov": PROV, "p-plan": PPLAN._NS, "skos": SKOS,
    "dcterms": DCTERMS, "time": TIME, "oa": OA._NS, "foaf": FOAF, "owl": OWL, "rdfs": RDFS, "xsd": XSD,
}
"""The prefixes every serialisation binds."""

SHARED_GRAPH = ID["graph:shared"]
"""The named graph (TriG) holding issuers, offices, collectives and leaders."""


def iri(node_id: str) -> URIRef:
    """The IRI of a model id (``office:ac53…`` → ``https://w3id.org/dutygraph/id/office:ac53…``).

    >>> iri("item:1/2")
    rdflib.term.URIRef('https://w3id.org/dutygraph/id/item:1%2F2')
    """
    return ID[quote(node_id, safe=":")]


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


_Name = TypeVar("_Name", bound=str)


def _term(terms: Mapping[_Name, URIRef], value: _Name | None) -> URIRef | None:
    return None if value is None else terms[value]


def _bind(g: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)


class _Writer:
    """Adds a corpus's triples; ``shared`` and ``graph_of(plan)`` say which graph gets what."""

    def __init__(self, shared: Graph, graph_of) -> None:
        self.shared, self.graph_of = shared, graph_of
        self.g = shared

    def add(self, s: URIRef, p: URIRef, o: object) -> None:
        if o is not None:
            self.g.add((s, p, o if isinstance(o, (URIRef, Literal, BNode)) else Literal(o)))

    def record(self, owner: URIRef, prop: URIRef, kind: URIRef, path: str, position: int) -> URIRef:
        """A numbered record of ``owner`` (``<owner>/path/position``): linked by ``prop``, typed
        ``kind``, its ``dg:position`` set; returns its IRI."""
        node = URIRef(f"{owner}/{path}/{position}")
        self.add(owner, prop, node)
        self.add(node, RDF.type, kind)
        self.add(node, DG.position, position)
        return node

    def typed(self, s: URIRef, kind: NodeKind) -> None:
        self.add(s, RDF.type, kind.rdf_class)
        if kind.standard_class is not None:
            self.add(s, RDF.type, kind.standard_class)

    def text_list(self, s: URIRef, p: URIRef, values: tuple[object, ...]) -> None:
        if values:
            head = BNode()
            Collection(self.g, head, [v if isinstance(v, (URIRef, Literal)) else Literal(v) for v in values])
            self.add(s, p, head)

    def corpus(self, corpus: Corpus) -> None:
        for org in corpus.organizations:
            s = iri(org.id)
            self.typed(s, NodeKind.ORGANIZATION)
            self.add(s, SKOS.prefLabel, _zh(org.name))
            self.add(s, DG.qualifier, org.qualifier)
            self.add(s, DG.issuerRule, org.rule)
            self.add(s, DG.doubt, org.doubt)
            self.add(s, DG.adminLevel, org.level)
            self.add(s, DG.levelRule, org.level_rule)
            self.add(s, DG.levelEvidence, org.level_evidence)
        for party in corpus.parties:
            self.party(party)
        for leader in corpus.leaders:
            self.leader(leader)
        for position, plan in enumerate(corpus.plans):
            self.g = self.graph_of(plan)
            self.plan(plan, position)
            self.g = self.shared

    def party(self, party: Party) -> None:
        s = iri(party.id)
        kind = NodeKind.OFFICE if party.kind == "office" else NodeKind.COLLECTIVE
        self.typed(s, kind)
        self.add(s, SKOS.prefLabel, _zh(party.name))
        for alias in party.aliases:
            self.add(s, SKOS.altLabel, _zh(alias))
        self.add(s, belongs_to(kind), iri(party.issuer))
        self.add(s, DG.scope, getattr(party, "scope", None))

    def leader(self, leader: Leader) -> None:
        s = iri(leader.id)
        self.typed(s, NodeKind.LEADER)
        self.add(s, SKOS.prefLabel, _zh(leader.name))
        self.add(s, belongs_to(NodeKind.LEADER), iri(leader.issuer))
        if leader.title is not None:
            post = URIRef(f"{s}/post")
            self.add(s, ORG.holds, post)
            self.add(post, RDF.type, ORG.Post)
            self.add(post, SKOS.prefLabel, _zh(leader.title))
            self.add(post, ORG.postIn, iri(leader.issuer))

    def plan(self, plan: Plan, position: int) -> None:
        s = iri(plan.id)
        self.plan_iri, self.plan_source = s, plan.source.name
        self.typed(s, NodeKind.PLAN)
        self.add(s, DG.position, position)
        self.add(s, DCTERMS.title, _zh(plan.title))
        for issuer in plan.issuers:
            self.add(s, DCTERMS.publisher, iri(issuer))
        self.text_list(s, DG.issuers, tuple(iri(i) for i in plan.issuers))
        self.add(s, DG.year, plan.year)
        self.add(s, DG.planKind, plan.kind)
        self.add(s, DCTERMS.identifier, plan.doc_number)
        src = self.document(plan.source.name)
        self.add(s, DCTERMS.source, src)
        self.add(src, RDF.type, DG.SourceDocument)
        self.add(src, DG.sha256, plan.source.sha256)
        self.add(src, DG.sourceFormat, plan.source.format)
        self.add(src, DG.encoding, plan.source.encoding)
        self.text_list(src, DG.normalisations, plan.source.normalisations)
        for i, q in enumerate(plan.quality):
            node = self.record(s, DG.qualityIssue, DG.QualityIssue, "quality", i)
            self.add(node, DG.qualityKind, q.kind)
            self.add(node, DG.message, q.message)
            self.add(node, DG.line, q.line)
            self.add(node, DG.qualityItem, q.item)
        for i, cite in enumerate(plan.cites):
            node = self.record(s, DG.qualifiedCites, DG.Citation, "cites", i)
            self.add(node, DG.text, cite.text)
            self.add(node, DG.citedDocNumber, cite.doc_number)
            self.add(node, DG.citedTitle, cite.title)
            self.add(node, DG.citedItem, cite.item)
            if cite.target is not None:
                self.add(node, DG.citedPlan, iri(cite.target))
                self.add(s, DG.citesPlan, iri(cite.target))
            self.span(node, cite.span)
        for i, section in enumerate(plan.sections):
            self.section(s, i, section)
        for i, item in enumerate(plan.items):
            self.item(s, i, item)

    def document(self, file: str) -> URIRef:
        """The plan's source document, or (for a span in another file) a document of its own."""
        if file == self.plan_source:
            node = URIRef(f"{self.plan_iri}/source")
        else:
            node = ID[f"file:{quote(file, safe='')}"]
            self.add(node, RDF.type, FOAF.Document)
        self.add(node, DCTERMS.identifier, file)
        return node

    def span(self, s: URIRef, span: SourceSpan) -> None:
        node = URIRef(f"{s}/span")
        self.add(s, DG.span, node)
        self.add(node, RDF.type, DG.SourceSpan)
        self.add(node, RDF.type, OA.SpecificResource)
        self.add(node, OA.hasSource, self.document(span.file))
        self.add(node, DG.line, span.line)
        self.add(node, DG.endLine, span.end_line)
        if span.where is not None:
            self.add(node, DG.block, span.where.block)
            self.add(node, DG.tableNumber, span.where.table)
            self.add(node, DG.rowNumber, span.where.row)
            self.add(node, DG.columnNumber, span.where.col)
            self.add(node, DG.sheet, span.where.sheet)
            self.add(node, DG.cell, span.where.cell)
            self.add(node, DG.mergedCells, span.where.merged)
            self.add(node, DG.page, span.where.page)
            if span.where.box is not None:
                self.text_list(node, DG.box, tuple(Literal(float(x), datatype=XSD.double) for x in span.where.box))
        position, quote_ = URIRef(f"{node}/position"), URIRef(f"{node}/quote")
        self.add(node, OA.hasSelector, position)
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, span.start)
        self.add(position, OA.end, span.end)
        self.add(node, OA.hasSelector, quote_)
        self.add(quote_, RDF.type, OA.TextQuoteSelector)
        self.add(quote_, OA.exact, span.text)

    def section(self, plan: URIRef, position: int, section: Section) -> None:
        s = iri(section.id)
        self.typed(s, NodeKind.SECTION)
        self.add(s, DG.sectionOf, plan)
        self.add(s, DG.position, position)
        self.add(s, DG.ordinal, section.ordinal)
        self.add(s, DG.number, section.number)
        self.add(s, DG.level, section.level)
        self.add(s, DCTERMS.title, _zh(section.title))
        if section.parent:
            self.add(s, DG.subsectionOf, iri(section.parent))
        self.responsibilities(s, section.responsibilities)
        self.span(s, section.span)

    def item(self, plan: URIRef, position: int, item: Item) -> None:
        s = iri(item.id)
        self.typed(s, NodeKind.ITEM)
        self.add(s, PPLAN.isStepOfPlan, plan)
        self.add(s, DG.position, position)
        self.add(s, DG.ref, item.ref)
        self.add(s, DG.number, item.number)
        self.add(s, DCTERMS.title, _zh(item.title))
        self.add(s, DG.text, item.text)
        if item.section:
            self.add(s, DG.inSection, iri(item.section))
        if item.parent:
            self.add(s, DG.partOf, iri(item.parent))
        self.text_list(s, DG.notes, item.notes)
        self.text_list(s, DG.references, item.references)
        self.add(s, DG.openList, item.open_list)
        self.span(s, item.span)
        previous = None
        for i, task in enumerate(item.tasks):
            t = iri(task.id)
            self.typed(t, NodeKind.TASK)
            self.add(t, DG.taskOf, s)
            self.add(t, DG.position, i)
            self.add(t, DG.order, task.order)
            self.add(t, DG.text, task.text)
            self.add(t, PPLAN.isPrecededBy, previous)
            self.span(t, task.span)
            previous = t
        for i, target in enumerate(item.targets):
            self.target(s, i, target)
        for i, progress in enumerate(item.progress):
            p = iri(progress.id)
            self.typed(p, NodeKind.PROGRESS)
            self.add(s, DG.hasProgress, p)
            self.add(p, DG.position, i)
            self.add(p, DG.text, progress.text)
            self.add(p, DG.asOf, progress.as_of)
            self.add(p, DG.status, _term(STATUS_TERMS, progress.status))
            self.add(p, DG.statusRule, progress.status_rule)
            self.add(p, DG.statusEvidence, progress.status_evidence)
            self.span(p, progress.span)
        for i, a in enumerate(item.assignments):
            self.assignment(s, i, a)
        self.responsibilities(s, item.responsibilities)
        self.supervision(s, item)

    def target(self, item: URIRef, position: int, target: Target) -> None:
        t = iri(target.id)
        self.typed(t, NodeKind.TARGET)
        self.add(item, DG.hasTarget, t)
        self.add(t, DG.position, position)
        self.add(t, DG.order, target.order)
        self.add(t, DG.text, target.text)
        self.add(t, DG.metric, target.metric)
        self.add(t, DG.value, None if target.value is None else Literal(target.value, datatype=XSD.double))
        self.add(t, DG.unit, target.unit)
        self.add(t, DG.comparator, target.comparator)
        if target.deadline is not None:
            instant = URIRef(f"{t}/deadline")
            self.add(t, DG.deadline, instant)
            self.add(instant, RDF.type, TIME.Instant)
            self.add(instant, TIME.inXSDDate, target.deadline)
        self.add(t, DG.deadlineRule, _term(DEADLINE_RULE_TERMS, target.deadline_rule))
        self.add(t, DG.doubt, target.doubt)
        self.add(t, DG.horizon, target.horizon)
        if target.schedule is not None:
            node = URIRef(f"{t}/schedule")
            self.add(t, DG.schedule, node)
            self.add(node, RDF.type, DG.Schedule)
            self.add(node, DG.period, target.schedule.period)
            self.add(node, DG.monthOfPeriod, target.schedule.month)
            self.add(node, DG.dayOfMonth, target.schedule.day)
            self.add(node, DG.text, target.schedule.text)
        self.add(t, DG.share, target.share)
        self.add(t, DG.partOfTarget, None if target.part_of is None else iri(target.part_of))
        self.span(t, target.span)

    def supervision(self, s: URIRef, item: Item) -> None:
        """An item's status and where it comes from, the rows it reports on, its corrections."""
        self.add(s, DG.status, _term(STATUS_TERMS, item.status))
        self.add(s, DG.statusFrom, None if item.status_from is None else iri(item.status_from))
        self.add(s, DG.sameItemAs, None if item.same_as is None else iri(item.same_as))
        for i, ref in enumerate(item.reports_on):
            node = self.record(s, DG.qualifiedReportsOn, DG.Reference, "reports-on", i)
            self.add(node, DG.text, ref.text)
            self.add(node, DG.citedDocNumber, ref.doc_number)
            self.add(node, DG.citedItem, ref.item)
            self.add(node, DG.carried, ref.carried)
            if ref.target is not None:
                self.add(node, DG.reportedItem, iri(ref.target))
                self.add(s, DG.reportsOn, iri(ref.target))
        for i, link in enumerate(item.derived_from):
            node = self.record(s, DG.qualifiedImplements, DG.ChainLink, "implements", i)
            self.add(node, DG.implementedItem, iri(link.target))
            self.add(s, DG.implements, iri(link.target))
            self.add(node, DG.chainRule, link.rule)
            self.add(node, DG.chainBasis, link.basis)
            self.add(node, DG.score, Literal(link.score, datatype=XSD.double))
            self.add(node, DG.confidence, Literal(link.confidence, datatype=XSD.double))
            self.add(node, DG.chainEvidence, link.evidence)
            self.add(node, DG.confirmed, link.confirmed)
        for i, fix in enumerate(item.corrections):
            node = self.record(s, DG.correction, DG.Correction, "correction", i)
            self.add(node, DG.correctionOp, fix.op)
            self.add(node, DCTERMS.source, self.document(fix.file))
            self.add(node, DG.line, fix.line)
            self.add(node, DG.valueBefore, fix.before)
            self.add(node, DG.valueAfter, fix.after)

    def assignment(self, item: URIRef, position: int, a: Assignment) -> None:
        node = self.record(item, PROV.qualifiedAssociation, DG.Assignment, "assignment", position)
        self.add(node, RDF.type, PROV.Association)
        self.add(node, PROV.agent, iri(a.party))
        self.add(node, PROV.hadRole, ROLE_TERMS[a.role])
        self.add(node, DG.leadRule, RULE_TERMS[a.rule])
        self.add(node, DG.surface, a.surface)
        self.add(node, DG.order, a.order)
        self.span(node, a.span)

    def responsibilities(self, s: URIRef, rows: tuple[Responsibility, ...]) -> None:
        for i, r in enumerate(rows):
            node = self.record(s, DG.qualifiedResponsibility, DG.Responsibility, "responsibility", i)
            self.add(node, RDF.type, PROV.Association)
            self.add(node, PROV.agent, iri(r.leader))
            self.add(node, DG.surface, r.surface)
            self.add(node, DG.responsibilityLabel, r.label)
            self.add(node, DG.position, i)
            self.span(node, r.span)


def to_rdf(corpus: Corpus, graph: Graph | None = None) -> Graph:
    """The corpus as one RDF graph (added to ``graph`` when given, e.g. an Oxigraph-backed one)."""
    g = Graph() if graph is None else graph
    _bind(g)
    _Writer(g, lambda plan: g).corpus(corpus)
    return g


def to_dataset(corpus: Corpus) -> Dataset:
    """The corpus as a dataset: one named graph per plan (``<plan IRI>/graph``) and
    :data:`SHARED_GRAPH` for what plans share.

    >>> from dutygraph.importers.read import parse
    >>> ds = to_dataset(parse("某县教育局2023年工作要点\\n1.扩充学位。（学前科牵头，财务科配合）\\n"))
    >>> sorted(str(g.identifier).rsplit("/", 1)[-1] for g in ds.graphs() if len(g))
    ['graph', 'graph:shared']
    """
    ds = Dataset()
    _bind(ds)
    shared = ds.graph(SHARED_GRAPH)
    _Writer(shared, lambda plan: ds.graph(URIRef(f"{iri(plan.id)}/graph"))).corpus(corpus)
    return ds
