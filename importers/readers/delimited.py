"""CSV files as Excel saves them (另存为 CSV): comma- or tab-separated rows, read into blocks.

The bytes are decoded first like any text (UTF-8 with or without a BOM, GB18030/GBK as Excel
writes on Chinese Windows, UTF-16 for "Unicode text"); then the rows are read with Python's
``csv`` module, so quoted cells may hold commas and line breaks. The separator is the one —
comma, tab or semicolon — that splits the first lines into the most equal numbers of cells.
A row of one value in the first column (a title row) is a paragraph; every other row is a row
block whose cells know their spreadsheet address (``B7``). ``line`` is the file line the row
starts on.

>>> blocks = read_csv('某区2023年民生实事\\n序号,任务,牵头单位\\n1,"新建幼儿园3所,改建1所",学前科\\n')
>>> [(b.kind, b.text, b.line) for b in blocks.blocks]
[('paragraph', '某区2023年民生实事', 1), ('row', '序号\\t任务\\t牵头单位', 2), ('row', '1\\t新建幼儿园3所,改建1所\\t学前科', 3)]
"""

from __future__ import annotations

import csv
import io

from dutygraph.errors import DocumentError
from dutygraph.importers.readers.blocks import Block, Blocks
from dutygraph.importers.readers.sheets import column_name

__all__ = ["read_csv", "separator"]

_SEPARATORS = (",", "\t", ";")
_SAMPLE_LINES = 30
# A cell may hold up to the csv module's field limit (131,072 characters; a long task cell is a
# few thousand): a quote that never closes then stops with a clear line instead of one huge cell.


def separator(text: str) -> str:
    """The separator of a CSV text: the one giving the most lines of equal, several cells.

    >>> separator("a,b,c\\n1,2,3\\n"), separator("序号\\t任务\\n1\\t甲，乙\\n")
    (',', '\\t')
    """
    lines = [line for line in text.splitlines()[:_SAMPLE_LINES] if line.strip()]
    best, score = ",", -1.0
    for sep in _SEPARATORS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=sep) if len(row) > 1]
        except csv.Error:  # a field over the csv module's limit: read_csv names the line
            continue
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        s = counts.count(common) * min(common, 20) / len(lines)
        if s > score:
            best, score = sep, s
    return best


def read_csv(text: str, *, path: str = "<csv>") -> Blocks:
    """The rows of a decoded CSV text as blocks."""
    if not text.strip():
        raise DocumentError(path, "document.empty_csv")
    sep = separator(text)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=sep)
    blocks: list[Block] = []
    number, line = 0, 1
    try:
        for record, row in enumerate(reader, 1):
            start, line = line, reader.line_num + 1
            values = [" ".join(v.split()) for v in row]
            filled = [v for v in values if v]
            if not filled:
                continue
            cells = tuple((f"{column_name(c)}{record}", None) for c in range(len(values)))
            if len(filled) == 1 and values[0]:
                blocks.append(Block("paragraph", values[0], start))
                continue
            number += 1
            text_row = "\t".join(v.replace("\t", " ") for v in values).rstrip("\t")
            blocks.append(Block("row", text_row, start, 1, number, cells=cells))
    except csv.Error as exc:
        raise DocumentError(path, "document.bad_csv", line=line, reason=str(exc)) from None
    if not blocks:
        raise DocumentError(path, "document.no_csv_values")
    return Blocks.of(blocks)
