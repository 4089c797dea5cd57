"""What the importer notices, as data: a code, its parameters, and the words of each language.

A quality note (:class:`~dutygraph.ontology.model.QualityIssue`) is a ``code`` and its
``params`` (simple values: text, numbers, lists of text); the sentence people read is the
template ``note.<code>`` of the current language's catalogue
(``dutygraph/catalogues/<lang>/notes.toml``) filled in by :func:`render`. Stores and exports
keep the code and the parameters, never a sentence, so a note reads in either language.

:data:`QUALITY` names every code and the kind of note it is (a kind has several codes); an
unknown code fails when the note is made. A parameter named in :data:`CODED` holds codes itself
(the reason a name was refused, the kind of block removed), worded by their own templates; a
list is joined as the language joins names; ``more`` counts the names left out.

>>> from dutygraph.i18n import language
>>> with language("en"):
...     render("open_list", {"ref": "4"})
'item 4: the list of responsible parties ends in 等 (open list)'
>>> with language("zh"):
...     render("not_a_party", {"ref": "3", "name": "合计", "reason": "total"})
'事项 3：“合计”未作为责任单位（合计、小计等总数）'
>>> with language("zh"):
...     render("no_responsibility_more", {"count": 8, "shown": ["甲", "乙"], "more": 6})
'8 个编号段落未写明责任，未作为事项：甲、乙等，另有 6 个'

The same registry holds the reasons, the doubts a deadline may carry (:data:`DOUBTS`) and the
evidence for a likely alias (:data:`EVIDENCE`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

from dutygraph.i18n import join, t
from dutygraph.ontology.kinds import QualityKind

__all__ = ["BLOCKS", "CODED", "DOUBTS", "EVIDENCE", "QUALITY", "REASONS", "Param", "TargetDoubt", "doubt_text",
           "keys", "render"]

Param = str | int | float | tuple[str, ...]
"""A parameter's value: text (a ref, a name as written), a number, or a list of names."""

QUALITY: dict[str, QualityKind] = {
    # items and their numbering
    "numbering_gap": "numbering_gap",
    "numbering_gap_removed": "numbering_gap",
    "numbering_backwards": "numbering_gap",
    "item_repeated": "numbering_restart",
    "numbering_restarts": "numbering_restart",
    "untitled_item": "untitled_item",
    "undated_horizon": "undated_horizon",
    # who answers for an item
    "no_office": "no_office",
    "open_list": "open_list",
    "collective_parties": "collective",
    "collective_by_aliases": "collective",
    "not_a_party": "not_a_party",
    "not_a_leader": "not_a_party",
    "section_not_a_leader": "not_a_party",
    "no_issuer": "generic_issuer",
    "placeless_issuer": "generic_issuer",
    # sections and text not read as items
    "section_empty": "empty_section",
    "section_lists_none": "empty_section",
    "table_lists_none": "empty_section",
    "no_responsibility": "no_responsibility",
    "no_responsibility_more": "no_responsibility",
    "closing_paragraph": "unparsed_line",
    "text_after_field": "unparsed_line",
    "cut_off_item": "unparsed_line",
    "cut_off_row": "unparsed_line",
    "row_without_task": "unparsed_line",
    # what normalisation and the readers removed or doubted
    "after_removed_block": "removed_block",
    "header_repeats": "removed_block",
    "block_removed": "removed_block",
    "page_furniture": "removed_block",
    "garbled": "suspect_text",
    "pdfium_page": "suspect_text",
}
"""Every quality note's code, and its kind (:data:`~dutygraph.ontology.kinds.QualityKind`)."""

REASONS = ("aliases", "total", "head", "fragment", "no_suffix", "sentence", "collective", "body", "after_blank",
           "not_a_class", "after_deng", "too_long", "punctuation", "date", "number", "no_name", "phrase",
           "verb_phrase", "not_body_like")
"""Why a name was not taken as a party or a leader (:mod:`dutygraph.importers.hygiene`,
:func:`dutygraph.importers.parties.not_a_body`)."""

BLOCKS = ("paywall", "furniture")
"""What normalisation removes: a paywall's lines, a page's furniture (headers, page numbers)."""

TargetDoubt = Literal["year_of_plan", "horizon_from_plan", "school_term"]
"""Why a deadline may be wrong: a dated month taken in the plan's year when the plan is not one
year's, an N-year period counted from the plan's year, a school term's conventional dates."""
DOUBTS: tuple[str, ...] = get_args(TargetDoubt)

EVIDENCE = ("qualifier", "abbreviation")
"""Why two offices may be one (:func:`dutygraph.queries.aliases.suggest_aliases`): the longer
name adds a qualifier (教育考试院, 考试院), or the shorter one's characters stand in order in it."""

CODED: dict[str, str] = {"reason": "note.reason", "blocks": "note.block", "block": "note.block"}
"""Parameters whose values are codes, and the catalogue section that words them."""


def _value(name: str, value: Param) -> str:
    section = CODED.get(name)
    if isinstance(value, (tuple, list)):
        return join(t(f"{section}.{v}") if section else v for v in value)
    if section:
        return t(f"{section}.{value}")
    return str(value)


def render(code: str, params: Mapping[str, Param]) -> str:
    """The note ``code`` in the current language, its parameters filled in."""
    return t(f"note.{code}", **{name: _value(name, value) for name, value in params.items()})


def doubt_text(code: str | None) -> str:
    """Why a deadline may be wrong, in the current language ('' for none).

    >>> from dutygraph.i18n import language
    >>> with language("en"):
    ...     doubt_text("school_term"), doubt_text(None)
    ("a school term's dates are a convention", '')
    """
    return t(f"note.doubt.{code}") if code else ""


def keys() -> list[str]:
    """Every catalogue key the codes of this module need (``note.<code>``, ``note.reason.<code>`` …).

    >>> [k for k in keys() if k.startswith("note.block.")]
    ['note.block.paywall', 'note.block.furniture']
    """
    return ([f"note.{c}" for c in QUALITY] + [f"note.reason.{r}" for r in REASONS]
            + [f"note.block.{b}" for b in BLOCKS] + [f"note.doubt.{d}" for d in DOUBTS]
            + [f"note.evidence.{e}" for e in EVIDENCE])
