"""Table lines into cells: the ways a flattened table writes its rows on lines.

A row is a line of tab-separated cells or of ``a | b | c`` pipes (:func:`row_cells`; a markdown
``|---|`` rule is none), a paragraph of a table flattened one cell per paragraph
(:func:`cell_paragraph`), or part of a whole table a crawl put on one line (:func:`unglued` cuts it into
its rows, by the header's width and the rows' numbers). :mod:`.table` reads the rows.

>>> [c.text for c in row_cells(Line("1\\t新建幼儿园5所\\t学前科", 0))]
['1', '新建幼儿园5所', '学前科']
>>> [c.text for c in row_cells(Line("| 1 | 新建幼儿园5所 | 学前科 |", 0))]
[' 1 ', ' 新建幼儿园5所 ', ' 学前科 ']
>>> [row.text for row in unglued(Line("序号\\t任务\\t牵头单位\\t1\\t建园\\t学前科\\t2\\t扩班\\t基教科", 0))]
['序号\\t任务\\t牵头单位', '1\\t建园\\t学前科', '2\\t扩班\\t基教科']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dutygraph.importers.structure.cellstream import MIN_HEADER, is_label, stream_header
from dutygraph.importers.structure.columns import column_kind, header_kinds, looks_like_ref
from dutygraph.importers.facts.numbers import parse_number
from dutygraph.importers.structure.raw import Segment

__all__ = ["MIN_FLAT_HEADER", "RULE", "Line", "cell_paragraph", "row_cells", "text_lines", "unglued"]

RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
MIN_FLAT_HEADER = 3


@dataclass(frozen=True)
class Line:
    """A line of the document and where it starts."""

    text: str
    start: int


def text_lines(text: str) -> list[Line]:
    """The lines of a text, each with its offset."""
    out, at = [], 0
    for line in text.split("\n"):
        out.append(Line(line, at))
        at += len(line) + 1
    return out


_REF_END = re.compile(r"(?:序号|编号)\s*$")
_GLUED_NUMBER = re.compile(r"(?P<n>\d{1,5})\s*$")


def unglued(line: Line) -> list[Line]:
    """A whole table on one line (a crawl that lost its breaks) as its rows.

    The cells keep their separators (tabs or pipes); where a row's last cell runs into the next
    row's number (…9月底前2\t新增…), the row ends before the number.
    """
    text = line.text
    sep = "\t" if text.count("\t") >= 6 else ("|" if text.count("|") >= 10 else None)
    if sep is None:
        return _stream_cells(line, " \u3000") or [line]
    parts = [(m.start(), m.end()) for m in re.finditer(f"[^{re.escape(sep)}]+", text)]
    parts = [(a, b) for a, b in parts if text[a:b].strip() and not re.fullmatch(r"\s*:?-{3,}:?\s*", text[a:b])]
    for h, (a, b) in enumerate(parts):
        if not (m := _REF_END.search(text[a:b])):
            continue
        k = h + 1
        while k < len(parts) and column_kind(_glued_text(text, parts[k])) not in (None, "ref"):
            k += 1
        names = ["序号"] + [_glued_text(text, p) for p in parts[h + 1 : k]]
        if len(names) < MIN_FLAT_HEADER or header_kinds(names) is None:
            continue
        rows = _rows([(a + m.start(), b), *parts[h + 1 :]], text, len(names))
        out = [Line(text[: rows[0][0]], line.start)] if text[: rows[0][0]].strip() else []
        out.extend(Line(text[s:e], line.start + s) for s, e in rows)
        if rows[-1][1] < len(text) and text[rows[-1][1] :].strip(" |\t"):
            out.append(Line(text[rows[-1][1] :], line.start + rows[-1][1]))
        return out
    return (_stream_cells(line, sep) if sep == "|" else None) or [line]


_MIN_STREAM = 8
"""A line cut into fewer cells than this is no table written on one line."""
_HEADER_WORD = re.compile(r"序号|任务|要求|单位|科室|部门|时限|领导|责任人")
"""A header cell of a table written on one line holds one of these (a cheap test first)."""


def _stream_cells(line: Line, sep: str) -> list[Line] | None:
    """A table flattened to a stream of cells and then put on one line (a crawl that lost its
    breaks: 工作任务|具体要求|…|1|…, or the cells between blanks): each cell as a line of its own,
    when a header the genre's column vocabulary names stands among them; else None."""
    text = line.text
    if not _HEADER_WORD.search(text):
        return None
    parts = [(m.start(), m.end()) for m in re.finditer(f"[^{sep}]+", text)]
    parts = [(a, b) for a, b in parts if text[a:b].strip(" |\t\u3000")]
    if len(parts) < _MIN_STREAM:
        return None
    pieces: list[Segment | None] = [Segment(text[a:b].strip(), a, b) for a, b in parts]
    named = [is_label(p) for p in pieces]
    found = False
    for k, (a, b) in enumerate(parts):
        if named[k] and all(named[k + 1 : k + MIN_HEADER]) and stream_header(pieces, k):
            found = True
            break
        if not all(named[k + 1 : k + MIN_HEADER]) or k + MIN_HEADER > len(parts):
            continue
        # the header's first cell glued to the prose before it by a blank (…工作要点 重点任务|具体要求|…)
        b = a + len(text[a:b].rstrip(" \u3000"))
        blank = max(text.rfind(" ", a, b), text.rfind("\u3000", a, b))
        head = Segment(text[blank + 1 : b].strip(), blank + 1, b)
        if blank > a and head.text and stream_header([head, *pieces[k + 1 : k + 13]], 0):
            parts[k : k + 1] = [(a, blank), (blank + 1, b)]
            found = True
            break
    if not found:
        return None
    return [Line(text[a:b], line.start + a) for a, b in parts]


def _rows(parts: list[tuple[int, int]], text: str, width: int) -> list[tuple[int, int]]:
    """Group a stream of cells into rows of ``width``: the header, then numbered rows."""
    rows: list[tuple[int, int]] = []
    row: list[tuple[int, int]] = []
    expected = 1
    for a, b in parts:
        glued = _GLUED_NUMBER.search(text[a:b])
        if (len(row) == width - 1 and glued and glued.start() > 0 and int(glued.group("n")) == expected):
            row.append((a, a + glued.start()))  # the last cell, then the next row's number
            rows.append((row[0][0], row[-1][1]))
            row = [(a + glued.start(), b)]
            expected += 1
            continue
        row.append((a, b))
        if len(row) == width:
            rows.append((row[0][0], row[-1][1]))
            first = text[row[0][0] : row[0][1]].strip()
            if looks_like_ref(first) and (number := parse_number(re.sub(r"[（()）.．、]", "", first))) is not None:
                expected = int(number) + 1  # the next row's number (the header leaves it at 1)
            row = []
    if row:
        rows.append((row[0][0], row[-1][1]))
    return rows


def _glued_text(text: str, part: tuple[int, int]) -> str:
    """A header cell without the row number glued to its end (完成时限1 → 完成时限)."""
    value = text[part[0] : part[1]].strip()
    return _GLUED_NUMBER.sub("", value).strip() or value


def row_cells(line: Line) -> list[Segment] | None:
    """The cells of a row written on one line: tab-separated, or with two or more pipes."""
    text, offset = line.text, 0
    if "\t" in text:
        parts = text.split("\t")
    elif text.count("|") >= 2 and not RULE.match(text):
        parts = text.split("|")
        if parts and not parts[0].strip():  # | a | b |: no cell before the first pipe
            parts = parts[1:]
            offset = text.index("|") + 1
        while len(parts) > 1 and not parts[-1].strip():
            parts = parts[:-1]
    else:
        return None
    cells, at = [], line.start + offset
    for part in parts:
        cells.append(Segment(part, at, at + len(part)))
        at += len(part) + 1  # the separator
    return cells


def cell_paragraph(line: Line) -> Segment:
    """One paragraph of a flattened table, without the pipes a crawl left around it."""
    text = line.text
    start, end = 0, len(text)
    while start < end and text[start] in " \t|":
        start += 1
    while end > start and text[end - 1] in " \t|":
        end -= 1
    return Segment(text[start:end], line.start + start, line.start + end)
