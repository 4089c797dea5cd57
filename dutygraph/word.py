"""Word documents a 督查督办 office hands on: a 督办单 / 催办单 per office and a summary for the leader.

Each is laid out as an official notice (党政机关公文格式): A4 with the margins of GB/T 9704, the
title in 黑体, the text in 仿宋 (三号, 16 pt), the number under the title (督办〔2024〕3号), the office
addressed, one sentence saying what is asked and by when (the feedback deadline), a table of
the items — 序号, 事项, 出处 (the plan and its own numbering, and the line), 角色, 完成时限, 督办等级
and the light (红灯 / 黄灯), 进展 — then the issuing office and the date, and the page number
(— 1 —) in the footer. A 督办单 chases an office with red items; one with only yellow items
gets a 催办单.

>>> import datetime as dt, io
>>> from docx import Document
>>> from dutygraph.i18n import language
>>> from dutygraph.queries.notices import Notice, NoticeItem
>>> item = NoticeItem("一、2.", "开展教研活动", "某县教育局2023年工作要点", "lead", dt.date(2023, 3, 31), "overdue",
...                   None, "red", "plan.txt:3", "item:1")
>>> with language("zh"):
...     data = notice_document(Notice("教研室", "某县教育局", "office", "party:1", (item,)), number=3,
...                            as_of=dt.date(2023, 6, 25), feedback=dt.date(2023, 7, 2), sender="督查室")
>>> doc = Document(io.BytesIO(data))
>>> [p.text for p in doc.paragraphs[:3]]
['督办通知单', '督办〔2023〕3号', '教研室：']
>>> [c.text for c in doc.tables[0].rows[1].cells]
['1', '开展教研活动', '某县教育局2023年工作要点 一、2.\\nplan.txt:3', '牵头', '2023年3月31日', '逾期\\n红灯', '']
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from dutygraph.i18n import date, t
from dutygraph.labels import ROLES, STATUS, TIERS, label

__all__ = ["BODY_FONT", "TITLE_FONT", "notice_document", "notice_kind", "notice_number", "summary_document"]

TITLE_FONT = "黑体"
"""The font of titles, headings and the table's header."""
BODY_FONT = "仿宋"
"""The font of the text (仿宋, as official documents are set)."""
TABLE_SIZE = 10.5
"""五号, the size of a table's text, in points."""
LIGHT_COLOURS = {"red": "C62828", "yellow": "F9A825", "green": "2E7D32"}


def notice_kind(notice: Any) -> str:
    """``supervise`` (督办单) for an office with red items, ``remind`` (催办单) for one with only yellow."""
    return "supervise" if notice.red else "remind"


def _font(run: Any, name: str, size: float, *, bold: bool = False, colour: str | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), name)
    if colour is not None:
        run.font.color.rgb = RGBColor.from_string(colour)


def _paragraph(doc: Any, text: str, *, font: str = BODY_FONT, size: float = 16, bold: bool = False,
               align: str = "left", indent: bool = False, space_after: float = 0) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    p.alignment = {"left": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.line_spacing = Pt(28)
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    _font(p.add_run(text), font, size, bold=bold)
    return p


def _page_number(section: Any) -> None:
    """``— 1 —`` centred in the footer: a PAGE field between two dashes."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), BODY_FONT, 14)
    run = p.add_run()
    _font(run, BODY_FONT, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    _font(p.add_run(" —"), BODY_FONT, 14)


def _document() -> Any:
    """An empty A4 document with the margins of an official notice and page numbers."""
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.2)
    _page_number(section)
    return doc


def _table(doc: Any, header: Sequence[str], rows: Sequence[Sequence[tuple[str, str | None]]],
           widths: Sequence[float]) -> Any:
    """A bordered table: the header in 黑体, cells in 仿宋 五号; a cell is (text, colour); ``widths`` in cm."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].alignment = 1
        _font(cell.paragraphs[0].add_run(text), TITLE_FONT, TABLE_SIZE)
    repeat = OxmlElement("w:tblHeader")  # the header row again on every page
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for row in rows:
        cells = table.add_row().cells
        for cell, (text, colour) in zip(cells, row, strict=True):
            lines = text.split("\n")
            paragraph = cell.paragraphs[0]
            for n, line in enumerate(lines):
                run = paragraph.add_run(line)
                _font(run, BODY_FONT, TABLE_SIZE, colour=colour, bold=colour is not None)
                if n + 1 < len(lines):
                    run.add_break()
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid LibreOffice lays out by
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)  # the cells Word lays out by
    return table


def _save(doc: Any) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def notice_number(kind: str, year: int, number: int) -> str:
    """The notice's number: 督办〔2024〕3号 (催办〔2024〕3号 for a 催办单).

    >>> from dutygraph.i18n import language
    >>> with language("zh"):
    ...     notice_number("remind", 2024, 3)
    '催办〔2024〕3号'
    """
    return t("notice.number", prefix=t(f"notice.prefix_{kind}"), year=year, number=number)


def notice_document(notice: Any, *, number: int, as_of: dt.date, feedback: dt.date, sender: str) -> bytes:
    """The 督办单 (or 催办单) for one office (:class:`dutygraph.queries.notices.Notice`), as .docx bytes."""
    kind = notice_kind(notice)
    doc = _document()
    _paragraph(doc, t(f"notice.title_{kind}"), font=TITLE_FONT, size=22, align="center", space_after=6)
    _paragraph(doc, notice_number(kind, as_of.year, number), size=16, align="center", space_after=12)
    _paragraph(doc, t("notice.to", office=notice.office))
    body = kind if notice.yellow else "supervise_red"
    _paragraph(doc, t(f"notice.body_{body}", date=date(as_of), n=len(notice.items), red=notice.red,
                      yellow=notice.yellow, feedback=date(feedback)), indent=True, space_after=8)
    rows = [[(str(n), None), (i.title, None), (f"{i.plan} {i.place}\n{i.source}", None), (label(ROLES, i.role), None),
             (date(i.deadline), None), (f"{label(TIERS, i.tier)}\n{t(f'light.{i.light}')}", LIGHT_COLOURS[i.light]),
             (label(STATUS, i.status) + (t("notice.lagging", n=i.lagging) if i.lagging > 1 else ""), None)]
            for n, i in enumerate(notice.items, 1)]
    _table(doc, [t(f"notice.col_{c}") for c in ("number", "item", "source", "role", "deadline", "tier", "status")],
           rows, (1.2, 4.4, 3.6, 1.2, 2.2, 1.5, 1.5))
    _paragraph(doc, t("notice.feedback", date=date(feedback)), indent=True, space_after=24)
    _paragraph(doc, sender, align="right")
    _paragraph(doc, date(as_of), align="right")
    return _save(doc)


def summary_document(notices: Sequence[Any], numbers: Sequence[int], *, as_of: dt.date, feedback: dt.date,
                     sender: str) -> bytes:
    """The leader's summary: how many offices are chased, a row per notice, then every red item."""
    doc = _document()
    _paragraph(doc, t("notice.summary_title"), font=TITLE_FONT, size=22, align="center", space_after=6)
    _paragraph(doc, t("notice.summary_as_of", date=date(as_of)), align="center", space_after=12)
    red, yellow = sum(n.red for n in notices), sum(n.yellow for n in notices)
    _paragraph(doc, t("notice.summary_body", date=date(as_of), offices=len(notices), red=red, yellow=yellow,
                      feedback=date(feedback)), indent=True, space_after=8)
    _paragraph(doc, t("notice.summary_offices"), font=TITLE_FONT, size=16, space_after=4)
    _table(doc, [t(f"notice.col_{c}") for c in ("number", "office", "notice", "red", "yellow")],
           [[(str(k), None), (f"{n.office}{t('paren', text=n.issuer)}", None),
             (notice_number(notice_kind(n), as_of.year, number), None), (str(n.red), LIGHT_COLOURS["red"]),
             (str(n.yellow), None)] for k, (n, number) in enumerate(zip(notices, numbers, strict=True), 1)],
           (1.2, 6.0, 4.6, 1.9, 1.9))
    reds = [(n, i) for n in notices for i in n.items if i.light == "red"]
    if reds:
        _paragraph(doc, t("notice.summary_red"), font=TITLE_FONT, size=16, space_after=4)
        _table(doc, [t(f"notice.col_{c}") for c in ("number", "office", "item", "source", "deadline", "status")],
               [[(str(k), None), (n.office, None), (i.title, None), (f"{i.plan} {i.place}", None),
                 (date(i.deadline), None), (label(STATUS, i.status) or label(TIERS, i.tier), LIGHT_COLOURS["red"])]
                for k, (n, i) in enumerate(reds, 1)], (1.2, 2.6, 4.4, 3.6, 2.2, 1.6))
    _paragraph(doc, "", space_after=12)
    _paragraph(doc, sender, align="right")
    _paragraph(doc, date(as_of), align="right")
    return _save(doc)
