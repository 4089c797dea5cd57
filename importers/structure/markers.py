"""Numbering markers: where the numbered units of an outline start, and how they nest.

The genre numbers its units in a handful of styles, nested in a customary order::

    第一章 / 第一部分   chapter      一、          h1        1.1 / 3.2.1   dec2 / dec3
    第一条             article      （一）         h2        项目一         project
    1. 1． 1、         num          （1）          paren

A marker at a line start always opens a unit; one inside a line (a one-line crawl,
具体措施：1．…2．…) only when it continues its style's numbering, so 2.0 or a stray (1) in a
sentence never does. :func:`nest` then hangs every unit under the nearest open unit of
another style, as a reader does: a style seen again closes the units opened after it.

>>> blocks = find_blocks("一、学前教育\\n1.扩充学位。\\n2.提高质量。\\n二、义务教育\\n3.控辍保学。\\n")
>>> [(b.style, b.ordinal) for b in blocks]
[('h1', '一、'), ('num', '1.'), ('num', '2.'), ('h1', '二、'), ('num', '3.')]
>>> [(u.block.ordinal, [c.block.ordinal for c in u.children]) for u in nest(blocks)]
[('一、', ['1.', '2.']), ('二、', ['3.'])]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from dutygraph.importers.facts.numbers import parse_number

__all__ = ["Block", "Unit", "STYLES", "find_blocks", "nest"]

_CN = "一二三四五六七八九十"
STYLES: dict[str, str] = {
    "chapter": rf"第\s*(?P<n>[{_CN}百零〇\d]+)\s*(?:章|部分|篇)\s*",
    "article": rf"第\s*(?P<n>[{_CN}百零〇\d]+)\s*条\s*",
    "project": rf"项目\s*(?P<n>[{_CN}百零〇\d]+)\s*[：:、.．]?",
    "h1": rf"(?P<n>[{_CN}]{{1,3}})\s*(?:、|[.．](?!\d))",
    "h2": rf"[（(]\s*(?P<n>[{_CN}]{{1,3}})\s*[）)]",
    "dec3": r"(?P<n>\d{1,2}\.\d{1,2}\.\d{1,2})(?![\d.])[ \t]*",
    "dec2": r"(?P<n>\d{1,2}\.\d{1,2})(?![\d.%])(?=[ \t]*[\u4e00-\u9fff])[ \t]*",
    "num": r"(?P<n>\d{1,5})\s*[.．、](?:(?![\d.])|(?=(?:19|20)\d{2}\s*年))",  # 2.0 no; 2.2023年 yes
    "paren": r"[（(]\s*(?P<n>\d{1,3})\s*[）)]",
}
"""Marker style → its regular expression (the number in group ``n``)."""

_LINE_START = r"(?m)^[ \t]*+(?:#{1,6}[ \t]*+)?(?:\*\*)?[ \t]*+"
_INLINE_AFTER = r"(?<=[。；;！？!?）)：:\s*#])(?:#{1,6}[ \t]*+)?(?:\*\*)?"
"""Where a marker may start: at a line's start after markdown's ``#``/``**``, or after a
statement's end, a colon, a bracket or a space. No marker starts with a space, so each run of
spaces is taken whole (``*+``) and never split two ways: a line of 10,000 spaces or tabs costs
one pass over it, not one per way of splitting it (a space is itself a place a marker may
follow, so the inline form needs no run of spaces before the marker)."""
_INLINE_STYLES = ("project", "h1", "h2", "num", "paren", "article")
_LOOSE_AFTER = r"(?<=[\u4e00-\u9fff）)”」》】])(?<!第)"
_LOOSE_STYLES = ("num", "paren", "h2", "project", "h1", "article")
"""Styles whose markers a one-line crawl glues straight onto the text before them
(…重点任务1.推进…, …财建处二、夯实…): taken only as a run, 1 before 2 before 3."""
_LOOSE_STARTS = ("num", "paren", "h2", "project", "h1")
"""Of those, the styles whose run may start glued; a start counts only when its 2 follows
before another 1 (so 统一、规范 is no heading when the document's own 一、 comes later)."""
_JUMP = 50
"""A marker after a statement or a sentence may skip numbers (a paywall hid them) up to this."""


@dataclass
class Block:
    """A numbered unit's marker: its style, number, ordinal and extent in the text.

    ``end`` is where the next marker starts; ``body_start`` is just after this one.
    """

    style: str
    number: int | None
    ordinal: str
    start: int
    body_start: int
    end: int
    at_line_start: bool


@dataclass
class Unit:
    """A block placed in the outline: its parent, its children and where its own text ends."""

    block: Block
    parent: Unit | None = None
    children: list[Unit] = field(default_factory=list)

    @property
    def own_end(self) -> int:
        """The end of the unit's own text: where its first child starts, else its block's end."""
        return self.children[0].block.start if self.children else self.block.end

    @property
    def end(self) -> int:
        """The end of the unit with everything nested in it."""
        unit = self
        while unit.children:
            unit = unit.children[-1]
        return unit.block.end

    def walk(self) -> Iterator[Unit]:
        """This unit and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


def _number(style: str, token: str) -> int | None:
    if style.startswith("dec"):
        return int(token.rsplit(".", 1)[-1])
    value = parse_number(token)
    return int(value) if value is not None and value == int(value) else None


def find_blocks(text: str) -> list[Block]:
    """Numbered blocks in reading order (see the module docstring for the styles)."""
    found: dict[int, tuple[str, re.Match[str], bool]] = {}
    loose: set[int] = set()
    for style, pattern in STYLES.items():
        for m in re.finditer(_LINE_START + "(?P<marker>" + pattern + ")", text):
            found.setdefault(m.start("marker"), (style, m, True))
    for style in _INLINE_STYLES:
        for m in re.finditer(_INLINE_AFTER + "(?P<marker>" + STYLES[style] + ")", text):
            found.setdefault(m.start("marker"), (style, m, False))
    for style in _LOOSE_STYLES:
        for m in re.finditer(_LOOSE_AFTER + "(?P<marker>" + STYLES[style] + ")", text):
            if m.start("marker") not in found:
                found[m.start("marker")] = (style, m, False)
                loose.add(m.start("marker"))
    positions = sorted(found)
    following: dict[int, int | None] = {}  # the number of the next marker of the same style
    upcoming: dict[str, int | None] = {}
    for pos in reversed(positions):
        style, m, _ = found[pos]
        following[pos] = upcoming.get(style)
        upcoming[style] = _number(style, m.group("n"))
    last: dict[str, int | None] = {}
    accepted: list[tuple[str, re.Match[str], bool, int | None]] = []
    for pos in positions:
        style, m, at_line_start = found[pos]
        n = _number(style, m.group("n"))
        if not at_line_start:
            prev = last.get(style)
            continues = n is not None and prev is not None and n == prev + 1
            if pos in loose:
                starts = n == 1 and following[pos] == 2 and style in _LOOSE_STARTS
                if not (continues or starts):
                    continue
            elif (style == "num" and n is not None and prev is not None and prev + 1 < n <= prev + _JUMP
                  and text[max(0, pos - 8) : pos].rstrip()[-1:] in ("）", ")", "。")):
                pass  # numbering jumps after a closed statement: the numbers between are missing
            else:
                fits = n is not None and (n == 1 or continues)
                after_colon = n == 1 and re.search(r"[：:]\s*$", text[max(0, pos - 3) : pos]) is not None
                if not (fits or after_colon):
                    continue
        last[style] = n  # numbering may run on across headings (（三） under 二、), or restart at 1
        accepted.append((style, m, at_line_start, n))
    blocks = []
    for i, (style, m, at_line_start, n) in enumerate(accepted):
        if i + 1 < len(accepted):
            _, next_match, next_at_line_start, _ = accepted[i + 1]
            end = next_match.start() if next_at_line_start else next_match.start("marker")
        else:
            end = len(text)
        start = m.start() if at_line_start else m.start("marker")
        blocks.append(Block(style, n, m.group("marker").strip(), start, m.end("marker"), end, at_line_start))
    return blocks


def nest(blocks: list[Block]) -> list[Unit]:
    """Hang the blocks in an outline; returns the top-level units.

    A style already open closes everything opened after it (its next number is a sibling);
    a style not open yet opens below the current unit. A marker inside a line that restarts
    its style at 1 right after a sibling of that style (具体措施：1．…) opens below it instead.
    """
    roots: list[Unit] = []
    stack: list[Unit] = []
    for block in blocks:
        unit = Unit(block)
        top = stack[-1] if stack else None
        inline_restart = (
            top is not None and top.block.style == block.style and not block.at_line_start
            and block.number == 1 and top.block.number != 0 and not top.children
        )
        if not inline_restart:
            same = [depth for depth, open_ in enumerate(stack) if open_.block.style == block.style]
            if same:
                # the nearest one of the style whose number this one continues, written as this one
                # is (3. on its line after 2.'s inline 1．2．: a sibling of 2., not of its inner 2．)
                continues = [d for d in same if block.number is not None and stack[d].block.number == block.number - 1]
                alike = [d for d in continues if stack[d].block.at_line_start == block.at_line_start]
                depth = (alike or continues or same)[-1]
                del stack[depth:]
        parent = stack[-1] if stack else None
        unit.parent = parent
        (parent.children if parent else roots).append(unit)
        stack.append(unit)
    return roots
