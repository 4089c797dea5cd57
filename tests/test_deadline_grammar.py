"""The deadline and target grammar of issue 20: each deadline phrase class on invented sentences
and plan years, policy parameters, milestones, untitled items, and whole invented documents."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dutygraph.importers.facts.clauses import clauses
from dutygraph.importers.facts.dates import DATE_RULES, deadlines
from dutygraph.importers.facts.horizons import horizon_starts
from dutygraph.importers.read import parse
from dutygraph.importers.facts.targets import find_targets, parse_target
from dutygraph.ontology.model import Target


def due(text: str, year: int | None) -> tuple[dt.date | None, str | None]:
    """The first deadline of ``text`` in a plan of ``year``, and its rule."""
    facts = parse_target(text, year=year)
    return facts.deadline, facts.deadline_rule


def d(y: int, m: int, day: int) -> dt.date:
    return dt.date(y, m, day)


# --------------------------------------------------------------------------- phrase classes


@pytest.mark.parametrize("word", ["今年", "本年", "本年度", "当年"])
@pytest.mark.parametrize(("year", "month", "end"), [(2024, 10, 31), (2023, 2, 28), (2024, 2, 29), (2019, 6, 30)])
def test_this_year_and_a_month_end_resolve_against_the_plan_year(word, year, month, end):
    assert due(f"{word}{month}月底前完成验收工作", year) == (d(year, month, end), "relative")
    assert due(f"确保{word}{month}月末前建成", year) == (d(year, month, end), "relative")


@pytest.mark.parametrize(
    ("text", "year", "deadline"),
    [
        ("年内完成改造", 2024, d(2024, 12, 31)),
        ("争取年底前投入使用", 2021, d(2021, 12, 31)),
        ("今年建成示范点", 2023, d(2023, 12, 31)),
        ("明年6月底前完成", 2023, d(2024, 6, 30)),
        ("次年3月底前完成", 2023, d(2024, 3, 31)),
    ],
)
def test_within_the_year(text, year, deadline):
    assert due(text, year) == (deadline, "relative")


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("第一季度末前完成摸底", d(2024, 3, 31)),
        ("一季度完成摸底", d(2024, 3, 31)),
        ("第二季度末完成招标", d(2024, 6, 30)),
        ("三季度完成验收", d(2024, 9, 30)),
        ("第四季度前完成整改", d(2024, 12, 31)),
        ("第3季度末前完成", d(2024, 9, 30)),
    ],
)
def test_quarters_end_on_their_last_day(text, deadline):
    assert due(text, 2024) == (deadline, "relative")


def test_a_quarter_with_its_year_is_stated_and_not_the_year_end():
    assert due("2024年第三季度末前完成平台升级", 2024) == (d(2024, 9, 30), "explicit")
    assert due("2025年一季度完成", 2024) == (d(2025, 3, 31), "explicit")
    assert due("今年第三季度末前完成", 2024) == (d(2024, 9, 30), "relative")


@pytest.mark.parametrize(
    ("text", "deadline"),
    [("上半年完成编制", d(2022, 6, 30)), ("下半年开工建设", d(2022, 12, 31)), ("今年上半年完成", d(2022, 6, 30))],
)
def test_halves(text, deadline):
    assert due(text, 2022) == (deadline, "relative")


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("10月上旬完成报名", d(2024, 10, 10)),
        ("10月中旬前完成年度考核", d(2024, 10, 20)),
        ("2月下旬完成", d(2024, 2, 29)),
        ("11月底前出台办法", d(2024, 11, 30)),
        ("11月末完成", d(2024, 11, 30)),
        ("九月底前完成", d(2024, 9, 30)),
        ("十二月底前完成", d(2024, 12, 31)),
        ("9月投入使用", d(2024, 9, 30)),
        ("6月15日前报送", d(2024, 6, 15)),
    ],
)
def test_parts_of_a_month(text, deadline):
    assert due(text, 2024) == (deadline, "relative")


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("秋季学期开学前完成校舍维修", d(2024, 8, 31)),
        ("秋季开学前投入使用", d(2024, 8, 31)),
        ("春季开学前完成排查", d(2024, 2, 29)),
        ("春季学期末完成评估", d(2024, 7, 31)),
        ("秋季学期结束前完成", d(2025, 1, 31)),
        ("2023年秋季学期开学前完成", d(2023, 8, 31)),
    ],
)
def test_school_terms_by_the_stated_convention(text, deadline):
    facts = parse_target(text, year=2024)
    assert (facts.deadline, facts.deadline_rule) == (deadline, "school_term")
    assert facts.doubt and "school_term" in DATE_RULES


@pytest.mark.parametrize(
    "text", ["今年以来完成项目", "上半年以来新增学位", "一季度一通报", "推动2020年秋季入学的高一学生实施新课程", "秋季学期起实施"]
)
def test_times_that_are_not_deadlines(text):
    assert due(text, 2020) == (None, None)


def test_without_the_plan_year_a_relative_phrase_dates_nothing():
    for text in ("今年10月底前完成", "年内完成", "第三季度末前完成", "上半年完成", "秋季开学前完成"):
        assert due(text, None) == (None, None)


def test_the_end_of_a_range_is_due():
    assert due("于6月下旬至7月中旬做好招生录取", 2024) == (d(2024, 7, 20), "relative")
    assert due("2024年6月至9月开展专项整治", 2023) == (d(2024, 9, 30), "explicit")


def test_a_month_after_a_stated_date_in_its_sentence_takes_that_year():
    found = find_targets("2025年6月底前完成方案，9月底前完成招标。", year=2024)
    assert [(m.deadline, m.facts.deadline_rule) for m in found] == [(d(2025, 6, 30), "explicit"), (d(2025, 9, 30), "explicit")]
    later = find_targets("2024年11月底前完成设计，3月底前完成验收。", year=2024)
    assert [m.deadline for m in later] == [d(2024, 11, 30), d(2025, 3, 31)]


def test_an_explicit_date_beats_the_plan_year():
    assert due("2025年6月底前完成迁移", 2024) == (d(2025, 6, 30), "explicit")
    text = "今年10月底前完成储备库更新"
    [phrase] = deadlines(text, clauses(text), 2024)
    assert (phrase.date, text[phrase.start : phrase.end]) == (d(2024, 10, 31), "今年10月底前")


def test_a_deadline_column_beats_a_vague_year_end_in_the_task():
    corpus = parse("青山市教育局2024年重点任务清单\n序号\t工作任务\t责任单位\t完成时限\n"
                   "1\t年内完成校园安全排查\t安全科\t2024年9月底前\n"
                   "2\t完成教师培训\t人事科\t今年10月底前\n")
    rows = [[(t.deadline, t.deadline_rule) for t in i.targets] for i in corpus.plans[0].items]
    assert rows == [[(d(2024, 9, 30), "explicit")], [(d(2024, 10, 31), "relative")]]


# --------------------------------------------------------------------------- periods of years


@pytest.mark.parametrize(
    ("text", "title", "starts"),
    [
        ("自2012年起，力争用5年时间基本普及学前教育。", "", {5: 2012}),
        ("从2020年开始，通过三年努力，消除大班额。", "", {3: 2020}),
        ("5年内（2012-2016年）新建幼儿园20所。", "", {5: 2012}),
        ("三年内完成。", "青山市教育三年行动计划（2021-2023年）", {3: 2021}),
        ("三年内完成。", "", {}),
        ("自2012年起五年内完成。自2014年起五年内完成。", "", {}),  # two starts: none is taken
    ],
)
def test_the_year_a_period_counts_from(text, title, starts):
    assert horizon_starts(text, title) == starts


def test_n_years_count_from_the_year_the_text_states():
    corpus = parse("青山市学前教育发展规划\n\n自2012年起，用5年时间基本普及学前教育。\n"
                   "1.力争5年内新建公办幼儿园20所。（牵头单位：基教科）\n")
    [t] = corpus.plans[0].items[0].targets
    assert (t.value, t.deadline, t.deadline_rule, t.doubt) == (20, d(2016, 12, 31), "horizon", None)


def test_n_years_count_from_the_plan_year_with_a_doubt_and_never_from_nothing():
    counted = parse("青山市学前教育发展规划\n青教发〔2021〕3号\n1.通过三年努力，补充幼儿教师500名。（牵头单位：人事科）\n")
    [t] = counted.plans[0].items[0].targets
    assert (t.deadline, t.deadline_rule) == (d(2023, 12, 31), "horizon") and t.doubt and "2021" in t.doubt
    unknown = parse("青山市学前教育发展规划\n\n1.力争5年内新建公办幼儿园20所。（牵头单位：基教科）\n")
    [t] = unknown.plans[0].items[0].targets
    assert (t.deadline, t.deadline_rule) == (None, None)
    assert [q.kind for q in unknown.plans[0].quality if q.kind == "undated_horizon"] == ["undated_horizon"]


# --------------------------------------------------------------------------- policy parameters


@pytest.mark.parametrize(
    "text",
    [
        "对不裁员的参保企业，按6个月的当地月人均失业保险金返还失业保险费。",
        "稳岗返还比例提高至60%。",
        "补贴标准为每人每月200元。",
        "创业担保贷款额度最高30万元。",
        "按每人1000元的标准给予一次性补贴。",
        "生均公用经费补助标准提高到每生每年800元。",
    ],
)
def test_policy_parameters_are_not_targets(text):
    assert find_targets(text, year=2024) == []


@pytest.mark.parametrize(("text", "value"), [("发放创业担保贷款1亿元。", 1e8), ("每年投入资金1000万元。", 1e7),
                                             ("大班额比例控制在5%以内。", 5)])
def test_amounts_and_shares_that_are_commitments_still_count(text, value):
    assert [m.value for m in find_targets(text, year=2024)] == [value]


# --------------------------------------------------------------------------- milestones and titles


def test_clauses_sharing_an_opening_date_are_one_milestone():
    text = "2024年底前，完成调查方案制定，推进监测点建设，开展专项检查，落实听证制度，健全监审机制，组织业务培训，建立工作台账。"
    [m] = find_targets(text, year=2024)
    assert (m.value, m.deadline) == (None, d(2024, 12, 31))
    assert m.text.startswith("完成调查方案制定") and m.text.endswith("建立工作台账")


def test_a_sentence_splits_into_milestones_where_each_part_has_its_own_verb_and_date():
    found = find_targets("计划3月底前完成方案，6月底前完成招标，9月底前开工建设，12月底前完工。", year=2024)
    assert [(m.text, m.deadline) for m in found] == [
        ("计划3月底前完成方案", d(2024, 3, 31)), ("6月底前完成招标", d(2024, 6, 30)),
        ("9月底前开工建设", d(2024, 9, 30)), ("12月底前完工", d(2024, 12, 31)),
    ]


def test_no_item_has_an_empty_title():
    corpus = parse("青山市发展改革局2024年重点工作\n1.年内建成信用平台。（牵头单位：信用科）\n2.\n牵头单位：办公室\n完成时限：2024年11月底前\n")
    plan = corpus.plans[0]
    assert all(i.title for i in plan.items)
    [note] = [q for q in plan.quality if q.kind == "untitled_item"]
    assert note.message.startswith("item 2 has no title")


# --------------------------------------------------------------------------- a whole invented plan

PLAN_2024 = """青山市发展改革局2024年重点工作任务分解

一、重点任务
1.今年10月底前完成全市重点项目储备库更新。（牵头单位：规划科）
2.2024年第三季度末前完成价格监测平台升级。（牵头单位：价格科）
3.于9月底前出台社区养老服务扶持办法。（牵头单位：社会科）
4.上半年完成年度投资计划编制。（牵头单位：投资科）
5.年内建成公共信用信息平台二期。（牵头单位：信用科）
6.对不裁员或少裁员的参保企业，按6个月的当地月人均失业保险金返还失业保险费，补贴标准为每人每月200元。（牵头单位：就业科）
7.2024年底前，完成物价调查方案制定，推进价格监测点建设，开展收费专项检查，落实价格听证制度，健全成本监审机制，组织业务培训，建立工作台账。（牵头单位：价格科）
8.计划3月底前完成方案，6月底前完成招标，9月底前开工建设，12月底前完工。（牵头单位：投资科）
9.力争5年内新建社区养老服务中心10个。（牵头单位：社会科）
"""


def test_a_2024_plan_end_to_end():
    plan = parse(PLAN_2024 + "\n自2022年起，用5年时间建成养老服务网络。\n").plans[0]
    got = {i.ref: [(t.value, t.deadline, t.deadline_rule) for t in i.targets] for i in plan.items}
    assert got["1"] == [(None, d(2024, 10, 31), "relative")]
    assert got["2"] == [(None, d(2024, 9, 30), "explicit")]
    assert got["3"] == [(None, d(2024, 9, 30), "relative")]
    assert got["4"] == [(None, d(2024, 6, 30), "relative")]
    assert got["5"] == [(None, d(2024, 12, 31), "relative")]
    assert got["6"] == []  # a refund formula and a subsidy standard: no targets
    assert got["7"] == [(None, d(2024, 12, 31), "explicit")]  # one milestone, not seven
    assert [dl for _, dl, _ in got["8"]] == [d(2024, 3, 31), d(2024, 6, 30), d(2024, 9, 30), d(2024, 12, 31)]
    assert got["9"] == [(10, d(2026, 12, 31), "horizon")]  # five years from the stated 2022
    assert all(i.title for i in plan.items)


def test_rule_and_doubt_survive_the_json_round_trip():
    text = "青山市教育局2024年工作要点\n1.秋季开学前完成校舍维修。（牵头单位：基建科）\n"
    [t] = parse(text).plans[0].items[0].targets
    again = Target.model_validate_json(t.model_dump_json())
    assert (again.deadline_rule, again.doubt) == ("school_term", t.doubt) and t.doubt


# --------------------------------------------------------------------------- properties

_WORDS = st.sampled_from(["", "今年", "本年", "当年", "确保", "力争今年", "于"])
_MONTHS = st.integers(1, 12)
_MONTH_TAILS = st.sampled_from(["月底前", "月末前", "月底", "月上旬", "月中旬", "月下旬", "月中旬前"])
_QUARTERS = st.sampled_from(["第一季度", "第二季度末", "三季度", "第四季度末前", "一季度", "第2季度"])
_HALVES = st.sampled_from(["上半年", "下半年"])


@st.composite
def year_parts(draw) -> str:
    kind = draw(st.sampled_from(["month", "quarter", "half"]))
    if kind == "month":
        return f"{draw(_MONTHS)}{draw(_MONTH_TAILS)}"
    return draw(_QUARTERS if kind == "quarter" else _HALVES)


@given(_WORDS, year_parts(), st.integers(1990, 2060))
def test_any_part_of_the_plan_year_resolves_within_that_year(word, part, year):
    text = f"{word}{part}完成项目验收。"
    [phrase] = deadlines(text, clauses(text), year)
    assert phrase.date is not None and dt.date(year, 1, 1) <= phrase.date <= dt.date(year, 12, 31)
    assert phrase.rule == "relative" and phrase.due


@given(year_parts(), st.integers(1990, 2060), st.integers(1990, 2060))
def test_an_explicit_year_always_wins_over_the_plan_year(part, stated, year):
    text = f"{stated}年{part}完成项目验收。"
    [phrase] = deadlines(text, clauses(text), year)
    assert phrase.date is not None and phrase.date.year == stated and phrase.rule == "explicit"


@given(st.integers(1, 12), st.sampled_from(["底前", "中旬", "上旬", "下旬", "底"]), st.integers(1990, 2060))
def test_a_month_phrase_ends_in_its_month(month, tail, year):
    text = f"{month}月{tail}完成。"
    [phrase] = deadlines(text, clauses(text), year)
    assert phrase.date is not None and (phrase.date.year, phrase.date.month) == (year, month)


@given(st.sampled_from(["春季学期开学前", "秋季开学前", "春季学期末", "秋季学期结束前"]), st.integers(1990, 2060))
def test_a_school_term_is_never_before_the_plan_year_and_always_doubted(term, year):
    text = f"{term}完成校舍维修。"
    [phrase] = deadlines(text, clauses(text), year)
    assert phrase.date is not None and phrase.date >= dt.date(year, 1, 1) and phrase.rule == "school_term" and phrase.doubt
