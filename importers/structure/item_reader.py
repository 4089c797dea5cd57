"""The body of one outline item: its statements, labelled fields, parties, leaders, tasks and targets.

:class:`ItemReader` is the half of the outline parser (:mod:`.outline`) that reads inside an
item once the outline has said where it is: bracketed statements (（X牵头，Y配合）), 由…负责 sentences
(people as leaders, divisions as parties), labelled fields (牵头单位：, 责任领导：, 完成时限：), and
the tasks and targets of its text. Parties refused as not a party are reported, never taken.

>>> from dutygraph.importers.structure.outline import parse_outline
>>> from dutygraph.importers.text.normalize import normalize
>>> item = parse_outline(normalize("某县教育局2024年工作要点\\n1.新建幼儿园3所，2024年底前完成。（学前科牵头，财务科配合）\\n")).items[0]
>>> [(p.surface, p.role) for p in item.parties], item.targets[0].facts.deadline
([('学前科', 'lead'), ('财务科', 'support')], datetime.date(2024, 12, 31))
"""

from __future__ import annotations

import re

from dutygraph.importers.facts.fields import (
    Field,
    Joined,
    clean,
    dated_by,
    find_fields,
    split_enumeration,
    split_leaders,
    split_sentences,
    targets_from_list,
    targets_in_text,
)
from dutygraph.importers.facts.parties import split_parties
from dutygraph.importers.facts.responsibility import ParsedParties, parse_parties
from dutygraph.importers.facts.statements import Statement
from dutygraph.importers.facts.vocabulary import label_kind
from dutygraph.importers.structure.raw import RawIssue, RawItem, RawParty, Segment

__all__ = ["ItemReader"]

_DIVISIONS = re.compile(r"(?P<list>.+?)(?P<each>分别)?(?:具体|负责)?(?:落实|承办|实施|办理)$")


class ItemReader:
    """Reads the inside of items; the parser that uses it holds the document's ``text``, its
    ``year``, the ``issues`` reported, whether the first-listed party was ``declared`` to lead,
    and the ``standing`` parties added to every item."""

    text: str
    year: int | None
    issues: list[RawIssue]
    declared: bool
    standing: list[RawParty]

    def statement(self, item: RawItem, remark: Statement) -> None:
        content = self.text[remark.content_start : remark.content_end]
        if remark.kind == "leaders":
            self.divisions(item, remark, content)
            return
        parsed = parse_parties(content, first_is_lead_declared=self.declared, require_cue=remark.kind == "remark")
        self.take(item, parsed, remark.content_start)
        for f in find_fields(self.text, remark.content_start, remark.content_end):  # （分管领导：张三；牵头单位：X）
            if f.kind == "leader" and clean(f.value.text):
                at = f.value.start + f.value.text.find(clean(f.value.text))
                item.leaders.extend(split_leaders(clean(f.value.text), at, label=f.label))

    def divisions(self, item: RawItem, remark: Statement, content: str) -> None:
        """由王五、赵六副局长分别负责，规划科、监测科分别落实: the people lead as leaders; the
        divisions carry the task out, each its part (分别: none of them leads), else the first."""
        who = self.text[remark.who_start : remark.who_end]
        item.leaders.extend(split_leaders(who, remark.who_start, label="负责"))
        m = _DIVISIONS.match(content)
        if m is None:
            return
        if m.group("each"):
            parsed = split_parties(m.group("list"), remark.content_start)
            item.parties.extend(RawParty(n.text, "support", "explicit", n.start, n.end) for n in parsed.names)
            return
        self.take(item, parse_parties(m.group("list"), first_is_lead_declared=self.declared), remark.content_start)

    def take(self, item: RawItem, parsed: ParsedParties, offset: int) -> None:
        """Add a statement's parties to ``item``; remember its rules for the items after it."""
        self.declared |= parsed.declaration_sticks
        item.open_list |= parsed.open_list
        item.parties.extend(
            RawParty(m.surface, m.role, m.rule, offset + m.start, offset + m.end) for m in parsed.mentions
        )
        for name, why in parsed.refused:
            self.issues.append(RawIssue(
                "not_a_party", f"item {item.ref or item.title[:12]}: “{name.text[:30]}” is not taken as a party ({why})",
                offset + name.start, item,
            ))
        self.standing.extend(
            RawParty(m.surface, "support", "declared", offset + m.start, offset + m.end) for m in parsed.standing
        )

    def fill(self, item: RawItem, fields: list[Field], title: tuple[int, int], pieces: list[tuple[int, int]]) -> None:
        party_fields: list[Field] = []
        divisions: list[Segment] = []
        deadlines: list[Segment] = []
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
            if f.kind == "party" and label_kind(f.label) is None:
                divisions.append(value)  # 部门分工：X牵头，Y、Z配合 — a statement, read as one
            elif f.kind == "party":
                party_fields.append(Field(f.label, f.kind, f.start, value))
            elif f.kind == "leader":
                item.leaders.extend(split_leaders(clean(value.text), value.start + value.text.find(clean(value.text)), label=f.label))
            elif f.kind == "task":
                has_tasks = True
                item.tasks.extend(self.measures(value))
            elif f.kind == "target":
                has_targets = True
                item.targets.extend(targets_from_list(value, year=self.year))
            elif f.kind == "deadline" and clean(value.text):
                deadlines.append(value)
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
            for name, why in parsed.refused:
                self.issues.append(RawIssue(
                    "not_a_party", f"item {item.ref or item.title[:12]}: “{name.text[:30]}” is not taken as a party ({why})",
                    joined.to_document(name.start), item,
                ))
        for value in divisions:
            named = {p.surface for p in item.parties}
            parsed = parse_parties(value.text, first_is_lead_declared=self.declared)
            self.take(item, ParsedParties(tuple(m for m in parsed.mentions if m.surface not in named), parsed.open_list,
                                          parsed.declares_first_lead, parsed.declaration_sticks, (), parsed.refused),
                      value.start)
        if not has_tasks:
            for a, b in pieces:
                item.tasks.extend(split_sentences(self.text[a:b], a))
        if not has_targets:
            for a, b in [title, *pieces]:  # the title's figures count too
                item.targets.extend(targets_in_text(self.text[a:b], a, year=self.year))
        if deadlines:
            # a deadline field dates the item's figures; alone, it makes the item a milestone
            item.targets[:] = dated_by(item.targets, deadlines[0], title=item.title, year=self.year)

    def measures(self, value: Segment) -> list[Segment]:
        pre, entries = split_enumeration(value.text, value.start)
        if entries:
            return ([Segment(clean(pre.text), pre.start, pre.end)] if clean(pre.text) else []) + entries
        return split_sentences(value.text, value.start)
