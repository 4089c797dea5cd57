"""The stored corpus: an SQLite file (``FILE.dg``) every command reads without parsing again.

This is the store's public API, the one road in and out of a ``.dg`` file:

* :func:`open_store` opens one (``write=True`` creates it, or upgrades an older one);
* :meth:`Store.read_corpus` gives the :class:`~dutygraph.ontology.model.Corpus` it holds, equal
  to the one written; :meth:`Store.read_plans` only some documents;
* :meth:`Store.write_corpus` makes the store hold a corpus, replacing only the rows of the
  documents that changed, each document in one transaction (a store is never half a document);
* :meth:`Store.apply_corrections` applies corrections to what is stored and writes back the
  documents they changed;
* :attr:`Store.db` is the ``sqlite3`` connection for queries over the tables
  (:mod:`dutygraph.queries.tables` answers the query commands from them).

The tables are described in :mod:`.sqlite_schema`; rows are made and read by :mod:`.sqlite_rows`.
The file is in WAL mode: readers see the last committed state while an import writes, and a
killed import leaves every document as it was before or as it is after, never a mix.

>>> from dutygraph.importers.reading import parse
>>> corpus = parse("某县教育局2023年工作要点\\n1.扩充学位。（学前科牵头）\\n")
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "plans.dg"
>>> with open_store(path, write=True) as store:
...     store.write_corpus(corpus)
Written(added=1, replaced=0, removed=0, kept=0)
>>> with open_store(path) as store:
...     store.read_corpus() == corpus
True
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dutygraph.errors import DocumentError
from dutygraph.graph.sqlite import schema
if TYPE_CHECKING:  # the queries over the tables load no model (nor pydantic)
    from dutygraph.graph.sqlite.rows import DocumentRows
    from dutygraph.ontology.model import Corpus, Plan
    from dutygraph.ontology.correct import Corrected
    from dutygraph.ontology.corrections import CorrectionEntry
    from dutygraph.ontology.offices import AliasTable

__all__ = ["SQLITE_HEADER", "Store", "Written", "is_sqlite", "open_store"]

SQLITE_HEADER = b"SQLite format 3\x00"
_DOC_TABLES = [name for name in schema.TABLES if name not in ("meta", "documents")]


def is_sqlite(path: str | Path) -> bool:
    """Whether the file at ``path`` is an SQLite database (by its first bytes)."""
    try:
        with open(path, "rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


@dataclass(frozen=True)
class Written:
    """What :meth:`Store.write_corpus` did: documents added, replaced, removed, left as they were."""

    added: int
    replaced: int
    removed: int
    kept: int


def _connect(path: Path, *, write: bool) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit). A reader opens the file for
    writing too when it may, so that the last one to close tidies the WAL files away."""
    try:
        db = sqlite3.connect(f"file:{path}?mode={'rwc' if write else 'rw'}", uri=True, isolation_level=None,
                             check_same_thread=False)
    except sqlite3.OperationalError:
        if write:
            raise
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA busy_timeout = 10000")
    if write:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    return db


def _owners(corpus: Corpus) -> list[tuple[list[Any], list[Any], list[Any]]]:
    """Per plan, the issuers, parties and leaders it refers to; those no plan refers to go
    with the first."""
    orgs = {o.id: o for o in corpus.organizations}
    parties = {p.id: p for p in corpus.parties}
    leaders = {v.id: v for v in corpus.leaders}
    used: set[str] = set()
    out = []
    for plan in corpus.plans:
        p_ids = {a.party for i in plan.items for a in i.assignments}
        l_ids = {r.leader for i in plan.items for r in i.responsibilities}
        l_ids |= {r.leader for s in plan.sections for r in s.responsibilities}
        o_ids = set(plan.issuers) | {parties[p].issuer for p in p_ids if p in parties}
        o_ids |= {leaders[v].issuer for v in l_ids if v in leaders}
        used |= p_ids | l_ids | o_ids
        out.append(([orgs[k] for k in sorted(o_ids) if k in orgs], [parties[k] for k in sorted(p_ids) if k in parties],
                    [leaders[k] for k in sorted(l_ids) if k in leaders]))
    if out:
        first = out[0]
        first[0].extend(o for k, o in orgs.items() if k not in used)
        first[1].extend(p for k, p in parties.items() if k not in used)
        first[2].extend(v for k, v in leaders.items() if k not in used)
    return out


class Store:
    """An open stored corpus (see the module's docstring); close it, or use it in ``with``."""

    def __init__(self, path: Path, db: sqlite3.Connection, *, pending: Path | None = None) -> None:
        self.path, self.db, self.pending = path, db, pending

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.close(keep=kind is None)

    def close(self, *, keep: bool = True) -> None:
        """Close the file; a store being created is moved into place now (``keep``) or dropped."""
        self.db.close()
        if self.pending is None:
            return
        if keep:
            os.replace(self.pending, self.path)
        for leftover in (self.pending, Path(f"{self.pending}-wal"), Path(f"{self.pending}-shm")):
            leftover.unlink(missing_ok=True)
        self.pending = None

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: every query inside sees the same committed state."""
        self.db.execute("BEGIN")
        try:
            yield self.db
        finally:
            self.db.execute("COMMIT")

    def read_corpus(self) -> Corpus:
        """The corpus the store holds (equal to the corpus written)."""
        from dutygraph.graph.sqlite.rows import read_entities, read_plans
        from dutygraph.ontology.model import Corpus

        with self.snapshot() as db:
            plans = read_plans(db)
            orgs, parties, leaders = read_entities(db)
        return Corpus.model_construct(organizations=orgs, parties=parties, leaders=leaders, plans=tuple(plans))

    def read_plans(self, names: Iterable[str]) -> list[Plan]:
        """The plans of the documents named (plan id or source file name), in the store's order."""
        from dutygraph.graph.sqlite.rows import read_plans

        wanted = list(names)
        marks = ",".join("?" * len(wanted))
        with self.snapshot() as db:
            docs = [d for (d,) in db.execute(f"SELECT doc FROM documents WHERE plan IN ({marks}) OR name IN ({marks})",
                                             wanted * 2)]
            return read_plans(db, docs)

    def digests(self) -> dict[str, tuple[int, str, int]]:
        """Plan id → (doc, digest of its rows, position)."""
        return {p: (d, g, n) for d, p, g, n in self.db.execute("SELECT doc, plan, digest, position FROM documents")}

    def write_corpus(self, corpus: Corpus, *, issuer_scope: str | None = None,
                     on_document: Callable[[Plan], None] | None = None) -> Written:
        """Make the store hold ``corpus``: a document whose rows are unchanged is left alone, a
        changed one is replaced and a new one added (each in one transaction), and documents
        the corpus no longer has are removed. ``on_document`` is called before each write."""
        from dutygraph.graph.sqlite.rows import document_rows

        before = self.digests()
        next_doc = max((d for d, _, _ in before.values()), default=0) + 1
        added = replaced = kept = 0
        for position, (plan, (orgs, parties, leaders)) in enumerate(zip(corpus.plans, _owners(corpus), strict=True)):
            rows = document_rows(plan, orgs, parties, leaders, issuer_scope=issuer_scope)
            digest = rows.digest
            old = before.get(plan.id)
            if old is not None and old[1] == digest:
                kept += 1
                if old[2] != position:
                    self.db.execute("UPDATE documents SET position = ? WHERE doc = ?", (position, old[0]))
                continue
            if on_document is not None:
                on_document(plan)
            if old is None:
                doc, added = next_doc, added + 1
                next_doc += 1
            else:
                doc, replaced = old[0], replaced + 1
            self._write_document(doc, position, digest, rows)
        kept_ids = {p.id for p in corpus.plans}
        gone = [doc for plan_id, (doc, _, _) in before.items() if plan_id not in kept_ids]
        for doc in gone:
            with self._transaction():
                self._delete(doc)
        return Written(added, replaced, len(gone), kept)

    def apply_corrections(self, entries: Iterable[CorrectionEntry], *, table: AliasTable | None = None) -> Corrected:
        """Apply corrections to the stored corpus and write back the documents they changed;
        returns what :func:`~dutygraph.ontology.correct.apply_corrections` returns (with the
        corrections that no longer match)."""
        from dutygraph.ontology.correct import apply_corrections

        corrected = apply_corrections(self.read_corpus(), entries, table=table)
        self.write_corpus(corrected.corpus)
        return corrected

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _delete(self, doc: int) -> None:
        for name in ("documents", *_DOC_TABLES):
            self.db.execute(f"DELETE FROM {name} WHERE doc = ?", (doc,))

    def _write_document(self, doc: int, position: int, digest: str, rows: DocumentRows) -> None:
        plan_id, *document = rows.document
        with self._transaction():
            self._delete(doc)
            self.db.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                            (doc, plan_id, position, *document, digest, rows.text))
            for name, table in rows.tables.items():
                if table:
                    marks = ",".join("?" * (len(table[0]) + 1))
                    self.db.executemany(f"INSERT INTO {name} VALUES ({marks})", ((doc, *row) for row in table))


def _read_json(path: Path) -> Corpus:
    from dutygraph.graph.stored import load_json

    return load_json(path)


def open_store(path: str | Path, *, write: bool = False) -> Store:
    """Open the stored corpus at ``path``.

    For reading, a file that is not a stored corpus, or is one of another schema version, is a
    :class:`~dutygraph.errors.DocumentError` that says what to do. With ``write=True`` a
    missing file is created, a stored corpus of an older version (the JSON file of version 1)
    is upgraded to the tables, and any other file is replaced: each is written to a new file
    that :meth:`Store.close` moves into place (so it happens whole or not at all).
    """
    path = Path(path)
    if not write:
        if not is_sqlite(path):
            raise DocumentError(str(path), "document.not_stored_corpus")
        try:
            db = _connect(path, write=False)
            schema.check_version(db, str(path))
        except sqlite3.DatabaseError as exc:
            raise DocumentError(str(path), "document.damaged_store", reason=str(exc)) from None
        return Store(path, db)
    if is_sqlite(path):
        db = _connect(path, write=True)
        if schema.version(db) == schema.SCHEMA_VERSION:
            return Store(path, db)
        schema.check_version(db, str(path))  # a newer file is refused; an older one is not SQLite
        db.close()
    old = None
    if path.exists():
        with contextlib.suppress(DocumentError):
            old = _read_json(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    os.close(fd)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(name, 0o666 & ~mask)  # as a file the user writes (mkstemp makes it private)
    db = _connect(Path(name), write=True)
    schema.create(db)
    store = Store(path, db, pending=Path(name))
    if old is not None:
        store.write_corpus(old)
    return store
