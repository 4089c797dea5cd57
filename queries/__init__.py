"""Queries: plain functions over the networkx graph, each returning typed rows.

Every query counts over :mod:`.scope` (the plans a ``plan``/``issuer`` option selects, and the
(top-level item, party) pairs in them), and every row carries the items and source lines
behind it. :mod:`.workload` ranks offices by load and measures concentration;
:mod:`.dependencies` gives the offices that share items and the lead → support edges, and
:mod:`.network` positions in the office network (betweenness, brokers, communities);
:mod:`.targets` tiers targets by deadline; :mod:`.profiles` is everything about one office or
leader; :mod:`.progress` the statuses and links of supervision; :mod:`.diff` compares two years;
:mod:`.aliases` shows which names were merged into one office; :mod:`.review` lists the facts
read on weak evidence, most consequential first; :mod:`.ledgers` gathers the
督办台账, one sheet of items per office and per leader. :mod:`.cypher` and
:mod:`.sparql` are twins of the main queries on a Neo4j store and on the RDF view, returning
equal rows; :mod:`.engine` runs a query on the engine asked for.

>>> from dutygraph.graph import to_networkx
>>> from dutygraph.importers import parse
>>> from dutygraph.queries import office_workload
>>> G = to_networkx(parse("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头，财务科配合）\\n"))
>>> [(r.office, r.load) for r in office_workload(G)]
[('基建科', 1.0), ('财务科', 0.5)]
"""

from dutygraph._exports import lazy_exports
from dutygraph._layout import refuse_other_names

refuse_other_names(__name__)  # `import queries` from the repository root would be a second copy

_NAMES = {
    **dict.fromkeys(["office_workload", "leader_workload", "concentration", "overloaded"], "workload"),
    **dict.fromkeys(["co_assignment", "lead_support", "office_network"], "dependencies"),
    **dict.fromkeys(["centrality", "brokers", "communities"], "network"),
    **dict.fromkeys(["targets_by_deadline", "targets_by_office"], "targets"),
    **dict.fromkeys(["office_profiles", "leader_profiles"], "profiles"),
    **dict.fromkeys(["item_statuses", "references", "corrections_applied"], "progress"),
    **dict.fromkeys(["match_items", "office_changes"], "diff"),
    **dict.fromkeys(["alias_merges", "suggest_aliases"], "aliases"),
    "ledger": "ledgers",
    "doubtful_facts": "review",  # issue 20
    "Engine": "engine",
}
__all__ = sorted(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
