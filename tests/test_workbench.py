"""``dutygraph app``: the workbench driven in real headless Chromium, over a copy of the seeds.

The app runs as the user starts it (``python -m dutygraph app DIR --no-browser``, a subprocess
on a free port); the browser may reach that address only, so a request leaving the machine is
counted and refused. What a planner does is done through the page: search, open, correct,
restart, undo.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from dutygraph.ontology.corrections import load_corrections
from dutygraph.workbench.data import CORRECTIONS_NAME, author

ADDRESS = re.compile(r"http://[\d.]+:\d+/(\?token=[\w-]+)?")


@dataclass
class Running:
    """One app process and where it listens."""

    process: subprocess.Popen
    base: str
    folder: Path
    token: str = ""

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def start(folder: Path, *extra: str) -> Running:
    """Start ``dutygraph app FOLDER --no-browser`` and wait for the address it prints."""
    process = subprocess.Popen([sys.executable, "-m", "dutygraph", "app", str(folder), "--no-browser", *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
                               env={**os.environ, "DUTYGRAPH_LANG": "zh"})
    assert process.stdout is not None
    line = process.stdout.readline()
    found = ADDRESS.search(line)
    if not found:
        process.kill()
        process.wait()
        process.stdout.close()
        pytest.fail(f"the app printed no address: {line!r}")
    return Running(process, found.group(0).split("?")[0].rstrip("/"), folder, found.group(1) or "")


@pytest.fixture
def seeds_copy(seeds_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(seeds_dir, folder)
    return folder


@pytest.fixture
def app(seeds_copy: Path) -> Iterator[Running]:
    running = start(seeds_copy)
    yield running
    running.stop()


@dataclass
class Tab:
    """A browser page that may reach the app only; what else it tried is counted."""

    page: Any
    base: str
    left: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def go(self, path: str) -> Any:
        return self.page.goto(self.base + path, wait_until="load")

    def xss(self) -> Any:
        return self.page.evaluate("() => window.__xss || window.xss || null")


def tab(browser: Any, base: str) -> Tab:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    opened = Tab(page, base)

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(base + "/") or url == base:
            request_route.continue_()
        else:
            opened.left.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.on("dialog", lambda d: (opened.errors.append("dialog " + d.message), d.dismiss()))
    return opened


def cell(row: Any, n: int) -> str:
    return row.locator("td").nth(n).inner_text().strip()


def office_row(t: Tab, issuer_name: str, office: str) -> tuple[str, str, str, str]:
    """(rank, leads, supports, load) of an office on the offices page."""
    t.go("/offices")
    row = t.page.locator("div[data-table=workload] tbody tr").filter(has_text=issuer_name).filter(
        has=t.page.get_by_role("link", name=office, exact=True))
    return cell(row, 0), cell(row, 3), cell(row, 4), cell(row, 5)


def test_search_open_correct_restart_undo(browser, app: Running) -> None:  # noqa: F811
    t = tab(browser, app.base)
    t.go("/")
    assert t.page.locator("section.issuer h2").filter(has_text="湖南省教育厅").count() == 1
    assert t.page.locator("section.issuer .tiers a").first.is_visible()

    # 搜索 基教处 lands on 湖南省教育厅's 基础教育处
    t.page.fill("form.search input[name=q]", "基教处")
    t.page.press("form.search input[name=q]", "Enter")
    t.page.wait_for_url(re.compile(r"/office/"))
    heading = t.page.locator("h1").inner_text()
    assert "基础教育处" in heading and "湖南省教育厅" in heading
    office_url = t.page.url

    # one of its items that it supports, with the highlighted source
    row = t.page.locator("div[data-table=items] tbody tr").filter(has_text="配合").first
    title = cell(row, 1)
    row.get_by_role("link", name=title).click()
    t.page.wait_for_url(re.compile(r"/item/"))
    marks = t.page.locator("pre.passage mark")
    assert marks.count() >= 1 and title[:6] in " ".join(marks.all_inner_texts())
    assert "003_" in t.page.locator("#source h2").inner_text()
    item_url = t.page.url

    before = office_row(t, "湖南省教育厅", "基础教育处")
    t.page.goto(item_url)
    with t.page.expect_navigation():
        t.page.locator("#parties tr[data-party=基础教育处] form.set-lead button").click()
    made = t.page.locator("#corrections tbody tr").first
    assert "设定牵头单位" in made.inner_text() and author() in made.inner_text()
    assert t.page.locator("#parties tr[data-party=基础教育处] td").nth(1).inner_text() == "牵头"
    after = office_row(t, "湖南省教育厅", "基础教育处")
    assert int(after[1]) == int(before[1]) + 1 and int(after[2]) == int(before[2]) - 1
    assert float(after[3]) == float(before[3]) + 0.5

    entries = load_corrections(app.folder / CORRECTIONS_NAME)
    assert [(e.plan[:4], [(o.op, o.value) for o in e.ops]) for e in entries] == [
        ("003_", [("set_lead", {"office": "基础教育处"})])]
    assert f"# by {author()} at " in (app.folder / CORRECTIONS_NAME).read_text("utf-8")

    # restart: the correction is kept
    app.stop()
    again = start(app.folder)
    try:
        t2 = tab(browser, again.base)
        assert office_row(t2, "湖南省教育厅", "基础教育处") == after
        t2.go("/review")
        assert t2.page.locator("#made tbody tr").count() == 1
        with t2.page.expect_navigation():
            t2.page.locator("#made form.undo button").click()
        assert office_row(t2, "湖南省教育厅", "基础教育处") == before
        assert load_corrections(app.folder / CORRECTIONS_NAME) == []
        t2.page.goto(office_url.replace(app.base, again.base))
        assert "基础教育处" in t2.page.locator("h1").inner_text()
        assert not (t.left or t2.left or t.errors or t2.errors)
        t2.page.close()
    finally:
        again.stop()
    t.page.close()


def test_every_page_opens_and_numbers_lead_to_their_rows(browser, app: Running) -> None:  # noqa: F811
    t = tab(browser, app.base)
    for path in ("/", "/offices", "/leaders", "/items", "/plans", "/review", "/network", "/documents",
                 "/items?tier=overdue&as_of=2022-06-30", "/search?q=资助", "/network?issuer=nobody"):
        answer = t.go(path)
        assert answer.status == 200, path
        assert t.page.locator("h1").count() == 1
    # a load figure on the offices page opens exactly the rows behind it
    t.go("/offices")
    first = t.page.locator("div[data-table=workload] tbody tr").first
    leads = int(cell(first, 3))
    first.locator("td").nth(3).get_by_role("link").click()
    assert t.page.locator("div[data-table=items] tbody tr").count() == leads
    assert set(t.page.locator("div[data-table=items] tbody tr td:first-child").all_inner_texts()) == {"牵头"}
    # sort and filter in the browser
    t.go("/items")
    rows = t.page.locator("div[data-table=items] tbody tr")
    total = rows.count()
    t.page.fill("div[data-table=items] input.filter", "学前")
    visible = t.page.locator("div[data-table=items] tbody tr:not([hidden])").count()
    assert 0 < visible < total
    # two-character Chinese search
    t.go("/search?q=" + urllib.parse.quote("劳动"))
    assert t.page.locator("section.results li").count() >= 3
    # CSV of a table from the page showing it
    with urllib.request.urlopen(app.base + "/offices?csv=0") as answer:
        text = answer.read().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("排名,处室,发文单位,牵头")
    assert not (t.left or t.errors)
    t.page.close()


def test_a_hostile_document_renders_as_text(browser, tmp_path: Path) -> None:  # noqa: F811
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "plan.txt").write_text(
        "某县教育局2023年工作要点\n"
        "1.<script>window.__xss=1</script>新建幼儿园3所。（<img src=x onerror=window.__xss=2>科牵头，财务科配合）\n"
        '2.完善<img src="http://203.0.113.9/x.png">制度"><svg onload=window.__xss=3>。（"><b>办公室</b>负责，'
        "<script>alert(1)</script>科配合）\n", encoding="utf-8")
    running = start(folder)
    try:
        t = tab(browser, running.base)
        t.go("/")
        for path in ("/items", "/offices", "/plans", "/search?q=" + urllib.parse.quote("script"), "/review", "/network"):
            t.go(path)
        t.go("/items")
        hrefs = t.page.locator("div[data-table=items] tbody td:nth-child(2) a").evaluate_all("as => as.map(a => a.href)")
        for href in hrefs:
            t.page.goto(href)
            assert "<" in t.page.locator("pre.passage").inner_text()  # the markup is shown, as text
        t.go("/offices")
        assert "script>科" in t.page.locator("main").inner_text()
        assert t.xss() is None and not t.left and not t.errors
        t.page.close()
    finally:
        running.stop()


def _post(url: str, data: dict[str, str], headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode(), method="POST", headers=headers or {})
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code


def test_a_post_without_the_token_is_refused(app: Running) -> None:
    with urllib.request.urlopen(app.base + "/") as answer:
        page = answer.read().decode()
        policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    item = re.search(r'href="(/plan/[^"]+)"', page)
    assert item
    with urllib.request.urlopen(app.base + "/items") as answer:
        item_path = re.search(r'href="(/item/[^"#]+)"', answer.read().decode()).group(1)  # type: ignore[union-attr]
    target = app.base + item_path + "/correct"
    assert _post(target, {"op": "set_lead", "office": "办公室"}) == 403
    assert _post(target, {"op": "set_lead", "office": "办公室", "csrf": "guessed"}) == 403
    assert _post(app.base + "/undo", {"line": "2"}) == 403
    with urllib.request.urlopen(app.base + item_path) as answer:
        token = re.search(r'name="csrf" value="([^"]+)"', answer.read().decode())
    assert token
    assert _post(target, {"op": "set_lead", "office": "办公室", "csrf": token.group(1)},
                 {"Origin": "http://evil.example"}) == 403
    assert not (app.folder / CORRECTIONS_NAME).exists()
    request = urllib.request.Request(app.base + "/", headers={"Host": "evil.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    refused.value.close()
    assert refused.value.code == 421


def test_documents_in_read_or_refused(browser, app: Running, tmp_path: Path) -> None:  # noqa: F811
    good = tmp_path / "qinghe-2024.txt"
    good.write_text("青河县教育局2024年工作要点\n1.新建幼儿园3所。（学前教育股牵头，财务股配合）\n", encoding="utf-8")
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02\xff" * 200)
    t = tab(browser, app.base)
    t.go("/documents")
    t.page.set_input_files("form.upload input[type=file]", str(good))
    with t.page.expect_navigation():
        t.page.locator("form.upload button").click()
    assert "qinghe-2024.txt" in t.page.locator(".flash").inner_text()
    assert t.page.locator("div[data-table=documents] tbody tr").filter(has_text="青河县教育局").count() == 1
    assert (app.folder / "uploads" / "qinghe-2024.txt").is_file()
    t.page.set_input_files("form.upload input[type=file]", str(bad))
    with t.page.expect_navigation():
        t.page.locator("form.upload button").click()
    assert "broken.txt" in t.page.locator(".flash.error").inner_text()
    assert t.page.locator("div[data-table=refused] tbody tr").filter(has_text="broken.txt").count() == 1
    assert not (app.folder / "uploads" / "broken.txt").exists()
    assert not any(p.name.startswith(".dutygraph-upload") for p in app.folder.iterdir())
    with urllib.request.urlopen(app.base + "/export/ledger.xlsx") as answer:
        assert answer.read(2) == b"PK"
    assert not (t.left or t.errors)
    t.page.close()


def test_app_refuses_a_missing_folder(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "dutygraph", "app", str(tmp_path / "nowhere"), "--no-browser"],
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "nowhere" in done.stderr and "Traceback" not in done.stderr


def test_another_host_needs_the_access_token(seeds_copy: Path) -> None:
    running = start(seeds_copy, "--host", "127.0.0.2")
    try:
        assert running.token.startswith("?token=")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(running.base + "/")
        refused.value.close()
        assert refused.value.code == 401
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(running.base + "/" + running.token) as answer:  # the token becomes a cookie
            assert answer.status == 200 and "湖南省教育厅" in answer.read().decode()
        with opener.open(running.base + "/offices") as answer:
            assert answer.status == 200
    finally:
        running.stop()
