"""督办单 / 催办单 (issue 24): one Word document per office with red or yellow items, read back with
python-docx; the leader's summary; the layout of an official notice; LibreOffice prints one."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from docx import Document
from docx.shared import Cm

from dutygraph.cli import main
from dutygraph.graph.convert import to_networkx
from dutygraph.importers.reading import read
from dutygraph.queries.notices import light, notices

PLAN = """青山县教育局2023年重点工作任务分工方案
青教发〔2023〕5号
一、学前教育
1.新建公办幼儿园3所，2023年6月底前完成。（基础教育股牵头，计划财务股配合）
2.开展幼儿园保教质量评估，2023年9月底前完成。（基础教育股负责）
二、教师队伍
3.培训乡村教师500人次，2023年8月底前完成。（人事股牵头，教研室配合）
4.完善教师考核办法，2023年12月底前完成。（人事股负责）
"""
REPORT = (
    "青山县教育局2023年1-6月重点工作进展情况\n序号\t来源\t工作内容\t责任单位\t进展情况\n"
    "1\t（青教发〔2023〕5号）第1项\t新建公办幼儿园3所\t基础教育股\t主体工程进度滞后。\n"
    "2\t第2项\t开展幼儿园保教质量评估\t基础教育股\t评估工作已全部完成。\n"
    "3\t第3项\t培训乡村教师\t人事股\t已培训200人次。\n"
    "4\t第4项\t完善教师考核办法\t人事股\t尚未启动。\n"
)
AS_OF = "2023-08-05"


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plans")
    (folder / "plan.txt").write_text(PLAN, encoding="utf-8")
    (folder / "report-06.tsv").write_text(REPORT, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def written(documents, tmp_path_factory):
    out = tmp_path_factory.mktemp("notices") / "督办"
    main(["notices", str(documents), "--as-of", AS_OF, "--feedback-days", "5", "--first-number", "12", "-o", str(out),
          "--lang", "zh", "-q"])
    return out


def _items(path):
    table = Document(str(path)).tables[0]
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def test_lights_from_tier_and_status():
    assert [light(tier, status) for tier, status in [
        ("overdue", None), ("later", "behind"), ("due", None), ("upcoming", "on_track"), ("no_deadline", "not_started"),
        ("later", "on_track"), ("completed", "completed"), ("no_deadline", None),
    ]] == ["red", "red", "yellow", "yellow", "yellow", "green", "green", "green"]


def test_each_office_is_chased_for_its_red_and_yellow_items_only(documents):
    found = notices(to_networkx(read([documents]).whole()), as_of=dt.date.fromisoformat(AS_OF))
    assert [(n.office, [(i.place, i.role, i.light) for i in n.items]) for n in found] == [
        ("基础教育股", [("一、1.", "lead", "red")]),  # 2. is completed: green, not listed
        ("计划财务股", [("一、1.", "support", "red")]),
        ("人事股", [("二、3.", "lead", "yellow"), ("二、4.", "lead", "yellow")]),  # due in 26 days; not started
        ("教研室", [("二、3.", "support", "yellow")]),
    ]
    assert all(i.plan == "青山县教育局2023年重点工作任务分工方案" for n in found for i in n.items)  # not the report's rows


def test_the_documents_read_back_with_their_numbers_offices_and_items(written):
    names = sorted(p.name for p in written.iterdir())
    assert names == ["012_基础教育股_督办通知单.docx", "013_计划财务股_督办通知单.docx", "014_人事股_催办通知单.docx",
                     "015_教研室_催办通知单.docx", "督办情况汇总.docx"]
    doc = Document(str(written / "014_人事股_催办通知单.docx"))
    assert [p.text for p in doc.paragraphs[:3]] == ["催办通知单", "催办〔2023〕14号", "人事股："]
    assert "2023年8月10日前" in "".join(p.text for p in doc.paragraphs)  # the feedback deadline
    rows = _items(written / "014_人事股_催办通知单.docx")
    assert [r[0] for r in rows] == ["1", "2"]
    assert [r[1] for r in rows] == ["培训乡村教师500人次，2023年8月底前完成。", "完善教师考核办法，2023年12月底前完成。"]
    assert rows[0][2].startswith("青山县教育局2023年重点工作任务分工方案 二、3.\nplan.txt:7")
    assert [(r[3], r[4], r[5], r[6]) for r in rows] == [
        ("牵头", "2023年8月31日", "即将到期\n黄灯", "序时推进"), ("牵头", "2023年12月31日", "正常\n黄灯", "未启动")]
    red = _items(written / "012_基础教育股_督办通知单.docx")
    assert [(r[4], r[5], r[6]) for r in red] == [("2023年6月30日", "逾期\n红灯", "滞后")]


def test_the_layout_is_an_official_notice(written):
    doc = Document(str(written / "012_基础教育股_督办通知单.docx"))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)  # A4
    assert round(section.top_margin.cm, 1) == 3.7 and round(section.left_margin.cm, 1) == 2.8
    title, body = doc.paragraphs[0].runs[0], doc.paragraphs[3].runs[0]
    assert title.font.name == "黑体" and body.font.name == "仿宋" and body.font.size.pt == 16
    assert "PAGE" in section.footer.paragraphs[0]._p.xml  # the page number
    assert doc.tables[0].columns[1].width > Cm(4)  # the item's column is the widest


def test_the_summary_lists_every_notice_and_every_red_item(written):
    doc = Document(str(written / "督办情况汇总.docx"))
    offices, reds = doc.tables
    assert [[c.text for c in r.cells][1:5] for r in offices.rows[1:]] == [
        ["基础教育股（青山县教育局）", "督办〔2023〕12号", "1", "0"], ["计划财务股（青山县教育局）", "督办〔2023〕13号", "1", "0"],
        ["人事股（青山县教育局）", "催办〔2023〕14号", "0", "2"], ["教研室（青山县教育局）", "催办〔2023〕15号", "0", "1"]]
    assert [[c.text for c in r.cells][1] for r in reds.rows[1:]] == ["基础教育股", "计划财务股"]


def test_one_office_and_an_unknown_office(documents, tmp_path, capsys):
    main(["notices", str(documents), "--as-of", AS_OF, "--office", "教研室", "-o", str(tmp_path / "a"), "-q"])
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["001_教研室_催办通知单.docx", "督办情况汇总.docx"]
    with pytest.raises(SystemExit) as exit_:
        main(["notices", str(documents), "--as-of", AS_OF, "--office", "教研股", "-o", str(tmp_path / "b"), "-q"])
    assert exit_.value.code == 2 and not (tmp_path / "b").exists()
    assert "没有名为“教研股”的处室（是否要找：" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_prints_a_notice(written, tmp_path):
    pdfium = pytest.importorskip("pypdfium2")
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(written / "014_人事股_催办通知单.docx")],
                   check=True, capture_output=True, timeout=300)
    pdf = pdfium.PdfDocument(tmp_path / "014_人事股_催办通知单.pdf")
    text = "".join("".join(page.get_textpage().get_text_range() for page in pdf).split())
    assert len(pdf) == 1 and "催办通知单" in text and "完善教师考核办法" in text and "—1—" in text
