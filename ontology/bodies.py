"""The level of a body, read from its name: what kind of office a reader should call it.

An office is a party of one issuer, but offices sit at different levels: a State Council
ministry (部委: 生态环境部, 国家体育总局), a bureau of a government (厅局: 县教育局, 省教育厅), a
division of a department (处室: 基础教育处, 办公室), a section of a bureau (科室: 财务科, 人事股),
a township or street (乡镇: 青山镇, 城关街道), a government (政府) or another body (单位: 教育技术
中心, 教科院). Tables show this level where they used to call every office a 处室.

>>> [office_level(n) for n in ("国家体育总局", "县教育局", "基础教育处", "财务科", "青山镇", "教科院", "办公室")]
['ministry', 'bureau', 'division', 'section', 'township', 'body', 'division']
>>> office_level("生态环境部", national=True), office_level("发展改革委", national=True), office_level("县发改委")
('ministry', 'ministry', 'bureau')
"""

from __future__ import annotations

import re

__all__ = ["LEVELS", "office_level", "shown_kind"]

LEVELS = ("ministry", "bureau", "division", "section", "township", "government", "body")
"""部委, 厅局, 处室, 科室, 乡镇, 政府, 单位."""

_NATIONAL = re.compile(r"^(?:国家|国务院|中国|中央|全国|最高人民|中共中央)")
_MINISTRY = re.compile(r"(?:部|总局|总署|署|委员会|委|银行|总社|总会)$")
_TOWNSHIP = re.compile(r"(?:镇|乡|街道|街道办事处|(?:镇|乡)人民政府|苏木|嘎查)$")
_GOVERNMENT = re.compile(r"(?:人民政府|政府|管委会|管理委员会)$")
_BUREAU = re.compile(r"(?:厅|局|委|委员会|办|署)$")
_DIVISION = re.compile(r"(?:处|室|部)$")
_SECTION = re.compile(r"(?:科|股)$")
_BRACKET = re.compile(r"[（(][^（）()]*[）)]$")


def office_level(name: str, *, national: bool = False) -> str:
    """The level code of an office named ``name``; ``national`` when its issuer is a national body
    (国务院办公厅: its 部 and 委 are ministries)."""
    name = _BRACKET.sub("", name.strip()) or name
    if _TOWNSHIP.search(name) and not name.endswith("街道办"):
        return "township"
    if (national or _NATIONAL.match(name)) and _MINISTRY.search(name):
        return "ministry"
    if _GOVERNMENT.search(name):
        return "government"
    if _SECTION.search(name):
        return "section"
    if name.endswith("办公室"):  # 办公室 of a department is a division; 县政府办公室 a bureau
        return "division" if len(name) <= 4 else "bureau"
    if _DIVISION.search(name):
        return "division"
    if _BUREAU.search(name):
        return "bureau"
    return "body"


def shown_kind(kind: str, name: str, issuer: str) -> str:
    """The kind a table shows for a party: an office's level, a collective's (or leader's) kind.

    >>> shown_kind("office", "生态环境部", "国务院办公厅"), shown_kind("collective", "相关处室", "湖南省教育厅")
    ('ministry', 'collective')
    """
    from dutygraph.ontology.offices import AliasTable, is_national

    return office_level(name, national=is_national(issuer, AliasTable.builtin())) if kind == "office" else kind
