"""Status and progress (issue 13): statuses by stated rules, 来源 linked across documents, one
item listed in two sections counted once, completed items never overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from dutygraph.graph.convert import from_networkx, to_networkx
from dutygraph.importers.facts.progress import STATUS_RULES, references, status_of
from dutygraph.importers.read import read
from dutygraph.queries import progress as pq
from dutygraph.queries.targets import targets_by_deadline
from dutygraph.queries.workload import office_workload
from helpers import item
from hypothesis import given
from hypothesis import strategies as st

from dutygraph.cli import cli

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)

SOURCE = """青山市人民政府办公室关于印发2022年政府工作报告重点任务分工方案的通知
青政办发〔2022〕1号
1.新建公办幼儿园5所，2022年6月底前完成。（市教育局牵头，市财政局配合）
2.实施校园安全提升工程。（市教育局牵头，市公安局配合）
3.建成智慧教育平台。（市教育局牵头）
"""
REPORT = (
    "青山市教育局2022年1-6月重点任务进展情况\n"
    "序号\t来源\t工作内容\t责任单位\t进展情况\n"
    "1\t（青政办发〔2022〕1号）第1项\t新建公办幼儿园5所\t基础教育科\t已全部完成。\n"
    "2\t第2项\t实施校园安全提升工程\t安全科\t进度滞后，正在整改。\n"
    "3\t第9项\t开展教师培训\t人事科\t尚未启动。\n"
)


@pytest.mark.parametrize(
    ("text", "status", "rule", "evidence"),
    [
        ("无", "not_started", "nothing_reported", "无"),
        ("项目尚未启动，正在选址。", "not_started", "not_started_stated", "尚未启动"),
        ("受疫情影响，工程进度滞后。", "behind", "delay_stated", "滞后"),
        ("主体工程已完成，正在进行内部装修。", "on_track", "completion_with_work_left", "已完成…正在"),
        ("新建幼儿园5所已全部建成并投入使用。", "completed", "completion_stated", "已全部建成"),
        ("项目未完成验收。", "on_track", "work_reported", ""),
        ("召开推进会2次，督办县市区5个。", "on_track", "work_reported", ""),
    ],
)
def test_each_status_rule(text, status, rule, evidence):
    assert status_of(text) == (status, rule, evidence)


def test_every_rule_is_tested_and_named_for_people():
    from dutygraph.labels import STATUS_RULES as WORDS

    assert {r.name for r in STATUS_RULES} | {"corrected"} == set(WORDS)


@given(st.text(max_size=80))
def test_any_text_gets_one_of_the_four_statuses_or_none(text):
    status, rule, evidence = status_of(text)
    assert (status is None) == (not text.strip())
    assert status in (None, "completed", "on_track", "behind", "not_started")
    assert (rule is None) == (status is None)


def test_seed_001_statuses_rules_and_as_of_date(seed_plan):
    plan, _ = seed_plan("001")
    assert {p.as_of for i in plan.items for p in i.progress} == {dt.date(2021, 9, 30)}
    assert [i.status for i in plan.items] == ["on_track"] * 8
    two = item(plan, "2", section="重点工作")
    assert (two.progress[0].status_rule, two.progress[0].status_evidence) == ("completion_with_work_left", "已完成…准备")
    assert two.status_from == two.progress[0].id


def test_seed_001_sources_are_carried_down_and_unresolved_without_their_plan(seed_plan):
    plan, corpus = seed_plan("001")
    refs = [r for i in plan.items for r in i.reports_on]
    assert [(r.text, r.doc_number, r.item, r.carried) for r in refs[:3]] == [
        ("（十政办发〔2021〕1号）第12项", "十政办发〔2021〕1号", "12", False),
        ("第19项", "十政办发〔2021〕1号", "19", True),
        ("第59项", "十政办发〔2021〕1号", "59", True),
    ]
    loose = pq.references(to_networkx(corpus), unresolved=True)
    assert len(loose) == 8 and not any(r.resolved for r in loose)


def test_seed_001_the_same_source_in_two_sections_is_one_item(seed_plan):
    plan, corpus = seed_plan("001")
    first, again = item(plan, "7", section="重点工作"), item(plan, "1", section="重大工程")
    assert again.same_as == first.id and first.same_as is None
    [row] = [r for r in office_workload(to_networkx(corpus)) if r.office == "发展规划科"]
    assert (row.leads, row.supports) == (1, 1)  # 第118项 leads once, 第59项 supports


def test_carrying_starts_from_the_last_number_seen():
    found = references(["第3项", "（甲政发〔2020〕2号）第4项", "第5项", "（乙政发〔2021〕7号）", "第1项"], carried=None)
    assert [(r.doc_number, r.item, r.carried) for r in found] == [
        (None, "3", False), ("甲政发〔2020〕2号", "4", False), ("甲政发〔2020〕2号", "5", True),
        ("乙政发〔2021〕7号", None, False), ("乙政发〔2021〕7号", "1", True)]


def test_sources_link_to_the_plan_item_when_it_is_imported_too(tmp_path):
    (tmp_path / "plan.txt").write_text(SOURCE, "utf-8")
    (tmp_path / "report.tsv").write_text(REPORT, "utf-8")
    corpus = read([tmp_path])
    plan = next(p for p in corpus.plans if p.kind == "work_plan")
    report = next(p for p in corpus.plans if p.kind == "progress_report")
    assert plan.doc_number == "青政办发〔2022〕1号"
    assert [r.target for i in report.items for r in i.reports_on] == [plan.items[0].id, plan.items[1].id, None]
    assert [(i.status, i.status_from) for i in plan.items] == [
        ("completed", report.items[0].progress[0].id), ("behind", report.items[1].progress[0].id), (None, None)]
    G = to_networkx(corpus)
    assert from_networkx(G) == corpus
    assert [v for _, v, k in G.out_edges(report.items[0].id, keys=True) if k == "REPORTS_ON"] == [plan.items[0].id]
    [loose] = pq.references(G, unresolved=True)
    assert (loose.text, loose.doc_number, loose.item_number, loose.source) == ("第9项", "青政办发〔2022〕1号", "9", "report.tsv:5")
    statuses = {(r.plan, r.ref): r for r in pq.item_statuses(G)}
    assert statuses[("plan.txt", "1")].via == "1@report.tsv:3" and statuses[("plan.txt", "1")].as_of == dt.date(2022, 6, 30)
    # alone, the report's sources are unresolved
    alone = read([tmp_path / "report.tsv"])
    assert len(pq.references(to_networkx(alone), unresolved=True)) == 3


def test_a_completed_item_is_never_overdue(tmp_path):
    (tmp_path / "plan.txt").write_text(SOURCE, "utf-8")
    (tmp_path / "report.tsv").write_text(REPORT, "utf-8")
    G = to_networkx(read([tmp_path / "plan.txt", tmp_path / "report.tsv"]))
    rows = {(r.plan, r.text): r for r in targets_by_deadline(G, as_of=dt.date(2022, 8, 1))}
    done = rows[("plan.txt", "新建公办幼儿园5所")]
    assert (done.status, done.deadline, done.days, done.completed_by) == ("completed", dt.date(2022, 6, 30), -32, "report.tsv:3")
    G_plan = to_networkx(read([tmp_path / "plan.txt"]))  # without the report: overdue
    assert [r.status for r in targets_by_deadline(G_plan, as_of=dt.date(2022, 8, 1))] == ["overdue"]


def test_cli_progress(tmp_path):
    (tmp_path / "plan.txt").write_text(SOURCE, "utf-8")
    (tmp_path / "report.tsv").write_text(REPORT, "utf-8")
    out = CliRunner().invoke(cli, ["progress", str(tmp_path)])
    assert out.exit_code == 0, out.output
    assert "the text states completion" in out.output and "已全部完成" in out.output
    assert "unresolved sources" in out.output and "第9项" in out.output
    csv = CliRunner().invoke(cli, ["progress", str(tmp_path), "--show", "references", "--format", "csv"])
    assert csv.output.splitlines()[0] == "ref,plan,text,doc_number,item_number,carried,resolved,target,source"
