"""A stored corpus (``import -o FILE.dg``) and the cache of built plans: the same model, less work."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dutygraph.errors import DocumentError
from dutygraph.graph.stored import dump_corpus, load_corpus
from dutygraph.importers.cache import BuildCache
from dutygraph.importers.reading import ReadOptions, read

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dutygraph", *args], capture_output=True, text=True, env=env)


def test_the_seeds_stored_and_read_back_are_the_same_model(tmp_path, seeds_dir):
    corpus = read([seeds_dir]).whole()
    path = tmp_path / "seeds.dg"
    path.write_text(dump_corpus(corpus), encoding="utf-8")
    assert load_corpus(path) == corpus


def test_commands_read_a_stored_corpus_as_they_read_its_documents(tmp_path):
    stored = tmp_path / "examples.dg"
    done = run("import", str(EXAMPLES), "-o", str(stored))
    assert done.returncode == 0, done.stderr
    from_documents = run("workload", str(EXAMPLES), "--format", "json")
    from_store = run("workload", str(stored), "--format", "json")
    assert from_store.returncode == 0 and json.loads(from_store.stdout) == json.loads(from_documents.stdout)


@pytest.mark.parametrize(("text", "message"), [
    ("{}", "not a stored corpus"),
    ('{"kind": "dutygraph corpus", "layout": 99, "corpus": {}}', "another dutygraph version"),
    ('{"kind": "dutygraph corpus", "layout": 1, "corpus": {"plans": 3}}', "damaged stored corpus"),
])
def test_a_bad_stored_corpus_is_one_line(english, tmp_path, text, message):
    path = tmp_path / "bad.dg"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DocumentError, match=message):
        load_corpus(path)
    done = run("workload", str(path))
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and message in done.stderr


def test_import_names_a_stored_corpus_by_its_suffix(tmp_path):
    done = run("import", str(EXAMPLES), "-o", str(tmp_path / "plans.json"))
    assert done.returncode == 2 and "FILE.dg" in done.stderr


def test_the_cache_parses_only_what_changed(tmp_path):
    folder = tmp_path / "plans"
    shutil.copytree(EXAMPLES, folder)
    cache = BuildCache(tmp_path / "cache")
    first = read([folder], ReadOptions(cache=cache))
    assert (cache.hits, cache.misses) == (0, 3)
    edited = folder / "qingshan-2024-work-plan.txt"
    edited.write_text(edited.read_text("utf-8").replace("新建", "新改建", 1), encoding="utf-8")
    second = read([folder], ReadOptions(cache=cache))
    assert (cache.hits, cache.misses) == (2, 4)
    assert second.corpus == read([folder]).corpus  # what the cache gave equals a fresh read
    assert second.corpus != first.corpus


def test_options_and_damage_never_reuse_a_wrong_entry(tmp_path):
    cache = BuildCache(tmp_path / "cache")
    plan = EXAMPLES / "qingshan-2024-work-plan.txt"
    read([plan], ReadOptions(cache=cache))
    read([plan], ReadOptions(cache=cache, issuer="青山市教育局"))  # another option: another entry
    assert cache.misses == 2
    for entry in (tmp_path / "cache").rglob("*.json"):
        entry.write_text("{damaged", encoding="utf-8")
    again = read([plan], ReadOptions(cache=cache))
    assert cache.misses == 3 and again.corpus == read([plan]).corpus
