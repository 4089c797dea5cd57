"""Office identity: which surface forms name the same office of one issuer.

An office is (issuer, canonical name). Documents abbreviate (基教处, 职成教科, 技术中心) and vary
(高等教育与职业教育处 / 高等教育和职业教育处); this module turns a surface form into a canonical
name with the rule that did it, and tells collectives (机关各处室, 相关处室, 专班) from offices.
Resolution never looks at other issuers: 财务处 of Hubei and 财务处 of Hunan stay two offices.

>>> table = AliasTable.builtin()
>>> resolve("基教处", table=table, issuer="湖南省教育厅").name
'基础教育处'
>>> resolve("基教", table=table, issuer="十堰市教育局", unit="科").name
'基础教育科'
>>> r = resolve("机关各处室", table=table, issuer="市教育局")
>>> r.kind, r.scope
('collective', 'all')
>>> party_key("高等教育与职业教育处") == party_key("高等教育和职业教育处")
True
>>> resolve("发展改革委", table=table, issuer="国务院").name   # the gazetteer, on national documents
'国家发展和改革委员会'
>>> resolve("统计局", table=table, issuer="青山县人民政府").name  # a county's own bureau
'统计局'
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from dutygraph.errors import Message, UsageError
from dutygraph.ontology.model import CollectiveScope

__all__ = [
    "AliasTable",
    "Resolution",
    "resolve",
    "party_key",
    "collective_scope",
    "unit_suffix",
    "load_aliases",
    "read_settings",
    "is_national",
    "owner_of",
]

UNIT_WORDS = ("处", "科", "室", "办", "部", "股", "中心", "所", "院", "馆", "站", "局", "委")
"""Words an office name ends in; the first six are the 'unit' of a department's offices."""

MAX_SETTINGS_BYTES = 64 << 20
"""The largest alias or corrections file read (a corrections template for thousands of plans
is a few MB): a larger one is refused before it is parsed."""

_DEPARTMENT_UNITS = ("处", "科", "室", "股")

ResolutionRule = Literal["as_written", "builtin", "user"]


def party_key(name: str) -> str:
    """The identity key of a party name within one issuer: spacing and 与/和/及 folded.

    >>> party_key(" 职业教育与成人教育处 ")
    '职业教育和成人教育处'
    """
    key = re.sub(r"\s+", "", name)
    key = key.replace("（", "(").replace("）", ")")
    return re.sub(r"[与及]", "和", key)


_GROUP = re.compile(r"(专班|领导小组|工作小组|工作组|成员(处室|单位|部门)?)$|成员处室|成员单位")
_DETERMINER = r"(?:各|有关|相关|其他|其它|所有|全体|各有关|各相关|本级|同级|各级|属地|事发地|试点)"
_GENERIC_NOUN = (
    r"(?:部门|单位|处室|科室|机构|地区|地方|方面|省份|城市|直属单位|人民政府|政府|街道|乡镇|镇|"
    r"县(?:（市、区）|\(市、区\))?|市|区|省|州|盟|高校|学校)"
)
_EXTERNAL = re.compile(
    rf"^(?:国务院|中央|省直|市直|县直|区直|省级|市级|县级|地方|各地)?{_DETERMINER}?"
    rf"(?:省级|市级|县级|市县|以上|地方|各级|试点城市|城市|事发地)*(?:人民)?政府$"
    rf"|^各(?:地区|地|省|市|县|区|级|州|盟|乡镇|街道|高校|学校|县（市、区）|县\(市、区\)|省（区、市）|省\(区、市\))"
    rf"|^(?:国务院|中央|省直|市直|县直|区直)(?:有关|相关|各)"
    rf"|^地方(?:各级)?(?:人民)?政府"
)
_PLACES = re.compile(r"省|市|县|区|乡|镇|街道|地区|地方|政府|州|盟|村|社区")
_ALL = re.compile(r"^(全体|所有|[厅委局部]{0,2}机关)?各(处室|单位|部门|科室|直属单位|中心)|^机关各")
_RELATED = re.compile(rf"^(相关|有关|其他|其它)|(相关|有关){_GENERIC_NOUN}$|主管部门$")


def collective_scope(name: str) -> CollectiveScope | None:
    """The scope of a collective party, or None for a named body.

    A collective is a generic party (a determiner and a generic noun: 各地区, 有关部门, 试点城市政府,
    国务院相关部门) or a group (专班, 领导小组成员处室); a body with a proper name stays an office
    even when it starts like one (中央统战部, 国务院国资委).

    >>> [collective_scope(n) for n in ("相关处室", "厅扶贫领导小组成员处室", "各地区", "财务处")]
    ['related', 'group', 'external', None]
    >>> [collective_scope(n) for n in ("中央统战部", "国务院国资委", "国务院相关部门", "各省级人民政府", "试点城市政府")]
    [None, None, 'external', 'external', 'external']
    """
    name = re.sub(r"\s+", "", name)
    if _GROUP.search(name):
        return "group"
    if _ALL.search(name):
        return "all"
    if "各" in name:  # 各学院, 沿线各乡镇人民政府: 各 names a class, never one body
        return "external" if _PLACES.search(name.split("各", 1)[1]) else "all"
    if _EXTERNAL.search(name):
        return "external"
    if _RELATED.search(name):
        return "related"
    return None


@dataclass(frozen=True)
class _Aliases:
    stems: Mapping[str, str] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    not_party: frozenset[str] = frozenset()
    """Names that are no party at all (县级市 of 各区、县级市): refused with a quality note."""
    collective: frozenset[str] = frozenset()
    """Names that are collectives, not one office (相关管委会)."""


@dataclass(frozen=True)
class AliasTable:
    """Alias rules: the built-in table plus any user files, per issuer or for all (``*``)."""

    builtin_rules: _Aliases
    user_rules: Mapping[str, _Aliases] = field(default_factory=dict)
    gazetteer: Mapping[str, str] = field(default_factory=dict)
    """Form → name of the State Council's and the Party Centre's bodies (``gazetteer.toml``),
    applied to national documents only: a county's 统计局 is not 国家统计局."""

    @classmethod
    def builtin(cls) -> AliasTable:
        """The tables shipped with dutygraph (``ontology/aliases.toml``, ``ontology/gazetteer.toml``)."""
        return _builtin()

    def with_user(self, rules: Mapping[str, _Aliases]) -> AliasTable:
        merged: dict[str, _Aliases] = dict(self.user_rules)
        for issuer, extra in rules.items():
            old = merged.get(issuer, _Aliases())
            merged[issuer] = _Aliases({**old.stems, **extra.stems}, {**old.names, **extra.names},
                                      old.not_party | extra.not_party, old.collective | extra.collective)
        return AliasTable(self.builtin_rules, merged, self.gazetteer)

    def _user(self, issuer: str) -> list[_Aliases]:
        return [r for r in (self.user_rules.get(issuer), self.user_rules.get("*")) if r is not None]

    def refuses(self, issuer: str, name: str) -> bool:
        """Whether a user's ``not_party`` rule (for ``issuer`` or ``*``) says ``name`` is no party.

        >>> table = AliasTable.builtin().with_user({"*": _Aliases(not_party=frozenset({"县级市"}))})
        >>> table.refuses("青山市人民政府", "县级市"), table.refuses("青山市人民政府", "财政局")
        (True, False)
        """
        return any(re.sub(r"\s+", "", name) in r.not_party for r in self._user(issuer))


@lru_cache(maxsize=1)
def _builtin() -> AliasTable:
    folder = resources.files("dutygraph.ontology")
    data = tomllib.loads(folder.joinpath("aliases.toml").read_text("utf-8"))
    bodies = tomllib.loads(folder.joinpath("gazetteer.toml").read_text("utf-8"))
    gazetteer = {form: body["name"] for body in bodies.get("body", []) for form in [body["name"], *body["forms"]]}
    return AliasTable(_Aliases(dict(data.get("stems", {})), dict(data.get("names", {}))), gazetteer=gazetteer)


_NATIONAL = re.compile(r"^(?:国务院|中共中央|中央|全国人大|全国政协|最高人民)")


def is_national(issuer: str, table: AliasTable) -> bool:
    """Whether an issuer is a national body, whose documents name the State Council's bodies.

    >>> table = AliasTable.builtin()
    >>> is_national("国务院办公厅", table), is_national("生态环境部", table), is_national("青山县人民政府", table)
    (True, True, False)
    """
    return bool(_NATIONAL.match(issuer)) or issuer in table.gazetteer


@dataclass(frozen=True)
class Resolution:
    """What a surface form resolves to, and by which rule."""

    surface: str
    name: str
    kind: Literal["office", "collective"]
    scope: CollectiveScope | None
    rule: ResolutionRule


def _split_unit(surface: str) -> tuple[str, str | None]:
    for unit in sorted(UNIT_WORDS, key=len, reverse=True):
        if surface.endswith(unit) and len(surface) > len(unit):
            return surface[: -len(unit)], unit
    return surface, None


def _apply(rules: _Aliases, surface: str, unit: str | None) -> str | None:
    if surface in rules.names:
        return rules.names[surface]
    stem, own_unit = _split_unit(surface)
    if own_unit in _DEPARTMENT_UNITS and stem in rules.stems:
        return rules.stems[stem] + own_unit
    if own_unit is None and surface in rules.stems and unit:
        return rules.stems[surface] + unit
    return None


def resolve(
    surface: str, *, table: AliasTable, issuer: str, unit: str | None = None
) -> Resolution:
    """Resolve one surface form of a party named by ``issuer``'s documents.

    ``unit`` is the word the issuer's offices end in (处 for a province, 科 for a city), used
    to complete bare abbreviations such as 基教. User rules (for this issuer, then ``*``) win
    over the built-in table.
    """
    clean = re.sub(r"\s+", "", surface)
    if any(clean in rules.collective for rules in table._user(issuer)):
        return Resolution(surface, clean, "collective", collective_scope(clean) or "related", "user")
    scope = collective_scope(clean)
    if scope is not None:
        return Resolution(surface, clean, "collective", scope, "as_written")
    for rules in table._user(issuer):
        if (name := _apply(rules, clean, unit)) is not None:
            return Resolution(surface, name, "office", None, "user")
    if clean in table.gazetteer and is_national(issuer, table):
        return Resolution(surface, table.gazetteer[clean], "office", None, "builtin")
    name = _apply(table.builtin_rules, clean, unit)
    if name is not None and name != clean:
        return Resolution(surface, name, "office", None, "builtin")
    return Resolution(surface, clean, "office", None, "as_written")


def owner_of(surface: str, orgs: list[Any]) -> Any:
    """The issuer an office belongs to, of a plan's issuers ``orgs`` (organizations, first the
    main one): in a joint plan, the one whose name ends in what the office's name starts with
    (工委宣传部 → 中共湖南省委教育工委); otherwise the first.

    >>> from dutygraph.ontology.model import Organization
    >>> orgs = [Organization(id="o1", name="湖南省教育厅"), Organization(id="o2", name="中共湖南省委教育工委")]
    >>> owner_of("工委宣传部", orgs).id, owner_of("财务处", orgs).id
    ('o2', 'o1')
    """
    for org in orgs[1:]:
        if any(surface.startswith(org.name[-n:]) for n in range(2, min(len(org.name), 6) + 1)):
            return org
    return orgs[0]


def unit_suffix(names: Iterable[str]) -> str | None:
    """The unit word most of an issuer's written-out office names end in (处, 科, 室).

    >>> unit_suffix(["职成教科", "体卫艺科", "发展规划科", "教育技术中心"])
    '科'
    """
    counts = Counter(
        unit for n in names if (unit := _split_unit(n.strip())[1]) in _DEPARTMENT_UNITS
    )
    return counts.most_common(1)[0][0] if counts else None


def read_settings(path: str | Path, what: str) -> Any:
    """The data of a TOML file (YAML for .yaml/.yml); errors name the file and ``what`` it is
    (``alias_file``: the message ``usage.what.alias_file``)."""
    import yaml

    path, kind = Path(path), Message(f"usage.what.{what}")
    try:
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            raise UsageError("usage.settings_too_large", path=path, what=kind, mb=MAX_SETTINGS_BYTES >> 20)
        text = path.read_text("utf-8")
        return yaml.safe_load(text) if path.suffix in (".yaml", ".yml") else tomllib.loads(text)
    except FileNotFoundError:
        raise UsageError("usage.settings_missing", path=path, what=kind) from None
    except RecursionError:
        raise UsageError("usage.settings_too_deep", path=path, what=kind) from None
    except (OSError, UnicodeDecodeError, ValueError, tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UsageError("usage.settings_unreadable", path=path, what=kind, reason=first) from None


def load_aliases(path: str | Path, table: AliasTable | None = None) -> AliasTable:
    """Add a user alias file (TOML or YAML) to ``table`` (default: the built-in one).

    The file maps issuers to ``names`` (whole forms) and ``stems`` (abbreviated subjects), and
    may list names that are no party (``not_party``) or a collective (``collective``); the
    issuer ``*`` applies to every issuer::

        [issuer."湖南省教育厅".names]
        "财建处" = "财务建设处"
        [issuer."*"]
        not_party = ["县级市"]
        collective = ["相关管委会"]
    """
    path = Path(path)
    table = table or AliasTable.builtin()
    data = read_settings(path, "alias_file")
    issuers = data.get("issuer") if isinstance(data, dict) else None
    if not isinstance(issuers, dict):
        raise UsageError("usage.alias_issuer_table", path=path)
    rules: dict[str, _Aliases] = {}
    for issuer, body in issuers.items():
        if not isinstance(body, dict) or set(body) - {"names", "stems", "not_party", "collective"}:
            raise UsageError("usage.alias_tables", path=path, issuer=issuer)
        lists = {k: body.get(k) or [] for k in ("not_party", "collective")}
        for kind, names in lists.items():
            if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
                raise UsageError("usage.alias_list", path=path, issuer=issuer, kind=kind)
        tables = {k: body.get(k) or {} for k in ("names", "stems")}
        for kind, mapping in tables.items():
            if not isinstance(mapping, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in mapping.items()
            ):
                raise UsageError("usage.alias_map", path=path, issuer=issuer, kind=kind)
        rules[str(issuer)] = _Aliases(
            {k.strip(): v.strip() for k, v in tables["stems"].items()},
            {k.strip(): v.strip() for k, v in tables["names"].items()},
            frozenset(re.sub(r"\s+", "", n) for n in lists["not_party"]),
            frozenset(re.sub(r"\s+", "", n) for n in lists["collective"]),
        )
    return table.with_user(rules)
