"""What the document-reading commands read: documents, RDF files and stored corpora dutygraph wrote.

A path ending in ``.ttl``, ``.jsonld``, ``.nt`` or ``.trig`` is read back into the model
(:func:`dutygraph.graph.rdf.files.read_rdf`), one ending in ``.dg`` is a stored corpus
(:func:`dutygraph.graph.stored.load_corpus`); every other path goes to the importers. Corpora
read both ways are merged: plans in the order given, shared issuers, parties and leaders once.
As with documents, a file that cannot be read is a failure of the reading, not of the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dutygraph.errors import DocumentError
from dutygraph.graph.files import RDF_SUFFIXES, is_rdf_file
from dutygraph.graph.stored import is_stored, load_corpus
from dutygraph.importers.read import DOCUMENT_SUFFIXES, Reading, read_all
from dutygraph.ontology.model import Corpus

__all__ = ["merge", "read_inputs", "split_inputs"]


def split_inputs(paths: Iterable[str]) -> tuple[list[str], list[Path]]:
    """(paths for the importers, RDF files): a folder gives its RDF files, and goes to the
    importers too when it holds documents (or holds no RDF file, so that they name it)."""
    documents, rdf = [], []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in RDF_SUFFIXES)
            rdf += found
            has_documents = any(f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES for f in p.rglob("*"))
            if has_documents or not found:
                documents.append(path)
        elif is_rdf_file(p) or is_stored(p):
            rdf.append(p)
        else:
            documents.append(path)
    return documents, rdf


def merge(corpora: Iterable[Corpus]) -> Corpus:
    """One corpus from several: plans in order (a plan id seen twice is kept once), and each
    issuer, party and leader once (the first description wins), in id order."""
    orgs: dict[str, Any] = {}
    parties: dict[str, Any] = {}
    leaders: dict[str, Any] = {}
    plans: dict[str, Any] = {}
    for corpus in corpora:
        for table, rows in ((orgs, corpus.organizations), (parties, corpus.parties), (leaders, corpus.leaders),
                            (plans, corpus.plans)):
            for row in rows:
                table.setdefault(row.id, row)
    return Corpus(
        organizations=tuple(orgs[k] for k in sorted(orgs)), parties=tuple(parties[k] for k in sorted(parties)),
        leaders=tuple(leaders[k] for k in sorted(leaders)), plans=tuple(plans.values()),
    )


def read_inputs(paths: Iterable[str], **options: Any) -> Reading:
    """Documents, exported RDF files and stored corpora into one reading (``options`` go to
    the importers; a progress bar shows on a terminal when reading takes a while)."""
    from dutygraph.cli.progress import reading_progress

    documents, rdf = split_inputs(paths)
    with reading_progress() as on_file:
        reading = read_all(documents, on_file=on_file, **options) if documents else Reading(Corpus())
    if not rdf:
        return reading
    corpora, failures = [reading.corpus], list(reading.failures)
    from dutygraph.graph.rdf.files import read_rdf

    for path in rdf:
        try:
            corpora.append(load_corpus(path) if is_stored(path) else read_rdf(path))
        except DocumentError as exc:
            failures.append(exc)
    return Reading(merge(corpora), tuple(failures), reading.duplicates)
