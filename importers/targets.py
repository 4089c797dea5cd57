"""Targets in Chinese plan text: what is counted, how many, and by when.

A target is a metric, a value with its measure word, a comparator and, when the text says so,
a deadline, a horizon or a recurring schedule::

    新增普惠性幼儿园学位2万个以上   → 新增普惠性幼儿园学位, 20000 个, >=
    大班额比例控制在5%以内          → 大班额比例, 5 %, <=
    高校与企业共建团队1千个左右     → 1000 个, ≈
    2022年底前 / 2023年6月底前      → deadline 2022-12-31 / 2023-06-30, horizon 2022年 / 2023年
    通过三年努力 / 三年内 / 三年计划 → horizon 三年
    每半年专题研究1次               → 1 次, every half year

:func:`parse_target` reads one entry (a ①② line of a 效果清单, a 目标任务 line) and returns its
first quantity; :func:`find_targets` walks running text clause by clause and returns every
commitment in it:

* one target per figure, also where a clause joins two (新增3个共同体和3个基地 → 3 个 and 3 个);
* 分别达到15%、50%、70% binds each figure to its own metric (引领型、规范型、提升型比例);
* a part and its whole are both kept and told apart (新改扩建193所中幼儿园70所: 193 所 whole,
  70 所 幼儿园 part, ``share``);
* a dated commitment without a figure is a **milestone**, a target with no value
  (2024年6月底前完成项目储备).

Numbers that only name things never count as values: years and dates, ordinals (第25届, 第12项),
document numbers (〔2021〕1号), anything in quotes or book marks, names such as 5G, 1+X or 2.0试点,
and numbers that describe (尤其是5个山区县) or set a condition (招收5人以上随班就读的学校).

How it works: quoted spans are blanked first (same length, so offsets hold), deadlines, horizons
and schedules are read from that text (:mod:`.dates`), then dates, ordinals and names are
blanked too and the quantities are read from what remains (:mod:`.quantities`).

>>> facts = parse_target("②新增普惠性幼儿园学位 2 万个以上。", deadline=dt.date(2022, 12, 31))
>>> facts.metric, facts.value, facts.unit, facts.comparator, facts.deadline, facts.deadline_rule
('新增普惠性幼儿园学位', 20000.0, '个', '>=', datetime.date(2022, 12, 31), 'explicit')
>>> [(m.value, m.unit, m.comparator) for m in find_targets("入学率达到93.5%,占比达到87%以上。")]
[(93.5, '%', '='), (87.0, '%', '>=')]
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import TypeVar

from dutygraph.importers.clauses import NAMES, QUOTED, Clause, blank, blank_spans, clauses, protected
from dutygraph.importers.dates import LEAD, Phrase, deadlines, horizons, schedules
from dutygraph.importers.numbers import _FULLWIDTH
from dutygraph.importers.quantities import COUNT_VERB, Quantity, quantities
from dutygraph.ontology.model import Comparator, DeadlineRule, Schedule, Share

__all__ = ["TargetFacts", "TargetMatch", "parse_target", "find_targets"]


@dataclass(frozen=True)
class TargetFacts:
    """What one target commits to; every field is ``None`` when the text does not say.

    ``value`` has the magnitudes applied (2万个 → 20000.0) and ``unit`` is the measure word
    (个, 所, 人次, 元, %); ``deadline`` is a date and ``deadline_rule`` where it came from
    (``explicit`` whenever a deadline is given here; the builder infers ``plan_year``),
    ``horizon`` a period as written canonically (三年, 2022年), ``schedule`` a recurring due
    date, ``share`` whether the figure is a whole or a part of one.

    >>> TargetFacts(metric="学前三年毛入学率", value=93.5, unit="%", comparator="=")
    TargetFacts(metric='学前三年毛入学率', value=93.5, unit='%', comparator='=', deadline=None, horizon=None, deadline_rule=None, schedule=None, share=None)
    """

    metric: str | None = None
    value: float | None = None
    unit: str | None = None
    comparator: Comparator | None = None
    deadline: dt.date | None = None
    horizon: str | None = None
    deadline_rule: DeadlineRule | None = None
    schedule: Schedule | None = None
    share: Share | None = None

    def __post_init__(self) -> None:
        if self.deadline is None and self.deadline_rule is not None:
            object.__setattr__(self, "deadline_rule", None)
        elif self.deadline is not None and self.deadline_rule is None:
            object.__setattr__(self, "deadline_rule", "explicit")


@dataclass(frozen=True)
class TargetMatch:
    """A clause (or part of one) that commits to something: where it is and what it says.

    ``start``/``end`` are offsets into the text given to :func:`find_targets`, and
    ``text == source[start:end]``. The facts are in ``facts``; ``value``, ``unit`` and the other
    fields are also readable on the match itself.

    >>> m = find_targets("全市力争补充师资4000人左右。")[0]
    >>> (m.start, m.end, m.text, m.value, m.comparator)
    (0, 15, '全市力争补充师资4000人左右', 4000.0, '≈')
    """

    start: int
    end: int
    text: str
    facts: TargetFacts = field(default_factory=TargetFacts)

    @property
    def metric(self) -> str | None:
        """What is counted, as :attr:`TargetFacts.metric`."""
        return self.facts.metric

    @property
    def value(self) -> float | None:
        """The committed number, as :attr:`TargetFacts.value` (None for a milestone)."""
        return self.facts.value

    @property
    def unit(self) -> str | None:
        """The measure word, as :attr:`TargetFacts.unit`."""
        return self.facts.unit

    @property
    def comparator(self) -> Comparator | None:
        """``=``, ``>=``, ``<=`` or ``≈``, as :attr:`TargetFacts.comparator`."""
        return self.facts.comparator

    @property
    def deadline(self) -> dt.date | None:
        """The date the target is due, as :attr:`TargetFacts.deadline`."""
        return self.facts.deadline

    @property
    def horizon(self) -> str | None:
        """The period the target belongs to, as :attr:`TargetFacts.horizon`."""
        return self.facts.horizon


def parse_target(
    text: str,
    *,
    deadline: dt.date | None = None,
    horizon: str | None = None,
    year: int | None = None,
) -> TargetFacts:
    """Read one target entry: its first quantity, its deadline, horizon and schedule.

    ``deadline`` and ``horizon`` are inherited context, used only when the text has none of its
    own (效果清单：2022年底前，①…②… gives every entry that deadline). ``year`` is the plan's
    year, needed to date 年内 and 今年. A text without a number still gets its deadline and
    horizon; its metric, value, unit and comparator are ``None``.

    >>> parse_target("大班额比例控制在5%以内")
    TargetFacts(metric='大班额比例', value=5.0, unit='%', comparator='<=', deadline=None, horizon=None, deadline_rule=None, schedule=None, share=None)
    >>> f = parse_target("①2022 年底前，全省新建、改扩建 150 所公办幼儿园；")
    >>> f.metric, f.value, f.unit, f.comparator, f.deadline, f.horizon
    ('全省新建、改扩建公办幼儿园', 150.0, '所', '=', datetime.date(2022, 12, 31), '2022年')
    >>> parse_target("③通过三年努力，提升公办幼儿园学位占比。").horizon
    '三年'
    """
    analysis = _analyse(text, year)
    own_deadline = analysis.deadlines[0] if analysis.deadlines else None
    own_horizon = analysis.horizons[0].horizon if analysis.horizons else None
    if own_horizon is None and own_deadline is not None:
        own_horizon = own_deadline.horizon
    facts = TargetFacts(
        deadline=own_deadline.date if own_deadline else deadline,
        horizon=own_horizon or horizon,
        schedule=analysis.schedules[0].schedule if analysis.schedules and not own_deadline else None,
    )
    if not analysis.quantities:
        return facts
    start, end = analysis.clause_of(analysis.quantities[0].start)
    lo, _, quantity, share, metric = _pieces(analysis, start, end)[0]
    return replace(facts, metric=metric, value=quantity.value, unit=quantity.unit,
                   comparator=quantity.comparator, share=share)


def find_targets(text: str, *, year: int | None = None) -> list[TargetMatch]:
    """Every commitment of running text: each figure, and each dated clause without one.

    The text is split into clauses at ，。；;,：: (never inside brackets or quotes, never inside
    1,500). A deadline or horizon that opens a sentence (or the text after a colon), or that a
    clause counting nothing states (督促各地在2020年底前，…), applies to the clauses after it until
    the sentence ends. A clause that only dates the work (…，2023年6月底前完成。) dates the
    figures before it in its sentence that have no deadline of their own, or, with none, makes
    the sentence a milestone. A clause that counts nothing but is due by a date (2024年6月底前完成
    项目储备) is a milestone: a match with no value.

    >>> for m in find_targets("2020年基本消除大班额(控制在5%以内),新建成芙蓉学校37所。"):
    ...     print(m.text, m.value, m.unit, m.comparator, m.deadline)
    2020年基本消除大班额(控制在5%以内) 5.0 % <= 2020-12-31
    新建成芙蓉学校37所 37.0 所 = 2020-12-31
    >>> [(m.text, m.value, m.deadline) for m in find_targets("2024年6月底前完成项目储备。")]
    [('2024年6月底前完成项目储备', None, datetime.date(2024, 6, 30))]
    """
    analysis = _analyse(text, year)
    matches: list[TargetMatch] = []
    sentence, opened = -1, 0  # opened: where the sentence (or the text after a colon) begins
    carried: Phrase | None = None
    carried_horizon: str | None = None
    undated: list[int] = []  # matches of this sentence without a deadline
    for start, end, number, first in analysis.clauses:
        if number != sentence:
            sentence, carried, carried_horizon, undated = number, None, None, []
        if first:
            opened = start
        found = [q for q in analysis.quantities if start <= q.start < end]
        own_deadline = _first_in(analysis.deadlines, start, end)
        own_horizon = _first_in(analysis.horizons, start, end)
        own_schedule = _first_in(analysis.schedules, start, end)
        dating = own_deadline or carried
        horizon = (own_horizon.horizon if own_horizon else own_deadline.horizon if own_deadline else carried_horizon)
        context = TargetFacts(deadline=dating.date if dating and not own_schedule else None, horizon=horizon,
                              schedule=own_schedule.schedule if own_schedule else None)
        if found:
            for lo, hi, quantity, share, metric in _pieces(analysis, start, end):
                facts = replace(context, metric=metric, value=quantity.value, unit=quantity.unit,
                                comparator=quantity.comparator, share=share)
                matches.append(TargetMatch(lo, hi, text[lo:hi], facts))
                if facts.deadline is None and facts.schedule is None:
                    undated.append(len(matches) - 1)
        elif own_deadline and analysis.only_dates(own_deadline, start, end):
            for i in undated:
                dated = replace(matches[i].facts, deadline=own_deadline.date,
                                horizon=matches[i].facts.horizon or own_deadline.horizon)
                matches[i] = replace(matches[i], facts=dated)
            if not undated and opened < start and own_deadline.due:
                matches.append(TargetMatch(opened, end, text[opened:end], context))
            undated = []
        elif analysis.milestone(start, end, own_deadline, carried if not own_deadline else None, own_schedule):
            matches.append(TargetMatch(start, end, text[start:end], context))
        if own_deadline and analysis.carries(own_deadline, start, end, bool(found), first):
            carried, carried_horizon = own_deadline, own_deadline.horizon
        if own_horizon and own_horizon.carries and analysis.carries(own_horizon, start, end, bool(found), first):
            carried_horizon = own_horizon.horizon
    return matches


# --------------------------------------------------------------------------- internals

_TRAILING_WORDS = re.compile(
    r"(?:分别|各|均|都|将|要)?(?:达到了|达到|达|(?<![行作认成])为|是|至|到|控制在|保持在|稳定在|"
    r"(?:下降|降低|降|提高|提升|增加|增长|增|压减|压缩|减少|缩减|扩大)(?:到|至)|"
    r"不少于|不低于|不超过|不高于|不多于|不足|低于|高于|多于|少于|大于|小于|至少|超过|"
    r"大约|约|近|共计|共|累计|总计|合计|分别|各|均|的)[\s□]*$"
)
_LEADING_WORDS = re.compile(r"^(?:并且|并|同时|其中|另外|此外|要|将)")
_MODAL_WORDS = re.compile(r"力争|争取|确保|至少")
_SUFFIX_STOP = re.compile(r"[、，,;；。:：(（\[【]|和|及|与|并|且|等|同时")
_EDGE_PUNCT = " \t\u3000，,、:：;；。.()（）[]【】*□"
_SPACE_NEAR_CJK = re.compile(r"(?<=[^\x00-\x7f])\s+|(?<!\s)\s+(?=[^\x00-\x7f])")
_COORDINATOR = re.compile(r"以及|同时|[、和及与并]")
_WHOLE = re.compile(r"中(?!学|职|小|心|等|高|华|医|国|层|期|央|青|专|考|外|文)")
"""193所中幼儿园70所: 中 after a figure opens its parts (中学, 中职 … are words of their own)."""
_HEADS = ("覆盖率", "覆盖面", "达标率", "比例", "占比", "比重", "人数", "规模", "数量", "率")
"""Heads that a list of metrics before 分别 shares (引领型、规范型、提升型比例)."""
_DATING_LEAD = re.compile(r"(?:并|均|全部|力争|确保|争取)?(?:于|在|到)?")
_COMPLETION = re.compile(r"(?:前|之前|以前)?(?:全部|全面|基本|如期)?(?:完成|实现|建成|到位|落实|完工|投用|投入使用)?(?:任务|目标)?")


def _squash(text: str) -> str:
    text = _SPACE_NEAR_CJK.sub("", text)
    return re.sub(r"\s+", " ", text).strip(_EDGE_PUNCT)


@dataclass(frozen=True)
class _Analysis:
    text: str  # the original, full-width folded
    blanked: str  # quotes blanked; offsets equal to the original's
    clauses: list[Clause]
    deadlines: list[Phrase]
    horizons: list[Phrase]
    schedules: list[Phrase]
    quantities: list[Quantity]

    def clause_of(self, at: int) -> tuple[int, int]:
        for start, end, _, _ in self.clauses:
            if start <= at < end:
                return start, end
        return 0, len(self.text)

    def opens(self, phrase: Phrase, start: int) -> bool:
        return LEAD.fullmatch(self.blanked, start, phrase.start) is not None

    def carries(self, phrase: Phrase, start: int, end: int, counted: bool, first: bool) -> bool:
        """Does a phrase apply to the clauses after its own? It does when it opens the sentence
        (2020年基本消除大班额…，新建…), or when its clause counts nothing and the phrase opens
        or ends it (2022年底前，…; 督促各地在2020年底前，…)."""
        if first and self.opens(phrase, start):
            return True
        return not counted and (self.opens(phrase, start) or not self.blanked[phrase.end : end].strip(_EDGE_PUNCT))

    def only_dates(self, phrase: Phrase, start: int, end: int) -> bool:
        """Is the clause nothing but the phrase and a word of completion (于2023年底前完成)?"""
        before = self.blanked[start : phrase.start].strip(_EDGE_PUNCT)
        after = self.blanked[phrase.end : end].strip(_EDGE_PUNCT)
        return _DATING_LEAD.fullmatch(before) is not None and _COMPLETION.fullmatch(after) is not None

    def milestone(self, start: int, end: int, own: Phrase | None, carried: Phrase | None,
                  recurring: Phrase | None) -> bool:
        """Does a clause without a figure commit to something by a date? Its own due date with
        work after it (2024年6月底前完成项目储备), a due date carried from the sentence's opening
        (2022年底前，完成…), or a schedule (每季度开展督查)."""
        phrase = own or recurring
        if phrase is not None:
            rest = self.blanked[phrase.end : end].strip(_EDGE_PUNCT)
            return bool(rest) and (phrase is recurring or phrase.due)
        if carried is None or not carried.due:
            return False
        lead = LEAD.match(self.blanked, start)
        return bool(self.blanked[lead.end() if lead else start : end].strip(_EDGE_PUNCT))


def _analyse(text: str, year: int | None) -> _Analysis:
    narrow = text.translate(_FULLWIDTH)
    unquoted = blank(narrow, QUOTED)
    found = clauses(unquoted)
    recurring = schedules(unquoted)
    dated = deadlines(unquoted, found, year)
    spans = [(p.start, p.end) for p in dated + recurring]
    periods = horizons(blank_spans(unquoted, spans))
    counted = blank(blank_spans(unquoted, spans + [(p.start, p.end) for p in periods]), NAMES)
    return _Analysis(narrow, unquoted, found, dated, periods, recurring, quantities(counted, found))


_Spanned = TypeVar("_Spanned", Phrase, Quantity)


def _first_in(items: list[_Spanned], start: int, end: int) -> _Spanned | None:
    """The first of ``items`` (sorted by start) that starts in ``[start, end)``."""
    at = bisect.bisect_left(items, start, key=lambda item: item.start)
    return items[at] if at < len(items) and items[at].start < end else None


_Piece = tuple[int, int, Quantity, Share | None, str | None]
"""start, end, the figure, whole or part, and the metric."""


def _pieces(a: _Analysis, start: int, end: int) -> list[_Piece]:
    """The commitments of one clause holding figures: one per figure, metric by metric."""
    found = [q for q in a.quantities if start <= q.start < end]
    respectively = a.blanked.find("分别", start, found[0].start)
    if respectively != -1 and (bound := _respectively(a, start, respectively, found)):
        return bound
    whole = next((q for q in found[:-1] if _WHOLE.match(a.blanked, q.end)), None)
    if whole is not None:
        parts = [q for q in found if q.start > whole.start]
        head = (start, whole.end, whole, "whole", _metric(a, start, whole.end, whole))
        return [head, *[(lo, hi, q, "part", m) for lo, hi, q, _, m in _coordinated(a, whole.end + 1, end, parts)]]
    return _coordinated(a, start, end, found)


def _coordinated(a: _Analysis, start: int, end: int, found: list[Quantity]) -> list[_Piece]:
    """Split at the coordinator (、和及与) between two figures: 新增3个A和3个B → 3 个 A, 3 个 B.

    A figure with no coordinator before it stays in the piece before (培训100名教师3天).
    """
    inside = protected(a.blanked)
    bounds = [start]
    kept = [found[0]]
    for before, after in zip(found, found[1:], strict=False):
        cuts = [m for m in _COORDINATOR.finditer(a.blanked, before.end, after.start) if not inside[m.start()]]
        if not cuts:
            continue
        cut = cuts[0] if cuts[0].start() == before.end else cuts[-1]
        bounds.append(cut.start())
        bounds.append(cut.end())
        kept.append(after)
    bounds.append(end)
    pieces: list[_Piece] = []
    verb: str | None = None
    for i, quantity in enumerate(kept):
        lo, hi = _trim(a.text, bounds[2 * i], bounds[2 * i + 1])
        metric = _metric(a, lo, hi, quantity)
        prefix = a.text[lo : quantity.start].strip(_EDGE_PUNCT)
        if not prefix and verb and metric:
            metric = verb + metric  # 新增3个A和3个B: B is 新增 too
        elif (m := COUNT_VERB.search(a.blanked, lo, quantity.start)) and m.group().strip():
            verb = m.group().strip()
        pieces.append((lo, hi, quantity, None, metric))
    return pieces


def _respectively(a: _Analysis, start: int, at: int, found: list[Quantity]) -> list[_Piece] | None:
    """甲、乙、丙比例分别达到15%、50%、70%左右: each figure to its own metric (the head 比例 and
    the last figure's 左右 shared); one figure for several metrics gives each of them."""
    lead = LEAD.match(a.blanked, start)
    names = _MODAL_WORDS.sub("", a.text[lead.end() if lead else start : at])
    metrics = [_squash(n) for n in _split_list(names)]
    if len(found) == 1:
        found = found * len(metrics)
    if len(metrics) != len(found) or len(metrics) < 2 or not all(metrics):
        return None
    head = next((h for h in _HEADS if metrics[-1].endswith(h)), None)
    if head:
        metrics = [m if m.endswith(_HEADS) else m + head for m in metrics]
    last = found[-1].comparator
    lo, hi = _trim(a.text, start, found[-1].end)
    return [(lo, hi, q if q.comparator != "=" else replace(q, comparator=last), None, m)
            for q, m in zip(found, metrics, strict=True)]


def _split_list(text: str) -> list[str]:
    """A list of names split at 、 outside brackets."""
    inside = protected(text)
    out, begin = [], 0
    for i, ch in enumerate(text):
        if ch == "、" and not inside[i]:
            out.append(text[begin:i])
            begin = i + 1
    return [*out, text[begin:]]


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo] in _EDGE_PUNCT:
        lo += 1
    while hi > lo and text[hi - 1] in " \t\u3000":
        hi -= 1
    return lo, hi


def _metric(a: _Analysis, start: int, end: int, quantity: Quantity) -> str | None:
    """What a figure counts: the words before it in its piece, and those after it up to a stop."""
    skip = [(p.start, p.end) for p in a.deadlines + a.horizons + a.schedules
            if p.start < quantity.start and p.end > start]
    prefix = "".join(
        ch for i, ch in enumerate(a.text[start : quantity.start], start)
        if not any(lo <= i < hi for lo, hi in skip)
    )
    lead = LEAD.match(prefix)
    if lead:
        prefix = prefix[lead.end() :]
    for _ in range(4):
        stripped = _TRAILING_WORDS.sub("", prefix.rstrip(_EDGE_PUNCT))
        if stripped == prefix:
            break
        prefix = stripped
    prefix = _LEADING_WORDS.sub("", prefix.lstrip(_EDGE_PUNCT))
    after = _first_in(a.quantities, quantity.end, end)
    suffix = a.text[quantity.end : after.start if after else end]
    stop = _SUFFIX_STOP.search(suffix)
    suffix = suffix[: stop.start()] if stop else suffix
    return _squash(_MODAL_WORDS.sub("", prefix + suffix.lstrip().removeprefix("的"))) or None
