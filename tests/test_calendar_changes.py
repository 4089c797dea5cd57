"""Deadlines in calendars and what changed since the last run (issue 24): the .ics parses back
with icalendar and holds every deadline; ``changes`` lists new documents, newly overdue items and
status changes between runs, as text and JSON, and keeps its state file."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from dutygraph.cli import main
from dutygraph.graph.convert import to_networkx
from dutygraph.importers.reading import read
from dutygraph.queries.scope import top_item
from dutygraph.queries.targets import targets_by_deadline

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
ROUNDS = ROOT / "docs" / "examples" / "rounds"


def _calendar(tmp_path, *args):
    out = tmp_path / "deadlines.ics"
    main(["calendar", str(EXAMPLES), "--as-of", "2024-09-15", "-o", str(out), "--lang", "zh", "-q", *args])
    return Calendar.from_ical(out.read_bytes())


def test_the_calendar_holds_every_deadline_once_per_item_and_date(tmp_path):
    events = _calendar(tmp_path).events
    G = to_networkx(read([EXAMPLES]).whole())
    due = {(top_item(G, r.item), r.deadline) for r in targets_by_deadline(G, as_of=dt.date(2024, 9, 15)) if r.deadline}
    assert len(events) == len(due) > 5
    assert sorted(e.start for e in events) == sorted(d for _, d in due)
    assert all(isinstance(e.start, dt.date) and e.end - e.start == dt.timedelta(days=1) for e in events)  # all day
    assert len({str(e["UID"]) for e in events}) == len(events)
    first = next(e for e in events if "完成校园安防设施升级改造80所" in str(e["SUMMARY"]))
    text = str(first["DESCRIPTION"])
    assert str(first["SUMMARY"]) == "【到期】一、3. 完成校园安防设施升级改造80所（安全科）"
    assert "计划：青山市教育局2024年重点任务分解表" in text and "牵头：安全科；配合：财务科" in text
    assert "出处：qingshan-2024-task-table.tsv:11" in text and "即将到期" in text
    assert first.walk("VALARM")[0]["TRIGGER"].dt == dt.timedelta(days=-3)


def test_the_uids_stay_the_same_from_run_to_run(tmp_path):
    assert [str(e["UID"]) for e in _calendar(tmp_path).events] == [str(e["UID"]) for e in _calendar(tmp_path).events]


def test_one_office_s_and_one_leader_s_calendar(tmp_path):
    office = _calendar(tmp_path, "--office", "财务科").events
    assert office and all("财务科" in str(e["DESCRIPTION"]) for e in office)
    assert len(office) < len(_calendar(tmp_path).events)
    with pytest.raises(SystemExit) as exit_:
        _calendar(tmp_path, "--leader", "无此人")
    assert exit_.value.code == 2


def test_a_calendar_needs_an_ics_name(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["calendar", str(EXAMPLES), "-o", str(tmp_path / "a.txt"), "-q"])
    assert ".ics" in capsys.readouterr().err and not (tmp_path / "a.txt").exists()


def test_changes_between_runs_as_text_and_json(tmp_path, capsys):
    folder, state = tmp_path / "docs", tmp_path / "state.json"
    folder.mkdir()
    for name in ("qingshan-2023-tasks.txt", "2023-q1.tsv"):
        shutil.copy(ROUNDS / name, folder)
    run = ["changes", str(folder), "--since", str(state), "--lang", "zh", "-q"]
    main([*run, "--as-of", "2023-04-01"])
    assert capsys.readouterr().out.startswith("首次运行：已记录截至2023年4月1日的状态（文件 2 份，事项 5 项）")
    assert json.loads(state.read_text("utf-8"))["as_of"] == "2023-04-01"
    shutil.copy(ROUNDS / "2023-h1.tsv", folder)  # the second round comes in; 一、1. passes its deadline
    main([*run, "--as-of", "2023-07-03"])
    text = capsys.readouterr().out
    assert text.splitlines()[:3] == ["自2023年4月1日以来的变化（截至2023年7月3日）：", "新增文件 1 份：", "  2023-h1.tsv"]
    assert "新逾期事项 1 项：\n  《青山县教育局2023年重点工作任务分工方案》一、1. 新建公办幼儿园3所" in text
    assert "一、2. 开展幼儿园保教质量评估，2023年9月底前完成：序时推进 → 已完成" in text
    assert "新增事项" not in text  # the report's rows are reports on the plan's items, not new items
    main([*run, "--as-of", "2023-07-04", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert (data["since"], data["as_of"], data["first_run"], data["overdue"], data["status"]) == (
        "2023-07-03", "2023-07-04", False, [], [])
    main([*run, "--as-of", "2023-07-05"])
    assert capsys.readouterr().out.endswith("没有变化。\n")


def test_a_state_file_that_is_not_one_is_refused_and_kept(tmp_path, capsys):
    state = tmp_path / "state.json"
    state.write_text("not json", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["changes", str(EXAMPLES), "--since", str(state), "--lang", "zh", "-q"])
    assert exit_.value.code == 2 and "不是 dutygraph 的状态文件" in capsys.readouterr().err
    assert state.read_text("utf-8") == "not json"


def test_a_report_s_rows_on_the_plan_add_no_events(tmp_path):
    out = tmp_path / "rounds.ics"
    main(["calendar", str(ROUNDS), "--as-of", "2023-04-01", "-o", str(out), "-q"])
    events = Calendar.from_ical(out.read_bytes()).events
    assert sorted(str(e["SUMMARY"]).split()[0] for e in events) == [
        "【到期】一、1.", "【到期】一、2.", "【到期】二、3.", "【到期】二、4.", "【到期】二、5."]
