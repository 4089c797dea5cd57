"""Quantities in plan text: a number, its measure word and the comparator the words around it give.

``2万个以上`` → 20000 个 ≥; ``控制在5%以内`` → 5 % ≤; ``1千个左右`` / ``约300个`` → ≈; ``2-3所`` →
2 所 ≥. The text given is already blanked (:mod:`.clauses`): dates, ordinals and names are gone.

Not every number counts a commitment. Two kinds are left out:

* a **description** — a number that only says which things are meant: 尤其是5个山区县,
  特别是3所薄弱学校, 包括10个县;
* a **condition** — a number inside a phrase that picks the things a commitment is about:
  招收5人以上随班就读的学校建有资源教室 (schools with five such pupils or more; the commitment is
  the resource room);
* an **addressee** — a number after 对/针对/面向 in a phrase that ends in 的: 加强对5个山区县的送教
  counts whom the work is for, not what it delivers (对100名教师进行培训, with no 的, still counts);
* a **policy parameter** — a number that sets how a policy pays rather than what is delivered:
  a formula (按6个月…返还, 按每人1000元的标准), a rate per head or period (每人每月200元), or a
  figure in a clause naming a subsidy's standard, share or ceiling (返还比例提高至60%, 补贴标准,
  贷款额度最高30万元). 发放创业担保贷款1亿元 still counts.

>>> from dutygraph.importers.facts.clauses import clauses
>>> def read(text):
...     return [(q.value, q.unit, q.comparator) for q in quantities(text, clauses(text))]
>>> read("新增学位2万个以上，共建团队约300个，大班额控制在5%以内")
[(20000.0, '个', '>='), (300.0, '个', '≈'), (5.0, '%', '<=')]
>>> read("加快各县尤其是5个山区县发展，确保招收5人以上随班就读的学校建有资源教室")
[]
>>> read("加强对5个山区县和龙港的送教辐射，对100名教师进行培训")
[(100.0, '名', '=')]
>>> read("按6个月的失业保险金返还，返还比例提高至60%，补贴标准为每人每月200元，发放贷款1亿元")
[(100000000.0, '元', '=')]
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from dutygraph.importers.facts.clauses import CN_NUM, SP, Clause
from dutygraph.importers.facts.numbers import parse_number
from dutygraph.ontology.model import Comparator

__all__ = ["COUNT_VERB", "Quantity", "quantities"]

_CN_DIGIT = frozenset("零〇一二三四五六七八九两壹贰叁肆伍陆柒捌玖貳參陸兩")
_CN_UNIT = frozenset("十百千万亿拾佰仟萬億")

_UNIT_WORDS: tuple[tuple[str, str], ...] = (
    # (measure word, characters that may not follow it: 一次性 is no count)
    ("个百分点", ""), ("百分点", ""), ("人次", ""), ("户次", ""), ("门次", ""), ("场次", ""),
    ("个月", ""), ("课时", ""), ("学时", ""), ("小时", ""), ("分钟", ""), ("平方公里", ""),
    ("平方米", ""), ("公里", ""), ("公顷", ""), ("台套", ""), ("%", ""), ("‰", ""),
    ("个", "性体别案"), ("所", "有谓以属在"), ("人", "民才员"), ("户", "籍口"), ("门", "户类槛"),
    ("元", "素旦"), ("名", "称义额"), ("项", "目"), ("家", "庭长属乡"), ("间", "接"), ("套", "餐"),
    ("台", "阶湾"), ("件", "事"), ("册", ""), ("篇", "章"), ("节", "日约"), ("次", "性要序数"),
    ("场", "所地馆景"), ("支", "持撑付出"), ("条", "件例款"), ("座", "谈"), ("栋", ""), ("幢", ""),
    ("张", ""), ("份", "额"), ("位次", ""), ("位", "置于列"), ("处", "室长理置"), ("亩", ""), ("米", ""),
    ("吨", ""), ("辆", ""), ("天", "然气"), ("倍", ""), ("班", "级子主额"), ("岗", "位"),
)
_UNIT_PATTERN = "|".join(
    re.escape(word) + (f"(?![{forbidden}])" if forbidden else "") for word, forbidden in _UNIT_WORDS
)
_ARABIC = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
_NUMBER = rf"{_ARABIC}(?:{SP}[十百千万亿萬億]+)?|[{CN_NUM}]+"
_NUMBER_START = rf"(?<![0-9]){_ARABIC}(?:{SP}[十百千万亿萬億]+)?|(?<![{CN_NUM}])[{CN_NUM}]+"
"""A number where a run of digits begins: scanning never restarts inside a run."""
_QUANTITY = re.compile(
    rf"(?P<pct>百分之{SP}(?P<pnum>{_ARABIC}|[{CN_NUM}点]+))"
    rf"|(?P<num>{_NUMBER_START})(?:{SP}[-–—~至到]{SP}(?P<num2>{_NUMBER}))?"
    rf"(?P<approx>{SP}[多余])?{SP}(?P<unit>{_UNIT_PATTERN})"
)
_SUFFIX = re.compile(rf"{SP}(?P<s>及以上|以上|之上|及以下|以下|以内|之内|左右|上下)")
_SUFFIX_COMPARATOR: dict[str, Comparator] = {
    "及以上": ">=", "以上": ">=", "之上": ">=", "及以下": "<=", "以下": "<=",
    "以内": "<=", "之内": "<=", "左右": "≈", "上下": "≈",
}
_PREFIX_COMPARATOR = re.compile(
    r"(?P<le>不超过|不高于|不多于|不足|低于|少于|小于|控制在|"
    r"(?:下降|降低|降|压减|压缩|减少|缩减|控制)(?:到|至))"
    r"|(?P<ge>不少于|不低于|至少|超过|多于|高于|大于)"
)
_APPROX_PREFIX = re.compile(rf"(?:大约|约|近){SP}$")
"""约300个, 近300名: said right before the number."""
COUNT_VERB = re.compile(
    r"(?:达到|达|新增|新建|创建|建成|建设|建|增加|完成|培训|培养|走访|开展|打造|评选|培育|招收|"
    r"补充|引进|认定|遴选|立项|支持|覆盖|提供|举办|设立|选树|扩大|提高|降低|减少|压减|控制在|"
    r"不少于|不低于|至少|超过|不超过|约|共|累计|总计|合计|改扩建|办好|资助|投入|各)" + SP + "$"
)
"""A verb that counts what follows it (新增两所): Chinese numerals after it are counts."""
_DESCRIPTION = re.compile(rf"(?:尤其是|特别是|尤其|特别|包括|比如|例如|诸如){SP}$")
_HAVING = re.compile(rf"(?:招收|拥有|有|满|达到|达|超过|在){SP}$")
_CONDITION = re.compile(r"[^\x00-\x7f，。；、,.;:：()（）“”《》□0-9]{1,8}?的")
_ADDRESSEE = re.compile(rf"(?:对|针对|面向|对于){SP}$")
_ADDRESSEE_PHRASE = re.compile(r"[^，。；,.;:：()（）□]{0,12}?的")
_FORMULA = re.compile(rf"(?:按|按照|依照|参照){SP}(?:每{SP}[人户生名位家月年季天日次亩个]{{1,2}}{SP})*$")
"""按6个月…, 按每人1000元…: a formula's term, not a count."""
_RATE = re.compile(rf"(?:每{SP}[人户生名位家月年季天日次亩个]{{1,2}}度?{SP}){{1,3}}(?:补贴|补助|发放|给予|奖励|资助|奖补)?{SP}$")
"""每人每月200元, 每户补助5000元: money per head or period is a standard, not a total."""
_PARAMETER = re.compile(
    r"(?:返还|补贴|补助|奖补|奖励|贷款|贴息|资助|报销|减免|担保|救助|津贴)[^，。；,;]{0,6}?(?:比例|标准|额度|上限|限额|利率)"
)
"""A clause naming a policy's share, standard or ceiling (返还比例, 补贴标准, 贷款额度)."""
_WINDOW = 10
_REACH = 40
"""How far before a figure a formula or a policy's standard is looked for."""


@dataclass(frozen=True)
class Quantity:
    """A number with its measure word at ``text[start:end]`` (the suffix 以上 included)."""

    start: int
    end: int
    value: float
    unit: str
    comparator: Comparator


def _chinese_count_ok(token: str, before: str, value: float, qualified: bool) -> bool:
    """Chinese numerals count only where they read as a count, not inside a word.

    两项重点 and 八项工程 name things; 新增两所 or 二十所 count them.
    """
    has_digit = any(ch in _CN_DIGIT for ch in token)
    has_unit = any(ch in _CN_UNIT for ch in token)
    if not has_digit and not token.startswith(("十", "拾")):
        return False  # 万名辅导员, 千家企业: a bare magnitude is a manner of speaking
    if len(token) > 1 and not has_unit:
        return False  # 唯一一所: digits strung together are no count
    if before.endswith(("每", "第", "前", "后", "上", "数", "几")):
        return False
    if qualified or COUNT_VERB.search(before):
        return True
    return has_digit and has_unit and value >= 10


def _not_a_commitment(text: str, before: str, end: int) -> bool:
    """A description (尤其是5个山区县), a condition (招收5人以上随班就读的学校) or an addressee
    (对5个山区县的送教)."""
    return bool(_DESCRIPTION.search(before) or (_HAVING.search(before) and _CONDITION.match(text, end))
                or (_ADDRESSEE.search(before) and _ADDRESSEE_PHRASE.match(text, end)))


def _parameter(text: str, clause_start: int, at: int, unit: str) -> bool:
    """Is the figure at ``at`` a policy parameter (see the module's notes)?"""
    before = text[max(clause_start, at - _REACH) : at]
    return bool(_FORMULA.search(before) or _PARAMETER.search(before) or unit == "元" and _RATE.search(before))


def quantities(text: str, found: list[Clause]) -> list[Quantity]:
    """The quantities of a blanked text split into ``found`` clauses, in order."""
    starts = [c[0] for c in found]
    out: list[Quantity] = []
    for m in _QUANTITY.finditer(text):
        at = bisect.bisect_right(starts, m.start()) - 1
        clause_start = found[at][0] if at >= 0 else 0
        floor = max(clause_start, out[-1].end if out else 0, m.start() - _WINDOW)
        before = text[floor : m.start()] if floor < m.start() else ""
        end = m.end()
        suffix = _SUFFIX.match(text, end)
        if suffix:
            end = suffix.end()
        if _not_a_commitment(text, before, end):
            continue
        if m.group("pct") is not None:
            value = parse_number(m.group("pnum"))
            unit, low, high, ranged = "%", value, value, False
        else:
            token, token2 = m.group("num"), m.group("num2")
            value = parse_number(token)
            if value is None:
                continue
            if token[0] in CN_NUM and not _chinese_count_ok(
                token, before, value, bool(suffix or m.group("approx") or token2)
            ):
                continue
            unit = m.group("unit").replace("％", "%")
            low = high = value
            ranged = False
            if token2:
                magnitude = re.search(r"[十百千万亿萬億]+$", token2.strip())
                if magnitude and not re.search(r"[十百千万亿萬億]", token):
                    low = parse_number(token + magnitude.group())
                high = parse_number(token2)
                ranged = low is not None and high is not None
        if value is None or low is None or high is None or not math.isfinite(high):
            continue
        if _parameter(text, clause_start, m.start(), unit):
            continue
        comparator: Comparator = "="
        prefix = list(_PREFIX_COMPARATOR.finditer(before))
        if suffix:
            comparator = _SUFFIX_COMPARATOR[suffix.group("s")]
        elif prefix:
            comparator = "<=" if prefix[-1].lastgroup == "le" else ">="
        elif ranged or m.group("approx"):
            comparator = ">="
        elif _APPROX_PREFIX.search(before):
            comparator = "≈"
        chosen = high if ranged and comparator == "<=" else low
        out.append(Quantity(m.start(), end, chosen, unit, comparator))
    return out
