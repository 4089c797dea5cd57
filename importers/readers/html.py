"""HTML as published or crawled: paragraphs, headings and tables, read into blocks.

Pages of the genre arrive whole (``<html>…``) or as a crawl's fragment (``<tbody><tr><td>``
around the article). The reader walks the elements in document order with lxml:

* block elements (``p``, ``div``, ``li``, ``h1``–``h6`` …) and ``<br>`` end a paragraph;
* a table with two or more columns is data: one row block per ``<tr>``, cells in order,
  ``colspan`` leaving the spanned cells empty and ``rowspan`` repeating the cell in every row it
  spans (a merged 牵头单位 belongs to each); a row with one cell across the table (a section
  row such as 一、知识产权保护方面) is a paragraph;
* a table of one column — the layout tables of government sites — is a container: its cells'
  content is read as paragraphs;
* scripts, styles and comments are dropped.

>>> blocks = read_html("<p>某县2023年任务分解</p><table><tr><td>序号</td><td>任务</td></tr>"
...                    "<tr><td rowspan=2>1</td><td>新建</td></tr><tr><td>改建</td></tr></table>")
>>> [(b.kind, b.text, b.row) for b in blocks.blocks]
[('paragraph', '某县2023年任务分解', None), ('row', '序号\\t任务', 1), ('row', '1\\t新建', 2), ('row', '1\\t改建', 3)]
"""

from __future__ import annotations

import re

from dutygraph.errors import DocumentError
from dutygraph.importers.readers.blocks import Block, Blocks

__all__ = ["read_html", "looks_like_html"]

_BLOCK_TAGS = frozenset(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote pre section article header footer nav "
    "address center form fieldset figure figcaption main aside hr caption".split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_SKIP = frozenset("script style head title noscript template iframe object svg math".split())
_TAG_START = re.compile(r"<\s*(?:!doctype|html|head|body|div|p|table|tbody|tr|td|span|br|h[1-6]|ul|ol|li)\b", re.I)
_SPACE = re.compile(r"[ \t\r\f\v\xa0\u200b]+")


def looks_like_html(text: str) -> bool:
    """Whether a document is HTML: it opens with a tag and is mostly markup, not text with a
    stray ``<p>`` in a cell.

    >>> looks_like_html("<tbody><tr><td><p>甲</p></td></tr>"), looks_like_html("序号\\t内容<p>乙</p>")
    (True, False)
    """
    head = text.lstrip("\ufeff \t\r\n")[:4000]
    return head.startswith("<") and len(_TAG_START.findall(head)) >= 2


def _text(el) -> str:
    """An element's text with ``<br>`` and block children as blanks, whitespace folded."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else None
        if tag is None:  # a comment or a processing instruction
            if node.tail:
                parts.append(node.tail)
            return
        tag = tag.lower()
        if tag in _SKIP:
            if node.tail:
                parts.append(node.tail)
            return
        if tag == "br" or tag in _BLOCK_TAGS:
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if tag in _BLOCK_TAGS:
            parts.append(" ")
        if node.tail and node is not el:
            parts.append(node.tail)

    walk(el)
    return _SPACE.sub(" ", "".join(parts)).strip()


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.line = 1
        self.buffer_line = 1
        self.tables = 0

    def flush(self, kind: str = "paragraph") -> None:
        text = _SPACE.sub(" ", "".join(self.buffer)).strip()
        if text:
            self.blocks.append(Block(kind, text, self.buffer_line))  # type: ignore[arg-type]
        self.buffer = []

    def put(self, text: str | None, line: int) -> None:
        if text:
            if not "".join(self.buffer).strip():
                self.buffer_line = line
            self.buffer.append(text)

    def walk(self, node) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else None
        line = node.sourceline or self.line
        self.line = line
        if tag is None or tag in _SKIP:
            self.put(node.tail, line)
            return
        if tag == "table" or (tag in ("tbody", "thead", "tfoot", "tr") and not self._inside_table(node)):
            self.flush()
            self.table(node)
            self.put(node.tail, line)
            return
        if tag == "br":
            self.flush()
            self.put(node.tail, line)
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
        self.put(node.text, line)
        for child in node:
            self.walk(child)
        if block:
            self.flush("heading" if tag in _HEADINGS else "paragraph")
        self.put(node.tail, line)

    @staticmethod
    def _inside_table(node) -> bool:
        parent = node.getparent()
        while parent is not None:
            if isinstance(parent.tag, str) and parent.tag.lower() == "table":
                return True
            parent = parent.getparent()
        return False

    def rows(self, table) -> list:
        """The ``<tr>`` of this table, not of tables nested in its cells."""
        out = []

        def collect(node) -> None:
            for child in node:
                tag = child.tag.lower() if isinstance(child.tag, str) else None
                if tag == "tr":
                    out.append(child)
                elif tag in ("tbody", "thead", "tfoot"):
                    collect(child)

        if isinstance(table.tag, str) and table.tag.lower() == "tr":
            out.append(table)
        else:
            collect(table)
        return out

    def table(self, table) -> None:
        rows = self.rows(table)
        cells = [[c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")] for tr in rows]
        if max((len(r) for r in cells), default=0) <= 1 or any(c.find(".//table") is not None for r in cells for c in r):
            # a layout table: its cells hold the page
            for row in cells:
                for cell in row:
                    self.put(cell.text, cell.sourceline or self.line)
                    for child in cell:
                        self.walk(child)
                    self.flush()
            return
        self.tables += 1
        pending: dict[int, tuple[str, int]] = {}  # column → (text, rows still spanned)
        number = 0
        for tr, row in zip(rows, cells, strict=True):
            values = _row_values(row, pending)
            line = tr.sourceline or self.line
            filled = [v for v in values if v]
            if not filled:
                continue
            if len(filled) == 1 and len(values) > 1 and len(row) == 1:
                self.blocks.append(Block("paragraph", filled[0], line))  # a row across the table
                continue
            number += 1
            self.blocks.append(Block("row", "\t".join(v.replace("\t", " ") for v in values), line, self.tables, number))


def _row_values(row: list, pending: dict[int, tuple[str, int]]) -> list[str]:
    """The texts of a row's cells, column by column, with cells spanned from rows above.

    ``pending`` holds the cells still spanning down (column → text, rows left); it is updated.
    """
    values: list[str] = []

    def spanned() -> None:
        while len(values) in pending:
            col = len(values)
            text, left = pending[col]
            values.append(text)
            if left <= 1:
                del pending[col]
            else:
                pending[col] = (text, left - 1)

    for cell in row:
        spanned()
        text = _text(cell)
        if (down := _int(cell.get("rowspan"))) > 1:
            pending[len(values)] = (text, down - 1)
        values.append(text)
        values.extend("" for _ in range(_int(cell.get("colspan")) - 1))
    spanned()
    return values


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def read_html(text: str, *, path: str = "<html>") -> Blocks:
    """The blocks of an HTML document or fragment; a document lxml cannot read is refused."""
    import lxml.etree
    import lxml.html

    if not text.strip():
        raise DocumentError(path, "document.empty_html")
    try:
        root = lxml.html.fromstring(text.lstrip("\ufeff"))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise DocumentError(path, "document.bad_html", reason=str(exc)) from None
    reader = _Reader()
    reader.walk(root)
    reader.flush()
    return Blocks.of(reader.blocks)
