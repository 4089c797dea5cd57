"""Where an issuer stands: 国务院/部委, 省, 市, 县/区, 乡镇 — read from its name or its document numbers.

Government plans cascade down these levels, so a chain of tasks (:mod:`.chains`) runs from a
higher level to a lower one. :func:`place` decides an issuer's level and says how:

``name``
    the places its name begins with: 湖北省教育厅 → province (省), 十堰市人民政府办公室 → city
    (市), 武汉市蔡甸区人民政府 → county (区: the lowest place named), 某镇人民政府 → township;
    the four municipalities (北京市 …) are province-level; 国务院, 中共中央, 国家…, and the
    bodies of the State Council (教育部, 发展改革委: the gazetteer) are national.
``doc_number``
    when the name says nothing (未署名发文机关), a document number it issued: 国发, 国办发,
    国办函 are the State Council's; one character of a province (鄂, 湘, 粤 …) before the
    issuing body's letter is a province's (鄂政办发, 湘教发). Other prefixes (十政办发: a city
    or a county?) are left undecided: a level the text does not support is worse than none.

>>> place("湖北省教育厅")
Placement(level='province', rule='name', evidence='湖北省')
>>> place("武汉市蔡甸区人民政府").level, place("北京市教育委员会").level, place("国务院办公厅").level
('county', 'province', 'national')
>>> place("未署名发文机关", ("湘教发〔2020〕8号",))
Placement(level='province', rule='doc_number', evidence='湘教发〔2020〕8号')
>>> place("未署名发文机关", ("十政办发〔2021〕1号",)) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import get_args

from dutygraph.ontology.model import Level, LevelRule

__all__ = ["LEVELS", "Placement", "place", "place_names", "rank"]

LEVELS: tuple[Level, ...] = get_args(Level)
"""From the top: national, province, city, county, township."""

_PLACE = re.compile(
    r"[\u4e00-\u9fffxX×]{0,8}?(?P<unit>特别行政区|自治区|自治州|自治县|地区|街道|省|市|州|盟|县|区|旗|乡|镇)"
    r"(?!场|委员|级|属|直)"
)
_UNIT_LEVEL: dict[str, Level] = {
    "特别行政区": "province", "自治区": "province", "省": "province",
    "自治州": "city", "地区": "city", "市": "city", "州": "city", "盟": "city",
    "自治县": "county", "县": "county", "区": "county", "旗": "county",
    "乡": "township", "镇": "township", "街道": "township",
}
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_NATIONAL = re.compile(r"^(?:中共中央|中央|国务院|全国|国家|最高人民)")
_MINISTRY = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:部|总局|总署)(?:办公厅)?$")
_PROVINCES = "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川蜀贵黔云滇陕秦甘陇青蒙桂藏宁新"
_NATIONAL_NUMBER = re.compile(r"^国(?:发|办发|办函|函|令)")
_PROVINCE_NUMBER = re.compile(rf"^[{_PROVINCES}](?:政|办|府|教|财|发|人|卫|农|环|建|交|工|商|科|民|文|公)")
_STRIP = re.compile(r"^中共")


@dataclass(frozen=True)
class Placement:
    """A level, the rule that decided it, and the words it rests on."""

    level: Level
    rule: LevelRule
    evidence: str


def rank(level: Level) -> int:
    """0 for national, 4 for township: the smaller, the higher.

    >>> rank("national") < rank("province") < rank("township")
    True
    """
    return LEVELS.index(level)


def place_names(name: str) -> list[str]:
    """The places a name begins with, from the widest, each alone and as written together.

    >>> place_names("东川省云台市教育局")
    ['东川省云台市', '东川省', '云台市']
    >>> place_names("教育部")
    []
    """
    at, parts = 0, []
    while (m := _PLACE.match(name, at)) and m.end() > at:
        parts.append(m.group())
        at = m.end()
    return ([name[:at]] if len(parts) > 1 else []) + parts


def place(name: str, doc_numbers: Iterable[str] = (), *, gazetteer: Mapping[str, str] | None = None) -> Placement | None:
    """The level of the issuer ``name``, from its name, else from ``doc_numbers`` it issued.

    ``gazetteer`` maps the forms of national bodies to their names (the alias table's; the
    built-in one when not given).

    >>> place("中共湖南省委教育工委").level, place("青山县").level, place("某镇人民政府").level
    ('province', 'county', 'township')
    >>> place("市场监督管理局") is None, place("教育部").rule
    (True, 'name')
    """
    name = _STRIP.sub("", name.strip())
    if m := _NATIONAL.match(name):
        return Placement("national", "name", m.group())
    if gazetteer is None:
        from dutygraph.ontology.offices import AliasTable

        gazetteer = AliasTable.builtin().gazetteer
    if name in gazetteer or _MINISTRY.match(name):
        return Placement("national", "name", name)
    for city in _MUNICIPALITIES:
        if name.startswith(city) and not _PLACE.match(name, len(city)):
            return Placement("province", "name", city)
    at, last = 0, None
    while (m := _PLACE.match(name, at)) and m.end() > at:
        last, at = m, m.end()
    if last is not None:
        return Placement(_UNIT_LEVEL[last.group("unit")], "name", name[:at])
    for number in doc_numbers:
        if _NATIONAL_NUMBER.match(number):
            return Placement("national", "doc_number", number)
        if _PROVINCE_NUMBER.match(number):
            return Placement("province", "doc_number", number)
    return None
