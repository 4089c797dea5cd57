"""The ontology: the model every importer builds and every view reads, and its vocabulary.

:mod:`.model` holds the pydantic model (a corpus of plans, their sections, items, tasks,
targets, offices, leaders, each with its source span; :mod:`.supervision` the supervision
records), :mod:`.ids` the stable ids, :mod:`.offices` which names are one office of an issuer
(aliases, the built-in gazetteer), :mod:`.links` the links between documents,
:mod:`.corrections` and :mod:`.correct` a planner's corrections files and their application.
:mod:`.vocabulary` closes the node kinds and relations every view uses, :mod:`.terms` maps
them to the RDF terms of ``dutygraph.ttl``, and :mod:`.shacl` checks an RDF graph against
``shapes.ttl``.

>>> from dutygraph.ontology import Corpus, NodeKind
>>> Corpus().plans, NodeKind.ITEM
((), <NodeKind.ITEM: 'Item'>)
"""

from dutygraph._exports import lazy_exports
from dutygraph._layout import refuse_other_names

refuse_other_names(__name__)  # `import ontology` from the repository root would be a second copy

_NAMES = {
    **dict.fromkeys(
        ["Corpus", "Plan", "Section", "Item", "Task", "Target", "Assignment", "Responsibility", "Organization",
         "Office", "Collective", "Leader", "SourceDocument", "SourceSpan", "Locator", "QualityIssue"], "model"),
    "NodeKind": "vocabulary", "Relation": "vocabulary", "AliasTable": "offices",
    "load_corrections": "corrections", "apply_corrections": "correct", "validate_graph": "shacl",
}
__all__ = sorted(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
