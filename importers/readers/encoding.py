"""Turn the bytes of a document into text, and say which encoding they were in.

Chinese government documents arrive as UTF-8 (with or without a BOM), UTF-16, GB18030 (and its
subsets GBK and GB2312) or Big5. :func:`decode` tries them in a fixed order:

1. a byte-order mark decides (UTF-8, UTF-16 LE/BE);
2. bytes with NULs may be BOM-less UTF-16 (ASCII characters leave a NUL in every other byte);
   otherwise NULs mean binary data;
3. strict UTF-8;
4. strict GB18030, Big5 and BOM-less UTF-16, each decoded text scored by how much of it is
   common Chinese (the 3,755 characters of GB2312 level 1 and their Traditional forms),
   printable ASCII and punctuation; the best score wins.

Line endings come back as ``\\n``. Anything that is not text in these encodings raises
:class:`~dutygraph.errors.DocumentError`, never :class:`UnicodeDecodeError`.

>>> decode("工作要点\\r\\n".encode("gb18030"), path="plan.txt")
Decoded(text='工作要点\\n', encoding='gb18030')
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from dutygraph.errors import DocumentError

__all__ = ["Decoded", "decode", "common_hanzi", "EMPTY", "BINARY", "UNDECODABLE"]

EMPTY = "document.empty"
BINARY = "document.binary"
UNDECODABLE = "document.undecodable"
"""The codes of the errors for a file with nothing in it, one of binary data, and one in no known encoding."""

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
)
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_SCORED = ("gb18030", "big5", "cp950", "utf-16-le", "utf-16-be")
_CONTROL_BYTES = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D}) | {0x7F}
_BAD_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})
_BINARY_SHARE = 0.3
"""More bad characters than this (controls, unassigned, private use, U+FFFD) means binary."""
_MIN_SCORE = 0.5
"""A scored candidate below this is not taken for text."""
_MIN_COMMON = 0.6
"""Share of ideographs that must be common ones (real documents: over 0.95; random: ~0.25)."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text (line endings ``\\n``) and the name of the encoding it came from.

    >>> Decoded(text="要点", encoding="utf-8").encoding
    'utf-8'
    """

    text: str
    encoding: str


def decode(data: bytes, *, path: str) -> Decoded:
    """Decode a document's bytes; raise :class:`DocumentError` when they are not text.

    ``encoding`` is one of ``utf-8``, ``utf-8-sig``, ``utf-16-le``, ``utf-16-be``,
    ``gb18030``, ``big5`` or ``cp950`` (Big5 with Microsoft's additions).

    >>> decode("\\ufeff要点\\r".encode("utf-8"), path="a.txt")
    Decoded(text='要点\\n', encoding='utf-8-sig')
    >>> decode("工作要點".encode("big5"), path="b.txt").encoding
    'big5'
    >>> decode(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR", path="c.png")
    Traceback (most recent call last):
    ...
    dutygraph.errors.DocumentError: c.png：不是文本文件（二进制数据？）
    """
    try:
        text, encoding = _decode(bytes(data), str(path))
    except DocumentError:
        raise
    except Exception as exc:  # a codec or input failure we did not foresee: still one error type
        raise DocumentError(str(path), "document.undecodable_by", kind=type(exc).__name__) from exc
    return Decoded(text=text.replace("\r\n", "\n").replace("\r", "\n"), encoding=encoding)


def _decode(data: bytes, path: str) -> tuple[str, str]:
    if not data:
        raise DocumentError(path, EMPTY)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], codec)
            if text is None or (data.startswith(_UTF32_BOMS) and _looks_binary(text)):
                raise DocumentError(path, UNDECODABLE)
            _check_text(text, path)
            return text, name
    if b"\x00" in data:
        found = _utf16_by_nuls(data)
        if found is None:
            raise DocumentError(path, BINARY)
        _check_text(found[0], path)
        return found
    if sum(byte in _CONTROL_BYTES for byte in data) > 0.05 * len(data):
        raise DocumentError(path, BINARY)
    text = _strict(data, "utf-8")
    if text is not None:
        _check_text(text, path)
        return text, "utf-8"
    candidates = [(name, text) for name in _SCORED if (text := _strict(data, name)) is not None]
    if not candidates:
        raise DocumentError(path, UNDECODABLE)
    score, name, text = -2.0, "", ""
    for candidate, decoded in candidates:  # on a tie the earlier (more common) encoding wins
        if (candidate_score := _score(decoded)) > score:
            score, name, text = candidate_score, candidate, decoded
    if score < _MIN_SCORE or not _chinese_enough(text):  # decodes, but into nonsense
        raise DocumentError(path, UNDECODABLE)
    _check_text(text, path)
    return text, name


def _strict(data: bytes, codec: str) -> str | None:
    """The strict decode of ``data``, or None when it is not valid in ``codec``."""
    if codec.startswith("utf-16") and len(data) % 2:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_by_nuls(data: bytes) -> tuple[str, str] | None:
    """BOM-less UTF-16: ASCII leaves NULs on one side of each 16-bit unit, text none elsewhere."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    codec = "utf-16-le" if odd > even else "utf-16-be"
    if max(even, odd) < max(4, 4 * min(even, odd) + 1):  # a stray NUL or two is no pattern
        return None
    text = _strict(data, codec)
    if text is None or _score(text) < _MIN_SCORE or not _chinese_enough(text):
        return None
    return text, codec


def _looks_binary(text: str) -> bool:
    """Whether too much of ``text`` is not text at all (controls, unassigned, U+FFFD …)."""
    return sum(_is_bad(ch) for ch in text) > _BINARY_SHARE * len(text)


def _check_text(text: str, path: str) -> None:
    if _looks_binary(text):
        raise DocumentError(path, BINARY)


def _is_bad(ch: str) -> bool:
    if ch in "\t\n\r\x0b\x0c":
        return False
    return ch == "\ufffd" or unicodedata.category(ch) in _BAD_CATEGORIES


def _score(text: str) -> float:
    """How much ``text`` looks like a Chinese document, in [-1, 1]; higher is better.

    >>> _score("工作要点") > _score("工作要点".encode("gb18030").decode("big5", "replace"))
    True
    """
    if not text:
        return 0.0
    common = common_hanzi()
    total = 0.0
    for ch in text:
        code = ord(ch)
        if ch in common or (code < 0x7F and (ch.isprintable() or ch in "\t\n\r")):
            total += 1.0
        elif _is_bad(ch):
            total -= 1.0
        elif 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or 0x2000 <= code <= 0x206F:
            total += 0.9  # CJK and full-width punctuation, general punctuation
        elif 0x2460 <= code <= 0x24FF or code in (0x00B7, 0x00D7, 0x00B0):
            total += 0.9  # ①②③, middle dot, ×, °
        elif 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF:
            total += 0.3  # a real but rare ideograph
        else:
            total += 0.1
    return total / len(text)


def _chinese_enough(text: str) -> bool:
    """Whether most ideographs are common ones (random bytes decode into rare ones).

    >>> _chinese_enough("工作要点"), _chinese_enough("鬁燶蠬泆莗")
    (True, False)
    """
    han = [ch for ch in text if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"]
    if len(han) < 4:
        return True
    common = common_hanzi()
    return sum(ch in common for ch in han) >= _MIN_COMMON * len(han)


@lru_cache(maxsize=1)
def common_hanzi() -> frozenset[str]:
    """GB2312 level 1 (the 3,755 most used Simplified characters) and their Traditional forms."""
    simplified = "".join(
        bytes((lead, trail)).decode("gb2312", "ignore")
        for lead in range(0xB0, 0xD8)
        for trail in range(0xA1, 0xFF)
    )
    try:
        import opencc

        traditional = opencc.OpenCC("s2t").convert(simplified)
    except Exception:  # OpenCC missing or broken: Simplified alone still scores GB text well
        traditional = ""
    return frozenset(simplified) | frozenset(traditional)
