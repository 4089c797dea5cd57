"""Word documents (``.docx``): paragraphs and tables in document order, read into blocks.

The package is opened with python-docx and its body walked in order:

* a paragraph is a block, a *heading* when its style is a heading (标题 1, Heading 2, Title) or
  carries an outline level; Word's automatic numbering is put back in front of its text
  (:mod:`.wordnum`), so a list drawn as 一、/（一）/1. keeps those refs;
* a table of two or more columns gives one row block per row, cells in grid order: a
  horizontally merged cell (``gridSpan``) leaves the spanned columns empty, a vertically merged
  one (``vMerge``) repeats its text in every row it spans — a merged 牵头单位 belongs to each;
  a row of one cell across the table is a paragraph, as in the HTML reader;
* a one-column table is a container: its paragraphs are read as paragraphs;
* deleted revisions and field codes are left out, inserted revisions kept.

The blocks' ``line`` is the block's number (a Word file has no lines).

>>> import io, docx as python_docx
>>> d = python_docx.Document()
>>> _ = d.add_paragraph("某县2023年工作要点", style="Title")
>>> t = d.add_table(rows=2, cols=2)
>>> t.cell(0, 0).text, t.cell(0, 1).text, t.cell(1, 0).text, t.cell(1, 1).text = "序号", "任务", "1", "新建"
>>> buf = io.BytesIO(); d.save(buf)
>>> [(b.kind, b.text, b.table, b.row) for b in read_docx(buf.getvalue()).blocks]
[('heading', '某县2023年工作要点', None, None), ('row', '序号\\t任务', 1, 1), ('row', '1\\t新建', 1, 2)]
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from dutygraph.errors import DocumentError
from dutygraph.importers.readers.blocks import Block, Blocks
from dutygraph.importers.readers.sniff import check_zip
from dutygraph.importers.readers.wordnum import W, Numbering, numbering_of

if TYPE_CHECKING:
    from docx.oxml.xmlchemy import BaseOxmlElement

__all__ = ["read_docx"]

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*\d|^(?:title|标题)$", re.I)
_SPACE = re.compile(r"[ \t\r\f\v\xa0\u200b\u3000]+")
_SKIP = frozenset(W + n for n in ("del", "moveFrom", "instrText", "delText", "delInstrText", "txbxContent",
                                  "footnoteReference", "endnoteReference", "commentReference", "rPr", "pPr"))
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


class _Styles:
    """Paragraph styles: their names, the style each is based on, and what they inherit."""

    def __init__(self, root) -> None:
        self.names: dict[str, str] = {}
        self.based: dict[str, str] = {}
        self.ppr: dict[str, BaseOxmlElement] = {}
        self.default: str | None = None
        if root is None:
            return
        for style in root.iter(W + "style"):
            sid = style.get(W + "styleId")
            if sid is None:
                continue
            name = style.find(W + "name")
            self.names[sid] = name.get(W + "val", sid) if name is not None else sid
            based = style.find(W + "basedOn")
            if based is not None:
                self.based[sid] = based.get(W + "val")
            ppr = style.find(W + "pPr")
            if ppr is not None:
                self.ppr[sid] = ppr
            if style.get(W + "type") == "paragraph" and style.get(W + "default") in ("1", "true"):
                self.default = sid

    def chain(self, sid: str | None):
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            yield sid
            sid = self.based.get(sid)

    def heading(self, sid: str | None) -> bool:
        for s in self.chain(sid):
            if _HEADING_STYLE.search(self.names.get(s, s)):
                return True
            ppr = self.ppr.get(s)
            level = ppr.find(W + "outlineLvl") if ppr is not None else None
            if level is not None and level.get(W + "val", "9") < "9":
                return True
        return False

    def numpr(self, sid: str | None):
        for s in self.chain(sid):
            ppr = self.ppr.get(s)
            num = ppr.find(W + "numPr") if ppr is not None else None
            if num is not None:
                return num
        return None


def _text(p) -> str:
    parts: list[str] = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP or tag == _FALLBACK:
                continue
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag in (W + "tab", W + "br", W + "cr", W + "ptab"):
                parts.append(" ")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            else:
                walk(child)

    walk(p)
    return _SPACE.sub(" ", "".join(parts)).strip()


class _Reader:
    def __init__(self, styles: _Styles, numbering: Numbering) -> None:
        self.styles, self.numbering = styles, numbering
        self.blocks: list[Block] = []
        self.tables = 0

    def label(self, p) -> tuple[str, str | None]:
        """A paragraph's drawn number (or '') and its style id."""
        ppr = p.find(W + "pPr")
        style = None
        num = None
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            style = ps.get(W + "val") if ps is not None else None
            num = ppr.find(W + "numPr")
        style = style or self.styles.default
        if num is None:
            num = self.styles.numpr(style)
        if num is None:
            return "", style
        nid = num.find(W + "numId")
        lvl = num.find(W + "ilvl")
        numid = nid.get(W + "val") if nid is not None else None
        if not numid or numid == "0":
            return "", style
        try:
            ilvl = int(lvl.get(W + "val")) if lvl is not None else 0
        except (TypeError, ValueError):
            ilvl = 0
        return self.numbering.label(numid, ilvl), style

    def paragraph_text(self, p) -> tuple[str, str | None]:
        text = _text(p)
        if not text:
            return "", None
        label, style = self.label(p)
        return label + text, style

    def body(self, el) -> None:
        for child in el:
            if child.tag == W + "p":
                text, style = self.paragraph_text(child)
                if text:
                    ppr = child.find(W + "pPr")
                    outline = ppr.find(W + "outlineLvl") if ppr is not None else None
                    heading = self.styles.heading(style) or (outline is not None and outline.get(W + "val", "9") < "9")
                    self.add("heading" if heading else "paragraph", text)
            elif child.tag == W + "tbl":
                self.table(child)
            elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "smartTag"):
                self.body(child)

    def add(self, kind: str, text: str, table: int | None = None, row: int | None = None) -> None:
        n = len(self.blocks) + 1
        self.blocks.append(Block(kind, text, n, table, row))  # type: ignore[arg-type]

    def cells(self, tr) -> list:
        out = []
        for child in tr:
            if child.tag == W + "tc":
                out.append(child)
            elif child.tag in (W + "sdt", W + "customXml"):
                content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
                out.extend(self.cells(content) if content is not None else [])
        return out

    def rows(self, tbl) -> list:
        out = []
        for child in tbl:
            if child.tag == W + "tr":
                out.append(child)
            elif child.tag in (W + "sdt", W + "customXml"):
                content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
                if content is not None:
                    out.extend(self.rows(content))
        return out

    def cell_text(self, tc) -> str:
        parts = []
        for child in tc:
            if child.tag == W + "p":
                text, _ = self.paragraph_text(child)
                parts.append(text)
            elif child.tag == W + "tbl":
                for tr in self.rows(child):
                    parts.extend(self.cell_text(c) for c in self.cells(tr))
            elif child.tag in (W + "sdt", W + "customXml"):
                content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
                if content is not None:
                    parts.append(self.cell_text(content))
        return _SPACE.sub(" ", " ".join(p for p in parts if p)).strip()

    def table(self, tbl) -> None:
        rows = [(tr, self.cells(tr)) for tr in self.rows(tbl)]
        if max((len(c) for _, c in rows), default=0) <= 1:  # a layout table: its cells hold the page
            for _, cells in rows:
                for tc in cells:
                    self.body(tc)
            return
        self.tables += 1
        above: dict[int, str] = {}  # grid column → text of the vertically merged cell there
        number = 0
        for tr, cells in rows:
            values: list[str] = []
            trpr = tr.find(W + "trPr")
            before = _grid(trpr, "gridBefore")
            values.extend([""] * before)
            for tc in cells:
                tcpr = tc.find(W + "tcPr")
                span = _grid(tcpr, "gridSpan") or 1
                merge = tcpr.find(W + "vMerge") if tcpr is not None else None
                col = len(values)
                if merge is not None and merge.get(W + "val", "continue") == "continue":
                    text = above.get(col, "")
                else:
                    text = self.cell_text(tc)
                    if merge is not None:
                        above[col] = text
                    else:
                        above.pop(col, None)
                values.append(text)
                values.extend([""] * (span - 1))
            filled = [v for v in values if v]
            if not filled:
                continue
            if len(cells) == 1 and len(filled) == 1:
                self.add("paragraph", filled[0])  # a row across the table
                continue
            number += 1
            self.add("row", "\t".join(v.replace("\t", " ") for v in values), self.tables, number)


def _grid(pr, name: str) -> int:
    el = pr.find(W + name) if pr is not None else None
    if el is None:
        return 0
    try:
        return max(0, min(int(el.get(W + "val", "0")), 1000))
    except ValueError:
        return 0


def read_docx(data: bytes, *, path: str = "<docx>") -> Blocks:
    """The blocks of a ``.docx`` file; a damaged one raises :class:`DocumentError`."""
    import docx as python_docx

    check_zip(data, path=path, kind="Word")
    try:
        document = python_docx.Document(io.BytesIO(data))
        body = document.element.body
        part = document.part
        styles = _Styles(part.styles.element if _has(part, "styles") else None)
        numbering = numbering_of(part.numbering_part.element if _has(part, "numbering") else None)
    except DocumentError:
        raise
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise DocumentError(path, "document.bad_docx", reason=_reason(exc)) from None
    reader = _Reader(styles, numbering)
    reader.body(body)
    if not reader.blocks:
        raise DocumentError(path, "document.no_docx_text")
    return Blocks.of(reader.blocks)


def _has(part, what: str) -> bool:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rel = RT.STYLES if what == "styles" else RT.NUMBERING
    return any(r.reltype == rel for r in part.rels.values())


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
