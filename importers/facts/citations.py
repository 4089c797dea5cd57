"""The documents a plan cites: 根据《X》（国办发〔2020〕43号）, 落实国办发〔2020〕43号第（五）项.

A lower-level plan names the plan it carries out: in its notice or opening paragraph (根据《…》
（国办发〔2020〕43号）精神，结合我省实际，制定本方案) and in its items (落实国办发〔2020〕43号第（五）项,
按照《…》第五项要求). :func:`find_citations` reads every such mention from a text: the document
number (the pattern :data:`~dutygraph.importers.structure.meta.DOC_NUMBER` of the preamble), the quoted
title 《…》 next to it (a title alone counts too: 《X》 with no number), and the item it names
(第（五）项, 第5条, 第十二项), with where the mention sits in the text.

>>> [(c.doc_number, c.title, c.item) for c in find_citations(
...     "根据《甲省乡村振兴实施方案》（甲政办发〔2020〕43号）要求，落实国办发〔2020〕43号第（五）项。")]
[('甲政办发〔2020〕43号', '甲省乡村振兴实施方案', None), ('国办发〔2020〕43号', None, '五')]
>>> [(c.doc_number, c.title, c.item) for c in find_citations("按照《某市工作方案》第12条要求")]
[(None, '某市工作方案', '12')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dutygraph.importers.structure.meta import DOC_NUMBER

__all__ = ["Cited", "find_citations", "item_key", "opening_citations", "title_key"]

_TITLE = re.compile(r"[《〈](?P<title>[^《》〈〉\n]{2,80})[》〉]")
_NUMBER = re.compile(rf"[（(]?\s*(?P<doc>{DOC_NUMBER.pattern})\s*[）)]?")
_ITEM = re.compile(r"^\s*(?:中的?|的)?\s*第\s*[（(]?\s*(?P<item>[0-9一二三四五六七八九十百零〇]{1,5})\s*[）)]?\s*(?:项|条|点|款)")
_VERB = re.compile(r"^(?:根据|按照|依据|落实|贯彻|执行|对照|参照|结合|印发|转发|见|据|按|照|和|及|与)+(?=.{2})")
_TWO_CHAR_VERBS = frozenset({"落实", "根据", "按照", "依据", "贯彻", "执行", "对照", "参照", "结合", "印发", "转发"})
_NEAR = 12  # a title and a number this close (characters) name one document


@dataclass(frozen=True)
class Cited:
    """One mention of another document: its number and/or title, the item named, and where."""

    text: str
    doc_number: str | None
    title: str | None
    item: str | None
    start: int
    end: int


def find_citations(text: str) -> list[Cited]:
    """Every mention of a document in ``text``, in reading order (see the module's examples).

    A title and the number that follows it within a few characters (《X》（国办发〔2020〕43号）)
    are one mention; so are a number and the title right after it. Whitespace inside a number
    is dropped, and so is a verb the number's pattern took in (落实国办发 → 国办发).

    >>> find_citations("无引用。")
    []
    >>> [(c.doc_number, c.text) for c in find_citations("据国办发〔2020〕 43 号第5项")]
    [('国办发〔2020〕43号', '国办发〔2020〕 43 号第5项')]
    >>> [c.doc_number for c in find_citations("落实东政办发〔2030〕5号第3项")]
    ['东政办发〔2030〕5号']
    """
    marks: list[tuple[int, int, str, str]] = []  # (start, end, kind, value)
    for m in _TITLE.finditer(text):
        marks.append((m.start(), m.end(), "title", m.group("title").strip()))
    for m in DOC_NUMBER.finditer(text):
        if any(s <= m.start() < e for s, e, kind, _ in marks if kind == "title"):
            continue  # a number inside a title (《…（国办发〔2020〕1号）》) belongs to the title
        verb = _VERB.match(m.group())
        start = m.start() + (verb.end() if verb else 0)
        if text[max(m.start() - 1, 0):m.start() + 1] in _TWO_CHAR_VERBS:
            start = m.start() + 1  # 落实东政办发: the pattern began inside the verb (实东政办发)
        marks.append((start, m.end(), "number", re.sub(r"\s+", "", text[start:m.end()])))
    marks.sort()
    found: list[Cited] = []
    i = 0
    while i < len(marks):
        start, end, kind, value = marks[i]
        title = value if kind == "title" else None
        number = value if kind == "number" else None
        if i + 1 < len(marks):
            n_start, n_end, n_kind, n_value = marks[i + 1]
            if n_kind != kind and n_start - end <= _NEAR and not re.search(r"[。；;，,、]", text[end:n_start]):
                title = title or n_value
                number = number or n_value
                end = n_end
                i += 1
        close = re.match(r"\s*[）)]", text[end:])
        opened = text[max(start - 1, 0):end]
        if close and len(re.findall(r"[（(]", opened)) > len(re.findall(r"[）)]", opened)):
            end += close.end()  # （国办发〔2020〕43号）: its closing bracket
            start -= 1 if text[max(start - 1, 0):start] in ("（", "(") else 0
        tail_at = end
        item = _ITEM.match(text[tail_at:])
        if item:
            end = tail_at + item.end()
        found.append(Cited(text=text[start:end], doc_number=number, title=title,
                           item=item_key(item.group("item")) if item else None, start=start, end=end))
        i += 1
    return found


def opening_citations(text: str, end: int, *, own_number: str | None, own_title: str) -> list[Cited]:
    """The documents a plan cites before its first heading or item (its notice and opening
    paragraph), without the plan's own number and title (which its notice repeats), each
    document once (the first mention).

    >>> text = "甲省实施方案\\n甲政发〔2030〕2号\\n根据《乙方案》（国发〔2030〕1号）精神，制定《甲省实施方案》。\\n一、任务\\n"
    >>> [c.doc_number for c in opening_citations(text, text.index("一、"), own_number="甲政发〔2030〕2号", own_title="甲省实施方案")]
    ['国发〔2030〕1号']
    """
    own = {title_key(own_title)} if own_title else set()
    found, seen = [], set()
    for c in find_citations(text[:end]):
        key = (c.doc_number, title_key(c.title) if c.title else None, c.item)
        if key in seen or (c.doc_number and own_number and c.doc_number == re.sub(r"\s+", "", own_number)) \
                or (c.doc_number is None and c.title and title_key(c.title) in own):
            continue
        seen.add(key)
        found.append(c)
    return found


def item_key(ref: str) -> str:
    """An item's number as refs are compared: brackets and dots dropped, Chinese numerals kept
    as written and Arabic ones as digits (（五） → 五, 5. → 5).

    >>> item_key("（五）"), item_key("12."), item_key(" 十二、")
    ('五', '12', '十二')
    """
    return re.sub(r"[\s（）()、.．。]", "", ref)


def title_key(title: str) -> str:
    """A title as titles are compared: no quotation marks, brackets' contents or spaces.

    >>> title_key("“无废城市”建设试点工作方案（2020—2022年）")
    '无废城市建设试点工作方案'
    """
    title = re.sub(r"[（(][^（）()]{0,30}[）)]", "", title)
    return re.sub(r"[\s“”\"'‘’《》〈〉「」]", "", title)
