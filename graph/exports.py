"""Every format ``dutygraph export`` writes, in one table: name → files.

A format gives one text (``json``, the RDF formats, ``graphml``, ``gexf``, ``cyjs``) or several
files (``csv``: nodes and edges; ``neo4j-csv``: one per label and relationship type). All of it
is built in memory before anything is written, so a failure writes nothing.

>>> sorted(EXPORT_FORMATS)
['csv', 'cyjs', 'gexf', 'graphml', 'json', 'jsonld', 'neo4j-csv', 'nt', 'trig', 'ttl']
>>> MULTI_FILE
('csv', 'neo4j-csv')
"""

from __future__ import annotations

from collections.abc import Callable

from dutygraph.errors import UsageError, quoted
from dutygraph.ontology.model import Corpus

__all__ = ["EXPORT_FORMATS", "MULTI_FILE", "export_files", "export_text"]


def _json(corpus: Corpus) -> str:
    from dutygraph.graph.export import export_view

    return export_view(corpus).model_dump_json(indent=2)


def _rdf(fmt: str) -> Callable[[Corpus], str]:
    def write(corpus: Corpus) -> str:
        from dutygraph.graph.rdf.files import serialize

        return serialize(corpus, fmt)

    return write


def _network(name: str) -> Callable[[Corpus], str]:
    def write(corpus: Corpus) -> str:
        from dutygraph.graph import interchange
        from dutygraph.graph.convert import to_networkx

        return getattr(interchange, name)(to_networkx(corpus))

    return write


def _csv(corpus: Corpus) -> dict[str, str]:
    from dutygraph.graph.convert import to_networkx
    from dutygraph.graph.interchange import csv_files

    return csv_files(to_networkx(corpus))


def _neo4j_csv(corpus: Corpus) -> dict[str, str]:
    from dutygraph.graph.neo4j.admin_csv import neo4j_csv_files

    return neo4j_csv_files(corpus)


EXPORT_FORMATS: dict[str, Callable[[Corpus], str | dict[str, str]]] = {
    "json": _json,
    "ttl": _rdf("ttl"),
    "jsonld": _rdf("jsonld"),
    "nt": _rdf("nt"),
    "trig": _rdf("trig"),
    "graphml": _network("graphml_text"),
    "gexf": _network("gexf_text"),
    "cyjs": _network("cytoscape_json"),
    "csv": _csv,
    "neo4j-csv": _neo4j_csv,
}
"""Format name → what builds it."""

MULTI_FILE = tuple(name for name in EXPORT_FORMATS if name in ("csv", "neo4j-csv"))
"""The formats that write a folder of files."""


def _build(corpus: Corpus, fmt: str) -> str | dict[str, str]:
    if fmt not in EXPORT_FORMATS:
        raise UsageError("usage.unknown_export_format", name=quoted(fmt), known=", ".join(EXPORT_FORMATS))
    return EXPORT_FORMATS[fmt](corpus)


def export_text(corpus: Corpus, fmt: str) -> str:
    """A one-file format's text."""
    text = _build(corpus, fmt)
    if isinstance(text, dict):
        raise UsageError("usage.format_needs_folder", format=fmt)
    return text


def export_files(corpus: Corpus, fmt: str) -> dict[str, str]:
    """A multi-file format's files (name → text)."""
    files = _build(corpus, fmt)
    if isinstance(files, str):
        raise UsageError("usage.format_one_file", format=fmt)
    return files
