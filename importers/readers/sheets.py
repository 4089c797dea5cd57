"""Spreadsheets (``.xlsx``, ``.xls``, Kingsoft ``.et``): every sheet, read into blocks.

python-calamine reads both the zip (``.xlsx``) and the binary (``.xls``) workbooks. Each sheet
gives one row block per spreadsheet row, its cells in column order:

* merged ranges are expanded as the HTML reader expands ``rowspan``/``colspan``: the value of a
  vertically merged cell is repeated in every row it spans (a merged 牵头单位 belongs to each
  row), the columns a horizontal merge covers stay empty;
* a row whose one value sits in the first column, or spans the sheet's width (a title
  row, a section row such as 一、重点工作), is a paragraph;
* numbers read as written (``1``, not ``1.0``), dates as ``2023年12月31日``.

The header row is not found here: the table parser finds it by its names (序号, 任务, 牵头单位 …),
below a title row or not. Each block knows its sheet, and each cell its address (``C7``) and
the merged range it belongs to (``C7:C9``). The blocks' ``line`` is the spreadsheet row.

:func:`plans_in` splits a workbook's blocks into plans, as the sheets say: sheets that each
open with a title of their own (某市2023年民生实事任务分解表, 重点工作任务清单) are plans of their
own; otherwise the workbook is one plan and its sheets follow one another (a repeated header
row is read as such, section rows make the sections).

>>> import io, openpyxl
>>> wb = openpyxl.Workbook(); ws = wb.active; ws.title = "任务"
>>> for row in (["序号", "任务", "牵头单位"], [1, "新建幼儿园", "学前科"], [2, "改建校舍", None]):
...     ws.append(row)
>>> ws.merge_cells("C2:C3")
>>> buf = io.BytesIO(); wb.save(buf)
>>> blocks = read_xlsx(buf.getvalue())
>>> [b.text for b in blocks.blocks]
['序号\\t任务\\t牵头单位', '1\\t新建幼儿园\\t学前科', '2\\t改建校舍\\t学前科']
>>> blocks.blocks[2].cells[2]
('C3', 'C2:C3')
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import TYPE_CHECKING

from dutygraph.errors import DocumentError
from dutygraph.importers.readers.blocks import Block, Blocks
from dutygraph.importers.structure.columns import header_kinds
from dutygraph.importers.readers.sniff import ENCRYPTED, check_zip

if TYPE_CHECKING:
    from python_calamine import CalamineSheet

__all__ = ["read_xlsx", "read_xls", "plans_in", "MAX_CELLS", "column_name"]

MAX_CELLS = 2_000_000
"""Cells one workbook may hold: a task table of 2,000 rows × 20 columns is 40,000; two
million keeps a sheet stretched to its last row (1,048,576 × 16,384) from filling memory."""

_PLAN_TITLE = re.compile(r"(?:表|清单|方案|要点|计划|台账|任务|分解|分工|实事|安排)\s*$|\d{4}\s*年")
_SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十]{1,3}部分|[（(][一二三四五六七八九十]{1,3}[）)])")


def column_name(col: int) -> str:
    """The spreadsheet name of 0-based column ``col``.

    >>> column_name(0), column_name(25), column_name(26), column_name(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    name = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        name = chr(ord("A") + rem) + name
    return name


def _value(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, dt.datetime):
        return f"{v.year}年{v.month}月{v.day}日" if (v.hour, v.minute, v.second) == (0, 0, 0) else v.isoformat(" ")
    if isinstance(v, dt.date):
        return f"{v.year}年{v.month}月{v.day}日"
    if isinstance(v, dt.time | dt.timedelta):
        return str(v)
    return " ".join(str(v).split())


def _sheet_blocks(sheet: CalamineSheet, name: str, tables: int) -> list[Block]:
    rows = sheet.to_python(skip_empty_area=False)
    merged = list(sheet.merged_cell_ranges or ())
    grid = [[_value(v) for v in row] for row in rows]
    width = max((len(r) for r in grid), default=0)
    for r in grid:
        r.extend([""] * (width - len(r)))
    ranges: dict[tuple[int, int], str] = {}
    wide: set[int] = set()  # rows holding a merge across (nearly) the whole width
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(grid) or c0 >= width:
            continue
        r1, c1 = min(r1, len(grid) - 1), min(c1, width - 1)
        label = f"{column_name(c0)}{r0 + 1}:{column_name(c1)}{r1 + 1}"
        value = grid[r0][c0]
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                ranges[(r, c)] = label
                grid[r][c] = value if c == c0 else ""
        if c1 - c0 + 1 >= max(2, width - 1):
            wide.update(range(r0, r1 + 1))
    blocks: list[Block] = []
    number = 0
    for r, values in enumerate(grid):
        filled = [(c, v) for c, v in enumerate(values) if v]
        if not filled:
            continue
        cells = tuple((f"{column_name(c)}{r + 1}", ranges.get((r, c))) for c in range(width))
        if len(filled) == 1 and (filled[0][0] == 0 or r in wide) and width > 1:
            c = filled[0][0]
            blocks.append(Block("paragraph", filled[0][1], r + 1, sheet=name, cells=(cells[c],)))
            continue
        number += 1
        text = "\t".join(v.replace("\t", " ") for v in values).rstrip("\t")
        blocks.append(Block("row", text, r + 1, tables, number, sheet=name, cells=cells))
    return blocks


def _read(data: bytes, path: str, kind: str) -> Blocks:
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        visible = [m.name for m in book.sheets_metadata if str(m.visible).endswith("Visible") and "WorkSheet" in str(m.typ)]
        cells = 0
        sheets = []
        for name in visible:
            sheet = book.get_sheet_by_name(name)
            cells += sheet.total_height * sheet.total_width
            if cells > MAX_CELLS:
                raise DocumentError(path, "document.too_many_cells", most=MAX_CELLS)
            sheets.append((name, sheet))
        blocks: list[Block] = []
        for number, (name, sheet) in enumerate(sheets, 1):
            blocks.extend(_sheet_blocks(sheet, name, number))
    except DocumentError:
        raise
    except PasswordError:
        raise DocumentError(path, ENCRYPTED) from None
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # calamine raises its own errors, and a Rust panic (a BaseException) on damage
        text = " ".join(str(exc).split())[:120]
        if "password" in text.lower() or "encrypt" in text.lower():
            raise DocumentError(path, ENCRYPTED) from None
        raise DocumentError(path, "document.bad_workbook", kind=kind, reason=f"{type(exc).__name__}: {text}") from None
    if not blocks:
        raise DocumentError(path, "document.no_workbook_text")
    return Blocks.of(blocks)


def read_xlsx(data: bytes, *, path: str = "<xlsx>") -> Blocks:
    """The blocks of every visible sheet of an ``.xlsx`` workbook."""
    check_zip(data, path=path, kind="Excel")
    return _read(data, path, ".xlsx")


def read_xls(data: bytes, *, path: str = "<xls>") -> Blocks:
    """The blocks of every visible sheet of an ``.xls`` (or Kingsoft ``.et``) workbook."""
    return _read(data, path, ".xls")


def _header_at(blocks: list[Block]) -> int | None:
    for i, b in enumerate(blocks):
        if b.kind == "row" and header_kinds(b.text.split("\t")) is not None:
            return i
    return None


def plans_in(blocks: Blocks) -> list[tuple[str | None, Blocks]]:
    """The plans a workbook holds: ``[(sheet name or None, blocks)]``.

    Sheets with a header row are task sheets; when two or more of them each open with a plan
    title of their own (not a section heading) and the titles differ, each is a plan;
    otherwise the workbook is one plan (``None``).
    """
    sheets: dict[str, list[Block]] = {}
    for b in blocks.blocks:
        if b.sheet is not None:
            sheets.setdefault(b.sheet, []).append(b)
    titles: dict[str, str] = {}
    for name, sheet in sheets.items():
        at = _header_at(sheet)
        if at is None:
            continue
        title = next((b.text for b in sheet[:at] if b.kind == "paragraph" and not _SECTION.match(b.text)
                      and _PLAN_TITLE.search(b.text)), None)
        if title:
            titles[name] = title
    tasks = [n for n, s in sheets.items() if _header_at(s) is not None]
    if len(tasks) < 2 or set(titles) != set(tasks) or len(set(titles.values())) < len(titles):
        return [(None, blocks)]
    out, first = [], 1
    for name, sheet in sheets.items():
        if name in titles:
            out.append((name, Blocks.of(sheet, first=first)))
        first += len(sheet)
    return out
