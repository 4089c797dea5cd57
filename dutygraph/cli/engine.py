"""``--engine networkx|sparql|cypher``: where the query commands get their rows from.

With ``networkx`` (the default) the commands read the documents given as PATHS; with
``sparql`` they read them too and ask a SPARQL engine over their RDF view (rdflib's, or
Oxigraph's with ``--rdf-store oxigraph``); with ``cypher`` they give no PATHS and ask the Neo4j
server (``--uri`` / ``NEO4J_URI``) that ``dutygraph neo4j push`` filled. All return the same rows.
A stored corpus given alone (``FILE.dg``) is queried through its tables
(:mod:`dutygraph.queries.tables`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from dutygraph.errors import UsageError
from dutygraph.queries.engine import Engine

if TYPE_CHECKING:
    from dutygraph.graph.sqlite.store import Store
    from dutygraph.ontology.model import Corpus

__all__ = ["Engine", "engine_options"]


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
    def wrapper(corpus: Corpus | Store | None, engine: str, rdf_store: str, uri: str | None, database: str | None,
                **kwargs: Any) -> Any:
        if engine in ("networkx", "sparql"):
            if corpus is None:
                raise UsageError("usage.engine_needs_paths")
            from dutygraph.graph.sqlite.store import Store

            rdf = rdf_store if engine == "sparql" else None
            if isinstance(corpus, Store):
                return command(Engine(None, rdf_store=rdf, store=corpus), **kwargs)
            return command(Engine(corpus, rdf_store=rdf), **kwargs)
        if corpus is not None:
            raise UsageError("usage.cypher_no_paths")
        from dutygraph.graph.neo4j.connect import connect

        with connect(uri) as driver:
            return command(Engine(None, driver, database), **kwargs)

    return wrapper
