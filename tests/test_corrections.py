"""Corrections that survive re-import (issue 13): every operation, the file and line recorded, stale
corrections reported, bad files one line, and the seeds corrected in every view."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from click.testing import CliRunner
from dutygraph.graph.convert import from_networkx, to_networkx
from dutygraph.importers.reading import parse, read
from dutygraph.ontology.correct import apply_corrections
from dutygraph.ontology.corrections import load_corrections, parse_corrections, template
from dutygraph.queries.targets import targets_by_deadline
from dutygraph.queries.workload import office_workload
from dutygraph.viz.details import item_details
from dutygraph.viz.page import render_page
from dutygraph.viz.report import render_report
from dutygraph.viz.views import responsibility_view
from helpers import item, offices

from dutygraph.cli import cli, main
from dutygraph.errors import CorrectionError

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)

PLAN = """某县教育局2023年工作要点
1.新建幼儿园3所，改扩建幼儿园2所。（基建科牵头，财务科配合）
2.开展教研活动。（教研室负责）
"""


@pytest.fixture
def run_main(capsys):
    """``dutygraph ARGS`` as the console script runs it: (exit status, stderr)."""
    def run(*args: str) -> tuple[int, str]:
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code
        return code, capsys.readouterr().err

    return run


def fix(yaml: str, name: str = "fix.yaml"):
    corpus = parse(PLAN, source="plan.txt")
    return corpus, apply_corrections(corpus, parse_corrections(yaml, name))


def one(done):
    return done.corpus.plans[0]


# --------------------------------------------------------------------------- the operations


def test_set_lead_add_remove_and_role():
    corpus, done = fix("plan: plan.txt\ncorrections:\n"
                       "  - item: '1'\n    set_lead: 财务科\n    add_office: {office: 人事科, role: support}\n"
                       "  - item: '2'\n    remove_office: 教研室\n    add_office: 督导室\n"
                       "  - item: '2'\n    set_role: {office: 督导室, role: lead}\n")
    assert done.stale == ()
    plan = one(done)
    assert offices(done.corpus, plan.items[0]) == [
        ("基建科", "support", "corrected"), ("财务科", "lead", "corrected"), ("人事科", "support", "corrected")]
    assert offices(done.corpus, plan.items[1]) == [("督导室", "lead", "corrected")]
    assert [(c.op, c.before, c.after, c.line) for c in plan.items[0].corrections] == [
        ("set_lead", "基建科", "财务科", 4), ("add_office", None, "人事科 (support)", 5)]
    added = plan.items[0].assignments[2]
    assert (added.span.file, added.span.line, added.span.text) == ("fix.yaml", 5, "add_office: {office: 人事科, role: support}")
    assert any(p.name == "督导室" for p in done.corpus.parties)  # a new office joins the corpus


def test_targets_values_deadlines_and_statuses():
    corpus, done = fix("plan: plan.txt\ncorrections:\n"
                       "  - item: '1'\n    drop_target: 改扩建幼儿园2所\n    set_value: {target: 1, value: 4, comparator: '>='}\n"
                       "    set_deadline: 2023-06-30\n    set_status: {status: 已完成, as_of: 2023-07-01, note: 已销号}\n"
                       "  - item: '2'\n    set_deadline: 2023-09-30\n")
    assert done.stale == ()
    first, second = one(done).items
    assert [(t.text, t.value, t.comparator, t.deadline, t.deadline_rule) for t in first.targets] == [
        ("新建幼儿园3所", 4, ">=", dt.date(2023, 6, 30), "corrected")]
    assert (first.status, first.progress[-1].status_rule, first.progress[-1].text) == ("completed", "corrected", "已销号")
    assert first.status_from == first.progress[-1].id and first.progress[-1].span.line == 7
    # an item without a target becomes a milestone of the date
    assert [(t.text, t.value, t.deadline, t.span.line) for t in second.targets] == [("开展教研活动。", None, dt.date(2023, 9, 30), 9)]
    assert [c.op for c in first.corrections] == ["drop_target", "set_value", "set_deadline", "set_status"]


def test_corrections_that_no_longer_match_are_reported():
    _, done = fix("plan: plan.txt\ncorrections:\n"
                  "  - item: '9'\n    set_lead: 财务科\n"
                  "  - item: '1'\n    remove_office: 督导室\n    set_lead: 基建科\n    drop_target: 7\n"
                  "  - item: '2'\n    drop_target: 新建\n    set_status: not_started\n"
                  "  - plan: other.txt\n    item: '1'\n    set_lead: 财务科\n")
    stale = sorted(done.stale, key=lambda s: s.line)
    assert [(s.line, s.unread) for s in stale] == [(3, False), (6, False), (7, False), (8, False), (10, False), (12, True)]
    messages = [str(s.message) for s in stale]
    assert "plan.txt has no item 9 (the document changed?)" in messages[0]
    assert "督导室 is not on it" in messages[1] and "基建科 already leads it" in messages[2]
    assert "it has 2 targets, no target 7" in messages[3] and "no target reads “新建”" in messages[4]
    assert one(done).items[1].status == "not_started"  # line 11 still matched, and applied
    assert "no plan 'other.txt'" in messages[5]


def test_ambiguous_refs_ask_for_a_section():
    corpus = parse("某县教育局2023年工作要点\n一、甲\n1.开展教研。（教研室负责）\n二、乙\n1.开展培训。（人事股负责）\n",
                   source="p.txt")
    fixes = parse_corrections("plan: p.txt\ncorrections:\n  - item: '1'\n    set_lead: 财务股\n"
                              "  - item: '1'\n    section: 乙\n    set_lead: 财务股\n", "f.yaml")
    done = apply_corrections(corpus, fixes)
    assert ["add `section:`" in str(s.message) for s in done.stale] == [True]
    assert offices(done.corpus, done.corpus.plans[0].items[1])[-1] == ("财务股", "lead", "corrected")


def test_yaml_and_toml_say_the_same():
    yaml = "plan: plan.txt\ncorrections:\n  - item: '1'\n    set_lead: 财务科\n    drop_target: 2\n"
    toml = 'plan = "plan.txt"\n\n[[corrections]]\nitem = "1"\nset_lead = "财务科"\ndrop_target = 2\n'
    a, b = parse_corrections(yaml, "f.yaml"), parse_corrections(toml, "f.toml")
    assert [(o.op, o.value) for o in a[0].ops] == [(o.op, o.value) for o in b[0].ops]
    assert [o.line for o in b[0].ops] == [5, 6] and b[0].line == 3


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("f.yaml", "corrections:\n  - item: '1'\n    set_leaders: 财务科\n", 3, "unknown operation 'set_leaders'"),
        ("f.yaml", "corrections:\n  - item: '1'\n    set_lead: 财务科\n", 2, "names no plan"),
        ("f.yaml", "plan: a\ncorrections:\n  - set_lead: 财务科\n", 3, "names no item"),
        ("f.yaml", "plan: a\ncorrections:\n  - item: 1\n    set_deadline: 明年\n", 4, "is not a date"),
        ("f.yaml", "plan: a\ncorrections:\n  - item: 1\n    set_status: done\n", 4, "unknown status 'done'"),
        ("f.yaml", "plan: a\ncorrections:\n  - item: 1\n    set_role: {office: 甲, role: boss}\n", 4, "role must be"),
        ("f.yaml", "plan: a\ncorrections:\n  - item: 1\n    set_value: {value: many}\n", 4, "is not a number"),
        ("f.yaml", "plan: a\ncorrections: [\n", 3, "not valid YAML"),
        ("f.toml", 'plan = "a"\n[[corrections]]\nitem = "1"\nset_value = 3\n', 4, "set_value takes a mapping"),
        ("f.toml", 'plan = "a\n', 1, "not valid TOML"),
        ("f.yaml", "- 1\n- 2\n", 1, "holds `plan` and a list"),
    ],
)
def test_bad_files_are_one_line_with_file_and_line(tmp_path, run_main, name, text, line, message):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    with pytest.raises(CorrectionError) as caught:
        load_corrections(path)
    assert caught.value.line == line and message in str(caught.value.message)
    doc = tmp_path / "plan.txt"
    doc.write_text(PLAN, "utf-8")
    code, err = run_main("workload", str(doc), "--corrections", str(path))
    assert code == 2
    assert err.strip().splitlines() == [f"dutygraph: {path}:{line}: {caught.value.message}"]


def test_cli_reports_stale_corrections_and_strict_writes_nothing(tmp_path, run_main):
    doc, fixes, out = tmp_path / "plan.txt", tmp_path / "fix.yaml", tmp_path / "out.json"
    doc.write_text(PLAN, "utf-8")
    fixes.write_text("plan: plan.txt\ncorrections:\n  - item: '3'\n    set_lead: 财务科\n"
                     "  - plan: gone.txt\n    item: '1'\n    set_lead: 财务科\n", "utf-8")
    code, err = run_main("export", str(doc), "--corrections", str(fixes), "-o", str(out))
    assert code == 1 and out.exists()
    assert err.splitlines() == [
        f"dutygraph: {fixes}:3: correction not applied: plan.txt has no item 3 (the document changed?)",
        f"dutygraph: {fixes}: 1 correction skipped: no plan 'gone.txt' among the documents read"]
    out.unlink()
    code, _ = run_main("export", str(doc), "--corrections", str(fixes), "-o", str(out), "--strict")
    assert code == 2 and not out.exists()


def test_template_lists_every_item_and_applies_as_nothing(seed_plan, tmp_path, run_main):
    plan, corpus = seed_plan("002")
    for fmt in ("yaml", "toml"):
        text = template(corpus, fmt=fmt)
        entries = parse_corrections(text, f"t.{fmt}")
        assert [e.item for e in entries] == [i.ref for i in plan.items]
        assert all(e.ops == () for e in entries)
        assert apply_corrections(corpus, entries).corpus == corpus
    path = tmp_path / "t.yaml"
    code, _ = run_main("corrections", "template", str(tmp_path / "missing.txt"), "-o", str(path))
    assert code == 2 and not path.exists()  # no such document
    (tmp_path / "plan.txt").write_text(PLAN, "utf-8")
    run = CliRunner().invoke(cli, ["corrections", "template", str(tmp_path / "plan.txt"), "-o", str(path)])
    assert run.exit_code == 0
    text = path.read_text("utf-8")
    assert 'plan: "plan.txt"' in text and '# set_lead: "基建科"' in text and "target 2: 改扩建幼儿园2所" in text
    edited = text.replace('# set_lead: "基建科"', 'set_lead: "财务科"', 1)
    path.write_text(edited, "utf-8")
    out = CliRunner().invoke(cli, ["workload", str(tmp_path / "plan.txt"), "--corrections", str(path), "--format", "json"])
    assert out.exit_code == 0
    assert {r["office"]: r["leads"] for r in json.loads(out.output)["offices"]} == {"财务科": 1, "基建科": 0, "教研室": 1}


# --------------------------------------------------------------------------- the seeds, corrected

SEED_FIXES = """plan: 002_f39552d3b4a69c72.txt
corrections:
  - item: "12"
    set_lead: 发展规划处
  - item: "27"
    drop_target: 新改扩建193所
  - item: "3"
    set_status: {status: completed, as_of: 2022-09-30, note: 销号}
"""


@pytest.fixture
def seed_fixes(tmp_path, seeds_dir):
    folder = tmp_path / "seeds"
    shutil.copytree(seeds_dir, folder)
    path = tmp_path / "fixes.yaml"
    path.write_text(SEED_FIXES, "utf-8")
    return folder, path


def corrected(folder, path):
    done = apply_corrections(read([folder]).whole(), load_corrections(path))
    assert done.stale == ()
    return done.corpus


def test_seed_corrections_show_in_workload_and_targets(seed_fixes, seed_corpus):
    folder, path = seed_fixes
    corpus = corrected(folder, path)
    before = {r.office: r for r in office_workload(to_networkx(seed_corpus), plan="002_f39552d3b4a69c72.txt")}
    after = {r.office: r for r in office_workload(to_networkx(corpus), plan="002_f39552d3b4a69c72.txt")}
    assert after["发展规划处"].leads == before["发展规划处"].leads + 1
    assert after["高等教育和职业教育处"].leads == before["高等教育和职业教育处"].leads - 1
    [twelve] = [i for i in after["发展规划处"].items if i.ref == "12"]
    assert twelve.role == "lead" and f"{path}:4" in twelve.sources
    rows = targets_by_deadline(to_networkx(corpus), as_of=dt.date(2023, 1, 15), plan="002_f39552d3b4a69c72.txt")
    assert {r.status for r in rows if r.ref == "3"} == {"completed"}
    assert {r.completed_by for r in rows if r.ref == "3"} == {f"{path}:8"}
    assert {r.status for r in rows if r.ref != "3"} == {"overdue"}  # the rest passed 2022-12-31
    assert "新改扩建193所" not in {r.text for r in rows}


def test_seed_corrections_show_in_the_export_and_the_pages(seed_fixes):
    folder, path = seed_fixes
    runner = CliRunner()
    out = runner.invoke(cli, ["export", str(folder), "--corrections", str(path)])
    assert out.exit_code == 0, out.output
    plan = next(p for p in json.loads(out.output)["plans"] if p["source"] == "002_f39552d3b4a69c72.txt")
    items = {i["ref"]: i for i in plan["items"]}
    assert items["12"]["corrections"] == [{"op": "set_lead", "file": str(path), "line": 4, "before": "高等教育和职业教育处",
                                          "after": "发展规划处"}]
    assert [o["name"] for o in items["12"]["offices"] if o["role"] == "lead"] == ["发展规划处"]
    assert "新改扩建193所" not in [t["text"] for t in items["27"]["targets"]]
    assert items["3"]["status"] == "completed" and items["3"]["progress"][-1]["status_rule"] == "corrected"
    corpus = corrected(folder, path)
    G = to_networkx(corpus)
    twelve = next(i.id for p in corpus.plans for i in p.items if p.source.name.startswith("002") and i.ref == "12")
    lines = [line for block in item_details(G, twelve) for line in block.get("lines", [])]
    assert f"lead set: 高等教育和职业教育处 → 发展规划处  ({path}:4)" in lines
    page = render_page(responsibility_view(G))
    assert f"{path}:4".replace("/", "\\/") in page or f"{path}:4" in page
    report = render_report(G, as_of=dt.date(2023, 1, 15))
    assert "Corrections applied (3)" in report and f"{path}:8" in report and "completed" in report


def test_seed_corrections_survive_reimport_and_round_trip(seed_fixes):
    folder, path = seed_fixes
    first = corrected(folder, path)
    assert corrected(folder, path) == first
    assert from_networkx(to_networkx(first)) == first


def test_a_changed_document_reports_the_correction_that_no_longer_matches(seed_fixes, run_main):
    folder, path = seed_fixes
    doc = folder / "002_f39552d3b4a69c72.txt"
    text = doc.read_text("utf-8")
    doc.write_text(text.replace("新改扩建193所中", "新改扩建190所中"), "utf-8")
    done = apply_corrections(read([folder]).whole(), load_corrections(path))
    assert [(s.line, str(s.message)) for s in done.stale] == [
        (6, "drop_target on item 27 of 002_f39552d3b4a69c72.txt: no target reads “新改扩建193所”")]
    code, err = run_main("workload", str(folder), "--corrections", str(path))
    assert code == 1
    assert f"dutygraph: {path}:6: correction not applied: drop_target on item 27" in err


def test_corrected_and_linked_corpora_round_trip_through_neo4j(neo4j_driver, seed_fixes, tmp_path):
    from dutygraph.graph.neo4j.store import pull, push
    from dutygraph.queries import cypher
    from test_progress import REPORT, SOURCE

    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    corpus = corrected(*seed_fixes)
    push(corpus, neo4j_driver)
    assert pull(neo4j_driver) == corpus
    G = to_networkx(corpus)
    for as_of in (dt.date(2022, 6, 30), dt.date(2023, 1, 15)):
        assert cypher.targets_by_deadline(neo4j_driver, as_of=as_of) == targets_by_deadline(G, as_of=as_of)
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    (tmp_path / "plan.txt").write_text(SOURCE, "utf-8")
    (tmp_path / "report.tsv").write_text(REPORT, "utf-8")
    linked = read([tmp_path / "plan.txt", tmp_path / "report.tsv"]).whole()
    push(linked, neo4j_driver)
    assert pull(neo4j_driver) == linked
    G = to_networkx(linked)
    assert cypher.targets_by_deadline(neo4j_driver, as_of=dt.date(2022, 8, 1)) == targets_by_deadline(G, as_of=dt.date(2022, 8, 1))


def test_the_readme_example():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    fixes = root / "docs" / "examples" / "corrections.yaml"
    done = apply_corrections(read([root / "examples"]).whole(), load_corrections(fixes))
    assert done.stale == ()
    plan = next(p for p in done.corpus.plans if p.source.name == "qingshan-2024-work-plan.txt")
    assert [(i.ref, c.op) for i in plan.items for c in i.corrections] == [
        ("1", "set_status"), ("2", "drop_target"), ("7", "set_lead")]
    assert offices(done.corpus, item(plan, "7"))[0] == ("人事科", "support", "corrected")
