"""Where a unit's text states responsibility: parenthesised remarks and 由X牵头 sentences.

Labelled fields (责任单位：…) are found by :func:`~.fields.find_fields`; this module finds the
other two shapes inside running text:

* a **remark** in brackets that :func:`~.responsibility.is_statement` accepts, wherever it
  stands in a paragraph — at its end, or between two measures (…（市场监管总局负责）加强…);
* a **sentence** that opens with 由 + named bodies + 牵头 (由环境保护部牵头，公安部等参加。). A
  sentence naming only generic bodies (由环境保护主管部门牵头) describes a procedure, not an
  assignment, and is not taken.

One pass over the text with a bracket stack: linear in its length.

>>> text = "甲。（体育总局负责）乙。（体育总局、教育部负责）丙（试行）。"
>>> [(text[s.start:s.end], s.kind) for s in find_statements(text, 0, len(text))]
[('（体育总局负责）', 'remark'), ('（体育总局、教育部负责）', 'remark')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from dutygraph.importers.responsibility import is_statement, parse_parties
from dutygraph.ontology.offices import collective_scope

__all__ = ["Statement", "find_statements", "MAX_REMARK"]

MAX_REMARK = 400
"""A bracketed remark longer than this is prose, not a statement."""

_OPEN = "（("
_CLOSE = "）)"
_LED_BY = re.compile(r"由(?P<lead>[^，,。；;由]{2,60}?)(?:牵头|主办)(?:负责)?[^。；;]*[。；;]?")


@dataclass(frozen=True)
class Statement:
    """A responsibility statement: its extent and, for a remark, the text inside the brackets."""

    kind: Literal["remark", "sentence"]
    start: int
    end: int
    content_start: int
    content_end: int


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


def find_statements(text: str, start: int, end: int) -> list[Statement]:
    """The statements in ``text[start:end]``, in document order."""
    remarks = _remarks(text, start, end)
    return sorted(remarks + _sentences(text, start, end, remarks), key=lambda s: s.start)
