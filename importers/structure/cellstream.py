"""Tables from cell streams: the rows of a table whose cells reached us one after another.

A crawl of a local government page flattens its tables in many ways: one cell per line or per
paragraph, cells with ``|`` lines between them or ending in `` |``, the header found once at
the top and repeated after each page break, a first cell that spans several rows written only
once. What survives in every form is the order of the cells, the header's words and the
running row number (序号). This module reads a table from that alone:

* the header is a run of short cells the genre's column vocabulary names (序号, 工作任务,
  具体要求, 责任单位, 完成时限 …; :func:`~.columns.column_kind`): :func:`stream_header`;
* rows start at the running number (1, 2, 3 …); a header without 序号 finds the number's
  column from where the first number stands among the cells;
* the cells between two numbers are put in the columns they fit, in the header's order
  (:func:`~.columns.align`): the columns after the number belong to the row before, the
  columns before it (a group such as 工作任务 ahead of 序号) to the row after;
* a cell spanning several rows (its group written once) is carried down to the rows that
  lack it; a repeated header is dropped; the table ends where a cell fits no column.

Tab- and pipe-separated rows (one row per line) are read by :mod:`.table`, into the same rows.

>>> from dutygraph.importers.structure.raw import Segment
>>> cells = ["工作任务", "具体要求", "责任科室", "时限要求", "规范公开", "1", "清理文件目录。", "办公室",
...          "年底前", "2", "公开年度报告。", "综合科", "3月底前"]
>>> pieces, at = [], 0
>>> for text in cells:
...     pieces.append(Segment(text, at, at + len(text)))
...     at += len(text) + 1
>>> header = stream_header(pieces, 0)
>>> header.kinds, header.end
(['title', 'content', 'party', 'deadline'], 4)
>>> table = read_stream(pieces, header)
>>> table.kinds
['title', 'ref', 'content', 'party', 'deadline']
>>> [(row.ref.text, [s.text for _, s in row.cells]) for row in table.rows]
[('1', ['规范公开', '清理文件目录。', '办公室', '年底前']), ('2', ['公开年度报告。', '综合科', '3月底前'])]
>>> [(c, s.text) for c, s in table.rows[1].carried]  # the group cell spans both rows
[(0, '规范公开')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dutygraph.importers.structure.columns import align, column_kind, fits_somewhere, header_kinds, looks_like_ref
from dutygraph.importers.facts.numbers import parse_number
from dutygraph.importers.structure.raw import Segment

__all__ = ["MAX_COLUMNS", "MIN_HEADER", "Header", "StreamRow", "StreamTable", "is_label", "read_stream", "stream_header"]

MIN_HEADER = 3
"""A header written one cell per paragraph names at least this many columns."""
MAX_COLUMNS = 12
"""No header is longer: this bounds the look-ahead, so that a scan stays linear."""
_LABEL_MAX = 16
_SENTENCE = re.compile("[。，,；;：:]")
_CAPTION = re.compile(r"(?:表|清单|方案|计划|要点)$")
"""A table's caption (…任务分解表, 重点任务清单) names no column."""
_GROUP_MAX = 6
"""A column before 序号 (类别, 工作任务) has a short name; a longer cell there is a caption."""
_TITLES = {"title", "content", "target", "tasks"}
_PARTIES = {"lead", "party"}


@dataclass(frozen=True)
class Header:
    """A header found in a stream: the column names and kinds, and the index after it."""

    names: list[str]
    kinds: list[str | None]
    start: int
    end: int


@dataclass(frozen=True)
class StreamRow:
    """One row: its number and its cells as (column, piece); ``carried`` are the cells of the
    columns before the number that the row takes from the row above (a spanning cell)."""

    ref: Segment | None
    cells: tuple[tuple[int, Segment], ...]
    carried: tuple[tuple[int, Segment], ...] = ()
    at: int = 0
    """The index of the row's number (or first cell) in the stream."""

    @property
    def start(self) -> int:
        return min(s.start for _, s in (*self.cells, *([(0, self.ref)] if self.ref else [])))

    @property
    def end(self) -> int:
        return max(s.end for _, s in (*self.cells, *([(0, self.ref)] if self.ref else [])))


@dataclass(frozen=True)
class StreamTable:
    """The rows read from a stream: the columns (with 序号 where the rows put it), the rows,
    the index after the table and how many repeated headers were dropped."""

    names: list[str]
    kinds: list[str | None]
    rows: list[StreamRow]
    end: int
    repeats: int = 0


def is_label(piece: Segment | None) -> bool:
    """Whether a cell is a header cell: a column name, short, no sentence."""
    return _label(piece) is not None


def _label(piece: Segment | None) -> str | None:
    """The column kind a cell names when it is a header cell (short, no sentence)."""
    if piece is None or len(piece.text) > 4 * _LABEL_MAX:
        return None
    text = re.sub(r"\s+", "", piece.text)
    if not text or len(text) > _LABEL_MAX or _SENTENCE.search(text) or looks_like_ref(text) or _CAPTION.search(text):
        return None
    return column_kind(text)


def stream_header(pieces: Sequence[Segment | None], i: int) -> Header | None:
    """The header starting at ``pieces[i]``, or None.

    Empty pieces (blank lines, lone pipes) are passed over; ``None`` (a line that is not a
    cell) ends the run. A header opens with 序号, or names at least one title-like column and
    one party column; it never holds a second 序号.
    """
    if i >= len(pieces) or _label(pieces[i]) is None:
        return None
    names: list[str] = []
    kinds: list[str | None] = []
    j = i
    while j < len(pieces) and len(names) < MAX_COLUMNS:
        piece = pieces[j]
        if piece is None:
            break
        if not piece.text.strip():
            j += 1
            continue
        kind = _label(piece)
        if kind is None or (kind == "ref" and "ref" in kinds):
            break
        names.append(re.sub(r"\s+", "", piece.text))
        kinds.append(kind)
        j += 1
    if len(names) < MIN_HEADER or (found := header_kinds(names)) is None:
        return None
    if "ref" in found[1:] and any(len(n) > _GROUP_MAX or re.search(r"\d", n) for n in names[: found.index("ref")]):
        return None  # a caption before 序号 (2016年民生实事): the header starts at 序号
    if found[0] != "ref" and not (_TITLES & set(found) and _PARTIES & set(found)):
        return None
    return Header(names, found, i, j)


def _number(piece: Segment) -> int | None:
    if not looks_like_ref(piece.text):
        return None
    value = parse_number(re.sub(r"[（()）.．、\s]", "", piece.text))
    return int(value) if value is not None and value == int(value) else None


def _repeat(pieces: Sequence[Segment | None], j: int, names: list[str]) -> int | None:
    """The index after a repeat of the header at ``pieces[j]`` (a page break), or None."""
    k, seen = j, 0
    while k < len(pieces) and seen < len(names):
        piece = pieces[k]
        if piece is None:
            return None
        if piece.text.strip():
            if re.sub(r"\s+", "", piece.text) != names[seen]:
                return None
            seen += 1
        k += 1
    return k if seen == len(names) else None


def read_stream(pieces: Sequence[Segment | None], header: Header,
                heading: Callable[[int], bool] | None = None) -> StreamTable:
    """The rows after ``header``, up to the first piece that belongs to no row.

    ``heading(j)`` is asked about a piece that is neither a number nor a cell (a section
    heading such as 一、重点工作 between rows); when it says yes, the piece is passed over.
    """
    names, kinds = list(header.names), list(header.kinds)
    j = header.end
    if "ref" not in kinds:
        at = _first_number(pieces, j, len(kinds))
        if at is not None:
            kinds.insert(at, "ref")
            names.insert(at, "序号")
    if "ref" not in kinds:
        return _by_width(pieces, header, heading)
    p = kinds.index("ref")
    pre = list(range(p))
    post = list(range(p + 1, len(kinds)))
    layout = [kinds[c] for c in post] + [kinds[c] for c in pre]
    rows: list[StreamRow] = []
    pending: list[Segment] = []
    ahead: list[Segment] = []  # cells of the columns before the number, before the first row
    ref: Segment | None = None
    ref_at = 0
    expected: int | None = None
    repeats = 0
    group: dict[int, Segment] = {}  # the spanning cells of the row above, by column

    def close(upcoming: bool) -> list[Segment]:
        """Finish the current row; returns the cells that open the next one."""
        nonlocal group
        if ref is None:
            return []
        places = align([s.text for s in pending], layout) if pending else []
        cells: list[tuple[int, Segment]] = []
        after: list[Segment] = []
        for piece, col in zip(pending, places, strict=True):
            if col >= len(post) and upcoming:
                after.append(piece)
            else:
                cells.append((post[col] if col < len(post) else pre[col - len(post)], piece))
        own = {c: s for c, s in opening if c in pre}
        carried = tuple((c, group[c]) for c in pre if c not in own and c in group)
        group = {**{c: s for c, s in carried}, **own}
        rows.append(StreamRow(ref, tuple(sorted([*own.items(), *cells], key=lambda x: x[0])), carried, ref_at))
        return after

    opening: list[tuple[int, Segment]] = []
    while j < len(pieces):
        piece = pieces[j]
        if piece is None:
            break
        if not piece.text.strip():
            j += 1
            continue
        if re.sub(r"\s+", "", piece.text) == header.names[0]:
            after = _repeat(pieces, j, header.names)
            if after is not None:
                repeats += 1
                j = after
                continue
        number = _number(piece)
        if number is not None and (expected is None or number == expected) and (ref is None or pending):
            nxt = close(upcoming=True) if ref is not None else ahead
            opening = _place_before(nxt, [kinds[c] for c in pre], pre)
            ref, ref_at, expected, pending = piece, j, number + 1, []
        elif ref is None:
            if heading is not None and heading(j):
                pass
            elif pre and len(ahead) < len(pre) and fits_somewhere(piece.text, [kinds[c] for c in pre]):
                ahead.append(piece)
            else:
                break
        elif len(pending) >= len(post) - 1 and not fits_somewhere(piece.text, layout):
            break  # what follows the last row (分享到:, a signature) is not the table's
        elif len(pending) >= len(post) and stream_header(pieces, j) is not None:
            break  # another table's header
        elif len(pending) >= len(post) and heading is not None and heading(j):
            pass
        else:
            pending.append(piece)
        j += 1
    close(upcoming=False)
    return StreamTable(names, kinds, rows, j, repeats)


def _place_before(pieces: list[Segment], kinds: list[str | None], columns: list[int]) -> list[tuple[int, Segment]]:
    """The columns before the number that a row's first cells fill."""
    if not pieces or not columns:
        return []
    return [(columns[col], piece) for piece, col in zip(pieces, align([p.text for p in pieces], kinds), strict=True)]


def _first_number(pieces: Sequence[Segment | None], j: int, width: int) -> int | None:
    """How many cells stand before the first row's number (a header without 序号)."""
    seen = 0
    while j < len(pieces) and seen <= width - 1:
        piece = pieces[j]
        if piece is None:
            return None
        if piece.text.strip():
            if _number(piece) is not None:
                return seen
            seen += 1
        j += 1
    return None


def _by_width(pieces: Sequence[Segment | None], header: Header, heading: Callable[[int], bool] | None) -> StreamTable:
    """Rows without numbers: as many cells as the header has columns, each where it fits."""
    kinds = header.kinds
    width = len(kinds)
    rows: list[StreamRow] = []
    row: list[Segment] = []
    j, at = header.end, header.end
    while j < len(pieces):
        piece = pieces[j]
        if piece is None:
            break
        if piece.text.strip():
            if not row and heading is not None and heading(j):
                j += 1
                continue
            if not fits_somewhere(piece.text, kinds):
                break
            if not row:
                at = j
            row.append(piece)
            if len(row) == width:
                rows.append(StreamRow(None, tuple(enumerate(row)), (), at))
                row = []
        j += 1
    if row:
        places = align([s.text for s in row], kinds)
        rows.append(StreamRow(None, tuple(zip(places, row, strict=True)), (), at))
    return StreamTable(list(header.names), list(kinds), rows, j)
