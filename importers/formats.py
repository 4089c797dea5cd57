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
dutygraph.errors.DocumentError: <text>: not a work plan in any known format (known formats: markdown, table, text)
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dutygraph.errors import DocumentError
from dutygraph.importers.normalize import Normalized
from dutygraph.importers.markers import find_blocks
from dutygraph.importers.outline import parse_outline
from dutygraph.importers.raw import RawDocument
from dutygraph.importers.table import is_table, parse_table

__all__ = ["FORMATS", "detect", "parser_for"]

FORMATS: dict[str, Callable[[Normalized], RawDocument]] = {
    "markdown": parse_outline,
    "table": parse_table,
    "text": parse_outline,
}
"""Format name → parser. Markdown is an outline with markup; the outline parser reads both."""

_MARKDOWN = re.compile(r"(?m)^#{1,6}\s+\S|\*\*[^*\n]{1,12}[：:]")


def _known() -> str:
    return ", ".join(sorted(FORMATS))


def detect(norm: Normalized, *, path: str = "<text>") -> str:
    """The format of a normalised document, or a :class:`DocumentError` naming the known ones."""
    if is_table(norm.text):
        return "table"
    if _MARKDOWN.search(norm.text) and find_blocks(norm.text):
        return "markdown"
    if find_blocks(norm.text):
        return "text"
    raise DocumentError(path, f"not a work plan in any known format (known formats: {_known()})")


def parser_for(name: str) -> Callable[[Normalized], RawDocument]:
    """The parser of a format named by the user (``--format``)."""
    try:
        return FORMATS[name]
    except KeyError:
        from dutygraph.errors import UsageError

        raise UsageError(f"unknown format “{name}” (known formats: {_known()})") from None
