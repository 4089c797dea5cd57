"""The words people read for dutygraph's codes: tiers, statuses, rules, roles, kinds, corrections.

Codes (``overdue``, ``completed``, ``plan_year`` …) are what queries return and exports carry;
the command line, the report, the pages and the workbooks show them with these labels, in the
language of :mod:`dutygraph.i18n` (the words themselves live in its catalogues).

>>> from dutygraph.i18n import language
>>> with language("zh"):
...     TIERS["overdue"].label, TIERS["overdue"].colour, label(STATUS, "on_track"), label(ROLES, "lead")
('逾期', '#c62828', '序时推进', '牵头')
>>> with language("en"):
...     label(STATUS, "on_track"), label(STATUS, None), label(STATUS, "unknown")
('on track', '', 'unknown')
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from dutygraph.i18n import t

__all__ = [
    "ALIAS_RULES", "CHAIN_BASES", "CHAIN_RULES", "CHANGES", "COLLECTIVE_SCOPES", "CORRECTION_OPS", "DEADLINE_RULES",
    "LEAD_RULES", "LEVELS", "LEVEL_RULES", "PARTY_KINDS", "PLAN_KINDS", "QUALITY", "REVIEW", "ROLES", "STATUS",
    "STATUS_RULES", "TIERS", "Labels", "Tier", "label",
]


class Labels(Mapping[str, str]):
    """Codes and their labels in the current language (catalogue keys ``prefix.code``)."""

    def __init__(self, prefix: str, codes: tuple[str, ...]) -> None:
        self.prefix, self.codes = prefix, codes

    def __getitem__(self, code: str) -> str:
        if code not in self.codes:
            raise KeyError(code)
        return t(f"{self.prefix}.{code}")

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)


class Tier:
    """How a deadline tier is shown: its label, its colour, and what it means."""

    def __init__(self, code: str, colour: str) -> None:
        self.code, self.colour = code, colour

    @property
    def label(self) -> str:
        return t(f"tier.{self.code}")

    @property
    def meaning(self) -> str:
        return t(f"tier_meaning.{self.code}")


TIERS: dict[str, Tier] = {
    code: Tier(code, colour) for code, colour in (
        ("overdue", "#c62828"), ("due", "#f9a825"), ("upcoming", "#fdd835"), ("later", "#2e7d32"),
        ("completed", "#1565c0"), ("no_deadline", "#757575"),
    )
}
"""Deadline tiers of a 督办 system, most urgent first."""

STATUS = Labels("status", ("completed", "on_track", "behind", "not_started"))
"""已完成 / 序时推进 / 滞后 / 未启动."""

STATUS_RULES = Labels("status_rule", (
    "nothing_reported", "not_started_stated", "delay_stated", "completion_with_work_left", "completion_stated",
    "work_reported", "corrected",
))
DEADLINE_RULES = Labels("deadline_rule", ("explicit", "relative", "school_term", "plan_year", "horizon", "corrected", "schedule"))
CORRECTION_OPS = Labels("correction_op", (
    "set_lead", "add_office", "remove_office", "set_role", "drop_target", "set_value", "set_deadline", "set_status",
    "set_leader", "remove_leader",
    "confirm_link", "reject_link", "add_link",
))
ROLES = Labels("role", ("lead", "support", "item", "section"))
LEAD_RULES = Labels("lead_rule", ("explicit", "declared", "first_listed", "corrected"))
COLLECTIVE_SCOPES = Labels("scope", ("all", "related", "group", "external"))
PLAN_KINDS = Labels("plan_kind", ("work_plan", "project_list", "progress_report"))
PARTY_KINDS = Labels("party_kind", ("office", "collective", "leader",
                                    # issue 20: an office's level (dutygraph.ontology.bodies)
                                    "ministry", "bureau", "division", "section", "township", "government", "body"))
QUALITY = Labels("quality", (
    "numbering_gap", "numbering_restart", "no_office", "no_lead", "open_list", "collective", "removed_block",
    "unparsed_line", "empty_section", "generic_issuer", "suspect_text", "no_responsibility", "not_a_party",
    "untitled_item", "undated_horizon",  # issue 20
))
CHANGES = Labels("change", ("carried", "dropped", "added"))
ALIAS_RULES = Labels("alias_rule", ("as_written", "variant", "alias", "not_party", "collective"))
# issue 20: the columns of a doubtful fact (dutygraph review, the report)
REVIEW = {
    "kind": Labels("review.kind", ("issuer", "office", "leader", "deadline", "refused")),
    "doubt": Labels("review.doubt", ("placeless", "source_line", "doc_number", "unnamed", "lead_by_order",
                                     "post_only", "surname_post", "plan_year", "horizon", "refused", "refused_total",
                                     "refused_head", "refused_fragment", "refused_no_suffix", "refused_collective",
                                     "refused_sentence", "refused_body", "refused_aliases")),
    "consequence": Labels("review.consequence", ("ranking", "tier", "scope")),
    "rule": Labels("review.rule", ("named", "source_line", "doc_number", "default", "unnamed", "first_listed",
                                   "label", "plan_year", "horizon", "not_a_party")),
}
# issue 25: chains of tasks across levels
LEVELS = Labels("level", ("national", "province", "city", "county", "township"))
"""国务院/部委, 省级, 市级, 县级, 乡镇."""
LEVEL_RULES = Labels("level_rule", ("name", "doc_number"))
CHAIN_RULES = Labels("chain_rule", ("cites_item", "restates", "corrected"))
CHAIN_BASES = Labels("chain_basis", ("cites", "theme", "corrected"))


def label(table: Mapping[str, object], code: str | None) -> str:
    """The label of ``code`` in ``table`` (the code itself when unknown; '' for None)."""
    if code is None:
        return ""
    found = table.get(code, code)
    return found.label if isinstance(found, Tier) else str(found)
