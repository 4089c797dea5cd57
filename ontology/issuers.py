"""Issuer scopes: which documents share an issuer, and how each issuer was decided.

An issuer is a scope: offices of one issuer meet, those of two never do. A name that says no
place (市教育局, 区人民政府办公室) cannot tell two cities apart, so such an issuer is scoped to the
document naming it and shown with that document's file name: ``市教育局（a.txt）``. A document
that names no issuer at all is its own scope too, never pooled with other unnamed documents.
Where a document names none, its number's prefix may name it (国办发 → 国务院办公厅), from the
small sourced table ``doc_prefixes.toml``; the inference is recorded as such.

>>> is_placeless("市教育局"), is_placeless("湖北省教育厅"), is_placeless("区府办")
(True, False, True)
>>> issuer_from_number("国办发〔2018〕128号"), issuer_from_number("某政发〔2020〕1号")
('国务院办公厅', None)
>>> issuer_label("市教育局", "a.txt"), issuer_label("湖北省教育厅", None)
('市教育局（a.txt）', '湖北省教育厅')
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

__all__ = ["UNNAMED", "doc_prefix", "is_placeless", "issuer_from_number", "issuer_label", "looks_like_issuer"]

UNNAMED = "未署名发文机关"
"""The name of the issuer of a document that names none; each such document is its own scope."""

_PLACELESS = re.compile(r"^(市|省|县|区|州|自治区|[xX×]{1,3}[市省县区]|某[市省县区])")
_PREFIX = re.compile(r"^(?P<prefix>[\u4e00-\u9fff]{1,6}?)\s*[〔\[（(【]\s*(?:19|20)\d{2}")
_FURNITURE = re.compile(
    r"来源|发布|时间|日期|字体|打印|浏览|点击|索引|分类|关闭|窗口|责任编辑|文号|公开|有效性|首页|当前位置"
)
_FRAGMENT_START = re.compile(r"^(?:驻|各|有关|相关|及|和|与|、)")


def is_placeless(name: str) -> bool:
    """Whether an issuer's name says no place (市教育局, xx市教育局, 区府办)."""
    return bool(_PLACELESS.match(name))


def issuer_label(name: str, qualifier: str | None) -> str:
    """How an issuer is shown: its name, and the document it is scoped to when it has one."""
    return f"{name}（{qualifier}）" if qualifier else name


def doc_prefix(doc_number: str) -> str | None:
    """The 发文机关代字 of a document number (湘教发〔2020〕8号 → 湘教发).

    >>> doc_prefix("湘教发〔2020〕8号"), doc_prefix("8号")
    ('湘教发', None)
    """
    m = _PREFIX.match(doc_number.strip())
    return m.group("prefix") if m else None


@lru_cache(maxsize=1)
def _prefixes() -> dict[str, str]:
    data = tomllib.loads(resources.files("dutygraph.ontology").joinpath("doc_prefixes.toml").read_text("utf-8"))
    return {entry["prefix"]: entry["issuer"] for entry in data.get("prefix", [])}


def issuer_from_number(doc_number: str | None) -> str | None:
    """The issuer a document number's prefix names, when the table knows it (else None)."""
    prefix = doc_prefix(doc_number) if doc_number else None
    return _prefixes().get(prefix) if prefix else None


def looks_like_issuer(name: str) -> bool:
    """Whether ``name`` can be an issuer: not page furniture (信息来源, 字体), not a fragment of a
    longer name (驻厅 of 驻厅纪检监察组), at least three characters unless it is 国务院.

    >>> [looks_like_issuer(n) for n in ("湖南省教育厅", "驻厅", "信息来源会同县教育局", "国务院", "厅")]
    [True, False, False, True, False]
    """
    if _FURNITURE.search(name) or _FRAGMENT_START.match(name):
        return False
    return len(name) >= 3
