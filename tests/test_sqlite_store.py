"""The SQLite store (``import -o FILE.dg``): tables that give back the same corpus, a version
that is checked, and the JSON file of version 1 upgraded."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dutygraph.errors import DocumentError
from dutygraph.graph.sqlite.schema import SCHEMA_VERSION
from dutygraph.graph.sqlite.store import is_sqlite, open_store
from dutygraph.graph.stored import dump_corpus, load_corpus, save_corpus
from dutygraph.importers.reading import read
from seeds import shared

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dutygraph", *args], capture_output=True, text=True)


def test_the_seeds_stored_as_tables_read_back_as_the_same_model(tmp_path, seed_corpus):
    path = tmp_path / "seeds.dg"
    written = save_corpus(seed_corpus, path)
    assert written.added == len(seed_corpus.plans) and is_sqlite(path)
    assert load_corpus(path) == seed_corpus
    # and the model read back dumps to the same JSON (nothing is only equal by accident)
    assert dump_corpus(load_corpus(path)) == dump_corpus(seed_corpus)


def test_the_corpus_round_trips_through_the_store(tmp_path):
    folder = shared("corpus")
    corpus = read([folder]).whole()
    save_corpus(corpus, tmp_path / "corpus.dg")
    assert load_corpus(tmp_path / "corpus.dg") == corpus


def test_each_span_text_is_a_slice_of_its_documents_text(tmp_path, seed_corpus):
    path = tmp_path / "seeds.dg"
    save_corpus(seed_corpus, path)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert "text" not in {row[1] for row in db.execute("PRAGMA table_info(spans)")}
    spans = sum(1 for p in seed_corpus.plans for i in p.items for _ in [i.span, *(a.span for a in i.assignments)])
    stored = db.execute("SELECT sum(length(text)) FROM documents").fetchone()[0]
    quoted = sum(len(a.span.text) for p in seed_corpus.plans for i in p.items for a in (i, *i.assignments))
    assert spans and stored < quoted  # an assignment's text is its item's, not a copy
    assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0] == str(SCHEMA_VERSION)


def test_a_store_of_a_newer_version_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "plans.dg"
    save_corpus(read([EXAMPLES]).whole(), path)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(DocumentError, match="较新版本 dutygraph"):
        load_corpus(path)
    with pytest.raises(DocumentError) as refused:
        open_store(path, write=True)  # never written over
    assert refused.value.code == "document.newer_store"
    done = run("workload", str(path))
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and "请升级 dutygraph" in done.stderr
    english = subprocess.run([sys.executable, "-m", "dutygraph", "workload", str(path)], capture_output=True, text=True,
                             env={**os.environ, "DUTYGRAPH_LANG": "en"})
    assert "upgrade dutygraph" in english.stderr


def test_a_store_of_version_2_is_refused_with_what_to_do(english, tmp_path):
    """Version 2 kept quality notes as English sentences, which no code and parameters come back from."""
    path = tmp_path / "plans.dg"
    save_corpus(read([EXAMPLES]).whole(), path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 2")
    db.close()
    before = path.read_bytes()
    with pytest.raises(DocumentError, match=r"older dutygraph \(schema 2, this one reads 3\): import its documents again"):
        load_corpus(path)
    with pytest.raises(DocumentError, match="import its documents again"):
        open_store(path, write=True)
    done = run("import", str(EXAMPLES), "-o", str(path))
    assert done.returncode == 2 and "import its documents again into a new file" in done.stderr and path.read_bytes() == before


def test_another_programs_sqlite_file_is_not_a_stored_corpus(english, tmp_path):
    path = tmp_path / "other.dg"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    with pytest.raises(DocumentError, match="not a stored corpus"):
        load_corpus(path)
    done = run("import", str(EXAMPLES), "-o", str(path))
    assert done.returncode == 2 and "not a stored corpus" in done.stderr
    assert sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]


def test_a_version_1_json_store_is_upgraded_when_imported_into(tmp_path):
    corpus = read([EXAMPLES]).whole()
    path = tmp_path / "plans.dg"
    path.write_text(dump_corpus(corpus), encoding="utf-8")  # what dutygraph wrote before the tables
    assert load_corpus(path) == corpus
    done = run("import", str(EXAMPLES), "-o", str(path))
    assert done.returncode == 0, done.stderr
    assert is_sqlite(path) and load_corpus(path) == corpus
    assert [p.name for p in tmp_path.iterdir()] == ["plans.dg"]  # no temporary file left


def test_commands_read_the_store_without_the_documents(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    for f in EXAMPLES.iterdir():
        if f.is_file():
            (folder / f.name).write_bytes(f.read_bytes())
    stored = tmp_path / "plans.dg"
    assert run("import", str(folder), "-o", str(stored)).returncode == 0
    expected = json.loads(run("deps", str(folder), "--format", "json").stdout)
    for f in folder.iterdir():
        f.unlink()
    done = run("deps", str(stored), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected


def test_read_plans_gives_only_the_documents_named(tmp_path):
    corpus = read([EXAMPLES]).whole()
    save_corpus(corpus, tmp_path / "plans.dg")
    with open_store(tmp_path / "plans.dg") as store:
        first = store.read_plans([corpus.plans[1].source.name])
    assert first == [corpus.plans[1]]


def test_corrections_applied_to_a_store_are_written_back(tmp_path):
    from dutygraph.ontology.correct import apply_corrections
    from dutygraph.ontology.corrections import parse_corrections

    corpus = read([EXAMPLES]).whole()
    plan = corpus.plans[0]
    item = next(i for i in plan.items if len(i.assignments) > 1)
    entries = parse_corrections(f"plan: {plan.source.name}\ncorrections:\n  - item: '{item.ref}'\n"
                                f"    set_lead: {item.assignments[1].surface}\n", "fixes.yaml")
    path = tmp_path / "plans.dg"
    save_corpus(corpus, path)
    with open_store(path, write=True) as store:
        before = store.digests()
        corrected = store.apply_corrections(entries)
        after = store.digests()
    assert not corrected.stale
    assert load_corpus(path) == apply_corrections(corpus, entries).corpus != corpus
    assert [k for k in before if before[k] != after[k]] == [plan.id]  # only the corrected document


def test_a_store_into_a_missing_folder_is_one_line(tmp_path):
    done = run("import", str(EXAMPLES), "-o", str(tmp_path / "nowhere" / "plans.dg"))
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and "nowhere" in done.stderr
    assert not (tmp_path / "nowhere").exists()
