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

import datetime as dt
from dataclasses import dataclass, replace

from dutygraph.importers.facts.dates import Phrase
from dutygraph.importers.facts.figures import analyse, first_in, pieces
from dutygraph.ontology.model import Comparator, DeadlineRule, Schedule, Share

__all__ = ["TargetFacts", "TargetMatch", "parse_target", "find_targets"]


@dataclass(frozen=True)
class TargetFacts:
    """What one target commits to; every field is ``None`` when the text does not say.

    ``value`` has the magnitudes applied (2万个 → 20000.0) and ``unit`` is the measure word
    (个, 所, 人次, 元, %); ``deadline`` is a date and ``deadline_rule`` how it was decided
    (``explicit``, ``relative`` or ``school_term`` as its phrase says, ``explicit`` when none is
    given; the builder infers ``plan_year``), ``doubt`` why that date may be wrong,
    ``horizon`` a period as written canonically (三年, 2022年), ``schedule`` a recurring due
    date, ``share`` whether the figure is a whole or a part of one.

    >>> TargetFacts(metric="学前三年毛入学率", value=93.5, unit="%", comparator="=")
    TargetFacts(metric='学前三年毛入学率', value=93.5, unit='%', comparator='=', deadline=None, horizon=None, deadline_rule=None, schedule=None, share=None, doubt=None)
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
    doubt: str | None = None

    def __post_init__(self) -> None:
        if self.deadline is None and (self.deadline_rule is not None or self.doubt is not None):
            object.__setattr__(self, "deadline_rule", None)
            object.__setattr__(self, "doubt", None)
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
    facts: TargetFacts

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
    rule: DeadlineRule | None = None,
    doubt: str | None = None,
) -> TargetFacts:
    """Read one target entry: its first quantity, its deadline, horizon and schedule.

    ``deadline`` and ``horizon`` are inherited context, used only when the text has none of its
    own (效果清单：2022年底前，①…②… gives every entry that deadline; ``rule`` and ``doubt`` say how
    it was decided). ``year`` is the plan's year, needed to date 年内 and 今年. A text without a
    number still gets its deadline and horizon; its metric, value, unit and comparator are ``None``.

    >>> parse_target("大班额比例控制在5%以内")
    TargetFacts(metric='大班额比例', value=5.0, unit='%', comparator='<=', deadline=None, horizon=None, deadline_rule=None, schedule=None, share=None, doubt=None)
    >>> f = parse_target("①2022 年底前，全省新建、改扩建 150 所公办幼儿园；")
    >>> f.metric, f.value, f.unit, f.comparator, f.deadline, f.horizon
    ('全省新建、改扩建公办幼儿园', 150.0, '所', '=', datetime.date(2022, 12, 31), '2022年')
    >>> parse_target("③通过三年努力，提升公办幼儿园学位占比。").horizon
    '三年'
    """
    analysis = analyse(text, year)
    own_deadline = analysis.deadlines[0] if analysis.deadlines else None
    own_horizon = analysis.horizons[0].horizon if analysis.horizons else None
    if own_horizon is None and own_deadline is not None:
        own_horizon = own_deadline.horizon
    facts = TargetFacts(
        deadline=own_deadline.date if own_deadline else deadline,
        deadline_rule=own_deadline.rule if own_deadline else rule,
        doubt=own_deadline.doubt if own_deadline else doubt,
        horizon=own_horizon or horizon,
        schedule=analysis.schedules[0].schedule if analysis.schedules and not own_deadline else None,
    )
    if not analysis.quantities:
        return facts
    start, end = analysis.clause_of(analysis.quantities[0].start)
    lo, _, quantity, share, metric = pieces(analysis, start, end)[0]
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
    项目储备) is a milestone: a match with no value. A sentence is split into milestones only
    where each part has its own verb and date: the clauses after an opening date (2024年底前，完成
    A，推进B，开展C) are one milestone.

    >>> for m in find_targets("2020年基本消除大班额(控制在5%以内),新建成芙蓉学校37所。"):
    ...     print(m.text, m.value, m.unit, m.comparator, m.deadline)
    2020年基本消除大班额(控制在5%以内) 5.0 % <= 2020-12-31
    新建成芙蓉学校37所 37.0 所 = 2020-12-31
    >>> [(m.text, m.value, m.deadline) for m in find_targets("2024年6月底前完成项目储备。")]
    [('2024年6月底前完成项目储备', None, datetime.date(2024, 6, 30))]
    """
    analysis = analyse(text, year)
    matches: list[TargetMatch] = []
    sentence, opened = -1, 0  # opened: where the sentence (or the text after a colon) begins
    carried: Phrase | None = None
    carried_horizon: str | None = None
    undated: list[int] = []  # matches of this sentence without a deadline
    own_first = 0  # the first match of the sentence (or of the text after a colon)
    joined: int | None = None  # the last match, when it is a milestone dated by the carried phrase
    for start, end, number, first in analysis.clauses:
        if number != sentence:
            sentence, carried, carried_horizon, undated = number, None, None, []
        if first:
            opened, own_first, joined = start, len(matches), None
        found = [q for q in analysis.quantities if start <= q.start < end]
        own_deadline = first_in(analysis.deadlines, start, end)
        own_horizon = first_in(analysis.horizons, start, end)
        own_schedule = first_in(analysis.schedules, start, end)
        dating = own_deadline or carried
        horizon = (own_horizon.horizon if own_horizon else own_deadline.horizon if own_deadline else carried_horizon)
        context = TargetFacts(deadline=dating.date if dating and not own_schedule else None, horizon=horizon,
                              deadline_rule=dating.rule if dating else None, doubt=dating.doubt if dating else None,
                              schedule=own_schedule.schedule if own_schedule else None)
        if found:
            for lo, hi, quantity, share, metric in pieces(analysis, start, end):
                facts = replace(context, metric=metric, value=quantity.value, unit=quantity.unit,
                                comparator=quantity.comparator, share=share)
                matches.append(TargetMatch(lo, hi, text[lo:hi], facts))
                if facts.deadline is None and facts.schedule is None:
                    undated.append(len(matches) - 1)
        elif own_deadline and analysis.only_dates(own_deadline, start, end):
            for i in undated:
                dated = replace(matches[i].facts, deadline=own_deadline.date, deadline_rule=own_deadline.rule,
                                doubt=own_deadline.doubt, horizon=matches[i].facts.horizon or own_deadline.horizon)
                matches[i] = replace(matches[i], facts=dated)
            if not undated and opened < start and own_deadline.due:
                # the sentence's closing date; after milestones of their own, one more of its own
                lo = start if len(matches) > own_first else opened
                matches.append(TargetMatch(lo, end, text[lo:end], context))
            undated = []
        elif analysis.milestone(start, end, own_deadline, carried if not own_deadline else None, own_schedule):
            if own_deadline is None and own_schedule is None and joined is not None and joined == len(matches) - 1:
                # clauses dated only by the sentence's opening date are one milestone, not one each
                lo = matches[joined].start
                matches[joined] = TargetMatch(lo, end, text[lo:end], matches[joined].facts)
            else:
                matches.append(TargetMatch(start, end, text[start:end], context))
                joined = len(matches) - 1 if own_deadline is None and own_schedule is None else None
        if own_deadline and analysis.carries(own_deadline, start, end, bool(found), first):
            carried, carried_horizon = own_deadline, own_deadline.horizon
        if own_horizon and own_horizon.carries and analysis.carries(own_horizon, start, end, bool(found), first):
            carried_horizon = own_horizon.horizon
    return matches
