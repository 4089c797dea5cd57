"""parse_target and find_targets: quantities, comparators, deadlines and horizons."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dutygraph.importers.facts.targets as targets
from dutygraph.importers.facts.targets import TargetFacts, TargetMatch, find_targets, parse_target

SEEDS = Path("/work/shared/seeds")
END_2020 = dt.date(2020, 12, 31)
END_2022 = dt.date(2022, 12, 31)
END_2023 = dt.date(2023, 12, 31)


def quantity(facts: TargetFacts | TargetMatch) -> tuple[float | None, str | None, str | None]:
    return facts.value, facts.unit, facts.comparator


# --------------------------------------------------------------------------- quantities


@pytest.mark.parametrize(
    ("text", "value", "unit", "comparator", "metric"),
    [
        ("新增普惠性幼儿园学位2万个以上", 20000, "个", ">=", "新增普惠性幼儿园学位"),
        ("大班额比例控制在5%以内", 5, "%", "<=", "大班额比例"),
        ("全市一般公共预算教育投入力争达到216亿元", 21600000000, "元", "=", "全市一般公共预算教育投入"),
        ("学前三年毛入学率达到93.5%", 93.5, "%", "=", "学前三年毛入学率"),
        ("大班额比例降至15%以下", 15, "%", "<=", "大班额比例"),
        ("班额不超过45人", 45, "人", "<=", "班额"),
        ("民办义务教育在校生规模压减到5%以内", 5, "%", "<=", "民办义务教育在校生规模"),
        ("残疾儿童少年入学率达到95%以上", 95, "%", ">=", "残疾儿童少年入学率"),
        ("每年重点支持不少于 20 个县级职教中心", 20, "个", ">=", "每年重点支持县级职教中心"),
        ("至少建设4个特殊教育资源教室", 4, "个", ">=", "建设特殊教育资源教室"),
        ("培训人数超过1000人", 1000, "人", ">=", "培训人数"),
        ("全市力争补充师资4000人左右", 4000, "人", "≈", "全市补充师资"),
        ("共建团队约300个", 300, "个", "≈", "共建团队"),
        ("全年培训1万人次以上", 10000, "人次", ">=", "全年培训"),
        ("招生规模达1.3万人以上", 13000, "人", ">=", "招生规模"),
        ("中央资金共计 12595 万元", 125950000, "元", "=", "中央资金"),
        ("落实资金 4 亿元", 400000000, "元", "=", "落实资金"),
        ("高校与企业共建团队 1 千个左右", 1000, "个", "≈", "高校与企业共建团队"),
        ("打造2-3所特殊教育名校", 2, "所", ">=", "打造特殊教育名校"),
        ("走访 1-2 户学生家庭", 1, "户", ">=", "走访学生家庭"),
        ("完成招生计划9万人", 90000, "人", "=", "完成招生计划"),
        ("建成 20 门省级就业指导特色课程", 20, "门", "=", "建成省级就业指导特色课程"),
        ("新增教师1,500名", 1500, "名", "=", "新增教师"),
        ("新建学校10余所", 10, "所", ">=", "新建学校"),
        ("覆盖率达到百分之九十五", 95, "%", "=", "覆盖率"),
        ("比例提高2个百分点", 2, "个百分点", "=", "比例提高"),
        ("新增两所公办幼儿园", 2, "所", "=", "新增公办幼儿园"),
        ("建成二十所示范校", 20, "所", "=", "建成示范校"),
        ("保证学生每天校外各1小时体育锻炼时间", 1, "小时", "=", "保证学生每天校外体育锻炼时间"),
        ("比例控制在2-3%", 3, "%", "<=", "比例"),
    ],
)
def test_quantity(text: str, value: float, unit: str, comparator: str, metric: str) -> None:
    facts = parse_target(text)
    assert quantity(facts) == (value, unit, comparator)
    assert facts.metric == metric


def test_no_number_keeps_context() -> None:
    facts = parse_target("辅导员年度培训全覆盖。", deadline=END_2022, horizon="2022年")
    assert facts == TargetFacts(deadline=END_2022, horizon="2022年")
    assert parse_target("") == TargetFacts()


@pytest.mark.parametrize(
    "text",
    [
        "来源：十政办发〔2021〕1号 第12项",
        "湘教发〔2020〕8号",
        "做好第25届全国推普周系列宣传，举办第十二届中小学生读书节",
        "举办二十九届全市青少年爱国主义读书教育活动",
        "创建第三批爱国主义教育示范学校",
        "围绕“12881”总体工作思路",
        "围绕加快实现“321”发展愿景",
        "深入实施“十四五”教育发展规划",
        "编制十四五规划",
        "推进“1+x”服务模式",
        "稳步推进1+X证书制度试点",
        "探索5G、人工智能、区块链等技术与教育教学融合应用",
        "推进教育信息化2.0试点省建设",
        "推进教师信息能力提升工程2.0计划",
        "2022年是全面实施“十四五”规划的关键之年",
        "制定2020年厅党组理论学习中心组学习方案",
        "组织高校编制2020-2025年专业建设规划",
        "落实《3-6岁儿童学习与发展指南》",
        "推动《加快推进湖南教育现代化实施方案(2019-2022年)》落地落实",
        "2020年3月6日",
        "突出两项重点，强力推进八项工程",
        "组织万名党员教师走访乡村",
        "落实新时代教师职业行为十项准则",
        "推进“两学一做”学习教育常态化",
        "落实“一校一品”，实现“四到位”",
        "(1)加强管理",
    ],
)
def test_names_dates_and_ordinals_are_not_values(text: str) -> None:
    assert parse_target(text, year=2022).value is None
    assert find_targets(text, year=2022) == []


# --------------------------------------------------------------------------- deadlines and horizons


@pytest.mark.parametrize(
    ("text", "year", "deadline", "horizon"),
    [
        ("2022年底前", None, END_2022, "2022年"),
        ("2022 年底以前，完成建设", None, END_2022, "2022年"),
        ("2022年底完成", None, END_2022, "2022年"),
        ("2023年6月底前完成", None, dt.date(2023, 6, 30), "2023年"),
        ("2022年12月31日前完成", None, END_2022, "2022年"),
        ("2022年上半年完成", None, dt.date(2022, 6, 30), "2022年"),
        ("到2025年，覆盖率达到90%", None, dt.date(2025, 12, 31), "2025年"),
        ("截止 9 月底，完成项目 18 个", 2021, dt.date(2021, 9, 30), "2021年"),
        ("2020年基本消除义务教育大班额", None, END_2020, "2020年"),
        ("①2022年，开展50个县域教联体建设（试点）", None, END_2022, "2022年"),
        ("计划2020年招生规模达1.3万人以上", None, END_2020, "2020年"),
        ("争取年内开工建设", 2022, END_2022, "2022年"),
        ("今年新增学位1万个", 2022, END_2022, "2022年"),
        ("6月底前完成", 2022, dt.date(2022, 6, 30), "2022年"),
        ("争取年内开工建设", None, None, None),
        ("通过三年努力，县域义务教育学校办学条件持续改善", None, None, "三年"),
        ("三年内完成", None, None, "三年"),
        ("3年内完成", None, None, "三年"),
        ("三年计划", None, None, "三年"),
        ("二年项目，长期坚持", None, None, "两年"),
        ("学前三年毛入学率达到93.5%", None, None, None),
        ("积极探索2020年后教育扶贫工作目标", 2020, None, None),
        ("推动2020年秋季入学的高一学生开始实施新课程", 2020, None, None),
    ],
)
def test_deadline_and_horizon(
    text: str, year: int | None, deadline: dt.date | None, horizon: str | None
) -> None:
    facts = parse_target(text, year=year)
    assert (facts.deadline, facts.horizon) == (deadline, horizon)


def test_own_deadline_beats_inherited_one() -> None:
    inherited = parse_target("新增学位2万个", deadline=END_2022, horizon="2022年")
    assert (inherited.deadline, inherited.horizon) == (END_2022, "2022年")
    own = parse_target("2023 年底前，建成 100 个驿站", deadline=END_2022, horizon="2022年")
    assert (own.deadline, own.horizon, own.value) == (END_2023, "2023年", 100)
    three = parse_target("通过三年努力，新增学位1万个", horizon="2022年")
    assert three.horizon == "三年"


# --------------------------------------------------------------------------- find_targets


def test_three_targets_in_one_sentence() -> None:
    text = "学前三年毛入学率达到93.5%,普惠园在园幼儿占比达到87%以上,公办园在园幼儿占比达到56%。"
    found = find_targets(text)
    assert [quantity(m) for m in found] == [(93.5, "%", "="), (87, "%", ">="), (56, "%", "=")]
    assert [m.metric for m in found] == ["学前三年毛入学率", "普惠园在园幼儿占比", "公办园在园幼儿占比"]
    assert [m.text for m in found] == text.rstrip("。").split(",")


def test_parentheses_stay_in_their_clause() -> None:
    text = "强力推进“三年攻坚行动”,新增中小学幼儿园230所(新改扩建193所、民办幼儿园转普惠性幼儿园37所),新改扩建193所中幼儿园70所。"
    found = find_targets(text)
    assert [quantity(m) for m in found] == [(230, "所", "="), (193, "所", "="), (70, "所", "=")]
    assert [m.facts.share for m in found] == [None, "whole", "part"]
    assert found[0].text == "新增中小学幼儿园230所(新改扩建193所、民办幼儿园转普惠性幼儿园37所)"
    assert found[0].metric == "新增中小学幼儿园"
    assert found[0].horizon is None  # a quoted campaign name sets no horizon


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        ("每个县(市,区)至少建设4个以上资源教室。", "每个县(市,区)至少建设4个以上资源教室"),
        ("实施“减负,提质”行动,新建学校5所。", "新建学校5所"),
        ("建设《规划(2021,2025)》项目10个。", "建设《规划(2021,2025)》项目10个"),
        ("新增教师1,500名。", "新增教师1,500名"),
    ],
)
def test_commas_inside_brackets_quotes_and_numbers_do_not_split(text: str, clause: str) -> None:
    assert [m.text for m in find_targets(text)] == [clause]


def test_deadline_at_sentence_start_applies_to_following_clauses() -> None:
    text = (
        "督促各地在2020年底前，全省中小学专职保安员配备率分别达到100%，协助推动“护学岗”设置率达到100%。"
        "新增学校10所。"
    )
    found = find_targets(text)
    assert [(m.value, m.deadline, m.horizon) for m in found] == [
        (100, END_2020, "2020年"),
        (100, END_2020, "2020年"),
        (10, None, None),
    ]


def test_label_colon_opens_the_sentence() -> None:
    found = find_targets("目标任务:2020年基本消除大班额(控制在5%以内),新建成芙蓉学校37所。")
    assert [(m.value, m.deadline) for m in found] == [(5, END_2020), (37, END_2020)]
    effect = find_targets("**效果清单：**2022 年底前，①建成 20 门课程；②培训毕业生 7200 人。")
    assert [(m.value, m.unit, m.deadline) for m in effect] == [(20, "门", END_2022), (7200, "人", END_2022)]


def test_deadline_inside_a_counting_clause_stays_there() -> None:
    found = find_targets("新建学校5所，2022年底前完成改造10所，新增学位1万个。")
    assert [(m.value, m.deadline) for m in found] == [(5, None), (10, END_2022), (10000, None)]


def test_match_fields_mirror_facts() -> None:
    match = find_targets("全省新建、改扩建 150 所公办幼儿园")[0]
    assert isinstance(match.facts, TargetFacts)
    assert (match.metric, match.value, match.unit, match.comparator, match.deadline, match.horizon) == (
        match.facts.metric,
        match.facts.value,
        match.facts.unit,
        match.facts.comparator,
        match.facts.deadline,
        match.facts.horizon,
    )
    assert match.metric == "全省新建、改扩建公办幼儿园"


def test_exports() -> None:
    assert sorted(targets.__all__) == ["TargetFacts", "TargetMatch", "find_targets", "parse_target"]


# --------------------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def seeds() -> Path:
    if not SEEDS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"seed documents missing at {SEEDS}; CI must have them")
        pytest.skip(f"seed documents not available at {SEEDS}")
    return SEEDS


def seed_text(seeds: Path, prefix: str) -> str:
    (path,) = seeds.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def effect_list(seeds: Path, project: str) -> tuple[str, list[str]]:
    """The 效果清单 of one 项目 in seed 000: the preamble and the ①②③ entries."""
    text = seed_text(seeds, "000")
    block = re.search(rf"项目{project}：.*?(?=项目[一二三四五六七八九十]+：|\Z)", text, re.S)
    assert block is not None
    line = re.search(r"效果清单：\**(.*)", block.group())
    assert line is not None
    preamble, *entries = re.split(r"(?=[①②③④⑤⑥⑦⑧⑨⑩])", line.group(1).strip())
    return preamble, entries


def goal_line(seeds: Path, item: int) -> str:
    """The 目标任务 line of one numbered item in seed 003."""
    text = seed_text(seeds, "003")
    found = re.search(rf"^{item}\.[^\n]*\n目标任务[:：]([^\n]*)", text, re.M)
    assert found is not None
    return found.group(1)


def test_seed_000_project_2(seeds: Path) -> None:
    preamble, entries = effect_list(seeds, "二")
    assert preamble == ""
    first, second, third = (parse_target(e, year=2022) for e in entries)
    assert quantity(first) == (150, "所", "=")
    assert (first.metric, first.deadline, first.horizon) == ("全省新建、改扩建公办幼儿园", END_2022, "2022年")
    assert quantity(second) == (20000, "个", ">=")
    assert second.metric == "新增普惠性幼儿园学位"
    assert second.deadline is None  # no preamble to inherit from
    assert parse_target(entries[1], deadline=first.deadline).deadline == END_2022
    assert quantity(third) == (None, None, None)
    assert (third.deadline, third.horizon) == (None, "三年")


def test_seed_000_project_4(seeds: Path) -> None:
    _, entries = effect_list(seeds, "四")
    first, second, third = (parse_target(e, year=2022) for e in entries)
    assert quantity(first) == (100, "个", "=")
    assert (first.metric, first.deadline) == ("建成高校示范学生社区驿站", END_2022)
    assert second == TargetFacts()
    assert quantity(third) == (None, None, None)
    assert (third.deadline, third.horizon) == (END_2023, "2023年")


def test_seed_000_project_6(seeds: Path) -> None:
    preamble, entries = effect_list(seeds, "六")
    assert entries == []
    facts = parse_target(preamble, year=2022)
    assert quantity(facts) == (60, "所", "=")
    assert (facts.metric, facts.deadline) == ("完成新建、改扩建城区义务教育学校", END_2022)
    found = find_targets(preamble, year=2022)
    assert [(quantity(m), m.metric, m.deadline) for m in found] == [
        ((60, "所", "="), "完成新建、改扩建城区义务教育学校", END_2022),
        ((60000, "个", "="), "增加学位", END_2022),
        ((None, None, None), None, END_2022),  # 学位供需矛盾有效缓解: a milestone of the same date
    ]


def test_seed_000_project_8(seeds: Path) -> None:
    preamble, entries = effect_list(seeds, "八")
    context = parse_target(preamble, year=2022)
    assert (context.deadline, context.horizon, context.value) == (END_2022, "2022年", None)
    first, second, third = (
        parse_target(e, deadline=context.deadline, horizon=context.horizon, year=2022) for e in entries
    )
    assert quantity(first) == (20, "门", "=")
    assert (first.metric, first.deadline) == ("建成省级就业指导特色课程", END_2022)
    assert [(quantity(m), m.metric) for m in find_targets(entries[0])] == [
        ((20, "门", "="), "建成省级就业指导特色课程"),
        ((20, "个", "="), "建成特色职业生涯规划咨询室"),
        ((30, "个", "="), "选树宣传高校工作典型案例"),
        ((150, "人", "="), "毕业生典型"),
    ]
    assert quantity(second) == (7200, "人", "=")
    assert (second.metric, second.deadline, second.horizon) == ("培训困难群体毕业生", END_2022, "2022年")
    assert quantity(third) == (None, None, None)  # 高于全省平均水平: no number
    assert third.deadline == END_2022


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (14, [((250000, "个", "="), "增加公办幼儿园学位", None), ((80, "%", "="), "全省普惠性幼儿园覆盖率", None)]),
        (15, [((5, "%", "<="), "基本消除义务教育大班额", END_2020), ((37, "所", "="), "新建成芙蓉学校", END_2020),
              ((39, "所", "="), "新开工", END_2020)]),
        (16, [((93, "%", "="), "全省高中阶段毛入学率", END_2020), ((15, "%", "<="), "大班额比例", None)]),
        (17, [((95, "%", ">="), "残疾儿童少年入学率", END_2020)]),
    ],
)
def test_seed_003_goal_lines(
    seeds: Path, item: int, expected: list[tuple[tuple[float, str, str], str, dt.date | None]]
) -> None:
    line = goal_line(seeds, item)
    found = find_targets(line, year=2020)
    assert [(quantity(m), m.metric, m.deadline) for m in found] == expected
    first = parse_target(line, year=2020)
    assert (quantity(first), first.metric, first.deadline) == expected[0]


# --------------------------------------------------------------------------- properties

_PLAN_ALPHABET = (
    "0123456789.,-~%％ 　零〇一二两三四五六七八九十百千万亿点"
    "个所人次户门元名项年月日底前内第届号以上下内左右约至少不超过达到控制在降"
    "，。；;,：:!?\n()（）“”\"《》〔〕【】[]①②+GXx新增建成学校"
)
_plan_text = st.one_of(st.text(max_size=120), st.text(alphabet=_PLAN_ALPHABET, max_size=120))


@settings(max_examples=300, deadline=None)
@given(_plan_text, st.one_of(st.none(), st.integers(min_value=1, max_value=9999)))
def test_parse_target_never_raises(text: str, year: int | None) -> None:
    facts = parse_target(text, year=year)
    assert facts.comparator in (None, "=", ">=", "<=", "≈")
    assert (facts.value is None) == (facts.unit is None) == (facts.comparator is None)


@settings(max_examples=300, deadline=None)
@given(_plan_text, st.one_of(st.none(), st.integers(min_value=1, max_value=9999)))
def test_find_targets_offsets_are_valid(text: str, year: int | None) -> None:
    found = find_targets(text, year=year)
    previous_start = 0
    for match in found:
        assert 0 <= previous_start <= match.start < match.end <= len(text)
        assert text[match.start : match.end] == match.text
        # a figure, or a milestone: dated or on a schedule
        assert (match.value is not None and match.unit is not None) or match.deadline or match.facts.schedule
        previous_start = match.start


@pytest.mark.parametrize(
    ("text", "deadlines"),
    [
        ("新建幼儿园3所，2023年6月底前完成。", [dt.date(2023, 6, 30)]),
        ("新建幼儿园3所，改扩建5所，于2023年底前全部完成。新建学校2所。",
         [dt.date(2023, 12, 31), dt.date(2023, 12, 31), None]),
        # the dated clause counts something of its own: it dates only itself
        ("新建幼儿园3所，2023年底前新建学校2所。", [None, dt.date(2023, 12, 31)]),
        # a dated clause that says more than 'complete' is not a closing date: a milestone of its own
        ("新建幼儿园3所，2023年底前启动规划编制。", [None, dt.date(2023, 12, 31)]),
    ],
)
def test_closing_clause_dates_its_sentence(text: str, deadlines: list) -> None:
    assert [m.facts.deadline for m in find_targets(text, year=2023)] == deadlines
