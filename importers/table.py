"""Table documents: rows of cells under a header that names the columns.

Task-decomposition and progress tables arrive flattened to text: tab-separated (or markdown
``| a | b |``) rows, the header row repeated at every page break, cells continuing across pages
(a row with an empty 序号 continues the previous row's cells), section headings on lines of
their own. Columns are recognised by the header's words (序号, 任务/工作内容, 责任领导,
牵头单位, 责任单位/工作部门, 完成时限, 工作进展情况, 备注 …), not by position.

>>> from dutygraph.importers.normalize import normalize
>>> text = "某市教育局2023年任务分解表\\n序号\\t任务\\t牵头单位\\t责任单位\\t完成时限\\n" \\
...        "1\\t新建幼儿园5所\\t学前科\\t财务科、基教科\\t2023年底前\\n"
>>> doc = parse_table(normalize(text))
>>> item = doc.items[0]
>>> item.title, [(p.surface, p.role, p.rule) for p in item.parties]
('新建幼儿园5所', [('学前科', 'lead', 'explicit'), ('财务科', 'support', 'explicit'), ('基教科', 'support', 'explicit')])
>>> [(t.facts.value, t.facts.unit, t.facts.deadline) for t in item.targets]
[(5.0, '所', datetime.date(2023, 12, 31))]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dutygraph.importers.fields import (
    Joined,
    clean,
    heading_leaders,
    inherit_deadline,
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

__all__ = ["parse_table", "column_kind", "is_table"]

_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ref", ("序号", "编号", "项目编号")),
    ("reference", ("来源", "依据", "文件来源")),
    ("leader", ("责任领导", "牵头领导", "分管领导", "负责领导", "督办领导", "责任人")),
    ("lead", ("牵头单位", "牵头处室", "牵头部门", "牵头科室")),
    ("party", ("责任单位", "责任处室", "责任部门", "工作部门", "承办单位", "配合单位", "协办单位", "参与单位", "责任科室")),
    ("deadline", ("完成时限", "完成时间", "时间节点", "时限")),
    ("target", ("预期目标", "工作目标", "目标任务", "效果", "目标")),
    ("progress", ("进展", "完成情况", "进度")),
    ("tasks", ("工作措施", "主要措施", "具体措施")),
    ("note", ("备注",)),
    ("title", ("工作内容", "工程内容", "主要内容", "任务", "项目名称", "项目", "事项", "内容", "建议", "提案")),
)
_HEADING = re.compile(r"^\s*(?P<ordinal>[一二三四五六七八九十]{1,3}\s*、|[（(][一二三四五六七八九十]{1,3}[）)])(?P<title>.+)$")


def column_kind(header: str) -> str | None:
    """What a header cell names, or None.

    >>> column_kind("工作部门及 负责人（需填写联系方式）"), column_kind("序号"), column_kind("甲")
    ('party', 'ref', None)
    """
    cell = re.sub(r"\s+", "", header)
    for kind, words in _COLUMNS:
        if any(w in cell for w in words):
            return kind
    return None


def _cells(line: str, start: int) -> list[Segment] | None:
    if "\t" in line:
        parts = line.split("\t")
    elif line.strip().startswith("|") and line.strip().endswith("|") and line.count("|") >= 3:
        inner = line.strip()
        start += line.index(inner) + 1
        parts = inner[1:-1].split("|")
    else:
        return None
    cells, at = [], start
    for part in parts:
        cells.append(Segment(part, at, at + len(part)))
        at += len(part) + 1
    return cells


def _header(cells: list[Segment]) -> list[str | None] | None:
    kinds = [column_kind(c.text) if len(clean(c.text)) <= 20 else None for c in cells]
    known = [k for k in kinds if k]
    if len(known) >= 2 and ("title" in known or "party" in known or "lead" in known):
        return kinds
    return None


def is_table(text: str) -> bool:
    """Whether the text holds a header row that names at least two known columns."""
    at = 0
    for line in text.split("\n"):
        cells = _cells(line, at)
        at += len(line) + 1
        if cells and _header(cells):
            return True
    return False


@dataclass
class _Row:
    cells: dict[str, list[Segment]] = field(default_factory=dict)
    start: int = 0
    end: int = 0

    def joined(self, kind: str) -> Joined:
        return Joined.of([s for s in self.cells.get(kind, []) if clean(s.text)])

    def text(self, kind: str) -> str:
        return clean(self.joined(kind).text)


def parse_table(norm: Normalized) -> RawDocument:
    """Parse a table document (normalised) into its raw structure."""
    text = norm.text
    lines, at = [], 0
    for line in text.split("\n"):
        lines.append((line, at))
        at += len(line) + 1
    header: list[str | None] | None = None
    header_key: str | None = None
    preamble_end: int | None = None
    rows: list[tuple[_Row, RawSection | None]] = []
    sections: list[RawSection] = []
    issues: list[RawIssue] = []
    repeats = 0
    section: RawSection | None = None
    for line, start in lines:
        cells = _cells(line, start)
        if cells is None:
            if m := _HEADING.match(line):
                title, leaders = heading_leaders(m.group("title"), start + m.start("title"))
                level = 1 if "、" in m.group("ordinal") else 2
                parent = next((s for s in reversed(sections) if s.level < level), None) if level > 1 else None
                ordinal = re.sub(r"\s", "", m.group("ordinal")).rstrip("、")
                number = parse_number(re.sub(r"[（()）]", "", ordinal))
                section = RawSection(ordinal, int(number) if number else None, level, title, start, start + len(line), parent, leaders)
                sections.append(section)
                if preamble_end is None:
                    preamble_end = start
            continue
        if (kinds := _header(cells)) is not None:
            key = "\t".join(re.sub(r"\s+", "", c.text) for c in cells)
            if key == header_key:
                repeats += 1
            header, header_key = kinds, key
            if preamble_end is None:
                preamble_end = start
            continue
        if header is None:
            continue
        row = _Row(start=start, end=start + len(line))
        for kind, cell in zip(header, cells, strict=False):  # short rows leave cells empty
            if kind:
                row.cells.setdefault(kind, []).append(cell)
        has_ref = "ref" in header
        continues = rows and (
            (has_ref and not row.text("ref")) or (not has_ref and not row.text("title"))
        )
        if continues:
            previous = rows[-1][0]
            for kind, segs in row.cells.items():
                previous.cells.setdefault(kind, []).extend(segs)
            previous.end = row.end
        else:
            rows.append((row, section))
    if repeats:
        issues.append(RawIssue("removed_block", f"the header row repeats {repeats} times (page breaks); repeats skipped"))
    meta = read_meta(text, preamble_end=preamble_end if preamble_end is not None else len(text))
    items = []
    for row, sec in rows:
        item = _item(row, sec, meta.year, meta.as_of, issues)
        if item is not None:
            items.append(item)
    return RawDocument(
        title=meta.title, title_start=meta.title_start, issuers=meta.issuers, year=meta.year,
        kind=meta.kind, doc_number=meta.doc_number, as_of=meta.as_of,
        sections=sections, items=items, issues=issues,
    )


def _item(row: _Row, section: RawSection | None, year: int | None, as_of, issues: list[RawIssue]) -> RawItem | None:
    title = row.text("title")
    if not title or title in ("无", "暂无", "/"):
        where = f"section {section.ordinal}、{section.title}" if section else "the table"
        issues.append(RawIssue("empty_section", f"{where} lists no items (the row says “{title or '—'}”)", row.start))
        return None
    ref = row.text("ref")
    number = parse_number(ref) if ref else None
    item = RawItem(ref, int(number) if number is not None and number == int(number) else None, title, title, row.start, row.end, section)
    parts: list[Segment] = []
    for kind, label in (("lead", "牵头单位"), ("party", "责任单位")):
        cells = [c for c in row.cells.get(kind, []) if clean(c.text)]
        if cells:
            # a list continued on the next page resumes with a new name
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
    leaders = row.joined("leader")
    if clean(leaders.text):
        item.leaders.extend(
            split_leaders(leaders.text, leaders.pieces[0][1], label="责任领导")
        )
    for seg in row.cells.get("tasks", []):
        item.tasks.extend(split_sentences(seg.text, seg.start))
    for seg in row.cells.get("target", []):
        if clean(seg.text):
            item.targets.extend(targets_from_list(seg, year=year))
    if not row.cells.get("target"):
        for seg in row.cells.get("title", []):
            item.targets.extend(targets_in_text(seg.text, seg.start, year=year))
    deadlines = [s for s in row.cells.get("deadline", []) if clean(s.text)]
    if deadlines:
        # the deadline column dates the row's figures; alone, it is a dated target itself
        due = targets_from_list(deadlines[0], year=year)
        if item.targets and due and due[0].facts.deadline:
            when = due[0].facts
            item.targets[:] = [inherit_deadline(t, when.deadline, when.horizon) for t in item.targets]
        else:
            item.targets.extend(due)
    progress = row.joined("progress")
    if clean(progress.text):
        item.progress.append(Segment(clean(progress.text), progress.pieces[0][1], row.end))
    if ref_text := row.text("reference"):
        item.references.append(re.sub(r"\s+", "", ref_text))
    if note := row.text("note"):
        item.notes.append(note)
    return item
