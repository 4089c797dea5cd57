"""Table columns: what a header cell names, and which column a cell's text belongs in.

A header is read by its words, not its position: 序号, a title (任务, 项目名称, 改革举措,
民生实事), parties by the label shape of :mod:`.vocabulary` (牵头单位 → lead, 责任科室 or 指导部门
→ parties), leaders (责任领导, 项目责任人), deadlines, targets, progress, notes, sources and
the rest (建设地点, 投资金额, 推广范围), which are kept out of every other column.

When a table reached us flattened — one cell per paragraph, or rows whose spanned cells are
missing — :func:`align` puts each piece of text in the column it fits, keeping the header's
order: a party list in 责任单位, a date in 完成时限, a percentage in 进度, the first text in the
title. A row that runs past its last column and starts again is a sub-row of the same item.

>>> column_kind("工作部门及 负责人（需填写联系方式）"), column_kind("指导部门"), column_kind("建设地点")
('party', 'party', 'other')
>>> header = ["title", "party", "deadline"]
>>> align(["启动县图书馆新馆建设。", "县文体广新局", "县代建中心", "12月底前"], header)
[0, 1, 1, 2]
"""

from __future__ import annotations

import functools
import re

from dutygraph.importers.facts.parties import split_parties
from dutygraph.importers.facts.vocabulary import LEADER_LABEL, PARTY_LABEL, ends_like_body, label_kind

__all__ = ["column_kind", "header_kinds", "align", "fits_somewhere", "looks_like_ref", "COLUMN_KINDS"]

COLUMN_KINDS = (
    "ref", "title", "content", "lead", "party", "leader", "deadline", "target", "progress", "tasks",
    "note", "reference", "other",
)
_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ref", ("序号", "编号", "项目编号", "序")),
    ("reference", ("来源", "依据", "文件来源", "任务来源")),
    ("deadline", ("完成时限", "完成时间", "时间节点", "时限", "完成期限", "截止时间", "计划完成时间", "进度安排")),
    ("target", ("预期目标", "工作目标", "目标任务", "绩效目标", "效果", "目标", "指标")),
    ("progress", ("进展", "完成情况", "进度", "推进情况", "落实情况", "办理情况", "整改情况", "实施情况", "执行情况")),
    ("tasks", ("工作措施", "主要措施", "具体措施", "推进措施")),
    ("note", ("备注", "说明")),
    ("content", ("具体要求", "工作要求", "要求", "具体内容")),
    ("title", (
        "工作内容", "工程内容", "主要内容", "建设内容", "任务", "项目名称", "项目", "事项", "内容", "建议", "提案",
        "举措", "实事", "名称", "工作", "措施",
    )),
    ("other", (
        "地点", "地址", "投资", "金额", "资金", "规模", "范围", "面积", "数量", "年度", "时间", "类别", "类型",
        "性质", "级别", "单价", "合计", "电话", "联系",
    )),
)
_PARTY_IN = re.compile(PARTY_LABEL)
_LEADER_IN = re.compile(LEADER_LABEL)


@functools.lru_cache(maxsize=8192)
def column_kind(header: str) -> str | None:
    """What a header cell names (one of :data:`COLUMN_KINDS`), or None.

    >>> column_kind("序号"), column_kind("牵头单位"), column_kind("责任领导"), column_kind("甲")
    ('ref', 'lead', 'leader', None)
    """
    cell = re.sub(r"\s+", "", header)
    if not cell or len(cell) > 24:
        return None
    for kind, words in _WORDS[:1]:
        if cell in words or any(cell.startswith(w) and len(cell) <= len(w) + 1 for w in words):
            return kind
    if m := _PARTY_IN.search(cell):
        return "lead" if label_kind(m.group()) == "lead" else "party"
    if m := _LEADER_IN.search(cell):
        return "leader" if label_kind(m.group()) == "leader" else None
    for kind, words in _WORDS[1:]:
        if any(w in cell for w in words):
            return kind
    return None


def header_kinds(cells: list[str]) -> list[str | None] | None:
    """The column kinds of a header row, or None when the row is not a header.

    A header is labels, not data: no cell is a number or a sentence, most of its cells name a
    known column, at least two do, one of them a title or parties. A second title-like column
    holds the content (主要内容 after 改革举措).

    >>> header_kinds(["序号", "任务", "牵头单位"]), header_kinds(["4", "建设第4批项目", "项目建设科", "2020年5月底前"])
    (['ref', 'title', 'lead'], None)
    """
    filled = [c.strip() for c in cells if c.strip()]
    if any(looks_like_ref(c) or len(re.sub(r"\s+", "", c)) > 24 for c in filled):
        return None
    kinds = [column_kind(c) for c in cells]
    known = [k for k in kinds if k]
    if len(known) < 2 or len(known) * 5 < len(filled) * 3 or not ({"title", "party", "lead"} & set(known)):
        return None
    seen_title = False
    for i, kind in enumerate(kinds):
        if kind == "title":
            if seen_title:
                kinds[i] = "content"
            seen_title = True
    return kinds


def looks_like_ref(text: str) -> bool:
    """A row number as a 序号 cell holds it: 1, 12, 一, (3), 3.

    >>> looks_like_ref("12"), looks_like_ref("（三）"), looks_like_ref("2024年")
    (True, True, False)
    """
    return bool(re.fullmatch(r"[（(]?\s*(?:\d{1,5}|[一二三四五六七八九十百]{1,4})\s*[）)]?[.．、]?", text.strip()))


_DATE = re.compile(
    r"(?:\d{1,4}|[一二三四五六七八九十]{1,3})\s*(?:年|月|日)|年底|月底|年内|季度|上半年|下半年|长期|持续|常态|全年|每年|每月"
)
_PROGRESS = re.compile(r"\d+(?:\.\d+)?\s*%|已完成|已经|已开工|正在|推进中|进度|滞后|序时|截至")
_NUMBER = re.compile(r"[\d.,，\s万亿元]+")


@functools.lru_cache(maxsize=4096)
def _bodies(text: str) -> bool:
    """Whether a piece of text is a list of bodies' names (asked once per piece, not per column)."""
    parties = split_parties(text)
    return (
        bool(parties.names) and not parties.refused and text[-1] not in "。；;"
        and all(ends_like_body(n.text) for n in parties.names)
    )


def _fit(text: str, kind: str | None) -> float:
    """How well a piece of text fits a column: positive fits, negative does not."""
    text = text.strip()
    if not text:
        return 0.0
    bodies = _bodies(text)
    short = len(text) <= 20
    dated = bool(_DATE.search(text)) and len(text) <= 24
    if kind in ("lead", "party"):
        return 3.0 if bodies and len(text) <= 60 else -3.0
    if kind == "leader":
        return 2.0 if len(text) <= 12 and not dated else -2.0
    if kind == "deadline":
        return 3.0 if dated else (-0.5 if short else -2.0)
    if kind == "progress":
        return 1.5 if _PROGRESS.search(text) else (0.5 if len(text) > 10 else 0.0)
    if kind in ("title", "content", "tasks", "target"):
        if (bodies and short and not _NUMBER.fullmatch(text)) or text[-1] in ":：":
            return -1.0
        return 1.0 if len(text) >= 4 and not _NUMBER.fullmatch(text) else -0.5
    if kind == "ref":
        return 2.0 if looks_like_ref(text) else -3.0
    if kind in ("note", "reference", "other", None):
        return 0.5 if short and not re.search(r"[:：]$", text) else 0.0
    return 0.0


_MULTI = {"lead", "party", "tasks", "content", "progress", "target", "note", "other", None}
"""Columns whose cell may take several paragraphs (a party per line, a long text)."""
_SKIP = -0.2
_SKIP_TITLE = -3.0
"""Every row has a title: leaving it empty costs more than a misfit."""
_WRAP = -2.5
_REPEAT = -1.0
_LEAD_REPEAT = -0.3
"""A 牵头单位 cell names one body more often than several: a second party paragraph goes to
the 配合单位 after it, when there is one."""


def fits_somewhere(piece: str, kinds: list[str | None]) -> bool:
    """Whether a piece of text fits any column of the header (page furniture fits none).

    >>> fits_somewhere("分享到:", ["title", "party", "deadline"])
    False
    """
    return max(_fit(piece, k) for k in kinds) > 0


def align(pieces: list[str], kinds: list[str | None]) -> list[int]:
    """The column of each piece of a row, in the header's order (dynamic programming).

    A column may take several consecutive pieces (a party per paragraph) or none (an empty
    cell); going back to an earlier column starts a sub-row, which costs more than either.
    """
    if not pieces or not kinds:
        return []
    n = len(kinds)
    fits = [[_fit(p, k) for k in kinds] for p in pieces]
    skip = [_SKIP_TITLE if k == "title" else _SKIP for k in kinds]
    before = [sum(skip[:j]) for j in range(n + 1)]  # the cost of leaving columns 0..j-1 empty

    def between(a: int, b: int) -> float:  # columns strictly between a and b left empty
        return before[b] - before[a + 1]

    neg = float("-inf")
    best = [[neg] * n for _ in pieces]
    back: list[list[int]] = [[-1] * n for _ in pieces]
    for j in range(n):
        best[0][j] = fits[0][j] + before[j]
    for i in range(1, len(pieces)):
        for j in range(n):
            choice, score = -1, neg
            for prev in range(n):
                base = best[i - 1][prev]
                if base == neg:
                    continue
                if prev < j:
                    step = between(prev, j)
                elif prev == j:
                    step = (_LEAD_REPEAT if kinds[j] == "lead" else 0.0) if kinds[j] in _MULTI else _REPEAT
                else:
                    step = _WRAP + before[j]
                if base + step > score:
                    choice, score = prev, base + step
            best[i][j] = score + fits[i][j]
            back[i][j] = choice
    j = max(range(n), key=lambda c: best[-1][c])
    out = [j]
    for i in range(len(pieces) - 1, 0, -1):
        j = back[i][j]
        out.append(j)
    return out[::-1]
