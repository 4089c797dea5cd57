"""Small helpers for reading a corpus in tests."""

from __future__ import annotations

from pathlib import Path

from dutygraph.importers.reading import read
from dutygraph.ontology.model import Corpus, Item, Plan

DOCUMENTS = Path(__file__).parent / "documents"
"""The invented documents of the tests (tests/documents)."""


def item(plan: Plan, ref: str, *, section: str | None = None) -> Item:
    """The one item of ``plan`` with ``ref`` (within a section title containing ``section``)."""
    sections = {s.id: s.title for s in plan.sections}
    found = [
        i for i in plan.items
        if i.ref == ref and (section is None or section in sections.get(i.section or "", ""))
    ]
    assert len(found) == 1, f"expected one item {ref!r}, found {len(found)}"
    return found[0]


def offices(corpus: Corpus, it: Item) -> list[tuple[str, str, str]]:
    """(canonical name, role, rule) of an item's assignments, in order."""
    names = {p.id: p.name for p in corpus.parties}
    return [(names[a.party], a.role, a.rule) for a in it.assignments]


def leaders(corpus: Corpus, it: Item) -> list[str]:
    names = {l.id: l.name for l in corpus.leaders}
    return [names[r.leader] for r in it.responsibilities]


def doc(name: str) -> tuple[Plan, Corpus]:
    """The plan read from one of the invented documents, with its corpus."""
    corpus = read([DOCUMENTS / name]).whole()
    return corpus.plans[0], corpus


def parties(corpus: Corpus, it: Item) -> list[tuple[str, str, str]]:
    """(surface, role, kind) of an item's assignments, in order."""
    kinds = {p.id: p.kind for p in corpus.parties}
    return [(a.surface, a.role, kinds[a.party]) for a in it.assignments]
