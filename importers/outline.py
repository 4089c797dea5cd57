"""Outline documents: numbered headings and items with labelled fields or trailers.

One parser serves the genre in its many dresses: ``一、`` / ``（一）`` headings over ``1.``
items (or ``项目一：`` projects, or ``（一）`` items over ``1.`` sub-measures); fields on lines
of their own (``责任单位:…``), inline, or in markdown bold; responsibility trailers in
parentheses at the end of an item; a whole document on one line. Which numbering style
carries the items is read from the document itself: the shallowest style whose blocks carry
content (fields, trailers, sentences), styles above it are section levels.

>>> from dutygraph.importers.normalize import normalize
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
from dataclasses import dataclass

from dutygraph.importers.fields import (
    Field,
    Joined,
    clean,
    heading_leaders,
    find_fields,
    split_enumeration,
    split_leaders,
    split_sentences,
    targets_from_list,
    targets_in_text,
)
from dutygraph.importers.meta import read_meta
from dutygraph.importers.normalize import Normalized
from dutygraph.importers.numbers import parse_number
from dutygraph.importers.raw import (
    RawDocument,
    RawIssue,
    RawItem,
    RawParty,
    RawSection,
    Segment,
)
from dutygraph.importers.responsibility import looks_like_trailer, parse_parties

__all__ = ["parse_outline", "find_blocks", "Block"]

_CN = "一二三四五六七八九十"
_STYLES: dict[str, str] = {
    "project": rf"项目\s*(?P<n>[{_CN}百零〇\d]+)\s*[：:、.．]?",
    "h1": rf"(?P<n>[{_CN}]{{1,3}})\s*、",
    "h2": rf"[（(]\s*(?P<n>[{_CN}]{{1,3}})\s*[）)]",
    "num": r"(?P<n>\d{1,3})\s*[.．、](?:(?!\d)|(?=(?:19|20)\d{2}\s*年))",  # 2.0 no; 2.2023年 yes
    "paren": r"[（(]\s*(?P<n>\d{1,3})\s*[）)]",
}
_LINE_START = r"(?m)^[ \t\u3000]*(?:#{1,6}[ \t]*)?(?:\*\*)?[ \t]*"
_INLINE_AFTER = r"(?<=[。；;！？!?）)：:\s])[ \t]*"
_INLINE_STYLES = ("project", "h1", "h2", "num", "paren")
_DECLARATION = re.compile(r"(?:列|排)在?(?:第一|首)(?:位|个).{0,6}?为牵头.{0,6}?下同")
_CLOSING_REF = "其他"


@dataclass
class Block:
    """A numbered block: its style, number, marker and extent in the normalised text."""

    style: str
    number: int | None
    ordinal: str
    start: int
    body_start: int
    end: int
    at_line_start: bool


def _number(token: str) -> int | None:
    value = parse_number(token)
    return int(value) if value is not None and value == int(value) else None


def find_blocks(text: str) -> list[Block]:
    """Numbered blocks in reading order.

    A marker at a line start always opens a block; one inside a line (a one-line document,
    具体措施：1．…2．…) only when it continues its style's numbering, so 2.0 or a stray (1)
    in a sentence never does.
    """
    found: dict[int, tuple[str, re.Match[str], bool]] = {}
    for style, pattern in _STYLES.items():
        for m in re.finditer(_LINE_START + "(?P<marker>" + pattern + ")", text):
            found.setdefault(m.start("marker"), (style, m, True))
    for style in _INLINE_STYLES:
        for m in re.finditer(_INLINE_AFTER + "(?P<marker>" + _STYLES[style] + ")", text):
            found.setdefault(m.start("marker"), (style, m, False))
    last: dict[str, int | None] = {}
    order = list(_STYLES)
    accepted: list[tuple[str, re.Match[str], bool, int | None]] = []
    for pos in sorted(found):
        style, m, at_line_start = found[pos]
        n = _number(m.group("n"))
        if not at_line_start:
            prev = last.get(style)
            fits = n is not None and (n == 1 or (prev is not None and n == prev + 1))
            after_colon = n == 1 and re.search(r"[：:]\s*$", text[max(0, pos - 3) : pos]) is not None
            if not (fits or after_colon):
                continue
        last[style] = n
        for deeper in order[order.index(style) + 1 :]:
            if deeper != "num":  # item numbers may run on across headings
                last.pop(deeper, None)
        accepted.append((style, m, at_line_start, n))
    blocks = []
    for i, (style, m, at_line_start, n) in enumerate(accepted):
        if i + 1 < len(accepted):
            following = accepted[i + 1]
            end = following[1].start() if following[2] else following[1].start("marker")
        else:
            end = len(text)
        start = m.start() if at_line_start else m.start("marker")
        blocks.append(Block(style, n, m.group("marker").strip(), start, m.end("marker"), end, at_line_start))
    return blocks


def _has_content(text: str, block: Block) -> bool:
    body = text[block.body_start : block.end].strip()
    if any(f.kind != "leader" for f in find_fields(text, block.body_start, block.end)):
        return True  # a leader alone (分管领导：…) is what headings carry too
    if _trailer(text, block.body_start, block.end) is not None:
        return True
    first_line = body.split("\n", 1)[0]
    return len(clean(body)) > 50 or (len(split_sentences(first_line)) > 1)


def _trailer(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The responsibility trailer closing ``text[start:end]``: (open paren, close paren)."""
    stop = end
    while stop > start and text[stop - 1] in " \t\n\u3000。.；;*":
        stop -= 1
    if stop <= start or text[stop - 1] not in "）)":
        return None
    depth = 0
    for i in range(stop - 1, start - 1, -1):
        ch = text[i]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            depth -= 1
            if depth == 0:
                return (i, stop - 1) if looks_like_trailer(text[i + 1 : stop - 1]) else None
    return None


def _removal_points(norm: Normalized) -> list[int]:
    """Offsets in the normalised text where a removed block (paywall, furniture) stood."""
    line_starts = [0] + [i + 1 for i, ch in enumerate(norm.original) if ch == "\n"]
    points = []
    for block in norm.removed:
        if block.last_line < len(line_starts):
            after = line_starts[block.last_line]
            points.append(bisect.bisect_left(norm.offsets, after))
    return points


class _Parser:
    def __init__(self, norm: Normalized) -> None:
        self.text = norm.text
        self.blocks = find_blocks(self.text)
        self.issues: list[RawIssue] = []
        self.declared = False
        self.breaks = _removal_points(norm)
        self.year: int | None = None

    # -- structure ------------------------------------------------------------------
    def roles(self) -> tuple[str | None, list[str]]:
        """The item style, and the heading styles above it (outermost first)."""
        styles: list[str] = []
        for b in self.blocks:
            if b.style not in styles:
                styles.append(b.style)
        content = {s: [_has_content(self.text, b) for b in self.blocks if b.style == s] for s in styles}
        if "project" in styles:
            item_style = "project"
        else:
            item_style = next((s for s in styles if sum(content[s]) * 2 >= len(content[s])), styles[-1] if styles else None)
        if item_style is None:
            return None, []
        first_item = next(i for i, b in enumerate(self.blocks) if b.style == item_style)
        multiline = self.text.strip().count("\n") >= 2  # not a whole document on one line
        headings = []
        for style in styles:
            if style == item_style or sum(content[style]) * 2 >= len(content[style]):
                continue
            mine = [i for i, b in enumerate(self.blocks) if b.style == style]
            if multiline and not all(self.blocks[i].at_line_start for i in mine):
                continue
            leads = sum(
                i + 1 < len(self.blocks) and self.blocks[i + 1].style != style for i in mine
            )
            if mine[0] < first_item or leads * 2 > len(mine):
                headings.append(style)
        return item_style, headings

    def parse(self, year: int | None) -> tuple[list[RawSection], list[RawItem]]:
        self.year = year
        item_style, heading_styles = self.roles()
        sections: list[RawSection] = []
        items: list[RawItem] = []
        stack: list[RawSection] = []
        current: RawItem | None = None
        children: list[Block] = []
        child_style: str | None = None
        extra: list[RawItem] = []

        def close() -> None:
            nonlocal children, extra
            if current is not None:
                self.finish_item(current, children, items)
            items.extend(extra)
            children, extra = [], []

        previous_start = self.blocks[0].start if self.blocks else 0
        for block in self.blocks:
            removed = [b for b in self.breaks if previous_start < b <= block.start]
            previous_start = block.start
            if removed and block.style not in heading_styles:
                # what a removed block hid may include headings: the section is unknown
                close()
                current = None
                stack.clear()
                self.issues.append(RawIssue(
                    "removed_block", "the items after a removed block have no known section", block.start,
                ))
            if block.style in heading_styles:
                close()
                current = None
                level = heading_styles.index(block.style) + 1
                del stack[level - 1 :]
                title, leaders = self.heading(block)
                section = RawSection(
                    block.ordinal.rstrip("、 "), block.number, level, title, block.start, block.end,
                    stack[-1] if stack else None, leaders,
                )
                sections.append(section)
                stack.append(section)
                continue
            is_child = current is not None and (
                block.style != item_style
                or (child_style == block.style and children and self.continues(children[-1], block, current))
                or (not children and block.number == 1 and not block.at_line_start)
            )
            if is_child:
                children.append(block)
                child_style = block.style
                continue
            close()
            child_style = None
            made = self.item(block, stack[-1] if stack else None, None)
            current, extra = made[0], made[1:]
        close()
        return sections, items

    def continues(self, last_child: Block, block: Block, parent: RawItem) -> bool:
        if block.number is None or last_child.number is None or block.number != last_child.number + 1:
            return False
        if parent.number is not None and block.number == parent.number + 1:
            return not block.at_line_start or last_child.at_line_start
        return True

    def heading(self, block: Block) -> tuple[str, list]:
        raw = self.text[block.body_start : block.end]
        if _DECLARATION.search(raw):
            self.declared = True
        title, leaders = heading_leaders(raw.split("\n", 1)[0], block.body_start)
        for f in find_fields(self.text, block.body_start, block.end):  # 分管领导：… under the heading
            if f.kind == "leader" and clean(f.value.text):
                at = f.value.start + f.value.text.find(clean(f.value.text))
                leaders.extend(split_leaders(clean(f.value.text), at, label=f.label))
        return title, leaders

    # -- items ----------------------------------------------------------------------
    def item(self, block: Block, section: RawSection | None, parent: RawItem | None) -> list[RawItem]:
        """The item a block holds, and an unnumbered closing paragraph after it, if any."""
        ref = block.ordinal.rstrip("、.．：: ")
        if block.style in ("num", "paren", "h1", "h2"):
            ref = re.sub(r"[（()）\s]", "", ref)
        split = self.closing_split(block.body_start, block.end)
        if split is None:
            return [self.build_item(ref, block.number, block.start, block.body_start, block.end, section, parent)]
        first = self.build_item(ref, block.number, block.start, block.body_start, split, section, parent)
        closing = self.build_item(_CLOSING_REF, None, split, split, block.end, section, None)
        self.issues.append(RawIssue(
            "unparsed_line",
            f"an unnumbered paragraph with responsibilities of its own follows item {ref}; kept as item '{_CLOSING_REF}'",
            split, closing,
        ))
        return [first, closing]

    def closing_split(self, start: int, end: int) -> int | None:
        """Where prose after an item's responsibility line starts a paragraph of its own."""
        fields = find_fields(self.text, start, end)
        for i, f in enumerate(fields[:-1]):
            value = f.value.text
            body = len(value) - len(value.lstrip())
            cut = value.find("\n", body)
            if f.kind == "party" and cut != -1 and clean(value[cut:]) and fields[i + 1].kind == "party":
                return f.value.start + cut
        return None

    def build_item(
        self, ref: str, number: int | None, marker: int, start: int, end: int,
        section: RawSection | None, parent: RawItem | None,
    ) -> RawItem:
        text = self.text
        trailer = _trailer(text, start, end)
        body_end = trailer[0] if trailer else end
        fields = find_fields(text, start, body_end)
        head_end = fields[0].start if fields else body_end
        head = text[start:head_end]
        item = RawItem(ref, number, "", "", marker, end, section, parent)
        lines = [seg for seg in re.finditer(r"[^\n]+", head) if clean(seg.group())]
        if len(lines) > 1 or (lines and fields and "\n" in head):
            first = lines[0]
            item.title = clean(first.group())
            rest = Segment(head[first.end() :], start + first.end(), head_end)
        else:
            sentences = split_sentences(head, start)
            item.title = clean(sentences[0].text) if sentences else ""
            rest = (
                Segment(text[sentences[0].end : head_end], sentences[0].end, head_end)
                if sentences else Segment("", start, start)
            )
        item.text = clean(text[start:body_end])
        if trailer:
            self.parties(item, text[trailer[0] + 1 : trailer[1]], trailer[0] + 1)
        self.fields(item, fields, rest, start)
        return item

    def fields(self, item: RawItem, fields: list[Field], rest: Segment, start: int) -> None:
        party_fields: list[Field] = []
        has_tasks = has_targets = False
        for f in fields:
            value = f.value
            if f.kind in ("party", "leader") and "\n" in value.text.strip():
                # a list ends at its line; what follows is prose of its own
                cut = value.text.index("\n", len(value.text) - len(value.text.lstrip()))
                loose = Segment(value.text[cut:], value.start + cut, value.end)
                value = Segment(value.text[:cut], value.start, value.start + cut)
                if clean(loose.text):
                    self.issues.append(RawIssue("unparsed_line", f"text after {f.label} kept only as item text: {clean(loose.text)[:30]}…", loose.start, item))
            if f.kind == "party":
                party_fields.append(Field(f.label, f.kind, f.start, value))
            elif f.kind == "leader":
                item.leaders.extend(split_leaders(clean(value.text), value.start + value.text.find(clean(value.text)), label=f.label))
            elif f.kind == "task":
                has_tasks = True
                item.tasks.extend(self.measures(value))
            elif f.kind == "target":
                has_targets = True
                item.targets.extend(targets_from_list(value, year=self.year))
            elif f.kind == "note":
                item.notes.extend(n for n in re.split(r"[，,、；;]", clean(value.text)) if n)
            elif f.kind == "progress":
                if clean(value.text):
                    item.progress.append(Segment(clean(value.text), value.start, value.end))
            elif f.kind == "reference":
                if clean(value.text):
                    item.references.append(clean(value.text))
        if party_fields:
            # one text, so that 牵头单位 in one field decides the roles in the others
            joined = Joined.of(
                [Segment(self.text[f.start : f.value.end], f.start, f.value.end) for f in party_fields],
                sep="；",
            )
            parsed = parse_parties(joined.text, first_is_lead_declared=self.declared)
            self.declared |= parsed.declaration_sticks
            item.open_list |= parsed.open_list
            item.parties.extend(
                RawParty(m.surface, m.role, m.rule, joined.to_document(m.start), joined.to_document(m.end))
                for m in parsed.mentions
            )
        if not has_tasks:
            item.tasks.extend(split_sentences(rest.text, rest.start))
        if not has_targets:
            whole = Segment(self.text[start : rest.end], start, rest.end)  # after the number
            item.targets.extend(targets_in_text(whole.text, whole.start, year=self.year))

    def measures(self, value: Segment) -> list[Segment]:
        pre, entries = split_enumeration(value.text, value.start)
        if entries:
            return ([Segment(clean(pre.text), pre.start, pre.end)] if clean(pre.text) else []) + entries
        return split_sentences(value.text, value.start)

    def parties(self, item: RawItem, content: str, offset: int) -> None:
        parsed = parse_parties(content, first_is_lead_declared=self.declared)
        self.declared |= parsed.declaration_sticks
        item.open_list |= parsed.open_list
        item.parties.extend(
            RawParty(m.surface, m.role, m.rule, offset + m.start, offset + m.end) for m in parsed.mentions
        )

    def finish_item(self, item: RawItem, children: list[Block], items: list[RawItem]) -> None:
        items.append(item)
        parsed = [c for b in children for c in self.item(b, item.section, item)]
        with_parties = [c for c in parsed if c.parties]
        if len(with_parties) == 1 and len(parsed) > 1 and with_parties[0] is parsed[-1] and not item.parties:
            # one trailer after the last of several measures belongs to the item itself
            item.parties.extend(parsed[-1].parties)
            item.open_list |= parsed[-1].open_list
            with_parties = []
        for child in parsed:
            if child in with_parties:
                items.append(child)
            else:
                item.tasks.append(Segment(clean(self.text[child.start : child.end]), child.start, child.end))
                item.targets.extend(child.targets)


def parse_outline(norm: Normalized) -> RawDocument:
    """Parse an outline document (normalised) into its raw structure."""
    parser = _Parser(norm)
    preamble_end = parser.blocks[0].start if parser.blocks else len(norm.text)
    meta = read_meta(norm.text, preamble_end=preamble_end)
    if _DECLARATION.search(norm.text[:preamble_end]):
        parser.declared = True
    sections, items = parser.parse(meta.year)
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
