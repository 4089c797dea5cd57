"""Clean a decoded document for parsing while remembering where every character came from.

:func:`normalize` runs five steps in order; each step that changes something is named in
:attr:`Normalized.applied`:

``blocks``  remove whole lines of page furniture (web headers, page numbers, 印发 footers) and
            paywall blocks (隐藏内容 … 会员免费查看), reported in :attr:`Normalized.removed`
``html``    strip HTML tags (``<p>``, ``<br/>``, ``<span …>``) and decode entities (``&nbsp;``)
``pinyin``  drop pinyin printed after each character: ``要點(diǎn)`` → ``要點``
``width``   fold full-width digits and letters, ``％``, ``．`` and U+3000 to ASCII
``t2s``     convert Traditional Chinese to Simplified with OpenCC, when the text is Traditional

:attr:`Normalized.offsets` maps every normalised position to a position of the original, so a
parser can work on clean text and still cite the original (:meth:`Normalized.span`). Text that
a step removed is attributed to the character before it: a span ending after ``要点`` ends
after ``要點(diǎn)`` in the original.

>>> n = normalize("xx市教育局2022年工作要點(diǎn)\\n- 2 -\\n")
>>> n.text, n.applied
('xx市教育局2022年工作要点\\n', ('blocks', 'pinyin', 't2s'))
>>> n.span("plan.txt", 0, 15).text
'xx市教育局2022年工作要點(diǎn)'
"""

from __future__ import annotations

import bisect
import difflib
import html.entities
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from dutygraph.importers.readers.encoding import common_hanzi
from dutygraph.importers.text.furniture import inline_paywalls, line_kinds
from dutygraph.ontology.model import SourceSpan

__all__ = ["Normalized", "RemovedBlock", "normalize", "t2s_converter", "STEPS", "HAN"]

STEPS = ("blocks", "html", "pinyin", "width", "t2s")
"""The normalisation steps, in the order they run."""

HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
"""CJK ideographs as the inside of a regex character class: ``re.compile(f"[{HAN}]")``."""
_T2S_SHARE = 0.1
"""Convert when OpenCC's t2s changes at least this share of the CJK characters."""


@dataclass(frozen=True)
class RemovedBlock:
    """Lines the ``blocks`` step removed: ``kind`` is ``paywall`` or ``furniture``.

    ``first_line`` and ``last_line`` are 1-based lines of the original text; ``text`` is the
    original text of those lines.

    >>> RemovedBlock("furniture", 3, 3, "- 1 -").kind
    'furniture'
    """

    kind: str
    first_line: int
    last_line: int
    text: str


@dataclass(frozen=True)
class Normalized:
    """Normalised text, its map back to the original, and what normalisation did.

    ``offsets[i]`` is the original position of normalised character ``i``; it has
    ``len(text) + 1`` entries, never decreases and ends with ``len(original)``. ``suspects``
    lists original lines holding garbled text: U+FFFD, ``?`` between CJK characters, or a run
    of rare characters that mojibake leaves (4 of 8 consecutive ideographs outside GB2312 level 1).

    >>> n = normalize("甲<br>乙")
    >>> n.text, n.offsets, n.to_original(1, 2)
    ('甲乙', (0, 5, 6), (5, 6))
    """

    original: str = field(repr=False)
    text: str
    offsets: tuple[int, ...] = field(repr=False)
    applied: tuple[str, ...] = ()
    removed: tuple[RemovedBlock, ...] = ()
    suspects: tuple[int, ...] = ()
    _line_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        offsets = self.offsets
        if len(offsets) != len(self.text) + 1 or offsets[-1] != len(self.original):
            raise ValueError("offsets must have len(text) + 1 entries ending at len(original)")
        if offsets[0] < 0 or any(a > b for a, b in zip(offsets, offsets[1:], strict=False)):
            raise ValueError("offsets must be non-negative and non-decreasing")
        starts = [0] + [m.end() for m in re.finditer("\n", self.original)]
        object.__setattr__(self, "_line_starts", tuple(starts))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised range ``[start, end)`` to a range of the original.

        >>> normalize("ａ&amp;ｂ").to_original(1, 3)
        (1, 7)
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"range {start}:{end} is outside the text (length {len(self.text)})")
        return self.offsets[start], self.offsets[end]

    def line_of(self, offset: int) -> int:
        """The 1-based original line of normalised position ``offset``.

        >>> normalize("- 1 -\\n第一行\\n第二行").line_of(4)
        3
        """
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} is outside the text (length {len(self.text)})")
        return self._original_line(self.offsets[offset])

    def span(self, file: str, start: int, end: int) -> SourceSpan:
        """A :class:`SourceSpan` for the normalised range ``[start, end)``, in original terms.

        >>> s = normalize("一\\n新(擴(kuò))建").span("a.txt", 2, 7)
        >>> s.line, s.start, s.end, s.text
        (2, 2, 12, '新(擴(kuò))建')
        """
        o_start, o_end = self.to_original(start, end)
        line = self._original_line(o_start)
        end_line = self._original_line(o_end - 1) if o_end > o_start else line
        text = self.original[o_start:o_end]
        return SourceSpan(file=file, line=line, end_line=end_line, start=o_start, end=o_end, text=text)

    def _original_line(self, position: int) -> int:
        last = len(self._line_starts) - (1 if self.original.endswith("\n") else 0)
        return max(1, min(bisect.bisect_right(self._line_starts, position), last))


def normalize(original: str) -> Normalized:
    """Run every normalisation step on ``original``; never raises on any text.

    >>> n = normalize("<p>新(擴(kuò))建１０所</p>")
    >>> n.text, n.applied
    ('新(扩)建10所', ('html', 'pinyin', 'width', 't2s'))
    """
    text, offsets, removed = _blocks(original)
    applied = ["blocks"] if removed else []
    steps: tuple[tuple[str, Callable[[str], _Step | None]], ...] = (
        ("html", _html), ("pinyin", _pinyin), ("width", _width), ("t2s", _t2s),
    )
    for name, step in steps:
        result = step(text)
        if result is not None and result[0] != text:
            text, step_offsets = result
            offsets = [offsets[i] for i in step_offsets]
            applied.append(name)
    normalized = Normalized(original, text, tuple(offsets), tuple(applied), removed)
    suspects = sorted({normalized.line_of(position) for position in _suspects(text)})
    return replace(normalized, suspects=tuple(suspects)) if suspects else normalized


_Step = tuple[str, list[int]]
_SUSPECT = re.compile(f"\ufffd|(?<=[{HAN}])\\?(?=[{HAN}])")
_HAN_RUN = re.compile(f"[{HAN}]+")


def _suspects(text: str) -> list[int]:
    """Positions of garbled text: U+FFFD, ``?`` between CJK characters, and mojibake.

    Mojibake (bytes decoded in the wrong encoding, or out of step) shows as a run of rare
    characters: four or more of eight consecutive ideographs outside the common set.
    """
    found = [m.start() for m in _SUSPECT.finditer(text)]
    common = common_hanzi()
    for m in _HAN_RUN.finditer(text):
        rare = [i for i, ch in enumerate(m.group()) if ch not in common]
        found.extend(m.start() + a for a, b in zip(rare, rare[3:], strict=False) if b - a < 8)
    return found


class _Rewriter:
    """Builds one step's output together with its map back to the step's input."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.offsets: list[int] = []
        self.done = 0  # source[:done] is written

    def put(self, text: str, start: int, end: int) -> None:
        """Keep the source up to ``start``, then write ``text`` in place of ``source[start:end]``."""
        self.parts.append(self.source[self.done:start])
        self.offsets.extend(range(self.done, start))
        self.parts.append(text)
        same = len(text) == end - start
        self.offsets.extend(range(start, end) if same else [start] * len(text))
        self.done = end

    def result(self) -> _Step:
        self.put("", len(self.source), len(self.source))
        return "".join(self.parts), [*self.offsets, len(self.source)]


# --- blocks: paywall blocks and page furniture (found by :mod:`.furniture`) ----------------

def _blocks(original: str) -> tuple[str, list[int], tuple[RemovedBlock, ...]]:
    """Remove paywall blocks and furniture lines (each with its newline)."""
    kinds = line_kinds(original.split("\n"))
    raw = original.split("\n")
    starts = [0]
    for line in raw:
        starts.append(starts[-1] + len(line) + 1)
    writer, removed, i = _Rewriter(original), [], 0
    while i < len(raw):
        kind = kinds[i]
        if kind is None:
            for a, b in inline_paywalls(raw[i]):  # a crawl that lost its breaks keeps it inline
                writer.put("", starts[i] + a, starts[i] + b)
                removed.append(RemovedBlock("paywall", i + 1, i + 1, raw[i][a:b]))
            i += 1
            continue
        j = i
        while j + 1 < len(raw) and kinds[j + 1] == kind:
            j += 1
        writer.put("", starts[i], min(starts[j + 1], len(original)))
        removed.append(RemovedBlock(kind, i + 1, j + 1, "\n".join(raw[i : j + 1])))
        i = j + 1
    text, offsets = writer.result()
    return text, offsets, tuple(removed)


# --- html, pinyin, width ------------------------------------------------------------------

_TAG_NAMES = (
    "a|abbr|article|b|big|blockquote|body|br|center|code|col|colgroup|dd|del|div|dl|dt|em|"
    "font|footer|h[1-6]|head|header|hr|html|i|img|ins|label|li|link|meta|nav|nobr|o:p|ol|p|"
    "pre|s|section|small|span|strike|strong|sub|sup|table|tbody|td|tfoot|th|thead|title|tr|"
    "tt|u|ul|wbr"
)
_HTML = re.compile(
    rf"<!--[^\n\t]*?-->|</?(?:{_TAG_NAMES})(?:[ \r\f\v][^<>\n\t]*)?/?>"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});",
    re.I,
)


def _entity(ref: str) -> str | None:
    """The character an entity stands for, or None to keep it as written."""
    if ref.startswith("&#"):
        code = int(ref[3:-1], 16) if ref[2] in "xX" else int(ref[2:-1])
        value = chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else ""
    else:
        value = html.entities.html5.get(ref[1:], "")
    value = value.replace("\xa0", " ")
    if not value or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        return None  # unknown, or a control character such as &#10; (never make a newline)
    return value


def _html(text: str) -> _Step | None:
    if "<" not in text and "&" not in text:
        return None
    writer = _Rewriter(text)
    for m in _HTML.finditer(text):
        value = "" if m.group().startswith("<") else _entity(m.group())
        if value is not None:
            writer.put(value, m.start(), m.end())
    return writer.result()


_TONES = str.maketrans("āáǎàēéěèêīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ", "aaaaeeeeeiiiioooouuuuvvvvvnnnm")
_PINYIN = re.compile(r"\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿêv]{1,6})\)")
_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|uai|uan|van|ian|iao|ai|ei|ao|ou|an|en|er|in|un|vn|"
    r"ia|ie|iu|ua|uo|ui|ue|ve|a|o|e|i|u|v)|m|n|ng|hm|hng"
)


def _pinyin(text: str) -> _Step | None:
    """Drop ``(pinyin)`` right after a CJK character, a ``?`` or a real closing parenthesis."""
    if "(" not in text:
        return None
    writer, dropped_end, dropped_before = _Rewriter(text), -1, ""
    for m in _PINYIN.finditer(text):
        # what precedes the group in the output: a dropped group is looked through
        before = dropped_before if m.start() == dropped_end else text[m.start() - 1 : m.start()]
        follows = before == "?" or before in ")）" or _IS_HAN.match(before) is not None
        if before and follows and _SYLLABLE.fullmatch(m[1].translate(_TONES)):
            writer.put("", m.start(), m.end())
            dropped_end, dropped_before = m.end(), before
    return writer.result()


_IS_HAN = re.compile(f"[{HAN}]")
_WIDTH = str.maketrans(
    {**{chr(0xFF10 + i): chr(0x30 + i) for i in range(10)},
     **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
     **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
     "％": "%", "．": ".", "\u3000": " "}
)


def _width(text: str) -> _Step:
    return text.translate(_WIDTH), list(range(len(text) + 1))


# --- t2s ----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def t2s_converter() -> Callable[[str], str]:
    """OpenCC's Traditional → Simplified conversion, built once per process."""
    import opencc

    return opencc.OpenCC("t2s").convert


def _t2s(text: str) -> _Step | None:
    """Convert to Simplified when enough CJK characters are Traditional; align any length change."""
    runs = [(m.start(), m.end(), m.group()) for m in _HAN_RUN.finditer(text)]
    if not runs:
        return None
    convert = t2s_converter()
    converted = [convert(run) for _, _, run in runs]
    total = sum(len(run) for _, _, run in runs)
    changed = sum(
        sum(a != b for a, b in zip(run, new, strict=True)) if len(run) == len(new) else len(run)
        for (_, _, run), new in zip(runs, converted, strict=True)
    )
    if changed < _T2S_SHARE * total:
        return None
    writer = _Rewriter(text)
    for (start, end, run), new in zip(runs, converted, strict=True):
        if new == run:
            continue
        if len(new) == len(run):
            writer.put(new, start, end)
            continue
        matcher = difflib.SequenceMatcher(None, run, new, autojunk=False)
        for _, i1, i2, j1, j2 in matcher.get_opcodes():
            writer.put(new[j1:j2], start + i1, start + i2)
    return writer.result()
