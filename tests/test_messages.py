"""Errors as messages: every code the code base raises has a template in Chinese and in English
with the same placeholders; the command line's error lines and its --help in either language."""

from __future__ import annotations

import ast
import inspect
import os
import pickle
import re
import string
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from dutygraph import i18n
from dutygraph.cli import cli, main
from dutygraph.errors import (
    CorrectionError,
    DocumentError,
    Message,
    ModelError,
    Neo4jConnectionLost,
    Neo4jUnavailable,
    OutputError,
    StoreError,
    UsageError,
    quoted,
)
from dutygraph.i18n import language

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("dutygraph", "importers", "graph", "queries", "ontology", "viz")
EN, ZH = i18n.catalogue("en"), i18n.catalogue("zh")
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{2,}")

RAISERS = {"DutygraphError": 0, "DocumentError": 1, "CorrectionError": 1, "OutputError": 1, "UsageError": 0,
           "ModelError": 0, "StoreError": 0, "Neo4jUnavailable": 0, "Message": 0}
"""The calls that take a message code, and the position of the code among their arguments."""
PREFIXED = {"_fail": ("correction.", 2), "_NoMatch": ("stale.", 0)}
"""Helpers that add a prefix to the code they are given (ontology/corrections.py, ontology/correct.py)."""


def fields(template: str) -> set[str]:
    return {f.split(".")[0].split("[")[0] for _, f, _, _ in string.Formatter().parse(template) if f}


def _sources() -> list[Path]:
    files = []
    for package in PACKAGES:
        folder = ROOT / package
        files += [p for p in folder.rglob("*.py") if ".venv" not in p.parts]
    return sorted(set(files))


def _codes() -> tuple[set[str], set[str], set[str]]:
    """The codes written as text at the raise sites, the patterns of those built by f-strings, and
    every text of the code base (a code may be named by a constant or a conditional)."""
    literal: set[str] = set()
    patterns: set[str] = set()
    texts: set[str] = set()
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.add(node.value)
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in RAISERS:
                prefix, at = "", RAISERS[name]
            elif name in PREFIXED:
                prefix, at = PREFIXED[name]
            else:
                continue
            if len(node.args) <= at:
                continue
            code = node.args[at]
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                literal.add(prefix + code.value)
            elif isinstance(code, ast.JoinedStr):
                parts = [re.escape(v.value) if isinstance(v, ast.Constant) else r"\w*" for v in code.values]
                patterns.add(re.escape(prefix) + "".join(parts))
    return literal, patterns, texts


def test_every_code_raised_has_a_template_in_both_languages_with_the_same_placeholders():
    literal, patterns, texts = _codes()
    assert len(literal) > 150 and patterns
    missing = sorted(c for c in literal if f"error.{c}" not in EN or f"error.{c}" not in ZH)
    assert missing == []
    errors = [k for k in EN if k.startswith("error.")]
    assert [k for k in errors if fields(EN[k]) != fields(ZH[k])] == []
    # and no template is left that nothing raises (a code built by an f-string counts by its pattern)
    unused = [k for k in errors if not {k, k[6:]} & (literal | texts) and not any(re.fullmatch(p, k[6:]) for p in patterns)]
    assert unused == []


def test_help_and_the_template_words_have_the_same_placeholders_in_both_languages():
    keys = [k for k in EN if k.startswith("help.")]
    assert len(keys) > 100
    assert [k for k in keys if fields(EN[k]) != fields(ZH[k])] == []


def test_a_message_is_checked_against_the_catalogue_when_made():
    with pytest.raises(KeyError, match="error.document.nope"):
        Message("document.nope")
    with pytest.raises(TypeError, match="takes reason, not path"):
        Message("document.cannot_read", path="x")
    with pytest.raises(TypeError):
        DocumentError("x.txt", Message("document.missing"), reason="a message takes its own")


@pytest.mark.parametrize("error", [
    DocumentError("plan.txt", "document.cannot_read", line=4, reason="permission denied"),
    CorrectionError("fix.yaml", "correction.unknown_op", line=2, op=quoted("set_leader"), known="set_lead"),
    OutputError.from_os("out/x.json", OSError(28, "No space left on device")),
    UsageError("usage.no_plan", plan="nope", known="a.txt"),
    ModelError("model.dangling", owner="item:1", relation=Message("model.rel.in"), ref="section:9"),
    StoreError("neo4j.refused_query", code="Neo.ClientError", reason="bad"),
    Neo4jUnavailable("neo4j.unreachable", uri="bolt://db:7687", reason="connection refused"),
    Neo4jConnectionLost(Message("neo4j.nothing_written"), "bolt://db:7687"),
])
def test_errors_pickle_with_their_code_parameters_and_place(error):
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert (again.code, again.params, getattr(again, "path", None), getattr(again, "line", None)) == (
        error.code, error.params, getattr(error, "path", None), getattr(error, "line", None))
    for lang in i18n.LANGS:
        with language(lang):
            assert str(again) == str(error) and "\n" not in str(error)
    with language("en"):
        english = str(error)
    with language("zh"):
        assert str(error) != english


def test_the_english_sentences_are_those_of_before():
    with language("en"):
        assert str(DocumentError("plan.txt", "document.no_items_as", line=3, format="csv")) == (
            "plan.txt:3: no work-plan items found (read as csv)")
        assert str(OutputError("-", "output.permission_denied")) == "-: cannot write: permission denied"
        assert str(Neo4jConnectionLost(Message("neo4j.rolled_back", names="a.txt"))) == (
            "lost the connection to Neo4j; the plan being written (a.txt) was rolled back")
    with language("zh"):
        assert str(DocumentError("plan.txt", "document.no_items_as", line=3, format="csv")) == (
            "plan.txt:3：没有找到工作事项（按 csv 格式读取）")


# -- the command line ------------------------------------------------------------------------

def _error_line(capsys, args: list[str], lang: str, monkeypatch) -> tuple[int, str]:
    monkeypatch.setenv(i18n.ENV, lang)
    with pytest.raises(SystemExit) as exit_:
        main(args)
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("dutygraph: "), err
    return int(exit_.value.code or 0), err


def test_a_document_in_no_known_format_is_refused_in_either_language(tmp_path, capsys, monkeypatch):
    doc = tmp_path / "memo.txt"
    doc.write_text("周末聚餐\n大家记得带伞。\n", "utf-8")
    status, zh = _error_line(capsys, ["import", str(doc)], "zh", monkeypatch)
    assert status == 2
    assert zh.startswith(f"dutygraph: {doc}：不是任何已知格式的工作计划（已知格式：csv, doc,") and zh.endswith(
        "如果它是工作计划，请用 --input-format 指定其格式"), zh
    status, en = _error_line(capsys, ["import", str(doc)], "en", monkeypatch)
    assert status == 2
    assert en.startswith(f"dutygraph: {doc}: not a work plan in any known format (known formats: csv, doc,") and en.endswith(
        "if it is one, name its format with --input-format"), en


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_an_unreadable_document_is_refused_in_either_language(tmp_path, capsys, monkeypatch):
    doc = tmp_path / "plan.txt"
    doc.write_text("某县教育局2023年工作要点\n1.新建幼儿园3所。（基建科牵头）\n", "utf-8")
    doc.chmod(0)
    assert _error_line(capsys, ["import", str(doc)], "zh", monkeypatch) == (2, f"dutygraph: {doc}：无法读取：Permission denied")
    assert _error_line(capsys, ["import", str(doc)], "en", monkeypatch) == (2, f"dutygraph: {doc}: cannot read: Permission denied")


def test_a_document_that_is_not_a_file_is_refused_in_either_language(tmp_path, capsys, monkeypatch):
    pipe = tmp_path / "plan.txt"
    os.mkfifo(pipe)
    assert _error_line(capsys, ["import", str(pipe)], "zh", monkeypatch) == (2, f"dutygraph: {pipe}：不是普通文件")
    assert _error_line(capsys, ["import", str(pipe)], "en", monkeypatch) == (2, f"dutygraph: {pipe}: not a regular file")


def test_a_missing_document_and_a_bad_corrections_file_are_refused_in_either_language(tmp_path, capsys, monkeypatch):
    gone = tmp_path / "gone.txt"
    assert _error_line(capsys, ["import", str(gone)], "zh", monkeypatch) == (2, f"dutygraph: {gone}：没有这个文件或文件夹")
    assert _error_line(capsys, ["import", str(gone)], "en", monkeypatch) == (2, f"dutygraph: {gone}: no such file or folder")
    fix = tmp_path / "fix.yaml"
    fix.write_text("plan: a.txt\ncorrections:\n  - item: '1'\n    set_leader: [王五\n", "utf-8")
    status, zh = _error_line(capsys, ["import", "examples/", "--corrections", str(fix)], "zh", monkeypatch)
    assert status == 2 and zh.startswith(f"dutygraph: {fix}:5：不是有效的 YAML：expected"), zh  # the parser's own words
    status, en = _error_line(capsys, ["import", "examples/", "--corrections", str(fix)], "en", monkeypatch)
    assert status == 2 and en.startswith(f"dutygraph: {fix}:5: not valid YAML: "), en
    fix.write_text("plan: a.txt\ncorrections:\n  - item: '1'\n    set_leeder: 王五\n", "utf-8")
    assert _error_line(capsys, ["import", "examples/", "--corrections", str(fix)], "zh", monkeypatch)[1].startswith(
        f"dutygraph: {fix}:4：未知的操作 'set_leeder'（可选：set_lead,")
    assert _error_line(capsys, ["import", "examples/", "--corrections", str(fix)], "en", monkeypatch)[1].startswith(
        f"dutygraph: {fix}:4: unknown operation 'set_leeder' (known: set_lead,")


def test_an_unreachable_neo4j_is_one_line_in_either_language(capsys, monkeypatch):
    uri = "bolt://127.0.0.1:9"  # the discard port: nothing listens there
    args = ["neo4j", "status", "--uri", uri]
    status, zh = _error_line(capsys, args, "zh", monkeypatch)
    assert status == 1 and zh.startswith(f"dutygraph: {uri}：无法连接 Neo4j（"), zh
    status, en = _error_line(capsys, args, "en", monkeypatch)
    assert status == 1 and en.startswith(f"dutygraph: {uri}: cannot reach Neo4j ("), en


@pytest.mark.parametrize("args, zh", [
    (["workload", "examples/", "--bogus"], "dutygraph: 没有这个选项：--bogus（是否要找：--jobs？）"),
    (["workload", "examples/", "--zzz"], "dutygraph: 没有这个选项：--zzz"),
    (["bogus"], "dutygraph: 没有这个命令：bogus"),
    (["office"], "dutygraph: 缺少参数 'NAME'"),
    (["workload", "examples/", "--top-k"], "dutygraph: 选项 --top-k 需要一个值"),
    (["workload", "examples/", "--overload-rule", "most"], "dutygraph: '--overload-rule' 的值无效，可选：mean+1.5sd, top-decile"),
    (["schema", "extra"], "dutygraph: 多余的参数：extra"),
])
def test_the_command_lines_own_errors_are_chinese(capsys, monkeypatch, args, zh):
    assert _error_line(capsys, args, "zh", monkeypatch) == (2, zh)


# -- --help ----------------------------------------------------------------------------------

def _commands(command: click.Command, path: tuple[str, ...] = ()):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))


CODE = re.compile(r"`[^`]*`|(?<![\w-])--?[\w-]+|\[[^\]]*\]|\b[A-Z][A-Z0-9_]*\b|\$\w+|~/\S+|\w+://\S*"
                  r"|\b\w+(?:[._/:@+-]\w+)+\b|\.\w+\b")
"""What help shows as it is typed: `code`, options, [choices], metavars and variables, paths and
addresses, dotted or hyphenated names, suffixes."""
NAMES = {"Aura", "Bolt", "Burt", "Central", "Cypher", "Cytoscape", "Excel", "Gephi", "GraphML", "Java", "Louvain",
         "Maven", "Neo", "Outlook", "Oxigraph", "Schema", "TriG", "Triples", "Turtle", "Word", "cron", "dutygraph",
         "jar", "kB", "neo", "newman", "oxrdflib", "rdflib"}
"""Proper names (products, formats, methods, units) a Chinese help text names as they are."""


def _help(path: tuple[str, ...], lang: str) -> str:
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="dutygraph", env={i18n.ENV: lang})
    assert result.exit_code == 0, result.output
    return result.output


def test_help_in_chinese_has_no_english_prose_and_in_english_no_chinese():
    known = {name for path, _ in _commands(cli) for name in path}
    known |= {str(c) for _, command in _commands(cli) for p in command.params if isinstance(p.type, click.Choice)
              for c in p.type.choices}
    for path, _ in _commands(cli):
        zh = _help(path, "zh")
        assert zh.startswith("用法：dutygraph") and ("选项:" in zh), zh
        assert set(LATIN.findall(CODE.sub(" ", zh))) - known - NAMES == set(), (path, zh)
        en = _help(path, "en")
        assert en.startswith("Usage: dutygraph") and "Options:" in en
        # English names the documents' own terms (督办台账, 来源) but holds no Chinese sentence
        assert not re.search(r"[\u3400-\u9fff][，。；：]|[，。；：][\u3400-\u9fff]", en), (path, en)


@pytest.mark.parametrize("args", [["--lang", "en", "workload", "--help"], ["workload", "--help", "--lang", "en"],
                                  ["--help", "--lang", "en"]])
def test_lang_en_gives_english_help_wherever_it_stands(args):
    result = CliRunner().invoke(cli, args, prog_name="dutygraph", env={i18n.ENV: "zh"})
    assert result.exit_code == 0 and result.output.startswith("Usage: dutygraph"), result.output
    assert i18n.current() == "zh"


def test_every_command_and_option_has_its_help_in_the_catalogue():
    from dutygraph.cli.localized import command_key, option_key

    missing = []
    for path, command in _commands(cli):
        if command_key(path) not in EN:
            missing.append(command_key(path))
        ctx = click.Context(command)
        for param in command.get_params(ctx):
            if isinstance(param, click.Option) and not param.hidden and param.help:
                name = "help" if param is command.get_help_option(ctx) else param.name or ""
                if not any(key in EN for key in option_key(path, name)):
                    missing.append(f"{path}: {name}")
    assert missing == []


def test_the_english_help_is_the_one_written_in_the_code():
    """The code's docstrings and help= stay the English text (and a new command's, until its
    catalogue entries are written): the English catalogue says the same, word for word."""
    from dutygraph.cli.localized import command_key, option_key

    with language("en"):
        for path, command in _commands(cli):
            assert EN[command_key(path)] == inspect.cleandoc(command.help or ""), path
            ctx = click.Context(command)
            for param in command.get_params(ctx):
                if isinstance(param, click.Option) and param.help and param is not command.get_help_option(ctx):
                    key = next(k for k in option_key(path, param.name or "") if k in EN)
                    assert EN[key] == param.help, (path, param.name)


def test_the_corrections_template_follows_the_language(tmp_path, monkeypatch):
    for lang, words in (("zh", ("# 由 `dutygraph corrections template` 写出", "# 处室：", "# 进展状态：")),
                        ("en", ("# Written by `dutygraph corrections template`", "# offices:", "# status:"))):
        out = tmp_path / f"fix-{lang}.yaml"
        result = CliRunner().invoke(cli, ["corrections", "template", "examples/", "-o", str(out)], env={i18n.ENV: lang})
        assert result.exit_code == 0, result.output
        text = out.read_text("utf-8")
        assert all(w in text for w in words), text[:400]
        assert bool(CJK.search(text.split("corrections:")[0].replace("王五", "").replace("副局长", "")
                               .replace("所", ""))) == (lang == "zh")
