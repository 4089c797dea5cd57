"""What progress tables say: each row's status, and the plan item its 来源 names.

**Status.** A progress text (工作进展情况, 当前进度, 完成情况) gives its item one of four statuses —
已完成 ``completed``, 序时推进 ``on_track``, 滞后 ``behind``, 未启动 ``not_started`` — by the first
of these rules that holds (:data:`STATUS_RULES`; the rule and the words it found are kept with
the status):

=============================  ===========  =================================================
rule                           status       when
=============================  ===========  =================================================
``nothing_reported``           not_started  the cell says only 无 / 暂无 / —
``not_started_stated``         not_started  未启动, 尚未开工, 暂未开展 …
``delay_stated``               behind       滞后, 进度缓慢, 未按期, 延期 …
``completion_with_work_left``  on_track     已完成 … but also 正在, 即将, 准备, 下一步 … (a step done)
``completion_stated``          completed    已完成, 全面完成, 已竣工, 已投入使用, 已办结 … (not after 未)
``work_reported``              on_track     anything else reported
=============================  ===========  =================================================

**Sources.** A row's 来源 names the plan item it reports on: （十政办发〔2021〕1号）第12项. Rows
below it often give only 第19项: the document number is carried down (:func:`references`).

>>> [status_of(t)[:2] for t in ("已全部完成。", "系统测试已完成，准备开展培训", "进度滞后", "无")]
[('completed', 'completion_stated'), ('on_track', 'completion_with_work_left'), ('behind', 'delay_stated'), ('not_started', 'nothing_reported')]
>>> [(r.doc_number, r.item, r.carried) for r in references(["（十政办发〔2021〕1号）第12项", "第19项"])]
[('十政办发〔2021〕1号', '12', False), ('十政办发〔2021〕1号', '19', True)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dutygraph.importers.structure.meta import DOC_NUMBER
from dutygraph.importers.facts.numbers import parse_number
from dutygraph.ontology.model import ProgressStatus, Reference

__all__ = ["STATUS_RULES", "StatusRule", "references", "status_of"]


@dataclass(frozen=True)
class StatusRule:
    """One rule: a name, the status it gives, and the words it looks for (what each rule means
    in words is in :data:`dutygraph.labels.STATUS_RULES`)."""

    name: str
    status: ProgressStatus
    pattern: re.Pattern[str]


_ONGOING = re.compile(r"正在|正抓紧|推进中|进行中|即将|准备|下一步|拟于|计划于|有序推进|持续推进|加快推进|稳步推进|积极推进")
_COMPLETION = re.compile(
    r"(?<![未没不])(?:已|全面|全部|顺利|如期|提前|均已)(?:全部)?(?:完成|竣工|建成|办结|销号|落实到位|投入使用|投用)"
    r"|完成率(?:达到?)?100%|(?<![未没不])完成(?:了)?(?:全年|年度)(?:目标)?任务"
)

STATUS_RULES: tuple[StatusRule, ...] = (
    StatusRule("nothing_reported", "not_started", re.compile(r"^\s*(?:无|暂无|—+|-+|/)\s*[。.]?\s*$")),
    StatusRule("not_started_stated", "not_started",
               re.compile(r"(?:未|尚未|暂未|还未|没有)(?:启动|开工|开展|开始|实施)")),
    StatusRule("delay_stated", "behind",
               re.compile(r"滞后|进度缓慢|进展缓慢|推进缓慢|未按期|未能按期|延期|延误|逾期")),
    StatusRule("completion_with_work_left", "on_track", _COMPLETION),
    StatusRule("completion_stated", "completed", _COMPLETION),
    StatusRule("work_reported", "on_track", re.compile(r"\S")),
)
"""The rules in the order they are tried; the first that holds gives the status."""


def status_of(text: str) -> tuple[ProgressStatus, str, str] | tuple[None, None, None]:
    """(status, rule name, the words found) for one progress text; all None for an empty one.

    ``work_reported`` finds no particular words: its evidence is empty.
    """
    for rule in STATUS_RULES:
        m = rule.pattern.search(text)
        if m is None:
            continue
        ongoing = _ONGOING.search(text)
        if rule.name == "completion_with_work_left":
            if ongoing is None:
                continue
            return rule.status, rule.name, f"{m.group()}…{ongoing.group()}"
        return rule.status, rule.name, m.group().strip()[:20] if rule.name != "work_reported" else ""
    return None, None, None


_ITEM = re.compile(r"第\s*(?P<n>[0-9]+|[一二三四五六七八九十百零两]+)\s*[项条点]")


def references(texts: Iterable[str], carried: str | None = None) -> list[Reference]:
    """Read 来源 texts in reading order, carrying the document number down to rows that give
    only the item (第19项); ``carried`` is the number in force before the first."""
    out = []
    for text in texts:
        doc = DOC_NUMBER.search(text)
        item = _ITEM.search(text[doc.end():] if doc else text)
        number = parse_number(item.group("n")) if item else None
        ref = str(int(number)) if number is not None and number == int(number) else None
        if doc is None and ref is None:
            continue
        own = re.sub(r"\s+", "", doc.group()) if doc else None
        out.append(Reference(text=text, doc_number=own or carried, item=ref, carried=own is None and carried is not None))
        carried = own or carried
    return out
