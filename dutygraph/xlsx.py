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

__all__ = ["Sheet", "fits_one_page", "ledger_workbook", "lines", "location", "rows_sheet", "sheet_names", "workbook"]

MAX_WIDTH = 60
"""Widest column, in characters of Latin width; longer text wraps."""


@dataclass
class Sheet:
    """One sheet: its name, header and rows of cell values (text, numbers, dates).

    ``title`` is a heading line above the header (printed with it at the top of every page) and
    ``back`` the sheet a link beside it returns to; ``widths`` fixes the columns' widths (else
    each is as wide as its text, up to :data:`MAX_WIDTH`); ``links`` maps a row's index to the
    sheet its first cell opens; ``headings`` are rows that head a group (bold, across the row).
    """

    name: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    title: str | None = None
    back: str | None = None
    widths: Sequence[int] | None = None
    links: dict[int, str] = field(default_factory=dict)
    headings: set[int] = field(default_factory=set)


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


def location(sheet: str) -> str:
    """A link's target inside the workbook: the sheet's first cell.

    >>> location("财务处（市教育局）")
    "'财务处（市教育局）'!A1"
    """
    return "'" + sheet.replace("'", "''") + "'!A1"


PAGE_WIDTH, PAGE_HEIGHT = 770.0, 500.0
"""The printable area of a landscape A4 page within :func:`_print_setup`'s margins, in points."""
LINE_HEIGHT = 15.0
"""A line of wrapped 11-point CJK text, in points (LibreOffice and Excel lay out about this)."""
SHRINK = 0.8
"""How much smaller than fit-to-width a sheet may print to fit on one page."""


def lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide.

    >>> lines("新建学校", 10), lines("新建学校" * 5, 10), lines("甲\\n乙", 10)
    (1, 5, 2)
    """
    usable = max(width - 1, 1)
    return sum(max(1, -(-display_width(part) // int(usable))) for part in text.split("\n"))


def fits_one_page(widths: Sequence[float], rows: Iterable[Sequence[Any]], header_lines: int = 1) -> bool:
    """Whether a sheet printed fit-to-width still fits one page at no less than :data:`SHRINK` of that scale.

    >>> fits_one_page([10, 40], [["1", "甲"]] * 10), fits_one_page([10, 40], [["1", "甲"]] * 60)
    (True, False)
    """
    points = sum(w * 5.6 + 5 for w in widths)
    scale = min(1.0, PAGE_WIDTH / points)
    height = (header_lines + 1) * LINE_HEIGHT + sum(row_height(widths, row) for row in rows)
    return height * scale <= PAGE_HEIGHT / SHRINK


def row_height(widths: Sequence[float], row: Sequence[Any]) -> float:
    """A row's height in points: its longest cell wrapped in its column (a heading row's one line).

    >>> row_height([10, 10], ["1", "新建学校新建学校"])
    33.0
    """
    cells = [lines(str(v), w) for v, w in zip(row, widths, strict=False) if v is not None]
    return LINE_HEIGHT * max(cells if len(row) > 1 else [1], default=1) + 3


def _print_setup(ws: Any, header_row: int, one_page: bool) -> None:
    """Landscape A4, fit to the page's width (and height when ``one_page``), the rows down to the
    header repeated on every page, the sheet's name and page numbers in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.6
    ws.page_margins.header, ws.page_margins.footer = 0.2, 0.3
    ws.print_title_rows = f"1:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = t("xlsx.footer")
    ws.evenFooter.center.text = t("xlsx.footer")


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as an .xlsx file's bytes, each set up to print (:func:`_print_setup`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    book = Workbook()
    for sheet in book.worksheets:  # the empty sheet a new workbook starts with
        book.remove(sheet)
    date_format = 'yyyy"年"m"月"d"日"' if current() == "zh" else "yyyy-mm-dd"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE5EE")
    link_font = Font(color="0563C1", underline="single")
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet, name in zip(sheets, sheet_names(s.name for s in sheets), strict=True):
        ws = book.create_sheet(name)
        columns = max(len(sheet.header), 1)
        last = get_column_letter(columns)
        if sheet.title is not None:
            _append(ws, [_cell(sheet.title)])
            ws["A1"].font = Font(bold=True, size=14)
            ws.row_dimensions[1].height = 24
            if sheet.back is not None and columns > 1:
                ws.merge_cells(f"A1:{get_column_letter(columns - 1)}1")
                back = ws.cell(row=1, column=columns, value=t("xlsx.back", sheet=sheet.back))
                back.hyperlink = Hyperlink(ref=back.coordinate, location=location(sheet.back))
                back.font = link_font
        header_row = ws.max_row + 1 if sheet.title is not None else 1
        _append(ws, [_cell(h) for h in sheet.header])
        for row in sheet.rows:
            _append(ws, [_cell(v) for v in row])
        widths = [float(display_width(h)) for h in sheet.header]
        for n, cells in enumerate(ws.iter_rows(min_row=header_row + 1)):
            for i, cell in enumerate(cells):
                if cell.value is None:
                    continue
                cell.alignment = wrap
                if n in sheet.headings:
                    continue
                if isinstance(cell.value, dt.date):
                    cell.number_format = date_format
                    widths[i] = max(widths[i], 14)
                else:
                    widths[i] = max(widths[i], min(display_width(str(cell.value)), MAX_WIDTH))
        if sheet.widths is not None:
            widths = [float(w) for w in sheet.widths]
        widths = [max(w, 6) + 2 for w in widths]
        for i, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        for cell in ws[header_row]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        for index, target in sheet.links.items():
            cell = ws.cell(row=header_row + 1 + index, column=1)
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=location(target))
            cell.font = link_font
        for index in sheet.headings:
            row = header_row + 1 + index
            ws.merge_cells(f"A{row}:{last}{row}")
            ws.cell(row=row, column=1).font = bold
        ws.freeze_panes = f"A{header_row + 1}"
        ws.auto_filter.ref = f"A{header_row}:{last}{max(ws.max_row, header_row)}"
        values = [[_cell(v) for v in row] for row in sheet.rows]
        for i, row in enumerate(values):  # set, so that every program prints the wrapped lines
            ws.row_dimensions[header_row + 1 + i].height = row_height(widths, row)
        _print_setup(ws, header_row, fits_one_page(widths, values, header_row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rows_sheet(name: str, rows: Sequence[Mapping[str, Any]]) -> Sheet:
    """Rows (already labelled: header text → value) as a sheet."""
    header = list(rows[0].keys()) if rows else [t("no_rows")]
    return Sheet(name, header, [[r.get(h) for h in header] for r in rows])


LEDGER_COLUMNS = ("number", "title", "role", "leads", "supports", "deadline", "tier", "status", "source")
"""A party's sheet of the 台账 (``ledger.<column>``): the 总台账's columns and the party's role."""
LEDGER_WIDTHS = (5, 44, 8, 16, 22, 13, 8, 9, 28)
ITEM_COLUMNS = ("number", "title", "leads", "supports", "deadline", "tier", "status", "source")
"""The 总台账's columns: 序号, 事项, 牵头, 配合, 时限, 督办等级, 进展, 出处."""
ITEM_WIDTHS = (5, 50, 18, 26, 13, 8, 9, 26)
INDEX_COLUMNS = ("sheet", "kind", "name", "issuer", "items", "leads", "overdue")
INDEX_WIDTHS = (36, 8, 30, 26, 8, 8, 8)


def ledger_workbook(sheets: Sequence[Any], items: Sequence[Any], as_of: dt.date) -> bytes:
    """The 督办台账: a 目录 linking every sheet, grouped by issuer; the 总台账 (every item once,
    :func:`dutygraph.queries.ledgers.ledger_items`); then per issuer a sheet per office and per
    leader (:func:`dutygraph.queries.ledgers.ledger`), each linking back to the 目录."""
    from dutygraph.i18n import date, join
    from dutygraph.labels import PARTY_KINDS, ROLES, STATUS, TIERS, label

    issuers = list(dict.fromkeys([*(name for i in items for name in i.issuers), *(s.issuer for s in sheets)]))
    ordered = sorted(sheets, key=lambda s: issuers.index(s.issuer))
    names = sheet_names([t("ledger.index"), t("ledger.master")] + [_owner(s, ordered) for s in ordered])
    on = date(as_of)
    index = Sheet(names[0], [t(f"ledger.index_{c}") for c in INDEX_COLUMNS], title=t("ledger.index_title", date=on),
                  widths=INDEX_WIDTHS)
    index.rows.append([names[1], "", t("ledger.master"), t("ledger.all_issuers"), len(items),
                       sum(bool(i.leads) for i in items), sum(i.tier == "overdue" for i in items)])
    index.links[0] = names[1]
    master = Sheet(names[1], [t(f"ledger.{c}") for c in ITEM_COLUMNS], title=t("ledger.master_title", date=on),
                   back=names[0], widths=ITEM_WIDTHS)
    plan = None
    for i in items:
        if (i.plan, i.issuers) != plan:
            plan = (i.plan, i.issuers)
            master.headings.add(len(master.rows))
            master.rows.append([t("ledger.plan_heading", plan=i.plan, issuer=join(i.issuers))])
        master.rows.append([i.number, i.title, i.leads, i.supports, i.deadline, label(TIERS, i.tier),
                            label(STATUS, i.status), f"{i.place}\n{i.source}"])
    out = [index, master]
    issuer = None
    for sheet, name in zip(ordered, names[2:], strict=True):
        if sheet.issuer != issuer:
            issuer = sheet.issuer
            index.headings.add(len(index.rows))
            index.rows.append([issuer])
        index.links[len(index.rows)] = name
        index.rows.append([name, label(PARTY_KINDS, sheet.kind), sheet.name, sheet.issuer, len(sheet.rows),
                           sum(r.role == "lead" for r in sheet.rows), sum(r.tier == "overdue" for r in sheet.rows)])
        out.append(Sheet(name, [t(f"ledger.{c}") for c in LEDGER_COLUMNS], [
            [n, r.title, label(ROLES, r.role), r.leads, r.supports, r.deadline, label(TIERS, r.tier),
             label(STATUS, r.status), f"{r.plan} {r.place}\n{r.source}"] for n, r in enumerate(sheet.rows, 1)
        ], title=t("ledger.sheet_title", owner=name, kind=label(PARTY_KINDS, sheet.kind), date=on), back=names[0],
            widths=LEDGER_WIDTHS))
    return workbook(out)


def _owner(sheet: Any, sheets: Sequence[Any]) -> str:
    """A sheet's name: the office or leader, with the issuer where another issuer has that name."""
    repeated = sum(s.name == sheet.name for s in sheets) > 1
    return sheet.name + t("paren", text=sheet.issuer) if repeated else sheet.name
