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

>>> from dutygraph.importers.normalize import normalize
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

from dutygraph.importers.columns import align, column_kind, fits_somewhere, header_kinds, looks_like_ref
from dutygraph.importers.fields import (
    Joined,
    clean,
    dated_by,
    heading_leaders,
    split_leaders,
    split_sentences,
    targets_from_list,
    targets_in_text,
)
from dutygraph.importers.meta import read_meta
from dutygraph.importers.normalize import Normalized
from dutygraph.importers.numbers import parse_number
from dutygraph.importers.raw import RawDocument, RawIssue, RawItem, RawParty, RawSection, Segment
from dutygraph.importers.responsibility import parse_parties

__all__ = ["parse_table", "is_table"]

_HEADING = re.compile(r"^\s*(?P<ordinal>[一二三四五六七八九十]{1,3}\s*、|[（(][一二三四五六七八九十]{1,3}[）)])(?P<title>.+)$")
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MIN_FLAT_HEADER = 3


@dataclass(frozen=True)
class _Line:
    text: str
    start: int


def _lines(text: str) -> list[_Line]:
    out, at = [], 0
    for line in text.split("\n"):
        out.append(_Line(line, at))
        at += len(line) + 1
    return out


_REF_END = re.compile(r"(?:序号|编号)\s*$")
_GLUED_NUMBER = re.compile(r"(?P<n>\d{1,5})\s*$")


def _unglued(line: _Line) -> list[_Line]:
    """A whole table on one line (a crawl that lost its breaks) as its rows.

    The cells keep their separators (tabs or pipes); where a row's last cell runs into the next
    row's number (…9月底前2\t新增…), the row ends before the number.
    """
    text = line.text
    sep = "\t" if text.count("\t") >= 6 else ("|" if text.count("|") >= 10 else None)
    if sep is None:
        return [line]
    parts = [(m.start(), m.end()) for m in re.finditer(f"[^{re.escape(sep)}]+", text)]
    parts = [(a, b) for a, b in parts if text[a:b].strip() and not re.fullmatch(r"\s*:?-{3,}:?\s*", text[a:b])]
    for h, (a, b) in enumerate(parts):
        if not (m := _REF_END.search(text[a:b])):
            continue
        k = h + 1
        while k < len(parts) and column_kind(_glued_text(text, parts[k])) not in (None, "ref"):
            k += 1
        names = ["序号"] + [_glued_text(text, p) for p in parts[h + 1 : k]]
        if len(names) < _MIN_FLAT_HEADER or header_kinds(names) is None:
            continue
        rows = _rows([(a + m.start(), b), *parts[h + 1 :]], text, len(names))
        out = [_Line(text[: rows[0][0]], line.start)] if text[: rows[0][0]].strip() else []
        out.extend(_Line(text[s:e], line.start + s) for s, e in rows)
        if rows[-1][1] < len(text) and text[rows[-1][1] :].strip(" |\t"):
            out.append(_Line(text[rows[-1][1] :], line.start + rows[-1][1]))
        return out
    return [line]


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


def _cells(line: _Line) -> list[Segment] | None:
    """The cells of a row written on one line: tab-separated, or with two or more pipes."""
    text = line.text
    if "\t" in text:
        parts, sep = text.split("\t"), 1
    elif text.count("|") >= 2 and not _RULE.match(text):
        parts, sep = text.split("|"), 1
        if parts and not parts[0].strip():
            parts = parts[1:]
            offset = text.index("|") + 1
        else:
            offset = 0
        while parts and not parts[-1].strip() and len(parts) > 1:
            parts = parts[:-1]
        cells, at = [], line.start + offset
        for part in parts:
            cells.append(Segment(part, at, at + len(part)))
            at += len(part) + sep
        return cells
    else:
        return None
    cells, at = [], line.start
    for part in parts:
        cells.append(Segment(part, at, at + len(part)))
        at += len(part) + sep
    return cells


def _piece(line: _Line) -> Segment:
    """One paragraph of a flattened table, without the pipes a crawl left around it."""
    text = line.text
    start, end = 0, len(text)
    while start < end and text[start] in " \t|":
        start += 1
    while end > start and text[end - 1] in " \t|":
        end -= 1
    return Segment(text[start:end], line.start + start, line.start + end)


@dataclass
class _Row:
    kinds: list[str | None]
    headers: list[str]
    cells: dict[str, list[Segment]] = field(default_factory=dict)
    start: int = 0
    end: int = 0
    section: RawSection | None = None
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
        self.lines = [row for line in _lines(self.text) for row in _unglued(line)]
        self.sections: list[RawSection] = []
        self.section: RawSection | None = None
        self.rows: list[_Row] = []
        self.issues: list[RawIssue] = []
        self.preamble_end: int | None = None
        self.repeats = 0
        self.fresh = False  # a header row came since the last data row

    # -- headings ---------------------------------------------------------------------
    def heading(self, line: _Line) -> bool:
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
            cells = _cells(line)
            if cells is not None:
                found = header_kinds([c.text for c in cells])
                if found is not None:
                    new_key = "\t".join(re.sub(r"\s+", "", c.text) for c in cells)
                    self.repeats += new_key == key
                    kinds, headers, key = found, [clean(c.text) for c in cells], new_key
                    self.fresh = True
                    self.preamble_end = line.start if self.preamble_end is None else self.preamble_end
                elif kinds is not None:
                    self.row(cells, kinds, headers, line)
                i += 1
                continue
            flat = self.flat_header(i)
            if flat is not None:
                i = self.flat_rows(*flat)
                continue
            self.heading(line)  # anything else between tables is prose
            i += 1

    def row(self, cells: list[Segment], kinds: list[str | None], headers: list[str], line: _Line) -> None:
        if _RULE.match(line.text):
            return
        has_ref = "ref" in kinds
        ref_at = kinds.index("ref") if has_ref else -1
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
            for kind, header, cell in zip(kinds, headers, cells, strict=False):  # short rows leave cells empty
                if kind == "ref" and continues:
                    continue
                target.add(kind, header, cell)
                if continues and across_page and kind == "title" and clean(cell.text):
                    target.title_parts.append(cell)  # a title cut by a page break goes on
        target.end = line.start + len(line.text)
        if target is not previous:
            self.rows.append(target)

    def flat_header(self, i: int) -> tuple[int, list[str | None], list[str], int] | None:
        """A header written one cell per paragraph, from line ``i``: (first line after it, kinds, names, start)."""
        head = _piece(self.lines[i]).text
        if len(head) > 6 or column_kind(head) != "ref":
            return None  # a flattened header starts at its 序号 (this keeps the scan linear)
        names: list[str] = []
        kinds: list[str | None] = []
        j = i
        while j < len(self.lines):
            piece = _piece(self.lines[j])
            if not piece.text:
                j += 1
                if names:
                    continue
                return None
            kind = column_kind(piece.text) if len(piece.text) <= 16 and not re.search("[。，；;]", piece.text) else None
            if kind is None or (kinds and kind == "ref"):
                break
            names.append(piece.text)
            kinds.append(kind)
            j += 1
        if len(kinds) < _MIN_FLAT_HEADER or kinds[0] != "ref" or header_kinds(names) is None:
            return None
        return j, header_kinds(names) or kinds, names, self.lines[i].start

    def flat_rows(self, j: int, kinds: list[str | None], headers: list[str], start: int) -> int:
        """Rows of a flattened table: each starts at its number; returns the line after the last."""
        self.preamble_end = start if self.preamble_end is None else self.preamble_end
        rest = [k for k in kinds[1:]]
        names = headers[1:]
        expected: int | None = None
        current: list[Segment] = []
        ref: Segment | None = None
        section = self.section

        def close() -> None:
            if ref is None:
                return
            row = _Row(kinds, headers, start=ref.start, section=section)
            row.add("ref", headers[0], ref)
            for piece, col in zip(current, align([p.text for p in current], rest), strict=True):
                row.add(rest[col], names[col], piece)
            row.end = current[-1].end if current else ref.end
            self.rows.append(row)

        while j < len(self.lines):
            line = self.lines[j]
            piece = _piece(line)
            if not piece.text:
                j += 1
                continue
            number = parse_number(piece.text) if looks_like_ref(piece.text) else None
            starts = number is not None and (expected is None or number == expected) and (ref is None or current)
            if starts:
                close()
                ref, current, expected = piece, [], int(number) + 1 if number is not None else None
                section = self.section
            elif ref is None and self.heading(line):
                section = self.section
            elif ref is None:
                break
            elif len(current) >= len(rest) - 1 and not fits_somewhere(piece.text, rest):
                break  # what follows the last row (分享到:, a signature) is not the table's
            else:
                current.append(piece)
            j += 1
        close()
        return j


def is_table(text: str) -> bool:
    """Whether the text holds a header row (on one line, or one cell per paragraph)."""
    reader = _Table.__new__(_Table)
    reader.lines = [row for line in _lines(text) for row in _unglued(line)]
    for i, line in enumerate(reader.lines):
        cells = _cells(line)
        if cells and header_kinds([c.text for c in cells]):
            return True
        if cells is None and reader.flat_header(i) is not None:
            return True
    return False


def parse_table(norm: Normalized) -> RawDocument:
    """Parse a table document (normalised) into its raw structure."""
    table = _Table(norm)
    table.read()
    if table.repeats:
        table.issues.append(RawIssue("removed_block", f"the header row repeats {table.repeats} times (page breaks); repeats skipped"))
    meta = read_meta(norm.text, preamble_end=table.preamble_end if table.preamble_end is not None else len(norm.text))
    items = [item for row in table.rows if (item := _item(row, meta.year, table.issues)) is not None]
    used = {id(row.section) for row in table.rows}
    sections = [s for s in table.sections if id(s) in used or any(id(c) in used for c in _children(s, table.sections))]
    return RawDocument(
        title=meta.title, title_start=meta.title_start, issuers=meta.issuers, year=meta.year,
        kind=meta.kind, doc_number=meta.doc_number, as_of=meta.as_of,
        sections=sections, items=items, issues=table.issues,
    )


def _children(section: RawSection, sections: list[RawSection]) -> Iterator[RawSection]:
    for s in sections:
        parent = s.parent
        while parent is not None:
            if parent is section:
                yield s
                break
            parent = parent.parent


def _item(row: _Row, year: int | None, issues: list[RawIssue]) -> RawItem | None:
    section = row.section
    title_cell = row.first("title") or row.first("content")
    title = clean("".join(c.text.strip() for c in [title_cell, *row.title_parts])) if title_cell else ""
    if not title or title in ("无", "暂无", "/"):
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
