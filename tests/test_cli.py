"""The command line: summaries, JSON export, and one clean line for every kind of bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dutygraph", *args], capture_output=True, text=True, cwd=cwd,
        env={**os.environ, "PYTHONWARNINGS": "error"}, timeout=120,
    )


def test_import_summarises_each_plan():
    result = run("import", str(EXAMPLES))
    assert result.returncode == 0, result.stderr
    assert "2024年明州省教育厅重点实事项目清单" in result.stdout
    assert "items 3  tasks 8  targets 8  offices 8  collectives 0  leaders 2" in result.stdout
    assert "open list: line 19" in result.stdout  # the quality code open_list, labelled


def test_export_json_shape(seeds_dir):
    result = run("export", str(seeds_dir / next(p.name for p in seeds_dir.iterdir() if p.name.startswith("002"))), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    plan = data["plans"][0]
    assert plan["source"].startswith("002_") and plan["issuers"] == ["市教育局"] and plan["year"] == 2022
    three = next(i for i in plan["items"] if i["ref"] == "3")
    assert three["offices"][0] == {**three["offices"][0], "name": "办公室", "surface": "办公室", "role": "lead", "rule": "explicit", "kind": "office"}
    assert three["source"]["line"] == 11
    assert {"text", "value", "unit", "comparator", "deadline"} <= set(three["targets"][0])
    assert three["section"] == "一、建设区域教育中心,办好人民满意教育"


def test_schema_describes_export():
    result = run("schema")
    schema = json.loads(result.stdout)
    assert result.returncode == 0 and schema["title"] == "dutygraph export"
    assert "plans" in schema["properties"]


def test_export_writes_file_atomically(tmp_path):
    out = tmp_path / "plans.json"
    assert run("export", str(EXAMPLES), "-o", str(out)).returncode == 0
    assert len(json.loads(out.read_text("utf-8"))["plans"]) == 3


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file or folder"),
        ("empty.txt", b"", "empty file"),
        ("random.txt", bytes(range(256)) * 4, "not a text document"),
        ("hello.txt", "just some words, no plan at all".encode(), "not a work plan in any known format (known formats: csv, doc, docx, et, html, markdown, pdf, rtf, table, text, wps, xls, xlsx)"),
        ("bad.txt", b"\xff\xfe\xfd" * 3 + "一、标题".encode("utf-8") + b"\x81", None),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "out.json"
    result = run("export", str(EXAMPLES), str(path), "-o", str(out), "--strict")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert str(path) in lines[0]
    if message:
        assert message in lines[0]
    assert not out.exists()  # nothing half-written
    assert list(tmp_path.iterdir()) == ([path] if content is not None else [])


def test_one_bad_document_does_not_stop_the_others(tmp_path):
    folder = tmp_path / "plans"
    shutil.copytree(EXAMPLES, folder)
    (folder / "broken.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "notes.txt").write_text("just some words, no plan at all", encoding="utf-8")
    out = tmp_path / "out.json"
    result = run("export", str(folder), "-o", str(out))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert sorted(line.split(": ")[1] for line in lines) == [str(folder / "broken.txt"), str(folder / "notes.txt")]
    assert all("Traceback" not in line for line in lines)
    written = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(p["source"] for p in written["plans"]) == sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".md", ".tsv"))


def test_nothing_readable_exits_2(tmp_path):
    (tmp_path / "notes.txt").write_text("just some words", encoding="utf-8")
    out = tmp_path / "out.json"
    result = run("export", str(tmp_path), "-o", str(out))
    assert result.returncode == 2 and not out.exists()


def test_folder_without_documents(tmp_path):
    result = run("import", str(tmp_path))
    assert result.returncode == 2 and "no documents in this folder" in result.stderr


def test_unknown_input_format_lists_known_ones():
    result = run("import", str(EXAMPLES), "--input-format", "odt")
    assert result.returncode == 2 and "markdown" in result.stderr and "Traceback" not in result.stderr


def test_bad_alias_file(tmp_path):
    aliases = tmp_path / "aliases.toml"
    aliases.write_text("[issuer.x]\nnames = 3\n", "utf-8")
    result = run("import", str(EXAMPLES), "--aliases", str(aliases))
    assert result.returncode == 2 and str(aliases) in result.stderr


def test_user_aliases_merge_offices(tmp_path):
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text('issuer:\n  "青山市教育局":\n    names:\n      "教研室": "教学研究室"\n', "utf-8")
    result = run("aliases", str(EXAMPLES), "--aliases", str(aliases), "--format", "json")
    rows = json.loads(result.stdout)
    assert {"office": "教学研究室", "surface": "教研室", "rule": "alias"}.items() <= next(
        r for r in rows if r["surface"] == "教研室").items()


def test_python_dash_m_and_help():
    result = run("--help")
    assert result.returncode == 0
    for command in ("import", "export", "schema", "aliases"):
        assert command in result.stdout
