"""The formats dutygraph reads, and how a document's format is detected.

=========  ==========================================================================
format     what it looks like
=========  ==========================================================================
table      rows of tab-separated (or ``| a | b |``) cells under a header naming columns
markdown   ``#`` headings and ``**label：**`` fields (项目一：…, 责任领导, 承办单位)
text       plain numbered outline: 一、/（一）/1./（1） with fields or responsibility trailers
=========  ==========================================================================

>>> from dutygraph.importers.normalize import normalize
>>> detect(normalize("## 项目一：学位扩充\\n**承办单位：**基础教育处"))
'markdown'
>>> detect(normalize("hello"))
Traceback (most recent call last):
...
dutygraph.errors.DocumentError: <text>: not a work plan in any known format (known formats: html, markdown, table, text); if it is one, name its format with --input-format
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dutygraph.errors import DocumentError
from dutygraph.importers.blocks import Blocks
from dutygraph.importers.html import looks_like_html, read_html
from dutygraph.importers.normalize import Normalized
from dutygraph.importers.markers import find_blocks
from dutygraph.importers.outline import parse_outline
from dutygraph.importers.raw import RawDocument
from dutygraph.importers.table import is_table, parse_table

__all__ = ["FORMATS", "READERS", "INPUT_FORMATS", "detect", "parser_for", "reader_for"]

FORMATS: dict[str, Callable[[Normalized], RawDocument]] = {
    "markdown": parse_outline,
    "table": parse_table,
    "text": parse_outline,
}
"""Text format name → parser. Markdown is an outline with markup; the outline parser reads both."""

READERS: dict[str, Callable[..., Blocks]] = {
    "html": read_html,
}
"""Structured format name → reader. A reader turns a file into blocks; their text is then
parsed like any other document's (its parser detected)."""

INPUT_FORMATS = tuple(sorted({*FORMATS, *READERS}))
"""Every name ``--input-format`` takes."""

_READER_SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html"}


def reader_for(format: str | None, text: str, path: str) -> str | None:
    """The structured reader a document needs (``html``), or None for plain text.

    The format given wins; else the suffix, else the content (a document that opens with tags).
    """
    if format is not None:
        return format if format in READERS else None
    suffix = path[path.rfind(".") :].lower() if "." in path else ""
    if suffix in _READER_SUFFIXES:
        return _READER_SUFFIXES[suffix]
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
    raise DocumentError(
        path,
        f"not a work plan in any known format (known formats: {_known()}); "
        "if it is one, name its format with --input-format",
    )


def parser_for(name: str) -> Callable[[Normalized], RawDocument]:
    """The parser of a format named by the user (``--format``)."""
    try:
        return FORMATS[name]
    except KeyError:
        from dutygraph.errors import UsageError

        raise UsageError(f"unknown format “{name}” (known formats: {_known()})") from None
