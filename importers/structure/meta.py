"""A plan's identity from its preamble: title, issuers, year, kind, document number.

The genre's preamble is a notice around the plan: 《X》 印发 by an issuer (国务院办公厅关于印发
X的通知), a 发文字号 (国办发〔2018〕128号), a signature (the issuer on a line of its own, the date
under it) and, on crawled pages, a 来源 or 发布单位 line. The title is the plan's own name (X),
found on one line or split over two; the issuers are the bodies the title (or the notice's
head, signature or source line) names; the year is the title's, else the document number's.

>>> meta = read_meta("湖南省教育厅 中共湖南省委教育工委\\n2020年工作要点\\n", preamble_end=30)
>>> meta.title, meta.issuers, meta.year, meta.kind
('湖南省教育厅 中共湖南省委教育工委2020年工作要点', ['湖南省教育厅', '中共湖南省委教育工委'], 2020, 'work_plan')
>>> read_meta("2022年湖北省教育厅重点实事项目清单", preamble_end=20).issuers
['湖北省教育厅']
>>> meta = read_meta("国务院办公厅关于印发“无废城市”建设\\n试点工作方案的通知\\n国办发〔2018〕128号\\n", preamble_end=60)
>>> meta.title, meta.issuers, meta.year, meta.doc_number
('“无废城市”建设试点工作方案', ['国务院办公厅'], 2018, '国办发〔2018〕128号')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from dutygraph.ontology.issuers import is_placeless, looks_like_issuer
from dutygraph.ontology.model import IssuerRule, PlanKind

__all__ = ["DOC_NUMBER", "PlanMeta", "read_meta", "is_generic_issuer", "issuer_rule"]

_TITLE_WORDS = re.compile(
    r"(工作要点|要点|项目清单|任务清单|清单|实施方案|工作方案|分工方案|方案|工作计划|计划|任务分解|分解表|"
    r"进展情况表|进展情况|完成情况|进度表|情况表|台账|指导意见|实施意见|意见|应急预案|预案|通知|规划|措施|"
    r"若干举措|举措|项目)"
)
_NOTICE = re.compile(r"(?:关于)?(?:印发|转发|下达|公布)[《〈]?(?P<title>.{4,80}?)[》〉]?的通知")
_QUOTED_TITLE = re.compile(r"印发[《〈](?P<title>[^》〉]{4,80})[》〉]")
_ORG = re.compile(
    r"(?:中共)?[\u4e00-\u9fffxX×]{0,14}?"
    r"(?:国务院办公厅|国务院|人民政府办公厅|人民政府办公室|人民政府|政府办公室|政府办|府办|教育厅|教育局|"
    r"教育委员会|教育工作委员会|教育工委|教委|(?:卫健|卫计|发改|经信|住建)委|办公厅|办公室|委员会|工委|党委|厅|局)"
)
_ORG_LINE = re.compile(rf"^(?:{_ORG.pattern})$")
_HEAD_ORG = re.compile(rf"^(?P<org>{_ORG.pattern})(?:关于|印发)")
_SOURCE = re.compile(r"(?:来源|信息来源|发布单位|发布机构|发文机关)\s*[:：|]\s*(?P<org>[^\s|:：]{2,30})")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
DOC_NUMBER = re.compile(
    r"(?:(?![的知于件关通号年月日])[\u4e00-\u9fff]){1,4}(?:发|函|办|字|文|令|复|电|规|报|秘)"
    r"[〔\[（(【]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]）)】]\s*\d{1,4}\s*号"
)
_DATE_LINE = re.compile(r"^\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_AS_OF = re.compile(r"(\d{1,2})\s*[-—–~至到]\s*(\d{1,2})\s*月")
_MAX_TITLE = 60


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
    return is_placeless(name)


def _preamble_lines(text: str, preamble_end: int) -> list[tuple[str, int]]:
    lines = []
    for m in re.finditer(r"[^\n]+", text[:preamble_end]):
        line = re.sub(r"^[#\s*|]+|[*\s|]+$", "", m.group())
        if line:
            lines.append((line, m.start() + m.group().find(line[:1])))
    return lines


def _title(lines: list[tuple[str, int]]) -> tuple[str, int, str]:
    """The plan's title, where it starts, and the line(s) it was read from."""
    candidates = []
    for i, (line, at) in enumerate(lines):
        # a title split over two lines: 湖南省教育厅 中共湖南省委教育工委 / 2020年工作要点
        if i + 1 < len(lines):
            joined = line + lines[i + 1][0]
            if (not _ends_title(line) and _ends_title(lines[i + 1][0]) and len(joined) <= 2 * _MAX_TITLE
                    and not re.search(r"[|:：。]", line)
                    and (_ORG.search(line) or _YEAR.match(lines[i + 1][0]) or "关于" in line)):
                candidates.append((joined, at))
        candidates.append((line if len(line) <= 2 * _MAX_TITLE else line[: 2 * _MAX_TITLE], at))
    for text, at in candidates:
        if m := _QUOTED_TITLE.search(text) or _NOTICE.search(text):
            return m.group("title"), at + m.start("title"), text
        if _ends_title(text) and len(text) <= _MAX_TITLE:
            return text, at, text
    for text, at in candidates:
        if m := _TITLE_WORDS.search(text):
            return text[: m.end()], at, text
    for line, at in lines:
        if line not in ("附件",) and len(line) <= _MAX_TITLE:
            return line, at, line
    return (lines[0][0][:_MAX_TITLE], lines[0][1], lines[0][0]) if lines else ("", 0, "")


def _ends_title(line: str) -> bool:
    line = re.sub(r"[（(][^（）()]{0,20}[）)]$", "", line.strip())
    return bool(re.search(rf"(?:{_TITLE_WORDS.pattern})$", line))


_PLACE_HEAD = re.compile(r"^[\u4e00-\u9fff]{1,10}?(?:自治区|自治州|自治县|省|市|县|区|州|旗|盟)$")


def _issuers(title: str) -> list[str]:
    if (m := _HEAD_ORG.match(title)) and looks_like_issuer(m.group("org")):
        return [m.group("org")]
    head = _YEAR.split(title, maxsplit=1)
    if _PLACE_HEAD.match(head[0].strip()) and not _ORG.search(head[0]):
        return [head[0].strip()]  # 青山县2024年民生实事: the place stands for its government
    candidates = head[0] + " " + (head[2] if len(head) > 2 else "")
    found: list[str] = []
    for part in re.split(r"[\s、,，]+", candidates):
        for m in _ORG.finditer(part):
            name = m.group().strip()
            if name and name not in found and looks_like_issuer(name):
                found.append(name)
    return found


def _notice_head(line: str) -> list[str]:
    """The body heading a notice (X关于印发《…》的通知): the name right before 关于/印发, on a line
    that may carry page furniture and the document number before it (a page joined onto one line)."""
    m = _NOTICE.search(line)
    if not m:
        return []
    before = line[: m.start()].rstrip()
    found = list(_ORG.finditer(re.split(r"[\s|:：,，。;；]+|文件", before)[-1]))
    if found and before.endswith(found[-1].group()) and looks_like_issuer(found[-1].group()):
        return [found[-1].group()]
    return []


def _signed(lines: list[tuple[str, int]]) -> list[str]:
    """The issuer a notice is signed by (its name alone on a line, the date below) or credits."""
    for (line, _), (below, _) in zip(lines, lines[1:], strict=False):
        if _ORG_LINE.match(line) and _DATE_LINE.match(below) and not is_generic_issuer(line):
            return [line]
    for line, _ in lines:
        if (m := _SOURCE.search(line)) and _ORG_LINE.match(m.group("org")) and looks_like_issuer(m.group("org")):
            return [m.group("org")]
    return []


def issuer_rule(text: str, name: str, title: str) -> IssuerRule:
    """How a document's text names its issuer ``name``: ``named`` when the title, the notice or
    a signature does, ``source_line`` when only a page's 来源/发布机构 line does.

    >>> issuer_rule("信息来源:青山县教育局\\n2020年工作要点\\n", "青山县教育局", "2020年工作要点")
    'source_line'
    >>> issuer_rule("青山县教育局2020年工作要点\\n", "青山县教育局", "青山县教育局2020年工作要点")
    'named'
    """
    if name in title:
        return "named"
    for line in text.splitlines():
        if name in line and not any(m.group("org") == name for m in _SOURCE.finditer(line)):
            return "named"
    return "source_line"


def read_meta(text: str, *, preamble_end: int) -> PlanMeta:
    """Read a plan's metadata from its normalised text; the preamble ends at ``preamble_end``."""
    lines = _preamble_lines(text, preamble_end)
    title, title_start, source_line = _title(lines)
    issuers = _notice_head(source_line) or _issuers(title)
    if not issuers or all(is_generic_issuer(n) for n in issuers):
        issuers = _signed(lines) or issuers
    doc = DOC_NUMBER.search(text[:preamble_end])
    year_match = _YEAR.search(title)
    if year_match:
        year: int | None = int(year_match.group(1))
    elif doc:
        year = int(doc.group("year"))
    else:
        found = _YEAR.search(text[:preamble_end])
        year = int(found.group(1)) if found else None
    if re.search(r"进展|完成情况|进度", title):
        kind: PlanKind = "progress_report"
    elif re.search(r"清单|项目", title):
        kind = "project_list"
    else:
        kind = "work_plan"
    as_of = None
    if kind == "progress_report" and year and (m := _AS_OF.search(title)):
        month = int(m.group(2))
        if 1 <= month <= 12:
            as_of = dt.date(year, month, calendar.monthrange(year, month)[1])
    elif kind == "progress_report" and year and (m := re.search(r"截至\s*(\d{1,2})\s*月", title)):
        month = int(m.group(1))
        if 1 <= month <= 12:
            as_of = dt.date(year, month, calendar.monthrange(year, month)[1])
    return PlanMeta(
        title=title,
        title_start=title_start,
        issuers=issuers,
        year=year,
        kind=kind,
        doc_number=re.sub(r"\s+", "", doc.group()) if doc else None,
        as_of=as_of,
    )
