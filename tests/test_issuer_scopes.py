"""Issuer scopes (issue 20): placeless and unnamed issuers are their own scopes, a document
number's prefix may name the issuer, page furniture and fragments never do, and diff warns."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dutygraph.graph.convert import to_networkx
from dutygraph.importers.reading import ReadOptions, parse, read
from dutygraph.ontology.issuers import issuer_from_number, issuer_label
from dutygraph.queries.diff import issuer_warnings
from dutygraph.queries.network import brokers
from dutygraph.queries.workload import office_workload, within_issuers
from seeds import seed, shared

CITY_PLAN = "市教育局2031年工作要点\n1.扩充学前学位。（学前科牵头，财务科配合）\n2.开展教研活动。（教研室负责）\n"


def issuers_of(corpus) -> list[tuple[str, str | None, str | None, str | None]]:
    orgs = {o.id: o for o in corpus.organizations}
    return [(orgs[i].name, orgs[i].qualifier, orgs[i].rule, orgs[i].doubt) for p in corpus.plans for i in p.issuers]


def test_two_placeless_issuers_stay_two_scopes_everywhere(tmp_path):
    (tmp_path / "east.txt").write_text(CITY_PLAN, "utf-8")
    (tmp_path / "west.txt").write_text(CITY_PLAN.replace("教研室", "教科所"), "utf-8")
    corpus = read([tmp_path]).whole()
    assert sorted(issuers_of(corpus)) == [("市教育局", "east.txt", "named", "placeless"),
                                          ("市教育局", "west.txt", "named", "placeless")]
    rows = within_issuers(office_workload(to_networkx(corpus)))
    assert {r.issuer for r in rows} == {"市教育局（east.txt）", "市教育局（west.txt）"}
    offices = {issuer: {r.office for r in rows if r.issuer == issuer} for issuer in {r.issuer for r in rows}}
    assert offices == {"市教育局（east.txt）": {"学前教育科", "财务科", "教研室"},  # each issuer ranks its own offices
                       "市教育局（west.txt）": {"学前教育科", "财务科", "教科所"}}


def test_default_issuer_joins_placeless_documents(tmp_path):
    (tmp_path / "east.txt").write_text(CITY_PLAN, "utf-8")
    (tmp_path / "west.txt").write_text(CITY_PLAN.replace("教研室", "教科所"), "utf-8")
    corpus = read([tmp_path], ReadOptions(issuer="青山市教育局")).whole()
    assert issuers_of(corpus) == [("青山市教育局", None, "default", None)] * 2
    assert len(corpus.organizations) == 1


def test_documents_naming_no_issuer_are_never_pooled(tmp_path):
    for name, work in (("a.txt", "甲"), ("b.txt", "乙")):  # two documents (the same bytes are read once)
        (tmp_path / name).write_text(f"重点工作任务分解\n1.{work}项工作。（县财政局牵头）\n2.丙项工作。（县财政局负责）\n", "utf-8")
    corpus = read([tmp_path]).whole()
    assert sorted(issuers_of(corpus)) == [("未署名发文机关", "a.txt", "unnamed", "unnamed"),
                                          ("未署名发文机关", "b.txt", "unnamed", "unnamed")]
    rows = office_workload(to_networkx(corpus))
    assert sorted((r.office, r.issuer, r.leads) for r in rows) == [
        ("县财政局", "未署名发文机关（a.txt）", 2), ("县财政局", "未署名发文机关（b.txt）", 2)]


def test_the_document_number_names_the_issuer_when_the_text_does_not():
    corpus = parse("国办发〔2031〕7号\n各省、自治区人民政府：\n1.推进甲项改革。（财政部牵头，商务部配合）\n", source="n.txt")
    assert issuers_of(corpus) == [("国务院办公厅", None, "doc_number", "doc_number")]
    unknown = parse("青政发〔2031〕7号\n1.推进甲项改革。（财政局牵头）\n", source="u.txt")
    assert issuers_of(unknown) == [("未署名发文机关", "u.txt", "unnamed", "unnamed")]
    assert issuer_from_number("湘教通〔2031〕1号") == "湖南省教育厅"  # the table in ontology/doc_prefixes.toml
    text = "国办发〔2031〕7号\n1.推进甲项改革。（财政部牵头）\n"  # the document's own evidence beats a default
    assert issuers_of(parse(text, ReadOptions(issuer="青山市教育局"), source="d.txt")) == [("国务院办公厅", None, "doc_number", "doc_number")]


def test_a_named_issuer_wins_over_the_document_number():
    corpus = parse("江岭省教育厅2031年工作要点\n国办发〔2031〕7号\n1.甲。（财务处负责）\n", source="x.txt")
    assert issuers_of(corpus) == [("江岭省教育厅", None, "named", None)]


def test_page_furniture_and_fragments_on_a_joined_line_are_never_issuers():
    text = ("发布时间:2031-03-02 08:21 信息来源:青川县教育局江岭省教育厅文件 |江教发〔2031〕3号关于印发《江岭省教育厅"
            "2031年工作要点》的通知各市州教育局，厅机关各处室、驻厅纪检监察组：现将要点印发给你们。一、重点工作 "
            "1.推进学前教育普及。（基础教育处牵头，财务处配合）2.完善教师培训。（教师处负责）")
    corpus = parse(text, source="oneline.txt")
    assert [name for name, *_ in issuers_of(corpus)] == ["江岭省教育厅"]


def test_an_issuer_named_only_by_the_source_line_is_doubtful():
    corpus = parse("信息来源：青川县卫生健康委员会\n\n卫生健康工作任务分解\n1.甲。（县医保局牵头）\n", source="s.txt")
    assert issuers_of(corpus) == [("青川县卫生健康委员会", None, "source_line", "source_line")]


def test_diff_warns_of_placeless_and_different_issuers(tmp_path):
    old = to_networkx(parse(CITY_PLAN, source="2031.txt"))
    new = to_networkx(parse(CITY_PLAN.replace("2031", "2032"), source="2032.txt"))
    assert [(w.kind, w.old, w.new) for w in issuer_warnings(old, new)] == [
        ("placeless", ("市教育局（2031.txt）",), ("市教育局（2032.txt）",))]
    other = to_networkx(parse(CITY_PLAN.replace("市教育局", "江岭省教育厅"), source="p.txt"))
    named = to_networkx(parse(CITY_PLAN.replace("市教育局", "青川县教育局"), source="q.txt"))
    assert [(w.kind, w.old, w.new) for w in issuer_warnings(other, named)] == [
        ("different", ("江岭省教育厅",), ("青川县教育局",))]
    (tmp_path / "old.txt").write_text(CITY_PLAN, "utf-8")
    (tmp_path / "new.txt").write_text(CITY_PLAN.replace("2031", "2032"), "utf-8")
    done = subprocess.run([sys.executable, "-m", "dutygraph", "--lang", "en", "diff", str(tmp_path / "old.txt"),
                           str(tmp_path / "new.txt"), "--format", "json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "name no place" in done.stderr and "--default-issuer" in done.stderr
    assert done.stdout.lstrip().startswith("{")  # the warning stays out of the JSON


def test_brokers_table_shows_every_issuers_top_rows(tmp_path):
    plan = "{org}2031年工作要点\n" + "".join(
        f"{n}.事项{n}。（{a}牵头，{b}配合）\n" for n, (a, b) in enumerate(
            [("甲处", "乙处"), ("乙处", "丙处"), ("丙处", "丁处"), ("丁处", "戊处"), ("戊处", "己处")], 1))
    (tmp_path / "a.txt").write_text(plan.format(org="江岭省教育厅"), "utf-8")
    (tmp_path / "b.txt").write_text(plan.format(org="青川省教育厅"), "utf-8")
    done = subprocess.run([sys.executable, "-m", "dutygraph", "deps", str(tmp_path), "--show", "brokers", "--top", "4"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "江岭省教育厅" in done.stdout and "青川省教育厅" in done.stdout
    corpus = read([tmp_path]).whole()
    assert len({r.issuer for r in brokers_of(corpus)}) == 2


def test_report_matrix_holds_every_issuers_offices(tmp_path):
    import datetime as dt
    import re

    from dutygraph.viz.report import render_report

    plan = "{org}2031年工作要点\n" + "".join(f"{n}.事项{n}。（{a}牵头，{b}配合）\n" for n, (a, b) in enumerate(
        [("甲处", "乙处"), ("甲处", "丙处"), ("甲处", "丁处"), ("乙处", "丙处")], 1))
    heavy = "江岭省教育厅2031年工作要点\n" + "".join(  # each of its four offices is more loaded than any of 青川's
        f"{n}.加项{n}。（{a}牵头，{b}配合）\n" for n, (a, b) in enumerate(
            [("甲处", "乙处"), ("丙处", "丁处"), ("乙处", "甲处"), ("丁处", "丙处")] * 4, 1))
    (tmp_path / "a.txt").write_text(heavy, "utf-8")  # its offices are the most loaded of all
    (tmp_path / "b.txt").write_text(plan.format(org="青川省教育厅"), "utf-8")
    corpus = read([tmp_path]).whole()
    page = render_report(to_networkx(corpus), as_of=dt.date(2031, 6, 1), matrix_size=4)
    matrix = re.search(r'<table class="dg-matrix">.*?</table>', page, re.S).group()
    assert "江岭省教育厅" in matrix and "青川省教育厅" in matrix


def brokers_of(corpus):
    from dutygraph.queries.dependencies import co_assignment, network_of

    G = to_networkx(corpus)
    return brokers(network_of(office_workload(G), co_assignment(G)))


def test_issuer_label_names_the_document():
    assert issuer_label("区府办", "09.txt") == "区府办（09.txt）"


def test_seeds_001_and_002_are_two_issuers():
    corpus = read([seed("001"), seed("002")]).whole()
    labels = {issuer_label(o.name, o.qualifier) for o in corpus.organizations}
    assert len(labels) == 2 and all(label.startswith("市教育局（") for label in labels)
    rows = office_workload(to_networkx(corpus))
    assert len({r.issuer for r in rows}) == 2


@pytest.fixture(scope="module")
def everything():
    """The seeds, the corpus and the local corpus read together (what a new user would read)."""
    folders = [shared("seeds"), shared("corpus", "docs"), shared("corpus-local", "docs")]

    return read(folders).corpus


def test_no_pooled_issuer_on_all_documents(everything):
    shown = [issuer_label(o.name, o.qualifier) for o in everything.organizations]
    assert len(shown) == len(set(shown))
    assert not any(o.name in ("驻厅",) or "来源" in o.name or "发布" in o.name for o in everything.organizations)
