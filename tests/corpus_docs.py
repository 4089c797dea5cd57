"""The real documents of ``../shared/corpus/docs`` for the tests, found like the seeds.

``corpus_plans()`` reads each document the importers can read today, one corpus per document
(a document they cannot read yet is left out: that is the importers' tests' business). When the
folder is missing the tests skip with the reason, unless ``CI=true``, where they fail.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

from dutygraph.errors import DocumentError
from dutygraph.importers.reading import read
from dutygraph.ontology.model import Corpus

__all__ = ["corpus_dir", "corpus_plans", "duplicate_ids"]


def corpus_dir() -> Path:
    folder = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"
    if not folder.is_dir():
        reason = f"corpus documents not found at {folder}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the corpus is required)", pytrace=False)
        pytest.skip(reason)
    return folder


@functools.cache
def _read_all(folder: Path) -> tuple[tuple[str, Corpus], ...]:
    found = []
    for path in sorted(folder.iterdir()):
        try:
            found.append((path.name, read([path]).whole()))
        except DocumentError:
            continue
    return tuple(found)


def corpus_plans() -> tuple[tuple[str, Corpus], ...]:
    """(file name, corpus) for every corpus document the importers read."""
    plans = _read_all(corpus_dir())
    if not plans:
        pytest.fail("the importers read none of the corpus documents")
    return plans


def duplicate_ids(corpus: Corpus) -> set[str]:
    """Ids the importer gave to two facts (a section path that repeats, say)."""
    seen: set[str] = set()
    twice: set[str] = set()
    for plan in corpus.plans:
        ids = [s.id for s in plan.sections] + [i.id for i in plan.items]
        ids += [x.id for i in plan.items for x in (*i.tasks, *i.targets, *i.progress)]
        for node in ids:
            (twice if node in seen else seen).add(node)
    return twice
