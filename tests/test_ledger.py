"""The 督办台账 workbook on the seeds: it navigates (目录 and links back), prints (landscape A4, fit
to width, header on every page, under 150 pages in LibreOffice), and each sheet holds exactly its items."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from collections import Counter

import pytest
from openpyxl import load_workbook

from dutygraph.cli import main
from dutygraph.graph.convert import to_networkx
from dutygraph.importers.reading import read
from dutygraph.queries.ledgers import reports_on_another
from dutygraph.queries.refs import human_ref
from dutygraph.queries.scope import leader_items, party_label, scoped_items, scope_plans, top_item
from dutygraph.queries.workload import office_workload
from dutygraph.xlsx import sheet_names

HEADER = ["序号", "事项", "角色", "牵头处室", "配合处室", "完成时限", "督办等级", "进展状态", "出处"]
MASTER = ["序号", "事项", "牵头处室", "配合处室", "完成时限", "督办等级", "进展状态", "出处"]


@pytest.fixture(scope="module")
def path(tmp_path_factory, seeds_dir):
    out = tmp_path_factory.mktemp("ledger") / "台账.xlsx"
    assert main(["ledger", str(seeds_dir), "--as-of", "2022-06-30", "-o", str(out), "--lang", "zh", "-q"]) in (0, None)
    return out


@pytest.fixture(scope="module")
def workbook(path):
    return load_workbook(path)


@pytest.fixture(scope="module")
def graph(seeds_dir):
    return to_networkx(read([seeds_dir]).whole())


def _owners(graph):
    rows = office_workload(graph)
    names = Counter(r.office for r in rows)
    return rows, [f"{r.office}（{r.issuer}）" if names[r.office] > 1 else r.office for r in rows]


def test_the_index_comes_first_then_all_items_then_a_sheet_per_office_and_leader(workbook, graph):
    rows, owners = _owners(graph)
    leader_names = [party_label(graph, leader)[0] for leader in leader_items(graph)]
    assert workbook.sheetnames[:2] == ["目录", "总台账"]
    assert sorted(workbook.sheetnames[2:]) == sorted(sheet_names(["目录", "总台账", *owners, *leader_names])[2:])
    assert "基础教育处（湖南省教育厅）" in workbook.sheetnames and "基础教育处（湖北省教育厅）" in workbook.sheetnames


def test_the_index_links_every_sheet_grouped_by_issuer_and_every_sheet_links_back(workbook):
    index = workbook["目录"]
    assert [c.value for c in index[2]] == ["工作表", "类别", "名称", "发文单位", "事项数", "牵头数", "逾期数"]
    links = {r[0].hyperlink.location: r[0].value for r in index.iter_rows(min_row=3) if r[0].hyperlink}
    assert sorted(links.values()) == sorted(workbook.sheetnames[1:])
    assert all(location == f"'{name}'!A1" for location, name in links.items())
    headings = [r[0].value for r in index.iter_rows(min_row=3) if r[0].hyperlink is None]
    assert "湖北省教育厅" in headings and "湖南省教育厅" in headings
    # the sheets of an issuer follow its heading, in the order the workbook keeps them
    issuer_of = {r[0].value: r[3].value for r in index.iter_rows(min_row=4) if r[0].hyperlink}
    runs = [k for k, _ in itertools.groupby(issuer_of[n] for n in workbook.sheetnames[2:])]
    assert len(runs) == len(set(runs)) == len(headings)
    for ws in workbook.worksheets[1:]:
        back = [c for c in ws[1] if c.hyperlink is not None]
        assert [(c.value, c.hyperlink.location) for c in back] == [("返回目录", "'目录'!A1")], ws.title


def test_every_sheet_prints_landscape_a4_fit_to_width_with_its_header_on_every_page(workbook):
    for ws in workbook.worksheets:
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, ws.title
        assert ws.print_title_rows == "$1:$2" and ws.freeze_panes == "A3", ws.title
        assert "&P" in ws.oddFooter.center.text
        for row in ws.iter_rows(min_row=3):
            assert all(c.alignment.wrap_text for c in row if isinstance(c.value, str)), ws.title
    short = [ws for ws in workbook.worksheets[2:] if ws.max_row <= 10]
    assert short and all(ws.page_setup.fitToHeight == 1 for ws in short)  # one printed page where it fits
    assert workbook["总台账"].page_setup.fitToHeight == 0  # as many pages as the items need


def test_all_items_once_by_the_plan_s_own_numbers(workbook, graph):
    ws = workbook["总台账"]
    assert [c.value for c in ws[2]] == MASTER
    rows = [r for r in ws.iter_rows(min_row=3) if r[0].value is not None and r[1].value is not None]
    tops = list(dict.fromkeys(top_item(graph, i) for i in scoped_items(graph, scope_plans(graph))
                              if not reports_on_another(graph, i)))
    assert [r[0].value for r in rows] == list(range(1, len(tops) + 1))
    assert [r[7].value.split("\n")[0] for r in rows] == [human_ref(graph, t) for t in tops]
    assert not any("#" in r[7].value.split("\n")[0] for r in rows)
    places = {r[7].value.split("\n")[0] for r in rows}
    assert {"项目一", "一、1.", "二、（一）6."} <= places
    plan_headings = [r[0].value for r in ws.iter_rows(min_row=3) if r[1].value is None and r[0].value]
    assert len(plan_headings) == 5 and all(h.startswith("《") for h in plan_headings)


def test_each_office_sheet_lists_exactly_its_items(workbook, graph):
    rows, owners = _owners(graph)
    titles = sheet_names(["目录", "总台账", *owners])[2:]
    for row, title in zip(rows, titles, strict=True):
        ws = workbook[title]
        assert [c.value for c in ws[2]] == HEADER, title
        listed = [(r[8].value.split("\n")[0].rsplit(" ", 1)[1], r[2].value) for r in ws.iter_rows(min_row=3)]
        expected = [(human_ref(graph, i.item), {"lead": "牵头", "support": "配合"}[i.role]) for i in row.items]
        assert listed == expected, title


def test_leader_sheets_list_the_items_they_answer_for(workbook, graph):
    for leader, tops in leader_items(graph).items():
        ws = workbook[sheet_names([party_label(graph, leader)[0]])[0]]
        assert [r[8].value.split("\n")[0].rsplit(" ", 1)[1] for r in ws.iter_rows(min_row=3)] == [
            human_ref(graph, t) for t in tops]
        assert {r[2].value for r in ws.iter_rows(min_row=3)} <= {"事项上署名", "所在部分署名"}


def test_deadlines_are_dates_and_tiers_are_labels(workbook):
    dated = [r for ws in workbook.worksheets[2:] for r in ws.iter_rows(min_row=3) if r[5].value is not None]
    assert dated
    assert all(r[5].is_date and r[5].number_format == 'yyyy"年"m"月"d"日"' for r in dated)
    tiers = {r[6].value for ws in workbook.worksheets[2:] for r in ws.iter_rows(min_row=3)}
    assert tiers <= {"逾期", "临期", "即将到期", "正常", "已完成", "无时限"} and "逾期" in tiers


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_prints_the_seeds_ledger_in_under_150_pages(path, tmp_path):
    pdfium = pytest.importorskip("pypdfium2")
    profile = tmp_path / "profile"  # a profile of its own, so a running LibreOffice does not take the job
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=300)
    pages = len(pdfium.PdfDocument(tmp_path / "台账.pdf"))
    sheets = len(load_workbook(path).sheetnames)
    assert sheets <= pages < 150  # was 510 before the print setup
