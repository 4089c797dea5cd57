"""The offline pages as Jinja2 templates: autoescape on in every template, and a document text
holding ``</script><script>alert(1)`` (or ``<!--``) neither ends a script element nor runs — in
the report, a leader page and the network page, read by an HTML parser and opened in Chromium.
"""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from browser_support import open_page
from hypothesis import given
from hypothesis import strategies as st

from dutygraph.graph.convert import to_networkx
from dutygraph.importers.reading import parse
from dutygraph.viz.leader import render_leader_page
from dutygraph.viz.page import assets, render_page
from dutygraph.viz.report import render_report
from dutygraph.viz.templating import environment
from dutygraph.viz.views import responsibility_view

HOSTILE = "</script><script>alert(1)"
COMMENT = "<!--<script>甲"
PLAN = ("# 2024年某省教育厅重点实事项目清单\n## 项目一：新建" + HOSTILE + "学校\n**责任领导：**张三\n"
        "**效果清单：**①2024年9月底前新建学校10所" + COMMENT + "\n**承办单位：**基础教育处、财务处\n")


class Reader(HTMLParser):
    """What a browser's tokenizer sees: the script elements' text, and the text outside them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.text: list[str] = []
        self._open: dict[str, str | None] | None = None
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._open = dict(attrs)
            self.scripts.append((self._open, ""))
        self._style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._open = None if tag == "script" else self._open
        self._style = False

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif not self._style:
            self.text.append(data)


def read_page(html: str) -> Reader:
    reader = Reader()
    reader.feed(html)
    reader.close()
    return reader


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    G = to_networkx(parse(PLAN))
    leader = next(n for n, d in G.nodes(data=True) if d["type"] == "Leader")
    return {"report": render_report(G, as_of=dt.date(2024, 9, 1)),
            "leader": render_leader_page(G, [leader], as_of=dt.date(2024, 9, 1)),
            "network": render_page(responsibility_view(G))}


def test_the_hostile_text_reached_the_model() -> None:
    corpus = parse(PLAN)
    item = corpus.plans[0].items[0]
    assert HOSTILE in item.title and any(COMMENT in target.text for target in item.targets)


@pytest.mark.parametrize("name", ["report", "leader", "network"])
def test_document_text_cannot_end_a_script_element(pages: dict[str, str], name: str) -> None:
    page = read_page(pages[name])
    assert [attrs.get("id") for attrs, _ in page.scripts] == ["dg-data", None, None]  # the data, vis-network, the page's
    data = json.loads(page.scripts[0][1])
    assert HOSTILE in json.dumps(data["nodes"], ensure_ascii=False)  # in a title or a node's details
    assert [text for _, text in page.scripts[1:]] == [assets()["vis_js"], assets()["page_js"]]  # the code, whole
    shown = {"report": COMMENT, "leader": HOSTILE}  # as text, in a table: the target's and the item's
    assert name not in shown or shown[name] in "".join(page.text)


@pytest.mark.parametrize("name", ["report", "leader", "network"])
def test_document_text_does_not_run_in_a_browser(browser, tmp_path: Path, pages: dict[str, str], name: str) -> None:  # noqa: F811
    path = tmp_path / f"{name}.html"
    path.write_text(pages[name], "utf-8")
    opened = open_page(browser, path)
    try:
        assert opened.clean(), (opened.left, opened.errors, opened.dialogs)
        nodes = opened.page.evaluate("() => JSON.stringify(network.body.data.nodes.get())")
        assert HOSTILE in nodes
        if name == "network":
            assert COMMENT in nodes
        else:
            assert {"report": COMMENT, "leader": HOSTILE}[name] in opened.page.inner_text("main")
    finally:
        opened.page.close()


def test_every_template_escapes() -> None:
    env = environment()
    names = env.list_templates()
    assert {"page.html", "report.html", "leader.html", "network.html", "widget.html", "parts.html"} <= set(names)
    escape = env.autoescape
    assert callable(escape) and all(escape(name) for name in names)
    from dutygraph.viz.parts import Note, Section

    macros: Any = env.get_template("parts.html").module
    drawn = macros.section(Section("a\"b", "<h1>", [Note("<img src=x onerror=y>")]))
    assert str(drawn).replace("\n", "") == ('<section class="dg-section" id="a&#34;b"><h2>&lt;h1&gt;</h2>'
                                            '<p class="dg-note">&lt;img src=x onerror=y&gt;</p></section>')


@given(st.text())
def test_the_json_filter_keeps_any_text_inside_its_script(text: str) -> None:
    html = environment().from_string('<script type="application/json">{{ value|safe_json }}</script><p>after</p>').render(
        value={"t": text})
    page = read_page(html)
    assert len(page.scripts) == 1 and json.loads(page.scripts[0][1]) == {"t": text}
    assert "".join(page.text) == "after"
