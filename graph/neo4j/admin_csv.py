"""CSV files for ``neo4j-admin database import full``: the bulk way into an empty Neo4j.

One node file per label (``nodes-Office.csv`` …) and one relationship file per type
(``relationships-ASSIGNED_TO.csv`` …), with the headers the import tool reads (``:ID``,
``:LABEL``, ``line:long``, ``deadline:date``, ``aliases:string[]``, ``:START_ID``, ``:END_ID``,
``:TYPE``), and ``import.sh`` holding the command. Properties are those
:func:`~dutygraph.graph.neo4j.store.push` writes (spans as JSON text named in ``json_keys``,
nulls named in ``null_keys``, reading order in ``seq``), so ``dutygraph neo4j pull`` reads an
imported database back into the same model. Values are written as they are, ``=…`` included:
these files are for the import tool, which would store a spreadsheet's protective ``'`` in the
database (the CSV a person opens is ``--format csv``, whose cells are kept as data by
:func:`dutygraph.formulas.as_data`).

>>> from dutygraph.importers.read import parse
>>> files = neo4j_csv_files(parse("某县教育局2023年工作要点\\n1.扩充学位。（学前科牵头，财务科配合）\\n"))
>>> sorted(files)[:3]
['import.sh', 'nodes-Item.csv', 'nodes-Office.csv']
>>> files["nodes-Office.csv"].splitlines()[0]
':ID,:LABEL,aliases:string[],id,issuer,json_keys:string[],kind,name,null_keys:string[],seq:long'
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from typing import Any

from dutygraph.graph.convert import to_networkx
from dutygraph.graph.neo4j.transactions import encode_props
from dutygraph.ontology.model import Corpus
from dutygraph.ontology.vocabulary import NodeKind, Relation

__all__ = ["ARRAY_DELIMITER", "import_command", "neo4j_csv_files"]

ARRAY_DELIMITER = ";"
"""The import tool's default array delimiter; a list holding it is stored as JSON text instead."""


def _type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, list):
        return f"{_type(value[0]) if value else 'string'}[]"
    return "string"


def _column_type(values: list[Any]) -> str:
    """The header type of a column: lists are arrays even when empty."""
    if any(isinstance(v, list) for v in values):
        return next((_type(v) for v in values if v), "string[]")
    return _type(values[0]) if values else "string"


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(_cell(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _table(rows: list[dict[str, Any]], first: list[str]) -> str:
    """A CSV whose header names each property with its type; a property is typed by its
    first non-empty value, and a list holding the delimiter becomes JSON text (in json_keys)."""
    for key in {k for r in rows for k, v in r.items() if isinstance(v, list) and k not in ("json_keys", "null_keys")}:
        if any(ARRAY_DELIMITER in str(x) for r in rows for x in (r.get(key) or [])):
            for r in rows:
                if isinstance(r.get(key), list):
                    r[key] = json.dumps(r[key], ensure_ascii=False)
                    r["json_keys"] = [*r["json_keys"], key]
    keys = sorted({k for r in rows for k in r} - set(first))
    types = {k: _column_type([r[k] for r in rows if r.get(k) is not None]) for k in keys}
    header = first + [k if types[k] == "string" else f"{k}:{types[k]}" for k in keys]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for r in rows:
        writer.writerow([_cell(r[k]) if r.get(k) is not None else "" for k in first + keys])
    return buffer.getvalue()


def import_command(files: list[str], *, database: str = "neo4j", folder: str = ".") -> list[str]:
    """The ``neo4j-admin`` arguments importing ``files`` (names as :func:`neo4j_csv_files` gives them).

    >>> import_command(["nodes-Plan.csv", "relationships-HAS_ITEM.csv"], folder="out/neo4j")[:5]
    ['neo4j-admin', 'database', 'import', 'full', 'neo4j']
    """
    args = ["neo4j-admin", "database", "import", "full", database, "--overwrite-destination",
            "--multiline-fields=true"]
    args += [f"--nodes={folder}/{f}" for f in sorted(files) if f.startswith("nodes-")]
    args += [f"--relationships={folder}/{f}" for f in sorted(files) if f.startswith("relationships-")]
    return args


def neo4j_csv_files(corpus: Corpus, *, database: str = "neo4j") -> dict[str, str]:
    """File name → content: the node and relationship CSVs and ``import.sh``."""
    G = to_networkx(corpus)
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for seq, (node, data) in enumerate(G.nodes(data=True)):
        props = encode_props({k: v for k, v in data.items() if k != "type"})
        by_label[data["type"]].append({":ID": node, ":LABEL": data["type"], **props, "seq": seq})
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for u, v, key, data in G.edges(keys=True, data=True):
        rel = str(key).split(":", 1)[0]
        props = encode_props({k: d for k, d in data.items() if k != "relation"})
        by_type[rel].append({":START_ID": u, ":END_ID": v, ":TYPE": rel, **props, "key": str(key)})
    files = {f"nodes-{label}.csv": _table(rows, [":ID", ":LABEL"])
             for label in NodeKind if (rows := by_label.get(label))}
    files |= {f"relationships-{rel}.csv": _table(rows, [":START_ID", ":END_ID", ":TYPE"])
              for rel in Relation if (rows := by_type.get(rel))}
    args = import_command(list(files), database=database, folder="$here")
    files["import.sh"] = (
        "#!/bin/sh\n# Load these files into an empty Neo4j 5 database (stop the database first).\n"
        "# Run from the Neo4j home, or with neo4j-admin on PATH.\n"
        'here="$(cd "$(dirname "$0")" && pwd)"\n'
        + " \\\n    ".join(f'"{a}"' if "$here" in a else a for a in args) + "\n"
    )
    return files
