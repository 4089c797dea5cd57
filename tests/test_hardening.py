"""What an independent attack broke (issue 23), each held by a test.

Every input below is hostile on purpose and invented here: RDF naming remote and local
contexts (a local HTTP server proves that no request is made), names that are spreadsheet
formulas (LibreOffice opens the ledger and runs nothing), outputs naming inputs, inputs nested
100,000 deep, stored corpora whose ids dangle, a Neo4j URI that does not parse, a converter
whose helper leaves its session, file names with newlines, and long runs of blanks.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from dutygraph.cli import main
from dutygraph.errors import DocumentError
from dutygraph.graph.rdf.files import parse_graph, read_rdf, serialize
from dutygraph.graph.stored import dump_corpus
from dutygraph.importers.read import parse
from dutygraph.output import render_csv
from dutygraph.xlsx import Sheet, workbook

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording

ROOT = Path(__file__).resolve().parents[1]
PLAN = "某县教育局2023年工作要点\n1.扩充学位。（学前科牵头，财务科配合）\n2.提高质量。（基础教育科负责）\n"
HOSTILE = ("某县教育局2023年工作要点\n1.扩充学位。（=1+1处牵头，@SUM(1)科配合）\n"
           "2.提高质量。（+2处牵头，-3科配合）\n")
"""A plan whose offices are named like formulas (=1+1处, @SUM(1)科, +2处, -3科)."""


def dg(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """Run the command line here, as the console script does: (exit status, lines on stderr)."""
    capsys.readouterr()
    try:
        main([*args, "--lang", "en", "-q"])
        status = 0
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    return status, capsys.readouterr().err.splitlines()


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    return path


# -- RDF reads nothing but the file named ---------------------------------------------------------

class _Recorder(BaseHTTPRequestHandler):
    seen: list[str] = []
    timeout = 5  # a client that stops sending cannot hold the server

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        _Recorder.seen.append(self.path)
        body = b'{"@context": {"x": "http://example.org/x"}}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """A local HTTP server (127.0.0.1, stopped after the test) that records every request."""
    _Recorder.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def _jsonld(context: object) -> str:
    data = json.loads(serialize(parse(PLAN), "jsonld"))
    data["@context"] = context
    return json.dumps(data, ensure_ascii=False)


def test_rdf_never_fetches_a_context_import_or_base(tmp_path, server, capsys):
    own = json.loads(serialize(parse(PLAN), "jsonld"))["@context"]
    files = {
        "remote.jsonld": _jsonld(f"{server}context.jsonld"),
        "listed.jsonld": _jsonld([f"{server}a.jsonld", own]),
        "import.jsonld": _jsonld({**own, "@import": f"{server}import.jsonld"}),
        "scoped.jsonld": _jsonld({**own, "x": {"@id": "http://example.org/x", "@context": f"{server}scoped"}}),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(DocumentError, match="JSON-LD context .* is not read"):
            read_rdf(tmp_path / name)
    turtle = tmp_path / "imports.ttl"
    turtle.write_text(f"@base <{server}base/> .\n<> <http://www.w3.org/2002/07/owl#imports> <{server}x.ttl> .\n"
                      + serialize(parse(PLAN), "ttl"), encoding="utf-8")
    assert read_rdf(turtle) == parse(PLAN)  # owl:imports is a triple like any other: never followed
    status, err = dg(capsys, "export", str(tmp_path / "remote.jsonld"), "-o", str(tmp_path / "out.json"))
    assert status == 2 and len(err) == 1 and "is not read" in err[0]
    assert _Recorder.seen == []


@pytest.mark.parametrize("context", ["file:///dev/zero", "file:///etc/hostname", "/etc/hostname"])
def test_file_contexts_are_refused_unread(tmp_path, context):
    path = tmp_path / "local.jsonld"
    path.write_text(_jsonld(context), encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(DocumentError) as caught:
        read_rdf(path)
    assert "is not read" in str(caught.value) and time.monotonic() - started < 60
    assert len(str(caught.value).splitlines()) == 1


def test_dutygraphs_own_context_may_be_named(tmp_path):
    path = tmp_path / "named.jsonld"
    path.write_text(_jsonld("https://w3id.org/dutygraph/ontology"), encoding="utf-8")
    assert read_rdf(path) == parse(PLAN)


# -- inputs that ended in exit 70 -----------------------------------------------------------------

DEEP = 100_000


@pytest.mark.parametrize("name, text", [
    ("deep.ttl", "<http://a> <http://b> " + "[ <http://c> " * DEEP + "]" * DEEP + " .\n"),
    ("deep.trig", "<http://g> { <http://a> <http://b> " + "( " * DEEP + ")" * DEEP + " . }\n"),
    ("deep.jsonld", "[" * DEEP + "]" * DEEP),
    ("deep2.jsonld", '{"@context": {}, "@graph": ' + "[" * DEEP + "]" * DEEP + "}"),
    ("shallow-but-over.jsonld", '{"@context": {}, "@graph": ' + "[" * 100 + "]" * 100 + "}"),
])
def test_rdf_nested_too_deep_is_one_line(tmp_path, capsys, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    status, err = dg(capsys, "export", str(path), "-o", str(tmp_path / "out.json"))
    assert status == 2 and len(err) == 1 and "nested" in err[0], err


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nt", "jsonld"])
def test_rdf_cut_short_anywhere_is_a_document_error(fmt):
    text = serialize(parse(PLAN), fmt)
    cuts = sorted({i for i, ch in enumerate(text) if ch in '"<>;.\n' and i % 5 == 0} | {text.index('"') + 1})
    for cut in cuts:
        try:
            parse_graph(text[:cut], fmt, source="cut.rdf")
        except DocumentError as exc:
            assert len(str(exc).splitlines()) == 1 and str(exc).startswith("cut.rdf")


@pytest.mark.parametrize("option", ["--corrections", "--aliases"])
@pytest.mark.parametrize("name, text", [
    ("deep.yaml", "x: " + "[" * DEEP + "]" * DEEP + "\n"),
    ("deep.toml", "x = " + "[" * DEEP + "]" * DEEP + "\n"),
    ("date.yaml", 'plan: plan.txt\ncorrections:\n  - item: "1"\n    set_deadline: 2024-02-30\n'),
    ("date.toml", '[[corrections]]\nplan = "plan.txt"\nitem = "1"\nset_deadline = 2024-02-30\n'),
])
def test_settings_files_that_cannot_be_built_are_one_line(tmp_path, capsys, plan, option, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    status, err = dg(capsys, "export", str(plan), option, str(path), "-o", str(tmp_path / "out.json"))
    assert status == 2 and len(err) == 1 and name in err[0], err
    assert not (tmp_path / "out.json").exists()


def test_a_csv_field_over_the_limit_is_one_line(tmp_path, capsys):
    path = tmp_path / "table.csv"
    path.write_text("序号,任务,牵头单位\n1,扩充学位,学前科\n2," + "建" * 140_000 + ",财务科\n", encoding="utf-8")
    status, err = dg(capsys, "export", str(path), "--no-cache", "-o", str(tmp_path / "out.json"))
    assert status == 2 and err == [f"dutygraph: {path}:3: cannot read as CSV: field larger than field limit (131072)"]


def _stored(tmp_path: Path, name: str, edit) -> Path:
    data = json.loads(dump_corpus(parse(PLAN)))
    edit(data["corpus"])
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("name, edit", [
    ("no-organisations.dg", lambda c: c.update(organizations=[])),
    ("no-parties.dg", lambda c: c.update(parties=[])),
    ("dangling.dg", lambda c: c["plans"][0]["items"][0]["assignments"][0].update(party="office:0000000000000000")),
])
@pytest.mark.parametrize("command", ["export", "workload"])
def test_stored_corpora_whose_ids_dangle_are_one_line(tmp_path, capsys, name, edit, command):
    path = _stored(tmp_path, name, edit)
    status, err = dg(capsys, command, str(path), "-o", str(tmp_path / "out.json"))
    assert status == 2 and len(err) == 1 and "a damaged stored corpus" in err[0] and "not described" in err[0], err


@pytest.mark.parametrize("uri, secret", [("bolt://[neo:pw@db:7687", "pw"),
                                         ("bolt://neo:s3cr3t@pw@127.0.0.1:1", "s3cr3t@pw"),
                                         ("neo:s3cr3t@db", "s3cr3t")])
def test_a_bad_neo4j_uri_is_one_line_with_its_user_information_hidden(capsys, monkeypatch, uri, secret):
    monkeypatch.setenv("NEO4J_URI", uri)
    status, err = dg(capsys, "neo4j", "status")
    assert status == 2 and len(err) == 1 and "***@" in err[0] and secret not in err[0], err


def test_a_newline_in_a_file_name_stays_on_the_line(tmp_path, capsys):
    path = tmp_path / "plan\nsecond line.txt"
    path.write_bytes(b"")
    status, err = dg(capsys, "export", str(path), "-o", str(tmp_path / "out.json"))
    assert status == 2 and len(err) == 1 and "plan\\nsecond line.txt" in err[0], err


# -- outputs never replace inputs ------------------------------------------------------------------

@pytest.mark.parametrize("how", ["same", "symlink", "hardlink", "in-folder", "corrections"])
def test_an_output_naming_an_input_touches_nothing(tmp_path, capsys, plan, how):
    fix = tmp_path / "fix.yaml"
    fix.write_text('plan: plan.txt\ncorrections:\n  - item: "1"\n    set_lead: 财务科\n', encoding="utf-8")
    target = {"same": plan, "symlink": tmp_path / "link.json", "hardlink": tmp_path / "hard.json",
              "in-folder": plan, "corrections": fix}[how]
    if how == "symlink":
        target.symlink_to(plan)
    if how == "hardlink":
        os.link(plan, target)
    read = str(tmp_path) if how == "in-folder" else str(plan)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    status, err = dg(capsys, "export", read, "--corrections", str(fix), "-o", str(target))
    assert status == 2 and err == [f"dutygraph: {target}: is one of the inputs read; write the output elsewhere"]
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_folder_export_onto_an_input_table_touches_nothing(tmp_path, capsys):
    table = tmp_path / "nodes.csv"  # a task table named as the export's own nodes.csv
    table.write_text("序号,任务,牵头单位\n1,扩充学位,学前科\n2,提高质量,财务科\n", encoding="utf-8")
    status, err = dg(capsys, "export", str(tmp_path), "--format", "csv", "-o", str(tmp_path))
    assert status == 2 and err == [f"dutygraph: {table}: is one of the inputs read; write the output elsewhere"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nodes.csv"]


def test_a_folder_export_is_written_whole(tmp_path, capsys, plan):
    out = tmp_path / "neo4j"
    status, _ = dg(capsys, "export", str(plan), "--format", "neo4j-csv", "-o", str(out))
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert status == 0 and "import.sh" in first and os.access(out / "import.sh", os.X_OK)
    (out / "mine.txt").write_text("kept")
    status, _ = dg(capsys, "export", str(plan), "--format", "neo4j-csv", "-o", str(out))
    assert status == 0 and {p.name: p.read_bytes() for p in out.iterdir()} == {**first, "mine.txt": b"kept"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["neo4j", "plan.txt"]  # no staging folder left


from test_output_write import in_tmpfs, needs_mounts  # noqa: E402 (the tmpfs of a mount namespace)


@needs_mounts
@pytest.mark.parametrize("fmt", ["neo4j-csv", "csv"])
@pytest.mark.parametrize("mount, reason", [("size=12k", "no space left on device"), ("ro", "read-only file system")])
def test_a_folder_export_on_a_full_or_read_only_disk_leaves_nothing(tmp_path, fmt, mount, reason):
    result = in_tmpfs(tmp_path / "disk", mount, f"""
        "$PY" -m dutygraph export {ROOT / "examples"} --format {fmt} -o "$D/out" --lang en -q --no-cache
        echo "status $?" >&2
        ls -A "$D"
    """)
    assert result.stderr.strip().splitlines() == [f"dutygraph: {tmp_path}/disk/out: cannot write: {reason}", "status 2"]
    assert result.stdout.split() == []


# -- spreadsheets hold data, never formulas --------------------------------------------------------

def test_csv_and_xlsx_cells_are_data(tmp_path, capsys):
    doc = tmp_path / "hostile.txt"
    doc.write_text(HOSTILE, encoding="utf-8")
    assert dg(capsys, "workload", str(doc), "--format", "csv", "-o", str(tmp_path / "w.csv"))[0] == 0
    with open(tmp_path / "w.csv", encoding="utf-8-sig", newline="") as fh:
        offices = {row["office"] for row in csv.DictReader(fh)}
    assert offices == {"'=1+1处", "'+2处", "'@SUM(1)科", "'-3科"}
    assert dg(capsys, "export", str(doc), "--format", "csv", "-o", str(tmp_path / "graph"))[0] == 0
    labels = (tmp_path / "graph" / "nodes.csv").read_text("utf-8-sig")
    assert "'=1+1处" in labels and "\n=1" not in labels and ",=" not in labels
    assert dg(capsys, "ledger", str(doc), "--as-of", "2023-06-30", "-o", str(tmp_path / "l.xlsx"))[0] == 0
    book = load_workbook(tmp_path / "l.xlsx")
    assert {"＝1+1处", "＋2处", "＠SUM(1)科", "－3科"} <= set(book.sheetnames)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value == "=1+1处" for c in cells) and all(c.data_type == "s" for c in cells)
    assert render_csv([{"n": -3, "f": 2.5, "t": "\t=1", "r": "\r=1", "x": "-"}]) == "n,f,t,r,x\n-3,2.5,'\t=1,'\r=1,'-\n"


def test_libreoffice_runs_no_formula_of_a_ledger_or_csv(tmp_path, server):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    calls = [f'=WEBSERVICE("{server}cell")', "=1+1", "+1+1", "@SUM(1;2)", "-1+1"]
    (tmp_path / "book.xlsx").write_bytes(workbook([Sheet(calls[0], ["name"], [[c] for c in calls])]))
    (tmp_path / "rows.csv").write_text(render_csv([{"name": c} for c in calls]), encoding="utf-8")
    profile = (tmp_path / "profile").as_uri()
    for source, to in (("book.xlsx", "csv"), ("rows.csv", "xlsx")):
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", to,
                        "--outdir", str(tmp_path / "lo"), str(tmp_path / source)], capture_output=True, timeout=300,
                       check=True)
    with open(tmp_path / "lo" / "book.csv", encoding="utf-8", newline="") as fh:
        assert list(csv.reader(fh))[1:] == [[c] for c in calls]  # the text as written: not run, not an error
    opened = load_workbook(tmp_path / "lo" / "rows.xlsx").active
    values = [c.value for c in opened["A"][1:]]
    assert all(isinstance(v, str) and v.lstrip("'") in calls for v in values), values
    assert all(c.data_type != "f" for c in opened["A"])
    assert _Recorder.seen == []


# -- linear time on runs of blanks, punctuation and digits ----------------------------------------

RUNS = st.text(alphabet=" \t\u3000\u00a0。，、；：（）()*#|-.0123456789一", min_size=1, max_size=3)


def _parse_seconds(text: str) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        try:
            parse(text)
        except DocumentError:
            pass
        best = min(best, time.perf_counter() - started)
    return best


@settings(max_examples=8, deadline=None)
@example(piece="\t", after="\n")  # the audit's two: tabs after an item line, spaces on a line of their own
@example(piece=" ", after="\n2.提高质量。\n")
@given(piece=RUNS, after=st.sampled_from(["\n", "（学前科牵头）\n", "\n2.提高质量。\n"]))
def test_parsing_grows_linearly_with_a_run(piece, after):
    def document(n: int) -> str:
        return f"某县教育局2023年工作要点\n1.扩充学位。（学前科牵头）{piece * (n // len(piece))}{after}"

    small, large = _parse_seconds(document(1_000)), _parse_seconds(document(8_000))
    # 8× the run: about 8× the time (less, as the fixed cost is shared); the quadratic step this
    # guards against gave about 64× (10,000 tabs took 35 s)
    assert large < 24 * max(small, 0.002), (piece, small, large)


# -- the converter and everything it starts --------------------------------------------------------

def test_a_converter_helper_that_leaves_its_session_is_killed(tmp_path, monkeypatch):
    if shutil.which("setsid") is None:
        pytest.skip("needs setsid (util-linux)")
    from dutygraph.importers.readers import convert
    pidfile = tmp_path / "helper.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsetsid sh -c 'echo $$ > {pidfile}; exec sleep 600' &\nexec sleep 600\n")
    fake.chmod(0o755)
    monkeypatch.setenv("DUTYGRAPH_SOFFICE", str(fake))
    monkeypatch.setattr(convert, "CONVERT_TIMEOUT", 3)
    with pytest.raises(DocumentError, match="did not convert"):
        convert.convert(b"{\\rtf1 x}", path="plan.rtf", kind="rtf")
    pid = int(pidfile.read_text())
    for _ in range(100):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return
        if state == "Z":  # killed; waiting for whoever adopted it to reap it
            return
        time.sleep(0.1)
    raise AssertionError(f"the converter's helper {pid} survived")


# -- the attack harness ------------------------------------------------------------------------------

def test_attack_harness_runs_a_few_cases_of_every_family():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import attack

    documents = [("plan.txt", PLAN.encode()), ("hostile.txt", HOSTILE.encode())]
    made = [attack.make_attack(n, documents, url="http://127.0.0.1:9/") for n in range(60)]
    assert {a.family for a in made} == set(attack.FAMILIES)
    results = [attack.check(a) for a in made if a.family in ("stored", "output", "settings")][:12]
    assert results and all(r.outcome in ("ok", "rejected") for r in results), results
