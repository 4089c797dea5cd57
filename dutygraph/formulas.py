"""Spreadsheet cells that stay data: no text a document held ever becomes a formula.

A name read from a document (``=HYPERLINK("http://…","a")``, ``@SUM(A1)``, ``+cmd|' /C calc'!A0``)
must reach a CSV file or a workbook as the text it was. Spreadsheets read a CSV field that
begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula, so such a field
is written with a leading ``'`` (the OWASP rule for CSV injection), unless it is a number
(``-5``, ``+3.5`` stay numbers). In a workbook every text is a string cell
(:func:`dutygraph.xlsx.workbook` sets the type), so no prefix is needed there; characters
XML cannot hold are dropped from it (:func:`xml_text`).

>>> as_data('=HYPERLINK("http://x","a")'), as_data("-5"), as_data("-"), as_data("财务处")
('\\'=HYPERLINK("http://x","a")', '-5', "'-", '财务处')
>>> xml_text("a\\x01b")
'ab'
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_STARTS", "as_data", "xml_text"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula in a CSV field."""

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def as_data(text: str) -> str:
    """``text`` as a CSV field a spreadsheet shows as text: ``'`` before a formula's start."""
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def xml_text(text: str) -> str:
    """``text`` without the control characters an xlsx file (XML 1.0) cannot hold."""
    return _NOT_XML.sub("", text)
