"""The formats dutygraph reads, and how a document's format is detected.

Text formats (parsed from the document's text):

=========  ==========================================================================
format     what it looks like
=========  ==========================================================================
table      rows of tab-separated (or ``| a | b |``) cells under a header naming columns
markdown   ``#`` headings and ``**label：**`` fields (项目一：…, 责任领导, 承办单位)
text       plain numbered outline: 一、/（一）/1./（1） with fields or responsibility trailers
=========  ==========================================================================

Files (a reader turns them into blocks, whose text is then parsed as one of the above): see
:data:`READERS`. A file's reader is found by its content first (:func:`~.sniff.sniff`: magic
bytes, zip members), then its suffix, so a ``.doc`` that is a saved web page is read as HTML.

>>> from dutygraph.importers.text.normalize import normalize
>>> detect(normalize("## 项目一：学位扩充\\n**承办单位：**基础教育处"))
'markdown'
>>> detect(normalize("hello"))
Traceback (most recent call last):
...
dutygraph.errors.DocumentError: <text>：不是任何已知格式的工作计划（已知格式：csv, doc, docx, et, html, markdown, pdf, rtf, table, text, wps, xls, xlsx）；如果它是工作计划，请用 --input-format 指定其格式
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dutygraph.errors import DocumentError
from dutygraph.importers.readers.blocks import Blocks
from dutygraph.importers.readers.convert import convert
from dutygraph.importers.readers.delimited import read_csv
from dutygraph.importers.readers.docx import read_docx
from dutygraph.importers.readers.html import looks_like_html, read_html
from dutygraph.importers.readers.pdf import read_pdf
from dutygraph.importers.readers.sheets import read_xls, read_xlsx
from dutygraph.importers.readers.sniff import ENCRYPTED, sniff
from dutygraph.importers.text.normalize import Normalized
from dutygraph.importers.structure.markers import find_blocks
from dutygraph.importers.structure.outline import parse_outline
from dutygraph.importers.structure.raw import RawDocument
from dutygraph.importers.structure.table import is_table, parse_table

__all__ = ["FORMATS", "READERS", "Reader", "INPUT_FORMATS", "SUFFIXES", "detect", "parser_for", "reader_for"]

FORMATS: dict[str, Callable[[Normalized], RawDocument]] = {
    "markdown": parse_outline,
    "table": parse_table,
    "text": parse_outline,
}
"""Text format name → parser. Markdown is an outline with markup; the outline parser reads both."""

@dataclass(frozen=True)
class Reader:
    """A file format's reader: ``read(data, path=…)`` gives the file's blocks.

    ``binary`` readers take the file's bytes, the others its decoded text; ``suffixes`` are the
    names it is found by in a folder; ``reads`` says in a line what it reads.
    """

    read: Callable[..., Blocks]
    binary: bool
    suffixes: tuple[str, ...]
    reads: str


def _converted(kind: str, then: Callable[..., Blocks]) -> Callable[..., Blocks]:
    def read(data: bytes, *, path: str = f"<{kind}>") -> Blocks:
        return then(convert(data, path=path, kind=kind), path=path)

    read.__doc__ = f"The blocks of a {kind} file, converted by LibreOffice."
    return read


def _read_et(data: bytes, *, path: str = "<et>") -> Blocks:
    """A Kingsoft ``.et`` workbook: most are ``.xls`` inside and read as such; else converted."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        try:
            return read_xls(data, path=path)
        except DocumentError as exc:
            if exc.code == ENCRYPTED:
                raise
    return _converted("et", read_xlsx)(data, path=path)


READERS: dict[str, Reader] = {
    "html": Reader(read_html, False, (".html", ".htm", ".xhtml"), "paragraphs, headings and <table> rows"),
    "csv": Reader(read_csv, False, (".csv",), "rows, comma- or tab-separated"),
    "docx": Reader(read_docx, True, (".docx", ".docm"), "paragraphs, headings, tables, Word's numbering"),
    "doc": Reader(_converted("doc", read_docx), True, (".doc",), "as .docx, converted by LibreOffice"),
    "wps": Reader(_converted("wps", read_docx), True, (".wps",), "as .docx, converted by LibreOffice"),
    "rtf": Reader(_converted("rtf", read_docx), True, (".rtf",), "as .docx, converted by LibreOffice"),
    "xlsx": Reader(read_xlsx, True, (".xlsx", ".xlsm"), "every sheet, merged cells expanded"),
    "xls": Reader(read_xls, True, (".xls",), "every sheet, merged cells expanded"),
    "et": Reader(_read_et, True, (".et",), "as .xls, or converted by LibreOffice"),
    "pdf": Reader(read_pdf, True, (".pdf",), "paragraphs and ruled tables of a text layer"),
}
"""File format name → reader. A reader turns a file into blocks; their text is then parsed
like any other document's (its parser detected)."""

INPUT_FORMATS = tuple(sorted({*FORMATS, *READERS}))
"""Every name ``--input-format`` takes."""

SUFFIXES = {suffix: name for name, reader in READERS.items() for suffix in reader.suffixes}
"""File suffix → reader name."""


def reader_for(format: str | None, data: bytes | str, path: str) -> str | None:
    """The reader a file needs (``docx``, ``pdf``, ``html`` …), or None for plain text.

    The format given wins; else the content (:func:`~.sniff.sniff`), else the suffix of a text
    format (``.csv``, ``.html``), else a text that opens with tags is HTML. A binary suffix on
    a file whose bytes are text (a ``.doc`` that is a saved web page) reads it as that text.

    >>> reader_for(None, b"%PDF-1.4", "plan.txt"), reader_for(None, b"1,2", "t.csv"), reader_for("text", b"", "a.pdf")
    ('pdf', 'csv', None)
    """
    if format is not None:
        return format if format in READERS else None
    suffix = path[path.rfind(".") :].lower() if "." in path else ""
    if isinstance(data, bytes):
        kind = sniff(data, path=path)
        if kind == "doc" and suffix == ".wps":
            return "wps"
        if kind == "xls" and suffix == ".et":
            return "et"
        if kind is not None:
            return kind
    if suffix in SUFFIXES and not READERS[SUFFIXES[suffix]].binary:
        return SUFFIXES[suffix]
    text = data if isinstance(data, str) else data[:8000].decode("utf-8", "ignore")
    return "html" if looks_like_html(text) else None


_MARKDOWN = re.compile(r"(?m)^#{1,6}\s+\S|\*\*[^*\n]{1,12}[：:]")


def _known() -> str:
    return ", ".join(INPUT_FORMATS)


def detect(norm: Normalized, *, path: str = "<text>") -> str:
    """The format of a normalised document, or a :class:`DocumentError` naming the known ones."""
    if is_table(norm.text):
        return "table"
    if _MARKDOWN.search(norm.text) and find_blocks(norm.text):
        return "markdown"
    if find_blocks(norm.text):
        return "text"
    raise DocumentError(path, "document.unknown_format", known=_known()
    )


def parser_for(name: str) -> Callable[[Normalized], RawDocument]:
    """The parser of a format named by the user (``--format``)."""
    try:
        return FORMATS[name]
    except KeyError:
        from dutygraph.errors import UsageError

        raise UsageError("usage.unknown_input_format", name=name, known=_known()) from None
