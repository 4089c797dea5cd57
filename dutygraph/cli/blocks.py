"""``dutygraph blocks FILE``: what the reader saw in a file, block by block, with each block's place.

The first thing to run when a file is misread: the blocks
(:mod:`dutygraph.importers.readers.blocks`) are the text every later step reads, so a heading
read as a paragraph, a table row split in two or a page header left in shows here. A table
for people (in the chosen language), or with ``--json`` the blocks' JSON shape; a file read as
plain text shows its decoded, normalised lines with their line numbers.

>>> from dutygraph.importers.readers.blocks import Block
>>> from dutygraph.i18n import language
>>> with language("en"):
...     place(Block("row", "1\\t甲", line=4, table=2, row=3, sheet="Sheet1", cells=(("A4", None), ("B4", None))))
'table 2 · row 3 · sheet Sheet1 · cells A4–B4'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dutygraph.cli.app import cli
from dutygraph.cli.choices import INPUT_FORMATS
from dutygraph.i18n import t

if TYPE_CHECKING:
    from dutygraph.importers.readers.blocks import Block, FileBlocks

__all__ = ["blocks", "place", "render_blocks"]

CELL_SEPARATOR = " │ "
"""Between a table row's cells in the table (JSON keeps each cell apart)."""


@cli.command()
@click.argument("file", type=click.Path(path_type=str))
@click.option("--input-format", "input_format", type=click.Choice(INPUT_FORMATS),
              help="Read the file in this format instead of detecting it.")
@click.option("--json", "as_json", is_flag=True, help="The blocks as JSON (file, reader, encoding, blocks, removed).")
def blocks(file: str, input_format: str | None, as_json: bool) -> None:
    """Show what the reader saw in FILE: its blocks (paragraphs, headings, table rows) with their places.

    \b
    block   the block's number in the file (the one source spans name)
    line    the line it starts on (a text file's own line numbers)
    kind    paragraph, heading or table row (a row's cells shown apart by │)
    where   table and row; a spreadsheet's sheet and cells; a PDF's page
    The first thing to run when a file is misread. Text files show their decoded, normalised lines.
    """
    from dutygraph.importers.options import ReadOptions
    from dutygraph.importers.reading import read_blocks
    from dutygraph.output import render_json

    seen = read_blocks(Path(file), ReadOptions().with_input_format(input_format))
    click.echo(render_json(seen.to_json()) if as_json else render_blocks(seen))


def place(block: Block) -> str:
    """Where a block is, in words: its table and row, its sheet and cells, its page."""
    parts = []
    if block.table is not None:
        parts.append(t("blocks.table", n=block.table))
    if block.row is not None:
        parts.append(t("blocks.table_row", n=block.row))
    if block.sheet is not None:
        parts.append(t("blocks.sheet", name=block.sheet))
    if block.cells:
        parts.append(t("blocks.cells", first=block.cells[0][0], last=block.cells[-1][0]))
    if block.page is not None:
        parts.append(t("blocks.page", n=block.page))
    return " · ".join(parts)


def render_blocks(seen: FileBlocks) -> str:
    """The blocks of a file as a table for people, under a line naming the file and its reader."""
    from dutygraph.output import render_table

    found = seen.blocks
    lines = [t("blocks.title", file=seen.file, reader=seen.reader, encoding=seen.encoding, n=len(found.blocks))]
    rows: list[dict[str, Any]] = [
        {t("blocks.block"): found.first + i, t("blocks.line"): b.line, t("blocks.kind"): t(f"blocks.{b.kind}"),
         t("blocks.where"): place(b), t("blocks.text"): b.text.replace("\t", CELL_SEPARATOR)}
        for i, b in enumerate(found.blocks)
    ]
    lines.append(render_table(rows) if rows else t("blocks.empty"))
    lines += [t("blocks.removed", kind=r.kind, where=r.line, text=" ".join(r.text.split()))
              for r in found.removed]
    return "\n".join(lines)
