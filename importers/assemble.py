"""Plans into one corpus: the offices of one issuer meet, each plan kept once.

:func:`~dutygraph.importers.build.build_plan` gives each document a :class:`PlanBuild` (its
plan and the issuers, parties and leaders it names); :func:`assemble` merges them: a party
seen in several plans of one issuer becomes one office, named by its most frequent canonical
form, with every other form among its aliases.

>>> from dutygraph.importers import parse
>>> corpus = parse("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头）\\n")
>>> [(p.name, p.aliases) for p in corpus.parties]
[('基建科', ('基建科',))]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from dutygraph.ontology.links import link
from dutygraph.ontology.model import Collective, CollectiveScope, Corpus, Leader, Office, Organization, Plan

__all__ = ["PartySeen", "PlanBuild", "assemble"]


@dataclass(frozen=True)
class PartySeen:
    """A party as one plan names it: its id, kind and issuer, canonical name and written form."""

    id: str
    kind: str
    scope: CollectiveScope | None
    issuer: str
    name: str
    surface: str


@dataclass
class PlanBuild:
    """One plan and the issuers, parties and leaders it names."""

    plan: Plan
    organizations: list[Organization]
    parties: list[PartySeen] = field(default_factory=list)
    leaders: list[Leader] = field(default_factory=list)



def assemble(builds: list[PlanBuild]) -> Corpus:
    """Merge plans into one corpus: offices of the same issuer (and canonical name) meet.

    An office's name is the canonical form written most often; every other form seen is kept
    among its aliases. The same plan read twice is kept once. Rows that report on an item of
    another plan (their 来源) are linked to it, and every item gets its status
    (:func:`~dutygraph.ontology.links.link`).
    """
    orgs: dict[str, Organization] = {}
    leaders: dict[str, Leader] = {}
    seen: dict[str, list[PartySeen]] = defaultdict(list)
    plans: dict[str, Plan] = {}
    for b in builds:
        if b.plan.id in plans:
            continue
        plans[b.plan.id] = b.plan
        for o in b.organizations:
            orgs.setdefault(o.id, o)
        for leader in b.leaders:
            leaders.setdefault(leader.id, leader)
        for p in b.parties:
            seen[p.id].append(p)
    parties = []
    for pid, group in sorted(seen.items()):
        counts = Counter(p.name for p in group)
        name = max(counts, key=lambda n: (counts[n], n))
        aliases = tuple(sorted({p.surface for p in group} | set(counts) - {name}))
        first = group[0]
        if first.kind == "collective" and first.scope is not None:  # a collective always has its scope
            parties.append(Collective(id=pid, issuer=first.issuer, name=name, aliases=aliases, scope=first.scope))
        else:
            parties.append(Office(id=pid, issuer=first.issuer, name=name, aliases=aliases))
    return link(Corpus(
        organizations=tuple(sorted(orgs.values(), key=lambda o: o.id)),
        parties=tuple(parties),
        leaders=tuple(sorted(leaders.values(), key=lambda leader: leader.id)),
        plans=tuple(plans.values()),
    ))

