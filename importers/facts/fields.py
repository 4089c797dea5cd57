"""Pieces every format shares: labelled fields, enumerations, sentences, leaders, targets.

>>> [s.text for s in split_sentences("开展试点。建立机制；完善制度")]
['开展试点。', '建立机制；', '完善制度']
>>> pre, entries = split_enumeration("2022年底前，①建成100个驿站；②培训全覆盖。")
>>> pre.text, [e.text for e in entries]
('2022年底前，', ['建成100个驿站；', '培训全覆盖。'])
>>> [(l.name, l.title) for l in split_leaders("刘市长、周静", 0, label="督办")]
[('刘市长', '市长'), ('周静', None)]
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from dutygraph.importers.facts.parties import not_a_body
from dutygraph.importers.structure.raw import RawLeader, RawTarget, Segment
from dutygraph.importers.facts.vocabulary import LEADER_LABEL, PARTY_LABEL, POST_TITLES, label_kind
from dutygraph.importers.facts.dates import schedule
from dutygraph.importers.facts.targets import TargetFacts, find_targets, parse_target

__all__ = [
    "FieldKind",
    "LABELS",
    "field_kind",
    "Field",
    "find_fields",
    "split_sentences",
    "split_enumeration",
    "split_leaders",
    "targets_from_list",
    "targets_in_text",
    "clean",
    "Joined",
    "heading_leaders",
    "inherit_deadline",
    "dated_by",
]

FieldKind = Literal["leader", "party", "task", "target", "deadline", "note", "progress", "reference"]

LABELS: dict[str, FieldKind] = {
    **{
        label: "task"
        for label in ("任务清单", "工作措施", "主要措施", "具体措施", "工作任务", "重点任务", "主要任务", "推进措施", "工作举措", "主要举措")
    },
    **{
        label: "target"
        for label in ("效果清单", "目标任务", "工作目标", "预期目标", "预期成效")
    },
    **{label: "deadline" for label in ("完成时限", "时间节点", "完成时间", "完成期限", "时限要求")},
    **{label: "party" for label in ("部门分工", "责任分工", "任务分工", "职责分工", "分工")},
    "备注": "note",
    "工作进展情况": "progress",
    "进展情况": "progress",
    "工作进展": "progress",
    "推进情况": "progress",
    "完成情况": "progress",
    "实际完成情况": "progress",
    "来源": "reference",
}
"""Labels of the fields that are not responsibility: tasks, targets, notes, progress, sources;
and the division of labour (部门分工：X牵头，Y配合), a party field written as a statement.
Party and leader labels are recognised by their shape (:mod:`.vocabulary`), not listed."""

_LABEL_RE = re.compile(
    r"(?P<label>"
    + "|".join(sorted(LABELS, key=len, reverse=True))
    + f"|{PARTY_LABEL}|{LEADER_LABEL}"
    + r")[ \t]*(?:\*\*)?[ \t]*[：:][ \t]*(?:\*\*)?"
)
_LABEL_BOUNDARY = "。；;！？!? \t\u3000\n*）)"
_GLUED_LABEL = 4
"""A label this long is taken even glued to the text before it (a crawl that lost its breaks:
…王建国副县长牵头责任单位：…); a shorter one (负责人：) needs a boundary."""


def field_kind(label: str) -> FieldKind | None:
    """The kind of field a label opens.

    >>> field_kind("牵头责任单位"), field_kind("项目责任人"), field_kind("工作措施"), field_kind("适用范围")
    ('party', 'leader', 'task', None)
    """
    if label in LABELS:
        return LABELS[label]
    kind = label_kind(label)
    if kind is None:
        return None
    return "leader" if kind == "leader" else "party"


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ENUM_RE = re.compile(rf"[{_CIRCLED}]|[（(]\d{{1,2}}[）)]")
_POSTS = tuple(sorted(POST_TITLES, key=len, reverse=True))
_OPEN = "（(“《「【"
_CLOSE = "）)”》」】"


@dataclass(frozen=True)
class Field:
    """A labelled field: ``label`` and its value's place in the text."""

    label: str
    kind: FieldKind
    start: int
    value: Segment


def clean(text: str) -> str:
    """Drop markdown emphasis and surrounding blanks.

    >>> clean(" **邓立红** ")
    '邓立红'
    """
    return re.sub(r"\*\*|__", "", text).strip(" \t\n\u3000：:")


def find_fields(text: str, start: int, end: int) -> list[Field]:
    """Labelled fields in ``text[start:end]``; a value runs to the next label or ``end``."""
    matches = []
    for m in _LABEL_RE.finditer(text, start, end):
        at = m.start("label")
        bounded = at == 0 or text[at - 1] in _LABEL_BOUNDARY
        if bounded or len(m.group("label")) >= _GLUED_LABEL:
            matches.append(m)
    fields: list[Field] = []
    for i, m in enumerate(matches):
        stop = matches[i + 1].start() if i + 1 < len(matches) else end
        label = m.group("label")
        kind = field_kind(label)
        if kind is not None:
            fields.append(Field(label, kind, m.start("label"), Segment(text[m.end() : stop], m.end(), stop)))
    return fields


def _split(text: str, offset: int, boundary: str) -> list[Segment]:
    """Split after ``boundary`` characters that stand outside brackets and quotes."""
    out: list[Segment] = []
    depth, begin = 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in boundary and depth == 0:
            out.append(Segment(text[begin : i + 1], offset + begin, offset + i + 1))
            begin = i + 1
    out.append(Segment(text[begin:], offset + begin, offset + len(text)))
    trimmed = []
    for seg in out:
        stripped = seg.text.strip()
        if stripped and clean(stripped):
            lead = seg.text.index(stripped)
            trimmed.append(Segment(stripped, seg.start + lead, seg.start + lead + len(stripped)))
    return trimmed


def split_sentences(text: str, offset: int = 0) -> list[Segment]:
    """Sentences ending in 。；！？ (or the line end), brackets and quotes kept whole."""
    return _split(text, offset, "。；;！？!?\n")


def split_enumeration(text: str, offset: int = 0) -> tuple[Segment, list[Segment]]:
    """Split ``①…②…`` or ``（1）…（2）…`` entries; returns the text before the first one too."""
    marks = list(_ENUM_RE.finditer(text))
    if not marks:
        return Segment("", offset, offset), []
    pre = Segment(text[: marks[0].start()].strip(), offset, offset + marks[0].start())
    entries = []
    for i, m in enumerate(marks):
        stop = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        body = text[m.end() : stop]
        stripped = body.strip()
        if clean(stripped):
            lead = m.end() + body.index(stripped)
            entries.append(Segment(stripped, offset + lead, offset + lead + len(stripped)))
    return pre, entries


def split_leaders(value: str, offset: int, *, label: str) -> list[RawLeader]:
    """Leaders named in a field value, each a person with the post written after the name.

    A post after a full name is the post (王建国副局长: 王建国, 副局长); after a surname alone
    it is how the person is known (刘市长 stays 刘市长, post 市长).

    >>> [(l.name, l.title) for l in split_leaders("王建国副局长、刘市长、李四（主任）", 0, label="责任领导")]
    [('王建国', '副局长'), ('刘市长', '市长'), ('李四', '主任')]
    """
    leaders = []
    for m in re.finditer(r"[^、，,；;\s/*]+", value):
        raw = m.group()
        bracket = re.fullmatch(r"(?P<name>[^（(]+)[（(](?P<post>[^）)]+)[）)]", raw)
        if bracket and bracket.group("post") in POST_TITLES:
            name, title = bracket.group("name"), bracket.group("post")
        else:
            name = raw.strip("：:。.（）()")
            title = next((t for t in _POSTS if name.endswith(t) and len(name) > len(t)), None)
            if title and len(name) - len(title) >= 2:
                name = name[: -len(title)]
        if not name or name in ("无", "暂无") or not_a_body(name) in ("a date", "a number", "no name"):
            continue
        leaders.append(RawLeader(name, title, label, offset + m.start(), offset + m.end()))
    return leaders


def inherit_deadline(target: RawTarget, deadline: dt.date | None, horizon: str | None,
                     source: TargetFacts | None = None) -> RawTarget:
    """The target dated by ``deadline`` unless it states a deadline (or a schedule) of its own;
    ``source`` is where the deadline was read (its rule and doubt go with it). A stated date
    beats a year's end read against the plan's year (年内完成… with 完成时限 2024年9月底前)."""
    own = target.facts
    vague = (own.deadline_rule == "relative" and own.deadline is not None and (own.deadline.month, own.deadline.day) == (12, 31)
             and source is not None and source.deadline_rule == "explicit" and deadline is not None and deadline <= own.deadline)
    if (own.deadline is not None and not vague) or own.schedule is not None or deadline is None:
        return target
    facts = dataclasses.replace(target.facts, deadline=deadline, horizon=target.facts.horizon or horizon,
                                deadline_rule=source.deadline_rule if source else None,
                                doubt=source.doubt if source else None)
    return dataclasses.replace(target, facts=facts)


def targets_in_text(text: str, offset: int, *, year: int | None) -> list[RawTarget]:
    """The commitments found in running text (达到93.5%, 新建150所…, 6月底前完成…).

    A clause listing several figures (入学率达到100%、巩固率达到98%) gives one target each.

    >>> [(t.facts.value, t.facts.unit) for t in targets_in_text("入学率达到100%、巩固率达到98%。", 0, year=None)]
    [(100.0, '%'), (98.0, '%')]
    """
    return [RawTarget(m.text, offset + m.start, offset + m.end, m.facts) for m in find_targets(text, year=year)]


def targets_from_list(value: Segment, *, year: int | None) -> list[RawTarget]:
    """Targets from a target field: each ①② entry is one, inheriting the list's deadline.

    An entry holding several figures gives one target per figure. Without an enumeration the
    commitments in the text are the targets; a field that commits to no figure at all is still
    one target, with its text and no value.
    """
    pre, entries = split_enumeration(value.text, value.start)
    if entries:
        context = parse_target(pre.text, year=year) if clean(pre.text) else None
        deadline = context.deadline if context else None
        horizon = context.horizon if context else None
        out: list[RawTarget] = []
        for entry in entries:
            own = parse_target(entry.text, year=year)
            if own.deadline is not None:
                # a deadline stated in one entry holds for the entries after it
                deadline, horizon, context = own.deadline, own.horizon, own
            figures = [t for t in targets_in_text(entry.text, entry.start, year=year) if t.facts.value is not None]
            if len(figures) > 1:
                out.extend(inherit_deadline(t, deadline, horizon, context) for t in figures)
            elif own.horizon is not None and own.deadline is None:
                out.append(RawTarget(entry.text, entry.start, entry.end, own))
            else:
                facts = parse_target(entry.text, deadline=deadline, horizon=horizon, year=year,
                                     rule=context.deadline_rule if context else None,
                                     doubt=context.doubt if context else None)
                out.append(RawTarget(entry.text, entry.start, entry.end, facts))
        return out
    found = targets_in_text(value.text, value.start, year=year)
    if found:
        return found
    text = value.text.strip()
    if not clean(text):
        return []
    lead = value.text.index(text)
    seg = Segment(text, value.start + lead, value.start + lead + len(text))
    return [RawTarget(seg.text, seg.start, seg.end, parse_target(text, year=year))]


def dated_by(targets: list[RawTarget], due: Segment, *, title: str, year: int | None) -> list[RawTarget]:
    """An item's targets once its deadline field (完成时限) is read.

    The field dates the figures that have no date of their own; a recurring one (每季度, 每月
    25日前) gives them its schedule instead. An item with no target becomes a milestone: its
    title, due by the field's date or on its schedule (the field is the target's span).

    >>> due = Segment("每季度", 20, 23)
    >>> [(t.text, t.facts.schedule.period) for t in dated_by([], due, title="开展安全检查", year=2024)]
    [('开展安全检查', 'quarter')]
    >>> new = dated_by([], Segment("2024年8月底前", 0, 10), title="新建学校", year=2024)
    >>> [(t.text, t.facts.deadline, t.facts.value) for t in new]
    [('新建学校', datetime.date(2024, 8, 31), None)]
    """
    recurring = schedule(due.text, every_period=True)
    if recurring is not None:
        if not targets:
            return [RawTarget(clean(title) or due.text, due.start, due.end, TargetFacts(schedule=recurring))]
        return [t if t.facts.deadline or t.facts.schedule else
                dataclasses.replace(t, facts=dataclasses.replace(t.facts, schedule=recurring)) for t in targets]
    when = parse_target(due.text, year=year)
    if when.deadline is None:
        return [*targets, *targets_from_list(due, year=year)]
    if targets:
        return [inherit_deadline(t, when.deadline, when.horizon, when) for t in targets]
    cell = targets_from_list(due, year=year)
    if any(t.facts.value is not None for t in cell):
        return cell
    facts = TargetFacts(deadline=when.deadline, horizon=when.horizon, deadline_rule=when.deadline_rule, doubt=when.doubt)
    return [RawTarget(clean(title) or due.text, due.start, due.end, facts)]


@dataclass(frozen=True)
class Joined:
    """Several segments read as one text, with offsets that map back to the document.

    >>> j = Joined.of([Segment("牵头单位：甲", 10, 16), Segment("责任单位：乙", 30, 36)], sep="；")
    >>> j.text, j.to_document(j.text.index("乙"))
    ('牵头单位：甲；责任单位：乙', 35)
    """

    text: str
    pieces: tuple[tuple[int, int], ...]  # (offset in text, offset in document)

    @classmethod
    def of(cls, segments: list[Segment], *, sep: str = "") -> Joined:
        text, pieces = "", []
        for seg in segments:
            if text:
                text += sep
            pieces.append((len(text), seg.start))
            text += seg.text
        return cls(text, tuple(pieces))

    def to_document(self, offset: int) -> int:
        at, doc = max((p for p in self.pieces if p[0] <= offset), default=(0, 0))
        return doc + offset - at


_HEADING_LEADER = re.compile(r"[（(](?P<who>[^（）()]{1,12}?)(?P<label>督办|负责|牵头)[）)]\s*$")


def heading_leaders(line: str, offset: int) -> tuple[str, list[RawLeader]]:
    """A heading's title and the leaders its remark names: 重点建议和提案（刘市长督办）.

    >>> title, leaders = heading_leaders("重点建议和提案（刘市长督办）", 0)
    >>> title, [(l.name, l.title, l.label) for l in leaders]
    ('重点建议和提案', [('刘市长', '市长', '督办')])
    """
    m = _HEADING_LEADER.search(line)
    if not m:
        return clean(line), []
    leaders = split_leaders(m.group("who"), offset + m.start("who"), label=m.group("label"))
    return clean(line[: m.start()]), leaders
