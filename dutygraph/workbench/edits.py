"""The workbench's corrections file: entries appended and removed as text, with who and when.

The file is the ordinary corrections format (:mod:`dutygraph.ontology.corrections`), readable
and diffable, and every command takes it with ``--corrections``. The workbench writes one entry
per change, naming its plan and item, with a comment saying who made it and when (the format has
no key for that, and a comment changes nothing it means); undo removes the entry's lines.

>>> text = append_entry("", plan="p.txt", item="3", section=None, op="set_lead", value="财务科",
...                     author="lin", at="2024-09-30T10:00:00+00:00")
>>> print(text, end="")
corrections:
  - plan: "p.txt"
    item: "3"
    # by lin at 2024-09-30T10:00:00+00:00
    set_lead: "财务科"
>>> [(e.line, e.author, e.op, e.value) for e in edits(text, "fix.yaml")]
[(2, 'lin', 'set_lead', '财务科')]
>>> remove_entry(text, "fix.yaml", 2)
'corrections: []\\n'
>>> append_entry(_, plan="p.txt", item="4", section=None, op="remove_office", value="财务科", author="lin",
...              at="2024-10-01T09:00:00+00:00").splitlines()[:2]
['corrections:', '  - plan: "p.txt"']
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from dutygraph.errors import CorrectionError, quoted
from dutygraph.ontology.corrections import CorrectionEntry, parse_corrections

__all__ = ["Edit", "append_entry", "edits", "remove_entry"]

_BY = re.compile(r"#\s*by (?P<author>\S+) at (?P<at>\S+)")
_HEAD = "corrections:"
_EMPTY = "corrections: []"


@dataclass(frozen=True)
class Edit:
    """One entry of the corrections file: its line, what it changes, who and when (when said)."""

    line: int
    end: int
    plan: str
    item: str
    op: str
    value: str
    author: str | None
    at: str | None
    ops_lines: tuple[int, ...]


_UNWRITABLE = {"Cc", "Cs", "Zl", "Zp"}
"""Control characters, lone surrogates and line separators: a YAML file cannot hold them in a name."""


def _quote(value: str) -> str:
    if any(unicodedata.category(ch) in _UNWRITABLE for ch in value):
        raise CorrectionError("corrections.yaml", "workbench.control", value=quoted(value))
    return json.dumps(value, ensure_ascii=False)


def _value(value: Any) -> str:
    """An operation's argument as the YAML of one line (a text, or a flow mapping)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_quote(str(v))}" for k, v in value.items()) + "}"
    return _quote(str(value))


def _shown(value: dict[str, Any]) -> str:
    return "、".join(str(v) for v in value.values() if v not in (None, ""))


def _blocks(text: str, name: str) -> list[tuple[CorrectionEntry, int]]:
    """Each entry with the last line of its block (the line before the next entry, or the end)."""
    entries = parse_corrections(text, name)
    count = len(text.splitlines())
    return [(e, (entries[n + 1].line - 1) if n + 1 < len(entries) else count) for n, e in enumerate(entries)]


def edits(text: str, name: str) -> list[Edit]:
    """The entries of a corrections file, in order, with the author and time of those the workbench wrote."""
    lines = text.splitlines()
    found = []
    for entry, end in _blocks(text, name):
        by = next((m for line in lines[entry.line - 1:end] if (m := _BY.search(line))), None)
        op = entry.ops[0] if entry.ops else None
        found.append(Edit(entry.line, end, entry.plan, entry.item, op.op if op else "",
                          _shown(op.value) if op else "", by["author"] if by else None, by["at"] if by else None,
                          tuple(o.line for o in entry.ops)))
    return found


def append_entry(text: str, *, plan: str, item: str, section: str | None, op: str, value: Any, author: str,
                 at: str) -> str:
    """``text`` with one entry added at its end (the file begun when empty). The result is
    parsed again, so a file this cannot extend (its list is not last) raises, naming it."""
    before = len(parse_corrections(text, "corrections.yaml")) if text.strip() else 0
    body = "".join(_HEAD + "\n" if line.rstrip() == _EMPTY else line
                   for line in (text if text.strip() else _HEAD + "\n").splitlines(keepends=True))
    if not body.endswith("\n"):
        body += "\n"
    if _HEAD not in body.splitlines():
        body += _HEAD + "\n"
    lines = [f"  - plan: {_quote(plan)}", f"    item: {_quote(item)}"]
    if section:
        lines.append(f"    section: {_quote(section)}")
    lines += [f"    # by {author} at {at}", f"    {op}: {_value(value)}"]
    new = body + "\n".join(lines) + "\n"
    try:
        after = len(parse_corrections(new, "corrections.yaml"))
    except CorrectionError as exc:
        raise CorrectionError("corrections.yaml", "workbench.cannot_add", reason=exc.message) from None
    if after != before + 1:
        raise CorrectionError("corrections.yaml", "workbench.not_at_end")
    return new


def remove_entry(text: str, name: str, line: int) -> str:
    """``text`` without the entry that begins on ``line``; no such entry raises."""
    for entry, end in _blocks(text, name):
        if entry.line == line:
            lines = text.splitlines(keepends=True)
            rest = lines[: entry.line - 1] + lines[end:]
            if len(_blocks(text, name)) == 1:  # the list is empty now: YAML's empty list, not null
                rest = [_EMPTY + "\n" if line.rstrip() == _HEAD else line for line in rest]
            return "".join(rest)
    raise CorrectionError(name, "workbench.no_entry", line=line)
