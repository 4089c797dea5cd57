"""A stored corpus: the model as one file, read back by every command without parsing again.

``dutygraph import DIR -o plans.dg`` writes it; any command that reads documents takes
``plans.dg`` among its PATHS. The file is an SQLite database (:mod:`.sqlite_store`: its API
for programs, :mod:`.sqlite_schema`: its tables); :func:`load_corpus` and :func:`save_corpus`
are the one road in and out for a whole corpus. :func:`dump_corpus` is the JSON form (a header
that says what it is and which layout, then the model exactly as
:class:`~dutygraph.ontology.model.Corpus` dumps it): an export, and the layout of the stored
corpus of version 1, which :func:`load_corpus` still reads (and an import into it upgrades).

>>> from dutygraph.importers.reading import parse
>>> corpus = parse("某县教育局2023年工作要点\\n1.扩充学位。（学前科牵头）\\n")
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "plans.dg"
>>> save_corpus(corpus, path).added
1
>>> load_corpus(path) == corpus
True
>>> _ = path.write_text(dump_corpus(corpus), encoding="utf-8")  # a version 1 file
>>> load_corpus(path) == corpus
True
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from dutygraph.errors import DocumentError, ModelError
from dutygraph.ontology.integrity import check_references
from dutygraph.ontology.model import Corpus

if TYPE_CHECKING:
    from dutygraph.graph.sqlite.store import Written

__all__ = ["STORED_SUFFIX", "dump_corpus", "is_stored", "load_corpus", "load_json", "save_corpus"]

STORED_SUFFIX = ".dg"
_KIND = "dutygraph corpus"
_LAYOUT = 1


def is_stored(path: str | Path) -> bool:
    """Whether ``path`` names a stored corpus (by its suffix)."""
    return Path(path).suffix.lower() == STORED_SUFFIX


def dump_corpus(corpus: Corpus) -> str:
    """The corpus as JSON, in the layout of a version 1 stored corpus."""
    return f'{{"kind": "{_KIND}", "layout": {_LAYOUT}, "corpus": {corpus.model_dump_json()}}}'


def save_corpus(corpus: Corpus, path: str | Path, *, issuer_scope: str | None = None) -> Written:
    """Make the store at ``path`` hold ``corpus``, creating it or replacing only the documents
    that changed (:meth:`~dutygraph.graph.sqlite.store.Store.write_corpus`)."""
    from dutygraph.graph.sqlite.store import open_store

    with open_store(path, write=True) as store:
        return store.write_corpus(corpus, issuer_scope=issuer_scope)


def load_corpus(path: str | Path) -> Corpus:
    """Read a stored corpus (the tables, or the JSON of version 1); a file that is not one (or
    of another version) is a DocumentError."""
    from dutygraph.graph.sqlite.store import is_sqlite, open_store

    if is_sqlite(path):
        with open_store(path) as store:
            try:
                return store.read_corpus()
            except sqlite3.DatabaseError as exc:
                raise DocumentError(str(path), "document.damaged_store", reason=str(exc)) from None
    return load_json(path)


def load_json(path: str | Path) -> Corpus:
    """Read a corpus in the JSON layout of :func:`dump_corpus`."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(str(path), "document.store_unreadable", reason=getattr(exc, "strerror", None) or str(exc)) from None
    head = text[:120]
    if f'"kind": "{_KIND}"' not in head:
        raise DocumentError(str(path), "document.not_stored_corpus")
    if f'"layout": {_LAYOUT},' not in head:
        raise DocumentError(str(path), "document.other_store_version")
    start = text.index('"corpus": ') + len('"corpus": ')
    try:
        corpus = Corpus.model_validate_json(text[start : text.rstrip().rindex("}")])
        check_references(corpus)
    except (ValidationError, ValueError, ModelError) as exc:
        first = str(exc).splitlines()[0]
        raise DocumentError(str(path), "document.damaged_store", reason=str(first)) from None
    return corpus
