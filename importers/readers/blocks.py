"""What every reader hands on: a document as blocks, each with its place in the file.

A block is a paragraph, a heading or a table row (its cells joined by tabs). The blocks,
joined by newlines, are the *document text* every later step reads, so structure, statements
and identity never see the file format; :meth:`Blocks.locate` turns a span of that text back
into the place in the file — its line, and the block, table, row and column; for a
spreadsheet its sheet and cell, for a PDF its page and box.

Readers may also say what they left out (a PDF's running headers and page numbers):
:attr:`Blocks.removed` lists it, and the plan reports it as a quality note.

>>> blocks = Blocks.of([Block("paragraph", "某县2023年工作要点", line=1),
...                     Block("row", "序号\\t任务\\t牵头单位", line=4, table=1, row=1),
...                     Block("row", "1\\t新建幼儿园\\t学前科", line=5, table=1, row=2)])
>>> blocks.text.splitlines()[2]
'1\\t新建幼儿园\\t学前科'
>>> at = blocks.text.index("学前科")
>>> from dutygraph.ontology.model import SourceSpan
>>> span = SourceSpan(file="a.html", line=3, end_line=3, start=at, end=at + 3, text="学前科")
>>> located = blocks.locate(span)
>>> located.line, located.where.block, located.where.row, located.where.col
(5, 3, 2, 3)
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from typing import Literal

from dutygraph.ontology.model import Locator, SourceSpan

__all__ = ["Block", "BlockKind", "Blocks", "Box", "Removed"]

BlockKind = Literal["paragraph", "heading", "row"]


Box = tuple[float, float, float, float]
"""A PDF region in points from the page's top left: x0, top, x1, bottom."""


@dataclass(frozen=True)
class Block:
    """One paragraph, heading or table row, and where it starts in the file.

    A row's ``text`` is its cells joined by tabs; no block's text holds a newline. The
    optional places: ``sheet`` and ``cells`` (each column's address, ``C7``, and the merged
    range it belongs to or None) for a spreadsheet; ``page`` and ``box`` for a PDF, with
    ``boxes`` giving each cell's box in a table row.
    """

    kind: BlockKind
    text: str
    line: int = 1
    table: int | None = None
    row: int | None = None
    sheet: str | None = None
    cells: tuple[tuple[str, str | None], ...] | None = None
    page: int | None = None
    box: Box | None = None
    boxes: tuple[Box | None, ...] | None = None


@dataclass(frozen=True)
class Removed:
    """Something a reader left out of the text, and where: ``kind`` is ``furniture`` (a
    running header or footer, a page number) and ``line`` the line (or page) it stood on."""

    kind: str
    line: int
    text: str
    where: str = ""


@dataclass(frozen=True)
class Blocks:
    """A document's blocks in reading order, and the text they make.

    ``first`` is the number of the first block in the file (a plan read from one sheet of a
    workbook counts on from the sheets before it).
    """

    blocks: tuple[Block, ...]
    text: str
    starts: tuple[int, ...] = field(repr=False)
    removed: tuple[Removed, ...] = ()
    first: int = 1

    @classmethod
    def of(cls, blocks: list[Block], *, removed: tuple[Removed, ...] = (), first: int = 1) -> Blocks:
        starts, at = [], 0
        clean = []
        for block in blocks:
            text = block.text.replace("\n", " ").replace("\r", " ")
            clean.append(block if text == block.text else replace(block, text=text))
            starts.append(at)
            at += len(text) + 1
        return cls(tuple(clean), "\n".join(b.text for b in clean), tuple(starts), tuple(removed), first)

    def locate(self, span: SourceSpan) -> SourceSpan:
        """The span with the file's line and the block (table, row, column) it starts in."""
        if not self.blocks:
            return span
        first = max(0, bisect.bisect_right(self.starts, span.start) - 1)
        last = max(first, bisect.bisect_right(self.starts, max(span.start, span.end - 1)) - 1)
        block = self.blocks[first]
        col = None
        if block.kind == "row":
            col = self.text.count("\t", self.starts[first], span.start) + 1
        cell = merged = None
        if block.cells and col is not None and col <= len(block.cells):
            cell, merged = block.cells[col - 1]
        box = block.box
        if block.boxes and col is not None and col <= len(block.boxes) and block.boxes[col - 1] is not None:
            box = block.boxes[col - 1]
        where = Locator(block=first + self.first, table=block.table, row=block.row, col=col,
                        sheet=block.sheet, cell=cell, merged=merged, page=block.page, box=box)
        return span.model_copy(update={"line": block.line, "end_line": max(block.line, self.blocks[last].line), "where": where})
