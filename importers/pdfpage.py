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
from dataclasses import dataclass

from dutygraph.importers.blocks import Box
from dutygraph.importers.radicals import fold

__all__ = ["Line", "Table", "page_items", "join_lines", "is_cjk"]

_SPACE = re.compile(r"[ \t\r\f\v\xa0\u200b\u3000]+")


def is_cjk(ch: str) -> bool:
    """A character written without blanks around it: an ideograph or CJK punctuation."""
    code = ord(ch)
    return (0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF
            or 0x3000 <= code <= 0x303F or 0x20000 <= code <= 0x3FFFF)


def join_lines(lines: list[str]) -> str:
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
    """A ruled table: each row's cell texts (merged cells expanded) and cell boxes."""

    rows: tuple[tuple[str, ...], ...]
    boxes: tuple[tuple[Box | None, ...], ...]
    box: Box

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def _box(b) -> Box:
    return (round(float(b[0]), 1), round(float(b[1]), 1), round(float(b[2]), 1), round(float(b[3]), 1))


def _table(found) -> Table | None:
    texts = found.extract()
    rows = found.rows
    if not texts or len(texts) != len(rows):
        return None
    width = max(len(r) for r in texts)
    grid: list[list[str]] = []
    boxes: list[list[Box | None]] = []
    for r, (cells, row) in enumerate(zip(texts, rows, strict=True)):
        values, places = [], []
        for c in range(width):
            text = cells[c] if c < len(cells) else None
            box = row.cells[c] if c < len(row.cells) else None
            if text is None and box is None:
                # covered by a merged cell: vertically (a cell above reaches down here) or across
                above = next((k for k in range(r - 1, -1, -1) if rows[k].cells[c] is not None), None) \
                    if c < len(row.cells) else None
                if above is not None and grid[above][c] and rows[above].cells[c][3] >= (row.bbox[3] - 1):
                    values.append(grid[above][c])
                    places.append(boxes[above][c])
                else:
                    values.append("")
                    places.append(None)
                continue
            values.append(fold(join_lines((text or "").split("\n"))))
            places.append(_box(box) if box is not None else None)
        grid.append(values)
        boxes.append(places)
    if width < 2:
        return None
    return Table(tuple(map(tuple, grid)), tuple(map(tuple, boxes)), _box(found.bbox))


def page_items(page) -> list[Line | Table]:
    """The lines and tables of a pdfplumber page, top to bottom."""
    page = page.dedupe_chars()
    tables = [t for t in (_table(f) for f in page.find_tables()) if t is not None]
    rest = page
    for t in tables:
        x0, top, x1, bottom = t.box
        box = (max(x0, float(page.bbox[0])), max(top, float(page.bbox[1])), min(x1, float(page.bbox[2])),
               min(bottom, float(page.bbox[3])))
        if box[0] < box[2] and box[1] < box[3]:
            rest = rest.outside_bbox(box)
    lines: list[Line | Table] = []
    for found in rest.extract_text_lines(return_chars=True):
        text = fold(_SPACE.sub(" ", found["text"]).strip())
        if not text:
            continue
        sizes = [float(c.get("size") or 0) for c in found.get("chars", ()) if c.get("text", "").strip()]
        size = statistics.median(sizes) if sizes else float(found["bottom"] - found["top"])
        lines.append(Line(text, _box((found["x0"], found["top"], found["x1"], found["bottom"])), size))
    items = lines + tables
    items.sort(key=lambda item: item.box[1])
    return items
