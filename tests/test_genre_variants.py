"""Documents written for these tests in further variants of the genre, and their one-line crawls.

``tests/documents`` holds invented documents: a county 政府工作报告 分解方案 with labels no list
names (牵头县领导, 牵头责任单位, 主要协作单位, 项目责任人, 协办部门), a 民生实事 table, a
university 党委工作要点, a provincial 分工方案 with 省X厅牵头 and several statements per
paragraph, and a markdown pipe table. Each is also read as a crawl that lost its line breaks.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from dutygraph.importers.readers.encoding import decode
from dutygraph.importers.read import parse, read
from helpers import DOCUMENTS, doc, item, leaders, parties
from seeds import seed

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_county_report_tasks_with_unlisted_labels():
    plan, corpus = doc("county-report-tasks.txt")
    orgs = {o.id: o.name for o in corpus.organizations}
    assert plan.title == "2024年县政府工作报告重点工作任务分解方案" and plan.doc_number == "青政办发〔2024〕3号"
    assert [orgs[i] for i in plan.issuers] == ["青山县人民政府办公室"]
    one = item(plan, "1")
    assert parties(corpus, one) == [("县发展改革局", "lead", "office"), ("县统计局", "support", "office"), ("县财政局", "support", "office")]
    assert leaders(corpus, one) == ["王建国"]
    assert {l.name: l.title for l in corpus.leaders}["王建国"] == "副县长"  # 王建国副县长: a person and a post
    # 完成时限 dates the item's figures
    assert [(t.value, t.unit, t.deadline) for t in one.targets] == [(6, "%", dt.date(2024, 12, 31)), (8, "%", dt.date(2024, 12, 31))]
    three = item(plan, "3")
    assert leaders(corpus, three) == ["李文华"]  # 项目责任人 is a person
    assert parties(corpus, three) == [
        ("县投资促进中心", "lead", "office"), ("各乡镇人民政府", "support", "collective"), ("县经济开发区管委会", "support", "office"),
    ]
    assert parties(corpus, item(plan, "6"))[-1] == ("沿线各乡镇人民政府", "support", "collective")
    assert item(plan, "6").targets[0].deadline == dt.date(2024, 10, 31)


def test_livelihood_table_with_leaders_and_deadlines():
    plan, corpus = doc("livelihood-table.tsv")
    assert [i.ref for i in plan.items] == ["1", "2", "3", "4"]
    one = item(plan, "1")
    assert parties(corpus, one)[0] == ("县水利局", "lead", "office") and one.assignments[0].rule == "explicit"
    assert [(t.value, t.unit, t.deadline) for t in one.targets] == [(50000, "吨", dt.date(2024, 9, 30))]
    by_leader = {l.name: l.title for l in corpus.leaders}
    assert by_leader == {"王建国": "副县长", "赵明辉": "副县长", "孙丽娟": "副县长"}
    assert len({r.leader for i in plan.items for r in i.responsibilities}) == 3  # 赵明辉 twice is one person


def test_university_party_plan():
    plan, corpus = doc("university-party-plan.txt")
    orgs = {o.id: o.name for o in corpus.organizations}
    assert [orgs[i] for i in plan.issuers] == ["中共明州大学委员会"]
    assert [i.ref for i in plan.items] == ["一", "二", "三", "四", "五", "六", "七"]  # （三） runs on under 二、
    assert parties(corpus, item(plan, "二")) == [("党委宣传部", "lead", "office"), ("各学院", "support", "collective")]
    four = item(plan, "四")
    assert parties(corpus, four) == [("人事处", "lead", "office"), ("研究生院", "support", "office"), ("各学院", "support", "collective")]
    assert item(plan, "五").open_list
    assert [(a.surface, a.role, a.rule) for a in item(plan, "七").assignments] == [
        ("保卫处", "lead", "declared"), ("后勤管理处", "support", "declared"),  # 下同 holds on
    ]


def test_provincial_division_of_tasks():
    plan, corpus = doc("provincial-division.txt")
    assert plan.title == "明州省促进民营经济发展若干措施任务分工方案"
    assert [i.ref for i in plan.items] == ["一#1", "一#2", "二", "三", "四"]
    assert parties(corpus, item(plan, "一#1"))[0] == ("省市场监管局", "lead", "office")
    assert parties(corpus, item(plan, "二")) == [
        ("省工商联", "lead", "office"), ("省发展改革委", "support", "office"), ("工业和信息化厅", "support", "office"),
    ]
    assert parties(corpus, item(plan, "三")) == [
        ("人民银行明州省分行", "lead", "office"), ("省地方金融监管局", "support", "office"), ("各市人民政府", "support", "collective"),
    ]
    assert any(q.kind == "no_responsibility" for q in plan.quality)  # 三、组织实施 is prose


def test_markdown_pipe_table():
    plan, corpus = doc("markdown-pipes.md")
    assert [i.ref for i in plan.items] == ["1", "2", "3"]  # the |---| rule is no item
    assert leaders(corpus, item(plan, "1")) == ["王建国"]
    assert leaders(corpus, item(plan, "3")) == ["刘市长"]
    assert all(a.surface != "---" for i in plan.items for a in i.assignments)


def facts(text: str, name: str) -> list[tuple]:
    corpus = parse(text, source=name)
    names = {p.id: p.name for p in corpus.parties}
    return [
        (i.ref, i.title, tuple((names[a.party], a.role, a.rule) for a in i.assignments))
        for p in corpus.plans for i in p.items
    ]


CELLS_WITHOUT_SEPARATORS = {"local-targets-one-cell-per-paragraph.txt"}


def _variants():
    for path in sorted(DOCUMENTS.iterdir()):
        if path.is_file():  # the folders are sets of plans (tests/documents/chains*), read by their own tests
            yield pytest.param(path, id=path.name)
    for path in sorted(EXAMPLES.iterdir()):
        if path.suffix != ".tsv":  # a table with sections and page breaks on one line: see below
            yield pytest.param(path, id=f"examples/{path.name}")
    for prefix in ("000", "002", "003", "004"):
        yield pytest.param(prefix, id=f"seed {prefix}")


@pytest.mark.parametrize("source", list(_variants()))
@pytest.mark.parametrize("joint", ["", "\u3000\u3000", " "], ids=["glued", "ideographic-spaces", "spaces"])
def test_a_one_line_crawl_reads_as_its_original(source, joint):
    path = seed(source) if isinstance(source, str) else source
    if joint == "" and path.name in CELLS_WITHOUT_SEPARATORS:
        pytest.skip("a table one cell per paragraph, glued onto one line, keeps no boundary between its cells")
    text = decode(path.read_bytes(), path=str(path)).text
    one_line = joint.join(line.strip() for line in text.splitlines() if line.strip())
    original = facts(text, path.name)
    crawled = facts(one_line, path.name)
    assert [(ref, offices) for ref, _, offices in crawled] == [(ref, offices) for ref, _, offices in original]


def test_the_benchmark_corpus_reads_clean(tmp_path):
    """The synthetic corpus of every format (benchmarks/corpus.py) reads with no quality note."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        import corpus as synthetic
    finally:
        sys.path.pop(0)
    synthetic.write(tmp_path, scale=6, seed=11)
    plans = read([tmp_path]).plans
    assert len(plans) == 30
    assert all(len(p.items) == synthetic.ITEMS_PER_DOCUMENT and not p.quality for p in plans), [
        (p.source.name, [q.message for q in p.quality]) for p in plans if p.quality
    ]
    assert all(i.assignments for p in plans for i in p.items)


def test_a_leader_inside_a_trailer_and_a_responsibility_subject_column():
    corpus = parse("某县2024年民生实事\n1.新建公园2个。（分管领导：张三副县长；牵头单位：县住建局；配合单位：县财政局）\n")
    one = corpus.plans[0].items[0]
    assert [a.surface for a in one.assignments] == ["县住建局", "县财政局"]
    assert [(l.name, l.title) for l in corpus.leaders] == [("张三", "副县长")]
    table = parse("某县2024年民生实事项目表\n序号\t项目名称\t责任主体\t完成时限\n1\t新建公园2个\t县住建局\t2024年底\n")
    assert [a.surface for a in table.plans[0].items[0].assignments] == ["县住建局"]  # 责任主体 names parties


def test_a_bracket_after_a_name_says_its_role_and_a_name_twice_keeps_the_lead():
    corpus = parse("某市2024年工作要点\n1.推进甲。\n责任单位：市发展改革委（牵头）、市财政局\n"
                   "2.推进乙。（市教育局、市财政局按职责分工负责，市教育局牵头）\n"
                   "3.推进丙。责任单位：市财政局(牵头单位)，市教育局(配合)\n")
    got = [[(a.surface, a.role, a.rule) for a in i.assignments] for i in corpus.plans[0].items]
    assert got == [
        [("市发展改革委", "lead", "explicit"), ("市财政局", "support", "explicit")],
        [("市教育局", "lead", "explicit"), ("市财政局", "support", "explicit")],
        [("市财政局", "lead", "explicit"), ("市教育局", "support", "explicit")],
    ]


def test_a_statement_wrapped_over_lines():
    corpus = parse("某县2023年工作要点\n1.推进学前教育普及普惠。新建幼儿园5所。（学前教育科牵头，财务科、发展规划科\n配合）\n")
    one = corpus.plans[0].items[0]
    assert one.title == "推进学前教育普及普惠。"
    assert [(a.surface, a.role) for a in one.assignments] == [("学前教育科", "lead"), ("财务科", "support"), ("发展规划科", "support")]
