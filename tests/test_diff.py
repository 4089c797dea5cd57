"""Year over year (issue 13): two years of a plan written here, and the moves planted in them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from dutygraph.graph.convert import to_networkx
from dutygraph.importers.reading import read
from dutygraph.queries.diff import match_items, office_changes, similarity
from hypothesis import given
from hypothesis import strategies as st

from dutygraph.cli import cli

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)

YEAR_2023 = """青山县教育局2023年工作要点

一、基础教育

1.扩大学前教育资源。新建公办幼儿园5所，新增学位1200个。（学前教育股牵头，财务股配合）

2.推进义务教育优质均衡发展。组建教育集团3个。（基础教育股牵头，教研室配合）

3.开展校园安全专项整治。（安全股牵头，基础教育股配合）

二、教师队伍

4.加强师德师风建设。（人事股牵头，基础教育股配合）

5.实施乡村教师培训计划。培训乡村教师800人次。（人事股牵头，教研室配合）
"""
# planted: 1 reworded (carried, score < 1); 2 led by 教研室 now (lead moved); 3 names 基础教育股
# by its short form 基教股 (the same office); 4 unchanged; 5 dropped; 6 added
YEAR_2024 = """青山县教育局2024年工作要点

一、基础教育

1.扩大学前教育普惠资源。新建公办幼儿园8所，新增学位2000个。（学前教育股牵头，财务股配合）

2.推进义务教育优质均衡发展。组建教育集团5个。（教研室牵头，基础教育股配合）

3.开展校园安全专项整治行动。（安全股牵头，基教股配合）

二、教师队伍

4.加强师德师风建设。（人事股牵头，基础教育股配合）

5.建设智慧教育平台。（电教站牵头，财务股配合）
"""


@pytest.fixture
def years(tmp_path):
    for year, text in (("2023", YEAR_2023), ("2024", YEAR_2024)):
        (tmp_path / year).mkdir()
        (tmp_path / year / f"qingshan-{year}.txt").write_text(text, "utf-8")
    return tmp_path / "2023", tmp_path / "2024"


def test_the_planted_moves(years):
    old, new = (to_networkx(read([y]).whole()) for y in years)
    moves = match_items(old, new)
    assert [(m.change, m.old_ref, m.new_ref, m.lead_moved) for m in moves] == [
        ("carried", "1", "1", False), ("carried", "2", "2", True), ("carried", "3", "3", False),
        ("carried", "4", "4", False), ("dropped", "5", None, False), ("added", None, "5", False)]
    scores = {m.old_ref: m.score for m in moves if m.change == "carried"}
    assert scores["2"] == scores["4"] == 1.0 and 0.6 <= scores["1"] < 1 and 0.6 <= scores["3"] < 1
    moved = moves[1]
    assert (moved.old_leads, moved.new_leads) == (("基础教育股",), ("教研室",))
    assert (moves[4].old_title, moves[5].new_title) == ("实施乡村教师培训计划。", "建设智慧教育平台。")
    changes = {c.office: (c.leads_old, c.leads_new, c.supports_old, c.supports_new, c.load_change)
               for c in office_changes(old, new)}
    assert changes == {
        "人事股": (2, 1, 0, 0, -1.0), "电教站": (0, 1, 0, 0, 1.0), "基础教育股": (1, 0, 2, 3, -0.5),
        "财务股": (0, 0, 1, 2, 0.5), "学前教育股": (1, 1, 0, 0, 0.0), "安全股": (1, 1, 0, 0, 0.0),
        "教研室": (0, 1, 2, 0, 0.0),
    }
    assert "基教股" not in changes  # offices meet by identity: the short form is 基础教育股


def test_a_higher_threshold_drops_the_reworded_items(years):
    old, new = (to_networkx(read([y]).whole()) for y in years)
    moves = match_items(old, new, threshold=0.95)
    assert sorted((m.change, m.old_ref or m.new_ref) for m in moves if m.change != "carried") == [
        ("added", "1"), ("added", "3"), ("added", "5"), ("dropped", "1"), ("dropped", "3"), ("dropped", "5")]


def test_cli_diff_in_every_format(years, tmp_path):
    runner = CliRunner()
    table = runner.invoke(cli, ["diff", *map(str, years)])
    assert table.exit_code == 0, table.output
    assert "items: carried 4 (lead moved 1), dropped 1, added 1" in table.output
    data = json.loads(runner.invoke(cli, ["diff", *map(str, years), "--format", "json"]).output)
    assert set(data) == {"items", "offices"} and data["items"][1]["new_leads"] == ["教研室"]
    csv = runner.invoke(cli, ["diff", *map(str, years), "--format", "csv", "--show", "offices"]).output
    assert csv.splitlines()[0].startswith("office,issuer,leads_old,leads_new,leads_change")
    both = runner.invoke(cli, ["diff", *map(str, years), "--format", "csv"])
    assert both.exit_code != 0 and "--format csv writes one table" in str(both.exception)
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[issuer."青山县教育局".names]\n"电教站" = "电化教育站"\n', "utf-8")
    named = json.loads(runner.invoke(cli, ["diff", *map(str, years), "--aliases", str(aliases), "--format", "json",
                                           "--show", "offices"]).output)
    assert "电化教育站" in {r["office"] for r in named["offices"]}
    files = runner.invoke(cli, ["diff", str(years[0] / "qingshan-2023.txt"), str(years[1] / "qingshan-2024.txt")])
    assert files.output == table.output
    explained = json.loads(runner.invoke(cli, ["diff", *map(str, years), "--explain", "--format", "json",
                                               "--show", "offices"]).output)["offices"]
    [row] = [r for r in explained if r["office"] == "电教站"]
    assert (row["items_old"], [(i["ref"], i["role"], i["sources"]) for i in row["items_new"]]) == (
        [], [("5", "lead", ["qingshan-2024.txt:15"])])


@given(st.text(max_size=30), st.text(max_size=30))
def test_similarity_is_symmetric_and_bounded(a, b):
    assert similarity(a, b) == similarity(b, a) and 0 <= similarity(a, b) <= 1
    if a and similarity(a, a) > 0:
        assert similarity(a, a) == 1.0


def test_the_readme_example():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    out = CliRunner().invoke(cli, ["diff", str(root / "docs" / "examples" / "qingshan-2023-work-plan.txt"),
                                   str(root / "examples" / "qingshan-2024-work-plan.txt"), "--format", "json"])
    assert out.exit_code == 0, out.output
    moves = json.loads(out.output)["items"]
    assert [(m["change"], m["old_ref"], m["new_ref"]) for m in moves if m["change"] != "carried"] == [
        ("dropped", "4", None), ("added", None, "3"), ("added", None, "5")]
    moved = {m["old_ref"]: (m["old_leads"], m["new_leads"]) for m in moves if m["lead_moved"]}
    assert set(moved) == {"2", "6"} and moved["6"] == (["教研室"], ["人事科"])
    assert "教研室" in moved["2"][1]  # its sub-measure 2.2 is led by 教研室 in 2024
