"""Documents written for these tests in the genre's other dresses."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.errors import DocumentError
from dutygraph.importers.reading import parse
from helpers import item, leaders, offices


def test_chinese_item_numbering_with_arabic_sub_measures():
    corpus = parse(
        "某区教育局2023年工作要点\n"
        "一、办学条件\n"
        "（一）扩充学位。新建幼儿园3所。（学前科牵头，财务科、基教科按职责分工负责）\n"
        "（二）改善条件。具体措施：1．改造校舍20所（基建科牵头）2．配齐设备（装备中心负责）\n"
    )
    plan = corpus.plans[0]
    one = item(plan, "一")
    # 学前科 and 基教科 are abbreviations the built-in alias table completes
    assert offices(corpus, one) == [
        ("学前教育科", "lead", "explicit"), ("财务科", "support", "explicit"), ("基础教育科", "support", "explicit"),
    ]
    children = [i for i in plan.items if i.parent == item(plan, "二").id]
    assert [(c.ref, offices(corpus, c)) for c in children] == [
        ("1", [("基建科", "lead", "explicit")]), ("2", [("装备中心", "lead", "first_listed")]),
    ]
    assert (20, "所") in [(t.value, t.unit) for t in children[0].targets]


def test_declared_first_listed_rule_holds_for_the_rest():
    corpus = parse(
        "某市教育局2023年工作要点\n"
        "1.甲事项。（办公室、财务科负责。列第一位者为牵头单位，下同）\n"
        "2.乙事项。（人事科、督导科负责）\n"
    )
    plan = corpus.plans[0]
    assert offices(corpus, item(plan, "2")) == [("人事科", "lead", "declared"), ("督导科", "support", "declared")]


def test_labelled_lines_and_leader_labels():
    corpus = parse(
        "某省教育厅2023年工作要点\n"
        "1.推进职业教育\n"
        "分管领导：王一\n"
        "牵头单位：职成处；责任单位：财建处、规划处等\n"
        "完成时限：2023年6月底前\n"
    )
    plan = corpus.plans[0]
    one = item(plan, "1")
    assert leaders(corpus, one) == ["王一"]
    assert offices(corpus, one) == [
        ("职业教育与成人教育处", "lead", "explicit"), ("财务建设处", "support", "explicit"), ("发展规划处", "support", "explicit"),
    ]
    assert one.open_list
    assert one.targets[0].deadline == dt.date(2023, 6, 30)


def test_whole_document_on_one_line():
    corpus = parse(
        "某县教育局2023年工作要点 一、学前教育 1.扩充学位，新建幼儿园5所。（学前股牵头，财务股配合）"
        "2.提高质量。（责任单位：教研室）二、义务教育 3.控辍保学，巩固率达到99%以上。（基教股牵头）"
    )
    plan = corpus.plans[0]
    assert [i.ref for i in plan.items] == ["1", "2", "3"]
    assert [s.title for s in plan.sections] == ["学前教育", "义务教育"]
    assert offices(corpus, item(plan, "3")) == [("基础教育股", "lead", "explicit")]
    assert [(t.value, t.comparator) for t in item(plan, "3").targets] == [(99, ">=")]


def test_table_with_named_columns_and_generic_collectives():
    corpus = parse(
        "某部2023年任务分工\n"
        "序号\t任务\t责任领导\t牵头单位\t责任单位\t完成时限\n"
        "1\t完善制度\t张三\t政策法规司\t国务院相关部门、各省级人民政府\t2023年底前\n"
    )
    plan = corpus.plans[0]
    one = item(plan, "1")
    parties = {p.id: p for p in corpus.parties}
    assert [(parties[a.party].kind, getattr(parties[a.party], "scope", None)) for a in one.assignments] == [
        ("office", None), ("collective", "external"), ("collective", "external"),
    ]
    assert leaders(corpus, one) == ["张三"]


def test_first_listed_parenthesised_rule():
    corpus = parse("某市教育局2023年工作要点\n1.甲事项。（A科、B科负责。列第一位者为牵头单位）\n2.乙事项。（C科、D科负责）\n")
    plan = corpus.plans[0]
    assert offices(corpus, item(plan, "1"))[0] == ("A科", "lead", "declared")
    assert offices(corpus, item(plan, "2"))[0] == ("C科", "lead", "first_listed")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("一二三、1.（）()①②：:，。；\n 牵头单位责任处室负责等科处xX年月2023底前以上%所个")), max_size=200))
def test_parse_raises_only_document_errors(text):
    try:
        parse(text)
    except DocumentError:
        pass


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_parse_any_text_raises_only_document_errors(text):
    try:
        parse(text)
    except DocumentError:
        pass


def test_parse_rejects_non_plan(english):
    with pytest.raises(DocumentError, match="known formats"):
        parse("hello world")


def test_item_number_before_a_year_and_a_leader_under_a_heading():
    corpus = parse("某县教育局2023年工作要点\n一、学前教育\n分管领导：张三\n"
                   "1.2023年6月底前新建幼儿园3所。（基建科牵头）\n2.开展教研。（教研室负责）\n")
    plan = corpus.plans[0]
    assert [i.ref for i in plan.items] == ["1", "2"]
    assert [(t.text, t.deadline) for t in plan.items[0].targets] == [("2023年6月底前新建幼儿园3所", dt.date(2023, 6, 30))]
    [section] = plan.sections
    assert section.title == "学前教育" and [r.label for r in section.responsibilities] == ["分管领导"]


def test_a_numbered_line_after_inline_sub_measures_is_the_next_item():
    corpus = parse("某县教育局2023年工作要点\n1.甲。（学前科负责）\n"
                   "2.乙。具体措施：1．实施丙（基教科牵头）2．开展丁（教研室负责）\n3.戊。（财务科负责）\n")
    plan = corpus.plans[0]
    assert [(i.ref, i.parent is None) for i in plan.items] == [
        ("1", True), ("2", True), ("1", False), ("2", False), ("3", True),  # 3. on its line is no sub-measure
    ]
