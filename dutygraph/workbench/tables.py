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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

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
    """A named table: its header and rows of cells; or, for a long one, its ``source`` rows and
    the function that ``make`` s a row of cells of each, called only for the rows shown.

    >>> long = Table("n", ["n"], source=range(1000), make=lambda n: [Cell(n)])
    >>> long.count(), [row[0].text for row in long.shown(2)]
    (1000, ['0', '1'])
    """

    name: str
    head: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    source: Sequence[Any] | None = None
    make: Callable[[Any], list[Cell]] | None = None

    def count(self) -> int:
        return len(self.source) if self.source is not None else len(self.rows)

    def shown(self, limit: int | None = None) -> list[list[Cell]]:
        """The first ``limit`` rows (all for None)."""
        if self.source is not None and self.make is not None:
            chosen = self.source if limit is None else self.source[:limit]
            return [self.make(row) for row in chosen]
        return self.rows if limit is None else self.rows[:limit]

    def csv(self, *, bom: bool = True) -> str:
        """The table as CSV (with a byte-order mark for Excel on Chinese Windows, by default)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.head)
        writer.writerows([cell.text for cell in row] for row in self.shown())
        return ("\ufeff" if bom else "") + out.getvalue()
