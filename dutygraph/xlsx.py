"""Excel workbooks a bureau can hand on: the 督办台账 and any table of rows (openpyxl).

Every sheet has its header row frozen and filtered, columns as wide as their Chinese text
(a CJK character counts two), dates as Excel dates shown 2024年9月30日 (or 2024-09-30 in
English), and long text wrapped. Sheet names follow Excel's rules (31 characters, none of
``[]:*?/\\``, each once).

>>> import io
>>> from openpyxl import load_workbook
>>> from dutygraph.i18n import language
>>> with language("zh"):
...     data = workbook([Sheet("财务处", ["事项", "完成时限"], [["1 新建学校", dt.date(2024, 9, 30)]])])
>>> ws = load_workbook(io.BytesIO(data))["财务处"]
>>> ws.freeze_panes, ws.auto_filter.ref, ws["B2"].value.date(), ws["B2"].number_format
('A2', 'A1:B2', datetime.date(2024, 9, 30), 'yyyy"年"m"月"d"日"')
>>> sheet_names(["a/b", "x" * 40, "a/b", "=HYPERLINK(1)"])
['a／b', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'a／b (2)', '＝HYPERLINK(1)']

Texts stay texts (never formulas)::

>>> ws = load_workbook(io.BytesIO(workbook([Sheet("s", ["a"], [['=HYPERLINK("http://x","a")']])])))["s"]
>>> ws["A2"].data_type, ws["A2"].value
('s', '=HYPERLINK("http://x","a")')
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dutygraph.formulas import xml_text
from dutygraph.i18n import current, t
from dutygraph.output import display_width

__all__ = ["Sheet", "ledger_workbook", "rows_sheet", "sheet_names", "workbook"]

MAX_WIDTH = 60
"""Widest column, in characters of Latin width; longer text wraps."""


@dataclass
class Sheet:
    """One sheet: its name, header and rows of cell values (text, numbers, dates)."""

    name: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def sheet_names(names: Iterable[str]) -> list[str]:
    """Names Excel accepts, in order: forbidden characters (and a formula's first character:
    ``= + - @``) made full-width, control characters dropped, cut to 31, made unique."""
    out: list[str] = []
    for name in names:
        clean = re.sub(r"[\[\]:*?/\\]|^[=+\-@]", lambda m: chr(ord(m[0]) + 0xFEE0), xml_text(name))
        clean = re.sub(r"[\x00-\x1f\x7f]", "", clean).strip("'") or "-"
        base, n, candidate = clean[:31], 1, clean[:31]
        while candidate in out:
            n += 1
            suffix = f" ({n})"
            candidate = base[: 31 - len(suffix)] + suffix
        out.append(candidate)
    return out


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return xml_text("、".join(str(v) for v in value))
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    return xml_text(value) if isinstance(value, str) else value


def _append(ws: Any, values: list[Any]) -> None:
    """A row whose texts are string cells: openpyxl would make ``=…`` a formula."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as an .xlsx file's bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    for sheet in book.worksheets:  # the empty sheet a new workbook starts with
        book.remove(sheet)
    date_format = 'yyyy"年"m"月"d"日"' if current() == "zh" else "yyyy-mm-dd"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE5EE")
    for sheet, name in zip(sheets, sheet_names(s.name for s in sheets), strict=True):
        ws = book.create_sheet(name)
        _append(ws, [_cell(h) for h in sheet.header])
        for row in sheet.rows:
            _append(ws, [_cell(v) for v in row])
        widths = [display_width(h) for h in sheet.header]
        for cells in ws.iter_rows(min_row=2):
            for i, cell in enumerate(cells):
                if isinstance(cell.value, dt.date):
                    cell.number_format = date_format
                    widths[i] = max(widths[i], 14)
                elif cell.value is not None:
                    width = display_width(str(cell.value))
                    widths[i] = max(widths[i], min(width, MAX_WIDTH))
                    if width > MAX_WIDTH:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
        for i, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = max(width, 6) + 2
        ws.freeze_panes = "A2"
        last = get_column_letter(max(len(sheet.header), 1))
        ws.auto_filter.ref = f"A1:{last}{max(ws.max_row, 1)}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rows_sheet(name: str, rows: Sequence[Mapping[str, Any]]) -> Sheet:
    """Rows (already labelled: header text → value) as a sheet."""
    header = list(rows[0].keys()) if rows else [t("no_rows")]
    return Sheet(name, header, [[r.get(h) for h in header] for r in rows])


LEDGER_COLUMNS = ("ref", "title", "plan", "role", "leads", "partners", "targets", "deadline", "tier", "status",
                  "source")
"""The 台账's columns (``ledger.<column>``), the same on every sheet."""


def ledger_workbook(sheets: Sequence[Any]) -> bytes:
    """The 督办台账: an index, then a sheet per office and per leader (:func:`dutygraph.queries.ledger.ledger`)."""
    from dutygraph.labels import PARTY_KINDS, ROLES, STATUS, TIERS, label

    names = sheet_names([t("ledger.index")] + [_owner(s, sheets) for s in sheets])
    index = Sheet(names[0], [t(f"ledger.index_{c}") for c in ("sheet", "kind", "name", "issuer", "items", "leads",
                                                              "overdue")])
    out = [index]
    for sheet, name in zip(sheets, names[1:], strict=True):
        index.rows.append([name, label(PARTY_KINDS, sheet.kind), sheet.name, sheet.issuer, len(sheet.rows),
                           sum(r.role == "lead" for r in sheet.rows), sum(r.tier == "overdue" for r in sheet.rows)])
        out.append(Sheet(name, [t(f"ledger.{c}") for c in LEDGER_COLUMNS], [
            [r.ref, r.title, r.plan, label(ROLES, r.role), r.leads, r.partners, t("semicolon").join(r.targets), r.deadline,
             label(TIERS, r.tier), label(STATUS, r.status), r.source] for r in sheet.rows
        ]))
    return workbook(out)


def _owner(sheet: Any, sheets: Sequence[Any]) -> str:
    """A sheet's name: the office or leader, with the issuer where another issuer has that name."""
    repeated = sum(s.name == sheet.name for s in sheets) > 1
    return sheet.name + t("paren", text=sheet.issuer) if repeated else sheet.name
