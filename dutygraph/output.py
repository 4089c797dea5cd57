"""Printing rows: aligned tables (Chinese counts double width), JSON and CSV.

>>> print(render_table([{"office": "财务处", "items": 6}, {"office": "基础教育处", "items": 4}]))
office      items
----------  -----
财务处          6
基础教育处      4
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["display_width", "shorten", "render_table", "render_json", "render_csv", "render"]

OUTPUT_FORMATS = ("table", "json", "csv")


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: wide (CJK) characters count two.

    >>> display_width("财务处 A")
    8
    """
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal columns, with … marking the cut.

    >>> shorten("新建、改扩建150所公办幼儿园", 12)
    '新建、改扩…'
    """
    if display_width(text) <= width:
        return text
    out, used = [], 1
    for ch in text:
        used += display_width(ch)
        if used > width:
            break
        out.append(ch)
    return "".join(out) + "…"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.4g}" if abs(value) < 1e6 else f"{value:.0f}"
    if isinstance(value, (list, tuple)):
        return "、".join(_cell(v) for v in value)
    return str(value)


def render_table(rows: Sequence[Mapping[str, Any]], *, columns: Sequence[str] | None = None,
                 shorten_columns: Mapping[str, int] | None = None) -> str:
    """An aligned text table; numbers are right-aligned; ``shorten_columns`` caps widths."""
    if not rows:
        return "(no rows)"
    columns = list(columns or rows[0].keys())
    caps = shorten_columns or {}
    cells = [[shorten(_cell(r.get(c)), caps[c]) if c in caps else _cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(display_width(c), *(display_width(row[i]) for row in cells)) for i, c in enumerate(columns)]
    numeric = [all(isinstance(r.get(c), (int, float)) or r.get(c) is None for r in rows) for c in columns]

    def fmt(values: Sequence[str], header: bool = False) -> str:
        out = []
        for i, v in enumerate(values):
            pad = " " * (widths[i] - display_width(v))
            out.append(pad + v if numeric[i] and not header else v + pad)
        return "  ".join(out).rstrip()

    lines = [fmt(columns, header=True), "  ".join("-" * w for w in widths)]
    lines += [fmt(row) for row in cells]
    return "\n".join(lines)


def render_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def render_csv(rows: Sequence[Mapping[str, Any]], *, columns: Sequence[str] | None = None) -> str:
    columns = list(columns or (rows[0].keys() if rows else []))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_cell(r.get(c)) for c in columns])
    return buffer.getvalue()


def render(rows: Sequence[Mapping[str, Any]], fmt: str, *, columns: Sequence[str] | None = None) -> str:
    """Rows in one of :data:`OUTPUT_FORMATS`."""
    if fmt == "json":
        return render_json(list(rows))
    if fmt == "csv":
        return render_csv(rows, columns=columns)
    return render_table(rows, columns=columns)
