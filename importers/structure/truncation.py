"""A page cut off inside its last item: the item is reported, not read.

Pages stored from the web are often only the beginning of a document: the text stops in the
middle of the last item — after its title, before the label lines every other item has, or
inside its party list (责任单位：区). What such an item says about responsibility is a fragment,
and a fragment is worse than nothing: the item is left out and a quality note says where the
text ends. :func:`ends_at` tells whether nothing follows a place but blanks and pipes;
:func:`outline_item_cut` is the test for an outline's last item; :mod:`.table` has its own
(a row whose cells stop before its party columns).

>>> from dutygraph.importers.structure.raw import RawItem, RawParty
>>> text = "1.甲。\\n牵头单位：区财政局\\n2.乙。\\n牵头单位：区"
>>> first = RawItem("1", 1, "甲。", "甲。", 0, 15)
>>> first.parties.append(RawParty("区财政局", "lead", "explicit", 11, 15))
>>> last = RawItem("2", 2, "乙。", "乙。", 16, len(text))
>>> last.parties.append(RawParty("区", "lead", "explicit", len(text) - 1, len(text)))
>>> outline_item_cut(text, last, [first, last])
True
>>> issues = []
>>> [i.ref for i in drop_cut(text, [first, last], issues, outline_item_cut)], issues[0].message
(['1'], 'the text ends inside item 2 (the page is cut off there); not taken as an item')
"""

from __future__ import annotations

from collections.abc import Callable

from dutygraph.importers.structure.raw import RawIssue, RawItem
from dutygraph.importers.facts.vocabulary import ends_like_body

__all__ = ["drop_cut", "ends_at", "outline_item_cut"]

_CLOSED = "。；;！？!?）)】]”\"》"
_OPENS = "（(【["
_CLOSES = "）)】]"
_BLANK = " \t\n\r|\u3000"


def ends_at(text: str, end: int) -> bool:
    """Whether nothing but blanks and pipes follows ``text[:end]``.

    >>> ends_at("甲乙 |\\n|\\n", 2), ends_at("甲乙\\n丙", 2)
    (True, False)
    """
    return not text[end:].strip(_BLANK)


def _ends_open(text: str) -> bool:
    """The text stops mid-sentence, or inside a bracket."""
    tail = text.rstrip(_BLANK)
    return bool(tail) and tail[-1] not in _CLOSED


def outline_item_cut(text: str, item: RawItem, items: list[RawItem]) -> bool:
    """Whether the document's last item is cut off: the text ends inside it, and either it
    stops mid-sentence with its party list broken (责任单位：区) or missing where the other
    items name theirs, or it is a lone title line where the items before it carry their
    parties on lines of their own."""
    if not ends_at(text, item.end):
        return False
    rest = text[item.start :]
    others = [i for i in items if i is not item and i.parties]
    missing = not item.parties and len(others) * 2 >= len(items) - 1  # the others name theirs
    broken = bool(item.parties) and not ends_like_body(item.parties[-1].surface)
    unbalanced = sum(rest.count(c) for c in _OPENS) > sum(rest.count(c) for c in _CLOSES)
    if (_ends_open(text) or unbalanced) and (missing or broken):
        return True
    below = [i for i in others if "\n" in text[i.start : min(p.start for p in i.parties)].strip()]
    lone = len([line for line in rest.split("\n") if line.strip(_BLANK)]) == 1
    return missing and lone and len(others) >= 2 and len(below) * 3 >= (len(items) - 1) * 2


def drop_cut(text: str, items: list[RawItem], issues: list[RawIssue],
             cut: Callable[[str, RawItem, list[RawItem]], bool]) -> list[RawItem]:
    """The items without the last one when ``cut`` says the page ends inside it (reported)."""
    if len(items) < 2:
        return items
    last = max(items, key=lambda i: i.start)
    if not cut(text, last, items):
        return items
    issues.append(RawIssue(
        "unparsed_line", f"the text ends inside item {last.ref or last.title[:12]} (the page is cut off there); not taken as an item",
        last.start,
    ))
    return [i for i in items if i is not last and i.parent is not last]
