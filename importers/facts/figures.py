"""The figures of one clause, and what each commits to: the analysis :mod:`.targets` reads from.

:func:`analyse` blanks a text and finds its clauses, deadlines, horizons, schedules and
quantities (:mod:`.clauses`, :mod:`.dates`, :mod:`.quantities`); :func:`pieces` splits a clause
holding figures into one commitment per figure, each with its metric:

* at a coordinator between two figures: 新增3个市级共同体和3个实训基地 → 3 个 (新增市级共同体),
  3 个 (新增实训基地) — a piece opening with its figure takes the verb before the first;
* 分别: 引领型、规范型、提升型比例分别达到15%、50%、70%左右 → each metric its figure, the head 比例
  and the last figure's 左右 shared (one figure for several metrics gives each of them);
* 中 after a figure: 新改扩建193所中幼儿园70所、小学72所 → 193 所 the whole, 70 所 (幼儿园) and
  72 所 (小学) its parts.

>>> a = analyse("新改扩建193所中幼儿园70所、小学72所。", None)
>>> [(q.value, share, metric) for _, _, q, share, metric in pieces(a, *a.clause_of(0))]
[(193.0, 'whole', '新改扩建'), (70.0, 'part', '幼儿园'), (72.0, 'part', '小学')]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import TypeVar

from dutygraph.importers.facts.clauses import NAMES, QUOTED, Clause, blank, blank_spans, clauses, protected
from dutygraph.importers.facts.dates import LEAD, Phrase, deadlines, horizons, schedules
from dutygraph.importers.facts.numbers import _FULLWIDTH
from dutygraph.importers.facts.quantities import COUNT_VERB, Quantity, quantities
from dutygraph.ontology.model import Share

__all__ = ["Analysis", "EDGE_PUNCT", "Piece", "analyse", "first_in", "pieces"]

_TRAILING_WORDS = re.compile(
    r"(?:分别|各|均|都|将|要)?(?:达到了|达到|达|(?<![行作认成])为|是|至|到|控制在|保持在|稳定在|"
    r"(?:下降|降低|降|提高|提升|增加|增长|增|压减|压缩|减少|缩减|扩大)(?:到|至)|"
    r"不少于|不低于|不超过|不高于|不多于|不足|低于|高于|多于|少于|大于|小于|至少|超过|"
    r"大约|约|近|共计|共|累计|总计|合计|分别|各|均|的)[\s□]*$"
)
_LEADING_WORDS = re.compile(r"^(?:并且|并|同时|其中|另外|此外|要|将)")
_MODAL_WORDS = re.compile(r"力争|争取|确保|至少")
_SUFFIX_STOP = re.compile(r"[、，,;；。:：(（\[【]|和|及|与|并|且|等|同时")
EDGE_PUNCT = " \t\u3000，,、:：;；。.()（）[]【】*□"
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
    return re.sub(r"\s+", " ", text).strip(EDGE_PUNCT)


@dataclass(frozen=True)
class Analysis:
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
        return not counted and (self.opens(phrase, start) or not self.blanked[phrase.end : end].strip(EDGE_PUNCT))

    def only_dates(self, phrase: Phrase, start: int, end: int) -> bool:
        """Is the clause nothing but the phrase and a word of completion (于2023年底前完成)?"""
        before = self.blanked[start : phrase.start].strip(EDGE_PUNCT)
        after = self.blanked[phrase.end : end].strip(EDGE_PUNCT)
        return _DATING_LEAD.fullmatch(before) is not None and _COMPLETION.fullmatch(after) is not None

    def milestone(self, start: int, end: int, own: Phrase | None, carried: Phrase | None,
                  recurring: Phrase | None) -> bool:
        """Does a clause without a figure commit to something by a date? Its own due date with
        work after it (2024年6月底前完成项目储备), a due date carried from the sentence's opening
        (2022年底前，完成…), or a schedule (每季度开展督查)."""
        phrase = own or recurring
        if phrase is not None:
            rest = self.blanked[phrase.end : end].strip(EDGE_PUNCT)
            return bool(rest) and (phrase is recurring or phrase.due)
        if carried is None or not carried.due:
            return False
        lead = LEAD.match(self.blanked, start)
        return bool(self.blanked[lead.end() if lead else start : end].strip(EDGE_PUNCT))


def analyse(text: str, year: int | None) -> Analysis:
    narrow = text.translate(_FULLWIDTH)
    unquoted = blank(narrow, QUOTED)
    found = clauses(unquoted)
    recurring = schedules(unquoted)
    dated = deadlines(unquoted, found, year, recurring)
    spans = [(p.start, p.end) for p in dated + recurring]
    periods = horizons(blank_spans(unquoted, spans))
    counted = blank(blank_spans(unquoted, spans + [(p.start, p.end) for p in periods]), NAMES)
    return Analysis(narrow, unquoted, found, dated, periods, recurring, quantities(counted, found))


_Spanned = TypeVar("_Spanned", Phrase, Quantity)


def first_in(items: list[_Spanned], start: int, end: int) -> _Spanned | None:
    """The first of ``items`` (sorted by start) that starts in ``[start, end)``."""
    at = bisect.bisect_left(items, start, key=lambda item: item.start)
    return items[at] if at < len(items) and items[at].start < end else None


Piece = tuple[int, int, Quantity, Share | None, str | None]
"""start, end, the figure, whole or part, and the metric."""


def pieces(a: Analysis, start: int, end: int) -> list[Piece]:
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


def _coordinated(a: Analysis, start: int, end: int, found: list[Quantity]) -> list[Piece]:
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
    pieces: list[Piece] = []
    verb: str | None = None
    for i, quantity in enumerate(kept):
        lo, hi = _trim(a.text, bounds[2 * i], bounds[2 * i + 1])
        metric = _metric(a, lo, hi, quantity)
        prefix = a.text[lo : quantity.start].strip(EDGE_PUNCT)
        if not prefix and verb and metric:
            metric = verb + metric  # 新增3个A和3个B: B is 新增 too
        elif (m := COUNT_VERB.search(a.blanked, lo, quantity.start)) and m.group().strip():
            verb = m.group().strip()
        pieces.append((lo, hi, quantity, None, metric))
    return pieces


def _respectively(a: Analysis, start: int, at: int, found: list[Quantity]) -> list[Piece] | None:
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
    while lo < hi and text[lo] in EDGE_PUNCT:
        lo += 1
    while hi > lo and text[hi - 1] in " \t\u3000":
        hi -= 1
    return lo, hi


def _metric(a: Analysis, start: int, end: int, quantity: Quantity) -> str | None:
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
        stripped = _TRAILING_WORDS.sub("", prefix.rstrip(EDGE_PUNCT))
        if stripped == prefix:
            break
        prefix = stripped
    prefix = _LEADING_WORDS.sub("", prefix.lstrip(EDGE_PUNCT))
    after = first_in(a.quantities, quantity.end, end)
    suffix = a.text[quantity.end : after.start if after else end]
    stop = _SUFFIX_STOP.search(suffix)
    suffix = suffix[: stop.start()] if stop else suffix
    return _squash(_MODAL_WORDS.sub("", prefix + suffix.lstrip().removeprefix("的"))) or None
