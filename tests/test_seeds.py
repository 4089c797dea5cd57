"""Concrete facts from each seed document: items, assignments, leaders, targets, quality."""

from __future__ import annotations

import datetime as dt

from helpers import item, leaders, offices


def test_000_project_list(seed_plan):
    plan, corpus = seed_plan("000")
    assert plan.kind == "project_list" and plan.year == 2022
    assert [o.name for o in corpus.organizations] == ["湖北省教育厅"]
    assert [i.ref for i in plan.items] == [f"项目{n}" for n in "一二三四五六七八九十"]
    # 财务处 is on 6 of the 10 projects
    finance = [i.ref for i in plan.items if "财务处" in [n for n, _, _ in offices(corpus, i)]]
    assert finance == ["项目一", "项目二", "项目三", "项目五", "项目六", "项目九"]
    two = item(plan, "项目二")
    assert leaders(corpus, two) == ["邓立红"]  # bold covering the value: **责任领导：邓立红**
    assert leaders(corpus, item(plan, "项目一")) == ["周静"]
    assert offices(corpus, two) == [("基础教育处", "lead", "first_listed"), ("财务处", "support", "first_listed")]
    assert [(t.value, t.unit, t.comparator) for t in two.targets[:2]] == [(150, "所", "="), (20000, "个", ">=")]
    assert two.targets[0].deadline == dt.date(2022, 12, 31)
    assert two.notes == ("三年项目",)
    assert [t.text[:6] for t in two.tasks] == ["通过会同相关", "建立项目清单", "对已完成的公"]
    three = item(plan, "项目三")
    assert offices(corpus, three)[0] == ("省学校后勤工作办公室", "lead", "first_listed")
    assert len(three.assignments) == 5
    assert all(t.deadline == dt.date(2022, 12, 31) for t in three.targets)  # 2022年底前，①…②…③…
    assert len({r.leader for i in plan.items for r in i.responsibilities}) == 10
    assert plan.quality == ()


def test_001_progress_table(seed_plan):
    plan, corpus = seed_plan("001")
    assert plan.kind == "progress_report" and plan.year == 2021
    assert [(s.ordinal, s.title) for s in plan.sections] == [("一", "重点工作"), ("二", "重大工程"), ("三", "重点建议和提案")]
    assert len(plan.items) == 8
    three = item(plan, "3", section="重点工作")
    assert offices(corpus, three) == [
        ("教育技术中心", "lead", "first_listed"),
        ("人事科", "support", "first_listed"),
        ("发展规划科", "support", "first_listed"),
        ("财务科", "support", "first_listed"),
        ("基础教育科", "support", "first_listed"),
        ("职业教育与成人教育科", "support", "first_listed"),
        ("学前教育科", "support", "first_listed"),
        ("资助中心", "support", "first_listed"),
    ]
    # a row continued across a page break: the cells join
    six = item(plan, "6", section="重点工作")
    assert six.title.endswith("筹建综合性大学，建设优势学科和品牌专业")
    assert "独立升大" in six.progress[0].text and six.progress[0].as_of == dt.date(2021, 9, 30)
    assert "<p>" not in item(plan, "3", section="重点工作").progress[0].text
    assert item(plan, "1", section="重点工作").references == ("（十政办发〔2021〕1号）第12项",)
    # 技术中心 and 教育技术中心 are one office; 职成教 and 职成教科 too
    tech = next(p for p in corpus.parties if p.name == "教育技术中心")
    assert "技术中心" in tech.aliases
    vocational = next(p for p in corpus.parties if p.name == "职业教育与成人教育科")
    assert {"职成教", "职成教科"} <= set(vocational.aliases)
    supervised = plan.sections[2]
    assert [leaders(corpus, i) for i in plan.items if i.section == supervised.id] == []
    assert [r.surface for r in supervised.responsibilities] == ["刘市长"]
    assert any(q.kind == "empty_section" and q.line == 46 for q in plan.quality)
    assert corpus.organizations[0].qualifier  # 市教育局 names no city: scoped to the document


def test_002_trailers_and_gap(seed_plan):
    plan, corpus = seed_plan("002")
    refs = [i.ref for i in plan.items]
    assert refs == [str(n) for n in range(1, 28)] + ["49", "50"]
    gap = [q for q in plan.quality if q.kind == "numbering_gap"]
    assert len(gap) == 1 and gap[0].params["missing"] == "28–48" and gap[0].params["blocks"] == ("paywall",)
    removed = [q for q in plan.quality if q.code == "block_removed" and q.params["lines"] == "75–82"]
    assert len(removed) == 1
    three = item(plan, "3")
    assert offices(corpus, three) == [("办公室", "lead", "explicit")] + [
        (n, "support", "explicit")
        for n in ("学前教育处", "义务教育处", "高中教育处", "高等教育和职业教育处", "发展规划处", "电教馆")
    ]
    assert (93.5, "%", "=") in [(t.value, t.unit, t.comparator) for t in three.targets]
    assert (5, "%", "<=") in [(t.value, t.unit, t.comparator) for t in three.targets]
    assert len(three.targets) == 13  # 入学率达到100%、巩固率达到98% are two
    assert [(t.value, t.unit) for t in item(plan, "20").targets] == [(10, "所"), (100, "个"), (1000, "名")]
    one = item(plan, "1")
    kinds = {p.id: p for p in corpus.parties}
    assert [(kinds[a.party].kind, a.role) for a in one.assignments] == [("collective", "lead")]
    assert kinds[item(plan, "2").assignments[1].party].scope == "all"  # 机关各处室
    assert offices(corpus, item(plan, "17")) == [("语言文字工作处", "lead", "first_listed")]
    # 高等教育与职业教育处 (item 20) and 高等教育和职业教育处 are one office
    higher = {a.party for a in item(plan, "20").assignments if "高等教育" in a.surface}
    assert higher == {a.party for a in three.assignments if "高等教育" in a.surface}
    assert item(plan, "49").section is None  # its heading was behind the paywall
    assert item(plan, "27").section is not None


def test_003_two_issuers_and_closing_paragraph(seed_plan):
    plan, corpus = seed_plan("003")
    assert [o.name for o in corpus.organizations if o.id in plan.issuers] == ["湖南省教育厅", "中共湖南省委教育工委"]
    assert plan.doc_number == "湘教发〔2020〕8号" and plan.year == 2020
    numbered = [i for i in plan.items if i.number is not None]
    assert [i.number for i in numbered] == list(range(1, 34))
    four = item(plan, "4")
    assert four.open_list and offices(corpus, four)[-1] == ("财务建设处", "support", "first_listed")
    assert offices(corpus, item(plan, "3"))[:2] == [("工委组织部", "lead", "first_listed"), ("基础教育处", "support", "first_listed")]
    closing = item(plan, "其他")
    assert offices(corpus, closing) == [
        ("办公室", "lead", "first_listed"), ("机关党委", "support", "first_listed"), ("离退休干部处", "support", "first_listed"),
    ]
    assert closing.open_list
    assert offices(corpus, item(plan, "33")) == [
        ("发展规划处", "lead", "first_listed"), ("基础教育处", "support", "first_listed"), ("教师处", "support", "first_listed"),
    ]
    groups = {p.name: p.scope for p in corpus.parties if p.kind == "collective"}
    assert groups["厅新冠肺炎防控领导小组成员处室"] == "group" and groups["相关处室"] == "related"
    fourteen = item(plan, "14")
    assert (250000, "个") in [(t.value, t.unit) for t in fourteen.targets]
    fifteen = [(t.value, t.comparator, t.deadline) for t in item(plan, "15").targets]
    assert (5, "<=", dt.date(2020, 12, 31)) in fifteen
    assert any(q.kind == "removed_block" and q.line == 155 for q in plan.quality)  # 印发 footer


def test_004_traditional_pinyin_no_offices(seed_plan):
    plan, corpus = seed_plan("004")
    assert {"pinyin", "t2s"} <= set(plan.source.normalisations)
    assert plan.title == "xx市教育局2022年工作要点"
    assert [len([i for i in plan.items if i.section == s.id]) for s in plan.sections] == [4, 5, 4, 3, 4, 3]
    assert all(i.assignments == () for i in plan.items)  # the document names no offices
    assert corpus.parties == ()
    first = item(plan, "1", section="聚焦“教育共富”")
    assert first.title.startswith("推进“公益普惠、温馨善育”行动")
    assert "新(扩)建公办幼儿园50所" in first.text
    assert (50, "所") in [(t.value, t.unit) for t in first.targets]
    assert "行動(dòng)" in first.span.text  # the span keeps the original text


def test_003_joint_plan_scopes_the_party_committee_offices(seed_plan):
    _, corpus = seed_plan("003")
    orgs = {o.id: o.name for o in corpus.organizations}
    owners = {p.name: orgs[p.issuer] for p in corpus.parties}
    assert {n for n, o in owners.items() if o == "中共湖南省委教育工委"} == {"工委宣传部", "工委组织部", "工委巡察办"}
    assert owners["基础教育处"] == owners["驻厅纪检监察组"] == "湖南省教育厅"
