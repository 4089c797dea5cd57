"""Party and leader hygiene: what may become an office, a collective or a leader.

A list split into names (:mod:`.parties`) still holds words that name no body: the total of a
data table (合计, 小计), a column head (责任单位, 完成时限), the place names heading its columns
(a district table flattened into a list: 鄞州 海曙 合计), the second half of a collective phrase
(各区、县级市: 县级市 is "each county-level city", not a body). A named body must look like one:
an organisation suffix (局, 委, 中心 …), a known short form (the alias tables: 基教 → 基础教育科),
a gazetteer entry, or a user's alias. A leader is a person (王建国, 刘市长) or a post (分管副局长);
a collective (各区, 相关管委会) or a sentence is not.

>>> from dutygraph.ontology.offices import AliasTable, resolve
>>> table = AliasTable.builtin()
>>> check = lambda s: party_refusal(s, resolve(s, table=table, issuer="青山市人民政府"), table, "青山市人民政府")
>>> [check(s) for s in ("市财政局", "县级市", "合计", "责任单位", "镇海", "各区政府")]
[None, 'a fragment of a collective phrase', 'a total', 'a column head', 'no organisation suffix, known short form or alias', None]
>>> [leader_refusal(n) for n in ("王建国", "刘市长", "分管副局长", "各区", "相关管委会", "实际完成情况:已完成")]
[None, None, None, 'a collective', 'a collective', 'a sentence']
"""

from __future__ import annotations

import re

from dutygraph.importers.facts.vocabulary import POST_TITLES, ends_like_body, label_kind
from dutygraph.ontology.offices import AliasTable, Resolution, collective_scope

__all__ = ["leader_refusal", "party_refusal"]

_TOTALS = re.compile(r"^(?:合计|小计|总计|累计|共计|总数|总量|全市|全县|全区|全省|平均)$")
_HEADS = re.compile(
    r"^(?:序号|编号|单位|部门|名称|项目|内容|备注|时限|时间|进度|进展|情况|目标|任务|措施|要求|指标|数量|金额|"
    r"工作任务|重点任务|目标任务|具体要求|工作措施|项目内容|项目名称|建设内容|完成时限|时限要求|完成时间|"
    r"进展情况|完成情况|当前进度|年度目标|实际完成|责任领导|分管领导|牵头领导|联系人|联系电话)$"
)
_LEVELS = re.compile(
    r"^(?:县级市|地级市|县级区|县市区|县市|市县|县区|区县|市区|乡镇|镇乡|镇街|街镇|镇|乡|街道|社区|村|村居|"
    r"自治县|自治州|市辖区|县级|市级|区级|乡级|镇级|省级|省直|市直|县直|区直)$"
)
_ZONE = re.compile(r"(?:开发区|高新区|保税区|新区|园区|示范区|试验区|合作区|度假区|风景区|产业区)$")
"""A zone's name stands for its administration (立山经济开发区, 高新区), a body like a 管委会."""
_BODY_END = ("局", "委", "厅", "办", "政府", "管委会", "中心", "办公室", "委员会")
"""A leader's name ending so names a body (市交通委), not a person."""
_SENTENCE = re.compile(r"[。！？!?；;：:，,\d]")
_COLLECTIVE_LEADER = re.compile(r"^(?:各|相关|有关|全体|其他|其它)")


def party_refusal(surface: str, res: Resolution, table: AliasTable, issuer: str) -> str | None:
    """Why the name ``surface`` (resolved as ``res`` for ``issuer``) is not a party, or None.

    A user's ``not_party`` rule refuses it first; a user's alias or ``collective`` rule keeps it.
    """
    name = re.sub(r"\s+", "", surface)
    if table.refuses(issuer, name):
        return "not a party by the aliases file"
    if res.rule == "user":
        return None
    if _TOTALS.match(name):
        return "a total"
    if _HEADS.match(name):
        return "a column head"
    if res.kind == "collective":
        return None  # 相关处室 reads like a label (相关 + 处室) but names a class of offices
    if label_kind(name) is not None:
        return "a column head"
    if _LEVELS.match(name):
        return "a fragment of a collective phrase"
    if (ends_like_body(name) or _ZONE.search(name) or res.rule == "builtin"
            or name in table.gazetteer):
        return None
    return "no organisation suffix, known short form or alias"


def leader_refusal(name: str, title: str | None = None) -> str | None:
    """Why ``name`` (with the post ``title`` written after it) is not a leader, or None."""
    whole = name + (title or "")
    if _SENTENCE.search(whole) or len(name) > 12:
        return "a sentence"
    if _COLLECTIVE_LEADER.match(name) or collective_scope(name) is not None:
        return "a collective"
    if len(name) >= 3 and name.endswith(_BODY_END) and not name.endswith(POST_TITLES):
        return "a body, not a person"
    return None
