"""Chains of tasks across levels (上下级任务对应): which item of a lower plan carries out which task above.

A State Council plan's tasks are taken up by the provinces' implementation plans, theirs by the
cities', and so on. :func:`chain` links them, after the documents are read (and again after
corrections), in three steps:

1. **Levels**: every issuer is placed at its level (:func:`dutygraph.ontology.levels.place`);
   a plan stands at its first placed issuer's level.
2. **Which plans are compared**: a plan is compared with those it *cites* — by document number
   or quoted title, in its opening (``Plan.cites``) or in an item — when the cited plan is not
   below it, and with the higher-level plans whose titles share its *theme* (乡村教师队伍建设
   in 国务院…实施方案 and in 甲省…实施方案). Plans that neither cite each other nor share a theme
   are never compared: similar wording in an unrelated plan links nothing.
3. **Which items are linked**: an item that names a higher item (落实国办发〔2020〕43号第（五）项)
   is linked to it (``cites_item``); any other item is linked to the task of the compared plans
   it *restates* best, when the similarity of their normalised words (:func:`task_words`,
   rapidfuzz) reaches the threshold for that basis (:data:`THRESHOLDS`, measured on the invented
   chains of ``benchmarks/chains.py``).

Corrections (``confirm_link``, ``reject_link``, ``add_link``) are read from each item's
``corrections`` and applied last, so they hold whenever the links are made again. Linking starts
afresh each time: ``chain(chain(c)) == chain(c)``.

>>> from dutygraph.importers.read import parse
>>> from dutygraph.importers.assemble import assemble
>>> national = parse("国务院办公厅关于印发乡村教师队伍建设实施方案的通知\\n国办发〔2030〕7号\\n"
...                  "1.建立乡村教师荣誉制度，表彰长期在乡村任教的教师。（教育部牵头）\\n"
...                  "2.提高乡村教师生活补助标准。（财政部牵头）\\n", source="n.txt")
>>> province = parse("甲省人民政府办公厅关于印发甲省乡村教师队伍建设实施方案的通知\\n"
...                  "根据《乡村教师队伍建设实施方案》（国办发〔2030〕7号），制定本方案。\\n"
...                  "1.全面建立乡村教师荣誉制度，表彰在乡村任教满20年的教师。（省教育厅牵头）\\n"
...                  "2.落实国办发〔2030〕7号第2项，提高补助标准。（省财政厅牵头）\\n", source="p.txt")
>>> corpus = merged(national, province)
>>> [(o.name, o.level, o.level_rule) for o in corpus.organizations]
[('国务院办公厅', 'national', 'name'), ('甲省人民政府办公厅', 'province', 'name')]
>>> [(i.ref, c.rule, c.basis, c.confidence, c.evidence) for i in corpus.plans[1].items for c in i.derived_from]
[('1', 'restates', 'cites', 0.9, '建立乡村教师荣誉制度表彰乡村任教满年教师'), ('2', 'cites_item', 'cites', 0.95, '国办发〔2030〕7号第2项')]
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from dutygraph.importers.facts.citations import Cited, find_citations, item_key, title_key
from dutygraph.ontology.levels import place, place_names, rank
from dutygraph.ontology.model import (
    ChainBasis,
    ChainLink,
    Citation,
    Corpus,
    Item,
    Level,
    Organization,
    Plan,
    display_ref,
)

__all__ = ["THRESHOLDS", "chain", "merged", "similarity", "task_words", "theme_of"]

THRESHOLDS: dict[str, float] = {"cites": 0.6, "theme": 0.7, "title": 0.8, "margin": 0.02}
"""``cites``: the least similarity for a restated task of a plan cited; ``theme``: of a plan
that only shares a theme (stricter: nothing else says the two belong together); ``title``: the
least similarity of two titles' themes; ``margin``: tasks this close to the best are linked too.
Measured on the invented chains of ``benchmarks/chains.py`` (precision and recall ≥ 0.9)."""

_CONFIDENCE = {"cites_item": 0.95, "corrected": 1.0}
_THEME_DISCOUNT = 0.9  # a link between plans that only share a theme is less sure than one they cite
_MIN_PARTIAL = 6  # shorter normalised texts are compared whole, never as a part of a longer one

_TRAILER = re.compile(r"[（(][^（）()]*(?:牵头|负责|配合|参与|责任|完成时限|时限)[^（）()]*[）)]")
_RESPONSIBLE = re.compile(r"(?:牵头|责任|配合|参与)?(?:单位|部门|处室)\s*[:：].*$")
_MARKER = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十百0-9]{1,4}[）)、.．]|[①-⑳])\s*")
_FILLER = re.compile(
    r"各地区|各地|各有关部门|各部门|有关部门|各级|全省|全市|全县|全区|本地区|我省|我市|我县|我区|本省|本市|本县|"
    r"省级|市级|县级|认真|切实|积极|进一步|全面|加快|大力|着力|深入|扎实|不断|持续|努力|推动|推进|加强|落实|做好|"
    r"开展|抓好|贯彻|健全|完善|按照|要求|工作|有关|相关|[的和及与等要并在对把将]"
)
_NON_WORD = re.compile(r"[^\u4e00-\u9fff]")
_GENRE = re.compile(
    r"(?:重点任务|任务|责任)?(?:分工|分解)?(?:实施方案|工作方案|行动方案|方案|工作要点|要点|实施意见|指导意见|意见|"
    r"工作计划|计划|规划|清单|措施|通知)$"
)
_GENERIC_THEME = re.compile(
    r"年度|重点|主要|民生|实事|项目|工作|任务|目标|责任|分工|分解|清单|要点|计划|方案|报告|政府|教育|十大|进展|情况|"
    r"完成|落实|督办|督查|部门|单位|[年度全省市县区的和及]"
)
"""Words every plan's title may hold: a title made of them alone (重点实事项目, 政府工作报告任务分解)
names no theme."""
_ORGAN = re.compile(
    r"^(?:中共)?[\u4e00-\u9fff]{0,14}?(?:人民政府办公厅|人民政府办公室|人民政府|政府办公室|办公厅|办公室|教育厅|教育局|"
    r"委员会|工委|党委|厅|局)(?=关于)"
)


def task_words(text: str) -> str:
    """An item's words as tasks are compared: no numbering, responsibility trailers, figures,
    punctuation, or the words every plan uses (各地区, 切实, 进一步, 推进, 加强, 的 …).

    >>> task_words("（五）切实加强乡村教师培训，2025年底前实现全覆盖。（省教育厅牵头，各市配合）")
    '乡村教师培训年底前实现全覆盖'
    """
    text = _MARKER.sub("", text)
    text = _TRAILER.sub("", text)
    text = _RESPONSIBLE.sub("", text)
    text = _NON_WORD.sub("", text)
    return _FILLER.sub("", text)


def similarity(higher: str, lower: str) -> tuple[float, str]:
    """How far ``lower`` restates ``higher`` (both :func:`task_words`), 0–1, and the words shared.

    The mean of rapidfuzz's ratio (the two as wholes) and partial ratio (the higher task
    found within a longer item), the latter only when both have at least six characters.

    >>> score, shared = similarity("建立乡村教师荣誉制度表彰长期乡村任教教师", "建立乡村教师荣誉制度表彰乡村任教满年教师")
    >>> round(score, 2), shared
    (0.9, '建立乡村教师荣誉制度表彰乡村任教满年教师')
    >>> similarity("", "甲")
    (0.0, '')
    """
    fuzz = _fuzz()
    if not higher or not lower:
        return 0.0, ""
    whole = fuzz.ratio(higher, lower) / 100
    if min(len(higher), len(lower)) < _MIN_PARTIAL:
        return whole, lower if whole else ""
    part = fuzz.partial_ratio_alignment(higher, lower)
    if part is None:
        return whole / 2, ""
    shorter_is_higher = len(higher) <= len(lower)
    shared = lower[part.dest_start:part.dest_end] if shorter_is_higher else lower[part.src_start:part.src_end]
    return (whole + part.score / 100) / 2, shared


@functools.cache
def _fuzz() -> Any:
    """rapidfuzz's scorers, imported on first use (reading documents that link nothing never needs them)."""
    from rapidfuzz import fuzz

    return fuzz


def theme_of(title: str, places: Iterable[str] = ()) -> str:
    """A plan's theme: its title without the issuer, its ``places`` (甲省: the places the
    issuers' names begin with), years, quotation marks and genre; none ('') when what is left
    is words any plan's title holds (重点实事项目, 政府工作报告).

    >>> theme_of("甲省人民政府办公厅关于印发甲省乡村教师队伍建设实施方案的通知", ["甲省"])
    '乡村教师队伍建设'
    >>> theme_of("国务院办公厅关于印发“无废城市”建设试点工作方案的通知")
    '无废城市建设试点'
    >>> theme_of("2022年湖北省教育厅重点实事项目清单", ["湖北省"]), theme_of("县卫健委2021年政府工作报告任务分解", ["县卫健委"])
    ('', '')
    """
    title = title_key(title)
    title = re.sub(r"的通知$", "", title)
    title = _ORGAN.sub("", title)
    title = re.sub(r"^(?:关于)?(?:印发|转发)", "", title)
    title = re.sub(r"(?:19|20)\d{2}(?:[-—–~至]\d{2,4})?年?(?:度)?", "", title)
    for _ in range(2):
        title = re.sub(r"^(?:贯彻落实|贯彻|落实|关于)", "", title)
        for name in sorted(places, key=len, reverse=True):
            if name and title.startswith(name):
                title = title[len(name):]
    while (shorter := _GENRE.sub("", title)) != title and shorter:
        title = shorter
    title = re.sub(r"^(?:贯彻落实|贯彻|落实)|(?:贯彻落实|贯彻|落实)$", "", title)
    return "" if len(_GENERIC_THEME.sub("", title)) < 2 else title


def merged(*corpora: Corpus) -> Corpus:
    """Corpora read apart, as one (issuers and parties once), linked as :func:`chain` links."""
    from dutygraph.ontology.links import link

    orgs = {o.id: o for c in corpora for o in c.organizations}
    parties = {p.id: p for c in corpora for p in c.parties}
    leaders = {p.id: p for c in corpora for p in c.leaders}
    return link(Corpus(organizations=tuple(orgs[k] for k in sorted(orgs)), parties=tuple(parties[k] for k in sorted(parties)),
                       leaders=tuple(leaders[k] for k in sorted(leaders)),
                       plans=tuple(p for c in corpora for p in c.plans)))


def _placed(corpus: Corpus) -> tuple[tuple[Organization, ...], dict[str, Level]]:
    numbers: dict[str, list[str]] = defaultdict(list)
    for plan in corpus.plans:
        if plan.doc_number and plan.issuers:
            numbers[plan.issuers[0]].append(plan.doc_number)
    orgs = []
    for org in corpus.organizations:
        found = place(org.name, numbers.get(org.id, ()))
        update = ({"level": found.level, "level_rule": found.rule, "level_evidence": found.evidence} if found else
                  {"level": None, "level_rule": None, "level_evidence": None})
        orgs.append(org if all(getattr(org, k) == v for k, v in update.items()) else org.model_copy(update=update))
    levels = {o.id: o.level for o in orgs if o.level is not None}
    plan_level = {}
    for plan in corpus.plans:
        level = next((levels[i] for i in plan.issuers if i in levels), None)
        if level is not None:
            plan_level[plan.id] = level
    return tuple(orgs), plan_level


_SERIAL = re.compile(r"^(?P<prefix>.+?)[〔\[（(【]\s*(?P<year>\d{4})\s*[〕\]）)】]\s*(?P<serial>\d+)\s*号$")


class _Plans:
    """The plans of a corpus by document number and by title, to resolve a citation.

    Numbers are compared by year and serial, and by the issuer's prefix read from its end: a
    number read out of running text may carry a character before it (实东政办发 in 落实东政办发).
    """

    def __init__(self, plans: Iterable[Plan]) -> None:
        self.by_number: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
        self.by_title: dict[str, set[str]] = defaultdict(set)
        for plan in plans:
            if plan.doc_number and (m := _SERIAL.match(re.sub(r"\s+", "", plan.doc_number))):
                self.by_number[(m["year"], int(m["serial"]))].append((m["prefix"], plan.id))
            if key := title_key(plan.title):
                self.by_title[key].add(plan.id)

    def resolve(self, doc_number: str | None, title: str | None, citing: str) -> str | None:
        """The one plan (not ``citing``) a number, else a title, names; None if none or several."""
        if doc_number and (m := _SERIAL.match(doc_number)):
            found = {plan for prefix, plan in self.by_number.get((m["year"], int(m["serial"])), [])
                     if m["prefix"].endswith(prefix) and plan != citing}
            if len(found) == 1:
                return next(iter(found))
        if title:
            found = self.by_title.get(title_key(title), set()) - {citing}
            if len(found) == 1:
                return next(iter(found))
        return None


def _numbered(plan: Plan, key: str) -> Item | None:
    """The item of ``plan`` a citation's 第（五）项 names: by its ref, else by its number."""
    from dutygraph.importers.facts.numbers import parse_number

    by_id = {i.id: i for i in plan.items}
    found = [i for i in plan.items if item_key(display_ref(i, by_id)) == key]
    if not found:
        value = parse_number(key)
        found = [i for i in plan.items if i.parent is None and value is not None and i.number == int(value)]
    return found[0] if len(found) == 1 else None


def chain(corpus: Corpus) -> Corpus:
    """Place every issuer at its level and link every item to the higher tasks it carries out."""
    organizations, levels = _placed(corpus)
    index = _Plans(corpus.plans)
    by_id = {p.id: p for p in corpus.plans}
    items = {i.id: i for p in corpus.plans for i in p.items}
    places = {o.id: [o.name, *place_names(o.name)] for o in organizations}
    themes = {p.id: theme_of(p.title, [w for i in p.issuers for w in places.get(i, [])]) for p in corpus.plans}
    plans = []
    for plan in corpus.plans:
        cites = tuple(c.model_copy(update={"target": index.resolve(c.doc_number, c.title, plan.id)})
                      for c in plan.cites)
        if plan.kind != "progress_report":
            plan = plan.model_copy(update={"items": _linked(plan, cites, by_id, items, index, levels, themes)})
        plans.append(plan.model_copy(update={"cites": cites}) if cites != plan.cites else plan)
    return corpus.model_copy(update={"organizations": organizations, "plans": tuple(plans)})


def _above(higher: str, lower: str, levels: dict[str, Level], *, strict: bool) -> bool:
    """Whether ``higher`` may hold tasks ``lower`` carries out: above it, or (``strict`` off)
    of a level unknown."""
    if higher in levels and lower in levels:
        return rank(levels[higher]) < rank(levels[lower])
    return not strict


def _related(plan: Plan, cites: tuple[Citation, ...], item_cites: dict[str, list[tuple[Cited, str]]],
             by_id: dict[str, Plan], levels: dict[str, Level], themes: dict[str, str]) -> dict[str, ChainBasis]:
    fuzz = _fuzz()
    related: dict[str, ChainBasis] = {}
    cited = [c.target for c in cites if c.target] + [h for found in item_cites.values() for _, h in found]
    for higher in cited:
        if _above(higher, plan.id, levels, strict=False):
            related[higher] = "cites"
    theme = themes[plan.id]
    if len(theme) >= 4 and plan.id in levels:
        for other in by_id.values():
            if other.id in related or other.kind == "progress_report" or not _above(other.id, plan.id, levels, strict=True):
                continue
            if len(themes[other.id]) >= 4 and fuzz.ratio(theme, themes[other.id]) / 100 >= THRESHOLDS["title"]:
                related[other.id] = "theme"
    return related


def _linked(plan: Plan, cites: tuple[Citation, ...], by_id: dict[str, Plan], items: dict[str, Item], index: _Plans,
            levels: dict[str, Level], themes: dict[str, str]) -> tuple[Item, ...]:
    item_cites: dict[str, list[tuple[Cited, str]]] = {}
    for item in plan.items:
        found = [(c, h) for c in find_citations(item.text)
                 if (h := index.resolve(c.doc_number, c.title, plan.id)) is not None]
        if found:
            item_cites[item.id] = found
    related = _related(plan, cites, item_cites, by_id, levels, themes)
    candidates = [(h, i, task_words(i.text)) for h in related for i in by_id[h].items]
    out = []
    for item in plan.items:
        links = _explicit(item, item_cites.get(item.id, []), by_id, related)
        named = {h for _, h in item_cites.get(item.id, []) if h in related}  # it cites a plan, not an item
        for basis in ("cites", "theme"):  # the plans it cites first; those sharing a theme only when none fits
            if links:
                break
            links = _restated(item, [c for c in candidates if related[c[0]] == basis and (not named or c[0] in named)],
                              related)
        links = _corrected(item, links, items)
        out.append(item if links == item.derived_from else item.model_copy(update={"derived_from": links}))
    return tuple(out)


def _explicit(item: Item, found: list[tuple[Cited, str]], by_id: dict[str, Plan],
              related: dict[str, ChainBasis]) -> list[ChainLink]:
    links = []
    words = task_words(item.text)
    for cited, higher in found:
        if cited.item is None or higher not in related:
            continue
        target = _numbered(by_id[higher], cited.item)
        if target is not None and all(link.target != target.id for link in links):
            score, _ = similarity(task_words(target.text), words)
            links.append(ChainLink(target=target.id, rule="cites_item", basis="cites", score=round(score, 3),
                                   confidence=_CONFIDENCE["cites_item"], evidence=cited.text))
    return links


def _restated(item: Item, pool: list[tuple[str, Item, str]], related: dict[str, ChainBasis]) -> list[ChainLink]:
    words = task_words(item.text)
    scored = []
    for higher, target, target_words in pool:
        score, shared = similarity(target_words, words)
        if score >= THRESHOLDS[related[higher]]:
            scored.append((score, higher, target, shared))
    if not scored:
        return []
    best = max(s for s, *_ in scored)
    links = []
    for score, higher, target, shared in sorted(scored, key=lambda s: -s[0]):
        if score < best - THRESHOLDS["margin"]:
            break
        basis = related[higher]
        confidence = score * (_THEME_DISCOUNT if basis == "theme" else 1.0)
        links.append(ChainLink(target=target.id, rule="restates", basis=basis, score=round(score, 3),
                               confidence=round(confidence, 3), evidence=shared))
    return links


def _corrected(item: Item, links: list[ChainLink], items: dict[str, Item]) -> tuple[ChainLink, ...]:
    for fix in item.corrections:
        target = fix.after
        if fix.op == "reject_link":
            links = [link for link in links if link.target != target]
        elif fix.op == "confirm_link":
            links = [link.model_copy(update={"confirmed": True, "confidence": 1.0}) if link.target == target else link
                     for link in links]
        elif fix.op == "add_link" and target in items and all(link.target != target for link in links):
            score, _ = similarity(task_words(items[target].text), task_words(item.text))
            links.append(ChainLink(target=target, rule="corrected", basis="corrected", score=round(score, 3),
                                   confidence=_CONFIDENCE["corrected"], evidence=f"{fix.file}:{fix.line}",
                                   confirmed=True))
    return tuple(links)
