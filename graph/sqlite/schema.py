"""The tables of a stored corpus (an SQLite file, ``FILE.dg``), its version and its migrations.

One row per fact, every row tagged with the document (``doc``) it was read from, so that a
document is replaced by deleting its rows and inserting the new ones in one transaction::

    meta            kind and schema version (also in PRAGMA user_version)
    documents       doc, plan id, name, sha256, format (the reader), encoding, normalisations,
                    the issuer scope it was read with, its position, a digest of its rows and
                    the text of its spans, kept once per document
    plans           title, issuers, year, kind, document number
    organizations   the issuers a document names          ┐ each document keeps the
    parties         offices and collectives it names       │ descriptions it refers to;
    leaders         leaders it names                       ┘ equal across documents
    sections        headings (level, parent)
    items           numbered entries (parent, top-level item, section, status …)
    tasks, targets, progress, assignments, responsibilities, corrections   under their item
    pairs           the counting unit of the queries, kept with the document it comes from: one
                    row per (party, top-level item) with its role (lead if any assignment
                    leads), its first line and every line saying so (a corrections file's too)
    quality         what the importer noticed: a note's code and its parameters (JSON)
    spans           (doc, span) → file, line, end line, start, end, where the text sits in
                    the document's text, and the locator in a structured file

Spans are ``(document, line, start, end)``: their text is a slice of ``documents.text``, so a
line quoted by an item and its assignments is stored once.

The version is :data:`SCHEMA_VERSION` (PRAGMA ``user_version``; ``application_id`` tells a
stored corpus from any other SQLite file). Reading checks it (:func:`check_version`): a newer
file is refused with a message that says what to do; an older one is upgraded when it is
written to (:func:`dutygraph.graph.sqlite.store.open_store`): version 1, the JSON file, is read
whole and written as tables. A later version adds its step there, from the version before it.

>>> import sqlite3
>>> db = sqlite3.connect(":memory:")
>>> create(db)
>>> check_version(db, "plans.dg")
3
>>> sorted(TABLES)[:3]
['assignments', 'corrections', 'documents']
"""

from __future__ import annotations

import sqlite3

from dutygraph.errors import DocumentError

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "TABLES", "check_version", "create", "version"]

APPLICATION_ID = 0x44475344  # "DGSD": what `file` and dutygraph read first
SCHEMA_VERSION = 3
"""Version 1 was the JSON file (``{"kind": "dutygraph corpus", "layout": 1, …}``); 2 is SQLite;
3 keeps a quality note as its code and parameters (2 kept an English sentence, which 3 cannot
read back: a store of version 2 is refused, its documents are imported again)."""

TABLES: dict[str, str] = {
    "meta": "key TEXT PRIMARY KEY, value TEXT NOT NULL",
    "documents": (
        "doc INTEGER PRIMARY KEY, plan TEXT NOT NULL UNIQUE, position INTEGER NOT NULL, name TEXT NOT NULL, "
        "sha256 TEXT NOT NULL, format TEXT NOT NULL, encoding TEXT NOT NULL, normalisations TEXT NOT NULL, "
        "issuer_scope TEXT, digest TEXT NOT NULL, text TEXT NOT NULL"
    ),
    "plans": "doc INTEGER PRIMARY KEY, id TEXT NOT NULL, title TEXT NOT NULL, issuers TEXT NOT NULL, year INTEGER, "
             "kind TEXT NOT NULL, doc_number TEXT, cites TEXT",
    "organizations": "doc INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, qualifier TEXT, rule TEXT, doubt TEXT, "
                     "level TEXT, level_rule TEXT, level_evidence TEXT, PRIMARY KEY (doc, id)",
    "parties": "doc INTEGER NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, issuer TEXT NOT NULL, name TEXT NOT NULL, "
               "aliases TEXT NOT NULL, scope TEXT, PRIMARY KEY (doc, id)",
    "leaders": "doc INTEGER NOT NULL, id TEXT NOT NULL, issuer TEXT NOT NULL, name TEXT NOT NULL, title TEXT, "
               "PRIMARY KEY (doc, id)",
    "sections": "doc INTEGER NOT NULL, pos INTEGER NOT NULL, id TEXT NOT NULL, ordinal TEXT NOT NULL, number INTEGER, "
                "level INTEGER NOT NULL, title TEXT NOT NULL, parent TEXT, span INTEGER NOT NULL, PRIMARY KEY (doc, pos)",
    "items": (
        "doc INTEGER NOT NULL, pos INTEGER NOT NULL, id TEXT NOT NULL, ref TEXT NOT NULL, number INTEGER, "
        "title TEXT NOT NULL, text TEXT NOT NULL, section TEXT, parent TEXT, top TEXT NOT NULL, notes TEXT, "
        "refs TEXT, open_list INTEGER NOT NULL, status TEXT, status_from TEXT, reports_on TEXT, same_as TEXT, "
        "derived_from TEXT, span INTEGER NOT NULL, PRIMARY KEY (doc, pos)"
    ),
    "tasks": "doc INTEGER NOT NULL, item INTEGER NOT NULL, pos INTEGER NOT NULL, id TEXT NOT NULL, "
             "ord INTEGER NOT NULL, text TEXT NOT NULL, span INTEGER NOT NULL, PRIMARY KEY (doc, item, pos)",
    "targets": (
        "doc INTEGER NOT NULL, item INTEGER NOT NULL, pos INTEGER NOT NULL, id TEXT NOT NULL, ord INTEGER NOT NULL, "
        "text TEXT NOT NULL, metric TEXT, value REAL, unit TEXT, comparator TEXT, deadline TEXT, horizon TEXT, "
        "deadline_rule TEXT, schedule TEXT, share TEXT, part_of TEXT, doubt TEXT, span INTEGER NOT NULL, "
        "PRIMARY KEY (doc, item, pos)"
    ),
    "progress": (
        "doc INTEGER NOT NULL, item INTEGER NOT NULL, pos INTEGER NOT NULL, id TEXT NOT NULL, text TEXT NOT NULL, "
        "as_of TEXT, status TEXT, status_rule TEXT, status_evidence TEXT, span INTEGER NOT NULL, "
        "PRIMARY KEY (doc, item, pos)"
    ),
    "assignments": (
        "doc INTEGER NOT NULL, item INTEGER NOT NULL, pos INTEGER NOT NULL, party TEXT NOT NULL, surface TEXT NOT NULL, "
        "role TEXT NOT NULL, rule TEXT NOT NULL, ord INTEGER NOT NULL, span INTEGER NOT NULL, PRIMARY KEY (doc, item, pos)"
    ),
    "responsibilities": (
        "doc INTEGER NOT NULL, owner TEXT NOT NULL, parent INTEGER NOT NULL, pos INTEGER NOT NULL, leader TEXT NOT NULL, "
        "surface TEXT NOT NULL, label TEXT NOT NULL, span INTEGER NOT NULL, PRIMARY KEY (doc, owner, parent, pos)"
    ),
    "corrections": (
        "doc INTEGER NOT NULL, item INTEGER NOT NULL, pos INTEGER NOT NULL, op TEXT NOT NULL, file TEXT NOT NULL, "
        "line INTEGER NOT NULL, before TEXT, after TEXT, PRIMARY KEY (doc, item, pos)"
    ),
    "pairs": (
        "doc INTEGER NOT NULL, pos INTEGER NOT NULL, party TEXT NOT NULL, top TEXT NOT NULL, lead INTEGER NOT NULL, "
        "first_file TEXT NOT NULL, first_line INTEGER NOT NULL, sources TEXT NOT NULL, PRIMARY KEY (doc, pos)"
    ),
    "quality": "doc INTEGER NOT NULL, pos INTEGER NOT NULL, kind TEXT NOT NULL, code TEXT NOT NULL, params TEXT, "
               "line INTEGER, item TEXT, PRIMARY KEY (doc, pos)",
    "spans": (
        "doc INTEGER NOT NULL, span INTEGER NOT NULL, file TEXT, line INTEGER NOT NULL, end_line INTEGER NOT NULL, "
        "start INTEGER NOT NULL, end INTEGER NOT NULL, at INTEGER NOT NULL, length INTEGER NOT NULL, loc TEXT, "
        "PRIMARY KEY (doc, span)"
    ),
}
"""Table → its columns. Every table but ``meta`` is keyed by ``doc`` first (one document's rows
are one range of each table)."""

INDEXES = (
    "CREATE INDEX IF NOT EXISTS assignments_party ON assignments (party)",
    "CREATE INDEX IF NOT EXISTS items_id ON items (id)",
)


def create(db: sqlite3.Connection) -> None:
    """Create the tables of the current version in an empty database (one transaction)."""
    with db:
        for name, columns in TABLES.items():
            db.execute(f"CREATE TABLE IF NOT EXISTS {name} ({columns})")
        for index in INDEXES:
            db.execute(index)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('kind', 'dutygraph corpus'), ('schema', ?)", (str(SCHEMA_VERSION),))
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def version(db: sqlite3.Connection) -> int:
    """The schema version written in the file (0: not a stored corpus)."""
    if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        return 0
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def check_version(db: sqlite3.Connection, path: str) -> int:
    """The file's version, when this dutygraph can read it; else a :class:`DocumentError` saying
    what to do (a newer file: a newer dutygraph; an older one: import into it to upgrade)."""
    found = version(db)
    if found == 0:
        raise DocumentError(path, "document.not_stored_corpus")
    if found > SCHEMA_VERSION:
        raise DocumentError(path, "document.newer_store", found=found, reads=SCHEMA_VERSION)
    if 1 < found < SCHEMA_VERSION:
        raise DocumentError(path, "document.old_store_reimport", found=found, reads=SCHEMA_VERSION)
    if found < SCHEMA_VERSION:
        raise DocumentError(path, "document.older_store", found=found)
    return found
