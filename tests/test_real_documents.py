"""Real documents nobody wrote the parser for: the annotated corpus and the repro documents."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dutygraph.graph.convert import from_networkx, to_networkx
from dutygraph.importers.reading import ReadOptions, read
from helpers import item, offices
from seeds import seed, shared

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus_docs() -> Path:
    return shared("corpus", "docs")


@pytest.fixture(scope="module")
def real(corpus_docs):
    corpus = read([corpus_docs]).whole()
    return corpus, {p.source.name[:2]: p for p in corpus.plans}


def surfaces(plan_item) -> list[tuple[str, str]]:
    return [(a.surface, a.role) for a in plan_item.assignments]


def test_the_annotators_scorer_passes_on_the_corpus(tmp_path, corpus_docs):
    export = tmp_path / "corpus.json"
    done = subprocess.run([sys.executable, "-m", "dutygraph", "export", str(corpus_docs), "-o", str(export)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    scorer = shared("tools", "score-extraction.py")
    result = subprocess.run([sys.executable, str(scorer), str(export), str(shared("corpus", "gold"))],
                            capture_output=True, text=True)
    micro = next(line for line in result.stdout.splitlines() if line.startswith("micro:"))
    f1 = {k: float(v.split("/")[2]) for k, v in re.findall(r"(\w+) P/R/F1 ([\d./]+)", micro)}
    assert min(f1["items"], f1["offices"], f1["leads"]) >= 0.95, result.stdout
    assert result.returncode == 0


def test_every_corpus_document_is_read(corpus_docs):
    reading = read([corpus_docs])
    assert reading.failures == ()
    assert len(reading.corpus.plans) == 10


def test_a_paragraph_of_several_statements_is_a_group_of_items(real):
    _, plans = real
    pilot = plans["01"]
    first = item(pilot, "一#1")
    assert first.title.startswith("建立“无废城市”建设指标体系")
    assert surfaces(first)[0] == ("生态环境部", "lead") and first.assignments[0].rule == "explicit"
    group = next(s for s in pilot.sections if s.id == first.section)
    assert group.title.startswith("强化顶层设计引领")  # the lead sentence titles the group
    assert len([i for i in pilot.items if i.ref.startswith("六#")]) == 11


def test_a_standing_rule_adds_its_party_to_every_later_item(real):
    corpus, plans = real
    pilot = plans["01"]
    kinds = {p.id: p.kind for p in corpus.parties}
    assert "试点城市政府" not in [a.surface for a in item(pilot, "一#1").assignments]
    for ref in ("一#3", "二#1", "六#11"):
        standing = [a for a in item(pilot, ref).assignments if a.surface == "试点城市政府"]
        assert len(standing) == 1 and kinds[standing[0].party] == "collective" and standing[0].role == "support"


def test_other_labels_end_a_party_list(real):
    _, plans = real
    reforms = plans["04"]
    assert surfaces(item(reforms, "十六")) == [("发展改革委", "lead"), ("粮食和储备局", "support")]
    assert all("适用范围" not in a.surface and "自贸试验区" not in a.surface for i in reforms.items for a in i.assignments)


def test_declared_first_listed_and_a_class_of_bodies_never_leads(real):
    corpus, plans = real
    machinery = plans["02"]
    assert offices(corpus, item(machinery, "四"))[0][1:] == ("lead", "declared")
    assert [(a.surface, a.role) for a in item(machinery, "十九").assignments] == [("各省级人民政府", "support")]
    assert not any(q.kind == "no_responsibility" and "完善农机" in "".join(q.params["shown"]) for q in machinery.quality)
    decoys = [q for q in machinery.quality if q.kind == "no_responsibility"]
    assert len(decoys) == 1 and "指导思想" in "".join(decoys[0].params["shown"])


def test_phrasal_led_by_statements_on_a_one_line_crawl(real):
    _, plans = real
    emergency = plans["06"]
    assert [i.title for i in emergency.items] == [
        "污染处置组。", "应急监测组。", "医学救援组。", "应急保障组。", "新闻宣传组。", "社会稳定组。", "涉外事务组。",
    ]
    assert surfaces(item(emergency, "五"))[0] == ("中央宣传部（国务院新闻办）", "lead")
    assert item(emergency, "一").open_list


def test_an_html_table_gives_rows_with_their_cells(real):
    _, plans = real
    innovations = plans["05"]
    assert [i.number for i in innovations.items] == list(range(1, 15)) + [21, 22, 23]
    first = item(innovations, "1")
    assert first.title == "知识产权民事、刑事、行政案件“三合一”审判"
    assert [a.surface for a in first.assignments] == ["最高人民法院", "最高人民检察院", "国家知识产权局"]
    where = first.assignments[1].span.where
    assert (where.table, where.row, where.col) == (1, 2, 4)  # 指导部门 is the fourth column
    assert "推广范围：全国" in first.notes


def test_flattened_tables_one_cell_per_paragraph(real):
    _, plans = real
    dazhu = plans["07"]
    assert [i.ref for i in dazhu.items] == [str(n) for n in range(1, 11)]
    assert surfaces(item(dazhu, "1")) == [("县水务局", "lead"), ("县住建局", "support"), ("县护城河指挥部", "support")]
    five = item(dazhu, "5")
    assert [a.surface for a in five.assignments] == ["县民政局"]
    assert any("老年大学" in t.text for t in five.tasks)  # the sub-row stays inside row 5
    cangnan = plans["08"]
    assert all(a.rule == "explicit" and a.role == "lead" for i in cangnan.items for a in i.assignments)
    assert "市民生实事" in item(cangnan, "1").notes
    assert item(cangnan, "3").progress[0].text == "90%"


def test_pipe_rows_continued_by_sub_rows(real):
    _, plans = real
    linan = plans["09"]
    two = item(linan, "2")
    assert two.title == "新建成婴幼儿照护服务成长驿站7家。"
    assert [a.surface for a in two.assignments] == ["卫生健康局"]
    assert any("托位500个" in t.text for t in two.tasks)


def test_traditional_cells_ending_in_pipes(real):
    _, plans = real
    yangxian = plans["10"]
    one = item(yangxian, "1")
    assert one.title == "洋县中小学幼儿园基础设施提升改造项目"
    assert [a.surface for a in one.assignments] == ["教体局"] and one.assignments[0].span.text == "教體局"
    assert yangxian.year == 2024 and yangxian.doc_number == "洋政发〔2024〕8号"


def test_notices_give_title_issuer_and_year(real):
    corpus, plans = real
    orgs = {o.id: o.name for o in corpus.organizations}
    assert plans["01"].title == "“无废城市”建设试点工作方案"
    assert [orgs[i] for i in plans["01"].issuers] == ["国务院办公厅"]
    assert [orgs[i] for i in plans["02"].issuers] == ["国务院"]
    assert (plans["06"].title, plans["06"].year) == ("国家突发环境事件应急预案", 2014)
    assert [orgs[i] for i in plans["07"].issuers] == ["大竹县人民政府办公室"]


# -- the repro documents (../shared/repro) ------------------------------------------

def test_same_title_issuer_and_year_stay_two_plans():
    corpus = read([shared("repro", "plan-id-collision-other-city.txt"), seed("002")]).whole()
    assert len(corpus.plans) == 2
    assert len({p.id for p in corpus.plans}) == 2


def test_the_same_bytes_under_two_names_are_read_once(tmp_path):
    original = seed("002")
    copy = tmp_path / "copy.txt"
    copy.write_bytes(original.read_bytes())
    reading = read([original, copy])
    assert len(reading.corpus.plans) == 1 and reading.duplicates == ((str(copy), str(original)),)


def test_item_numbers_of_four_digits():
    plan = read([shared("repro", "item-1000.txt")]).whole().plans[0]
    assert len(plan.items) == 1002 and [i.number for i in plan.items[-3:]] == [1000, 1001, 1002]


@pytest.mark.parametrize("name", ["dup-section-id.txt", "roundtrip-dup-section-fuzz-d8261.tsv"])
def test_repeated_headings_round_trip(name):
    corpus = read([shared("repro", name)]).whole()
    sections = [s.id for p in corpus.plans for s in p.sections]
    assert len(sections) == len(set(sections))
    assert from_networkx(to_networkx(corpus)) == corpus


def test_default_issuer_does_not_relabel_a_named_issuer():
    corpus = read([seed("003"), seed("002")], ReadOptions(issuer="青山市教育局")).whole()
    orgs = {o.id: o.name for o in corpus.organizations}
    assert {orgs[i] for p in corpus.plans for i in p.issuers} == {"湖南省教育厅", "中共湖南省委教育工委", "青山市教育局"}


def test_export_json_locates_html_facts(tmp_path, corpus_docs):
    out = tmp_path / "one.json"
    done = subprocess.run([sys.executable, "-m", "dutygraph", "export", str(corpus_docs / "05_gov_innovation_reforms_list_2018.html"),
                           "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    plan = json.loads(out.read_text("utf-8"))["plans"][0]
    assert plan["format"] == "html"
    assert plan["items"][0]["source"]["where"] == {"block": 24, "table": 1, "row": 2, "col": 1}
