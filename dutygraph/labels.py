"""The words people read for dutygraph's codes: deadline tiers, statuses, rules, corrections.

Codes (``overdue``, ``completed``, ``plan_year`` …) are what queries return and exports carry;
the command line, the report and the pages show them with these labels. They are English for
now and all in this one module, so that a translation replaces one table.

>>> TIERS["overdue"].label, TIERS["overdue"].colour
('overdue', '#c62828')
>>> label(STATUS, "on_track"), label(STATUS, None), label(STATUS, "unknown")
('on track', '', 'unknown')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["CORRECTION_OPS", "DEADLINE_RULES", "STATUS", "STATUS_RULES", "TIERS", "Tier", "label"]


@dataclass(frozen=True)
class Tier:
    """How a deadline tier is shown: its label, its colour, and what it means."""

    label: str
    colour: str
    meaning: str


TIERS: dict[str, Tier] = {
    "overdue": Tier("overdue", "#c62828", "the deadline has passed and the item is not reported completed (逾期)"),
    "due": Tier("due", "#f9a825", "due within the warning days (临期)"),
    "upcoming": Tier("upcoming", "#fdd835", "due within the notice days (临期, second tier)"),
    "later": Tier("on schedule", "#2e7d32", "due later (正常)"),
    "completed": Tier("completed", "#1565c0", "the item is reported completed (已完成)"),
    "no_deadline": Tier("no deadline", "#757575", "no deadline stated or implied (无时限)"),
}
"""Deadline tiers of a 督办 system, most urgent first."""

STATUS: dict[str, str] = {
    "completed": "completed",
    "on_track": "on track",
    "behind": "behind",
    "not_started": "not started",
}
"""已完成 / 序时推进 / 滞后 / 未启动."""

STATUS_RULES: dict[str, str] = {
    "nothing_reported": "the row reports nothing (无)",
    "not_started_stated": "the text says the work has not started",
    "delay_stated": "the text says the work is late",
    "completion_with_work_left": "a completion is stated, with work still under way",
    "completion_stated": "the text states completion, nothing left to do",
    "work_reported": "work is reported; no completion, delay or standstill stated",
    "corrected": "set by a corrections file",
}

DEADLINE_RULES: dict[str, str] = {
    "explicit": "stated",
    "plan_year": "end of the plan's year (inferred)",
    "horizon": "end of the stated period (inferred)",
    "corrected": "corrected",
    "schedule": "recurring",
}

CORRECTION_OPS: dict[str, str] = {
    "set_lead": "lead set",
    "add_office": "office added",
    "remove_office": "office removed",
    "set_role": "role changed",
    "drop_target": "target dropped",
    "set_value": "value set",
    "set_deadline": "deadline set",
    "set_status": "status set",
}


def label(table: Mapping[str, object], code: str | None) -> str:
    """The label of ``code`` in ``table`` (the code itself when unknown; '' for None)."""
    if code is None:
        return ""
    found = table.get(code, code)
    return found.label if isinstance(found, Tier) else str(found)
