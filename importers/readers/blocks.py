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

The blocks are public and serialisable (``dutygraph blocks FILE --json`` prints them), in a
stable JSON shape: ``{"first", "blocks", "removed"}`` (and for one file, :class:`FileBlocks`,
``file``, ``reader`` and ``encoding`` first). Each block is ``{"block", "kind", "text",
"line", "table", "row", "sheet", "page", "box", "cells"}``: ``block`` its number in the file
(the locator's), ``kind`` ``paragraph``, ``heading`` or ``row``, ``box`` a PDF region
``[x0, top, x1, bottom]`` in points; a row's ``cells`` are ``{"row", "col", "text", "cell",
"merged", "box"}`` (``col`` from 1, ``cell`` and ``merged`` a spreadsheet's address and merged
range; a spreadsheet's paragraph has its one cell), other blocks' an empty list; a place the
file has not is null. ``removed`` lists
``{"kind", "line", "text"}`` (``line``: the page, in a PDF). :meth:`Blocks.from_json` reads it back:

>>> shape = blocks.to_json()
>>> shape["blocks"][2]["cells"][2]
{'row': 2, 'col': 3, 'text': '学前科', 'cell': None, 'merged': None, 'box': None}
>>> Blocks.from_json(shape) == blocks
True
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from typing import Any, Literal, cast

from dutygraph.ontology.model import Locator, SourceSpan

__all__ = ["Block", "BlockKind", "Blocks", "Box", "FileBlocks", "Removed"]

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

    def to_json(self, number: int) -> dict[str, Any]:
        """The block in the JSON shape above, as block ``number`` of its file."""
        cells = []
        if self.kind == "row" or self.cells or self.boxes:
            for col, text in enumerate(self.text.split("\t") if self.kind == "row" else [self.text], start=1):
                cell, merged = self.cells[col - 1] if self.cells and col <= len(self.cells) else (None, None)
                box = self.boxes[col - 1] if self.boxes and col <= len(self.boxes) else None
                cells.append({"row": self.row, "col": col, "text": text, "cell": cell, "merged": merged,
                              "box": list(box) if box else None})
        return {"block": number, "kind": self.kind, "text": self.text, "line": self.line, "table": self.table,
                "row": self.row, "sheet": self.sheet, "page": self.page,
                "box": list(self.box) if self.box else None, "cells": cells}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Block:
        """The block :meth:`to_json` gave."""
        cells = data.get("cells") or []
        addresses = tuple((c["cell"], c["merged"]) for c in cells) if any(c["cell"] for c in cells) else None
        boxes = tuple(_box(c["box"]) for c in cells) if any(c["box"] for c in cells) else None
        return cls(cast(BlockKind, data["kind"]), data["text"], line=data["line"], table=data["table"], row=data["row"],
                   sheet=data["sheet"], cells=addresses, page=data["page"], box=_box(data["box"]), boxes=boxes)


def _box(value: list[float] | None) -> Box | None:
    return None if value is None else (float(value[0]), float(value[1]), float(value[2]), float(value[3]))


@dataclass(frozen=True)
class Removed:
    """Something a reader left out of the text, or doubted, and where: ``kind`` is
    ``furniture`` (a running header or footer, a page number) or ``check`` (a page read another
    way), ``line`` the line (or page) it stood on."""

    kind: str
    line: int
    text: str


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

    def to_json(self) -> dict[str, Any]:
        """The blocks in the JSON shape above."""
        return {"first": self.first, "blocks": [b.to_json(self.first + i) for i, b in enumerate(self.blocks)],
                "removed": [{"kind": r.kind, "line": r.line, "text": r.text} for r in self.removed]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Blocks:
        """The blocks :meth:`to_json` gave."""
        return cls.of([Block.from_json(b) for b in data["blocks"]], first=data.get("first", 1),
                      removed=tuple(Removed(r["kind"], r["line"], r["text"]) for r in data.get("removed", ())))

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


@dataclass(frozen=True)
class FileBlocks:
    """What a reader saw in one file: its ``reader`` (``txt`` for plain text), the text's
    ``encoding`` (``binary`` for a file read from its bytes) and its :class:`Blocks`.

    >>> seen = FileBlocks("a.txt", "txt", "utf-8", Blocks.of([Block("paragraph", "1.甲。", line=2)]))
    >>> shape = seen.to_json()
    >>> shape["blocks"][0]["line"], FileBlocks.from_json(shape) == seen
    (2, True)
    """

    file: str
    reader: str
    encoding: str
    blocks: Blocks

    def to_json(self) -> dict[str, Any]:
        """``{"file", "reader", "encoding", "first", "blocks", "removed"}``."""
        return {"file": self.file, "reader": self.reader, "encoding": self.encoding, **self.blocks.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileBlocks:
        """The file's blocks :meth:`to_json` gave."""
        return cls(data["file"], data["reader"], data["encoding"], Blocks.from_json(data))
