"""Properties of the genre-level parsers: party lists, column alignment, HTML, identity hints."""

from __future__ import annotations

import pytest

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.errors import DocumentError
from dutygraph.importers.structure.columns import align
from dutygraph.importers.readers.html import read_html
from dutygraph.importers.facts.parties import split_parties
from dutygraph.importers.facts.vocabulary import ends_like_body
from seeds import seed

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)

BODIES = ["财务处", "工业和信息化部", "国家发展改革委", "中央宣传部（国务院新闻办）", "县残联", "文化和旅游部",
          "各省级人民政府", "高等教育与职业教育处", "人民银行明州省分行", "基教"]
JOINERS = ["、", "，", "；", " "]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(BODIES), min_size=1, max_size=6), st.lists(st.sampled_from(JOINERS), min_size=6, max_size=6),
       st.booleans())
def test_a_list_of_bodies_splits_back_into_them(names, joiners, open_list):
    text = "".join(n + j for n, j in zip(names, joiners, strict=False)).rstrip("、，； ") + ("等" if open_list else "")
    found = split_parties(text)
    assert [n.text for n in found.names] == names
    assert found.open_list == open_list
    assert all(text[n.start : n.end] == n.text for n in found.names)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("财务处工业和信息部及与等、，。；各有关单位推进完成2023年月底前（）()")), max_size=60))
def test_names_are_always_spans_of_the_text(text):
    found = split_parties(text, 5)
    for name in (*found.names, *(r for r, _ in found.refused)):
        assert text[name.start - 5 : name.end - 5] == name.text
    assert not any("。" in n.text or "，" in n.text for n in found.names)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["新建幼儿园5所。", "县住建局", "县财政局", "12月底前", "80%", "备注文字"]), max_size=8),
       st.lists(st.sampled_from(["title", "party", "deadline", "progress", "note", "other"]), min_size=1, max_size=6))
def test_alignment_keeps_the_header_order_within_a_row(pieces, kinds):
    columns = align(pieces, kinds)
    assert len(columns) == len(pieces)
    assert all(0 <= c < len(kinds) for c in columns)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(list("<>/ptrdhbl =\"'甲乙丙一、（）1.") + ["<p>", "</p>", "<tr>", "<td>", "</td>",
                                                                           "<table>", "</table>", "<br>", "colspan=3", "rowspan=9"]),
                max_size=40).map("".join))
def test_html_reader_never_raises_but_document_errors(text):
    try:
        blocks = read_html(text)
    except DocumentError:
        return
    assert all("\n" not in b.text for b in blocks.blocks)
    assert blocks.text == "\n".join(b.text for b in blocks.blocks)


def test_body_names_end_like_bodies():
    assert all(ends_like_body(n) for n in BODIES if n != "基教")


def test_suggested_aliases_merge_when_pasted(tmp_path):
    three = seed("003")
    shown = subprocess.run([sys.executable, "-m", "dutygraph", "aliases", "--suggest", str(three)],
                           capture_output=True, text=True, check=True).stdout
    assert "考试院" in shown and '"考试院" = "教育考试院"' in shown
    block = shown.split("--aliases:\n", 1)[1]
    aliases = tmp_path / "aliases.toml"
    aliases.write_text(block, encoding="utf-8")
    again = subprocess.run([sys.executable, "-m", "dutygraph", "aliases", "--suggest", str(three), "--aliases", str(aliases),
                            "--format", "json"], capture_output=True, text=True, check=True).stdout
    assert "考试院" not in again
