"""Lines a crawl or a printer adds that are not the document: paywalls and page furniture.

A **paywall** is what a document site writes over the text it hides (隐藏内容, 登录后查看, 开通会员
…): a run of lines made of its vocabulary, with blank and bullet lines between them, or such a
phrase inside a line that lost its breaks. **Furniture** is a page number (- 3 -, 第3页 共12页, 3/12),
an 印发 footer, or a site's header line (发布时间：… 来源：…). :mod:`.normalize` removes both and
reports them.

>>> line_kinds(["一、总体要求", "- 2 -", "发布时间：2023-01-05 来源：县教育局", "登录后查看", "会员下载"])
[None, 'furniture', 'furniture', 'paywall', 'paywall']
>>> inline_paywalls("一、总体要求……" * 6 + "隐藏内容需要开通会员查看" + "二、主要任务")
[(48, 60)]
"""

from __future__ import annotations

import re

__all__ = ["inline_paywalls", "is_furniture", "line_kinds"]

_PAYWALL_STRONG = re.compile(
    "隐藏内容|隱藏內容|需要权限|需要權限|权限查看|權限查看|登录后查看|登錄後查看|登录可见|付费阅读|"
    "付费查看|付費閱讀|购买后查看|回复后查看|会员免费查看|會員免費查看|开通会员|開通會員"
)
_PAYWALL_WEAK = re.compile(
    "会员|會員|特权|特權|积分|積分|付费|付費|下载|下載|免费|免費|查看|充值|购买|購買|权限|權限|"
    "登录|登錄|注册|註冊|金币|金幣|VIP"
)
_BULLET = re.compile(r"\s*[•·●○◆◇■□▪◦‣∙*\-–—]")
_TAG_ONLY = re.compile(r"</?[A-Za-z][^<>\n]*>")
_HEADER_KEY = re.compile(
    r"(发布时间|發布時間|發佈時間|发布日期|發布日期|信息来源|資訊來源|文章来源|來源|来源|作者|"
    r"编辑|編輯|责任编辑|責任編輯|浏览次数|瀏覽次數|阅读次数|閱讀次數|点击数|點擊數|点击次数|"
    r"点击量|访问次数|访问量|字号|字號)\s*[:：]"
)
_HEADER_STRONG = {"发布时间", "發布時間", "發佈時間", "发布日期", "發布日期", "信息来源", "資訊來源",
                  "文章来源", "浏览次数", "瀏覽次數", "阅读次数", "閱讀次數", "点击数", "點擊數",
                  "点击次数", "点击量", "访问次数", "访问量"}
_DIGITS = "0-9０-９"
_PAGE = re.compile(
    rf"""\s*(?:
        [-－—–─]+\s*[{_DIGITS}]{{1,4}}\s*[-－—–─]+
      | 第\s*[{_DIGITS}]{{1,4}}\s*[页頁]\s*[,，/、]?\s*(?:共\s*[{_DIGITS}]{{1,4}}\s*[页頁])?
      | 共\s*[{_DIGITS}]{{1,4}}\s*[页頁]\s*[,，/、]?\s*第\s*[{_DIGITS}]{{1,4}}\s*[页頁]
      | (?P<n>[0-9]{{1,4}})\s*/\s*(?P<m>[0-9]{{1,4}})
    )\s*""",
    re.X,
)
_NUM = f"{_DIGITS}〇零一二三四五六七八九十"
_FOOTER = re.compile(rf".{{0,40}}?[{_NUM}]{{2,4}}\s*年\s*[{_NUM}]{{1,2}}\s*月\s*[{_NUM}]{{1,3}}\s*日\s*印[发發]\s*")
_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}")


def is_furniture(line: str) -> bool:
    """A page number, an 印发 footer or a site's header line."""
    line = line.strip()
    if not line or len(line) > 100 or "。" in line:
        return False
    page = _PAGE.fullmatch(line)
    if page:
        return page["n"] is None or 1 <= int(page["n"]) <= int(page["m"])
    if _FOOTER.fullmatch(line):
        return True
    keys = [m[1] for m in _HEADER_KEY.finditer(line)]
    return (
        bool(keys)
        and _HEADER_KEY.match(line) is not None
        and any(key in _HEADER_STRONG for key in keys)
        and (len(keys) >= 2 or _DATE.search(line) is not None)
    )


def _paywall_strength(line: str) -> int:
    """2: a line that only a paywall writes; 1: paywall vocabulary; 0: neither."""
    line = line.strip()
    if not line or len(line) > 40 or "。" in line:
        return 0
    if _PAYWALL_STRONG.search(line):
        return 2
    return 1 if len({m.group() for m in _PAYWALL_WEAK.finditer(line)}) >= 2 else 0


_PAYWALL_GAP = 24


def inline_paywalls(line: str) -> list[tuple[int, int]]:
    """Paywall runs inside a long line: a paywall-only phrase, and the paywall words near it."""
    if len(line) <= 40 or not _PAYWALL_STRONG.search(line):
        return []
    out: list[tuple[int, int]] = []
    for strong in _PAYWALL_STRONG.finditer(line):
        if out and strong.start() < out[-1][1]:
            continue
        start, end = strong.start(), strong.end()
        for word in _PAYWALL_WEAK.finditer(line, end):
            if word.start() - end > _PAYWALL_GAP or "。" in line[end : word.start()]:
                break
            end = word.end()
        for word in _PAYWALL_STRONG.finditer(line, end):
            if word.start() - end > _PAYWALL_GAP:
                break
            end = word.end()
        out.append((start, end))
    return out


def line_kinds(lines: list[str]) -> list[str | None]:
    """``"paywall"``, ``"furniture"`` or None per line: paywall runs are keyword lines with
    blank and bullet lines between them; a single weak line is no paywall."""
    lines = [_TAG_ONLY.sub("", line) for line in lines]
    kinds: list[str | None] = [None] * len(lines)
    i = 0
    while i < len(lines):
        strength = _paywall_strength(lines[i])
        if not strength:
            i += 1
            continue
        last, best, j = i, strength, i + 1
        while j < len(lines) and (not lines[j].strip() or _BULLET.match(lines[j]) or _paywall_strength(lines[j])):
            if _paywall_strength(lines[j]):
                last, best = j, max(best, _paywall_strength(lines[j]))
            j += 1
        if best == 2 or last > i:
            kinds[i : last + 1] = ["paywall"] * (last + 1 - i)
        i = last + 1
    for i, line in enumerate(lines):
        if kinds[i] is None and is_furniture(line):
            kinds[i] = "furniture"
    return kinds
