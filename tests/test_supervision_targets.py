"""Deadlines and targets as a supervisor reads them (issue 13): each fact on the seeds or on a
document written here."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from dutygraph.graph.convert import to_networkx
from dutygraph.graph.export import export_view
from dutygraph.importers.read import parse, read
from dutygraph.importers.facts.targets import find_targets
from dutygraph.queries.profiles import office_profiles
from dutygraph.queries.targets import targets_by_deadline
from dutygraph.viz.details import item_details
from dutygraph.viz.views import responsibility_view
from helpers import item
from hypothesis import given
from hypothesis import strategies as st

from dutygraph.cli import cli
from dutygraph.ontology.model import Schedule

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)

ROOT = Path(__file__).resolve().parents[1]
END_2020, END_2022 = dt.date(2020, 12, 31), dt.date(2022, 12, 31)


def targets_of(plan, ref: str, **where):
    return item(plan, ref, **where).targets


# --------------------------------------------------------------------------- implicit deadlines


def test_no_target_of_an_annual_seed_plan_is_left_without_a_deadline(seed_corpus):
    rows = targets_by_deadline(to_networkx(seed_corpus), as_of=dt.date(2022, 9, 30))
    assert rows and not [r for r in rows if r.status == "no_deadline"]
    by_plan: dict[str, set] = {}
    for r in rows:
        by_plan.setdefault(r.plan[:3], set()).add((r.rule, r.deadline))
    # 002 and 004 are 2022年工作要点, 003 a 2020年工作要点: undated targets are due at the year's end
    assert (("plan_year", END_2022)) in by_plan["002"] and (("plan_year", END_2022)) in by_plan["004"]
    assert {d for rule, d in by_plan["003"] if rule == "plan_year"} == {END_2020}
    assert {d for rule, d in by_plan["003"] if rule == "explicit"} == {END_2020}  # 2020年…, stated
    # 000 is the 2022 list: stated dates, and 通过三年努力 (three-year projects) due at the end of 2024
    assert {rule for rule, _ in by_plan["000"]} == {"explicit", "horizon"}
    assert {d for rule, d in by_plan["000"] if rule == "horizon"} == {dt.date(2024, 12, 31)}


def test_stated_and_inferred_deadlines_are_told_apart(seed_plan):
    plan, _ = seed_plan("002")
    three = targets_of(plan, "3")
    assert {(t.deadline, t.deadline_rule) for t in three} == {(END_2022, "plan_year")}
    plan, _ = seed_plan("003")
    assert [(t.deadline, t.deadline_rule) for t in targets_of(plan, "17")] == [(END_2020, "explicit")]


@pytest.mark.parametrize("title", ["青山市教育事业发展“十四五”规划", "青山市教育三年行动计划（2023-2025年）", "青山市教育工作要点"])
def test_plans_of_several_years_or_none_imply_no_deadline(title):
    corpus = parse(f"{title}\n1.新建幼儿园3所。（学前科牵头）\n")
    [target] = corpus.plans[0].items[0].targets
    assert (target.deadline, target.deadline_rule) == (None, None)


def test_a_programme_name_is_no_horizon_of_the_clauses_after_it(seed_plan):
    # 推进…第二轮三年行动,评选…250名: the 250 are this year's, due with the plan
    plan, _ = seed_plan("004")
    [t] = [t for i in plan.items for t in i.targets if t.value == 250]
    assert (t.horizon, t.deadline, t.deadline_rule) == (None, END_2022, "plan_year")


# --------------------------------------------------------------------------- milestones


def test_milestones_without_a_number():
    found = find_targets("2024年6月底前完成项目储备，9月底前完成招标。", year=2024)
    assert [(m.text, m.value, m.deadline) for m in found] == [
        ("2024年6月底前完成项目储备", None, dt.date(2024, 6, 30)),
        ("9月底前完成招标", None, dt.date(2024, 9, 30)),
    ]
    # in a plan: a target with no value, with its date
    corpus = read([ROOT / "examples" / "qingshan-2024-work-plan.txt"])
    eight = item(corpus.plans[0], "8")
    assert [(t.value, t.deadline) for t in eight.targets] == [(80, dt.date(2024, 12, 31)), (None, dt.date(2024, 6, 30))]
    assert eight.targets[1].text == "2024年6月底前完成全部学校消防检查"


def test_a_deadline_column_alone_makes_the_row_a_milestone_of_its_title():
    plan = read([ROOT / "tests" / "documents" / "markdown-pipes.md"]).plans[0]
    [t] = item(plan, "2").targets
    assert (t.text, t.value, t.deadline, t.deadline_rule) == ("组织教师全员培训", None, dt.date(2024, 12, 31), "explicit")


# --------------------------------------------------------------------------- schedules


def test_recurring_deadlines_are_schedules_not_targets_with_their_text():
    plan = read([ROOT / "tests" / "documents" / "markdown-pipes.md"]).plans[0]
    [t] = item(plan, "3").targets
    assert t.text == "开展校园食品安全专项检查" and t.text != "每季度"
    assert (t.deadline, t.schedule.period) == (None, "quarter")
    rows = targets_by_deadline(to_networkx(read([ROOT / "tests" / "documents" / "markdown-pipes.md"])),
                               as_of=dt.date(2024, 6, 10))
    [row] = [r for r in rows if r.ref == "3"]
    assert (row.deadline, row.rule, row.status) == (dt.date(2024, 6, 30), "schedule", "upcoming")


def test_recurring_figures_keep_their_period():
    plan = read([ROOT / "tests" / "documents" / "university-party-plan.txt"]).plans[0]
    [t] = item(plan, "二").targets
    assert (t.value, t.unit, t.schedule.period, t.deadline) == (1, "次", "half_year", None)


@pytest.mark.parametrize(
    ("text", "period", "month", "day", "on", "due"),
    [
        ("每季度", "quarter", None, None, dt.date(2022, 5, 1), dt.date(2022, 6, 30)),
        ("每季度最后一个月30日前", "quarter", -1, 30, dt.date(2022, 7, 1), dt.date(2022, 9, 30)),
        ("每季度末月20日前", "quarter", -1, 20, dt.date(2022, 9, 21), dt.date(2022, 12, 20)),
        ("每月25日前", "month", None, 25, dt.date(2022, 2, 26), dt.date(2022, 3, 25)),
        ("每半年", "half_year", None, None, dt.date(2022, 7, 1), dt.date(2022, 12, 31)),
    ],
)
def test_schedule_phrases(text, period, month, day, on, due):
    [m] = find_targets(f"{text}报送工作进展情况。", year=2022)
    schedule = m.facts.schedule
    assert (schedule.period, schedule.month, schedule.day) == (period, month, day)
    assert schedule.next_due(on) == due and m.value is None and m.deadline is None


@given(st.sampled_from(["month", "quarter", "half_year", "year", "week"]),
       st.one_of(st.none(), st.integers(1, 31)), st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 1)))
def test_a_schedule_is_always_due_on_or_after_the_day_and_within_its_period(period, day, on):
    schedule = Schedule.of(period, day=day)
    due = schedule.next_due(on)
    assert on <= due <= on + dt.timedelta(days={"week": 6, "month": 31, "quarter": 92, "half_year": 184, "year": 366}[period])


# --------------------------------------------------------------------------- two figures, parts, 分别


def test_two_figures_in_one_clause(seed_plan):
    plan, _ = seed_plan("002")
    assert [(t.metric, t.value, t.unit) for t in targets_of(plan, "12")[:2]] == [
        ("新增市级校企合作共同体", 3, "个"), ("新增示范性实训基地", 3, "个")]
    assert [(t.metric, t.value, t.unit) for t in targets_of(plan, "25")[1:3]] == [
        ("创建第二批市级劳动教育示范学校", 50, "所"), ("劳动实践教育基地", 10, "个")]


def test_a_part_and_its_whole_are_both_kept(seed_plan):
    plan, _ = seed_plan("002")
    targets = {t.text: t for t in targets_of(plan, "27")}
    whole, part = targets["新改扩建193所"], targets["幼儿园70所"]
    assert (whole.value, whole.unit, whole.share, whole.part_of) == (193, "所", "whole", None)
    assert (part.value, part.unit, part.metric, part.share, part.part_of) == (70, "所", "幼儿园", "part", whole.id)
    assert [targets[t].part_of for t in ("小学72所", "初中26所", "高中11所", "中职14所")] == [whole.id] * 4
    assert targets["新增中小学幼儿园230所(新改扩建193所、民办幼儿园转普惠性幼儿园37所)"].share is None


def test_respectively_binds_each_figure_to_its_own_metric(seed_plan):
    plan, _ = seed_plan("004")
    clean = [t for t in targets_of(plan, "4", section="党") if t.unit == "%"]
    assert [(t.metric, t.value, t.comparator) for t in clean] == [
        ("“清廉学校”引领型比例", 15, "≈"), ("规范型及以上比例", 50, "≈"), ("提升型及以上比例", 70, "≈")]
    found = find_targets("督促各地在2020年底前,专职保安员配备率、视频监控达标率分别达到100%。")
    assert [(m.metric, m.value, m.deadline) for m in found] == [
        ("专职保安员配备率", 100, END_2020), ("视频监控达标率", 100, END_2020)]


def test_approximate_values_keep_their_comparator(seed_plan):
    plan, _ = seed_plan("000")
    assert [(t.value, t.comparator) for t in targets_of(plan, "项目五") if t.value] == [(1000, "≈"), (10000, "≈")]
    [m] = find_targets("全市生产总值增长5.5%左右。")
    assert (m.value, m.unit, m.comparator) == (5.5, "%", "≈")


def test_descriptions_and_conditions_are_not_targets(seed_plan):
    plan, _ = seed_plan("004")
    texts = [t.text for i in plan.items for t in i.targets]
    assert not [t for t in texts if "5个山区县" in t or "随班就读" in t]  # 尤其是… and 对…的 name addressees
    # the figures beside them still count
    assert "加快3所特殊教育学校建设" in texts and "打造2-3个县级示范" in texts
    assert find_targets("特别是3所薄弱学校要加快改造。") == []
    assert find_targets("面向10个乡镇的巡回指导要常态化。") == []
    assert [m.value for m in find_targets("针对20所学校开展督导。")] == [20]  # no 的: the work's own count


# --------------------------------------------------------------------------- sub-measures


def test_sub_measures_keep_their_own_ref_in_every_view():
    corpus = read([ROOT / "examples" / "qingshan-2024-work-plan.txt"])
    G = to_networkx(corpus)
    rows = targets_by_deadline(G, as_of=dt.date(2024, 9, 1))
    assert {r.ref for r in rows if r.text in ("新增教育集团5个", "每学期组织联片教研不少于4次")} == {"2.1", "2.2"}
    refs = [i.ref for i in export_view(corpus).plans[0].items]
    assert refs[:4] == ["1", "2", "2.1", "2.2"]
    sub = next(i.id for i in corpus.plans[0].items if i.parent and i.ref == "1")
    assert item_details(G, sub)[0]["heading"] == "item 2.1"
    assert responsibility_view(G).graph.nodes[sub]["label"].startswith("2.1 ")
    [profile] = office_profiles(G, "督导科")
    assert [t.ref for t in profile.targets] == ["2", "2", "2.1", "2.2"]


def test_cli_targets_shows_rules_and_tiers(tmp_path):
    runner = CliRunner()
    out = runner.invoke(cli, ["targets", str(ROOT / "examples"), "--as-of", "2024-06-25", "--show", "deadline",
                              "--format", "json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)["deadline"]
    assert {r["status"] for r in rows} <= {"overdue", "due", "upcoming", "later", "completed"}
    assert {r["rule"] for r in rows} == {"explicit", "plan_year", "horizon"}
    table = runner.invoke(cli, ["targets", str(ROOT / "examples"), "--as-of", "2024-06-25", "--warn-days", "3",
                                "--notice-days", "10", "--show", "deadline"])
    assert "due: within 3 days, upcoming: within 10" in table.output and "on schedule" in table.output
