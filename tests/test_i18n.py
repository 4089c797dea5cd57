"""Chinese by default, English on request: the catalogues, the command line's words, its outputs."""

from __future__ import annotations

import csv
import io
import json
import re
import string

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from dutygraph import i18n
from dutygraph.cli import cli, main
from dutygraph.errors import DocumentError, OutputError, UsageError
from dutygraph.i18n import language, t
from dutygraph.queries.scope import not_named
from seeds import seed

LATIN = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3400-\u9fff]")
ZH_LATIN_ALLOWED = {"Gini", "HHI", "Excel", "dutygraph", "xlsx", "csv", "html", "DUTYGRAPH", "DEBUG", "format", "show",
                    "across", "issuers", "explain", "aliases", "zh", "en", "default", "issuer"}
"""Latin words a Chinese message may hold: metric names beside their Chinese names, and the
command line's own names (options, formats) where a message says what to type."""
PLACEHOLDER = re.compile(r"\{[^}]*\}")
CODE = re.compile(r"`[^`]*`|(?<![\w-])--?[\w-]+|\b[A-Z][A-Z0-9_]*\b|\$\w+|~/\S+|\w+://\S*|\b\w+(?:[._/:@+-]\w+)+\b"
                  r'|\.\w+\b|"[^"]*"')
"""What a message asks to be typed as it is: `code`, an option, a variable, a path or an address, a
dotted or hyphenated name, a suffix, a quoted key."""
NAMES = {"Aura", "Big", "Bolt", "Burt", "Central", "Cypher", "Cytoscape", "Debian", "Gephi", "GraphML", "IRI", "Java",
         "JVM", "Louvain", "Maven", "Neo", "Office", "OpenDocument", "LibreOffice", "Outlook", "Oxigraph", "Schema",
         "TLS", "TriG", "Triples", "Turtle", "Ubuntu", "Windows", "Word", "cron", "jar", "jsonld", "kB", "macOS",
         "neo", "newman", "oxrdflib", "rdflib", "zip", "networkx", "sparql", "cypher", "completed", "behind"}
"""Proper names (products, formats, methods, units) a Chinese message names as they are, and the
codes the corrections template lists as the operations take them."""
EN = i18n.catalogue("en")
ZH = i18n.catalogue("zh")


def fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_both_catalogues_have_every_key_and_chinese_asks_for_nothing_english_does_not():
    assert set(EN) == set(ZH)
    assert [k for k in EN if not fields(ZH[k]) <= fields(EN[k])] == []
    # in English only: a file's format; the --overload-rule value (Chinese states the rule in words in each reason)
    assert [k for k in EN if fields(EN[k]) - fields(ZH[k])] == ["detail.file_value", "workload.overloaded"]


def test_chinese_messages_hold_no_english_words_and_english_ones_no_chinese():
    words = {k: set(LATIN.findall(CODE.sub(" ", PLACEHOLDER.sub("", v)))) - ZH_LATIN_ALLOWED - NAMES
             for k, v in ZH.items()}
    assert {k: w for k, w in words.items() if w and k != "lang"} == {}
    # the Chinese words in English are those the documents themselves use: a column name (来源), the
    # 等 that opens a list of parties (quality notes that name it); besides the examples of what to
    # type (an alias file's line) and the help (its own test: test_messages.py)
    assert [k for k, v in EN.items() if CJK.search(CODE.sub(" ", v)) and not k.startswith("help.")] == [
        "note.open_list", "note.reason.not_a_class", "note.reason.after_deng", "progress.references"]


def test_the_language_is_chinese_unless_asked(monkeypatch):
    monkeypatch.delenv(i18n.ENV, raising=False)
    assert i18n.current() == "zh"
    monkeypatch.setenv(i18n.ENV, "en")
    assert i18n.current() == "en"
    with language("zh"):
        assert t("tier.overdue") == "逾期"


@pytest.mark.parametrize("error, chinese, english", [
    (DocumentError("plan.txt", "document.missing"), "plan.txt：没有这个文件或文件夹", "plan.txt: no such file or folder"),
    (OutputError("out/x.json", "output.permission_denied"), "out/x.json：无法写入：没有权限",
     "out/x.json: cannot write: permission denied"),
    (UsageError(not_named("office", "财物科", ["财务科"])), "没有名为“财物科”的处室（是否要找：财务科？）",
     "no office named '财物科' (did you mean: 财务科?)"),
])
def test_errors_read_in_the_language_in_force(error, chinese, english):
    with language("zh"):
        assert str(error) == chinese
    with language("en"):
        assert str(error) == english


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env={i18n.ENV: "", **(env or {})}, catch_exceptions=False)


def test_tables_speak_chinese_by_default_and_english_on_request():
    zh = invoke("workload", "examples/")
    assert zh.exit_code == 0, zh.output
    assert "本单位内排名" in zh.output and "工作负荷" in zh.output and "负荷过重" in zh.output
    en = invoke("workload", "examples/", "--lang", "en")
    assert "rank_within" not in en.output and "rank in issuer" in en.output and "overloaded" in en.output
    assert not CJK.search(en.output.splitlines()[1])  # the header row
    env = invoke("workload", "examples/", env={i18n.ENV: "en"})
    assert env.output == en.output


def test_json_keys_and_codes_stay_english_in_chinese():
    data = json.loads(invoke("targets", "examples/", "--as-of", "2024-09-15", "--format", "json").output)
    assert set(data) == {"deadline", "office", "no-target", "no-lead"}
    assert {"status", "deadline", "rule", "ref", "plan", "text"} <= set(data["deadline"][0])
    assert {r["status"] for r in data["deadline"]} <= {"overdue", "due", "upcoming", "later", "completed", "no_deadline"}


def test_csv_has_a_byte_order_mark_in_chinese_and_keeps_english_headers(tmp_path):
    out = tmp_path / "t.csv"
    assert invoke("targets", "examples/", "--as-of", "2024-09-15", "--show", "deadline", "-o", str(out)).exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows and rows[0]["status"] in ("overdue", "due", "upcoming", "later", "completed")
    plain = invoke("targets", "examples/", "--show", "deadline", "--format", "csv", "--lang", "en").output
    assert not plain.startswith("\ufeff")
    assert invoke("targets", "examples/", "--show", "deadline", "--format", "csv", "--no-csv-bom").output[0] == "s"


@pytest.mark.parametrize("args, sheets, header", [
    (["workload", "examples/"], ["工作负荷", "负荷过重", "领导"], ["本单位内排名", "处室", "发文单位", "类别", "牵头"]),
    (["targets", "examples/", "--as-of", "2024-09-15", "--show", "deadline"], ["目标时限"], ["状态", "完成时限", "依据"]),
    (["deps", "examples/", "--show", "pairs"], ["处室协作"], ["处室甲", "处室乙", "发文单位", "共同事项", "协作强度"]),
])
def test_xlsx_outputs(tmp_path, args, sheets, header):
    out = tmp_path / "out.xlsx"
    result = invoke(*args, "-o", str(out))
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == sheets
    ws = book[sheets[0]]
    assert [c.value for c in ws[1]][: len(header)] == header
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert ws.max_row > 1


def test_plans_go_by_title_in_tables_never_by_file_name(seeds_dir):
    out = invoke("targets", str(seed("001")), "--as-of", "2021-10-01", "--show", "no-target").output
    first = out.splitlines()[3]  # title, header, rule, the first row: ref, plan, title, offices, source
    assert first.split()[1] == "市教育局" and "分解落实 2021 年政府工作目标进展情况" in first  # the plan's title


def test_errors_are_one_chinese_line(tmp_path, capsys):
    for args in (["workload", str(tmp_path / "none.txt")], ["workload", "examples/", "--bogus"],
                 ["workload", "examples/", "--format", "xlsx"], ["ledger", "examples/", "-o", str(tmp_path / "x.csv")]):
        with pytest.raises(SystemExit) as exit_:
            main(args)
        assert exit_.value.code == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and err.startswith("dutygraph: "), err
        assert not LATIN.sub("", err.replace(str(tmp_path), "")).count("Traceback")
        words = set(LATIN.findall(CODE.sub(" ", err.replace(str(tmp_path), "")))) - ZH_LATIN_ALLOWED - {"none", "txt"}
        assert words == set(), err


@pytest.mark.parametrize("where", ["before", "after"])
def test_lang_en_on_the_command_line_gives_english_errors(tmp_path, capsys, monkeypatch, where):
    """--lang en reaches the error line too: the run's language is reset when the command ends,
    before main() prints what went wrong."""
    monkeypatch.delenv(i18n.ENV, raising=False)
    for args in (["workload", "examples/", "--plan", "nope"], ["workload", str(tmp_path / "none.txt")],
                 ["ledger", "examples/", "-o", str(tmp_path / "x.csv")]):
        argv = ["--lang", "en", *args] if where == "before" else [*args, "--lang", "en"]
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 2
        err = capsys.readouterr().err.strip().replace(str(tmp_path), "")
        assert len(err.splitlines()) == 1 and err.startswith("dutygraph: "), err
        assert not re.search(r"[\u4e00-\u9fff]", err), err
    assert i18n.current() == "zh"  # the next run starts from the default again


def test_ranks_are_within_each_issuer_unless_across_issuers():
    within = json.loads(invoke("workload", "examples/", "--format", "json").output)["offices"]
    pooled = json.loads(invoke("workload", "examples/", "--format", "json", "--across-issuers").output)["offices"]
    assert sorted(r["rank"] for r in within if r["rank"] == 1) == [1, 1]  # one top office per issuer
    assert [r["rank"] for r in pooled].count(1) == 1
    by_issuer: dict[str, float] = {}
    for r in within:
        by_issuer[r["issuer"]] = by_issuer.get(r["issuer"], 0) + r["share"]
    assert all(abs(total - 1) < 1e-9 for total in by_issuer.values())


def test_brokers_are_ranked_within_each_issuer_unless_across_issuers():
    within = json.loads(invoke("deps", "examples/", "--show", "brokers", "--format", "json").output)["brokers"]
    pooled = json.loads(invoke("deps", "examples/", "--show", "brokers", "--format", "json",
                               "--across-issuers").output)["brokers"]
    assert sorted((r["issuer"], r["office"]) for r in within) == sorted((r["issuer"], r["office"]) for r in pooled)
    for issuer in {r["issuer"] for r in within}:
        assert [r["rank"] for r in within if r["issuer"] == issuer] == list(range(1, 1 + sum(
            r["issuer"] == issuer for r in within)))
        assert [r["office"] for r in within if r["issuer"] == issuer] == [
            r["office"] for r in pooled if r["issuer"] == issuer]  # the same order inside each issuer
    assert [r["rank"] for r in pooled] == list(range(1, len(pooled) + 1))
    assert "本单位内排名" in invoke("deps", "examples/", "--show", "brokers").output


def test_query_commands_write_files_with_o(tmp_path):
    for command in (["workload"], ["deps"], ["targets", "--as-of", "2024-09-15"], ["progress"], ["aliases"],
                    ["office", "财务科"], ["leader", "林晓"]):
        name, *rest = command
        out = tmp_path / f"{name}.txt"
        args = [name, *rest[:1]] if name in ("office", "leader") else [name]
        result = invoke(*args, "examples/", *([] if name in ("office", "leader") else rest), "-o", str(out))
        assert result.exit_code == 0, (command, result.output)
        assert out.read_text("utf-8").strip() and result.output == "", command


def test_deps_names_brokers_and_communities_in_planning_language():
    out = invoke("deps", "examples/", "--show", "brokers", "--show", "communities").output
    # 基础教育处 holds 教师工作处 and 体育卫生与艺术教育处 to the rest of 明州省教育厅's offices
    assert "关键枢纽处室：若缺位，2 个处室与其他处室失去联系（教师工作处、体育卫" in out
    assert re.search(r"\S+、\S+等 \d+ 个处室", out)
    assert "中介度：" in out and "网络约束度：" in out and "模块度：" in out  # each metric explained


def test_progress_bar_is_silent_when_not_a_terminal_or_quiet(monkeypatch):
    from dutygraph.cli import progress

    result = CliRunner().invoke(cli, ["import", "examples/"])
    assert "正在读取" not in result.output
    monkeypatch.setattr(progress, "DELAY", 0.0)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    with progress.reading_progress() as on_file:
        on_file(0, 2, __import__("pathlib").Path("a.txt"))
        on_file(1, 2, __import__("pathlib").Path("b.txt"))
    assert "正在读取文件" in screen.getvalue()
    token = progress.QUIET.set(True)
    try:
        with progress.reading_progress() as on_file:
            assert on_file is None
    finally:
        progress.QUIET.reset(token)
