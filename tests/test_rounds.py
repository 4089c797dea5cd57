"""Rounds of progress (issue 24): three invented reports on one plan — one office missing a round,
one item lagging twice, one completed — give each item's history, the 漏报 list and the lights."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dutygraph.cli import cli
from dutygraph.graph.convert import to_networkx
from dutygraph.importers.reading import read
from dutygraph.queries.notices import notices
from dutygraph.queries.rounds import rounds

FOLDER = Path(__file__).resolve().parents[1] / "docs" / "examples" / "rounds"
"""An invented plan (5 items, 3 offices) and its 1-3月, 1-6月 and 1-9月份 reports: 人事股 does not
report in the second round; 一、1. is behind twice, then completed."""


@pytest.fixture(scope="module")
def folder():
    return FOLDER


@pytest.fixture(scope="module")
def found(folder):
    return rounds(to_networkx(read([folder]).whole()))


def test_three_reports_are_three_rounds_in_as_of_order(found):
    assert [(r.number, r.as_of, r.source, r.rows) for r in found.rounds] == [
        (1, dt.date(2023, 3, 31), "2023-q1.tsv", 5), (2, dt.date(2023, 6, 30), "2023-h1.tsv", 3),
        (3, dt.date(2023, 9, 30), "2023-q3.tsv", 4)]
    assert {r.plan for r in found.rounds} == {"青山县教育局2023年重点工作任务分工方案"}


def test_each_item_keeps_its_status_history(found):
    history = {h.place: h for h in found.items}
    assert list(history) == ["一、1.", "一、2.", "二、3.", "二、4.", "二、5."]  # the plan's order
    assert {p: h.statuses for p, h in history.items()} == {
        "一、1.": ("behind", "behind", "completed"),  # lagging twice, then completed
        "一、2.": ("on_track", "completed", None),
        "二、3.": ("on_track", None, "on_track"),  # 人事股 missed round 2
        "二、4.": ("on_track", None, "behind"),
        "二、5.": ("on_track", "on_track", "on_track"),
    }
    assert history["一、1."].changed == (False, False, True) and history["二、4."].changed == (False, False, True)
    assert [p for p, h in history.items() if h.lagging] == ["二、4."]  # 一、1. lags no more: it is completed
    assert history["二、3."].sources == ("2023-q1.tsv:5", None, "2023-q3.tsv:4")  # title, header, then the rows
    assert history["一、1."].offices == ("基础教育股",)  # the lead office answers for the report


def test_per_office_and_round_reported_missing_changed_and_lagging(found):
    by = {(o.office, o.round): o for o in found.offices}
    assert {o for o, _ in by} == {"基础教育股", "人事股", "教研室"}
    assert [(by["人事股", n].reported_items, by["人事股", n].missing) for n in (1, 2, 3)] == [
        (2, ()), (0, ("二、3.", "二、4.")), (2, ())]  # 漏报 in round 2
    assert by["基础教育股", 3].missing == ()  # 一、2. was reported completed in round 2: nothing to report
    assert [by["基础教育股", n].lagging for n in (1, 2, 3)] == [(("一、1.", 1),), (("一、1.", 2),), ()]
    assert by["基础教育股", 2].changed == ("一、2.",) and by["基础教育股", 3].changed == ("一、1.",)
    assert by["人事股", 3].lagging == (("二、4.", 1),)
    assert all(by["教研室", n].missing == () and not by["教研室", n].lagging for n in (1, 2, 3))


def test_the_latest_round_gives_the_lights(folder):
    G = to_networkx(read([folder]).whole())
    chased = {n.office: [(i.place, i.status, i.light) for i in n.items]
              for n in notices(G, as_of=dt.date(2023, 10, 8))}
    assert "基础教育股" not in chased  # 一、1. completed, 一、2. completed
    assert chased["人事股"] == [("二、3.", "on_track", "red"), ("二、4.", "behind", "red")]  # 3. is overdue


def test_progress_rounds_as_table_and_json(folder):
    runner = CliRunner()
    table = runner.invoke(cli, ["progress", str(folder), "--rounds", "--lang", "zh", "-q"])
    assert table.exit_code == 0, table.output
    assert "滞后 → 滞后 → 已完成" in table.output and "二、3.、二、4." in table.output
    assert "一、1.（连续 2 轮）" in table.output
    data = json.loads(runner.invoke(cli, ["progress", str(folder), "--rounds", "--format", "json", "-q"]).output)
    assert set(data) == {"rounds", "history", "offices"}
    first = data["history"][0]
    assert (first["place"], first["statuses"], first["changed"], first["lagging"]) == (
        "一、1.", ["behind", "behind", "completed"], [3], 0)
    missing = [(o["office"], o["round"], o["missing"]) for o in data["offices"] if o["missing"]]
    assert missing == [("人事股", 2, ["二、3.", "二、4."])]


def test_the_report_shows_the_history_and_who_did_not_report(folder, tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", str(folder), "--as-of", "2023-10-08", "-o", str(out), "--lang", "zh",
                                      "-q"])
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    assert "2023年3月31日 → 2023年6月30日 → 2023年9月30日" in page
    assert "滞后 → 滞后 → 已完成" in page and "序时推进 → — → 滞后" in page
    assert "漏报（1 处室·轮次）" in page and "二、3.、二、4." in page


def test_a_notice_says_for_how_many_rounds_an_item_has_lagged(tmp_path):
    import shutil

    from docx import Document

    for name in ("qingshan-2023-tasks.txt", "2023-q1.tsv", "2023-h1.tsv"):  # the first two rounds only
        shutil.copy(FOLDER / name, tmp_path)
    found = {n.office: n for n in notices(to_networkx(read([tmp_path]).whole()), as_of=dt.date(2023, 7, 5))}
    assert [(i.place, i.status, i.light, i.lagging) for i in found["基础教育股"].items] == [("一、1.", "behind", "red", 2)]
    out = tmp_path / "out"
    CliRunner().invoke(cli, ["notices", str(tmp_path), "--as-of", "2023-07-05", "--office", "基础教育股", "-o", str(out),
                             "--lang", "zh", "-q"])
    row = Document(str(out / "001_基础教育股_督办通知单.docx")).tables[0].rows[1]
    assert row.cells[6].text == "滞后\n（连续 2 轮）"
