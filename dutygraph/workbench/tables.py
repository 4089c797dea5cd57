"""The tables the workbench shows: cells with the link to the rows behind them, and their CSV.

A page builds :class:`Table` objects; the template draws them (sortable and filterable in the
browser), and ``?csv=N`` on the same address gives table N as CSV, the figures as shown.

>>> table = Table("offices", ["处室", "牵头"], [[Cell("财务处", "/office/1"), Cell(3, "/items?office=1&role=lead")]])
>>> print(table.csv(bom=False), end="")
处室,牵头
财务处,3
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

__all__ = ["Cell", "Table"]


@dataclass(frozen=True)
class Cell:
    """What a table cell shows, where it links (the rows behind a number), and how it sorts."""

    value: object
    href: str | None = None
    css: str | None = None

    @property
    def text(self) -> str:
        if isinstance(self.value, float):
            return f"{self.value:g}"
        return "" if self.value is None else str(self.value)

    @property
    def number(self) -> bool:
        return isinstance(self.value, (int, float)) and not isinstance(self.value, bool)


@dataclass
class Table:
    """A named table: its header and rows of cells."""

    name: str
    head: list[str]
    rows: list[list[Cell]] = field(default_factory=list)

    def csv(self, *, bom: bool = True) -> str:
        """The table as CSV (with a byte-order mark for Excel on Chinese Windows, by default)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.head)
        writer.writerows([cell.text for cell in row] for row in self.rows)
        return ("\ufeff" if bom else "") + out.getvalue()
