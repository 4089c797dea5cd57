"""Kangxi and CJK radical look-alikes folded to the ordinary characters.

PDFs printed by browsers and some office suites map glyphs of common characters to the
*radical* code points that look the same: ``⼯作`` (U+2F2F), ``⼈⺠`` (U+2F08, U+2EA0), ``⻓期``
(U+2ED3). They read as the same word and are not: 工作 ≠ ⼯作 to every later step. Kangxi
radicals (U+2F00–U+2FDF) and CJK compatibility ideographs (U+F900–U+FAFF) have a compatibility
decomposition (NFKC); the radicals supplement (U+2E80–U+2EFF) mostly has none, so its look-alikes
are listed here. One character for one, so offsets survive.

>>> fold("⼯作要点：⻓期坚持，⼈⺠满意")
'工作要点：长期坚持，人民满意'
>>> fold("工作") == "工作"
True
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["fold", "has_lookalikes"]

_SUPPLEMENT = dict(zip(
    "⺁⺅⺆⺇⺊⺋⺌⺎⺏⺐⺒⺓⺔⺕⺖⺗⺘⺙⺛⺜⺝⺞⺟⺠⺡⺢⺣⺤⺥⺦⺨⺩⺪⺫⺬⺭⺮⺯⺰⺲⺹⺺⺻⺼⺽⺾⺿⻀⻁⻂⻃⻄⻅⻆⻇⻈⻉⻊⻋⻌⻍⻎⻏⻐⻑⻒⻓⻔⻕⻖⻗⻘⻙⻚⻛⻜⻝⻞⻟⻠⻡⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻱⻲⻳",
    "厂亻冂几卜㔾小兀尣尢巳幺彑彐忄㣺扌攵旡日月歺母民氵氺灬爫爫丬犭王疋罒示礻竹糸纟罒耂肀聿月臼艹艹艹虎衤襾西见角角讠贝足车辶辶辶阝钅長镸长门阝阝雨青韦页风飞食飠饣饣首马骨鬼鱼鸟卤麦黄黾齐齐齿齿龙龙龜龟龟",
    strict=True,
))


@lru_cache(maxsize=4096)
def _one(ch: str) -> str:
    code = ord(ch)
    if 0x2E80 <= code <= 0x2EFF:
        return _SUPPLEMENT.get(ch, ch)
    if 0x2F00 <= code <= 0x2FDF or 0xF900 <= code <= 0xFAFF:
        folded = unicodedata.normalize("NFKC", ch)
        return folded if len(folded) == 1 else ch
    return ch


def has_lookalikes(text: str) -> bool:
    """Whether ``text`` holds a radical or compatibility look-alike.

    >>> has_lookalikes("⼯作"), has_lookalikes("工作")
    (True, False)
    """
    return any(0x2E80 <= ord(c) <= 0x2FDF or 0xF900 <= ord(c) <= 0xFAFF for c in text)


def fold(text: str) -> str:
    """``text`` with every radical or compatibility look-alike replaced by its ordinary character."""
    if not has_lookalikes(text):
        return text
    return "".join(_one(c) for c in text)
