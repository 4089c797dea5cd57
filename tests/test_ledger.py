"""The 督办台账 workbook on the seeds: sheet names, headers, and each office's sheet holds exactly its items."""

from __future__ import annotations

from collections import Counter

import pytest
from openpyxl import load_workbook

from dutygraph.cli import main
from dutygraph.graph.convert import to_networkx
from dutygraph.importers.read import read
from dutygraph.queries.scope import leader_items, party_label
from dutygraph.queries.workload import office_workload
from dutygraph.xlsx import sheet_names

HEADER = ["编号", "事项", "计划", "角色", "牵头处室", "协同处室", "目标", "完成时限", "督办等级", "进展状态", "出处"]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory, seeds_dir):
    out = tmp_path_factory.mktemp("ledger") / "台账.xlsx"
    main(["ledger", str(seeds_dir), "--as-of", "2022-06-30", "-o", str(out), "--lang", "zh"])
    return load_workbook(out)


@pytest.fixture(scope="module")
def graph(seeds_dir):
    return to_networkx(read([seeds_dir]))


def test_sheet_names_are_the_index_the_offices_and_the_leaders(workbook, graph):
    rows = office_workload(graph)
    leaders = leader_items(graph)
    names = Counter(r.office for r in rows)
    owners = [f"{r.office}（{r.issuer}）" if names[r.office] > 1 else r.office for r in rows]
    leader_names = sorted(party_label(graph, leader)[0] for leader in leaders)
    assert workbook.sheetnames[0] == "目录"
    assert workbook.sheetnames[1: 1 + len(rows)] == sheet_names(["目录", *owners])[1:]
    assert sorted(workbook.sheetnames[1 + len(rows):]) == sorted(sheet_names(leader_names))
    assert "基础教育处（湖南省教育厅）" in workbook.sheetnames and "基础教育处（湖北省教育厅）" in workbook.sheetnames
    index = workbook["目录"]
    assert [c.value for c in index[1]] == ["工作表", "类别", "名称", "发文单位", "事项数", "牵头数", "逾期数"]
    assert index.max_row == len(workbook.sheetnames)  # a row per sheet


def test_every_sheet_has_chinese_headers_frozen_and_filtered(workbook):
    for ws in workbook.worksheets[1:]:
        assert [c.value for c in ws[1]] == HEADER, ws.title
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:K{ws.max_row}"
        assert ws.column_dimensions["B"].width >= 10  # a title column fits Chinese text


def test_each_office_sheet_lists_exactly_its_items(workbook, graph):
    rows = office_workload(graph)
    names = Counter(r.office for r in rows)
    titles = sheet_names(["目录", *(f"{r.office}（{r.issuer}）" if names[r.office] > 1 else r.office for r in rows)])
    for row, title in zip(rows, titles[1:], strict=True):
        ws = workbook[title]
        listed = [(r[0].value, r[3].value) for r in ws.iter_rows(min_row=2)]
        expected = [(graph.nodes[i.item]["ref"], {"lead": "牵头", "support": "配合"}[i.role]) for i in row.items]
        assert listed == expected, title


def test_leader_sheets_list_the_items_they_answer_for(workbook, graph):
    for leader, tops in leader_items(graph).items():
        ws = workbook[sheet_names([party_label(graph, leader)[0]])[0]]
        assert [r[0].value for r in ws.iter_rows(min_row=2)] == [graph.nodes[t]["ref"] for t in tops]
        assert {r[3].value for r in ws.iter_rows(min_row=2)} <= {"事项上署名", "所在部分署名"}


def test_deadlines_are_dates_and_tiers_are_labels(workbook):
    dated = [r for ws in workbook.worksheets[1:] for r in ws.iter_rows(min_row=2) if r[7].value is not None]
    assert dated
    assert all(r[7].is_date and r[7].number_format == 'yyyy"年"m"月"d"日"' for r in dated)
    tiers = {r[8].value for ws in workbook.worksheets[1:] for r in ws.iter_rows(min_row=2)}
    assert tiers <= {"逾期", "临期", "即将到期", "正常", "已完成", "无时限"} and "逾期" in tiers
