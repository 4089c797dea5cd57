"""Local documents: tables flattened to cell streams, label shapes of district and county pages.

The annotated local pages (``../shared/corpus-local``) are scored with the annotators' scorer;
the invented documents in ``tests/documents`` (``local-*``, ``project-owners.tsv``) hold one
layout each: a table one cell per line with ``|`` lines and a group cell spanning rows, one cell
per paragraph with the header repeated after a page break, cells ending in `` |``, leader and
division lines, a clause naming leaders and divisions, the lead named inside a sentence, and
a 业主单位 column. A property test flattens one table in every form and reads the same rows.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.importers.reading import parse, read
from helpers import doc, item, leaders, parties
from seeds import shared

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)


def section_title(plan, it) -> str | None:
    return next((s.title for s in plan.sections if s.id == it.section), None)


def _score(corpus: str, tmp_path: Path) -> tuple[int, dict[str, float], str]:
    """Export each document on its own (as scripts/score-corpus does) and score the merge."""
    docs = shared(corpus, "docs")
    plans, refused = [], 0
    for path in sorted(docs.iterdir()):
        out = tmp_path / f"{path.name}.json"
        done = subprocess.run([sys.executable, "-m", "dutygraph", "export", str(path), "--format", "json", "-o", str(out)],
                              capture_output=True, text=True)
        if done.returncode:
            refused += 1
            continue
        plans.extend(json.loads(out.read_text("utf-8"))["plans"])
    merged = tmp_path / "all.json"
    merged.write_text(json.dumps({"plans": plans}, ensure_ascii=False), "utf-8")
    result = subprocess.run([sys.executable, str(shared("tools", "score-extraction.py")), str(merged), str(shared(corpus, "gold"))],
                            capture_output=True, text=True)
    micro = next(line for line in result.stdout.splitlines() if line.startswith("micro:"))
    return refused, {k: float(v.split("/")[2]) for k, v in re.findall(r"(\w+) P/R/F1 ([\d./]+)", micro)}, result.stdout


@pytest.mark.parametrize("corpus", ["corpus-local", "corpus"])
def test_both_annotated_corpora_score_above_the_bar_document_by_document(corpus, tmp_path):
    refused, f1, report = _score(corpus, tmp_path)
    assert refused == 0, report
    assert min(f1["items"], f1["offices"], f1["leads"]) >= 0.95, report


def test_the_local_pages_read_every_table_and_drop_only_cut_items():
    corpus = read([shared("corpus-local", "docs")]).whole()
    plans = {p.source.name[:2]: p for p in corpus.plans}
    assert len(plans) == 7
    targets = plans["03"]  # one cell per paragraph, the title column named 预期目标
    assert [i.ref for i in targets.items] == [str(n) for n in range(1, 11)]
    assert not any(q.code in ("section_lists_none", "table_lists_none") for q in targets.quality)  # rows with numbers are not empty
    assert any(q.code == "cut_off_row" and q.params["row"] == "1" for q in targets.quality)  # the second table is cut off
    opengov = plans["06"]  # one cell per line, | between cells, the group cell before the number
    assert [i.ref for i in opengov.items] == [str(n) for n in range(1, 9)]
    four = item(opengov, "4")
    assert four.title.startswith("规范做好政府信息公开工作年度报告")
    assert section_title(opengov, four) == section_title(opengov, item(opengov, "3"))  # spanned down


# -- invented documents, one layout each ----------------------------------------------------


def test_one_cell_per_line_with_pipe_lines_and_a_spanning_group_cell():
    plan, corpus = doc("local-tasks-one-cell-per-line.txt")
    assert [i.ref for i in plan.items] == ["1", "2", "3", "4", "5"]
    assert [section_title(plan, i) for i in plan.items] == [
        "规范政策文件公开", "深化政策解读", "深化政策解读", "深化政策解读", "加强公开平台建设",
    ]  # the group cell, written once, spans rows 2–4 (across the repeated header)
    assert item(plan, "3").title == "建立政策解读回应台账，按月更新。"
    assert parties(corpus, item(plan, "2")) == [("办公室", "lead", "office"), ("宣传科", "support", "office")]
    assert parties(corpus, item(plan, "5")) == [("信息中心", "lead", "office")]  # not the deadline column
    assert any(q.code == "header_repeats" and q.params["times"] == 1 for q in plan.quality)
    assert not any("分享到" in i.text for i in plan.items)


def test_one_cell_per_paragraph_with_the_header_repeated_after_a_page_break():
    plan, corpus = doc("local-targets-one-cell-per-paragraph.txt")
    assert [i.ref for i in plan.items] == ["1", "2", "3", "4"]
    assert parties(corpus, item(plan, "2")) == [
        ("县住房城乡建设局", "lead", "office"), ("县交通运输局", "support", "office"), ("县公安局", "support", "office"),
    ]
    assert item(plan, "2").assignments[0].rule == "explicit"
    assert parties(corpus, item(plan, "4")) == [("县住房城乡建设局", "lead", "office")]  # 配合单位 says 无
    assert [(t.value, t.unit) for t in item(plan, "3").targets] == [(2500, "个")]
    assert any(q.code == "header_repeats" and q.params["times"] == 1 for q in plan.quality)


def test_cells_ending_in_pipes_with_lone_pipes_between_rows():
    plan, corpus = doc("local-projects-pipe-terminated.txt")
    assert [(i.ref, i.title) for i in plan.items] == [
        ("1", "城南幼儿园新建项目"), ("2", "农村饮水提升项目"), ("3", "社区养老服务站项目"),
    ]
    assert parties(corpus, item(plan, "2")) == [("县水利局", "lead", "office")]


def test_a_leader_line_followed_by_a_division_line():
    plan, corpus = doc("local-label-shapes.txt")
    one = item(plan, "1")
    assert leaders(corpus, one) == ["陈立新"]
    assert parties(corpus, one) == [("区住建局", "lead", "office"), ("区财政局", "support", "office"), ("各街道", "support", "collective")]
    assert one.assignments[0].rule == "explicit"
    assert leaders(corpus, item(plan, "2")) == ["周一鸣"]
    assert not any(q.kind == "unparsed_line" for q in plan.quality)


def test_a_clause_naming_leaders_then_the_divisions_that_carry_it_out():
    plan, corpus = doc("local-label-shapes.txt")
    three = item(plan, "3")
    assert leaders(corpus, three) == ["吴志远", "郑晓峰"]  # people, not offices
    assert parties(corpus, three) == [("质安科", "support", "office"), ("执法大队", "support", "office")]  # 分别: none leads
    assert {l.name: l.title for l in corpus.leaders}["郑晓峰"] == "副局长"


def test_the_lead_named_inside_a_sentence():
    plan, corpus = doc("local-label-shapes.txt")
    four = item(plan, "4")
    assert four.title == "全面推行工程建设项目审批“一网通办”，年内完成。"
    assert parties(corpus, four) == [("区政务服务中心", "lead", "office")] and four.assignments[0].rule == "explicit"


def test_a_project_owner_column_beside_the_lead_column():
    plan, corpus = doc("project-owners.tsv")
    assert parties(corpus, item(plan, "1")) == [("区住建局", "lead", "office"), ("区城投集团公司", "support", "office")]
    assert leaders(corpus, item(plan, "2")) == ["林晓东"]
    owner = next(p for p in corpus.parties if p.name == "区城投集团公司")
    assert len([a for p in corpus.plans for i in p.items for a in i.assignments if a.party == owner.id]) == 2


def test_a_page_cut_inside_its_last_item_reports_it_instead_of_reading_a_fragment():
    text = ("梨川区2025年重点工作任务分解\n1.新建社区食堂8个。\n牵头单位：区民政局\n责任单位：各街道\n"
            "2.改造雨污管网15公里。\n牵头单位：区住建局\n责任单位：区城管局\n3.新增公共充电桩300个。\n牵头单位：区")
    plan = parse(text).plans[0]
    assert [i.ref for i in plan.items] == ["1", "2"]
    assert any(q.code == "cut_off_item" and q.params["ref"] == "3" for q in plan.quality)
    lone = text.rsplit("\n", 1)[0]  # cut after the title line: the label lines every other item has are missing
    plan = parse(lone).plans[0]
    assert [i.ref for i in plan.items] == ["1", "2"]
    whole = text + "交通运输局\n"  # the same item, complete
    assert [i.ref for i in parse(whole).plans[0].items] == ["1", "2", "3"]


def test_a_numbered_row_is_never_reported_empty():
    text = "序号\n2025年预期目标\n责任单位\n1\n粮食产量稳定在20万吨以上\n县农业农村局\n2\n森林覆盖率达到62%\n县林业局\n"
    plan = parse(text).plans[0]
    assert [(i.ref, i.title) for i in plan.items] == [("1", "粮食产量稳定在20万吨以上"), ("2", "森林覆盖率达到62%")]
    assert [t.value for t in item(plan, "2").targets] == [62]
    assert not any(q.kind == "empty_section" for q in plan.quality)


# -- one table, every flattened form --------------------------------------------------------

TASKS = ["新建社区卫生服务站3个。", "改造老旧小区供水管网20公里。", "建成智慧停车平台。", "开展食品安全抽检500批次。",
         "新增普惠托育位200个。", "完成河道清淤12公里。", "建设城市书房4家。", "实施背街小巷整治10条。"]
LEADS = ["区住建局", "区卫健局", "区教育局", "区市场监管局", "区水务局"]
SUPPORTS = ["区财政局", "区自然资源分局", "区城管局", "区发展改革局"]
DEADLINES = ["2025年6月底前", "2025年9月底前", "2025年12月底前"]
GROUPS = ["民生保障", "城市建设", "社会治理"]
FORMS = ["tabs", "pipes", "bare pipes", "lines", "paragraphs", "pipe lines", "pipe-ended"]


@st.composite
def tables(draw):
    n = draw(st.integers(1, 6))
    tasks = draw(st.permutations(TASKS))[:n]
    grouped = draw(st.booleans())
    groups = sorted(draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))) if grouped else [None] * n
    rows = [(str(i + 1), task, draw(st.sampled_from(LEADS)), draw(st.lists(st.sampled_from(SUPPORTS), min_size=1, max_size=2, unique=True)),
             draw(st.sampled_from(DEADLINES)), None if g is None else GROUPS[g]) for i, (task, g) in enumerate(zip(tasks, groups, strict=True))]
    return rows, grouped, draw(st.integers(0, n))


def flatten(rows, grouped: bool, repeat_at: int, form: str, split_parties: bool) -> str:
    """The table as a crawl may have stored it."""
    header = (["类别"] if grouped else []) + ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
    table: list[list[str]] = [header]
    for i, (ref, task, lead, supports, due, group) in enumerate(rows):
        if i == repeat_at and i:
            table.append(header)  # a page break repeats the header
        spanned = grouped and i and rows[i - 1][5] == group
        cells = ([] if spanned else [group]) if grouped else []
        table.append([*cells, ref, task, lead, "、".join(supports) if not split_parties else "\n".join(supports), due])
    caption = "某区2025年重点任务分解表\n"
    if form in ("tabs", "pipes", "bare pipes"):
        def line(cells: list[str]) -> str:
            cells = [c.replace("\n", "、") for c in cells]
            return "\t".join(cells) if form == "tabs" else ("| " + " | ".join(cells) + " |" if form == "pipes" else " | ".join(cells))
        return caption + "\n".join(line(r) for r in table) + "\n"
    if form == "pipe-ended":
        return caption + "".join("|\n" + "".join(f"{c} |\n" for c in "\n".join(r).split("\n")) for r in table)
    sep = {"lines": "\n", "paragraphs": "\n\n", "pipe lines": "\n|\n"}[form]
    return caption + sep.join(c for r in table for c in "\n".join(r).split("\n")) + "\n"


@settings(max_examples=120, deadline=None)
@given(tables(), st.sampled_from(FORMS), st.booleans())
def test_any_table_flattened_in_any_form_gives_the_same_rows(table, form, split_parties):
    rows, grouped, repeat_at = table
    plan = parse(flatten(rows, grouped, repeat_at, form, split_parties and form not in ("tabs", "pipes", "bare pipes"))).plans[0]
    got = [(i.ref, i.title, section_title(plan, i), [(a.surface, a.role) for a in i.assignments], [t.deadline.month for t in i.targets])
           for i in plan.items]
    want = [(ref, task, group, [(lead, "lead"), *[(s, "support") for s in supports]], [int(re.search(r"年(\d+)月", due).group(1))])
            for ref, task, lead, supports, due, group in rows]
    assert got == want


@pytest.mark.parametrize("sep", ["\t", " | "])
def test_a_row_missing_its_merged_lead_cell_takes_it_from_the_row_above(sep):
    rows = [("序号", "工作任务", "牵头单位", "完成时限"), ("1", "新建城南小学", "区教育局", "9月底前"),
            ("2", "扩建实验幼儿园", "12月底前"), ("3", "新建社区卫生服务站", "区卫健局", "10月底前")]
    plan = parse("某区2025年任务分解表\n" + "\n".join(sep.join(r) for r in rows) + "\n").plans[0]
    two = item(plan, "2")
    assert [a.surface for a in two.assignments] == ["区教育局"]  # not the deadline read as an office
    assert [t.deadline.month for t in two.targets] == [12]
    last = [("序号", "工作任务", "完成时限", "牵头单位"), ("1", "新建城南小学", "9月底前", "区教育局"),
            ("2", "扩建实验幼儿园", "12月底前"), ("3", "新建社区卫生服务站", "10月底前", "区卫健局")]
    trailing = parse("某区2025年任务分解表\n" + "\n".join(sep.join(r) for r in last) + "\n").plans[0]
    assert [a.surface for a in item(trailing, "2").assignments] == []  # trailing cells left out are not spanned


def test_a_responsibility_cell_or_line_written_as_a_statement():
    table = "某区2025年任务分解表\n序号\t工作任务\t责任单位\t完成时限\n1\t新建城南小学\t区教育局牵头，区住建局、区财政局配合\t9月底前\n"
    lines = "某区2025年工作要点\n1.新建城南小学。\n责任单位：区教育局牵头，区住建局、区财政局配合。\n2.扩建幼儿园。\n责任单位：区教育局、区住建局\n"
    for text in (table, lines):
        plan = parse(text).plans[0]
        one = item(plan, "1")
        assert [(a.surface, a.role, a.rule) for a in one.assignments] == [
            ("区教育局", "lead", "explicit"), ("区住建局", "support", "explicit"), ("区财政局", "support", "explicit"),
        ]  # not 区教育局牵头 as an office
