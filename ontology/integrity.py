"""Whether a corpus read from a file holds together: every id it refers to is described in it.

The importers build consistent corpora; a stored corpus or an RDF file edited by hand (or
damaged) may not: an assignment to an office no longer listed, a plan whose issuer is gone, an
item under a section of another plan. :func:`check_references` finds the first such reference
and raises :class:`~dutygraph.errors.ModelError` naming it, so that a reader reports the file
instead of a query failing later.

>>> from dutygraph.importers.reading import parse
>>> corpus = parse("某县教育局2023年工作要点\\n1.扩充学位。（学前科牵头）\\n")
>>> check_references(corpus)
>>> check_references(corpus.model_copy(update={"organizations": ()}))
Traceback (most recent call last):
dutygraph.errors.ModelError: office:... 属于 org:...，但其未被描述
"""

from __future__ import annotations

from collections.abc import Collection

from dutygraph.errors import Message, ModelError
from dutygraph.ontology.model import Corpus

__all__ = ["check_references"]


def _known(ref: str | None, known: Collection[str], owner: str, what: str) -> None:
    if ref is not None and ref not in known:
        raise ModelError("model.dangling", owner=owner, relation=Message(f"model.rel.{what}"), ref=ref)


def check_references(corpus: Corpus) -> None:
    """Raise :class:`~dutygraph.errors.ModelError` at the first id referred to but not described."""
    orgs = {o.id for o in corpus.organizations}
    parties = {p.id for p in corpus.parties}
    leaders = {p.id for p in corpus.leaders}
    items = {i.id for plan in corpus.plans for i in plan.items}
    for party in (*corpus.parties, *corpus.leaders):
        _known(party.issuer, orgs, party.id, "belongs_to")
    for plan in corpus.plans:
        sections = {s.id for s in plan.sections}
        own_items = {i.id for i in plan.items}
        for issuer in plan.issuers:
            _known(issuer, orgs, plan.id, "issued_by")
        for section in plan.sections:
            _known(section.parent, sections, section.id, "under")
            for r in section.responsibilities:
                _known(r.leader, leaders, section.id, "leader")
        for item in plan.items:
            _known(item.section, sections, item.id, "in")
            _known(item.parent, own_items, item.id, "part_of")
            _known(item.same_as, items, item.id, "same_as")
            targets = {t.id for t in item.targets}
            for target in item.targets:
                _known(target.part_of, targets, target.id, "part_of")
            for a in item.assignments:
                _known(a.party, parties, item.id, "assigned_to")
            for r in item.responsibilities:
                _known(r.leader, leaders, item.id, "leader")
            for ref in item.reports_on:
                _known(ref.target, items, item.id, "reports_on")
