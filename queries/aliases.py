"""Which surface forms were merged into one office, and where each was written.

>>> from dutygraph.importers.reading import parse
>>> corpus = parse("某市教育局2023年工作要点\\n1.甲。（基础教育科牵头，财务科配合）\\n2.乙。（责任单位：基教科）\\n")
>>> [(r.office, r.surface, r.rule, r.uses) for r in alias_merges(corpus)]
[('基础教育科', '基础教育科', 'as_written', 1), ('基础教育科', '基教科', 'alias', 1)]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from dutygraph.ontology.issuers import issuer_label
from dutygraph.ontology.model import Corpus
from dutygraph.ontology.notes import render
from dutygraph.ontology.offices import AliasTable, party_key

__all__ = [
    "user_rules_applied","AliasRow", "AliasSuggestion", "alias_merges", "suggest_aliases"]


@dataclass(frozen=True)
class AliasRow:
    """One surface form of a merged office: how it was merged and the lines that used it."""

    issuer: str
    office: str
    surface: str
    rule: Literal["as_written", "variant", "alias", "not_party", "collective"]
    uses: int
    sources: tuple[str, ...]


def alias_merges(corpus: Corpus, *, all_offices: bool = False) -> list[AliasRow]:
    """Every surface form of every office written in more than one way (or all, if asked).

    ``rule`` is ``as_written`` for the canonical form itself, ``variant`` for spelling
    variants (与/和, spacing) and ``alias`` for abbreviations resolved by an alias table.
    """
    orgs = {o.id: issuer_label(o.name, o.qualifier) for o in corpus.organizations}
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
    return rows + user_rules_applied(corpus)


_USER_RULES = {("not_a_party", "aliases"): "not_party", ("collective_by_aliases", None): "collective"}
"""The quality notes (code, reason) an aliases file's rules leave, and the rule each names."""


def user_rules_applied(corpus: Corpus) -> list[AliasRow]:
    """What an aliases file's ``not_party`` and ``collective`` lists changed: each name, the
    rule, and the lines where it was refused as a party or made a collective.

    >>> from dutygraph.importers.reading import ReadOptions, parse
    >>> from dutygraph.ontology.offices import AliasTable, _Aliases
    >>> table = AliasTable.builtin().with_user({"*": _Aliases(not_party=frozenset({"县级市"}))})
    >>> corpus = parse("青山市人民政府2023年工作要点\\n1.甲。（市财政局牵头，各区、县级市配合）\\n", ReadOptions(aliases=table), source="a.txt")
    >>> [(r.surface, r.rule, r.sources) for r in user_rules_applied(corpus)]
    [('县级市', 'not_party', ('a.txt:2',))]
    """
    found: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for plan in corpus.plans:
        issuer = "、".join(issuer_label(o.name, o.qualifier) for o in corpus.organizations if o.id in plan.issuers)
        for q in plan.quality:
            if rule := _USER_RULES.get((q.code, q.params.get("reason"))):  # type: ignore[arg-type]
                where = f"{plan.source.name}:{q.line}" if q.line else plan.source.name
                found[(issuer, str(q.params["name"]), rule)].append(where)
    return [AliasRow(issuer, name, name, rule, len(where), tuple(where))  # type: ignore[arg-type]
            for (issuer, name, rule), where in sorted(found.items())]


@dataclass(frozen=True)
class AliasSuggestion:
    """Two offices of one issuer that are likely one, kept apart until a user says so.

    ``evidence`` is a code (:data:`dutygraph.ontology.notes.EVIDENCE`): ``qualifier`` when
    ``same_as`` is ``office`` with the qualifier ``added``, ``abbreviation`` when the
    characters of ``office`` stand in order in ``same_as``; :meth:`reason` words it. ``alias``
    is the line to paste under ``[issuer."<issuer>".names]`` of an alias file.
    """

    issuer: str
    office: str
    same_as: str
    evidence: str
    added: str
    uses: tuple[int, int]
    alias: str
    sources: tuple[str, ...]

    def reason(self) -> str:
        """The evidence in the current language.

        >>> from dutygraph.i18n import language
        >>> row = AliasSuggestion("某厅", "考试院", "教育考试院", "qualifier", "教育", (1, 1), "", ())
        >>> with language("zh"):
        ...     row.reason()
        '“教育考试院”即“考试院”加“教育”'
        """
        return render(f"evidence.{self.evidence}", {"short": self.office, "long": self.same_as, "added": self.added})


_QUALIFIERS = ("教育", "工作", "管理", "事务", "服务", "综合", "办公")
"""What a fuller name adds to a shorter one of the same office (考试院 → 教育考试院, 语言文字处 →
语言文字工作处); anything else (勤工俭学办公室 against 办公室) names another office."""


def _subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(ch in chars for ch in short)


def _evidence(short: str, long: str) -> tuple[str, str] | None:
    """Why ``short`` may be ``long`` (both end in one unit word): the evidence's code and the
    qualifier ``long`` adds; or None."""
    stem_s, stem_l = short[:-1], long[:-1]
    if len(stem_s) < 2:
        return None
    if stem_s in stem_l:
        extra = stem_l.replace(stem_s, "", 1)
        return ("qualifier", extra) if extra in _QUALIFIERS else None
    if stem_s[0] == stem_l[0] and _subsequence(stem_s, stem_l):
        return ("abbreviation", "")
    return None


def suggest_aliases(corpus: Corpus) -> list[AliasSuggestion]:
    """Offices of one issuer that were not merged but are likely one, with the evidence.

    Nothing is merged: each row carries the alias-file line a user may paste.

    >>> from dutygraph.importers.reading import parse
    >>> corpus = parse("某省教育厅2023年工作要点\\n1.甲。（考试院牵头）\\n2.乙。（教育考试院负责）\\n"
    ...                "3.丙。（语言文字处负责）\\n4.丁。（语言文字工作处负责）\\n5.戊。（办公室、勤工俭学办公室负责）\\n")
    >>> [(s.office, s.same_as) for s in suggest_aliases(corpus)]
    [('考试院', '教育考试院'), ('语言文字处', '语言文字工作处')]
    >>> suggest_aliases(corpus)[0].alias
    '"考试院" = "教育考试院"'
    """
    orgs = {o.id: o.name for o in corpus.organizations}
    known = set(AliasTable.builtin().gazetteer.values())  # 农业部 and 农业农村部 are two bodies
    uses: dict[str, list[str]] = defaultdict(list)
    for plan in corpus.plans:
        for item in plan.items:
            for a in item.assignments:
                uses[a.party].append(a.span.cite())
    by_issuer: dict[str, list] = defaultdict(list)
    for party in corpus.parties:
        if party.kind == "office" and party.id in uses:
            by_issuer[party.issuer].append(party)
    out = []
    for issuer, offices in by_issuer.items():
        offices.sort(key=lambda p: (len(p.name), p.name))
        for i, short in enumerate(offices):
            for long in offices[i + 1 :]:
                if len(long.name) == len(short.name) or short.name[-1] != long.name[-1]:
                    continue
                if short.name in known and long.name in known:
                    continue
                why = _evidence(short.name, long.name)
                if why is None:
                    continue
                out.append(AliasSuggestion(
                    orgs.get(issuer, issuer), short.name, long.name, *why,
                    (len(uses[short.id]), len(uses[long.id])), f'"{short.name}" = "{long.name}"',
                    tuple(uses[short.id][:3] + uses[long.id][:3]),
                ))
    out.sort(key=lambda s: (s.issuer, s.same_as, s.office))
    return out
