"""``dutygraph review`` (issue 20): doubtful facts, most consequential first."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

from dutygraph.graph.convert import to_networkx
from dutygraph.importers.reading import parse
from dutygraph.queries.review import CONSEQUENCES, doubtful_facts
from dutygraph.viz.report import render_report

PLAN = (
    "市教育局2031年工作要点\n"
    "1.扩充学前学位。（学前科、财务科负责）\n"
    "2.规范民办园收费。（学前科、财务科负责）\n"
    "3.落实生均经费。（财务科牵头，学前科配合）\n"
    "4.新建幼儿园3所。（教研室牵头）\n责任领导：分管副局长\n"
)


def test_doubts_come_most_consequential_first():
    rows = doubtful_facts(to_networkx(parse(PLAN, source="p.txt")), as_of=dt.date(2031, 12, 20))
    assert [(r.kind, r.fact, r.doubt, r.consequence) for r in rows] == [
        ("office", "学前教育科", "lead_by_order", "ranking"),  # counted as supports, 财务科 would rank first
        ("deadline", "4 新建幼儿园3所", "plan_year", "tier"),   # inferred 2031-12-31: upcoming on 12-20
        ("issuer", "市教育局（p.txt）", "placeless", "scope"),
        ("leader", "分管副局长", "post_only", ""),
    ]
    assert rows[0].weight == 2 and rows[0].sources == ("p.txt:2", "p.txt:3")
    assert [CONSEQUENCES.index(r.consequence) for r in rows] == sorted(CONSEQUENCES.index(r.consequence) for r in rows)


def test_an_inferred_deadline_far_off_changes_no_tier():
    rows = doubtful_facts(to_networkx(parse(PLAN, source="p.txt")), as_of=dt.date(2031, 3, 1))
    assert [(r.kind, r.consequence) for r in rows if r.kind == "deadline"] == [("deadline", "")]


def test_refused_names_are_listed_for_a_one_line_fix():
    text = "青山市人民政府2031年工作要点\n1.加强城市管理。（市城管局牵头，各区、县级市配合）\n"
    rows = doubtful_facts(to_networkx(parse(text, source="q.txt")), as_of=dt.date(2031, 1, 1))
    assert [(r.kind, r.fact, r.doubt, r.sources) for r in rows] == [("refused", "县级市", "refused_fragment", ("q.txt:2",))]


def test_review_command_in_three_formats_and_the_report(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text(PLAN, "utf-8")
    base = [sys.executable, "-m", "dutygraph", "review", str(path), "--as-of", "2031-12-20"]
    done = subprocess.run([*base, "--format", "json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["doubts"]
    assert [r["consequence"] for r in rows] == ["ranking", "tier", "scope", ""]
    assert set(rows[0]) == {"kind", "fact", "issuer", "rule", "doubt", "consequence", "weight", "sources"}
    table = subprocess.run(base, capture_output=True, text=True)
    assert table.returncode == 0 and "影响排名" in table.stdout and "仅因排名第一而推定牵头" in table.stdout
    csv = subprocess.run([*base, "--format", "csv", "--no-csv-bom"], capture_output=True, text=True)
    assert csv.stdout.splitlines()[0] == "kind,fact,issuer,rule,doubt,consequence,weight,sources"
    page = render_report(to_networkx(parse(PLAN, source="p.txt")), as_of=dt.date(2031, 12, 20))
    assert 'id="review"' in page and "仅因排名第一而推定牵头" in page
