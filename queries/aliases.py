"""Which surface forms were merged into one office, and where each was written.

>>> from dutygraph.importers.read import parse
>>> corpus = parse("某市教育局2023年工作要点\\n1.甲。（基础教育科牵头，财务科配合）\\n2.乙。（责任单位：基教科）\\n")
>>> [(r.office, r.surface, r.rule, r.uses) for r in alias_merges(corpus)]
[('基础教育科', '基础教育科', 'as_written', 1), ('基础教育科', '基教科', 'alias', 1)]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from dutygraph.ontology.model import Corpus
from dutygraph.ontology.offices import party_key

__all__ = ["AliasRow", "alias_merges"]


@dataclass(frozen=True)
class AliasRow:
    """One surface form of a merged office: how it was merged and the lines that used it."""

    issuer: str
    office: str
    surface: str
    rule: Literal["as_written", "variant", "alias"]
    uses: int
    sources: tuple[str, ...]


def alias_merges(corpus: Corpus, *, all_offices: bool = False) -> list[AliasRow]:
    """Every surface form of every office written in more than one way (or all, if asked).

    ``rule`` is ``as_written`` for the canonical form itself, ``variant`` for spelling
    variants (与/和, spacing) and ``alias`` for abbreviations resolved by an alias table.
    """
    orgs = {o.id: o.name for o in corpus.organizations}
    parties = {p.id: p for p in corpus.parties}
    uses: dict[tuple[str, str], list[str]] = defaultdict(list)
    for plan in corpus.plans:
        for item in plan.items:
            for a in item.assignments:
                uses[(a.party, a.surface)].append(a.span.cite())
    forms: dict[str, set[str]] = defaultdict(set)
    for party_id, surface in uses:
        forms[party_id].add(surface)
    rows = []
    for (party_id, surface), where in uses.items():
        party = parties[party_id]
        if not all_offices and forms[party_id] == {party.name}:
            continue
        if surface == party.name:
            rule: Literal["as_written", "variant", "alias"] = "as_written"
        elif party_key(surface) == party_key(party.name):
            rule = "variant"
        else:
            rule = "alias"
        rows.append(AliasRow(orgs.get(party.issuer, party.issuer), party.name, surface, rule, len(where), tuple(where)))
    rows.sort(key=lambda r: (r.issuer, r.office, r.rule != "as_written", r.surface))
    return rows
