"""What the sections of the report and the leader page are made of, as plain data.

The Python side chooses the words and figures; the templates (``viz/templates/parts.html``)
draw them, escaping every text. A section is a heading and a list of parts, each a note, a
table, a heading, a list … (its ``kind`` names the macro that draws it).

>>> from dutygraph.viz.templating import environment
>>> part = table(["处室", "负荷"], [["甲<b>", 1.5], ["乙", None]], classes=["", "num"])
>>> [[c.value for c in row.cells] for row in part.rows]
[['甲<b>', '1.5'], ['乙', '']]
>>> macros = environment().get_template("parts.html").module
>>> str(macros.part(Note("a < b")))
'<p class="dg-note">a &lt; b</p>'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from dutygraph.labels import TIERS, label

__all__ = ["Bar", "Badge", "Cell", "Flagged", "Heading", "Matrix", "MatrixCell", "Network", "Note", "Part", "Row", "Section",
           "Table", "TierLegend", "Warnings", "badge", "table"]


@dataclass(frozen=True)
class Badge:
    """A deadline tier drawn as a coloured label."""

    code: str
    label: str
    colour: str


def badge(tier: str) -> Badge:
    """The badge of the tier ``tier`` (``overdue``, ``due`` …), named in the page's language."""
    return Badge(tier, label(TIERS, tier), TIERS[tier].colour)


@dataclass(frozen=True)
class Bar:
    """A bar ``width`` pixels long (the workload table's)."""

    width: int


@dataclass(frozen=True)
class Cell:
    """A table cell: a text, a :class:`Badge` or a :class:`Bar`, and the column's class."""

    value: str | Badge | Bar
    css: str = ""


@dataclass(frozen=True)
class Row:
    """A table row and its class (``dg-over``, ``dg-issuer-row``)."""

    cells: list[Cell]
    css: str = ""


@dataclass(frozen=True)
class Table:
    """A table: its header and rows."""

    kind: ClassVar[str] = "table"
    head: list[str]
    rows: list[Row]


def _value(value: object) -> str | Badge | Bar:
    if isinstance(value, (Badge, Bar)):
        return value
    return "" if value is None else str(value)


def table(head: Sequence[str], rows: Iterable[Sequence[object]], *, classes: Sequence[str] = (),
          row_classes: Sequence[str] = ()) -> Table:
    """A :class:`Table` of ``rows`` (texts, numbers, None for nothing, badges, bars); ``classes``
    per column (``num``, ``dg-ref``, ``dg-date``: refs and dates never wrap), ``row_classes`` per row."""
    shown = []
    for i, row in enumerate(rows):
        cells = [Cell(_value(v), classes[j] if j < len(classes) else "") for j, v in enumerate(row)]
        shown.append(Row(cells, row_classes[i] if i < len(row_classes) else ""))
    return Table(list(head), shown)


@dataclass(frozen=True)
class Note:
    """A paragraph of explanation."""

    kind: ClassVar[str] = "note"
    text: str


@dataclass(frozen=True)
class Heading:
    """A heading inside a section."""

    kind: ClassVar[str] = "heading"
    text: str


@dataclass(frozen=True)
class Warnings:
    """A folded list: its summary line and its lines (a plan's quality warnings)."""

    kind: ClassVar[str] = "warnings"
    summary: str
    lines: list[str]


@dataclass(frozen=True)
class Flagged:
    """The overloaded offices: (office, what follows it: issuer and why)."""

    kind: ClassVar[str] = "flagged"
    rows: list[tuple[str, str]]


@dataclass(frozen=True)
class TierLegend:
    """The deadline tiers and what each means."""

    kind: ClassVar[str] = "tiers"
    rows: list[tuple[Badge, str]]


@dataclass(frozen=True)
class MatrixCell:
    """A cell of the office × office matrix: items shared, its shade, its hover text."""

    count: int = 0
    alpha: str = ""
    colour: str = ""
    title: str = ""
    diagonal: bool = False


@dataclass(frozen=True)
class Matrix:
    """The office × office matrix: the offices' names and a row of cells for each."""

    kind: ClassVar[str] = "matrix"
    names: list[str]
    rows: list[list[MatrixCell]]


@dataclass(frozen=True)
class Network:
    """The place of the network widget (the page's script fills its heading and summary)."""

    kind: ClassVar[str] = "network"


Part = Table | Note | Heading | Warnings | Flagged | TierLegend | Matrix | Network
"""Anything a section holds."""


@dataclass(frozen=True)
class Section:
    """A section: its anchor (None: no id), heading and parts."""

    anchor: str | None
    title: str
    parts: list[Part] = field(default_factory=list)
