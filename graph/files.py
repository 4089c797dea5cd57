"""Which files are RDF, by their suffix: the one check the command line makes before it reads.

Kept apart from :mod:`.rdf.files` so that telling a ``.ttl`` from a ``.docx`` loads no rdflib.

>>> is_rdf_file("out/seeds.ttl"), is_rdf_file("plan.txt"), RDF_SUFFIXES[".nt"]
(True, False, 'nt')
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["RDF_SUFFIXES", "is_rdf_file"]

RDF_SUFFIXES: dict[str, str] = {".ttl": "ttl", ".jsonld": "jsonld", ".nt": "nt", ".trig": "trig"}
"""File suffix → dutygraph's RDF format name."""


def is_rdf_file(path: str | Path) -> bool:
    """Whether a path names an RDF file dutygraph reads (by its suffix)."""
    return Path(path).suffix.lower() in RDF_SUFFIXES
