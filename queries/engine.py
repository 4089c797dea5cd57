"""Where a query's rows come from: the documents' networkx graph, their RDF view, or Neo4j.

:class:`Engine` runs the queries that have twins (``workload``, ``pairs``, ``edges``,
``targets``) on one of three engines, with the same options and the same rows: networkx over
the corpus (the default), a SPARQL engine over its RDF view (rdflib's memory store, or
Oxigraph's), or Cypher on a Neo4j server that ``dutygraph neo4j push`` filled. The command
line's ``--engine`` only picks one (:mod:`dutygraph.cli.engine`). Given a stored corpus
(``store``), the default engine answers ``workload``, ``pairs`` and ``edges`` from its tables
(:mod:`dutygraph.queries.tables`) and reads the corpus, to build the graph, only for the
other queries.

>>> from dutygraph.importers import parse
>>> corpus = parse("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头，财务科配合）\\n")
>>> [(r.office, r.load) for r in Engine(corpus).run("workload")]
[('基建科', 1.0), ('财务科', 0.5)]
>>> Engine(corpus, rdf_store="memory").run("workload") == Engine(corpus).run("workload")
True
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from dutygraph.errors import UsageError

if TYPE_CHECKING:
    from dutygraph.graph.sqlite.store import Store
    from dutygraph.ontology.model import Corpus

__all__ = ["QUERIES", "TABLE_QUERIES", "Engine"]

QUERIES = ("workload", "pairs", "edges", "targets")
"""The queries every engine answers."""
TABLE_QUERIES = ("workload", "pairs", "edges")
"""The queries a stored corpus answers from its tables."""


class Engine:
    """Runs a named query (:data:`QUERIES`) on the documents' graph, their RDF view (with an
    ``rdf_store``) or Neo4j (with a ``driver``), with the same options."""

    def __init__(self, corpus: Corpus | None, driver: Any = None, database: str | None = None,
                 rdf_store: str | None = None, store: Store | None = None) -> None:
        self.driver, self.database, self.rdf_store, self.store = driver, database, rdf_store, store
        self._corpus = corpus

    @functools.cached_property
    def corpus(self) -> Corpus | None:
        """The corpus queried: as given, or read from the store when first asked for."""
        if self._corpus is None and self.store is not None:
            return self.store.read_corpus()
        return self._corpus

    def plan_titles(self) -> dict[str, str]:
        """Plan source name → title (tables and workbooks name plans by title); from the
        store's documents without reading the corpus."""
        if self._corpus is None and self.store is not None:
            with self.store.snapshot() as db:
                return dict(db.execute("SELECT d.name, p.title FROM documents d JOIN plans p USING (doc)"))
        return {p.source.name: p.title for p in self.corpus.plans} if self.corpus else {}

    def leaders(self, *, plan: str | None = None, issuer: str | None = None) -> list[Any]:
        """:func:`~dutygraph.queries.workload.leader_workload` rows, from the store's tables
        when there is one (networkx engine only: Cypher has no twin)."""
        if self._corpus is None and self.store is not None:
            from dutygraph.queries.tables import leader_workload as from_tables

            with self.store.snapshot() as db:
                return from_tables(db, plan=plan, issuer=issuer)
        from dutygraph.queries.workload import leader_workload

        return leader_workload(self.G, plan=plan, issuer=issuer)

    @property
    def cypher(self) -> bool:
        return self.driver is not None

    @functools.cached_property
    def G(self) -> Any:
        from dutygraph.graph.convert import to_networkx

        if self.corpus is None:
            raise UsageError("usage.part_needs_paths")
        return to_networkx(self.corpus)

    @functools.cached_property
    def rdf(self) -> Any:
        """The corpus as RDF, in rdflib's memory store or (``oxigraph``) an Oxigraph store."""
        from rdflib import Graph

        from dutygraph.graph.rdf.triples import to_rdf

        if self.corpus is None:
            raise UsageError("usage.sparql_needs_paths")
        if self.rdf_store == "oxigraph":
            try:
                import oxrdflib  # noqa: F401  (registers the "Oxigraph" store)
            except ImportError:
                raise UsageError("usage.oxigraph") from None
            return to_rdf(self.corpus, Graph(store="Oxigraph"))
        return to_rdf(self.corpus)

    def run(self, name: str, *, items: bool = True, **options: Any) -> list[Any]:
        """The rows of query ``name`` (workload, pairs, edges, targets). ``items=False`` says the
        caller will not show the items behind each workload row: the store's tables then leave
        them out and count in SQL (the other engines give them anyway)."""
        if self.cypher:
            from dutygraph.queries.cypher import run_query

            return run_query(name, self.driver, database=self.database, **options)
        if self.rdf_store is not None:
            from dutygraph.queries.sparql import run_query as run_sparql

            return run_sparql(name, self.rdf, **options)
        if self.store is not None and name in TABLE_QUERIES:
            from dutygraph.queries import tables

            query = {"workload": tables.office_workload, "pairs": tables.co_assignment,
                     "edges": tables.lead_support}[name]
            if name == "workload":
                options["items"] = items
            with self.store.snapshot() as db:
                return query(db, **options)
        from dutygraph.queries.dependencies import co_assignment, lead_support
        from dutygraph.queries.targets import targets_by_deadline
        from dutygraph.queries.workload import office_workload

        query = {"workload": office_workload, "pairs": co_assignment, "edges": lead_support,
                 "targets": targets_by_deadline}[name]
        return query(self.G, **options)
