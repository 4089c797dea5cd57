"""Responsibility statements: who leads, who supports, and the rule that decided it.

Work plans state responsibility in a handful of shapes, all read here:

* labelled: ``牵头处室:发展规划处。责任处室:财务处、学前教育处``, ``负责部门：A、B；适用范围：…``
  — any label of the shape cue + unit word (:mod:`.vocabulary`), so 牵头责任单位 and 协办部门 are
  understood without a list; other labels (适用范围) end the value before them;
* phrasal: ``X牵头，Y、Z按职责分工负责``, ``由X牵头，Y等参加``, ``X会同Y、Z负责``, ``A、B指导``;
* declared: ``A、B负责。列第一位者为牵头单位`` (with ``下同`` it holds for the rest of the document);
* standing: ``以下均需试点城市政府落实，不再列出`` names parties for every later item.

Names are split by the list grammar of :mod:`.parties`; what does not look like a body is
refused (kept in :attr:`ParsedParties.refused` with the reason) instead of becoming an office.

>>> parsed = parse_parties("牵头处室:财务处。责任处室:组织人事处、审计室")
>>> [(m.surface, m.role, m.rule) for m in parsed.mentions]
[('财务处', 'lead', 'explicit'), ('组织人事处', 'support', 'explicit'), ('审计室', 'support', 'explicit')]
>>> parsed = parse_parties("政法处、财建处等")
>>> [(m.surface, m.role, m.rule) for m in parsed.mentions], parsed.open_list
([('政法处', 'lead', 'first_listed'), ('财建处', 'support', 'first_listed')], True)
>>> [(m.surface, m.role) for m in parse_parties("由环境保护部牵头，公安部、水利部等参加").mentions]
[('环境保护部', 'lead'), ('公安部', 'support'), ('水利部', 'support')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dutygraph.importers.facts.parties import Name, split_parties
from dutygraph.importers.facts.vocabulary import LEADER_LABEL, PARTY_LABEL, label_kind
from dutygraph.ontology.model import LeadRule, Role

__all__ = [
    "PartyMention",
    "ParsedParties",
    "parse_parties",
    "is_statement",
    "LABEL_RE",
]

LABEL_RE = re.compile(
    rf"(?P<label>{PARTY_LABEL}|{LEADER_LABEL})\s*[：:]"
)
"""A party or leader label followed by its colon."""
_ANY_LABEL = re.compile(r"(?:(?<=^)|(?<=[。；;，,\s（(]))(?P<label>[\u4e00-\u9fff]{2,8})\s*[：:]")
_DECLARATION_RE = re.compile(
    r"(?:列|排)在?(?:第一|首)(?:位|个)(?:者|的)?(?:单位|处室|部门)?为牵头(?:单位|处室|部门)?[，,]?(?P<sticks>下同)?"
)
_STANDING_RE = re.compile(
    r"以下(?:各项|事项|任务)?(?:均|都|皆)?(?:需|须|由)?(?P<list>[^，,。；;]{2,40}?)(?:负责)?(?:落实|负责|参与|参加)"
    r"[，,]?(?:不再|不)(?:一一)?列出"
)
_CUE_TAIL = "(?:落实|推进|实施|办理|组织实施|推动)?"
_PHRASE_WITH = re.compile(rf"^(?:由)?(?P<lead>.+?)会同(?P<list>.+?)(?:共同)?(?:负责|落实|推进|实施|办理)?{_CUE_TAIL}$", re.S)
_PHRASE_LEAD = re.compile(rf"^(?:由)?(?P<list>.+?)(?:为)?(?:牵头|主办|主责)(?:负责)?{_CUE_TAIL}$", re.S)
_PHRASE_SUPPORT = re.compile(
    r"^(?:由)?(?P<list>.+?)(?:按职责分工负责|按职责负责|按职能分工负责|按职责分工落实|分工负责|共同负责|"
    r"按职责参与|配合|参与|参加|协助|协同|协办|负责|指导|督导)" + _CUE_TAIL + "$",
    re.S,
)
_SUPPORT_CUES = re.compile(r"(?:配合|参与|参加|协助|协同|协办)" + _CUE_TAIL + "$")


@dataclass(frozen=True)
class PartyMention:
    """One party as written, with its offsets in the parsed text."""

    surface: str
    start: int
    end: int
    role: Role
    rule: LeadRule


@dataclass(frozen=True)
class ParsedParties:
    """The parties of one list or statement, in the order written."""

    mentions: tuple[PartyMention, ...]
    open_list: bool
    declares_first_lead: bool
    """The text declares that the first-listed party leads, for this list or for the rest of
    the document (``下同``): see :attr:`declaration_sticks`."""
    declaration_sticks: bool
    standing: tuple[PartyMention, ...] = ()
    """Parties a standing rule names for every later item (以下均需X落实，不再列出)."""
    refused: tuple[tuple[Name, str], ...] = ()
    """Names that do not look like a body, with the reason."""
    statement: bool = False
    """Whether the text is a responsibility statement (labelled, or every clause phrasal)."""


@dataclass
class _Group:
    names: list[Name]
    role: Role | None
    explicit: bool


def _labelled_groups(text: str) -> tuple[list[_Group], bool, list, bool]:
    groups: list[_Group] = []
    refused: list = []
    opened = False
    labels = [m for m in _ANY_LABEL.finditer(text)]
    found = False
    for i, m in enumerate(labels):
        kind = label_kind(m.group("label"))
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        if kind in ("lead", "support"):
            found = True
            value = text[m.end() : end]
            if _ROLE_CUE.search(value) and (phrasal := _phrasal_value(value, m.end())) is not None:
                # 责任单位：X牵头，Y、Z配合 — the value is a statement of its own
                groups.extend(phrasal[0])
                opened |= phrasal[1]
                refused.extend(phrasal[2])
                continue
            parsed = split_parties(value, m.end(), list_ends=True)
            opened |= parsed.open_list
            refused.extend(parsed.refused)
            groups.append(_Group(list(parsed.names), "lead" if kind == "lead" else None, kind == "lead"))
    return groups, opened, refused, found


_ROLE_CUE = re.compile(r"牵头|主办|会同|配合|协助|协同|参与|参加|协办")


def _phrasal_value(value: str, offset: int) -> tuple[list[_Group], bool, list] | None:
    """A label's value that is written as a statement (X牵头，Y、Z配合), or None when one of its
    clauses is no statement (a plain list that merely names 配合办公室)."""
    groups: list[_Group] = []
    opened = False
    refused: list = []
    for clause in re.finditer(r"[^，,；;。]+", value):
        found = _phrasal(clause.group(), offset + clause.start())
        if found is None:
            return None
        groups.extend(found[0])
        opened |= found[1]
        refused.extend(found[2])
    return (groups, opened, refused) if groups else None


def _phrasal(clause: str, offset: int) -> tuple[list[_Group], bool, list] | None:
    """The groups of one phrasal clause, or None when the clause states no responsibility."""
    stripped = clause.strip()
    if not stripped:
        return [], False, []
    offset += clause.index(stripped)

    def names(m: re.Match[str], group: str) -> tuple[list[Name], bool, list]:
        parsed = split_parties(m.group(group), offset + m.start(group))
        return list(parsed.names), parsed.open_list, list(parsed.refused)

    if m := _PHRASE_WITH.match(stripped):
        lead, o1, r1 = names(m, "lead")
        rest, o2, r2 = names(m, "list")
        return [_Group(lead, "lead", True), _Group(rest, "support", True)], o1 or o2, r1 + r2
    if m := _PHRASE_LEAD.match(stripped):
        found, opened, refused = names(m, "list")
        return [_Group(found, "lead", True)], opened, refused
    if m := _PHRASE_SUPPORT.match(stripped):
        found, opened, refused = names(m, "list")
        role: Role | None = "support" if _SUPPORT_CUES.search(stripped) else None
        return [_Group(found, role, False)], opened, refused
    return None


def parse_parties(text: str, *, first_is_lead_declared: bool = False, require_cue: bool = False) -> ParsedParties:
    """Parse a party list or responsibility statement (without its parentheses).

    ``first_is_lead_declared`` says the document declared earlier (下同) that the first-listed
    party leads; roles decided by order then carry the rule ``declared``. With
    ``require_cue``, a bare list of names (no label, no 牵头/负责…) states nothing: that is how a
    parenthesised remark is read, where (试行) or (市、区) must not become parties.

    >>> parse_parties("试行", require_cue=True).statement, parse_parties("体育总局、民政部负责", require_cue=True).statement
    (False, True)
    """
    declaration = _DECLARATION_RE.search(text)
    standing_match = _STANDING_RE.search(text)
    cuts = [m.start() for m in (declaration, standing_match) if m]
    body = text[: min(cuts)] if cuts else text
    groups, opened, refused, labelled = _labelled_groups(body)
    statement = labelled
    if not labelled:
        phrasal_seen = stray = False
        for clause in re.finditer(r"[^，,；;。]+", body):
            found = _phrasal(clause.group(), clause.start())
            if found is None:
                parsed = split_parties(clause.group(), clause.start())
                if require_cue:  # a clause that is no statement may say when, never who
                    stray |= bool(parsed.names)
                    continue
                found = ([_Group(list(parsed.names), None, False)], parsed.open_list, list(parsed.refused))
            else:
                phrasal_seen = True
            g, o, r = found
            groups.extend(g)
            opened |= o
            refused.extend(r)
        statement = phrasal_seen and not stray
        if require_cue and not statement:
            groups, opened, refused = [], False, []
    if require_cue and statement and refused and not any(g.names for g in groups):
        statement = False  # every "name" is prose: (由省教育厅负责解释)
    marked = any(n.role == "lead" for g in groups for n in g.names)
    explicit = marked or any(g.role == "lead" for g in groups)
    declared = bool(declaration) or first_is_lead_declared
    mentions: list[PartyMention] = []
    leads = {n.text for g in groups for n in g.names if g.role == "lead" or n.role == "lead"}
    for group in groups:
        for name in group.names:
            if any(m.surface == name.text for m in mentions):
                continue  # named twice (A、B按职责分工负责，A牵头): once, in the lead role if either says so
            if explicit:
                role: Role = "lead" if name.text in leads else "support"
                rule: LeadRule = "explicit"
            else:
                role = "lead" if not mentions else "support"
                rule = "declared" if declared else "first_listed"
            mentions.append(PartyMention(name.text, name.start, name.end, role, rule))
    standing: tuple[PartyMention, ...] = ()
    if standing_match:
        parsed = split_parties(standing_match.group("list"), standing_match.start("list"))
        standing = tuple(PartyMention(n.text, n.start, n.end, "support", "explicit") for n in parsed.names)
        statement = statement or bool(standing)
    return ParsedParties(
        tuple(mentions),
        opened,
        bool(declaration),
        bool(declaration and declaration.group("sticks")),
        standing,
        tuple(refused),
        statement or bool(declaration and mentions),
    )


def is_statement(text: str) -> bool:
    """Whether a parenthesised remark states responsibility rather than, say, (试行).

    >>> is_statement("牵头处室:教科所。责任处室:思政体艺处"), is_statement("试行"), is_statement("市、区")
    (True, False, False)
    """
    parsed = parse_parties(text, require_cue=True)
    return parsed.statement and bool(parsed.mentions or parsed.standing)
