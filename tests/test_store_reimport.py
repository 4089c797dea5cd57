"""Re-importing into a store: only the changed documents are rewritten, each in one
transaction; the result equals a fresh import; a killed import leaves each document as it was
before or as it is after, and a store every command reads."""

from __future__ import annotations

import os
import pickle
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from dutygraph.graph.sqlite.schema import TABLES
from dutygraph.graph.sqlite.store import open_store
from dutygraph.graph.stored import load_corpus, save_corpus
from dutygraph.importers.read import read
from seeds import shared

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dutygraph", *args], capture_output=True, text=True)


def contents(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, with the document numbers replaced by plan ids (two stores
    hold the same when these are equal, whatever numbers their documents got)."""
    db = sqlite3.connect(path)
    plan = dict(db.execute("SELECT doc, plan FROM documents"))
    out = {}
    for name in TABLES:
        rows = db.execute(f"SELECT * FROM {name}").fetchall()
        if name != "meta":
            rows = [(plan[row[0]], *row[1:]) for row in rows]
        out[name] = sorted(rows, key=repr)
    db.close()
    return out


def copy(src: Path, dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():
        if f.is_file():
            shutil.copy(f, dst / f.name)
    return dst


def test_a_folder_imported_twice_is_stored_as_once(tmp_path):
    folder = copy(EXAMPLES, tmp_path / "plans")
    store = tmp_path / "plans.dg"
    assert run("import", str(folder), "-o", str(store)).returncode == 0
    first = contents(store)
    with open_store(store, write=True) as opened:
        written = opened.write_corpus(read([folder]))
    assert (written.added, written.replaced, written.removed, written.kept) == (0, 0, 0, 3)
    assert run("import", str(folder), "-o", str(store)).returncode == 0
    assert contents(store) == first


def test_an_edited_document_replaces_only_its_rows_and_equals_a_fresh_import(tmp_path):
    folder = copy(EXAMPLES, tmp_path / "plans")
    store, fresh = tmp_path / "plans.dg", tmp_path / "fresh.dg"
    save_corpus(read([folder]), store)
    edited = folder / "qingshan-2024-work-plan.txt"
    edited.write_text(edited.read_text("utf-8").replace("新建", "新改建", 1), encoding="utf-8")
    (folder / "mingzhou-2024-projects.md").unlink()
    corpus = read([folder])
    written = save_corpus(corpus, store)
    assert (written.added, written.replaced, written.removed, written.kept) == (0, 1, 1, 1)
    save_corpus(corpus, fresh)
    assert contents(store) == contents(fresh)
    assert load_corpus(store) == corpus


def test_a_new_document_is_added_in_the_order_read(tmp_path):
    folder = copy(EXAMPLES, tmp_path / "plans")
    moved = tmp_path / "aside.txt"
    shutil.move(folder / "qingshan-2024-work-plan.txt", moved)
    store, fresh = tmp_path / "plans.dg", tmp_path / "fresh.dg"
    save_corpus(read([folder]), store)
    shutil.move(moved, folder / "qingshan-2024-work-plan.txt")
    corpus = read([folder])
    assert save_corpus(corpus, store).added == 1
    save_corpus(corpus, fresh)
    assert contents(store) == contents(fresh) and load_corpus(store) == corpus


WRITER = """
import pickle, sys
from dutygraph.graph.sqlite.store import open_store
corpus = pickle.load(open(sys.argv[1], "rb"))
with open_store(sys.argv[2], write=True) as store:
    store.write_corpus(corpus, on_document=lambda plan: print(plan.id, flush=True))
print("done", flush=True)
"""


def _kill_while_writing(pickled: Path, store: Path, rng: random.Random) -> bool:
    """Start a writer, let it begin a random number of documents, SIGKILL it after a random
    pause; whether it was still running."""
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(pickled), str(store)], stdout=subprocess.PIPE,
                             text=True, cwd=ROOT)
    assert child.stdout is not None
    for _ in range(rng.randrange(1, 8)):
        if child.stdout.readline() in ("", "done\n"):
            break
    time.sleep(rng.uniform(0, 0.05))
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
    return child.returncode == -signal.SIGKILL


def test_an_import_killed_at_random_moments_leaves_each_document_old_or_new(tmp_path, seeds_dir):
    old_folder = copy(seeds_dir, tmp_path / "old")
    copy(shared("corpus", "docs"), old_folder)
    new_folder = copy(old_folder, tmp_path / "new")
    for f in new_folder.iterdir():  # every document changes, under the same title
        f.write_bytes(f.read_bytes().replace("。".encode(), "；".encode()))
    old, new = read([old_folder]), read([new_folder])
    olds, news = {p.id: p for p in old.plans}, {p.id: p for p in new.plans}
    assert set(olds) == set(news) and all(olds[k] != news[k] for k in olds)
    pickled = tmp_path / "new.pickle"
    pickled.write_bytes(pickle.dumps(new))
    rng = random.Random(21)
    store = tmp_path / "plans.dg"
    killed = 0
    for attempt in range(10):
        if attempt % 5 == 0:  # now and then from nothing: a killed first import leaves no file
            store.unlink(missing_ok=True)
            if attempt:
                killed += _kill_while_writing(pickled, store, rng)
                assert not store.exists() or load_corpus(store) == new
            save_corpus(old, store)
        killed += _kill_while_writing(pickled, store, rng)
        corpus = load_corpus(store)  # never refused, never half a document
        for plan in corpus.plans:
            assert plan in (olds[plan.id], news[plan.id]), plan.id
        assert {p.id for p in corpus.plans} == set(olds)
        if attempt in (0, 9):  # and a command reads it
            done = run("workload", str(store), "--format", "json")
            assert done.returncode == 0, done.stderr
        save_corpus(old, store)  # and a store left by a kill takes the next import
        assert load_corpus(store) == old
    assert killed >= 5  # most kills landed while it was writing
