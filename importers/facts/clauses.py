"""Clauses of plan text, and the spans that name things rather than count them.

The target parser (:mod:`.targets`) reads a text clause by clause. A clause ends at ，。；;,：:
and the sentence at 。！？ (or the line end); separators inside brackets, quotes or numbers
(1,500; 3:1) split nothing. Before quantities are read, quotes, book titles and document
numbers are blanked (:data:`QUOTED`), then dates, ordinals, names and list numbers
(:data:`NAMES`): blanking replaces each character by :data:`FILL`, so offsets hold.

>>> text = "新建学校5所，改造（含扩建，新建）3所。培训教师1,500名"
>>> [(text[a:b], sentence, opens) for a, b, sentence, opens in clauses(text)]
[('新建学校5所', 0, True), ('改造（含扩建，新建）3所', 0, False), ('培训教师1,500名', 1, True)]
>>> blank("落实《3-6岁儿童学习与发展指南》，第25届", QUOTED)
'落实□□□□□□□□□□□□□□□，第25届'
>>> blank("第25届", NAMES)
'□□□届'
"""

from __future__ import annotations

import re

__all__ = ["CN_NUM", "Clause", "FILL", "NAMES", "QUOTED", "SP", "blank", "blank_spans", "clauses", "protected"]

FILL = "\u25a1"
"""□ stands in for blanked characters; never a digit, unit or keyword."""
SP = r"[ \t\u3000\xa0]*"
"""Blanks a number or a date may hold (2022 年 6 月)."""
CN_NUM = "零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟萬億貳參陸兩"
"""Characters of a Chinese numeral."""

_SEPARATORS = frozenset("，。；;,！？!?：:\n")
_SENTENCE_ENDS = frozenset("。！？!?\n")
_OPENERS = {"(": ")", "（": "）", "[": "]", "［": "］", "【": "】", "〔": "〕", "《": "》",
            "〈": "〉", "“": "”", "‘": "’", "「": "」", "『": "』"}
_CLOSERS = {close: open_ for open_, close in _OPENERS.items()}
_BRACKET_REACH = 32
"""How many unclosed openers a closer looks back over for its partner."""


def protected(text: str) -> list[bool]:
    """For each position: is it inside a matched pair of brackets or quotes?

    >>> "".join("x" if p else "." for p in protected("甲(乙)丙“丁”"))
    '..x...x.'
    """
    depth = [0] * (len(text) + 1)
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch == '"':
            if stack and stack[-1][0] == '"':
                _, opened = stack.pop()
                depth[opened + 1] += 1
                depth[i] -= 1
            else:
                stack.append((ch, i))
        elif ch in _OPENERS:
            stack.append((ch, i))
        elif ch in _CLOSERS:
            opener = _CLOSERS[ch]
            for j in range(len(stack) - 1, max(len(stack) - _BRACKET_REACH, 0) - 1, -1):
                if stack[j][0] == opener:
                    depth[stack[j][1] + 1] += 1
                    depth[i] -= 1
                    del stack[j:]
                    break
    inside, level = [], 0
    for i in range(len(text)):
        level += depth[i]
        inside.append(level > 0)
    return inside


def _numeric_separator(text: str, i: int) -> bool:
    """Is the comma or colon at ``i`` part of a number (1,500; 3:1)?"""
    before = text[i - 1] if i > 0 else ""
    if not ("0" <= before <= "9"):
        return False
    if text[i] == ",":
        group = text[i + 1 : i + 4]
        after = text[i + 4] if i + 4 < len(text) else ""
        return len(group) == 3 and group.isascii() and group.isdigit() and not ("0" <= after <= "9")
    after = text[i + 1] if i + 1 < len(text) else ""
    return text[i] in ":：" and "0" <= after <= "9"


Clause = tuple[int, int, int, bool]
"""start, end, sentence number, and whether the clause opens its sentence (or follows a colon)."""


def clauses(text: str) -> list[Clause]:
    """The clauses of a text, trimmed of whitespace."""
    inside = protected(text)
    found: list[Clause] = []
    sentence, begin, opens = 0, 0, True

    def add(lo: int, hi: int) -> bool:
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if lo < hi:
            found.append((lo, hi, sentence, opens))
        return lo < hi

    for i, ch in enumerate(text):
        if ch in _SEPARATORS and not inside[i] and not _numeric_separator(text, i):
            added = add(begin, i)
            begin = i + 1
            if ch in _SENTENCE_ENDS:
                sentence += 1
                opens = True
            elif ch in ":：":
                opens = True
            elif added:
                opens = False
    add(begin, len(text))
    return found


QUOTED = re.compile(
    r"“[^“”]*”|‘[^‘’]*’|「[^「」]*」|『[^『』]*』|〈[^〈〉]*〉|\"[^\"\n]*\"|《[^《》]*》"
    r"|[〔\[［【(（]" + SP + r"(?:19|20)[0-9]{2}" + SP + r"[〕\]］】)）]" + SP + r"[0-9]*" + SP + r"号?"
)
"""Quotes, book titles and document numbers (〔2021〕1号): names, never targets."""

NAMES = re.compile(
    "|".join(
        [
            # years, year ranges, dates: 2022年, 2018-2020年, 2023年6月30日, 2022届
            rf"(?:19|20)[0-9]{{2}}{SP}(?:[-–—~至到]{SP}(?:19|20)[0-9]{{2}}{SP})?年"
            rf"(?:{SP}[0-9]{{1,2}}{SP}月(?:{SP}[0-9]{{1,2}}{SP}[日号])?)?",
            rf"(?:19|20)[0-9]{{2}}{SP}[-–—~]{SP}(?:19|20)[0-9]{{2}}",
            rf"(?<![0-9])(?:19|20)[0-9]{{2}}(?={SP}(?:届|级|版|学年|秋季|春季))",
            rf"[〇零一二三四五六七八九两]{{4}}{SP}年",
            rf"(?<![0-9.])[0-9]{{1,2}}{SP}月(?:{SP}[0-9]{{1,2}}{SP}[日号])?",
            rf"(?<![0-9.])[0-9]+{SP}[日号]",
            # ordinals: 第25届, 第十二项, 二十九届, 项目二
            rf"第{SP}[0-9{CN_NUM}]+",
            rf"(?<![0-9{CN_NUM}])[0-9{CN_NUM}]+{SP}届",
            rf"(?:项目|专题|任务){SP}[{CN_NUM}]+",
            # names: 5G, H5, 1+X, 2.0试点, 1.2.3, 十四五
            r"(?<![0-9])[0-9]+(?:\s*[+＋]\s*(?:[0-9]+|[A-Za-z]+))+",
            r"(?<![A-Za-z])[A-Za-z]+\s*[+＋]\s*[0-9]+",
            r"(?<![0-9.])[0-9][0-9.]*(?=[A-Za-z])",
            r"(?<=[A-Za-z])[0-9][0-9.]*",
            r"(?<![0-9.])[0-9]+(?:\.[0-9]+){2,}",
            r"(?<![0-9.])[0-9]+\.[0-9]+(?=\s*(?:试点|版|计划|工程|时代|行动|平台|战略|体系|建设|模式))",
            r"十[一二三四五六七八九]五",
            # list numbering: 3. at a line start, (1), （一）
            rf"(?m:^){SP}[0-9]{{1,3}}{SP}[.、．](?![0-9])",
            rf"[(（]{SP}(?:[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}}){SP}[)）]",
        ]
    )
)
"""Dates, ordinals, names and list numbers: blanked before quantities are read."""


def blank(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with every match of ``pattern`` replaced by :data:`FILL` (same length)."""
    return pattern.sub(lambda m: FILL * len(m.group()), text)


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the ``(start, end)`` spans replaced by :data:`FILL` (same length)."""
    chars = list(text)
    for lo, hi in spans:
        chars[lo:hi] = FILL * (hi - lo)
    return "".join(chars)
