"""Shared fixtures: the seed documents, the corpus read from them, a real Neo4j."""

from __future__ import annotations

import os
import tempfile

import pytest

from dutygraph.importers.read import read_one
from dutygraph.ontology.model import Corpus, Plan
from browser_support import browser  # noqa: F401  (one Chromium for the session: here, not per module)
from neo4j_support import neo4j_driver, neo4j_uri  # noqa: F401
from seeds import seed, seeds_dir  # noqa: F401

# The command line caches built plans; the tests' runs (and the commands they start) keep theirs
# in a folder of their own, never in the user's cache.
os.environ.setdefault("DUTYGRAPH_CACHE_DIR", tempfile.mkdtemp(prefix="dutygraph-test-cache-"))


@pytest.fixture(scope="session")
def seed_corpus(seeds_dir) -> Corpus:  # noqa: F811
    """All five seeds read together, as ``dutygraph import ../shared/seeds`` does."""
    from dutygraph.importers.read import read

    return read([seeds_dir])


@pytest.fixture(scope="session")
def seed_plan(seeds_dir):  # noqa: F811
    """``seed_plan("002")``: the plan read from one seed, with its corpus."""
    cache: dict[str, tuple[Plan, Corpus]] = {}

    def get(prefix: str) -> tuple[Plan, Corpus]:
        if prefix not in cache:
            from dutygraph.importers.assemble import assemble

            corpus = assemble([read_one(seed(prefix))])
            cache[prefix] = (corpus.plans[0], corpus)
        return cache[prefix]

    return get


@pytest.fixture
def english(monkeypatch):
    """Commands and pages in English (``DUTYGRAPH_LANG=en``, as ``--lang en``): for tests that read
    the English wording. Chinese is the default, tested in test_i18n.py and test_pages_language.py."""
    monkeypatch.setenv("DUTYGRAPH_LANG", "en")
