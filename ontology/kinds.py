"""The closed vocabularies of the model: roles, rules, kinds and levels, as ``Literal`` types.

Each is a fixed set of codes that exports and queries carry as they are; the words people read
for them come from the catalogues (``dutygraph/catalogues``).

>>> from typing import get_args
>>> get_args(Role)
('lead', 'support')
"""

from __future__ import annotations

from typing import Literal

__all__ = ["ChainBasis", "ChainRule", "CollectiveScope", "Comparator", "IssuerRule", "LeadRule", "Level", "LevelRule",
           "PlanKind", "QualityKind", "Role"]

Role = Literal["lead", "support"]
"""An office either leads an item (牵头) or supports it (责任/配合/参与)."""

LeadRule = Literal["explicit", "declared", "first_listed", "corrected"]
"""How the role was decided.

``explicit``: the item's own wording says who leads (X牵头, 牵头单位：X, X会同…负责).
``declared``: the document declared once that the first-listed party leads (列第一位者为牵头单位).
``first_listed``: nothing was said; the first-listed party is taken as the lead by convention —
an *inferred* lead that queries can tell apart from a stated one.
``corrected``: a corrections file set the role (the item's ``corrections`` say which line).
"""

Comparator = Literal["=", ">=", "<=", "≈"]
"""``≈`` for an approximate figure: 1千个左右, 约300个, 5.5%左右."""
PlanKind = Literal["project_list", "work_plan", "progress_report"]
CollectiveScope = Literal["all", "related", "group", "external"]
"""``all``: 机关各处室, 各单位; ``related``: 相关处室, 有关部门; ``group``: 专班, 领导小组(成员);
``external``: parties outside the issuer addressed as a class (各地区, 各省级人民政府)."""

IssuerRule = Literal["named", "source_line", "doc_number", "default", "unnamed"]
"""How a plan's issuer was decided (issue 20).

``named``: the title, the notice's head or its signature names it; ``source_line``: only the
page's 来源/发布机构 line names it (a site reposting a document names itself there);
``doc_number``: inferred from the document number's prefix (``ontology/doc_prefixes.toml``);
``default``: ``--default-issuer``; ``unnamed``: nothing names it, the document is its own scope.
"""

QualityKind = Literal[
    "numbering_gap",
    "numbering_restart",
    "no_office",
    "no_lead",
    "open_list",
    "collective",
    "removed_block",
    "unparsed_line",
    "empty_section",
    "generic_issuer",
    "suspect_text",
    "no_responsibility",
    "not_a_party",
    "untitled_item",  # issue 20: an item written without a title is named by its first clause
    "undated_horizon",  # issue 20: N年内 with no year to count from
]

Level = Literal["national", "province", "city", "county", "township"]
"""An issuer's level: 国务院/部委, 省, 市, 县/区, 乡镇 (:mod:`dutygraph.ontology.levels`)."""
LevelRule = Literal["name", "doc_number"]
"""How a level was decided: from the places the issuer's name begins with, or from a
document number it issued (国办发, 鄂政办发)."""
ChainRule = Literal["cites_item", "restates", "corrected"]
"""How a lower item was linked to the higher task it carries out: it names the item
(落实国办发〔2020〕43号第（五）项), it restates the task's words, or a corrections file added it."""
ChainBasis = Literal["cites", "theme", "corrected"]
"""Why two plans were compared at all: the lower one cites the higher (its number or title),
or their titles share a theme; ``corrected`` for a link a corrections file added."""
