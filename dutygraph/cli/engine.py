"""``--engine networkx|sparql|cypher``: where the query commands get their rows from.

With ``networkx`` (the default) the commands read the documents given as PATHS; with
``sparql`` they read them too and ask a SPARQL engine over their RDF view (rdflib's, or
Oxigraph's with ``--rdf-store oxigraph``); with ``cypher`` they give no PATHS and ask the Neo4j
server (``--uri`` / ``NEO4J_URI``) that ``dutygraph neo4j push`` filled. All return the same rows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from dutygraph.errors import UsageError

if TYPE_CHECKING:
    from dutygraph.ontology.model import Corpus

__all__ = ["Engine", "engine_options"]


class Engine:
    """Runs a named query on the documents' graph or on Neo4j, with the same options."""

    def __init__(self, corpus: Corpus | None, driver: Any = None, database: str | None = None,
                 rdf_store: str | None = None) -> None:
        self.corpus, self.driver, self.database, self.rdf_store = corpus, driver, database, rdf_store

    @property
    def cypher(self) -> bool:
        return self.driver is not None

    @functools.cached_property
    def G(self) -> Any:
        from dutygraph.graph.convert import to_networkx

        if self.corpus is None:
            raise UsageError("this part needs the documents: give PATHS (it has no Cypher twin)")
        return to_networkx(self.corpus)

    @functools.cached_property
    def rdf(self) -> Any:
        """The corpus as RDF, in rdflib's memory store or (``oxigraph``) an Oxigraph store."""
        from rdflib import Graph

        from dutygraph.graph.rdf import to_rdf

        if self.corpus is None:
            raise UsageError("--engine sparql reads the documents: give PATHS")
        if self.rdf_store == "oxigraph":
            try:
                import oxrdflib  # noqa: F401  (registers the "Oxigraph" store)
            except ImportError:
                raise UsageError("--rdf-store oxigraph needs oxrdflib: pip install 'dutygraph[oxigraph]'") from None
            return to_rdf(self.corpus, Graph(store="Oxigraph"))
        return to_rdf(self.corpus)

    def run(self, name: str, **options: Any) -> list[Any]:
        """The rows of query ``name`` (workload, pairs, edges, targets)."""
        if self.cypher:
            from dutygraph.queries.cypher import run_query

            return run_query(name, self.driver, database=self.database, **options)
        if self.rdf_store is not None:
            from dutygraph.queries.sparql import run_query as run_sparql

            return run_sparql(name, self.rdf, **options)
        from dutygraph.queries.dependencies import co_assignment, lead_support
        from dutygraph.queries.targets import targets_by_deadline
        from dutygraph.queries.workload import office_workload

        query = {"workload": office_workload, "pairs": co_assignment, "edges": lead_support,
                 "targets": targets_by_deadline}[name]
        return query(self.G, **options)


def engine_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Adds --engine, --uri, --database; turns the corpus argument into an :class:`Engine`."""

    @click.option("--engine", type=click.Choice(["networkx", "sparql", "cypher"]), default="networkx",
                  show_default=True,
                  help="networkx: read PATHS; sparql: SPARQL over their RDF view; cypher: ask Neo4j "
                       "(--uri / NEO4J_URI) what `dutygraph neo4j push` stored.")
    @click.option("--rdf-store", type=click.Choice(["memory", "oxigraph"]), default="memory", show_default=True,
                  help="For --engine sparql: rdflib's memory store, or Oxigraph (oxrdflib; much faster).")
    @click.option("--uri", envvar="NEO4J_URI", help="Neo4j Bolt URI for --engine cypher (or NEO4J_URI).")
    @click.option("--database", help="Neo4j database for --engine cypher.")
    @functools.wraps(command)
    def wrapper(corpus: Corpus | None, engine: str, rdf_store: str, uri: str | None, database: str | None,
                **kwargs: Any) -> Any:
        if engine in ("networkx", "sparql"):
            if corpus is None:
                raise UsageError("give the documents to read (FILE|DIR…), or --engine cypher to ask Neo4j")
            return command(Engine(corpus, rdf_store=rdf_store if engine == "sparql" else None), **kwargs)
        if corpus is not None:
            raise UsageError("--engine cypher reads what Neo4j holds: push documents with "
                             "`dutygraph neo4j push PATHS`, then query without PATHS")
        from dutygraph.graph.neo4j_connect import connect

        with connect(uri) as driver:
            return command(Engine(None, driver, database), **kwargs)

    return wrapper
