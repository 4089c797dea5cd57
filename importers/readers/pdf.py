"""PDF files with a text layer: paragraphs and tables with their pages and boxes, read into blocks.

pypdfium2 opens the file first: it counts the pages (more than :data:`MAX_PAGES` is refused
before any is parsed), refuses a password-protected file and a scanned one (no text on any
page: dutygraph does no OCR), and gives each page's text to check pdfplumber's against.
pdfplumber then reads each page (:mod:`.pdfpage`):

* ruled tables become row blocks, merged cells expanded as in the other readers; a table that
  runs on at the top of the next page with as many columns continues (same table, rows counted
  on), so a table across two pages is one table (a repeated header row is the table parser's
  to skip);
* text lines become paragraphs: a line that runs to the right edge continues onto the next one
  unless that is indented, numbered (一、 （一） 1.) or far below — across a page break too; a
  line in larger type is a heading;
* running headers and footers — lines in the top or bottom margin band that repeat on most
  pages once digits are ignored — and page numbers (``- 3 -``, ``第3页``, ``3/10``) are removed
  and listed in :attr:`~.blocks.Blocks.removed`, which the plan reports.

Where pdfplumber's text of a page lacks much of what pdfium finds there (a font without a
usable map), that page is read from pdfium's text, line by line, and said so. Every block
carries its ``page`` and ``box`` (points from the page's top left); ``line`` is its number.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections import Counter

from dutygraph.errors import DocumentError
from dutygraph.importers.readers.blocks import Block, Blocks, Removed
from dutygraph.importers.readers.pdfpage import Line, Table, join_lines, page_items
from dutygraph.importers.text.radicals import fold
from dutygraph.importers.readers.sniff import ENCRYPTED

__all__ = ["read_pdf", "MAX_PAGES", "MAX_BYTES", "SCANNED"]

MAX_PAGES = 2000
"""Pages a PDF may have: a year's work plan runs to 10–50 pages, a bound collection of plans to a
few hundred; past 2,000 it is not a plan, and parsing it (about 0.3 s a page) would take more
than ten minutes."""
MAX_BYTES = 200 * 1024 * 1024
"""Bytes a PDF may have (the largest published plans with scans inside are ~50 MB)."""
_MARGIN = 0.09
"""Share of the page height at the top and at the bottom where running headers and footers sit."""
_AGREE = 0.8
"""Share of pdfium's characters on a page that pdfplumber must find too, else pdfium is read."""

SCANNED = "document.scanned"
"""The code of the error for a PDF without a text layer."""

_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:/|共)\s*\d{1,4}\s*页?)?[-—–\s]*$|^\d{1,4}\s*/\s*\d{1,4}$")
_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,3}\s*[.．、]|[①-⑳]|第[一二三四五六七八九十]{1,3}[条章节])")
_DIGITS = re.compile(r"\d+")
_STAMP = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}|(?:file|https?)://\S+|\b\d{1,4}\s*/\s*\d{1,4}$")
"""What a browser prints in a page's margins: the date and time, the address, ``2/3``."""


def _open(data: bytes, path: str):
    import pypdfium2 as pdfium

    if len(data) > MAX_BYTES:
        raise DocumentError(path, "document.pdf_too_large", mb=len(data) // 2**20, most=MAX_BYTES // 2**20)
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DocumentError(path, ENCRYPTED) from None
        raise DocumentError(path, "document.damaged_pdf", reason=" ".join(str(exc).split())[:100]) from None
    pages = len(doc)
    if pages == 0:
        doc.close()
        raise DocumentError(path, "document.pdf_no_pages")
    if pages > MAX_PAGES:
        doc.close()
        raise DocumentError(path, "document.pdf_too_long", pages=pages, most=MAX_PAGES)
    return doc


def _pdfium_texts(doc, path: str) -> list[str]:
    texts = []
    for i in range(len(doc)):
        try:
            page = doc[i]
            textpage = page.get_textpage()
            texts.append(fold(textpage.get_text_range()))
            textpage.close()
            page.close()
        except Exception:  # a page pdfium cannot read has no text for the check
            texts.append("")
    return texts


def _chars(text: str) -> Counter[str]:
    return Counter(c for c in text if not c.isspace())


def _agrees(plumber: str, pdfium: str) -> bool:
    want = _chars(pdfium)
    if not want:
        return True
    got = _chars(plumber)
    found = sum(min(n, got[c]) for c, n in want.items())
    return found >= _AGREE * sum(want.values()) and "(cid:" not in plumber


def _furniture(pages: list[list[Line | Table]], heights: list[float]) -> set[tuple[int, int]]:
    """(page, index) of the lines that are running headers, footers or page numbers."""
    bands: dict[tuple[int, int], str] = {}
    for p, items in enumerate(pages):
        height = heights[p]
        for i, item in enumerate(items):
            if isinstance(item, Line) and (item.box[3] <= height * _MARGIN or item.box[1] >= height * (1 - _MARGIN)):
                bands[(p, i)] = _DIGITS.sub("#", item.text.replace(" ", ""))
    counts = Counter(bands.values())
    repeated = max(2, (len(pages) + 1) // 2)
    out = set()
    for key, masked in bands.items():
        text = pages[key[0]][key[1]].text  # type: ignore[union-attr]
        if _PAGE_NUMBER.match(text) or _STAMP.search(text) or (len(pages) >= 2 and counts[masked] >= repeated):
            out.add(key)
    return out


class _Assembler:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.para: list[str] = []
        self.para_start: tuple[int, Line] | None = None
        self.last_line: tuple[int, Line] | None = None
        self.tables = 0
        self.table_width = 0
        self.table_rows = 0
        self.open_table = False  # the last thing read was a table (a next page's table continues it)
        self.last_values: list[str] = []
        self.last_open: frozenset[int] = frozenset()
        self.size = 10.0
        self.left: dict[int, float] = {}
        self.right: dict[int, float] = {}

    def flush(self) -> None:
        if self.para and self.para_start is not None:
            page, first = self.para_start
            box = first.box
            if self.last_line is not None and self.last_line[0] == page:
                last = self.last_line[1].box
                box = (min(box[0], last[0]), box[1], max(box[2], last[2]), last[3])
            kind = "heading" if first.size >= self.size * 1.25 and len(self.para) == 1 else "paragraph"
            self.add(Block(kind, join_lines(self.para), page=page, box=box))  # type: ignore[arg-type]
        self.para, self.para_start = [], None

    def add(self, block: Block) -> None:
        n = len(self.blocks) + 1
        self.blocks.append(Block(block.kind, block.text, n, block.table, block.row, page=block.page, box=block.box,
                                 boxes=block.boxes))

    def continues(self, page: int, line: Line) -> bool:
        if not self.para or self.last_line is None:
            return False
        lpage, last = self.last_line
        size = max(line.size, 1.0)
        if _NUMBERED.match(line.text) or abs(line.size - last.size) > 0.2 * size:
            return False
        if line.box[0] > self.left[page] + 0.8 * size:  # indented: a new paragraph
            return False
        if last.box[2] < self.right[lpage] - 2.5 * size:  # the line before stopped short
            return False
        return lpage != page or line.box[1] - last.box[3] <= 1.2 * size

    def line(self, page: int, line: Line) -> None:
        self.open_table = False
        if not self.continues(page, line):
            self.flush()
            self.para_start = (page, line)
        self.para.append(line.text)
        self.last_line = (page, line)

    def table(self, page: int, table: Table, first_on_page: bool) -> None:
        self.flush()
        rows = [list(r) for r in table.rows]
        if self.open_table and first_on_page and table.width == self.table_width:
            _carry(rows, table, self.last_values, self.last_open)
        else:
            self.tables += 1
            self.table_rows = 0
            self.table_width = table.width
        self.last_values, self.last_open = list(rows[-1]) if rows else [], table.open_bottom
        for values, boxes in zip(rows, table.boxes, strict=True):
            filled = [v for v in values if v]
            if not filled:
                continue
            row_box = _union([b for b in boxes if b is not None]) or table.box
            if len(filled) == 1 and sum(1 for b in boxes if b is not None) == 1:
                self.add(Block("paragraph", filled[0], page=page, box=row_box))  # a row across the table
                continue
            self.table_rows += 1
            self.add(Block("row", "\t".join(v.replace("\t", " ") for v in values), table=self.tables,
                           row=self.table_rows, page=page, box=row_box, boxes=boxes))
        self.open_table = True
        self.last_line = None


def _carry(rows: list[list[str]], table: Table, last: list[str], open_bottom: frozenset[int]) -> None:
    """Fill the cells of a merged cell cut by the page break with its text from the page before."""
    for c in open_bottom & table.open_top:
        if c >= len(last) or not last[c]:
            continue
        first = next((r for r in range(min(2, len(rows))) if not rows[r][c] and table.boxes[r][c] is not None), None)
        if first is None:
            continue
        region = table.boxes[first][c]
        for r in range(first, len(rows)):
            if table.boxes[r][c] != region:
                break
            rows[r][c] = last[c]


def _union(boxes):
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _read_pages(data: bytes, path: str) -> tuple[list[list[Line | Table]], list[float]]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    pages, heights = [], []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                pages.append(page_items(page))
                heights.append(float(page.height))
    except (PDFSyntaxError, PSException) as exc:
        raise DocumentError(path, "document.damaged_pdf_content",
                            reason=f"{type(exc).__name__}: {' '.join(str(exc).split())[:80]}") from None
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged content streams
        text = " ".join(str(exc).split())[:80]
        if "password" in text.lower() or "encrypt" in text.lower():
            raise DocumentError(path, ENCRYPTED) from None
        raise DocumentError(path, "document.pdf_text", reason=f"{type(exc).__name__}: {text}") from None
    return pages, heights


def read_pdf(data: bytes, *, path: str = "<pdf>") -> Blocks:
    """The blocks of a PDF with a text layer; a scanned, encrypted, damaged or huge one raises."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = _open(data, path)
        try:
            pdfium = _pdfium_texts(doc, path)
        finally:
            doc.close()
        if not any(t.strip() for t in pdfium):
            raise DocumentError(path, SCANNED)
        checks: list[int] = []  # the pages read from pdfium's text
        pages, heights = _read_pages(data, path)
    for p, items in enumerate(pages):
        plumber = "".join(i.text if isinstance(i, Line) else "".join("".join(r) for r in i.rows) for i in items)
        if p < len(pdfium) and not _agrees(plumber, pdfium[p]):
            pages[p] = [Line(text, (0.0, float(k), 0.0, float(k)), 10.0)
                        for k, text in enumerate(t for t in (s.strip() for s in pdfium[p].splitlines()) if t)]
            checks.append(p + 1)  # pdfplumber's text lacked characters
    furniture = _furniture(pages, heights)
    removed = []
    asm = _Assembler()
    lines = [i for items in pages for i in items if isinstance(i, Line)]
    if lines:
        asm.size = sorted(i.size for i in lines)[len(lines) // 2]
    for p, items in enumerate(pages, 1):
        kept = [(i, item) for i, item in enumerate(items) if (p - 1, i) not in furniture]
        body = [item for _, item in kept if isinstance(item, Line)]
        asm.left[p] = min((line.box[0] for line in body), default=0.0)
        asm.right[p] = max((line.box[2] for line in body), default=0.0)
        for i, item in enumerate(items):
            if (p - 1, i) in furniture:
                removed.append(Removed("furniture", p, item.text))  # type: ignore[union-attr]
        for k, (_, item) in enumerate(kept):
            if isinstance(item, Table):
                asm.table(p, item, first_on_page=k == 0)
            else:
                asm.line(p, item)
    asm.flush()
    if not asm.blocks:
        raise DocumentError(path, SCANNED)
    removed.extend(Removed("check", page, "") for page in checks)
    return Blocks.of(asm.blocks, removed=tuple(removed))
