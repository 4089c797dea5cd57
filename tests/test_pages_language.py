"""The report, the network page and a leader page in Chromium: Chinese with --lang zh (no English
word outside document content but Gini and HHI, each beside its Chinese name), English with
--lang en (no Chinese outside document content).

Document content is what the documents themselves say — titles, names, task and target texts,
source lines, file names — taken from the model; what is left of a page's visible text once it
is removed is the interface's own wording.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import open_page
from dutygraph.cli import main
from dutygraph.importers.reading import read
from seeds import seed

LATIN = re.compile(r"[A-Za-z]{2,}")
CJK_RUN = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]+")
ALLOWED_LATIN = {"Gini", "HHI"}


def document_strings(corpus) -> tuple[list[str], str]:
    """Every text the documents gave the model (longest first), and all of their source text."""
    found: set[str] = {o.name for o in corpus.organizations}
    for party in corpus.parties:
        found |= {party.name, *getattr(party, "aliases", ())}
    for leader in corpus.leaders:
        found |= {leader.name, leader.title or ""}
    spans = []
    for plan in corpus.plans:
        found |= {plan.title, plan.source.name, plan.doc_number or ""}
        for section in plan.sections:
            found |= {section.title, f"{section.ordinal}{section.title}"}
        for item in plan.items:
            found |= {item.ref, item.title, item.text, *item.notes, *(a.surface for a in item.assignments)}
            found |= {task.text for task in item.tasks}
            found |= {x for target in item.targets for x in (target.text, target.unit or "", target.metric or "")}
            found |= {p.text for p in item.progress} | {p.status_evidence or "" for p in item.progress}
            spans.append(item.span.text)
            spans += [s.span.text for s in (*item.tasks, *item.targets, *item.progress)]
    lines = {line.strip() for text in spans for line in text.splitlines()}
    return sorted((s for s in found | lines if s.strip()), key=len, reverse=True), "\n".join(spans)


def interface_text(text: str, strings: list[str]) -> str:
    """``text`` without document content: its strings, and ``file:line`` citations."""
    for s in strings:
        if len(s) > 1:
            text = text.replace(s, " ")
    return re.sub(r"\S+\.(txt|md|tsv):\d+(–\d+)?", " ", text)


def visible(page) -> str:
    """The page's visible text, with the details panel filled by a search for an office."""
    page.fill("#dg-search", "处")
    page.press("#dg-search", "Enter")
    page.wait_for_timeout(200)
    return page.inner_text("body")


PAGES = {
    "report": lambda paths, out, lang: ["report", *paths, "--as-of", "2022-06-30", "-o", out, "--lang", lang],
    "network": lambda paths, out, lang: ["viz", *paths, "-o", out, "--lang", lang],
    "deps": lambda paths, out, lang: ["viz", *paths, "--view", "deps", "-o", out, "--lang", lang],
    "leader": lambda paths, out, lang: ["leader", "周静", *paths, "--html", "--as-of", "2022-06-30", "-o", out,
                                        "--lang", lang],
}


@pytest.fixture(scope="module")
def seeds_read(seeds_dir):
    paths = [str(seed("000")), str(seed("003"))]
    return paths, read(paths).whole()


@pytest.mark.parametrize("name", list(PAGES))
def test_chinese_pages_have_no_english_words(browser, tmp_path, seeds_read, name):  # noqa: F811
    paths, corpus = seeds_read
    out = tmp_path / f"{name}.html"
    main(PAGES[name](paths, str(out), "zh"))
    opened = open_page(browser, out)
    text = visible(opened.page)
    strings, _ = document_strings(corpus)
    words = set(LATIN.findall(interface_text(text, strings))) - ALLOWED_LATIN
    assert words == set(), words
    if name == "report":
        assert "基尼系数（Gini）" in text and "赫芬达尔指数（HHI）" in text
        assert "各处室负荷相同时为 0" in text  # the explanation beside the names
    assert opened.clean()
    opened.shot(f"zh-{name}.png")


@pytest.mark.parametrize("name", list(PAGES))
def test_english_pages_have_no_chinese_outside_document_content(browser, tmp_path, seeds_read, name):  # noqa: F811
    paths, corpus = seeds_read
    out = tmp_path / f"{name}.html"
    main(PAGES[name](paths, str(out), "en"))
    opened = open_page(browser, out)
    text = visible(opened.page)
    strings, source = document_strings(corpus)
    left = [run for run in CJK_RUN.findall(interface_text(text, strings))
            if not set(run) <= set("、，。；：（）“”…　") and run not in source]
    assert left == [], left
    assert opened.clean()


def test_report_prints_a_title_block_one_section_a_page_and_the_network_as_a_picture(browser, tmp_path,  # noqa: F811
                                                                                        seeds_read):
    paths, _ = seeds_read
    out = tmp_path / "report.html"
    main(PAGES["report"](paths, str(out), "zh"))
    opened = open_page(browser, out)
    page = opened.page
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    block = page.inner_text(".dg-title-block")
    assert "密级：内部" in block and "湖北省教育厅" in block and "2022年6月30日" in block
    assert page.evaluate("() => getComputedStyle(document.querySelector('#workload')).breakBefore") == "page"
    assert page.evaluate("() => getComputedStyle(document.querySelector('.dg-app')).display") == "none"
    picture = page.locator("#dg-print-image")
    assert picture.is_visible() and picture.get_attribute("src").startswith("data:image/png;base64,")
    pdf = Path(tmp_path / "report.pdf")
    page.pdf(path=str(pdf))
    assert pdf.stat().st_size > 10_000
    assert opened.clean()


def test_legend_draws_the_canvas_shapes(browser, tmp_path, seeds_read):  # noqa: F811
    paths, _ = seeds_read
    out = tmp_path / "full.html"
    main(PAGES["network"](paths, str(out), "zh"))
    opened = open_page(browser, out)
    shapes = opened.page.evaluate("""() => Object.fromEntries([...new Set(dutygraph.nodes.get().map(n => n.kind))]
        .map(k => [k, dutygraph.nodes.get({filter: n => n.kind === k})[0].shape]))""")
    legend = opened.page.evaluate("""() => [...document.querySelectorAll('#dg-legend .dg-legend-row')]
        .map(r => [r.innerText.trim(), r.firstChild.className])""")
    labels = {"plan": "计划", "item": "事项", "office": "处室", "collective": "集体", "leader": "领导", "target": "目标"}
    for kind, shape in shapes.items():
        assert [labels[kind], f"dg-swatch dg-swatch-{shape}"] in legend, (kind, shape, legend)
    assert shapes["leader"] == "star"


def test_dependency_labels_do_not_overlap(browser, tmp_path, seeds_read):  # noqa: F811
    paths, _ = seeds_read
    out = tmp_path / "deps.html"
    main(PAGES["deps"](paths, str(out), "zh"))
    opened = open_page(browser, out)
    boxes = opened.page.evaluate("""() => { const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = '13px sans-serif'; const pos = network.getPositions();
        return dutygraph.nodes.get().map(n => { const b = network.getBoundingBox(n.id);
            const w = ctx.measureText(n.label).width * 1.6;   // CJK glyphs are wider than the fallback font
            return [n.label, pos[n.id].x - w / 2, b.bottom, pos[n.id].x + w / 2, b.bottom + 16]; }); }""")
    overlaps = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
    assert len(overlaps) <= len(boxes) // 20, overlaps  # labels are legible: at most one pair in twenty nodes
