"""A plan's identity from its preamble: title, issuers, year, kind, document number.

>>> meta = read_meta("湖南省教育厅 中共湖南省委教育工委\\n2020年工作要点\\n", preamble_end=30)
>>> meta.title, meta.issuers, meta.year, meta.kind
('湖南省教育厅 中共湖南省委教育工委2020年工作要点', ['湖南省教育厅', '中共湖南省委教育工委'], 2020, 'work_plan')
>>> read_meta("2022年湖北省教育厅重点实事项目清单", preamble_end=20).issuers
['湖北省教育厅']
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from dutygraph.ontology.model import PlanKind

__all__ = ["PlanMeta", "read_meta", "is_generic_issuer"]

_TITLE_WORDS = re.compile(
    r"(工作要点|要点|项目清单|任务清单|清单|实施方案|工作方案|方案|工作计划|计划|"
    r"任务分解|分解表|进展情况|完成情况|进度表|台账)"
)
_QUOTED_TITLE = re.compile(r"印发[《〈](?P<title>[^》〉]{4,80})[》〉]")
_ORG = re.compile(
    r"(?:中共)?[\u4e00-\u9fffxX×]{0,14}?"
    r"(?:教育厅|教育局|教育委员会|教育工作委员会|教育工委|教委|人民政府办公厅|人民政府办公室|"
    r"人民政府|办公厅|委员会|工委|厅|局)"
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[（(【]\s*(?:19|20)\d{2}\s*[〕\]）)】]\s*\d{1,4}\s*号")
_AS_OF = re.compile(r"(\d{1,2})\s*[-—–~至到]\s*(\d{1,2})\s*月")
_GENERIC = re.compile(r"^(市|省|县|区|州|自治区|[xX×]{1,3}[市省县区]|某[市省县区])")


@dataclass(frozen=True)
class PlanMeta:
    title: str
    title_start: int
    issuers: list[str]
    year: int | None
    kind: PlanKind
    doc_number: str | None
    as_of: dt.date | None


def is_generic_issuer(name: str) -> bool:
    """Whether an issuer's name says no place (市教育局, xx市教育局).

    >>> is_generic_issuer("市教育局"), is_generic_issuer("湖北省教育厅")
    (True, False)
    """
    return bool(_GENERIC.match(name))


def _title_lines(text: str, preamble_end: int) -> tuple[str, int]:
    """The title: a 印发《…》 quotation, or the first lines that read like a plan's name."""
    preamble = text[:preamble_end]
    if m := _QUOTED_TITLE.search(preamble):
        return m.group("title"), m.start("title")
    lines = [(m.group().strip(), m.start()) for m in re.finditer(r"[^\n]+", preamble)]
    lines = [(re.sub(r"^[#\s*]+|[*\s]+$", "", s), at) for s, at in lines if s.strip("#* \t")]
    for i, (line, at) in enumerate(lines):
        if len(line) > 60:
            if m := _TITLE_WORDS.search(line[:60]):
                return line[: m.end()], at
            continue
        if _TITLE_WORDS.search(line):
            # A title split over two lines: 湖南省教育厅 中共湖南省委教育工委 / 2020年工作要点
            if i > 0 and _YEAR.match(line) and not _TITLE_WORDS.search(lines[i - 1][0]):
                prev, prev_at = lines[i - 1]
                if _ORG.search(prev) and len(prev) <= 40:
                    return prev + line, prev_at
            return line, at
    for line, at in lines:
        if line not in ("附件",) and len(line) <= 60:
            return line, at
    return (lines[0][0][:60], lines[0][1]) if lines else ("", 0)


def _issuers(title: str) -> list[str]:
    head = _YEAR.split(title, maxsplit=1)
    candidates = head[0] + " " + (head[2] if len(head) > 2 else "")
    found: list[str] = []
    for part in re.split(r"[\s、,，]+", candidates):
        for m in _ORG.finditer(part):
            name = m.group().strip()
            if name and name not in found and len(name) >= 2:
                found.append(name)
    return found


def read_meta(text: str, *, preamble_end: int) -> PlanMeta:
    """Read a plan's metadata from its normalised text; the preamble ends at ``preamble_end``."""
    title, title_start = _title_lines(text, preamble_end)
    year_match = _YEAR.search(title) or _YEAR.search(text[:preamble_end])
    year = int(year_match.group(1)) if year_match else None
    if re.search(r"进展|完成情况|进度", title):
        kind: PlanKind = "progress_report"
    elif re.search(r"清单|项目", title):
        kind = "project_list"
    else:
        kind = "work_plan"
    doc = _DOC_NUMBER.search(text[:preamble_end])
    as_of = None
    if kind == "progress_report" and year and (m := _AS_OF.search(title)):
        month = int(m.group(2))
        if 1 <= month <= 12:
            as_of = dt.date(year, month, calendar.monthrange(year, month)[1])
    return PlanMeta(
        title=title,
        title_start=title_start,
        issuers=_issuers(title),
        year=year,
        kind=kind,
        doc_number=re.sub(r"\s+", "", doc.group()) if doc else None,
        as_of=as_of,
    )
