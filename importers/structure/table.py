"""Table documents: rows of cells under a header that names the columns.

Task-decomposition and progress tables reach us in every state a table can be flattened to:

* rows of cells: tab-separated (from a spreadsheet or an HTML reader), ``a | b | c`` or
  ``| a | b |`` pipes (a markdown ``|---|`` rule is skipped);
* one cell per paragraph, the header's cells first (序号 / 民生实事 / 责任单位 / 完成时限), each
  row starting at its number — a cell may then span several paragraphs (a party per line);
* the header repeated at every page break, rows continued across pages, numbered rows
  continued by unnumbered sub-rows whose spanned cells are missing.

Columns are recognised by the header's words (:mod:`.columns`), never by position; where
a row's cells do not line up with the header, each is put in the column it fits
(:func:`~.columns.align`). Section headings (一、重点工作) stand on lines of their own.

>>> from dutygraph.importers.text.normalize import normalize
>>> text = "某市教育局2023年任务分解表\\n序号\\t任务\\t牵头单位\\t责任单位\\t完成时限\\n" \\
...        "1\\t新建幼儿园5所\\t学前科\\t财务科、基教科\\t2023年底前\\n"
>>> doc = parse_table(normalize(text))
>>> item = doc.items[0]
>>> item.title, [(p.surface, p.role, p.rule) for p in item.parties]
('新建幼儿园5所', [('学前科', 'lead', 'explicit'), ('财务科', 'support', 'explicit'), ('基教科', 'support', 'explicit')])
>>> [(t.facts.value, t.facts.unit, t.facts.deadline) for t in item.targets]
[(5.0, '所', datetime.date(2023, 12, 31))]
>>> flat = parse_table(normalize("民生实事分解表\\n序号\\n民生实事\\n责任单位\\n完成时限\\n"
...                              "1\\n新建人行天桥2座。\\n县住建局\\n县交通局\\n9月底前\\n"))
>>> [(i.ref, i.title, [p.surface for p in i.parties]) for i in flat.items]
[('1', '新建人行天桥2座。', ['县住建局', '县交通局'])]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from dutygraph.importers.structure.cells import (
    RULE,
    Line,
    cell_paragraph,
    row_cells,
    text_lines,
    unglued,
)
from dutygraph.importers.structure.cellstream import read_stream, stream_header
from dutygraph.importers.structure.columns import align, header_kinds, looks_like_ref
from dutygraph.importers.facts.fields import (
    Joined,
    clean,
    dated_by,
    heading_leaders,
    split_leaders,
    split_sentences,
    targets_from_list,
    targets_in_text,
)
from dutygraph.importers.structure.meta import read_meta
from dutygraph.importers.text.normalize import Normalized
from dutygraph.importers.facts.numbers import parse_number
from dutygraph.importers.structure.raw import (
    RawDocument,
    RawIssue,
    RawItem,
    RawParty,
    RawSection,
    Segment,
)
from dutygraph.importers.facts.responsibility import parse_parties
from dutygraph.importers.structure.truncation import ends_at

__all__ = ["parse_table", "is_table"]

_HEADING = re.compile(r"^\s*(?P<ordinal>[一二三四五六七八九十]{1,3}\s*、|[（(][一二三四五六七八九十]{1,3}[）)])(?P<title>.+)$")


@dataclass
class _Row:
    kinds: list[str | None]
    headers: list[str]
    cells: dict[str, list[Segment]] = field(default_factory=dict)
    start: int = 0
    end: int = 0
    section: RawSection | None = None
    group: RawSection | None = None
    """The group a column before 序号 names (its cell spanning rows), a section below ``section``."""
    title_parts: list[Segment] = field(default_factory=list)
    """Title cells continued across a page break (the rest of the title, not a sub-row)."""

    def add(self, kind: str | None, header: str, cell: Segment) -> None:
        key = f"other:{header}" if kind in (None, "other") else kind
        self.cells.setdefault(key, []).append(cell)

    def joined(self, kind: str) -> Joined:
        return Joined.of([s for s in self.cells.get(kind, []) if clean(s.text)])

    def text(self, kind: str) -> str:
        return clean(self.joined(kind).text)

    def first(self, kind: str) -> Segment | None:
        return next((s for s in self.cells.get(kind, []) if clean(s.text)), None)


class _Table:
    """Reads the rows of the tables in one document."""

    def __init__(self, norm: Normalized) -> None:
        self.text = norm.text
        self.lines = [row for line in text_lines(self.text) for row in unglued(line)]
        self.pieces = _pieces(self.lines)
        self.groups: dict[int, RawSection] = {}
        self.spanning: RawSection | None = None  # the group cell of the row above, in rows of cells
        self.sections: list[RawSection] = []
        self.section: RawSection | None = None
        self.rows: list[_Row] = []
        self.issues: list[RawIssue] = []
        self.preamble_end: int | None = None
        self.repeats = 0
        self.fresh = False  # a header row came since the last data row

    # -- headings ---------------------------------------------------------------------
    def heading(self, line: Line) -> bool:
        m = _HEADING.match(line.text)
        if not m or len(clean(m.group("title"))) > 40:
            return False
        title, leaders = heading_leaders(m.group("title"), line.start + m.start("title"))
        level = 1 if "、" in m.group("ordinal") else 2
        parent = next((s for s in reversed(self.sections) if s.level < level), None) if level > 1 else None
        ordinal = re.sub(r"\s", "", m.group("ordinal")).rstrip("、")
        number = parse_number(re.sub(r"[（()）]", "", ordinal))
        self.section = RawSection(ordinal, int(number) if number else None, level, title, line.start,
                                  line.start + len(line.text), parent, leaders)
        self.sections.append(self.section)
        return True

    # -- rows -------------------------------------------------------------------------
    def read(self) -> None:
        kinds: list[str | None] | None = None
        headers: list[str] = []
        key: str | None = None
        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            cells = row_cells(line)
            if cells is not None:
                found = header_kinds([c.text for c in cells])
                if found is not None:
                    new_key = "\t".join(re.sub(r"\s+", "", c.text) for c in cells)
                    self.repeats += new_key == key
                    if new_key != key:
                        self.spanning = None
                    kinds, headers, key = found, [clean(c.text) for c in cells], new_key
                    self.fresh = True
                    self.preamble_end = line.start if self.preamble_end is None else self.preamble_end
                elif kinds is not None:
                    self.row(cells, kinds, headers, line)
                i += 1
                continue
            after = self.stream(i)
            if after is not None:
                i = after
                continue
            self.heading(line)  # anything else between tables is prose
            i += 1

    def row(self, cells: list[Segment], kinds: list[str | None], headers: list[str], line: Line) -> None:
        if RULE.match(line.text):
            return
        has_ref = "ref" in kinds
        ref_at = kinds.index("ref") if has_ref else -1
        if 0 < ref_at and len(cells) < len(kinds):
            cells = _unspanned(cells, len(kinds), ref_at, line.start)
        ref = clean(cells[ref_at].text) if has_ref and ref_at < len(cells) else ""
        previous = self.rows[-1] if self.rows else None
        # a row repeating the number before it (a merged 序号 cell) continues it, within one table
        same_table = previous is not None and previous.section is self.section and not self.fresh
        across_page = self.fresh
        self.fresh = False
        continues = previous is not None and (
            (has_ref and (not ref or not looks_like_ref(ref) or (same_table and ref == previous.text("ref"))))
            or (not has_ref and not clean(cells[kinds.index("title")].text if "title" in kinds and kinds.index("title") < len(cells) else ""))
        )
        if has_ref and not continues and ref and not looks_like_ref(ref):
            return  # a row before the first numbered one: a caption, a note
        target = previous if continues and previous is not None else _Row(kinds, headers, start=line.start, section=self.section)
        if continues and has_ref and ref and not looks_like_ref(ref) and len([c for c in cells if clean(c.text)]) < len(kinds):
            # a sub-row whose spanned cells (序号, 责任单位) are missing: put each cell where it fits
            pieces = [c for c in cells if clean(c.text)]
            rest = [k for k in kinds if k != "ref"]
            names = [h for h, k in zip(headers, kinds, strict=False) if k != "ref"]
            for piece, col in zip(pieces, align([p.text for p in pieces], rest), strict=True):
                target.add(rest[col], names[col], piece)
        else:
            if has_ref and not continues and 0 <= ref_at < len(cells) < len(kinds):
                cells = self.short_row(cells, kinds, headers, ref_at, target, previous)
            for col, (kind, header, cell) in enumerate(zip(kinds, headers, cells, strict=False)):  # short rows leave cells empty
                if kind == "ref" and continues:
                    continue
                if col < ref_at and not continues:
                    # a column before 序号 groups the rows; an empty cell is spanned from the row above
                    if clean(cell.text):
                        self.spanning = self.group(cell, self.section)
                    target.group = self.spanning
                    continue
                target.add(kind, header, cell)
                if continues and across_page and kind == "title" and clean(cell.text):
                    target.title_parts.append(cell)  # a title cut by a page break goes on
        target.end = line.start + len(line.text)
        if target is not previous:
            self.rows.append(target)

    def short_row(self, cells: list[Segment], kinds: list[str | None], headers: list[str], ref_at: int,
                  target: _Row, previous: _Row | None) -> list[Segment]:
        """A numbered row with fewer cells than its header: the cells after the number go where
        they fit (the deadline is never read as the lead office); a party or leader column left
        out between two cells the row has is a cell merged over several rows, written once, and
        the row takes it from the row above. Returns the cells up to the number, still to place."""
        after = [c for c in cells[ref_at + 1 :] if clean(c.text)]
        columns = list(range(ref_at + 1, len(kinds)))
        filled: set[int] = set()
        for piece, col in zip(after, align([p.text for p in after], [kinds[c] for c in columns]), strict=True):
            target.add(kinds[columns[col]], headers[columns[col]], piece)
            filled.add(columns[col])
        if previous is not None and previous.kinds == kinds and filled:
            for col in columns:
                kind = kinds[col]
                if col not in filled and col < max(filled) and kind in ("lead", "party", "leader") and kind not in target.cells:
                    for cell in previous.cells.get(kind, []):
                        target.add(kind, headers[col], cell)
        return cells[: ref_at + 1]

    def stream(self, i: int) -> int | None:
        """A table written one cell per line or paragraph, from line ``i``: read its rows
        (:mod:`.cellstream`) and return the line after it, or None when no header starts here."""
        header = stream_header(self.pieces, i)
        if header is None:
            return None
        self.preamble_end = self.lines[i].start if self.preamble_end is None else self.preamble_end
        headings: dict[int, RawSection | None] = {}

        def heading(j: int) -> bool:
            if self.heading(self.lines[j]):
                headings[j] = self.section
                return True
            return False

        section = self.section
        table = read_stream(self.pieces, header, heading)
        self.repeats += table.repeats
        marks = sorted(headings)
        for row in table.rows:
            while marks and marks[0] < row.at:
                section = headings[marks.pop(0)]
            out = _Row(table.kinds, table.names, start=row.start, section=section)
            for col, piece in sorted([*row.cells, *row.carried], key=lambda x: x[0]):
                kind = table.kinds[col]
                if "ref" in table.kinds and col < table.kinds.index("ref"):
                    # a column before the number groups the rows (its cell spans them): a section
                    out.group = self.group(piece, section)
                    continue
                out.add(kind, table.names[col], piece)
            if row.ref is not None:
                out.add("ref", table.names[table.kinds.index("ref")], row.ref)
            out.end = row.end
            self.rows.append(out)
        self.section = section
        return max(table.end, i + 1)

    def group(self, piece: Segment, parent: RawSection | None) -> RawSection:
        """The section a group cell (a column before 序号) names: one per cell, carried down
        to the rows it spans."""
        if piece.start not in self.groups:
            title = clean(piece.text)
            level = parent.level + 1 if parent is not None else 1
            self.groups[piece.start] = RawSection(title[:20], None, level, title, piece.start, piece.end, parent, [])
            self.sections.append(self.groups[piece.start])
        return self.groups[piece.start]


def _unspanned(cells: list[Segment], width: int, ref_at: int, at: int) -> list[Segment]:
    """A row with fewer cells than its header whose number stands early: the cells before it
    span from the row above (written once), so empty cells take their places."""
    missing = width - len(cells)
    if missing > ref_at or not looks_like_ref(cells[ref_at - missing].text):
        return cells
    return [Segment("", at, at)] * missing + cells


def _pieces(lines: list[Line]) -> list[Segment | None]:
    """Each line as a cell of a flattened table, or None for a row of cells on one line."""
    return [None if row_cells(line) is not None else cell_paragraph(line) for line in lines]


def is_table(text: str) -> bool:
    """Whether the text holds a header row (on one line, or one cell per line or paragraph)."""
    lines = [row for line in text_lines(text) for row in unglued(line)]
    pieces = _pieces(lines)
    for i, line in enumerate(lines):
        cells = row_cells(line)
        if cells and header_kinds([c.text for c in cells]):
            return True
        if cells is None and stream_header(pieces, i) is not None:
            return True
    return False


def parse_table(norm: Normalized) -> RawDocument:
    """Parse a table document (normalised) into its raw structure."""
    table = _Table(norm)
    table.read()
    if table.repeats:
        table.issues.append(RawIssue("removed_block", f"the header row repeats {table.repeats} times (page breaks); repeats skipped"))
    meta = read_meta(norm.text, preamble_end=table.preamble_end if table.preamble_end is not None else len(norm.text))
    rows = table.rows[:-1] if table.rows and _row_cut(norm.text, table.rows) else table.rows
    if len(rows) < len(table.rows):
        last = table.rows[-1]
        table.issues.append(RawIssue("unparsed_line", f"the text ends inside row {last.text('ref') or last.text('title')[:12]} "
                                     "(the page is cut off there); not taken as an item", last.start))
    items = [item for row in rows if (item := _item(row, meta.year, table.issues)) is not None]
    used = {id(row.group or row.section) for row in table.rows}
    sections = [s for s in table.sections if id(s) in used or any(id(c) in used for c in _children(s, table.sections))]
    return RawDocument(
        title=meta.title, title_start=meta.title_start, issuers=meta.issuers, year=meta.year,
        kind=meta.kind, doc_number=meta.doc_number, as_of=meta.as_of,
        sections=sections, items=items, issues=table.issues,
    )


_NONE = ("无", "暂无", "/")


def _row_cut(text: str, rows: list[_Row]) -> bool:
    """Whether the page ends inside the last row: nothing follows it, and its cells stop
    before the party columns that the rows before it fill."""
    last = rows[-1]
    if len(rows) < 2 or not ends_at(text, last.end) or any(last.text(k) in _NONE for k in ("title", "content")):
        return False  # a row saying 无 is an empty section, said in full
    parties = [i for i, k in enumerate(last.kinds) if k in ("lead", "party")]
    if not parties or any(clean(c.text) for k in ("lead", "party") for c in last.cells.get(k, [])):
        return False
    filled = [_column(last, key) for key, cells in last.cells.items() if any(clean(c.text) for c in cells)]
    others = [r for r in rows[:-1] if any(clean(c.text) for k in ("lead", "party") for c in r.cells.get(k, []))]
    return max(filled, default=-1) < min(parties) and len(others) * 2 >= len(rows) - 1


def _column(row: _Row, key: str) -> int:
    """The position of a cell's column in its row's header."""
    if key.startswith("other:") and key[6:] in row.headers:
        return row.headers.index(key[6:])
    return row.kinds.index(key) if key in row.kinds else -1


def _children(section: RawSection, sections: list[RawSection]) -> Iterator[RawSection]:
    for s in sections:
        parent = s.parent
        while parent is not None:
            if parent is section:
                yield s
                break
            parent = parent.parent


def _item(row: _Row, year: int | None, issues: list[RawIssue]) -> RawItem | None:
    section = row.group or row.section
    title_cell = row.first("title") or row.first("content") or row.first("target") or row.first("tasks")
    title = clean("".join(c.text.strip() for c in [title_cell, *row.title_parts])) if title_cell else ""
    if not title or title in _NONE:
        number = row.text("ref")
        if number and looks_like_ref(number) and not title:
            issues.append(RawIssue("unparsed_line", f"row {number} of the table has no task text; not taken as an item", row.start))
            return None
        where = f"section {section.ordinal}、{section.title}" if section else "the table"
        issues.append(RawIssue("empty_section", f"{where} lists no items (the row says “{title or '—'}”)", row.start))
        return None
    ref = re.sub(r"[（()）.．、\s]", "", row.text("ref"))
    number = parse_number(ref) if ref else None
    item = RawItem(ref, int(number) if number is not None and number == int(number) else None, title, title, row.start, row.end, section)
    parts: list[Segment] = []
    for kind, label in (("lead", "牵头单位"), ("party", "责任单位")):
        cells = [c for c in row.cells.get(kind, []) if clean(c.text)]
        if cells:
            # a list continued on the next page, or one party per paragraph, resumes with a new name
            parts.append(Segment(f"{label}：", cells[0].start, cells[0].start))
            for i, cell in enumerate(cells):
                if i:
                    parts.append(Segment("、", cell.start, cell.start))
                parts.append(cell)
            parts.append(Segment("；", cells[-1].end, cells[-1].end))
    if parts:
        joined = Joined.of(parts)
        parsed = parse_parties(joined.text)
        item.open_list = parsed.open_list
        item.parties.extend(
            RawParty(m.surface, m.role, m.rule, joined.to_document(m.start), joined.to_document(m.end))
            for m in parsed.mentions
        )
        for name, why in parsed.refused:
            issues.append(RawIssue("not_a_party", f"item {ref or title[:12]}: “{name.text[:30]}” is not taken as a party ({why})",
                                   joined.to_document(name.start), item))
    leaders = row.joined("leader")
    if clean(leaders.text):
        item.leaders.extend(split_leaders(leaders.text, leaders.pieces[0][1], label="责任领导"))
    extra_titles = [c for c in row.cells.get("title", []) if clean(c.text) and c is not title_cell and c not in row.title_parts]
    for seg in [*extra_titles, *row.cells.get("content", []), *row.cells.get("tasks", [])]:
        if seg is not title_cell:
            item.tasks.extend(split_sentences(seg.text, seg.start))
    for seg in row.cells.get("target", []):
        if clean(seg.text):
            item.targets.extend(targets_from_list(seg, year=year))
    if not row.cells.get("target"):
        for seg in [s for s in row.cells.get("title", []) if clean(s.text)]:
            item.targets.extend(targets_in_text(seg.text, seg.start, year=year))
    deadlines = [s for s in row.cells.get("deadline", []) if clean(s.text)]
    if deadlines:
        # the deadline column dates the row's figures; alone, it makes the row a milestone
        item.targets[:] = dated_by(item.targets, deadlines[0], title=title, year=year)
    progress = row.joined("progress")
    if clean(progress.text):
        item.progress.append(Segment(clean(progress.text), progress.pieces[0][1], row.end))
    if ref_text := row.text("reference"):
        item.references.append(re.sub(r"\s+", "", ref_text))
    if note := row.text("note"):
        item.notes.append(note)
    for key, cells in row.cells.items():
        if key.startswith("other:") and (value := clean(Joined.of([c for c in cells if clean(c.text)]).text)):
            item.notes.append(f"{key[6:]}：{value}")
    return item
