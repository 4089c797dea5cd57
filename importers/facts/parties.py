"""Party lists: where one responsible body's name ends and the next begins.

A list as the genre writes it, in a trailer, a labelled field or a table cell::

    list       := entry (connector entry)* [等 [category]]
    connector  := 、 ， , ； ; / blank      always
                | 及 以及 和 与 并          only between two complete names
    entry      := name, brackets inside it kept (中央宣传部（国务院新闻办）, 各县（市、区）教育局)

"Complete" is decided by the name's end (:func:`~.vocabulary.ends_like_body`): 工业和信息化部
stays whole because 工业 ends no name, 国家发展改革委和科技部 splits because 委 does. After 等 the
list is *open*; a category after it (等国务院相关部门, 等和各有关省级人民政府) is a party of its
own when it names one, and nothing when it only says "departments" (等部门, 等单位).

Every name is checked before it becomes a party (:func:`not_a_body`): a verb phrase, a date,
sentence punctuation or more than 25 characters is refused with the reason, never made an office.

>>> [n.text for n in split_parties("A部、B委等国务院相关部门及各地区").names]
['A部', 'B委', '国务院相关部门', '各地区']
>>> [n.text for n in split_parties("工业和信息化部、文化和旅游部").names]
['工业和信息化部', '文化和旅游部']
>>> found = split_parties("商务部等和各有关省级人民政府")
>>> [n.text for n in found.names], found.open_list
(['商务部', '各有关省级人民政府'], True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dutygraph.importers.facts.vocabulary import ends_like_body
from dutygraph.ontology.offices import collective_scope

__all__ = ["Name", "PartyList", "split_parties", "not_a_body", "MAX_NAME"]

MAX_NAME = 25
"""Longer than this, a "name" is a sentence fragment, not a body."""
_SHORT_BODY = 6
"""A body's name this short may open with a verb (编制科, 督查办); a longer one is a measure
(建成县残疾人综合服务中心)."""
_MAX_BARE = 8
"""A name that does not end like a body's (基教, 发规, 人事) is an abbreviation only when this short."""

_HARD = "、，,；;/／ \t\u3000\n"
_OPEN = "（(〔［[【"
_CLOSE = "）)〕］]】"
_JOINERS = ("以及", "及", "和", "与", "并")
_OPEN_TAIL = re.compile(r"等(?P<rest>.*)$")
_BARE_CATEGORY = re.compile(
    r"^(?:其他|其它|有关|相关|各有关|各相关)?(?:部门|单位|处室|科室|机构|方面|部门和单位|单位和部门)"
    r"(?:参加|参与|配合|负责|共同负责|按职责分工负责)?$"
)
_ROLE_MARK = re.compile(r"[（(]\s*(?P<cue>牵头|主责|主办|配合|协办|参与|协助|责任)(?:单位|部门|处室|科室)?\s*[）)]$")
_CONTACT = re.compile(r"[（(]?(?:电话|联系电话|tel|Tel)?[:：]?\s*(?:\d{3,4}-)?\d{7,11}[）)]?")
_STRIP = "。.：:*#“”\"'‘’ \t\n\u3000"
_VERBS = re.compile(
    r"^(?:加强|推进|推动|开展|完善|建立|健全|落实|做好|实施|提高|促进|确保|支持|鼓励|深化|加快|强化|提升|"
    r"扩大|统筹|制定|印发|出台|探索|引导|督促|完成|启动|新建|建成|迁建|开工|打通|改造|扩建|改扩建|投用|"
    r"实现|形成|巩固|坚持|全面|积极|进一步|认真|切实|按照|根据|围绕|通过|新增|办好|着力|大力|持续|逐步|"
    r"不断|努力|力争|争取|确定|增加|减少|优化|规范|开发建设|培育|打造|举办|召开|组建|成立|修订|编制)"
)
"""Words that open a measure and never a body's name (组织部, 研究室, 建设局 open with others)."""
_WEAK_VERBS = re.compile(r"^(?:组织|研究|建设|发展|保障|规划|指导|监督|服务|对|将|把|在|从|以|为|由)")
_DATE = re.compile(r"\d{1,4}\s*[年月日]|[年月]底前|季度|上半年|下半年|年底|月底")
_SENTENCE = re.compile(r"[。！？!?；;：:，,]")


@dataclass(frozen=True)
class Name:
    """One name as written and its offsets in the text it was split from.

    ``role`` is what a bracket after the name said: 市发展改革委（牵头） leads, 市教育局(配合) supports.
    """

    text: str
    start: int
    end: int
    role: str | None = None


@dataclass(frozen=True)
class PartyList:
    """The names of one list, whether it is open (等), and what was refused and why."""

    names: tuple[Name, ...]
    open_list: bool
    refused: tuple[tuple[Name, str], ...] = field(default=())


def not_a_body(name: str) -> str | None:
    """Why ``name`` cannot name a responsible body, or None when it can.

    >>> not_a_body("财务处"), not_a_body("加强队伍建设"), not_a_body("2023年底前")
    (None, 'a verb phrase', 'a date')
    """
    if len(name) > MAX_NAME:
        return f"over {MAX_NAME} characters"
    if _SENTENCE.search(name):
        return "sentence punctuation"
    if _DATE.search(name):
        return "a date"
    if re.fullmatch(r"[\d.%％\-—\s]+", name):
        return "a number"
    if not re.search(r"[\u4e00-\u9fffA-Za-z]", name):
        return "no name"
    if "的" in name and not ends_like_body(name):
        return "a phrase"
    body = ends_like_body(name)
    if (_VERBS.match(name) and not (body and len(name) <= _SHORT_BODY)) or (_WEAK_VERBS.match(name) and not body):
        return "a verb phrase"
    if len(name) > _MAX_BARE and not ends_like_body(name):
        return "does not end like a body's name"
    return None


def _pieces(text: str) -> list[tuple[int, int]]:
    """Split on the hard connectors that stand outside brackets."""
    out, depth, begin = [], 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in _HARD and depth == 0:
            out.append((begin, i))
            begin = i + 1
    out.append((begin, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip(_STRIP)]


def _split_joined(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at 及/和/与 standing between two complete names."""
    piece = text[start:end]
    for joiner in _JOINERS:
        depth = 0
        for i in range(len(piece)):
            ch = piece[i]
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth = max(0, depth - 1)
            elif depth == 0 and piece.startswith(joiner, i) and i > 0:
                left, right = piece[:i], piece[i + len(joiner) :]
                if right and ends_like_body(left) and (ends_like_body(right) or right.startswith(("各", "有关", "相关"))):
                    return _split_joined(text, start, start + i) + _split_joined(text, start + i + len(joiner), end)
    return [(start, end)]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    # brackets left over at either end: （财务处 → 财务处, but 财务处（含审计） stays
    while start < end and text[start] in _OPEN and not any(c in _CLOSE for c in text[start:end]):
        start += 1
    while end > start and text[end - 1] in _CLOSE and not any(c in _OPEN for c in text[start:end]):
        end -= 1
    while end - start >= 2 and text[start] in _OPEN and text[end - 1] in _CLOSE and _balanced(text[start + 1 : end - 1]):
        start, end = start + 1, end - 1
    return start, end


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def split_parties(text: str, offset: int = 0, *, list_ends: bool = False) -> PartyList:
    """Split a party list into names, with offsets ``offset`` + position in ``text``.

    >>> [(n.text, n.start) for n in split_parties("财务处、组织人事处及审计室", 10).names]
    [('财务处', 10), ('组织人事处', 14), ('审计室', 20)]
    >>> split_parties("推进职业教育改革发展工作，提高质量").refused[0][1]
    'a verb phrase'

    With ``list_ends``, the list ends at the first piece that is no body's name: what follows
    is prose that lost its line break (责任单位:甲处、乙处扎实做好…), refused as one piece.

    >>> found = split_parties("甲处、乙处、推进丙项工作，确保丁项完成", list_ends=True)
    >>> [n.text for n in found.names], [r.text for r, _ in found.refused]
    (['甲处', '乙处'], ['推进丙项工作，确保丁项完成'])
    """
    names: list[Name] = []
    refused: list[tuple[Name, str]] = []
    opened = False
    text = _CONTACT.sub(lambda m: " " * len(m.group()), text)
    for a, b in _pieces(text):
        spans: list[tuple[int, int]] = []
        piece = text[a:b]
        if list_ends and names and _after_blank(text, a) and not _names_a_body(piece.strip(_STRIP)):
            # a list goes on past a blank only with a body's name: 鄞州 海曙 合计 are a table's heads
            rest = text[a:].strip(_STRIP + _HARD)
            at = a + text[a:].index(rest[0]) if rest else a
            refused.append((Name(rest, offset + at, offset + at + len(rest)), "after a blank, not a body's name"))
            return PartyList(tuple(names), opened, tuple(refused))
        tail = _closing_deng(piece)
        cut = tail.start() if tail else -1
        closes = False
        # 等 closes the named part only after a complete name, or at the very end (高等教育处 stays)
        if tail:
            opened = closes = True
            spans.extend(_split_joined(text, a, a + cut))
            rest = tail.group("rest")
            rest_start = a + cut + 1
            if rest.startswith("和"):
                rest, rest_start = rest[1:], rest_start + 1
            category = rest.strip(_STRIP)
            if category and not _BARE_CATEGORY.match(category):
                if collective_scope(category) is not None:
                    spans.extend(_split_joined(text, rest_start, b))  # 等国务院相关部门: a class of its own
                else:
                    name = Name(category, offset + rest_start, offset + rest_start + len(category))
                    refused.append((name, "not a class of bodies after 等"))
                    if list_ends:
                        names.extend(_names(text, spans, offset, refused, list_ends))
                        return PartyList(tuple(names), opened, tuple(refused))
        else:
            spans.extend(_split_joined(text, a, b))
        before = len(refused)
        names.extend(_names(text, spans, offset, refused, list_ends))
        if list_ends and len(refused) > before:
            return PartyList(tuple(names), opened, tuple(refused))
        if list_ends and closes and b < len(text) and text[b:].strip(_STRIP + _HARD):
            rest = text[b:].strip(_STRIP + _HARD)  # 等 ends the list: what follows is not in it
            at = b + text[b:].index(rest[0])
            refused.append((Name(rest, offset + at, offset + at + len(rest)), "after the 等 that ends the list"))
            return PartyList(tuple(names), opened, tuple(refused))
    return PartyList(tuple(names), opened, tuple(refused))


def _after_blank(text: str, at: int) -> bool:
    """Whether the piece at ``at`` follows a blank (and no list punctuation) in ``text``."""
    k = at
    while k > 0 and text[k - 1] in " \t\u3000":
        k -= 1
    return 0 < k < at and text[k - 1] not in _HARD


def _names_a_body(piece: str) -> bool:
    return ends_like_body(piece) or collective_scope(piece) is not None


def _closing_deng(piece: str) -> re.Match[str] | None:
    """The 等 that closes a list: at its end, or right after a complete name (高等教育处 has none)."""
    for m in reversed(list(re.finditer("等", piece))):
        rest = piece[m.end() :]
        if not rest.strip(_STRIP) or ends_like_body(piece[: m.start()].strip(_STRIP)):
            return _OPEN_TAIL.match(piece, m.start())
    return None


def _body_prefix(name: str) -> int:
    """The length of the longest start of ``name`` that is a body's name (0: none)."""
    for end in range(min(len(name) - 1, MAX_NAME), 1, -1):
        if ends_like_body(name[:end]) and not_a_body(name[:end]) is None:
            return end
    return 0


def _names(text: str, spans: list[tuple[int, int]], offset: int, refused: list[tuple[Name, str]],
           list_ends: bool) -> list[Name]:
    """The names in ``spans``; with ``list_ends`` the first that is none ends the list (the
    rest of the text is prose, refused as one piece, after a body's name glued to it)."""
    out: list[Name] = []
    for s, e in spans:
        s, e = _trim(text, s, e)
        if s >= e or text[s:e] in ("无", "暂无", "/", "—", "-"):
            continue
        role = None
        if mark := _ROLE_MARK.search(text, s, e):
            role = "lead" if mark.group("cue") in ("牵头", "主责", "主办") else "support"
            s, e = _trim(text, s, mark.start())
        name = Name(text[s:e], offset + s, offset + e, role)
        why = not_a_body(name.text)
        if why and list_ends:
            keep = _body_prefix(name.text)
            if keep:  # 教师处在完成上述工作的同时: 教师处, then prose
                out.append(Name(name.text[:keep], name.start, name.start + keep))
                s += keep
            rest = text[s:].rstrip(_STRIP)
            refused.append((Name(rest, offset + s, offset + s + len(rest)), why))
            return out
        if why:
            refused.append((name, why))
        else:
            out.append(name)
    return out
