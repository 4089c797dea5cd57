"""Outline documents: numbered units, and the ones among them that carry responsibility.

One parser serves the genre in its many dresses: ``一、`` / ``（一）`` headings over ``1.``
items, ``项目一：`` projects, ``（三）`` measures of a State Council opinion, a whole document
on one line. The numbering is read into an outline (:mod:`.markers`); which units are *items*
is then read from where responsibility is stated (:mod:`.statements`, labelled fields):

* a run of sibling units in which some state responsibility is a run of items (the others
  are items with no office, reported);
* a unit above such runs is a heading (a section);
* a run that states nothing, above nothing that does, is prose (指导思想, 基本原则, 保障措施)
  and not itemised — reported in the quality notes;
* a unit holding several bracketed statements holds several items (``十#1``, ``十#2``): in
  place when it is one paragraph, and as a section of its own, titled by its first sentence,
  when its statements stand in paragraphs of their own;
* a standing rule (以下均需X落实，不再列出) adds X to every later item.

A document that states no responsibility anywhere is itemised by its content: the shallowest
numbering style whose units mostly hold content carries the items.

>>> from dutygraph.importers.text.normalize import normalize
>>> doc = parse_outline(normalize("某县教育局2023年工作要点\\n一、基础教育\\n"
...     "1.扩充学位。新建幼儿园3所。（学前科牵头，财务科配合）\\n"
...     "2.改善条件。（责任单位：基教科）\\n"))
>>> [(i.ref, i.title, [(p.surface, p.role, p.rule) for p in i.parties]) for i in doc.items]
[('1', '扩充学位。', [('学前科', 'lead', 'explicit'), ('财务科', 'support', 'explicit')]), ('2', '改善条件。', [('基教科', 'lead', 'first_listed')])]
>>> doc.items[0].targets[0].facts.value, doc.items[0].section.title
(3.0, '基础教育')
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from dutygraph.importers.facts.fields import (
    Field,
    clean,
    find_fields,
    heading_leaders,
    split_leaders,
    split_sentences,
)
from dutygraph.importers.structure.markers import Unit, find_blocks, nest
from dutygraph.importers.structure.item_reader import ItemReader
from dutygraph.importers.structure.meta import read_meta
from dutygraph.importers.text.normalize import Normalized
from dutygraph.importers.facts.parties import split_parties
from dutygraph.importers.structure.raw import RawDocument, RawIssue, RawItem, RawParty, RawSection, Segment
from dutygraph.importers.facts.statements import Statement, find_statements
from dutygraph.importers.structure.truncation import drop_cut, outline_item_cut

__all__ = ["parse_outline"]

_DECLARATION = re.compile(r"(?:列|排)在?(?:第一|首)(?:位|个).{0,6}?为牵头.{0,6}?下同")
_CLOSING_REF = "其他"
_SHOWN = 6


def _groups(units: list[Unit]) -> Iterator[list[Unit]]:
    """Runs of consecutive siblings of one style; a restart at 1 begins a new run."""
    run: list[Unit] = []
    for unit in units:
        if run and (unit.block.style != run[-1].block.style or unit.block.number == 1):
            yield run
            run = []
        run.append(unit)
    if run:
        yield run


def _removal_points(norm: Normalized) -> list[int]:
    """Offsets in the normalised text where a removed block (paywall, furniture) stood."""
    line_starts = [0] + [i + 1 for i, ch in enumerate(norm.original) if ch == "\n"]
    points = []
    for block in norm.removed:
        if block.last_line < len(line_starts):
            after = line_starts[block.last_line]
            points.append(bisect.bisect_left(norm.offsets, after))
    return points


class _Parser(ItemReader):
    def __init__(self, norm: Normalized) -> None:
        self.text = norm.text
        self.roots = nest(find_blocks(self.text))
        self.issues: list[RawIssue] = []
        self.declared = False
        self.standing: list[RawParty] = []
        self.breaks = _removal_points(norm)
        self.year: int | None = None
        self.statements: dict[int, list[Statement]] = {}
        self.fields: dict[int, list[Field]] = {}
        for root in self.roots:
            for unit in root.walk():
                self.statements[id(unit)] = find_statements(self.text, unit.block.body_start, unit.own_end)
                self.fields[id(unit)] = find_fields(self.text, unit.block.body_start, unit.own_end)
        self.stated = self._stated_by_statements()
        if not any(self.stated(u) for root in self.roots for u in root.walk()):
            self.stated = self._stated_by_content()

    # -- which units are items --------------------------------------------------------
    def _stated_by_statements(self):
        def stated(unit: Unit) -> bool:
            return bool(self.statements[id(unit)]) or any(f.kind == "party" for f in self.fields[id(unit)])

        return stated

    def _stated_by_content(self):
        """No responsibility anywhere: the shallowest style whose units mostly hold content."""
        units = [u for root in self.roots for u in root.walk()]
        styles: list[str] = []
        for u in units:
            if u.block.style not in styles:
                styles.append(u.block.style)
        content = {s: [self._has_content(u) for u in units if u.block.style == s] for s in styles}
        if "project" in styles:
            item_style = "project"
        else:
            item_style = next((s for s in styles if sum(content[s]) * 2 >= len(content[s])), styles[-1] if styles else None)
        return lambda unit: unit.block.style == item_style

    def _has_content(self, unit: Unit) -> bool:
        body = self.text[unit.block.body_start : unit.own_end].strip()
        if any(f.kind != "leader" for f in self.fields[id(unit)]):
            return True  # a leader alone (分管领导：…) is what headings carry too
        first_line = body.split("\n", 1)[0]
        return len(clean(body)) > 50 or (len(split_sentences(first_line)) > 1)

    def roles(self) -> dict[int, str]:
        """``item``, ``heading`` or ``prose`` for every unit outside an item."""
        roles: dict[int, str] = {}

        def below(unit: Unit) -> bool:
            return any(self.stated(d) for d in unit.walk() if d is not unit)

        def assign(units: list[Unit]) -> None:
            for group in _groups(units):
                carries = any(self.stated(u) for u in group)
                for unit in group:
                    if carries:
                        roles[id(unit)] = "item"
                    elif below(unit):
                        roles[id(unit)] = "heading"
                        assign(unit.children)
                    else:
                        roles[id(unit)] = "prose"

        assign(self.roots)
        return roles

    # -- the walk ---------------------------------------------------------------------
    def parse(self, year: int | None) -> tuple[list[RawSection], list[RawItem]]:
        self.year = year
        roles = self.roles()
        sections: list[RawSection] = []
        items: list[RawItem] = []
        prose: list[Unit] = []
        lost = False
        previous = 0

        def visit(unit: Unit, parent_section: RawSection | None, level: int) -> None:
            nonlocal lost, previous
            role = roles[id(unit)]
            crossed = any(previous < b <= unit.block.start for b in self.breaks)
            previous = unit.block.start
            if role == "heading":
                lost = False
                section = self.section(unit, parent_section, level)
                sections.append(section)
                for child in unit.children:
                    visit(child, section, level + 1)
                return
            if role == "prose":
                prose.extend(unit.walk())
                return
            if crossed:
                # what a removed block hid may include headings: the section is unknown
                lost = True
                self.issues.append(RawIssue("removed_block", "the items after a removed block have no known section", unit.block.start))
            self.emit(unit, None if lost else parent_section, level, sections, items)

        for root in self.roots:
            visit(root, None, 1)
        if prose and any(roles[k] == "item" for k in roles):
            shown = "、".join(clean(self.text[u.block.start : u.own_end].split("\n", 1)[0])[:12] for u in prose[:_SHOWN])
            more = f" and {len(prose) - _SHOWN} more" if len(prose) > _SHOWN else ""
            self.issues.append(RawIssue(
                "no_responsibility",
                f"{len(prose)} numbered paragraph{'s' if len(prose) > 1 else ''} state{'' if len(prose) > 1 else 's'} "
                f"no responsibility and {'are' if len(prose) > 1 else 'is'} not taken as items: {shown}{more}",
                prose[0].block.start,
            ))
        return sections, items

    def section(self, unit: Unit, parent: RawSection | None, level: int, title_end: int | None = None) -> RawSection:
        block = unit.block
        raw = self.text[block.body_start : unit.own_end]
        if _DECLARATION.search(raw):
            self.declared = True
        line = raw.split("\n", 1)[0] if title_end is None else self.text[block.body_start : title_end]
        title, leaders = heading_leaders(line, block.body_start)
        for f in self.fields[id(unit)]:  # 分管领导：… under the heading
            if f.kind == "leader" and clean(f.value.text):
                at = f.value.start + f.value.text.find(clean(f.value.text))
                leaders.extend(split_leaders(clean(f.value.text), at, label=f.label))
        ordinal = block.ordinal.rstrip("、 ")
        return RawSection(ordinal, block.number, level, title, block.start, unit.own_end, parent, leaders)

    def emit(self, unit: Unit, section: RawSection | None, level: int, sections: list[RawSection], items: list[RawItem]) -> None:
        """The items of one item unit: itself, its segments, its nested items."""
        block = unit.block
        ref = block.ordinal.rstrip("、.．：: ")
        if block.style in ("num", "paren", "h1", "h2", "dec2", "dec3"):
            ref = re.sub(r"[（()）\s]", "", ref).rstrip(".")
        remarks = self.statements[id(unit)]
        has_fields = any(f.kind == "party" for f in self.fields[id(unit)])
        if len(remarks) > 1 and not has_fields:
            body = self.text[block.body_start : remarks[-1].start]
            if "\n" in body.strip():
                # measures in paragraphs of their own under a lead sentence: a group of items
                head = split_sentences(self.text[block.body_start : unit.own_end], block.body_start)
                title_end = head[0].end if head else block.body_start
                group = self.section(unit, section, level, title_end)
                sections.append(group)
                self.segments(unit, ref, title_end, remarks, group, items, first_number=None)
            else:
                self.segments(unit, ref, block.start, remarks, section, items, first_number=block.number)
            return
        first, closing = self.item(ref, block.number, block.start, block.body_start, unit.own_end, section, None, remarks)
        items.append(first)
        self.children(unit, first, items)
        if closing is not None:
            items.append(closing)

    def segments(self, unit: Unit, ref: str, start: int, remarks: list[Statement],
                 section: RawSection | None, items: list[RawItem], first_number: int | None) -> None:
        """One item per statement: each runs from the end of the one before to its statement."""
        at = start
        for i, remark in enumerate(remarks):
            last = i + 1 == len(remarks)
            end = unit.own_end if last else self._after(remark.end, remarks[i + 1].start)
            body = unit.block.body_start if at == unit.block.start else at
            item, _ = self.item(f"{ref}#{i + 1}", first_number if i == 0 else None, at, body, end, section, None, [remark])
            items.append(item)
            at = end
        self.children(unit, items[-1], items)

    def _after(self, position: int, limit: int) -> int:
        """Past the punctuation and blanks that close a statement."""
        while position < limit and self.text[position] in "。；; \t\n":
            position += 1
        return position

    def children(self, unit: Unit, item: RawItem, items: list[RawItem]) -> None:
        """Nested units: items of their own when they state responsibility, else tasks."""
        made: list[tuple[Unit, RawItem]] = []
        for child in unit.children:
            ref = re.sub(r"[（()）\s]", "", child.block.ordinal.rstrip("、.．：: ")).rstrip(".")
            remarks = self.statements[id(child)]
            sub, _ = self.item(ref, child.block.number, child.block.start, child.block.body_start, child.own_end,
                               item.section, item, remarks)
            made.append((child, sub))
        stated = [(c, s) for c, s in made if s.parties]
        if len(stated) == 1 and len(made) > 1 and stated[0] is made[-1] and not item.parties:
            # one statement after the last of several measures belongs to the item itself
            item.parties.extend(stated[0][1].parties)
            item.open_list |= stated[0][1].open_list
            stated = []
        for child, sub in made:
            if (child, sub) in stated:
                items.append(sub)
                self.children(child, sub, items)
            else:
                item.tasks.append(Segment(clean(self.text[child.block.start : child.end]), child.block.start, child.end))
                item.targets.extend(sub.targets)

    # -- one item ---------------------------------------------------------------------
    def item(self, ref: str, number: int | None, marker: int, start: int, end: int,
             section: RawSection | None, parent: RawItem | None, remarks: list[Statement]) -> tuple[RawItem, RawItem | None]:
        """The item in ``text[start:end]``, and an unnumbered closing paragraph after it, if any."""
        split = self.closing_split(start, end)
        if split is None:
            return self.build_item(ref, number, marker, start, end, section, parent, remarks), None
        first = self.build_item(ref, number, marker, start, split, section, parent, [r for r in remarks if r.end <= split])
        closing = self.build_item(_CLOSING_REF, None, split, split, end, section, None, [r for r in remarks if r.start >= split])
        self.issues.append(RawIssue(
            "unparsed_line",
            f"an unnumbered paragraph with responsibilities of its own follows item {ref}; kept as item '{_CLOSING_REF}'",
            split, closing,
        ))
        return first, closing

    def closing_split(self, start: int, end: int) -> int | None:
        """Where prose after an item's responsibility list starts a paragraph of its own.

        The list ends at its line, or where its names stop (a crawl that lost the break);
        the prose is a closing paragraph when another party field follows it.
        """
        fields = find_fields(self.text, start, end)
        for i, f in enumerate(fields[:-1]):
            if f.kind != "party" or fields[i + 1].kind != "party":
                continue
            value = f.value.text
            body = len(value) - len(value.lstrip())
            cut = value.find("\n", body)
            if cut != -1 and clean(value[cut:]):
                return f.value.start + cut
            parsed = split_parties(value, f.value.start, list_ends=True)
            if parsed.names and parsed.refused and clean(parsed.refused[-1][0].text):
                return parsed.refused[-1][0].start
        return None

    def build_item(self, ref: str, number: int | None, marker: int, start: int, end: int,
                   section: RawSection | None, parent: RawItem | None, remarks: list[Statement]) -> RawItem:
        text = self.text
        remarks = [r for r in remarks if start <= r.start and r.end <= end]
        fields = [f for f in find_fields(text, start, end) if not any(r.start <= f.start < r.end for r in remarks)]
        head_end = min([f.start for f in fields] + [r.start for r in remarks if r.kind == "remark"] + [end])
        head = text[start:head_end]
        item = RawItem(ref, number, "", "", marker, end, section, parent)
        lines = [seg for seg in re.finditer(r"[^\n]+", head) if clean(seg.group())]
        # a title on a line of its own (1.健全体制机制 / 目标任务:…), unless that line holds a
        # sentence end: then the paragraph was wrapped, and its first sentence is the title
        own_line = lines and not re.search("[。；;！？!?]", lines[0].group().rstrip("。；; \t"))
        if own_line and (len(lines) > 1 or (fields and "\n" in head)):
            first = lines[0]
            item.title = clean(first.group())
            title_end = start + first.end()
        else:
            sentences = split_sentences(head, start)
            item.title = clean(sentences[0].text) if sentences else ""
            title_end = sentences[0].end if sentences else start
        body_end = fields[0].start if fields else end
        pieces = self._outside(title_end, body_end, remarks)
        item.text = clean(" ".join(text[a:b] for a, b in self._outside(start, end, remarks)) if remarks else text[start:body_end])
        for remark in remarks:
            self.statement(item, remark)
        self.fill(item, fields, (start, title_end), pieces)
        if self.standing and parent is None:
            named = {p.surface for p in item.parties}
            item.parties.extend(p for p in self.standing if p.surface not in named)
        return item

    def _outside(self, start: int, end: int, remarks: list[Statement]) -> list[tuple[int, int]]:
        """``[start, end)`` without the statements in it."""
        out, at = [], start
        for r in remarks:
            if r.kind == "remark" and r.start >= at:
                if r.start > at:
                    out.append((at, r.start))
                at = r.end
        if at < end:
            out.append((at, end))
        return out


def parse_outline(norm: Normalized) -> RawDocument:
    """Parse an outline document (normalised) into its raw structure."""
    parser = _Parser(norm)
    preamble_end = parser.roots[0].block.start if parser.roots else len(norm.text)
    meta = read_meta(norm.text, preamble_end=preamble_end)
    if _DECLARATION.search(norm.text[:preamble_end]):
        parser.declared = True
    sections, items = parser.parse(meta.year)
    items = drop_cut(norm.text, items, parser.issues, outline_item_cut)
    return RawDocument(
        title=meta.title,
        title_start=meta.title_start,
        issuers=meta.issuers,
        year=meta.year,
        kind=meta.kind,
        doc_number=meta.doc_number,
        as_of=meta.as_of,
        sections=sections,
        items=items,
        issues=parser.issues,
    )
