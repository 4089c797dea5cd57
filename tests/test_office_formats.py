"""Office files and PDFs, written by the tests: one document reads the same in every format."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dutygraph.importers.readers.blocks import Blocks
from dutygraph.importers.readers.docx import read_docx
from dutygraph.importers.readers.pdf import read_pdf
from dutygraph.importers.read import read, read_all
from dutygraph.ontology.model import Corpus
from helpers import item
from office import (
    TASK_TABLE,
    html_pdf,
    lines_docx,
    plan_docx,
    plan_html,
    plan_text,
    soffice_convert,
    table_docx,
    table_html,
    table_text,
    table_xlsx,
)
from seeds import seed

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)


def facts(corpus: Corpus) -> tuple:
    """Everything a plan says, provenance aside: per item its ref, title, section, offices with
    role and rule, leaders, targets and tasks."""
    (plan,) = corpus.plans
    names = {p.id: (p.name, p.kind) for p in corpus.parties}
    leaders = {x.id: x.name for x in corpus.leaders}
    sections = {s.id: (s.ordinal, s.title) for s in plan.sections}
    return plan.title, plan.year, tuple(
        (i.ref, i.title, sections.get(i.section or ""), i.parent is not None,
         tuple((names[a.party], a.role, a.rule) for a in i.assignments),
         tuple(leaders[r.leader] for r in i.responsibilities),
         tuple((t.text, t.value, t.unit, t.comparator, t.deadline) for t in i.targets),
         tuple(t.text for t in i.tasks))
        for i in plan.items)


def compare(by_format: dict[str, Corpus]) -> None:
    """Every format's facts equal the text's, field by field (the first difference is named)."""
    base = facts(by_format["txt"])
    for name, corpus in by_format.items():
        got = facts(corpus)
        assert got[:2] == base[:2], name
        assert len(got[2]) == len(base[2]), f"{name}: {len(got[2])} items, the text has {len(base[2])}"
        for want, have in zip(base[2], got[2], strict=True):
            assert have == want, f"{name}: item {want[0]} differs"


@pytest.fixture(scope="module")
def plan_files(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("plan")
    (d / "plan.txt").write_text(plan_text(), "utf-8")
    (d / "plan.html").write_text(plan_html(), "utf-8")
    files = {"txt": d / "plan.txt", "html": d / "plan.html", "docx": plan_docx(d / "plan.docx")}
    files["pdf"] = html_pdf(plan_html(), d / "plan.pdf")
    files["pdf-from-docx"] = soffice_convert(files["docx"], "pdf")
    return files


@pytest.fixture(scope="module")
def table_files(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("table")
    (d / "table.txt").write_text(table_text(), "utf-8")
    (d / "table.html").write_text(table_html(), "utf-8")
    files = {"txt": d / "table.txt", "html": d / "table.html", "docx": table_docx(d / "table.docx"),
             "xlsx": table_xlsx(d / "table.xlsx")}
    files["pdf"] = html_pdf(table_html(), d / "table.pdf")
    return files


def test_a_work_plan_reads_the_same_as_text_word_html_and_pdf(plan_files):
    by_format = {name: read([path]) for name, path in plan_files.items()}
    compare(by_format)
    corpus = by_format["docx"]
    plan = corpus.plans[0]
    assert [i.ref for i in plan.items] == [str(n) for n in range(1, 8)]  # Word's numbering, rebuilt
    assert [(s.ordinal, s.level) for s in plan.sections][:3] == [("一", 1), ("（一）", 2), ("（二）", 2)]
    assert plan.source.format == "docx" and by_format["pdf"].plans[0].source.format == "pdf"


def test_word_numbering_is_drawn_into_the_blocks(plan_files):
    blocks = read_docx(plan_files["docx"].read_bytes())
    kinds = [(b.kind, b.text[:6]) for b in blocks.blocks]
    assert kinds[:5] == [("heading", "青岚县教育局"), ("paragraph", "2025年，"), ("heading", "一、扩大优质"),
                         ("heading", "（一）学前教"), ("paragraph", "1.扩充普惠")]
    assert "5.加强师德师风" in blocks.text  # items run on across sections


def test_a_task_table_with_merged_cells_reads_the_same_in_every_format(table_files):
    compare({name: read([path]) for name, path in table_files.items()})


def test_merged_lead_cells_belong_to_every_row_and_say_where_they_are(table_files):
    corpus = read([table_files["xlsx"]])
    plan = corpus.plans[0]
    second = item(plan, "2")
    lead = second.assignments[0]
    assert (lead.surface, lead.role) == ("学前教育股", "lead")
    where = lead.span.where
    assert (where.sheet, where.cell, where.merged) == ("重点任务", "D4", "D3:D8")  # title row, header, rows 1–6
    assert lead.span.cite() == "table.xlsx:4 (sheet 重点任务 cell D4 (merged D3:D8))"
    leader = second.responsibilities[0]
    assert leader.span.where.cell == "C4"


def test_a_pdf_table_across_two_pages_is_one_table_and_furniture_is_reported(table_files):
    blocks = read_pdf(table_files["pdf"].read_bytes())
    rows = [b for b in blocks.blocks if b.kind == "row"]
    assert {b.table for b in rows} == {1} and len({b.page for b in rows}) >= 2
    assert [b.row for b in rows] == list(range(1, len(rows) + 1))
    assert all(b.box is not None and b.page for b in blocks.blocks)
    assert {r.kind for r in blocks.removed} == {"furniture"} and len(blocks.removed) >= 4  # header and footer per page
    plan = read([table_files["pdf"]]).plans[0]
    furniture = [q.message for q in plan.quality if q.kind == "removed_block" and q.message.startswith("furniture")]
    assert len(furniture) == len(blocks.removed) and all("removed (page" in m for m in furniture)
    last = item(plan, str(len(TASK_TABLE["rows"])))
    assert last.span.where.page >= 2 and last.span.where.table == 1 and last.span.where.box is not None


def test_kangxi_look_alikes_of_a_printed_pdf_are_folded(table_files):
    text = read_pdf(table_files["pdf"].read_bytes()).text
    assert "幼儿园" in text and "⼉" not in text and not any(0x2F00 <= ord(c) <= 0x2FDF for c in text)


def _workbook(path: Path, sheets: list[tuple[str, list[list]]]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


_HEADER = ["序号", "任务", "牵头单位", "责任单位", "完成时限"]


def test_two_sheets_with_their_own_titles_are_two_plans(tmp_path):
    book = _workbook(tmp_path / "two.xlsx", [
        ("民生实事", [["青岚县2025年民生实事任务分解表"], _HEADER, [1, "新建幼儿园2所", "学前教育股", "计划财务股", "2025年底前"]]),
        ("重点工作", [["青岚县2025年重点工作任务清单"], _HEADER, [1, "建设智慧教室50间", "电教站", "计划财务股", "2025年9月底前"],
                    [2, "培训教师300人次", "人事股", "教研室", "2025年12月底前"]]),
    ])
    corpus = read([book])
    assert [(p.title, len(p.items)) for p in corpus.plans] == [("青岚县2025年民生实事任务分解表", 1), ("青岚县2025年重点工作任务清单", 2)]
    assert len({p.id for p in corpus.plans}) == 2
    assert item(corpus.plans[1], "2").span.where.sheet == "重点工作"


def test_sheets_without_titles_of_their_own_are_sections_of_one_plan(tmp_path):
    book = _workbook(tmp_path / "one.xlsx", [
        ("Sheet1", [["青岚县教育局2025年重点任务分解表"], ["一、学前教育"], _HEADER,
                    [1, "新建幼儿园2所", "学前教育股", "计划财务股", "2025年底前"]]),
        ("Sheet2", [["二、教师队伍"], _HEADER, [2, "培训教师300人次", "人事股", "教研室", "2025年12月底前"]]),
    ])
    corpus = read([book])
    (plan,) = corpus.plans
    assert [i.ref for i in plan.items] == ["1", "2"]
    sections = {s.id: s.title for s in plan.sections}
    assert [sections[i.section] for i in plan.items] == ["学前教育", "教师队伍"]
    assert item(plan, "2").assignments[0].span.where.sheet == "Sheet2"


@pytest.mark.parametrize(("encoding", "delimiter"), [("gbk", ","), ("gb18030", "\t"), ("utf-8-sig", ","), ("utf-8", ",")])
def test_a_csv_saved_by_excel_reads_as_its_table(tmp_path, table_files, encoding, delimiter):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([TASK_TABLE["title"]])
    writer.writerow(TASK_TABLE["header"])
    writer.writerows(TASK_TABLE["rows"])
    path = tmp_path / "table.csv"
    path.write_bytes(out.getvalue().encode(encoding))
    corpus = read([path])
    compare({"txt": read([table_files["txt"]]), "csv": corpus})
    assert corpus.plans[0].source.format == "csv"
    assert item(corpus.plans[0], "3").assignments[0].span.where.cell == "D5"


def test_quoted_csv_cells_keep_their_commas_and_line_breaks(tmp_path):
    path = tmp_path / "q.csv"
    path.write_bytes("序号,任务,牵头单位,责任单位\r\n1,\"新建幼儿园2所,\n改建1所\",学前教育股,\"计划财务股、督导室\"\r\n".encode("gbk"))
    plan = read([path]).plans[0]
    assert item(plan, "1").title.startswith("新建幼儿园2所,") and item(plan, "1").span.line == 2


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_seed_documents_read_the_same_as_word_files(tmp_path, prefix):
    source = seed(prefix)
    text = source.read_text("utf-8")
    docx_file = lines_docx(text, tmp_path / (source.stem + ".docx"))
    compare({"txt": read([source]), "docx": read([docx_file])})


def test_seed_table_as_a_word_table(tmp_path):
    source = seed("001")
    docx_file = lines_docx(source.read_text("utf-8"), tmp_path / "001.docx")
    want, got = facts(read([source])), facts(read([docx_file]))
    assert [i[0] for i in got[2]] == [i[0] for i in want[2]]
    assert [i[4] for i in got[2]] == [i[4] for i in want[2]]  # offices with their roles


@pytest.mark.parametrize(("source", "to", "as_name"), [("docx", "doc", "plan.doc"), ("docx", "doc", "plan.wps"),
                                                         ("xlsx", "xls", "table.xls"), ("xlsx", "xls", "table.et")])
def test_old_and_kingsoft_files_through_libreoffice(tmp_path, plan_files, table_files, source, to, as_name):
    original = plan_files["docx"] if source == "docx" else table_files["xlsx"]
    copy = tmp_path / original.name
    copy.write_bytes(original.read_bytes())
    converted = soffice_convert(copy, to)
    target = tmp_path / as_name
    target.write_bytes(converted.read_bytes())
    corpus = read([target])
    compare({"txt": read([plan_files["txt"] if source == "docx" else table_files["txt"]]), as_name: corpus})
    assert corpus.plans[0].source.format == as_name.rsplit(".", 1)[1]


def test_without_libreoffice_a_doc_is_one_line_saying_what_to_do(tmp_path, plan_files):
    path = tmp_path / "plan.doc"
    copy = tmp_path / "x.docx"
    copy.write_bytes(plan_files["docx"].read_bytes())
    path.write_bytes(soffice_convert(copy, "doc").read_bytes())
    done = subprocess.run([sys.executable, "-m", "dutygraph", "import", str(path)], capture_output=True, text=True,
                          env={**os.environ, "DUTYGRAPH_SOFFICE": ""}, timeout=120)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "needs LibreOffice" in done.stderr and "apt-get install" in done.stderr and "save the file as .docx" in done.stderr


def test_detection_by_content_not_name(tmp_path, plan_files, table_files):
    disguised = tmp_path / "plan.txt"
    disguised.write_bytes(plan_files["docx"].read_bytes())
    saved_page = tmp_path / "page.doc"  # a web page saved under .doc, as sites publish them
    saved_page.write_text(plan_html(), "utf-8")
    workbook = tmp_path / "table.bin"
    workbook.write_bytes(table_files["xlsx"].read_bytes())
    formats = [p.source.format for p in read([disguised, saved_page, workbook]).plans]
    assert formats == ["docx", "html", "xlsx"]
    assert read([disguised], format="docx").plans[0].source.format == "docx"


def test_a_folder_of_office_files_is_read_and_lock_files_passed_over(tmp_path, plan_files, table_files):
    for name in ("docx", "pdf"):
        (tmp_path / plan_files[name].name).write_bytes(plan_files[name].read_bytes())
    (tmp_path / "table.xlsx").write_bytes(table_files["xlsx"].read_bytes())
    (tmp_path / "~$plan.docx").write_bytes(b"\x00" * 162)  # Word's owner file while the document is open
    reading = read_all([tmp_path])
    assert reading.failures == () and sorted(p.source.format for p in reading.corpus.plans) == ["docx", "pdf", "xlsx"]


def test_export_and_explain_show_cells_and_pages(tmp_path, table_files):
    out = tmp_path / "e.json"
    done = subprocess.run([sys.executable, "-m", "dutygraph", "export", str(table_files["xlsx"]), str(table_files["pdf"]),
                           "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    plans = {p["format"]: p for p in json.loads(out.read_text("utf-8"))["plans"]}
    where = plans["xlsx"]["items"][0]["source"]["where"]
    assert where == {"block": 3, "table": 1, "row": 2, "col": 1, "sheet": "重点任务", "cell": "A3"}
    assert {"page", "box"} <= set(plans["pdf"]["items"][0]["offices"][0]["where"])
    explain = subprocess.run([sys.executable, "-m", "dutygraph", "workload", str(table_files["xlsx"]), "--explain"],
                             capture_output=True, text=True, timeout=300)
    assert explain.returncode == 0 and "table.xlsx:3 (sheet 重点任务 cell A3)" in explain.stdout


def test_blocks_of_a_docx_are_what_the_html_reader_gives(plan_files):
    """The readers agree on the document text itself, not only on what is parsed from it."""
    from dutygraph.importers.readers.html import read_html

    docx_text = read_docx(plan_files["docx"].read_bytes()).text
    html_text = read_html(plan_files["html"].read_text("utf-8")).text
    assert docx_text == html_text
    assert isinstance(read_pdf(plan_files["pdf"].read_bytes()), Blocks)
