"""The genre's vocabulary: the words that say who is responsible, and what a body's name ends in.

Work plans do not share one list of labels; they share a *shape*. A label naming parties is a
role cue followed by a unit word (牵头 + 单位, 主要协作 + 单位, 协办 + 部门, 负责 + 部门); a label
naming people is a cue followed by a person word (责任 + 领导, 项目 + 责任人). A body's name ends
in an organisational suffix (部 委 局 厅 办 署 院 会 中心 处 科 室 政府 管委会 …). The patterns
here are built from those parts, so an unseen label or name of the same shape is understood.

>>> label_kind("牵头责任单位"), label_kind("主要协作单位"), label_kind("项目责任人"), label_kind("适用范围")
('lead', 'support', 'leader', None)
>>> ends_like_body("工业和信息化部"), ends_like_body("工业"), ends_like_body("中央宣传部（国务院新闻办）")
(True, False, True)
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = [
    "LEAD_CUES",
    "SUPPORT_CUES",
    "UNIT_WORDS",
    "PERSON_WORDS",
    "ORG_SUFFIXES",
    "PARTY_LABEL",
    "LEADER_LABEL",
    "LabelKind",
    "label_kind",
    "ends_like_body",
    "POST_TITLES",
]

LEAD_CUES = ("牵头", "主责", "主办", "主抓")
"""Cues that make the named party the lead (牵头单位, 主办单位, X牵头)."""

SUPPORT_CUES = (
    "责任", "配合", "协作", "协办", "参与", "参加", "负责", "指导", "承办", "实施", "落实", "工作",
    "协同", "主管", "具体", "相关", "成员", "联系", "包联", "包抓", "督办", "分管", "业主",
)
"""Cues of a supporting (or unstated) role: 责任单位, 配合部门, 协办单位, 指导部门, 业主单位
(a project's owner, beside the 牵头单位 that leads it) …"""

_CUE_PREFIXES = ("主要", "具体", "项目", "任务", "共同", "其他", "直接", "校", "厅", "局")

UNIT_WORDS = ("单位", "部门", "处室", "科室", "机构", "机关", "主体", "处", "科", "室", "股", "办")
"""Words a party label ends in: 责任 *单位*, 牵头 *处室*."""

PERSON_WORDS = ("领导", "责任人", "负责人", "校领导", "局领导", "厅领导", "市领导", "县领导", "区领导")
"""Words a person label ends in: 责任 *领导*, 项目 *责任人*."""

ORG_SUFFIXES = (
    # governments and their offices
    "人民政府", "政府", "管委会", "管理委员会", "委员会", "办公厅", "办公室", "指挥部", "工作委员会",
    # ministries, commissions, bureaus, administrations
    "总局", "总署", "总社", "总部", "总公司", "部", "委", "局", "厅", "署", "办", "院", "会", "行",
    # departments inside a body
    "中心", "处", "科", "室", "股", "所", "站", "馆", "队", "组", "班", "团", "社", "联", "协",
    # courts, schools, companies and other bodies
    "法院", "检察院", "学校", "大学", "学院", "公司", "集团", "银行", "医院", "基金会", "党委", "党组",
    "支部", "总工会", "工会", "妇联", "团委", "街道", "镇", "乡", "场", "台", "司",
    # the generic words collectives end in (有关部门, 各地区, 成员单位)
    "部门", "单位", "地区", "地方", "机构", "机关", "处室", "科室",
)
"""What a body's name ends in. A bracket after the name (中央宣传部（国务院新闻办）) is looked
through."""

LabelKind = Literal["lead", "support", "leader"]

_CUES = "|".join(sorted(LEAD_CUES + SUPPORT_CUES, key=len, reverse=True))
_PREFIX = "|".join(sorted(_CUE_PREFIXES, key=len, reverse=True))
_UNITS = "|".join(sorted(UNIT_WORDS, key=len, reverse=True))
_PERSONS = "|".join(sorted(PERSON_WORDS, key=len, reverse=True))

PARTY_LABEL = rf"(?:{_PREFIX})?(?:{_CUES}){{1,3}}(?:{_UNITS})(?:及(?:其)?(?:负责人|责任人|联系人))?"
"""A label naming parties: one to three cues, then a unit word (牵头责任单位, 协办部门)."""

LEADER_LABEL = rf"(?:{_PREFIX})?(?:{_CUES}){{0,2}}(?:{_PERSONS})"
"""A label naming people: cues, then a person word (责任领导, 项目责任人, 牵头领导)."""

_PARTY_RE = re.compile(PARTY_LABEL)
_LEADER_RE = re.compile(LEADER_LABEL)
_LEAD_RE = re.compile("|".join(LEAD_CUES))


def label_kind(label: str) -> LabelKind | None:
    """What a field label names: lead parties, supporting parties, leaders, or nothing known.

    >>> label_kind("牵头单位"), label_kind("协办部门"), label_kind("牵头领导"), label_kind("备注")
    ('lead', 'support', 'leader', None)
    >>> label_kind("责任主体"), label_kind("实施主体")
    ('support', 'support')
    """
    label = re.sub(r"\s+", "", label)
    if _LEADER_RE.fullmatch(label):
        return "leader"
    if _PARTY_RE.fullmatch(label):
        return "lead" if _LEAD_RE.search(label) else "support"
    return None


_SUFFIX_RE = re.compile(
    "(?:" + "|".join(sorted(map(re.escape, ORG_SUFFIXES), key=len, reverse=True)) + r")$"
)
_TRAILING_BRACKET = re.compile(r"[（(][^（）()]{1,20}[）)]$")


def ends_like_body(name: str) -> bool:
    """Whether ``name`` ends the way a body's name does (a bracket after it is looked through).

    >>> ends_like_body("国家发展改革委"), ends_like_body("县残联"), ends_like_body("完善制度")
    (True, True, False)
    """
    name = name.strip()
    while (m := _TRAILING_BRACKET.search(name)) and m.start() > 0:
        name = name[: m.start()]
    return bool(_SUFFIX_RE.search(name))


POST_TITLES = (
    "常务副省长", "常务副市长", "常务副县长", "常务副区长", "常务副主任", "党委书记", "党组书记",
    "副省长", "省长", "副市长", "市长", "副县长", "县长", "副区长", "区长", "副镇长", "镇长", "副乡长",
    "乡长", "副厅长", "厅长", "副局长", "局长", "副处长", "处长", "副科长", "科长", "副部长", "部长",
    "副主任", "主任", "副书记", "书记", "副校长", "校长", "副院长", "院长", "副主席", "主席",
    "秘书长", "副秘书长", "巡视员", "调研员", "总督学", "督学", "总经理", "董事长", "组长", "副组长",
    "常委", "委员",
)
"""Posts that follow a leader's name: 王建国副局长 is 王建国, 副局长."""
