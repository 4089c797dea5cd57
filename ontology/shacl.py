"""The SHACL rules of ``ontology/shapes.ttl``, run with pySHACL, as readable violations.

Each :class:`Violation` says which rule (the shape), what is wrong (its message), which item
it concerns (the item a target, task or assignment belongs to) and where the document says so
(``file:line`` of the fact's source span, else of its item's).

>>> from dutygraph.importers.read import parse
>>> from dutygraph.graph.rdf.triples import to_rdf
>>> validate_graph(to_rdf(parse("某县教育局2023年工作要点\\n1.扩充学位。（学前科牵头，财务科配合）\\n")))
[]
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SH
from rdflib.term import IdentifiedNode, Node

from dutygraph.ontology.model import cite
from dutygraph.ontology.terms import DG, ID, OA, PPLAN

__all__ = ["Violation", "shapes", "validate_graph"]


@dataclass(frozen=True)
class Violation:
    """One failed rule: ``rule`` is the shape's name, ``focus`` the resource that breaks it."""

    rule: str
    message: str
    focus: str
    item: str | None
    where: str | None
    value: str | None
    severity: str

    def __str__(self) -> str:
        item = f"item {self.item}: " if self.item else ""
        return f"{self.where or '-'}: {item}{self.rule}: {self.message}"


@functools.cache
def _shapes_text() -> str:
    return resources.files("dutygraph.ontology").joinpath("shapes.ttl").read_text("utf-8")


def shapes() -> Graph:
    """The shapes graph (a fresh copy each call)."""
    return Graph().parse(data=_shapes_text(), format="turtle")


_PARENTS = (  # how a fact reaches its item: (property, the fact is its subject)
    (DG.taskOf, True), (DG.hasTarget, False), (DG.hasProgress, False),
    (PROV.qualifiedAssociation, False), (DG.qualifiedResponsibility, False),
    (DG.qualifiedReportsOn, False), (DG.correction, False), (DG.schedule, False),
)


def _item_of(g: Graph, node: Node) -> Node | None:
    if (node, RDF.type, DG.Item) in g:
        return node
    span = next(g.subjects(OA.hasSelector, node), None)  # a selector: its span
    if span is not None:
        return _item_of(g, span)
    if (node, RDF.type, DG.SourceSpan) in g:
        owner = next(g.subjects(DG.span, node), None)
        return None if owner is None else _item_of(g, owner)
    for prop, forward in _PARENTS:
        parent = next(g.objects(node, prop) if forward else g.subjects(prop, node), None)
        if parent is not None:
            return _item_of(g, parent)
    return None


def _where(g: Graph, node: Node | None) -> str | None:
    """``file:line`` of a node's span (a span itself, or a fact pointing at one)."""
    if node is None:
        return None
    node = next(g.subjects(OA.hasSelector, node), node)  # a selector: its span
    span = node if (node, RDF.type, DG.SourceSpan) in g else next(g.objects(node, DG.span), None)
    if span is None:
        return None
    doc, line = next(g.objects(span, OA.hasSource), None), next(g.objects(span, DG.line), None)
    name = None if doc is None else next(g.objects(doc, DCTERMS.identifier), None)
    if name is None or line is None:
        return None
    where = {key: g.value(span, prop) for key, prop in (("block", DG.block), ("table", DG.tableNumber),
                                                      ("row", DG.rowNumber), ("col", DG.columnNumber))}
    locator = None if where["block"] is None else {
        k: v.toPython() for k, v in where.items() if isinstance(v, (IdentifiedNode, Literal))
    }
    return cite(str(name), int(str(line)), locator)  # a literal's lexical form


def _label(node: Node | None) -> str | None:
    if node is None:
        return None
    text = str(node)
    return text[len(ID):] if text.startswith(str(ID)) else text


def validate_graph(data: Graph) -> list[Violation]:
    """Every violation of the shapes in ``data``, in file and line order; [] when it conforms."""
    import pyshacl

    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes(), inference="none", advanced=True,
                                           allow_warnings=False)
    if conforms:
        return []
    if not isinstance(report, Graph):  # a graph unless asked for the report serialised
        raise TypeError(f"pyshacl returned its report as {type(report).__name__}, not a graph")
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        shape = report.value(result, SH.sourceShape)
        if not isinstance(shape, URIRef):  # a property shape (a blank node): its node shape, by message
            shape = _rule_of_message().get(str(report.value(result, SH.resultMessage)))
        item = None if focus is None else _item_of(data, focus)
        ref = None if item is None else data.value(item, DG.ref)
        found.append(Violation(
            rule=str(shape).rsplit("#", 1)[-1] if isinstance(shape, URIRef) else "shape",
            message=str(report.value(result, SH.resultMessage) or "does not conform"),
            focus=_label(focus) or "", item=None if item is None else f"{ref or '?'} ({_label(item)})",
            where=_where(data, focus) or _where(data, item) or _plan_where(data, focus),
            value=_label(report.value(result, SH.value)),
            severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
        ))
    return sorted(found, key=_order)


def _plan_where(g: Graph, node: Node | None) -> str | None:
    """A plan-level fact: the plan's source file."""
    plan = node if node is not None and (node, RDF.type, DG.Plan) in g else \
        next(g.objects(node, PPLAN.isStepOfPlan), None) if node is not None else None
    source = None if plan is None else next(g.objects(plan, DCTERMS.source), None)
    name = None if source is None else next(g.objects(source, DCTERMS.identifier), None)
    return None if name is None else str(name)


@functools.cache
def _rule_of_message() -> dict[str, URIRef]:
    """Each property shape's message → the node shape holding it (messages are unique)."""
    g = shapes()
    return {str(message): node for node, prop in g.subject_objects(SH.property)
            for message in g.objects(prop, SH.message) if isinstance(node, URIRef)}


def _order(v: Violation) -> tuple[str, int, str, str]:
    file, _, line = (v.where or "").partition(" (")[0].rpartition(":")
    return (file, int(line), v.rule, v.focus) if line.isdigit() else (v.where or "", 0, v.rule, v.focus)
