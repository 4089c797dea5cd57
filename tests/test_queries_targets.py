"""Targets by deadline and office, items without a target or a lead, and the profiles."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from dutygraph.graph.convert import to_networkx
from dutygraph.importers.reading import parse
from dutygraph.queries.profiles import leader_profiles, office_profiles
from dutygraph.queries.targets import (
    items_without_lead,
    items_without_targets,
    status_of,
    targets_by_deadline,
    targets_by_office,
)
from helpers import item

from dutygraph.cli import cli
from dutygraph.errors import UsageError

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)

PLAN = """某县教育局2023年工作要点
1.新建幼儿园3所，2023年3月底前完成。（基建科牵头，财务科配合）
2.2023年6月底前培训教师500人次。（人事科牵头，教研室配合）
3.2023年底前建成智慧校园10所。（教研室负责）
4.开展教研活动。（教研室、财务科负责）
5.力争普惠性幼儿园覆盖率达到90%。（相关科室负责）
"""


def test_tiers_on_the_boundaries():
    as_of = dt.date(2023, 6, 1)
    assert status_of(dt.date(2023, 5, 31), as_of) == ("overdue", -1)
    assert status_of(as_of, as_of) == ("due", 0)
    assert status_of(dt.date(2023, 6, 8), as_of) == ("due", 7)  # --warn-days 7, both ends included
    assert status_of(dt.date(2023, 6, 9), as_of) == ("upcoming", 8)
    assert status_of(dt.date(2023, 7, 1), as_of) == ("upcoming", 30)  # --notice-days 30
    assert status_of(dt.date(2023, 7, 2), as_of) == ("later", 31)
    assert status_of(None, as_of) == ("no_deadline", None)
    # the thresholds are options
    assert status_of(dt.date(2023, 6, 9), as_of, 10, 20) == ("due", 8)
    assert status_of(dt.date(2023, 6, 30), as_of, 10, 20) == ("later", 29)
    # a completed item is never overdue
    assert status_of(dt.date(2023, 5, 31), as_of, completed=True) == ("completed", -1)
    assert status_of(None, as_of, completed=True) == ("completed", None)


def test_targets_by_deadline_and_office():
    G = to_networkx(parse(PLAN))
    rows = targets_by_deadline(G, as_of=dt.date(2023, 6, 1), warn_days=7, notice_days=30)
    assert [(r.ref, r.status, r.deadline, r.rule, r.value, r.unit) for r in rows] == [
        ("1", "overdue", dt.date(2023, 3, 31), "explicit", 3, "所"),
        ("2", "upcoming", dt.date(2023, 6, 30), "explicit", 500, "人次"),
        ("3", "later", dt.date(2023, 12, 31), "explicit", 10, "所"),
        # an item of an annual plan (2023年工作要点) with no date: due at the end of 2023, inferred
        ("5", "later", dt.date(2023, 12, 31), "plan_year", 90, "%"),
    ]
    assert rows[0].leads == ("基建科",) and rows[0].supports == ("财务科",) and rows[0].source == "<text>:2"
    assert rows[3].leads == () and rows[3].supports == ()  # only a collective is named
    per_office = {r.office: (r.targets, r.overdue, r.due, r.upcoming, r.later, r.completed, r.no_deadline, r.items)
                  for r in targets_by_office(G, as_of=dt.date(2023, 6, 1))}
    assert per_office["教研室"] == (2, 0, 0, 1, 1, 0, 0, ("2@<text>:3", "3@<text>:4"))
    assert per_office["财务科"] == (1, 1, 0, 0, 0, 0, 0, ("1@<text>:2",))
    assert "相关科室" not in per_office


def test_items_without_targets_or_lead():
    G = to_networkx(parse(PLAN))
    assert [(r.ref, r.offices) for r in items_without_targets(G)] == [("4", ("教研室", "财务科"))]
    # item 4 names two offices with 负责 (both lead); item 5 only a collective
    assert [(r.ref, r.offices, r.source) for r in items_without_lead(G)] == [("5", (), "<text>:6")]


def test_seed_003_deadlines(seed_plan):
    plan, corpus = seed_plan("003")
    G = to_networkx(corpus)
    after = targets_by_deadline(G, as_of=dt.date(2021, 1, 1))
    dated = [r for r in after if r.rule == "explicit"]
    assert dated and all(r.status == "overdue" and r.deadline == dt.date(2020, 12, 31) for r in dated)
    assert {r.ref for r in dated} == {"15", "16", "17"}
    # every other target of the 2020 plan is due at the end of 2020 too, as inferred
    assert {(r.deadline, r.rule) for r in after if r not in dated} == {(dt.date(2020, 12, 31), "plan_year")}
    before = targets_by_deadline(G, as_of=dt.date(2020, 12, 1), notice_days=30)
    assert {r.status for r in before if r.deadline} == {"upcoming"}
    assert all(r.days == 30 for r in before if r.deadline)
    fifteen = item(plan, "15")
    lines = {int(r.source.rpartition(":")[2]) for r in dated if r.ref == "15"}
    assert lines and all(fifteen.span.line <= n <= fifteen.span.end_line for n in lines)


def test_seed_004_has_no_lead_anywhere(seed_plan):
    plan, corpus = seed_plan("004")
    G = to_networkx(corpus)
    assert len(items_without_lead(G)) == len([i for i in plan.items if i.parent is None])


def test_seed_000_every_project_has_a_lead_and_targets(seed_plan):
    _, corpus = seed_plan("000")
    G = to_networkx(corpus)
    assert items_without_lead(G) == [] and items_without_targets(G) == []


def test_office_profile_seed_000(seed_plan):
    _, corpus = seed_plan("000")
    [p] = office_profiles(to_networkx(corpus), "财务处")
    assert [(i.ref, i.role) for i in p.items] == [
        ("项目一", "support"), ("项目二", "support"), ("项目三", "support"), ("项目五", "support"),
        ("项目六", "lead"), ("项目九", "support")]
    assert (p.leads, p.supports) == (1, 5)
    partner = {x.office: x for x in p.partners}["基础教育处"]
    assert partner.shared == 3
    assert [ref.partition("@")[0] for ref in partner.items] == ["项目一", "项目二", "项目六"]
    assert partner.leads_it == 2 and partner.led_by_it == 1  # it leads 一 and 二, 财务处 leads 六
    assert "邓立红" in p.leaders and all(t.source.startswith("000_") for t in p.targets)


def test_office_found_by_abbreviation_and_unknown_names(seed_plan):
    _, corpus = seed_plan("003")
    G = to_networkx(corpus)
    [p] = office_profiles(G, "基教处")
    assert p.office == "基础教育处" and "基教处" in p.written_as
    with pytest.raises(UsageError, match="did you mean: .*基础教育处"):
        office_profiles(G, "基础教育")
    with pytest.raises(UsageError, match="no leader named"):
        leader_profiles(G, "王五")


def test_leader_profile_seed_000(seed_plan):
    _, corpus = seed_plan("000")
    [p] = leader_profiles(to_networkx(corpus), "邓立红")
    assert [(i.ref, i.role) for i in p.items] == [("项目二", "item")]
    assert p.offices == (("基础教育处", 1, 0), ("财务处", 0, 1))
    assert [t.deadline for t in p.targets][:2] == ["2022-12-31", "2022-12-31"]


def test_leader_of_a_section():
    md = ("# 2023年某省教育厅重点实事项目清单\n## 一、学前教育\n分管领导：张三\n"
          "### 项目一：甲\n**效果清单：**①新建学校10所\n**承办单位：**基础教育处、财务处\n"
          "### 项目二：乙\n**承办单位：**财务处\n")
    [p] = leader_profiles(to_networkx(parse(md)), "张三")
    assert [(i.ref, i.role) for i in p.items] == [("项目一", "section"), ("项目二", "section")]
    assert p.items[0].sources == ("<text>:3",)


def test_cli_targets_office_leader(tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text(PLAN, "utf-8")
    runner = CliRunner()
    out = runner.invoke(cli, ["targets", str(doc), "--as-of", "2023-06-01"])
    assert out.exit_code == 0, out.output
    assert "overdue 1, due 0, upcoming 1, on schedule 2, completed 0, no deadline 0" in out.output
    assert "items without a lead office" in out.output and "plan.txt:6" in out.output
    data = json.loads(runner.invoke(cli, ["targets", str(doc), "--as-of", "2023-06-01", "--format", "json"]).output)
    assert set(data) == {"deadline", "office", "no-target", "no-lead"}
    assert data["deadline"][0]["deadline"] == "2023-03-31"
    csv = runner.invoke(cli, ["targets", str(doc), "--as-of", "2023-06-01", "--format", "csv", "--show", "office"])
    assert csv.output.splitlines()[0].startswith("office,issuer,targets,overdue,due,upcoming,later,completed,no_deadline")
    prof = runner.invoke(cli, ["office", "教研室", str(doc)])
    assert prof.exit_code == 0 and "partners" in prof.output and "plan.txt:4" in prof.output
    missing = runner.invoke(cli, ["office", "教务科", str(doc)], standalone_mode=False)
    assert isinstance(missing.exception, UsageError)
