"""One closed vocabulary: the graph's node kinds and relations.

Every name the views use comes from here: networkx node ``type`` values and edge relations,
Neo4j labels and relationship types, and (through :mod:`dutygraph.ontology.terms`) the RDF
classes and properties of ``ontology/dutygraph.ttl``. The enums are closed, so a typo fails
where it is written instead of matching nothing::

    NodeKind      Organization Plan Section Item Task Target Progress Office Collective Leader
    Relation      ISSUED_BY HAS_SECTION SUBSECTION_OF HAS_ITEM IN_SECTION PART_OF HAS_TASK
                  HAS_TARGET HAS_PROGRESS REPORTS_ON SAME_AS ASSIGNED_TO RESPONSIBLE BELONGS_TO
                  IMPLEMENTS

The members are strings (:class:`enum.StrEnum`), so ``G.nodes[n]["type"] == NodeKind.ITEM``
reads as before and the stored values stay plain text. This module imports nothing heavy:
the RDF terms load on first use of :attr:`NodeKind.rdf_class` or :attr:`Relation.rdf_property`.

>>> NodeKind.ITEM == "Item", Relation.ASSIGNED_TO == "ASSIGNED_TO"
(True, True)
>>> Relation("ASIGNED_TO")
Traceback (most recent call last):
  ...
ValueError: 'ASIGNED_TO' is not a valid Relation
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import URIRef

__all__ = ["NodeKind", "Relation"]


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
        from dutygraph.ontology.terms import CLASSES

        return CLASSES[self]

    @property
    def standard_class(self) -> URIRef | None:
        """The standard class the RDF export also asserts (``p-plan:Step`` for items), if any."""
        from dutygraph.ontology.terms import STANDARD_CLASSES

        return STANDARD_CLASSES.get(self)


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
    IMPLEMENTS = "IMPLEMENTS"

    @property
    def rdf_property(self) -> tuple[URIRef, bool]:
        """(property, inverse). ASSIGNED_TO and RESPONSIBLE are qualified: the property leads to
        an association node whose ``prov:agent`` is the party; BELONGS_TO depends on the party
        kind (see :func:`belongs_to`; this gives the offices' ``org:unitOf``). REPORTS_ON is the
        resolved link (``dg:reportsOn``); the reference as written is its qualified form,
        ``dg:qualifiedReportsOn`` → ``dg:Reference``. IMPLEMENTS is a lower item's link to the
        higher task it carries out (``dg:implements`` ⊑ ``prov:wasDerivedFrom``), qualified by
        ``dg:qualifiedImplements`` → ``dg:ChainLink``.

        >>> Relation.SAME_AS.rdf_property
        (rdflib.term.URIRef('https://w3id.org/dutygraph/ontology#sameItemAs'), False)
        """
        from dutygraph.ontology.terms import PROPERTIES

        return PROPERTIES[self]
