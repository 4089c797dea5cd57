"""What every reader hands on: a document as blocks, each with its place in the file.

A block is a paragraph, a heading or a table row (its cells joined by tabs). The blocks,
joined by newlines, are the *document text* every later step reads, so structure, statements
and identity never see the file format; :meth:`Blocks.locate` turns a span of that text back
into the place in the file — its line, and the block, table, row and column.

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
from dataclasses import dataclass, field
from typing import Literal

from dutygraph.ontology.model import Locator, SourceSpan

__all__ = ["Block", "BlockKind", "Blocks"]

BlockKind = Literal["paragraph", "heading", "row"]


@dataclass(frozen=True)
class Block:
    """One paragraph, heading or table row, and where it starts in the file.

    A row's ``text`` is its cells joined by tabs; no block's text holds a newline.
    """

    kind: BlockKind
    text: str
    line: int = 1
    table: int | None = None
    row: int | None = None


@dataclass(frozen=True)
class Blocks:
    """A document's blocks in reading order, and the text they make."""

    blocks: tuple[Block, ...]
    text: str
    starts: tuple[int, ...] = field(repr=False)

    @classmethod
    def of(cls, blocks: list[Block]) -> Blocks:
        starts, at = [], 0
        clean = []
        for block in blocks:
            text = block.text.replace("\n", " ").replace("\r", " ")
            clean.append(block if text == block.text else Block(block.kind, text, block.line, block.table, block.row))
            starts.append(at)
            at += len(text) + 1
        return cls(tuple(clean), "\n".join(b.text for b in clean), tuple(starts))

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
        where = Locator(block=first + 1, table=block.table, row=block.row, col=col)
        return span.model_copy(update={"line": block.line, "end_line": max(block.line, self.blocks[last].line), "where": where})
