"""The interactive pages in a real headless Chromium with the network cut off.

Counts are computed here from the model, independently of the view code: the full view draws
every plan, item, target, assigned party and responsible leader once.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser_support import open_page
from dutygraph.graph.convert import to_networkx
from dutygraph.importers.reading import read
from dutygraph.queries.workload import office_workload, overloaded
from seeds import seed

from dutygraph.cli import main

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)

ROOT = Path(__file__).resolve().parents[1]
CHECK_PAGE = ROOT.parent / "shared" / "tools" / "check-page.py"

DRAWN = "() => network.body.data.nodes.length"
PAYLOADS = ("<script>window.__xss=1</script>", '<img src=x onerror="window.__xss=1">',
            '"><svg onload="window.__xss=1">')
OFFICE_PAYLOADS = ("<svg\fonload=__xss=1>财务科", '"><svg\fonload=__xss=1>科', "<math\fonclick=__xss=1>处")
"""Payloads shaped as office names: the parser refuses a "name" that is a sentence, longer than
a body's name or split by a list's blanks, so these are short, end in a unit word and separate
their attributes with a form feed (HTML whitespace that no party list splits on)."""


def run(*args: str) -> None:
    try:
        main(list(args))
    except SystemExit as exit_:
        assert exit_.code in (0, None), f"dutygraph {' '.join(args)} exited with {exit_.code}"


def expected_full_nodes(corpus) -> int:
    """Plans + items + targets + parties named on items + leaders named on items or sections."""
    items = [i for p in corpus.plans for i in p.items]
    parties = {a.party for i in items for a in i.assignments}
    leaders = {r.leader for i in items for r in i.responsibilities}
    leaders |= {r.leader for p in corpus.plans for s in p.sections if any(i.section == s.id for i in items)
                for r in s.responsibilities}
    return len(corpus.plans) + len(items) + sum(len(i.targets) for i in items) + len(parties) + len(leaders)


def details_text(opened) -> str:
    return opened.page.inner_text("#dg-details-body")


def search(opened, text: str) -> list[str]:
    opened.page.fill("#dg-search", text)
    opened.page.press("#dg-search", "Enter")
    return opened.page.locator(".dg-result").all_inner_texts()


def test_full_view_of_a_seed_renders_every_node_offline(browser, tmp_path):  # noqa: F811
    corpus = read([seed("000")]).whole()
    out = tmp_path / "000.html"
    run("viz", str(seed("000")), "-o", str(out))
    html = out.read_text("utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "default-src 'none'" in html

    opened = open_page(browser, out)
    assert opened.page.evaluate(DRAWN) == expected_full_nodes(corpus) == 71  # 31 targets: 项目六 has a milestone too
    assert opened.page.evaluate("() => network.physics.physicsEnabled") is False  # settled, physics off
    opened.shot("viz-full-000.png")
    assert opened.clean(), (opened.left, opened.errors, opened.dialogs)


def test_search_finds_an_office_by_its_chinese_name_and_shows_its_items(browser, tmp_path):  # noqa: F811
    out = tmp_path / "000.html"
    run("viz", str(seed("000")), "-o", str(out))
    opened = open_page(browser, out)
    results = search(opened, "财务")
    assert any("财务处" in r for r in results)
    assert opened.page.evaluate("() => network.getSelectedNodes().length") >= 1
    text = details_text(opened)
    assert "财务处" in text and "items (6)" in text  # 财务处 is on 6 of the 10 projects
    assert opened.page.inner_text("#dg-count").endswith(("match", "matches"))
    opened.shot("viz-search-000.png")
    assert opened.clean()


def test_clicking_an_item_shows_tasks_targets_and_source_lines(browser, tmp_path):  # noqa: F811
    corpus = read([seed("000")]).whole()
    item = corpus.plans[0].items[0]
    out = tmp_path / "000.html"
    run("viz", str(seed("000")), "-o", str(out))
    opened = open_page(browser, out)
    opened.page.evaluate("(id) => network.moveTo({position: network.getPositions([id])[id], scale: 1.5,"
                         " animation: false})", item.id)
    point = None
    for _ in range(20):  # until the view has stopped moving and the item is what lies under its centre
        opened.page.wait_for_timeout(200)
        point = opened.page.evaluate(
            """(id) => { const q = network.canvasToDOM(network.getPositions([id])[id]);
                         if (network.getNodeAt(q) !== id) return null;
                         const box = network.body.container.getBoundingClientRect();
                         return [box.left + q.x, box.top + q.y]; }""", item.id)
        if point:
            break
    assert point, "the item never came under the pointer"
    opened.page.mouse.click(*point)
    text = details_text(opened)
    assert item.title in text
    assert "tasks" in text and item.tasks[0].text[:10] in text
    assert "targets" in text and item.targets[0].text[:8] in text
    assert f"{item.span.file}:{item.span.line}" in text and "source lines" in text
    opened.shot("viz-item-000.png")
    assert opened.clean()


def test_filters_hide_kinds_and_plans(browser, tmp_path, seeds_dir):  # noqa: F811
    corpus = read([seed("000"), seed("003")]).whole()
    targets = sum(len(i.targets) for p in corpus.plans for i in p.items)
    out = tmp_path / "two.html"
    run("viz", str(seed("000")), str(seed("003")), "-o", str(out))
    opened = open_page(browser, out)
    total = opened.page.evaluate("() => dutygraph.shown()")
    assert total == expected_full_nodes(corpus)
    opened.page.locator("input[data-filter=kind]").nth(5).uncheck()  # target, the last kind
    assert opened.page.evaluate("() => dutygraph.shown()") == total - targets
    opened.page.locator("input[data-filter=plan]").first.uncheck()
    shown = opened.page.evaluate("() => dutygraph.shown()")
    plan = corpus.plans[0]
    only_first = 1 + len(plan.items) + len({a.party for i in plan.items for a in i.assignments})
    assert total - targets - shown >= only_first - 1  # its plan, items, offices (and leaders) are gone
    roles = opened.page.locator("input[data-filter=role]")
    assert roles.count() == 2
    assert opened.clean()


def test_dependency_view_sizes_by_load_and_rings_the_overloaded(browser, tmp_path):  # noqa: F811
    G = to_networkx(read([seed("003")]).whole())
    rows = office_workload(G)
    flagged = overloaded(rows)
    out = tmp_path / "deps.html"
    run("viz", str(seed("003")), "--view", "deps", "-o", str(out))
    opened = open_page(browser, out)
    assert opened.page.evaluate(DRAWN) == len(rows)
    ringed = opened.page.evaluate("() => dutygraph.nodes.get({filter: n => n.borderWidth === 4}).map(n => n.label)")
    assert sorted(ringed) == sorted(r.office for r in flagged) and ringed
    sizes = opened.page.evaluate("() => Object.fromEntries(dutygraph.nodes.get().map(n => [n.label, n.size]))")
    assert sizes[rows[0].office] == max(sizes.values())
    arrows = opened.page.evaluate("() => dutygraph.edges.get({filter: e => e.kind === 'lead→support'}).length")
    assert arrows > 0
    opened.shot("viz-deps-003.png")
    assert opened.clean()


def test_ego_view_of_an_office(browser, tmp_path):  # noqa: F811
    out = tmp_path / "ego.html"
    run("viz", str(seed("000")), "--focus", "财务处", "--depth", "1", "-o", str(out))
    opened = open_page(browser, out)
    assert opened.page.evaluate(DRAWN) == 1 + 6
    opened.shot("viz-ego-000.png")
    assert opened.clean()


def test_above_the_node_limit_the_page_aggregates_and_says_so(browser, tmp_path):  # noqa: F811
    G = to_networkx(read([seed("003")]).whole())
    out = tmp_path / "agg.html"
    run("viz", str(seed("003")), "--max-nodes", "50", "-o", str(out))
    opened = open_page(browser, out)
    notice = opened.page.inner_text("#dg-notices")
    assert "more than the limit of 50" in notice and "collapsed into office–office edges" in notice
    assert opened.page.evaluate(DRAWN) == min(50, len(office_workload(G)))
    assert opened.clean()


@pytest.fixture
def hostile(tmp_path) -> Path:
    """A plan whose item titles, office names and targets carry script payloads."""
    lines = ["某某市教育局2024年工作要点", "", "一、重点工作", ""]
    for n, (payload, office) in enumerate(zip(PAYLOADS, OFFICE_PAYLOADS, strict=True), 1):
        lines.append(f"{n}.推进{payload}工作。新建学校{n}所。（{office}牵头，人事科配合）")
        lines.append("")
    path = tmp_path / "hostile.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("view", ["full", "deps", "report"])
def test_document_text_never_runs_as_script(browser, tmp_path, hostile, view):  # noqa: F811
    corpus = read([hostile]).whole()
    titles = {i.title for p in corpus.plans for i in p.items}
    names = {p.name for p in corpus.parties}
    assert sum("<" in t for t in titles) >= 2 and sum("<" in n for n in names) >= 2  # the payloads reached the model
    out = tmp_path / "page.html"
    if view == "report":
        run("report", str(hostile), "--as-of", "2024-01-01", "-o", str(out))
    else:
        run("viz", str(hostile), "--view", view, "-o", str(out))
    opened = open_page(browser, out)
    page = opened.page
    page.locator("#dg-network").scroll_into_view_if_needed()
    ids = page.evaluate("() => network.body.data.nodes.getIds()")
    assert len(ids) == (expected_full_nodes(corpus) if view == "full" else len(corpus.parties))
    shown = page.inner_text("main") if view == "report" else ""
    for node in ids:  # where the node is now, in page coordinates
        x, y = page.evaluate("""(id) => { const box = network.body.container.getBoundingClientRect();
            const d = network.canvasToDOM(network.getPositions([id])[id]); return [box.left + d.x, box.top + d.y]; }""",
                             node)
        page.mouse.move(x, y)
        page.wait_for_timeout(250)  # the hover title
        page.mouse.click(x, y)
        shown += details_text(opened)
    assert page.evaluate("() => window.__xss || 0") == 0
    assert not opened.dialogs and not opened.errors and not opened.left
    for text in titles | names:  # every payload shows as the characters the model holds
        assert text in shown
    if view == "full":  # the source lines keep the original text, tags the normaliser removed included
        for payload in PAYLOADS:
            assert payload in shown
    opened.shot(f"xss-{view}.png")


@pytest.mark.skipif(not CHECK_PAGE.exists(), reason=f"{CHECK_PAGE} (the reviewers' page checker) is absent")
def test_the_reviewers_page_checker_passes(tmp_path, hostile, browser):  # noqa: F811
    for name, command in (("seeds", ["viz", str(seed("002")), str(seed("003"))]), ("hostile", ["viz", str(hostile)])):
        out = tmp_path / f"{name}.html"
        run(*command, "-o", str(out))
        result = subprocess.run([sys.executable, str(CHECK_PAGE), str(out)], capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "requests leaving the file 0; injected scripts run 0; console errors 0" in result.stdout


def test_report_on_a_seed(browser, tmp_path):  # noqa: F811
    from dutygraph.queries.workload import concentration, within_issuers

    G = to_networkx(read([seed("003")]).whole())
    rows = office_workload(G)
    out = tmp_path / "report.html"
    run("report", str(seed("003")), "--as-of", "2020-06-30", "-o", str(out))
    opened = open_page(browser, out, height=1000)
    page = opened.page
    for heading in ("Plans and quality warnings", "Workload", "Concentration", "Overloaded offices",
                    "Office × office dependencies", "Targets by deadline", "Dependency network"):
        assert page.get_by_role("heading", name=heading, exact=True).count() == 1, heading
    workload = page.locator("#workload tbody tr:not(.dg-issuer-row)")  # each issuer's offices under its name
    assert workload.count() == len(rows)
    assert page.locator("#workload tbody tr.dg-issuer-row").count() == len({r.issuer for r in rows})
    assert workload.first.inner_text().split("\t")[1] == within_issuers(rows)[0].office
    conc = concentration(rows)
    figures = page.inner_text("#concentration tbody tr")
    assert f"{conc.gini:.3f}" in figures and f"{conc.top_k_share:.1%}" in figures
    for r in overloaded(within_issuers(rows), by_issuer=True):  # each issuer's offices against their own
        assert r.reason in page.inner_text("#overloaded")
    assert page.locator(".dg-matrix td[title]").count() > 0
    assert page.evaluate(DRAWN) == len(rows)
    assert "overdue" in page.inner_text("#targets")
    opened.shot("report-003.png", full_page=True)
    assert opened.clean()


def test_page_errors_are_one_line(tmp_path, capsys, hostile):
    for args, message in (
        (["viz", str(hostile), "--view", "ego"], "--view ego needs --focus"),
        (["viz", str(hostile), "--focus", "不存在的处"], "no office named '不存在的处'"),
        (["viz", str(hostile), "-o", str(tmp_path / "missing" / "x.html")], "no such folder"),
    ):
        with pytest.raises(SystemExit) as exit_:
            main(args + (["-o", str(tmp_path / "x.html")] if "-o" not in args else []))
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not list(tmp_path.glob("*.html")) and not (tmp_path / "missing").exists()
