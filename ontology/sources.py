"""Where every fact came from: the file, its line and the place in a structured file.

:class:`SourceSpan` is the range of the original document a fact was read from,
:class:`Locator` places it in HTML, Office files and PDF, :class:`SourceDocument` is the file
itself; :class:`Frozen` is the base of every model class (frozen and closed:
``extra="forbid"``, so a typo in a field name fails instead of passing silently).

>>> SourceSpan(file="plan.txt", line=3, end_line=3, start=10, end=14, text="财务处").cite()
'plan.txt:3'
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Frozen", "Locator", "SourceDocument", "SourceSpan", "cite", "empty", "unset"]


def unset(value: object) -> bool:
    """Whether a field is left out of the JSON when None (``Field(exclude_if=unset)``)."""
    return value is None


def empty(value: object) -> bool:
    """Whether a field is left out of the JSON when empty: None, ``()``, ``""`` (``Field(exclude_if=empty)``)."""
    return not value


class Frozen(BaseModel):
    """The base of every model class: frozen and closed."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Locator(Frozen):
    """Where a fact sits in a file that is more than lines of text (HTML, Office files, PDF).

    ``block`` counts the document's paragraphs and table rows in reading order (1-based);
    ``table``, ``row`` and ``col`` (1-based) place a table cell. A spreadsheet adds its
    ``sheet`` and ``cell`` (``B7``) and, for a merged cell, the ``merged`` range it belongs to
    (``B7:B9``); a PDF adds its ``page`` (1-based) and the ``box`` the text sits in, in points
    from the page's top left (x0, top, x1, bottom). Fields a file has no use for stay unset
    (and out of the JSON).

    >>> Locator(block=12, table=1, row=3, col=4).row
    3
    >>> Locator(block=3, table=1, row=2, col=3, sheet="任务", cell="C7", merged="C7:C9").model_dump()
    {'block': 3, 'table': 1, 'row': 2, 'col': 3, 'sheet': '任务', 'cell': 'C7', 'merged': 'C7:C9'}
    """

    block: int = Field(ge=1)
    table: int | None = Field(default=None, ge=1)
    row: int | None = Field(default=None, ge=1)
    col: int | None = Field(default=None, ge=1)
    sheet: str | None = Field(default=None, exclude_if=unset)
    cell: str | None = Field(default=None, exclude_if=unset)
    merged: str | None = Field(default=None, exclude_if=unset)
    page: int | None = Field(default=None, ge=1, exclude_if=unset)
    box: tuple[float, float, float, float] | None = Field(default=None, exclude_if=unset)

    def __str__(self) -> str:
        """``table 1 row 3 col 4`` for a cell, ``block 12`` for a paragraph; a spreadsheet's
        sheet and cell, a PDF's page and box come first.

        >>> str(Locator(block=12, table=1, row=3, col=4)), str(Locator(block=7))
        ('table 1 row 3 col 4', 'block 7')
        >>> str(Locator(block=3, table=1, row=2, col=3, sheet="任务", cell="C8", merged="C7:C9"))
        'sheet 任务 cell C8 (merged C7:C9)'
        >>> str(Locator(block=9, page=2, box=(72.0, 101.5, 523.0, 118.0)))
        'page 2 block 9 box 72,102,523,118'
        """
        if self.cell is not None:
            return f"sheet {self.sheet} cell {self.cell}" + (f" (merged {self.merged})" if self.merged else "")
        parts = [f"page {self.page}"] if self.page is not None else []
        if self.table is not None:
            parts.append(f"table {self.table} row {self.row} col {self.col}")
        else:
            parts.append(f"block {self.block}")
        if self.box is not None:
            parts.append("box " + ",".join(f"{v:.0f}" for v in self.box))
        return " ".join(parts)


class SourceSpan(Frozen):
    """Where a fact came from: a range of the original document.

    ``start``/``end`` are character offsets into the document's text: for text formats the
    decoded file, for structured ones (HTML) the text its reader extracted, blocks joined by
    newlines. ``text`` is that text before any normalisation (Traditional characters and
    pinyin stay here). ``line`` is the line of the file itself; ``where`` places the fact in a
    structured file.
    """

    file: str
    line: int = Field(ge=1)
    end_line: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    where: Locator | None = None

    def cite(self) -> str:
        """Where to look: ``file:line``, with the place in a structured file.

        >>> SourceSpan(file="a.html", line=3, end_line=3, start=0, end=2, text="甲",
        ...            where=Locator(block=5, table=1, row=2, col=4)).cite()
        'a.html:3 (table 1 row 2 col 4)'
        """
        return cite(self.file, self.line, self.where)


def cite(file: str, line: int, where: Locator | dict | None = None) -> str:
    """``file:line``, and the locator in brackets when there is one (a dict is read as one)."""
    if isinstance(where, dict):
        where = Locator(**where)
    return f"{file}:{line}" + (f" ({where})" if where else "")


class SourceDocument(Frozen):
    """The file a plan was read from, and how it was read."""

    name: str
    sha256: str
    format: str
    encoding: str
    normalisations: tuple[str, ...] = ()
