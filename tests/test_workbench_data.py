"""The workbench's data layer without a browser: the corrections file it keeps, stale corrections,
edits made outside it, Office files' places, and the folder it may read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.errors import CorrectionError
from dutygraph.ontology.corrections import parse_corrections, template
from dutygraph.workbench.data import CORRECTIONS_NAME, Workbench
from dutygraph.workbench.edits import append_entry, edits, remove_entry
from office import table_xlsx

PLAN = "青岚县教育局2025年工作要点\n一、学前教育\n1.新建幼儿园3所。（学前教育股牵头，财务股、基建股配合）\n" \
       "2.培训保育员200名。（人事股负责）\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    return tmp_path


def _item(bench: Workbench, ref: str) -> str:
    snap = bench.current()
    return next(i for i, r in snap.refs.items() if r == ref)


def test_every_kind_of_correction_is_written_applied_and_undone(folder: Path) -> None:
    bench = Workbench([str(folder)], cache=False)
    first, second = _item(bench, "1"), _item(bench, "2")
    bench.correct(first, "set_lead", "财务股", author="lin")
    bench.correct(first, "remove_office", "基建股", author="lin")
    bench.correct(second, "add_office", {"office": "安全股", "role": "support"}, author="zhou")
    bench.correct(second, "set_deadline", "2025-06-30", author="zhou")
    bench.correct(second, "set_status", "behind", author="zhou")
    snap = bench.current()
    one, two = snap.items[first][1], snap.items[second][1]
    assert [(snap.parties[a.party].name, a.role) for a in one.assignments] == [("学前教育股", "support"), ("财务股", "lead")]
    assert {snap.parties[a.party].name for a in two.assignments} == {"人事股", "安全股"}
    assert [str(t.deadline) for t in two.targets] == ["2025-06-30"] and two.status == "behind"
    assert [(e.op, e.author) for e in snap.edits] == [("set_lead", "lin"), ("remove_office", "lin"), ("add_office", "zhou"),
                                                      ("set_deadline", "zhou"), ("set_status", "zhou")]
    assert not snap.stale
    text = (folder / CORRECTIONS_NAME).read_text("utf-8")
    assert len(parse_corrections(text, "x.yaml")) == 5
    for edit in reversed(snap.edits):
        bench.undo(edit.line)
    assert bench.current().corpus == Workbench([str(folder)], cache=False).current().corpus


def test_a_correction_that_no_longer_matches_is_stale(folder: Path) -> None:
    bench = Workbench([str(folder)], cache=False)
    bench.correct(_item(bench, "2"), "set_lead", "人事股", author="lin")  # 人事股 leads it already
    assert [s.line for s in bench.current().stale] == [bench.current().edits[0].ops_lines[0]]
    from dutygraph.workbench import items

    shown = items.item(bench.current(), _item(bench, "2"), None)
    assert shown is not None and [(e.op, s.message.params["reason"].code) for e, s in shown["stale"]] == [
        ("set_lead", "stale.leads")]


def test_an_edit_made_outside_the_app_is_read_on_the_next_page(folder: Path) -> None:
    bench = Workbench([str(folder)], cache=False)
    bench.current()
    (folder / CORRECTIONS_NAME).write_text('plan: plan.txt\ncorrections:\n  - item: "2"\n    set_status: 已完成\n', "utf-8")
    snap = bench.current()
    assert snap.items[_item(bench, "2")][1].status == "completed"
    assert [(e.op, e.author) for e in snap.edits] == [("set_status", None)]


def test_the_app_adds_to_a_template_file(folder: Path) -> None:
    bench = Workbench([str(folder)], cache=False)
    (folder / CORRECTIONS_NAME).write_text(template(bench.current().corpus), encoding="utf-8")
    bench.correct(_item(bench, "1"), "set_lead", "财务股", author="lin")
    text = (folder / CORRECTIONS_NAME).read_text("utf-8")
    entries = parse_corrections(text, "x.yaml")
    assert len(entries) == 3 and [o.op for o in entries[-1].ops] == ["set_lead"]
    assert bench.current().stale == ()


NAMES = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=12).filter(str.strip)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(NAMES, st.sampled_from(["set_lead", "remove_office"]), NAMES), min_size=1, max_size=6), st.data())
def test_appended_entries_read_back_and_undo_removes_exactly_one(entries, data) -> None:
    text = ""
    for item, op, office in entries:
        text = append_entry(text, plan="p.txt", item=item, section=None, op=op, value=office, author="u",
                            at="2025-01-01T00:00:00+00:00")
    read = parse_corrections(text, "x.yaml")
    assert [(e.item, e.ops[0].op, e.ops[0].value["office"]) for e in read] == [
        (i.strip(), op, o.strip()) for i, op, o in entries]
    chosen = data.draw(st.sampled_from(edits(text, "x.yaml")))
    left = parse_corrections(remove_entry(text, "x.yaml", chosen.line), "x.yaml")
    assert len(left) == len(read) - 1 and all(e.item for e in left)


def test_a_name_that_yaml_cannot_hold_is_refused(english, folder: Path) -> None:
    bench = Workbench([str(folder)], cache=False)
    for bad in ("财务\x7f股", "财务\n股", "财务\u2028股"):
        with pytest.raises(CorrectionError, match="control character"):
            bench.correct(_item(bench, "1"), "set_lead", bad, author="lin")
    assert not (folder / CORRECTIONS_NAME).exists()


def test_an_office_file_gives_its_sheet_and_cell(tmp_path: Path) -> None:
    table_xlsx(tmp_path / "tasks.xlsx")
    bench = Workbench([str(tmp_path)], cache=False)
    item = bench.current().corpus.plans[0].items[0]
    passage = bench.passage(item.span)
    assert passage.where and "sheet" in passage.where and "cell" in passage.where
    assert passage.lines[0][2] == item.span.text


def test_no_file_outside_the_folder_is_read(folder: Path, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.txt").write_text("不可读取\n", encoding="utf-8")
    (folder / "link.txt").symlink_to(outside / "secret.txt")
    bench = Workbench([str(folder / "plan.txt")], cache=False)
    assert bench._document("../" + outside.name + "/secret.txt") is None
    assert bench._document("link.txt") is None
    assert bench._document("plan.txt") == (folder / "plan.txt").resolve()
    assert bench.add_document("../escape.txt", PLAN.encode()) is None
    assert (folder / "uploads" / "escape.txt").is_file() and not (folder.parent / "escape.txt").exists()
    shutil.rmtree(folder / "uploads")
