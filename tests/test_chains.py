"""Chains of tasks across levels (上下级任务对应) on invented plans: levels, citations, links, views."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from dutygraph.cli import cli
from dutygraph.graph.convert import from_networkx, to_networkx
from dutygraph.graph.rdf.triples import to_rdf
from dutygraph.graph.rdf.read import from_rdf
from dutygraph.importers.facts.citations import find_citations, item_key
from dutygraph.importers.reading import read
from dutygraph.ontology import chains
from dutygraph.ontology.correct import apply_corrections
from dutygraph.ontology.corrections import parse_corrections
from dutygraph.ontology.levels import place
from dutygraph.ontology.model import Corpus, display_ref
from dutygraph.ontology.shacl import validate_graph
from dutygraph.ontology.terms import DG
from dutygraph.queries import chains as cq

DOCS = Path(__file__).parent / "documents"
CHAINS, WATER = DOCS / "chains", DOCS / "chains-water"
NATIONAL, EAST, WEST, CITY = "1-national-plan.txt", "3-province-east.txt", "4-province-west.txt", "5-city-yuntai.txt"
DECOYS = ("2-national-unrelated.txt", "6-province-east-workplan.txt")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return read([CHAINS]).whole()


def _links(corpus: Corpus) -> dict[tuple[str, str, str, str], str]:
    """(lower file, lower ref, higher file, higher ref) → rule, for every link of the corpus."""
    where = {}
    for plan in corpus.plans:
        by_id = {i.id: i for i in plan.items}
        where.update({i.id: (plan.source.name, display_ref(i, by_id)) for i in plan.items})
    return {(*where[i.id], *where[link.target]): link.rule
            for p in corpus.plans for i in p.items for link in i.derived_from}


def _gold(folder: Path) -> set[tuple[str, str, str, str]]:
    return {tuple(row) for row in tomllib.loads((folder / "gold.toml").read_text("utf-8"))["links"]}


# -- levels -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "level", "evidence"), [
    ("国务院办公厅", "national", "国务院"), ("水利部", "national", "水利部"), ("国家发展改革委", "national", "国家"),
    ("东川省人民政府办公厅", "province", "东川省"), ("上海市教育委员会", "province", "上海市"),
    ("广西壮族自治区教育厅", "province", "广西壮族自治区"), ("东川省云台市教育局", "city", "东川省云台市"),
    ("北原省清水县人民政府办公室", "county", "北原省清水县"), ("云台市青山区教育局", "county", "云台市青山区"),
    ("青山县石门镇人民政府", "township", "青山县石门镇"), ("市民政局", "city", "市"),
])
def test_an_issuer_is_placed_by_the_places_its_name_begins_with(name, level, evidence):
    found = place(name)
    assert found is not None and (found.level, found.rule, found.evidence) == (level, "name", evidence)


def test_a_name_that_says_no_place_falls_back_on_a_document_number_or_stays_unplaced():
    assert place("未署名发文机关", ["国办函〔2014〕119号"]).level == "national"  # type: ignore[union-attr]
    assert place("未署名发文机关", ["鄂教发〔2022〕3号"]).level == "province"  # type: ignore[union-attr]
    assert place("未署名发文机关", ["十政办发〔2021〕1号"]) is None  # a city or a county? not said
    assert place("市场监督管理局") is None


@given(st.text(max_size=40))
def test_placing_any_name_never_fails_and_rests_on_words_of_the_name(name):
    found = place(name)
    assert found is None or (found.rule == "name" and found.evidence in name.removeprefix("中共"))


def test_every_issuer_of_the_invented_chain_is_placed(corpus):
    assert {o.name: o.level for o in corpus.organizations} == {
        "国务院办公厅": "national", "东川省人民政府办公厅": "province", "东川省教育厅": "province",
        "西岭省教育厅": "province", "东川省云台市教育局": "city"}


# -- citations ----------------------------------------------------------------------------------

def test_a_plan_cites_the_plan_above_it_in_its_opening(corpus):
    plans = {p.source.name: p for p in corpus.plans}
    east = plans[EAST]
    assert [(c.doc_number, c.title, c.target) for c in east.cites] == [
        ("国办发〔2030〕17号", "山区学校数字课堂建设行动方案", plans[NATIONAL].id)]
    assert east.cites[0].span.text == "《山区学校数字课堂建设行动方案》（国办发〔2030〕17号）"
    assert [c.target for c in plans[CITY].cites] == [east.id]
    assert plans[WEST].cites == () and plans[NATIONAL].cites == ()  # its own number and title are not citations


@given(st.text(alphabet="国办发政〔〕（）()《》第项条五十12 3号年落实根据。，甲乙", max_size=60))
def test_citations_are_found_in_any_text_where_they_are(text):
    for c in find_citations(text):
        assert text[c.start:c.end] == c.text
        assert c.doc_number or c.title
        assert c.item is None or c.item == item_key(c.item)


@given(st.text(max_size=80))
def test_task_words_keep_only_chinese_words_of_the_text_and_similarity_stays_in_range(text):
    words = chains.task_words(text)
    assert len(words) <= len(text) and all("\u4e00" <= ch <= "\u9fff" for ch in words)
    score, shared = chains.similarity(words, chains.task_words(text[::-1]))
    assert 0 <= score <= 1 and shared in chains.task_words(text[::-1])


# -- links --------------------------------------------------------------------------------------

def test_the_links_are_the_ones_a_reader_draws(corpus):
    found = _links(corpus)
    assert set(found) == _gold(CHAINS)
    cited = {k: v for k, v in found.items() if v == "cites_item"}
    assert cited == {(EAST, "2", NATIONAL, "2"): "cites_item", (EAST, "6", NATIONAL, "5"): "cites_item",
                     (CITY, "2", EAST, "3"): "cites_item"}


def test_the_second_chain_ministry_province_county_is_linked_too():
    assert set(_links(read([WATER]).whole())) == _gold(WATER)


def test_decoys_are_never_linked_however_alike_their_words(corpus):
    for lower, _, higher, _ in _links(corpus):
        assert lower not in DECOYS and higher not in DECOYS
    # the unrelated county plan repeats the ministry's wording, and links to nothing
    assert not any("4-county-unrelated.txt" in link for link in _links(read([WATER]).whole()))


def test_west_is_compared_by_theme_and_east_by_citation(corpus):
    bases = {(p.source.name, link.basis) for p in corpus.plans for i in p.items for link in i.derived_from}
    assert {b for f, b in bases if f == WEST} == {"theme"}
    assert {b for f, b in bases if f in (EAST, CITY)} == {"cites"}


def test_every_link_cites_both_passages_and_its_evidence(corpus):
    rows = cq.links(corpus, explain=True)
    assert len(rows) == len(_gold(CHAINS))
    for row in rows:
        assert row.higher_text and row.lower_text and row.evidence
        assert row.higher_source.startswith(NATIONAL) or row.higher_source.startswith(EAST)
        assert row.lower_source.split(":")[0] in (EAST, WEST, CITY)
        assert 0 < row.confidence <= 1 and 0 <= row.score <= 1
        if row.rule == "cites_item":
            assert "号第" in row.evidence
        else:
            assert row.evidence in chains.task_words(row.lower_text)


def test_linking_again_changes_nothing(corpus):
    assert chains.chain(corpus) == corpus


def test_a_task_no_province_takes_up_is_listed_as_not_broken_down(corpus):
    rows = {(r.plan, r.ref): r for r in cq.unassigned(corpus)}
    national = "山区学校数字课堂建设行动方案"
    both = ["东川省山区学校数字课堂建设行动实施方案", "西岭省山区学校数字课堂建设行动推进方案"]
    assert rows[(national, "7")].missing_in == both and rows[(national, "7")].taken_up_by == []
    assert rows[(national, "3")].missing_in == both[1:] and rows[(national, "3")].taken_up_by == both[:1]
    assert (national, "1") not in rows


def test_items_that_carry_out_nothing_above_are_listed(corpus):
    assert {(r.plan[:3], r.ref) for r in cq.orphans(corpus)} == {
        ("东川省", "4"), ("东川省", "8"), ("西岭省", "5"), ("西岭省", "6"), ("云台市", "5")}


def test_a_national_task_is_followed_down_to_the_city_with_the_offices_at_each_level(corpus):
    rows = [r for r in cq.counterparts(corpus) if r.ref == "3"]
    assert [(r.depth, r.counterpart_level, r.counterpart_ref, r.counterpart_offices) for r in rows] == [
        (1, "province", "3", ["省教育厅"]), (2, "city", "2", ["电教馆"])]
    assert rows[0].offices == ["教育部"]


# -- corrections ----------------------------------------------------------------------------------

def test_corrections_reject_confirm_and_add_links_and_say_when_they_no_longer_match(english, corpus):
    fixes = parse_corrections(
        "plan: 3-province-east.txt\ncorrections:\n"
        "  - item: '1'\n    confirm_link: {plan: 1-national-plan.txt, item: '1'}\n"
        "  - item: '3'\n    reject_link: {plan: 1-national-plan.txt, item: '3'}\n"
        "  - item: '4'\n    add_link: {plan: 1-national-plan.txt, item: '7'}\n"
        "  - item: '8'\n    confirm_link: {plan: 1-national-plan.txt, item: '8'}\n", "fix.yaml")
    done = apply_corrections(corpus, fixes)
    found = _links(done.corpus)
    assert (EAST, "3", NATIONAL, "3") not in found
    assert found[(EAST, "4", NATIONAL, "7")] == "corrected"
    east = next(p for p in done.corpus.plans if p.source.name == EAST)
    first = east.items[0].derived_from[0]
    assert first.confirmed and first.confidence == 1.0
    assert [str(s) for s in done.stale] == [
        "fix.yaml:10: confirm_link on item 8 of 3-province-east.txt: no link to item 8 of 1-national-plan.txt "
        "was found (add it with add_link)"]
    assert chains.chain(done.corpus) == done.corpus  # corrections hold when the links are made again
    rows = {(r.lower_source.split(":")[0], r.lower_ref, r.higher_ref): r for r in cq.links(done.corpus, plan=EAST)}
    assert rows[(EAST, "4", "7")].evidence == "fix.yaml:8" and rows[(EAST, "1", "1")].confirmed
    assert {f for f, *_ in rows} == {EAST, CITY}  # the links either end of which is in the plan


def test_a_link_correction_with_a_bad_value_names_its_line(english):
    from dutygraph.errors import CorrectionError

    with pytest.raises(CorrectionError, match=r"fix.yaml:4.*add_link: missing 'item'"):
        parse_corrections("plan: a.txt\ncorrections:\n  - item: '1'\n    add_link: {plan: b.txt}\n", "fix.yaml")


# -- views and exports ------------------------------------------------------------------------------

def test_json_rows_name_both_items_and_the_evidence():
    result = CliRunner().invoke(cli, ["chains", str(CHAINS), "--format", "json", "--show", "links", "--explain"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["links"]
    assert len(rows) == len(_gold(CHAINS))
    for row in rows:
        for key in ("higher_plan", "higher_ref", "higher_title", "lower_plan", "lower_ref", "lower_title", "evidence",
                    "rule", "score", "higher_text", "lower_text"):
            assert row[key] not in (None, ""), key


def test_csv_of_unassigned_tasks_and_the_table_without_explain():
    result = CliRunner().invoke(cli, ["chains", str(CHAINS), "--format", "csv", "--show", "unassigned"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output.lstrip("\ufeff"))))
    assert {"plan", "ref", "title", "offices", "missing_in", "taken_up_by", "source"} <= set(rows[0])
    table = CliRunner().invoke(cli, ["chains", str(CHAINS), "--show", "links"])
    assert table.exit_code == 0 and "写明落实上级事项" in table.output and "上级原文" not in table.output


def test_plans_that_neither_cite_nor_share_a_theme_say_so():
    result = CliRunner().invoke(cli, ["chains", str(CHAINS / DECOYS[0]), str(CHAINS / NATIONAL), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "No links across levels" in result.output


def test_a_missing_path_or_plan_is_one_line(tmp_path):
    from dutygraph.cli import main

    result = CliRunner().invoke(cli, ["chains", "no-such-folder"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    with pytest.raises(SystemExit) as exit_:
        main(["chains", str(CHAINS), "--plan", "nothing.txt", "--lang", "en"])
    assert exit_.value.code == 2
    workbook = tmp_path / "chains.xlsx"
    assert CliRunner().invoke(cli, ["chains", str(CHAINS), "-o", str(workbook)]).exit_code == 0
    assert workbook.stat().st_size > 1000


def test_links_levels_and_citations_survive_json_networkx_and_rdf(corpus):
    assert Corpus.model_validate_json(corpus.model_dump_json()) == corpus
    G = to_networkx(corpus)
    assert sum(1 for *_, k in G.edges(keys=True) if k == "IMPLEMENTS") == len(_gold(CHAINS))
    assert from_networkx(G) == corpus
    g = to_rdf(corpus)
    assert from_rdf(g) == corpus
    assert len(set(g.subject_objects(DG.implements))) == len(_gold(CHAINS))
    assert validate_graph(g) == []


def test_shacl_refuses_a_link_without_its_evidence(corpus):
    g = to_rdf(corpus)
    node = next(g.subjects(DG.chainRule, None))
    g.remove((node, DG.chainEvidence, None))
    assert any("dg:chainEvidence" in v.message for v in validate_graph(g))


def test_the_export_and_the_report_carry_the_links(tmp_path):
    out = tmp_path / "chains.json"
    result = CliRunner().invoke(cli, ["export", str(CHAINS), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    linked = [i for p in data["plans"] for i in p["items"] if i.get("implements")]
    assert sum(len(i["implements"]) for i in linked) == len(_gold(CHAINS))
    assert all({"plan", "ref", "title", "rule", "evidence"} <= set(x) for i in linked for x in i["implements"])
    report = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", str(CHAINS), "-o", str(report)])
    assert result.exit_code == 0, result.output
    html = report.read_text("utf-8")
    assert "上下级任务对应" in html and "国办发〔2030〕17号第2项" in html


# -- the real documents ------------------------------------------------------------------------------

def test_the_real_documents_hold_no_link_across_levels_and_keep_their_references(seeds_dir):
    from seeds import shared

    corpus = read([seeds_dir, shared("corpus", "docs")]).whole()
    assert _links(corpus) == {}  # no plan of them cites another, nor shares a theme with one above it
    levels = {o.name: o.level for o in corpus.organizations}
    assert levels["国务院办公厅"] == "national" and levels["湖南省教育厅"] == "province"
    assert levels["苍南县人民政府办公室"] == "county"
    refs = {r.doc_number for p in corpus.plans for i in p.items for r in i.reports_on}
    assert "十政办发〔2021〕1号" in refs  # the progress table's 来源: a plan not among the documents
    cited = {c.title for p in corpus.plans for c in p.cites}
    assert "国家突发公共事件总体应急预案" in cited and all(c.target is None for p in corpus.plans for c in p.cites)


def test_the_pages_show_what_an_item_carries_out(corpus):
    from dutygraph.viz.details import item_details

    G = to_networkx(corpus)
    east = next(p for p in corpus.plans if p.source.name == EAST)
    shown = str(item_details(G, east.items[1].id))
    assert "落实上级任务" in shown and "国办发〔2030〕17号第2项" in shown and "1-national-plan.txt:12" in shown
