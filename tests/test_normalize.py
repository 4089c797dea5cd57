"""Normalising text: each step on its own, the seeds, and the offset map under any input."""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.importers.text.normalize import HAN, STEPS, Normalized, RemovedBlock, normalize
from dutygraph.ontology.model import SourceSpan
from seeds import SEEDS_ENV, seed, seeds_dir  # noqa: F401

_IS_HAN = re.compile(f"[{HAN}]")


def read(prefix: str) -> str:
    return seed(prefix).read_text(encoding="utf-8")


def assert_valid(n: Normalized) -> None:
    offsets = n.offsets
    assert len(offsets) == len(n.text) + 1
    assert offsets[0] >= 0 and offsets[-1] == len(n.original)
    assert all(a <= b for a, b in zip(offsets, offsets[1:], strict=False))
    assert set(n.applied) <= set(STEPS) and list(n.applied) == sorted(n.applied, key=STEPS.index)


# --- the seeds ----------------------------------------------------------------------------


def test_004_title_is_simplified_and_its_span_is_the_original() -> None:
    n = normalize(read("004"))
    title = "xx市教育局2022年工作要点"
    assert n.text.split("\n")[0] == title
    span = n.span("004.txt", 0, len(title))
    original = "xx市教育局2022年工作要點(diǎn)"
    assert span == SourceSpan(file="004.txt", line=1, end_line=1, start=0, end=21, text=original)
    assert n.applied == ("pinyin", "t2s")
    assert n.removed == ()


def test_004_keeps_real_parentheses() -> None:
    original = read("004")
    n = normalize(original)
    assert "新(擴(kuò))建" in original
    assert "新(扩)建" in n.text and "新(改扩)建" in n.text
    for kept in ("(试行)", "(市、区)", "(硕)", "(县)", "优秀CIO团队"):
        assert kept in n.text
    start = n.text.index("新(扩)建")
    assert n.span("004.txt", start, start + 5).text == "新(擴(kuò))建"


def test_004_has_no_pinyin_left_after_a_cjk_character() -> None:
    n = normalize(read("004"))
    left = re.findall(rf"[{HAN}]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)", n.text)
    assert left == []
    assert len(n.text.split("\n")) == len(n.original.split("\n"))


def test_004_garbled_line_is_a_suspect() -> None:
    n = normalize(read("004"))
    assert "研究?jī)和嗌倌" in n.original.split("\n")[10]  # GBK bytes read one byte out of step
    assert n.suspects == (11,)


def test_002_paywall_block_is_removed_and_reported() -> None:
    original = read("002")
    n = normalize(original)
    lines = original.split("\n")
    assert n.removed == (RemovedBlock("paywall", 75, 82, "\n".join(lines[74:82])),)
    assert n.applied == ("blocks",)
    assert "隐藏内容" not in n.text and "会员" not in n.text
    assert n.text == "\n".join(lines[:74] + lines[82:])  # nothing else removed
    after = n.text.index("49.深化")
    assert n.line_of(after) == 84
    assert n.span("002.txt", after, after + 3).text == "49."


def test_003_header_and_print_footer_are_furniture() -> None:
    original = read("003")
    n = normalize(original)
    lines = original.split("\n")
    assert [(b.kind, b.first_line, b.last_line) for b in n.removed] == [("furniture", 1, 1), ("furniture", 155, 155)]
    assert n.removed[0].text.startswith("发布时间:2020-03-22 08:21")
    assert n.removed[1].text == "湖南省教育厅办公室 2020年3月9日印发"
    assert n.text == "\n".join(lines[1:154]) + "\n"
    assert n.line_of(0) == 2 and n.text.startswith("湖南省教育厅文件")


def test_001_html_goes_and_tabs_stay() -> None:
    original = read("001")
    n = normalize(original)
    assert "<p>" in original and "<p>" not in n.text and "</p>" not in n.text
    assert n.applied == ("html",)
    before, after = original.split("\n"), n.text.split("\n")
    assert [line.count("\t") for line in after] == [line.count("\t") for line in before]
    row = after[18]
    cell = row.split("\t")[4]
    start = n.text.index(cell)
    assert n.span("001.txt", start, start + 10).text == before[18].split("\t")[4][3:13]


def test_000_simplified_comes_out_unchanged() -> None:
    original = read("000")
    n = normalize(original)
    assert "t2s" not in n.applied
    assert n.text == original and n.applied == () and n.removed == () and n.suspects == ()


def test_every_seed_normalises_with_a_valid_map(seeds_dir: Path) -> None:
    paths = sorted(seeds_dir.glob("*.txt"))
    assert len(paths) >= 5
    for path in paths:
        n = normalize(path.read_text(encoding="utf-8"))
        assert_valid(n)
        lines = n.original.split("\n")
        for block in n.removed:
            assert block.text == "\n".join(lines[block.first_line - 1 : block.last_line])


def test_a_missing_seed_folder_skips_or_fails_under_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(SEEDS_ENV, str(tmp_path / "nowhere"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="seed documents not found"):
        seed("000")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        seed("000")
    monkeypatch.setenv(SEEDS_ENV, str(tmp_path))
    with pytest.raises(pytest.fail.Exception, match="expected one seed"):
        seed("000")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_spans_give_back_the_original(prefix: str) -> None:
    n = normalize(read(prefix))
    assert_valid(n)
    step = max(1, len(n.text) // 97)
    for start in range(0, len(n.text), step):
        end = min(len(n.text), start + 25)
        span = n.span("f", start, end)
        assert span.text == n.original[span.start : span.end]
        assert span.line == n.line_of(start) <= span.end_line


# --- the steps one by one -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "text"),
    [
        ("<p>第一项</p>", "第一项"),
        ("甲<br>乙<br/>丙<BR />丁", "甲乙丙丁"),
        ('<span style="color:red">红</span>', "红"),
        ("A&amp;B &lt;C&gt; &quot;D&quot; &#20013;&#x4e00;", 'A&B <C> "D" 中一'),
        ("占比<5%,且>3", "占比<5%,且>3"),
        ("a&nbsp;b", "a b"),
        ("行&#10;不变&#9;&#0;&bogus;", "行&#10;不变&#9;&#0;&bogus;"),
        ("&lt;p&gt;字", "<p>字"),
        ("\t<p>甲</p>\t乙\n<td>丙</td>", "\t甲\t乙\n丙"),
        ("x <y> z", "x <y> z"),
    ],
)
def test_html(original: str, text: str) -> None:
    n = normalize(original)
    assert n.text == text
    assert ("html" in n.applied) == (text != original)


@pytest.mark.parametrize(
    ("original", "text"),
    [
        ("要點(diǎn)", "要点"),
        ("新(擴(kuò))建", "新(扩)建"),
        ("新(擴)建", "新(扩)建"),
        ("實施意見(試行)", "实施意见(试行)"),
        ("各縣(市、區(qū))", "各县(市、区)"),
        ("優秀CIO(CIO)", "优秀CIO(CIO)"),
        ("研究?(jī)", "研究?"),
        ("女(nǚ)綠(lǜ)略(lvè)嗯(ńg)", "女绿略嗯"),
        ("計劃(abc)", "计划(abc)"),
        ("規劃(xian) xx(shì)", "规划 xx(shì)"),
        ("(擴(kuò))(kuò)", "(扩)"),
    ],
)
def test_pinyin(original: str, text: str) -> None:
    assert normalize(original).text == text


def test_width() -> None:
    n = normalize("２０２２年完成８５．５％，ＡＢｃ\u3000（一）：；、。")
    assert n.text == "2022年完成85.5%,ABc （一）：；、。".replace(",", "，")
    assert n.applied == ("width",)


def test_t2s_changes_lengths_safely() -> None:
    n = normalize("頭髮很乾淨。")
    assert n.text == "头发很干净。" and n.applied == ("t2s",)
    assert n.span("f", 3, 5).text == "乾淨"


@pytest.mark.parametrize(
    "line",
    ["- 3 -", "— 12 —", "－３－", "第 3 页 共 10 页", "第3页/共10页", "共10页 第3页", "3/10", " 7 / 7 ",
     "2020年3月9日印发", "湖南省教育厅办公室 2020年3月9日印发", "某市教育局办公室 二〇二二年一月五日印发",
     "发布时间:2020-03-22 08:21 信息来源:会同县教育局", "发布日期：2021年5月6日", "来源：市教育局 浏览次数：312"],
)
def test_furniture_lines(line: str) -> None:
    n = normalize(f"正文第一行\n{line}\n正文第二行")
    assert n.text == "正文第一行\n正文第二行"
    assert n.removed == (RemovedBlock("furniture", 2, 2, line),)
    assert n.line_of(n.text.index("正文第二行")) == 3


@pytest.mark.parametrize(
    "line",
    ["2020年3月6日", "10/3", "3", "序号\t来源\t工作内容", "来源：十政办发〔2021〕1号", "关于印发《工作要点》的通知",
     "现将《工作要点》印发给你们。", "一、加强党对教育工作的全面领导", "落实学生资助政策,免费提供教材,下载和查看课程。",
     "会员单位", "2-3个县级示范"],
)
def test_content_lines_stay(line: str) -> None:
    n = normalize(f"正文\n{line}\n正文")
    assert n.removed == () and n.text == f"正文\n{line}\n正文"


def test_paywall_vocabulary_decides_not_line_numbers() -> None:
    original = "1.第一项。\n\n登录后查看全文\n  • 游客:不可见\n  • VIP会员:免费\n\n2.第二项。"
    n = normalize(original)
    assert n.text == "1.第一项。\n\n\n2.第二项。"
    assert n.removed == (RemovedBlock("paywall", 3, 5, "登录后查看全文\n  • 游客:不可见\n  • VIP会员:免费"),)


def test_last_line_furniture_keeps_the_newline_before_it() -> None:
    n = normalize("正文\n- 2 -")
    assert n.text == "正文\n" and n.offsets == (0, 1, 2, 8)


@pytest.mark.parametrize(
    ("original", "suspects"),
    [("第一行\n研究?和\n第三行", (2,)), ("好\ufffd\n", (1,)), ("为什么?\n是?", ()), ("正文", ())],
)
def test_suspects(original: str, suspects: tuple[int, ...]) -> None:
    assert normalize(original).suspects == suspects


def test_ranges_are_checked() -> None:
    n = normalize("要點(diǎn)")
    with pytest.raises(ValueError):
        n.to_original(1, 5)
    with pytest.raises(ValueError):
        n.line_of(-1)
    with pytest.raises(ValueError):
        Normalized("ab", "ab", (0, 2, 1))
    with pytest.raises(ValueError):
        Normalized("ab", "ab", (0, 1))


def test_line_of_at_the_end() -> None:
    n = normalize("一\n二\n")
    assert [n.line_of(i) for i in range(len(n.text) + 1)] == [1, 1, 2, 2, 2]
    assert normalize("").line_of(0) == 1


# --- properties ---------------------------------------------------------------------------

_T2S = opencc.OpenCC("t2s")
_STABLE_HAN = [ch for ch in "的一是在不了有和人这中大为上个国我以要他时来用们生到作地出就分对成会可主发年动同工也能下"
               "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当"
               if _T2S.convert(ch) == ch]
_SYLLABLES = ["diǎn", "kuò", "shí", "xí", "zhōng", "guó", "lǜ", "nǚ", "yuàn", "a", "ér", "qū", "ńg", "lve"]
_token = st.one_of(
    st.sampled_from(_STABLE_HAN),
    st.sampled_from(_SYLLABLES).map(lambda s: f"({s})"),
    st.lists(st.sampled_from(_STABLE_HAN), min_size=1, max_size=3).map(lambda cs: "(" + "".join(cs) + ")"),
    st.sampled_from(["(CIO)", "(市、区)", "?", ")", "(", " ", "\n", "x", "(1)"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_token, max_size=40).map("".join))
def test_pinyin_never_removes_a_cjk_character(original: str) -> None:
    n = normalize(original)
    assert _IS_HAN.findall(n.text) == _IS_HAN.findall(original)
    assert not re.search(rf"[{HAN}?]\((?:{'|'.join(_SYLLABLES)})\)", n.text)
    assert_valid(n)


_interesting = st.sampled_from(
    list("點點擴(diǎn)<p>/&amp;#x4e00;\t\n\r?－ 3第页共印发隐藏内容会员特权积分•０Ａ％．\u3000\ufffd头髮乾淨")
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.one_of(_interesting, st.characters()), max_size=120), st.data())
def test_normalize_never_raises_and_its_map_is_valid(original: str, data: st.DataObject) -> None:
    n = normalize(original)
    assert n.original == original
    assert_valid(n)
    start = data.draw(st.integers(0, len(n.text)))
    end = data.draw(st.integers(start, len(n.text)))
    span = n.span("f.txt", start, end)
    assert span.text == original[span.start : span.end]
    assert (span.start, span.end) == n.to_original(start, end)
    assert 1 <= span.line <= span.end_line <= original.count("\n") + 1
