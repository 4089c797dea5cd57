"""Party hygiene (issue 20): what may become an office or a leader, the one-line fixes for what
may not (not_party, collective, set_leader, remove_leader), and office levels."""

from __future__ import annotations


import pytest
from hypothesis import given
from hypothesis import strategies as st

from dutygraph.importers.facts.hygiene import leader_refusal, party_refusal
from dutygraph.importers.reading import ReadOptions, parse, read
from dutygraph.ontology.corrections import parse_corrections
from dutygraph.ontology.correct import apply_corrections
from dutygraph.ontology.bodies import office_level, shown_kind
from dutygraph.ontology.offices import AliasTable, load_aliases, resolve
from dutygraph.queries.aliases import alias_merges
from seeds import shared

LIVELIHOOD = (
    "2031年民生实事项目\n"
    "1.新辟公交线路10条。牵头领导:赵一 责任单位:市交通委 项目责任人:各区区长,相关管委会主任 "
    "配合单位:市公安局、市城管局,各区政府 东湖 西岭、北塘 合计 年度目标 2 5 7\n"
    "2.建设养老床位300张。牵头领导:钱二 责任单位:市民政局 实际完成情况:已建成200张\n"
)


def named(corpus) -> tuple[set[str], set[str], list[str]]:
    parties = {p.id: p.name for p in corpus.parties}
    leaders = {v.id: v.name for v in corpus.leaders}
    plan = corpus.plans[0]
    return ({parties[a.party] for i in plan.items for a in i.assignments},
            {leaders[r.leader] for i in plan.items for r in i.responsibilities},
            [(q.code, q.params["name"], q.params["reason"]) for q in plan.quality if q.kind == "not_a_party"])


def test_a_flattened_data_table_gives_no_parties_and_collectives_no_leaders():
    parties, leaders, notes = named(parse(LIVELIHOOD, source="p.txt"))
    assert parties == {"市交通委", "市公安局", "市城管局", "各区政府", "市民政局"}
    assert leaders == {"赵一", "钱二"}
    # the district table after the list is refused whole: past a blank, a list goes on only with a
    # body's name (totals and column heads on their own: the next test)
    assert any(n[:2] == ("not_a_party", "东湖 西岭、北塘 合计 年度目标 2 5 7") for n in notes)
    assert ("not_a_leader", "各区", "collective") in notes and ("not_a_leader", "相关管委会", "collective") in notes


def test_fragments_totals_and_header_words_are_refused_with_a_note():
    corpus = parse("青山市人民政府2031年工作要点\n1.加强城市管理。（市城管局牵头，各区、县级市配合）\n"
                   "2.做好统计。（合计、责任单位、市统计局负责）\n", source="q.txt")
    parties, _, notes = named(corpus)
    assert parties == {"市城管局", "各区", "市统计局"}
    assert notes == [("not_a_party", "县级市", "fragment"), ("not_a_party", "合计", "total"),
                     ("not_a_party", "责任单位", "head")]
    names = {p.id: p.name for p in corpus.parties}
    leads = [names[a.party] for a in corpus.plans[0].items[1].assignments if a.role == "lead"]
    assert leads == ["市统计局"]  # 合计 was listed first: the lead by order moves to the first body


def test_known_short_forms_and_collectives_stay_parties():
    table = AliasTable.builtin()
    for surface in ("基教", "相关处室", "各县（市、区）教育局", "高新区", "国家发展改革委"):
        issuer = "国务院办公厅" if surface.startswith("国家") else "十堰市教育局"
        assert party_refusal(surface, resolve(surface, table=table, issuer=issuer, unit="科"), table, issuer) is None


@given(st.sampled_from("王李张刘陈杨赵黄周吴"), st.text(alphabet="建国明华丽军平芳强伟", min_size=1, max_size=2))
def test_a_persons_name_is_always_a_leader(surname, given_name):
    assert leader_refusal(surname + given_name) is None
    assert leader_refusal(surname + given_name, "副局长") is None


@given(st.sampled_from(["各", "相关", "有关"]), st.sampled_from(["区", "县", "管委会", "部门", "单位"]))
def test_a_collective_is_never_a_leader(determiner, noun):
    assert leader_refusal(determiner + noun) == "collective"


def test_aliases_file_says_not_party_and_collective(tmp_path):
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[issuer."*"]\nnot_party = ["北塘"]\ncollective = ["市直园区"]\n', "utf-8")
    table = load_aliases(aliases)
    text = "青山市人民政府2031年工作要点\n1.甲。（市财政局牵头，北塘、市直园区配合）\n"
    corpus = parse(text, ReadOptions(aliases=table), source="a.txt")
    kinds = {p.name: p.kind for p in corpus.parties}
    assert kinds == {"市财政局": "office", "市直园区": "collective"}
    rows = [(r.surface, r.rule, r.sources) for r in alias_merges(corpus) if r.rule in ("not_party", "collective")]
    assert rows == [("北塘", "not_party", ("a.txt:2",)), ("市直园区", "collective", ("a.txt:2",))]


def test_aliases_file_rules_can_be_for_one_issuer(tmp_path):
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text('issuer:\n  青山市人民政府:\n    not_party: [东湖]\n', "utf-8")
    table = load_aliases(aliases)
    assert table.refuses("青山市人民政府", "东湖") and not table.refuses("青川市人民政府", "东湖")


def test_aliases_file_with_a_bad_list_names_the_file(english, tmp_path):
    from dutygraph.errors import UsageError

    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[issuer."*"]\nnot_party = "县级市"\n', "utf-8")
    with pytest.raises(UsageError, match="aliases.toml.*not_party must be a list"):
        load_aliases(aliases)


def test_corrections_set_and_remove_leaders(english):
    corpus = parse("青山市教育局2031年工作要点\n1.甲。（基建科牵头）\n责任领导：张三\n2.乙。（教研室负责）\n责任领导：李四\n",
                   source="plan.txt")
    fixes = parse_corrections("plan: plan.txt\ncorrections:\n  - item: '1'\n    remove_leader: 张三\n"
                              "  - item: '2'\n    set_leader: {leader: 王五, title: 副局长}\n"
                              "  - item: '2'\n    remove_leader: 赵六\n", "fix.yaml")
    done = apply_corrections(corpus, fixes)
    first, second = done.corpus.plans[0].items
    leaders = {v.id: v for v in done.corpus.leaders}
    assert first.responsibilities == ()
    assert [(leaders[r.leader].name, leaders[r.leader].title, r.span.cite()) for r in second.responsibilities] == [
        ("王五", "副局长", "fix.yaml:6")]
    assert [(c.op, c.before, c.after) for c in (*first.corrections, *second.corrections)] == [
        ("remove_leader", "张三", None), ("set_leader", "李四", "王五")]
    assert sorted(v.name for v in done.corpus.leaders) == ["王五"]  # leaders named nowhere are gone
    assert [str(s) for s in done.stale] == ["fix.yaml:8: remove_leader on item 2 of plan.txt: 赵六 is not a leader of it"]


def test_office_levels_follow_the_body_not_one_word():
    assert [shown_kind("office", n, "国务院办公厅") for n in ("生态环境部", "国家体育总局", "财政部")] == ["ministry"] * 3
    assert [office_level(n) for n in ("县教育局", "基础教育处", "职成教科", "城关镇", "县人民政府")] == [
        "bureau", "division", "section", "township", "government"]


@pytest.fixture(scope="module")
def everything():
    """The seeds, the corpus and the local corpus read together (what a new user would read)."""
    return read([shared("seeds"), shared("corpus", "docs"), shared("corpus-local", "docs")]).corpus


HEADS = {"序号", "工作任务", "具体要求", "责任单位", "牵头单位", "配合单位", "责任科室", "完成时限", "时限要求", "进展情况",
         "项目内容", "年度目标", "实际完成"}


def test_no_bad_office_or_leader_on_all_documents(everything):
    used = {a.party for p in everything.plans for i in p.items for a in i.assignments}
    names = {p.name for p in everything.parties if p.id in used}
    assert not names & ({"县级市", "合计", "小计", "单位", "责任单位"} | HEADS)
    leaders = {r.leader for p in everything.plans for i in p.items for r in i.responsibilities}
    for leader in everything.leaders:
        if leader.id in leaders:
            assert leader_refusal(leader.name, leader.title) is None, leader.name
    ministries = {p.name for p in everything.parties
                  if p.kind == "office" and p.issuer in {o.id for o in everything.organizations if o.name.startswith("国务院")}}
    assert ministries and not any(shown_kind("office", n, "国务院") == "division" for n in ministries if n.endswith("部"))
