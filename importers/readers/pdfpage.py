"""One PDF page as pdfplumber sees it: its text lines and its ruled tables, top to bottom.

:func:`page_items` gives the page's :class:`Line` and :class:`Table` items in reading order;
:mod:`.pdf` joins lines into paragraphs across pages, continues tables across page breaks and
drops running headers and footers. Text is folded (:mod:`.radicals`) as it is read. Lines in a
cell are joined without a blank between CJK characters (a cell's line breaks are the table's
width, not the author's).

>>> join_lines(["学前教", "育科"]), join_lines(["new", "school"])
('学前教育科', 'new school')
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from dutygraph.importers.readers.blocks import Box
from dutygraph.importers.text.radicals import fold

__all__ = ["Line", "Table", "page_items", "join_lines", "is_cjk"]

_SPACE = re.compile(r"[ \t\r\f\v\xa0\u200b\u3000]+")
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_GAP = re.compile(rf"(?<=[{_CJK}]) +| +(?=[{_CJK}])")
"""A blank beside a CJK character in a PDF line is the typesetter's spacing (LibreOffice spaces
Chinese from digits and Latin), not the author's: 2025 年 was written 2025年."""


def is_cjk(ch: str) -> bool:
    """A character written without blanks around it: an ideograph or CJK punctuation."""
    code = ord(ch)
    return (0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF
            or 0x3000 <= code <= 0x303F or 0x20000 <= code <= 0x3FFFF)


def join_lines(lines: Iterable[str]) -> str:
    """Lines of one paragraph or cell as one text: no blank where CJK meets CJK."""
    out = ""
    for line in lines:
        line = _SPACE.sub(" ", line).strip()
        if not line:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(line[0])):
            out += " "
        out += line
    return out


@dataclass(frozen=True)
class Line:
    """A text line: its text, box (x0, top, x1, bottom) and character size."""

    text: str
    box: Box
    size: float


@dataclass(frozen=True)
class Table:
    """A ruled table: each row's cell texts (merged cells expanded) and cell boxes.

    ``open_top`` and ``open_bottom`` name the columns whose cell runs on past the table's first
    data row or its last row without a rule: a merged cell cut by a page break, whose text
    sits on one page only. :mod:`.pdf` carries it onto the other page's rows.
    """

    rows: tuple[tuple[str, ...], ...]
    boxes: tuple[tuple[Box | None, ...], ...]
    box: Box
    open_top: frozenset[int] = frozenset()
    open_bottom: frozenset[int] = frozenset()

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def _box(b) -> Box:
    return (round(float(b[0]), 1), round(float(b[1]), 1), round(float(b[2]), 1), round(float(b[3]), 1))


def _region_text(page, region) -> str:
    x0, top, x1, bottom = region
    px0, ptop, px1, pbottom = (float(v) for v in page.bbox)
    box = (max(x0, px0), max(top, ptop), min(x1, px1), min(bottom, pbottom))
    if box[0] >= box[2] or box[1] >= box[3]:
        return ""
    text = page.within_bbox(box).extract_text() or ""
    return _GAP.sub("", fold(join_lines(text.split("\n"))))


def _table(found, page) -> Table | None:
    texts = found.extract()
    rows = found.rows
    if not texts or len(texts) != len(rows):
        return None
    width = max(len(r) for r in texts)
    if width < 2:
        return None
    cell = [[row.cells[c] if c < len(row.cells) else None for c in range(width)] for row in rows]
    columns = []
    for c in range(width):  # the column's left and right rules, from its cells
        edges = [(b[0], b[2]) for r in cell for b in [r[c]] if b is not None]
        columns.append(min(edges, key=lambda e: e[1] - e[0]) if edges else None)
    grid: list[list[str]] = [["" for _ in range(width)] for _ in rows]
    boxes: list[list[Box | None]] = [[None] * width for _ in rows]
    done: set[tuple[int, int]] = set()
    open_top, open_bottom = set(), set()
    for r, row in enumerate(rows):
        for c in range(width):
            if (r, c) in done:
                continue
            done.add((r, c))
            if cell[r][c] is not None:
                grid[r][c] = _GAP.sub("", fold(join_lines(((texts[r][c] if c < len(texts[r]) else None) or "").split("\n"))))
                boxes[r][c] = _box(cell[r][c])
                if not grid[r][c] and r <= 1:
                    open_top.add(c)  # an empty cell at the top may be the rest of one cut by the page break
                continue
            left = next((k for k in range(c - 1, -1, -1) if cell[r][k] is not None), None)
            column, left_cell = columns[c], None if left is None else cell[r][left]
            if left_cell is not None and column is not None and left_cell[2] >= column[1] - 1:
                continue  # covered by a cell merged across from the left
            above = next((k for k in range(r - 1, -1, -1) if cell[k][c] is not None), None)
            above_cell = None if above is None else cell[above][c]
            if above is not None and above_cell is not None and above_cell[3] >= row.bbox[3] - 1:
                grid[r][c], boxes[r][c] = grid[above][c], boxes[above][c]  # merged down from above
                continue
            if columns[c] is None:
                continue
            # no cell: a merged cell cut by the page break has lost a rule; its text is the region's
            last = r
            while last + 1 < len(rows) and cell[last + 1][c] is None:
                last += 1
            region = (columns[c][0], float(row.bbox[1]), columns[c][1], float(rows[last].bbox[3]))
            text = _region_text(page, region)
            for k in range(r, last + 1):
                grid[k][c], boxes[k][c] = text, _box(region)
                done.add((k, c))
            if r <= 1:
                open_top.add(c)
            if last == len(rows) - 1:
                open_bottom.add(c)
    return Table(tuple(map(tuple, grid)), tuple(map(tuple, boxes)), _box(found.bbox), frozenset(open_top), frozenset(open_bottom))


def page_items(page) -> list[Line | Table]:
    """The lines and tables of a pdfplumber page, top to bottom."""
    page = page.dedupe_chars()
    tables = [t for t in (_table(f, page) for f in page.find_tables()) if t is not None]
    rest = page
    for t in tables:
        x0, top, x1, bottom = t.box
        box = (max(x0, float(page.bbox[0])), max(top, float(page.bbox[1])), min(x1, float(page.bbox[2])),
               min(bottom, float(page.bbox[3])))
        if box[0] < box[2] and box[1] < box[3]:
            rest = rest.outside_bbox(box)
    lines: list[Line | Table] = []
    for found in rest.extract_text_lines(return_chars=True):
        text = _GAP.sub("", fold(_SPACE.sub(" ", found["text"]).strip()))
        if not text:
            continue
        sizes = [float(c.get("size") or 0) for c in found.get("chars", ()) if c.get("text", "").strip()]
        size = statistics.median(sizes) if sizes else float(found["bottom"] - found["top"])
        lines.append(Line(text, _box((found["x0"], found["top"], found["x1"], found["bottom"])), size))
    items = lines + tables
    items.sort(key=lambda item: item.box[1])
    return items
