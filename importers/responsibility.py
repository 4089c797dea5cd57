"""Who is responsible: parse party lists, responsibility trailers and their lead rules.

Work plans state responsibility in a handful of ways, all handled here:

* labelled: ``牵头处室:发展规划处。责任处室:财务处、学前教育处`` or ``牵头单位：A；责任单位：B、C``
  (承办单位, 工作部门, 配合单位 … likewise);
* phrasal: ``X牵头，Y、Z按职责分工负责``, ``X会同Y、Z负责``, ``A、B负责``;
* declared: ``A、B负责。列第一位者为牵头单位`` (with ``下同`` it holds for the rest of the document).

A list ending in 等 is *open*: the document names only some of the parties.

>>> parsed = parse_parties("牵头处室:财务处。责任处室:组织人事处、审计室")
>>> [(m.surface, m.role, m.rule) for m in parsed.mentions]
[('财务处', 'lead', 'explicit'), ('组织人事处', 'support', 'explicit'), ('审计室', 'support', 'explicit')]
>>> parsed = parse_parties("政法处、财建处等")
>>> [(m.surface, m.role, m.rule) for m in parsed.mentions], parsed.open_list
([('政法处', 'lead', 'first_listed'), ('财建处', 'support', 'first_listed')], True)
>>> [(m.surface, m.role) for m in parse_parties("基教处牵头，财建处、教师处按职责分工负责").mentions]
[('基教处', 'lead'), ('财建处', 'support'), ('教师处', 'support')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dutygraph.ontology.model import LeadRule, Role

__all__ = [
    "PartyMention",
    "ParsedParties",
    "parse_parties",
    "LEAD_LABELS",
    "SUPPORT_LABELS",
    "PARTY_LABELS",
    "looks_like_trailer",
]

LEAD_LABELS = ("牵头单位", "牵头处室", "牵头部门", "牵头科室", "主办单位", "主责单位", "牵头领导单位")
SUPPORT_LABELS = (
    "责任单位", "责任处室", "责任部门", "责任科室", "配合单位", "配合处室", "配合部门",
    "协办单位", "参与单位", "协同单位", "承办单位", "工作部门", "实施单位", "落实单位",
)
PARTY_LABELS = LEAD_LABELS + SUPPORT_LABELS

_LABEL_RE = re.compile(
    "(" + "|".join(sorted(PARTY_LABELS, key=len, reverse=True)) + r")(?:及负责人)?\s*[：:]"
)
_DECLARATION_RE = re.compile(
    r"(?:列|排)在?(?:第一|首)(?:位|个)(?:者|的)?(?:单位|处室|部门)?为牵头(?:单位|处室|部门)?[，,]?(?P<sticks>下同)?"
)
_SEPARATORS = "、，,；;/／ \t\u3000"
# a name runs to the next separator; brackets inside a name (各县（市、区）教育局) stay whole
_NAME = re.compile(f"(?:[（(][^（）()]*[）)]|[^{re.escape(_SEPARATORS)}（）()])+|[（(）)]")
_OPEN_TAIL = re.compile(r"等(单位|部门|处室|科室)?$")
_CONTACT = re.compile(r"(\d{3,4}-)?\d{7,11}")

_PHRASE_LEAD = re.compile(r"^(?P<list>.+?)(?:为)?牵头(?:负责|落实|推进|实施)?$")
_PHRASE_WITH = re.compile(r"^(?P<lead>.+?)会同(?P<list>.+?)(?:负责|落实|推进|实施|办理)?$")
_PHRASE_SUPPORT = re.compile(
    r"^(?P<list>.+?)(?:按职责分工负责|按职责负责|按职能分工负责|分工负责|共同负责|配合|参与|协助|协同|协办|负责)(?:落实|推进|实施)?$"
)

_RESPONSIBILITY_WORDS = re.compile(r"牵头|负责|配合|参与|协助|会同|单位|处室|部门")


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
    """The parties of one list or trailer, in the order written."""

    mentions: tuple[PartyMention, ...]
    open_list: bool
    declares_first_lead: bool
    """The text declares that the first-listed party leads, for this list or for the rest of
    the document (``下同``): see :attr:`declaration_sticks`."""
    declaration_sticks: bool


@dataclass
class _Group:
    names: list[tuple[str, int, int]]
    role: Role | None
    explicit: bool


def _unbalanced(name: str) -> str:
    """Strip brackets left over at either end: （财务处 → 财务处, but 财务处（含审计） stays."""
    while name and name[0] in "（(" and not re.search(r"[）)]", name):
        name = name[1:]
    while name and name[-1] in "）)" and not re.search(r"[（(]", name):
        name = name[:-1]
    while name and name[0] in "（(" and name[-1] in "）)":
        name = name[1:-1]
    return name.strip()


def _split_names(text: str, offset: int) -> tuple[list[tuple[str, int, int]], bool]:
    """Split a list of names on 、，; and spaces; strip a trailing 等 (open list)."""
    names: list[tuple[str, int, int]] = []
    opened = False
    for m in _NAME.finditer(text):
        raw = m.group()
        start, end = m.start(), m.end()
        stripped = _unbalanced(raw.strip("。.：:*“”\"' \t\n\u3000"))
        if not stripped:
            continue
        start += raw.index(stripped)
        end = start + len(stripped)
        stripped = _CONTACT.sub("", stripped).strip()
        tail = _OPEN_TAIL.search(stripped)
        if tail and len(stripped) > len(tail.group()):
            opened = True
            stripped = stripped[: tail.start()]
            end = start + len(stripped)
        if stripped and stripped not in ("无", "暂无", "/"):
            names.append((stripped, offset + start, offset + end))
    return names, opened


def _phrasal_groups(clause: str, offset: int) -> tuple[list[_Group], bool]:
    clause_stripped = clause.strip()
    lead_pad = clause.index(clause_stripped) if clause_stripped else 0
    offset += lead_pad
    if m := _PHRASE_WITH.match(clause_stripped):
        lead, o1 = _split_names(m.group("lead"), offset + m.start("lead"))
        rest, o2 = _split_names(m.group("list"), offset + m.start("list"))
        return [_Group(lead, "lead", True), _Group(rest, "support", True)], o1 or o2
    if m := _PHRASE_LEAD.match(clause_stripped):
        names, opened = _split_names(m.group("list"), offset + m.start("list"))
        return [_Group(names, "lead", True)], opened
    if m := _PHRASE_SUPPORT.match(clause_stripped):
        names, opened = _split_names(m.group("list"), offset + m.start("list"))
        return [_Group(names, None, False)], opened
    names, opened = _split_names(clause_stripped, offset)
    return [_Group(names, None, False)], opened


def _labelled_groups(text: str, labels: list[re.Match[str]]) -> tuple[list[_Group], bool]:
    groups: list[_Group] = []
    opened = False
    for i, label in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        value = text[label.end() : end]
        names, o = _split_names(value, label.end())
        opened |= o
        is_lead = label.group(1) in LEAD_LABELS
        groups.append(_Group(names, "lead" if is_lead else None, is_lead))
    return groups, opened


def parse_parties(text: str, *, first_is_lead_declared: bool = False) -> ParsedParties:
    """Parse a party list or responsibility trailer (without its parentheses).

    ``first_is_lead_declared`` says the document declared earlier (下同) that the first-listed
    party leads; roles decided by order then carry the rule ``declared``.
    """
    declaration = _DECLARATION_RE.search(text)
    body = text[: declaration.start()] if declaration else text
    labels = list(_LABEL_RE.finditer(body))
    if labels:
        groups, opened = _labelled_groups(body, labels)
    else:
        groups, opened = [], False
        for clause in re.finditer(r"[^，,；;。]+", body):
            found, o = _phrasal_groups(clause.group(), clause.start())
            groups.extend(found)
            opened |= o
    explicit = any(g.role == "lead" for g in groups)
    declared = bool(declaration) or first_is_lead_declared
    mentions: list[PartyMention] = []
    for group in groups:
        for name, start, end in group.names:
            if explicit:
                role: Role = "lead" if group.role == "lead" else "support"
                rule: LeadRule = "explicit"
            else:
                role = "lead" if not mentions else "support"
                rule = "declared" if declared else "first_listed"
            mentions.append(PartyMention(name, start, end, role, rule))
    return ParsedParties(
        tuple(mentions),
        opened,
        bool(declaration),
        bool(declaration and declaration.group("sticks")),
    )


def looks_like_trailer(text: str) -> bool:
    """Whether a parenthesised remark states responsibility rather than, say, (试行).

    >>> looks_like_trailer("牵头处室:教科所。责任处室:思政体艺处"), looks_like_trailer("试行")
    (True, False)
    """
    if not _RESPONSIBILITY_WORDS.search(text):
        return False
    return bool(parse_parties(text).mentions)
