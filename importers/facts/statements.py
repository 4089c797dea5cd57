"""Where a unit's text states responsibility: parenthesised remarks and 由X牵头 sentences.

Labelled fields (责任单位：…) are found by :func:`~.fields.find_fields`; this module finds the
other two shapes inside running text:

* a **remark** in brackets that :func:`~.responsibility.is_statement` accepts, wherever it
  stands in a paragraph — at its end, or between two measures (…（市场监管总局负责）加强…);
* a **sentence** that opens with 由 + named bodies + 牵头 (由环境保护部牵头，公安部等参加。). A
  sentence naming only generic bodies (由环境保护主管部门牵头) describes a procedure, not an
  assignment, and is not taken;
* a sentence naming **leaders, then the divisions** that carry the task out
  (由王五、赵六副局长分别负责，规划科、监测科分别落实。): the people are leaders, not parties.

One pass over the text with a bracket stack: linear in its length.

>>> text = "甲。（体育总局负责）乙。（体育总局、教育部负责）丙（试行）。"
>>> [(text[s.start:s.end], s.kind) for s in find_statements(text, 0, len(text))]
[('（体育总局负责）', 'remark'), ('（体育总局、教育部负责）', 'remark')]
>>> text = "开展检查。由钱七、孙八副局长分别负责，执法科、审批科分别落实。"
>>> [(text[s.who_start:s.who_end], text[s.content_start:s.content_end]) for s in find_statements(text, 0, len(text))]
[('钱七、孙八副局长', '执法科、审批科分别落实')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from dutygraph.importers.facts.responsibility import is_statement, parse_parties
from dutygraph.importers.facts.vocabulary import POST_TITLES, ends_like_body
from dutygraph.ontology.offices import collective_scope

__all__ = ["Statement", "find_statements", "MAX_REMARK"]

MAX_REMARK = 400
"""A bracketed remark longer than this is prose, not a statement."""

_OPEN = "（("
_CLOSE = "）)"
_LED_BY = re.compile(r"由(?P<lead>[^，,。；;由]{2,60}?)(?:牵头|主办)(?:负责)?[^。；;]*[。；;]?")
_POSTS = "|".join(sorted(POST_TITLES, key=len, reverse=True))
_LEADERS_THEN_DIVISIONS = re.compile(
    rf"由(?P<who>[^，,。；;由（()）]{{2,30}}?(?:{_POSTS}|同志))(?:分别)?(?:牵头负责|负责|分管|主抓|领办|督办)[，,；;]\s*"
    r"(?P<list>[^，,。；;]{2,60}?(?:分别)?(?:具体|负责)?(?:落实|承办|实施|办理))[。；;]?"
)
"""由 + people with their post + 负责, then the divisions + 落实: leaders, then parties."""


@dataclass(frozen=True)
class Statement:
    """A responsibility statement: its extent and, for a remark, the text inside the brackets."""

    kind: Literal["remark", "sentence", "leaders"]
    start: int
    end: int
    content_start: int
    content_end: int
    who_start: int = -1
    """For ``leaders``: where the people are named (the divisions are the content)."""
    who_end: int = -1


def _remarks(text: str, start: int, end: int) -> list[Statement]:
    out: list[Statement] = []
    opens: list[int] = []
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN:
            opens.append(i)
        elif ch in _CLOSE and opens:
            at = opens.pop()
            if not opens and i - at - 1 <= MAX_REMARK and is_statement(text[at + 1 : i]):
                out.append(Statement("remark", at, i + 1, at + 1, i))
    return out


def _named(lead: str) -> bool:
    parsed = parse_parties(lead)
    return any(collective_scope(m.surface) is None for m in parsed.mentions)


def _sentences(text: str, start: int, end: int, taken: list[Statement]) -> list[Statement]:
    out = []
    for m in _LED_BY.finditer(text, start, end):
        before = text[max(start, m.start() - 1) : m.start()]
        if before and before not in "。；;：:！？\n ":
            continue  # 由 inside a clause (…均由X牵头) is not a sentence of its own
        if any(s.start <= m.start() < s.end for s in taken) or not _named(m.group("lead")):
            continue
        out.append(Statement("sentence", m.start(), m.end(), m.start(), m.end()))
    return out


def _leaders(text: str, start: int, end: int, taken: list[Statement]) -> list[Statement]:
    out = []
    for m in _LEADERS_THEN_DIVISIONS.finditer(text, start, end):
        people = re.split(r"[、，,和及]", m.group("who"))
        if any(ends_like_body(p) for p in people) or any(s.start <= m.start() < s.end for s in taken):
            continue  # a body is no person: 由区住建局负责 is a statement of its own kind
        out.append(Statement("leaders", m.start(), m.end(), m.start("list"), m.end("list"), m.start("who"), m.end("who")))
    return out


def find_statements(text: str, start: int, end: int) -> list[Statement]:
    """The statements in ``text[start:end]``, in document order."""
    remarks = _remarks(text, start, end)
    found = remarks + _sentences(text, start, end, remarks)
    return sorted(found + _leaders(text, start, end, found), key=lambda s: s.start)
