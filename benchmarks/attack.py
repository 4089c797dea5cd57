"""Attacking dutygraph's inputs and outputs: hostile files through the command line, each in a child.

Where ``fuzz.py`` mutates documents for the importers, this harness attacks the whole command
line with every kind of file it reads, each case run as ``dutygraph import FILE -o out.dg`` (or
with the file as ``--corrections`` / ``--aliases``) in a child process with a time and memory
limit (:func:`fuzz.run_cases`). The families:

==========  =====================================================================================
text        the seeds, corpora and examples, mutated as ``fuzz.py`` does, plus long runs of spaces,
            tabs, punctuation and digits, formula-like office names (``=HYPERLINK(…)``) and
            control characters
office      the same documents written as ``.docx`` / ``.xlsx``, then mutated inside the zip
            (bytes, truncation, XML nested deep, an entity declaration, a member duplicated)
rdf         the documents' models exported as Turtle, JSON-LD, N-Triples and TriG, then mutated:
            remote and ``file:`` JSON-LD contexts, ``@import``, ``owl:imports`` and ``@base``
            naming a local HTTP server, nesting 100,000 deep, bytes, truncation
settings    corrections and alias files (YAML, TOML) with impossible dates, deep nesting, alias
            bombs, huge values, bytes
stored      stored corpora (``.dg``) with a party or the issuers gone, bytes, truncation
output      ``-o`` naming the input (as given, through a symlink, through a hard link, a folder
            export into the input's folder)
==========  =====================================================================================

A case is ``ok`` (exit 0), ``rejected`` (exit 1 or 2 with one line per message, no traceback) or a
failure: ``foreign`` (exit 70, or any exception escaping the command line), ``roundtrip`` (the
stored corpus read back, the networkx graph, Turtle or JSON-LD gives another model), ``formula``
(the workload CSV holds a cell a spreadsheet would run), ``lost`` (an input file changed or
vanished), ``timeout`` or ``crash``. A case whose command took over :data:`SLOW` seconds among the
others is run again alone; only if it is slow alone too is it counted as slow. The local HTTP server
counts every request it gets: reading files must make none::

    .venv/bin/python benchmarks/attack.py --n 300      # figures; exit status 1 on any failure
    .venv/bin/python benchmarks/attack.py --case 17    # one case, here

>>> sorted(FAMILIES)
['office', 'output', 'rdf', 'settings', 'stored', 'text']
>>> attack = make_attack(5, [("plan.txt", "某县教育局2023年工作要点\\n1.扩充学位。（学前科牵头）\\n".encode())], url="http://127.0.0.1:9/")
>>> attack.number == 5 and attack.family in FAMILIES
True
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import hashlib
import io
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fuzz  # noqa: E402

ROOT = fuzz.ROOT
SOURCES = (ROOT.parent / "shared" / "seeds", ROOT.parent / "shared" / "corpus" / "docs",
           ROOT.parent / "shared" / "corpus-local" / "docs", ROOT / "examples")
FAMILIES = {"text": 30, "office": 15, "rdf": 20, "settings": 15, "stored": 10, "output": 10}
"""Family → its share of the cases (percent)."""
FAILURES = ("foreign", "roundtrip", "formula", "lost", "timeout", "crash")
SLOW = 10.0
"""Seconds over which a case is slow (then run again alone to confirm it)."""
ISSUER_DOC = "某县教育局2023年工作要点\n1.扩充学位。（学前科牵头，财务科配合）\n2.提高质量。（基础教育科负责）\n"
"""The invented document that settings files are applied to."""


@dataclass(frozen=True)
class Attack:
    """One case: ``data`` written as ``name`` and given to the command line as ``role``."""

    number: int
    family: str
    name: str
    mutations: tuple[str, ...]
    data: bytes
    role: str = "document"  # or corrections, aliases, output-same, output-symlink, output-hardlink, output-folder


# -- building the hostile files -------------------------------------------------------------------

RUN_CHARACTERS = " \t\u3000\u00a0。，、；：（）()[]【】《》“”\"'*#|-—…·.,;:!?！？%‰0123456789一二三四五六七八九十"
FORMULAS = ('=HYPERLINK("http://127.0.0.1/","点击")', "=1+1", "+SUM(1,2)", "-2+3", "@SUM(1)",
            "=cmd|' /C calc'!A0", "\t=1+1", "\r=1+1")


def _runs(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "surrogateescape")
    piece = "".join(rng.choice(RUN_CHARACTERS) for _ in range(rng.randint(1, 3)))
    run = piece * (rng.choice([2_000, 10_000, 40_000]) // len(piece))
    at = rng.randrange(len(text) + 1)
    return (text[:at] + run + text[at:]).encode("utf-8", "surrogateescape")


def _formula_names(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "surrogateescape")
    for _ in range(rng.randint(1, 5)):
        formula = rng.choice(FORMULAS)
        text = re.sub(r"（([^（）\n]{1,12}?)(牵头|负责|配合)", lambda m, f=formula: f"（{f}处{m[2]}", text, count=1)
        at = rng.randrange(len(text) + 1)
        text = text[:at] + f"\n{rng.randint(1, 9)}.{formula}。（{formula}科牵头）\n" + text[at:]
    return text.encode("utf-8", "surrogateescape")


def _controls(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "surrogateescape")
    for _ in range(rng.randint(1, 20)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + chr(rng.choice([0, 1, 7, 8, 11, 12, 27, 127, 0x85, 0x2028, 0x2029, 0xFEFF])) + text[at:]
    return text.encode("utf-8", "surrogateescape")


TEXT_MUTATIONS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    **fuzz.MUTATIONS, "runs": _runs, "formula_names": _formula_names, "controls": _controls}


def _text_case(number: int, rng: random.Random, documents: Sequence[tuple[str, bytes]]) -> Attack:
    name, data = rng.choice(documents)
    chosen = tuple(rng.sample(sorted(TEXT_MUTATIONS), rng.randint(1, 3)))
    for mutation in chosen:
        data = TEXT_MUTATIONS[mutation](rng, data)
    return Attack(number, "text", name, chosen, data)


def _lines(data: bytes) -> list[str]:
    return [line for line in data.decode("utf-8", "replace").splitlines() if line.strip()][:300]


def _docx(lines: list[str]) -> bytes:
    from docx import Document

    document = Document()
    for line in lines:
        document.add_paragraph(fuzz_safe(line))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx(lines: list[str]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in lines:
        sheet.append([fuzz_safe(cell) for cell in re.split(r"\t|\s{2,}|\|", line)][:30])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def fuzz_safe(text: str) -> str:
    """Text an Office file can hold (XML 1.0 characters); formulas stay text in the cells."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", text)


def _zip_mutation(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    kind = rng.choice(["bytes", "truncate", "deep_xml", "entity", "duplicate", "huge_text", "none"])
    if kind == "bytes":
        out = bytearray(data)
        for _ in range(rng.randint(1, 30)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return kind, bytes(out)
    if kind == "truncate":
        return kind, data[: rng.randrange(len(data))]
    if kind == "none":
        return kind, data
    source = zipfile.ZipFile(io.BytesIO(data))
    members = [(info, source.read(info)) for info in source.infolist()]
    xml = [i for i, (info, _) in enumerate(members) if info.filename.endswith(".xml")]
    at = rng.choice(xml)
    info, body = members[at]
    if kind == "deep_xml":
        depth = rng.choice([1_000, 100_000])
        body = body.replace(b"</", b"<x>" * depth + b"</x>" * depth + b"</", 1)
    elif kind == "entity":
        body = re.sub(rb"^(<\?xml[^>]*\?>)?", lambda m: (m[0] or b"") + b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]>',
                      body, count=1)
        body = body.replace(b"</", b"&e;</", 1)
    elif kind == "huge_text":
        body = body.replace(b"</", b"=1+1" * 200_000 + b"</", 1)
    members[at] = (info, body)
    if kind == "duplicate":
        members.append(members[at])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out_zip, warnings_off():
        for info, body in members:
            out_zip.writestr(info.filename, body)
    return kind, buffer.getvalue()


@contextlib.contextmanager
def warnings_off() -> Any:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicated member: the point
        yield


def _office_case(number: int, rng: random.Random, documents: Sequence[tuple[str, bytes]]) -> Attack:
    name, data = rng.choice(documents)
    chosen: tuple[str, ...] = ()
    if rng.random() < 0.5:
        mutation = rng.choice(["runs", "formula_names", "controls", "line_shuffle", "repeated_numbering"])
        data, chosen = TEXT_MUTATIONS[mutation](rng, data), (mutation,)
    suffix = rng.choice(["docx", "xlsx"])
    built = _docx(_lines(data)) if suffix == "docx" else _xlsx(_lines(data))
    kind, built = _zip_mutation(rng, built)
    return Attack(number, "office", f"{Path(name).stem}.{suffix}", (*chosen, suffix, kind), built)


@functools.lru_cache(maxsize=64)
def _model(name: str, data: bytes) -> Any:
    """The corpus of a source document (None when it is not read as a plan)."""
    from dutygraph.errors import DocumentError
    from dutygraph.importers.read import read

    with tempfile.TemporaryDirectory(prefix="dutygraph-attack-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            return read([path])
        except DocumentError:
            return None


def _model_of(rng: random.Random, documents: Sequence[tuple[str, bytes]]) -> Any:
    for _ in range(20):
        name, data = rng.choice(documents)
        corpus = _model(name, data)
        if corpus is not None:
            return corpus
    return _model("plan.txt", ISSUER_DOC.encode())


def _nest(fmt: str, depth: int) -> str:
    if fmt == "jsonld":
        return '{"@context": {}, "@graph": ' + "[" * depth + "]" * depth + "}"
    return "<http://a> <http://b> " + "[ <http://c> " * depth + "]" * depth + " .\n"


def _rdf_case(number: int, rng: random.Random, documents: Sequence[tuple[str, bytes]], url: str) -> Attack:
    from dutygraph.graph.rdf.files import serialize

    fmt = rng.choice(["ttl", "jsonld", "nt", "trig"])
    text = serialize(_model_of(rng, documents), fmt)
    kind = rng.choice(["remote_context", "file_context", "import", "owl_imports", "deep", "bytes", "truncate",
                       "line_deletion", "huge_literal", "none"])
    if kind in ("remote_context", "file_context", "import"):
        fmt, text = "jsonld", serialize(_model_of(rng, documents), "jsonld")
        where = {"remote_context": url + "context.jsonld", "file_context": rng.choice(["file:///dev/zero",
                 "file:///etc/hostname", "file:///proc/self/environ"]), "import": url + "import.jsonld"}[kind]
        data = json.loads(text)
        if kind == "import":
            data["@context"] = {**data.get("@context", {}), "@import": where}
        else:
            data["@context"] = [where, data.get("@context", {})]
        text = json.dumps(data, ensure_ascii=False)
    elif kind == "owl_imports":
        fmt = "ttl"
        text = (f"@base <{url}base/> .\n<> <http://www.w3.org/2002/07/owl#imports> <{url}imports.ttl> .\n"
                + serialize(_model_of(rng, documents), "ttl"))
    elif kind == "deep":
        fmt = rng.choice(["ttl", "jsonld", "trig"])
        text = _nest(fmt, rng.choice([1_000, 100_000]))
    elif kind == "huge_literal":
        text = re.sub(r'"([^"\\\n]{2,})"', lambda m: '"' + m[1] * 50_000 + '"', text, count=1)
    raw = text.encode("utf-8")
    if kind == "bytes":
        raw = fuzz.byte_flips(rng, raw)
    elif kind == "truncate":
        raw = raw[: rng.randrange(len(raw))]
    elif kind == "line_deletion":
        raw = fuzz.line_deletion(rng, raw)
    return Attack(number, "rdf", f"model.{fmt}", (fmt, kind), raw)


YAML_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)) + "corrections: *j\n"


def _settings_case(number: int, rng: random.Random, documents: Sequence[tuple[str, bytes]]) -> Attack:
    role = rng.choice(["corrections", "aliases"])
    toml = rng.random() < 0.4
    if role == "corrections":
        from dutygraph.ontology.corrections import template

        text = template(_model("plan.txt", ISSUER_DOC.encode()), fmt="toml" if toml else "yaml")
        text = text.replace("# set_lead", "set_lead")
    else:
        text = ('[issuer."某县教育局".names]\n"学前科" = "学前教育科"\n' if toml
                else 'issuer:\n  某县教育局:\n    names:\n      学前科: 学前教育科\n')
    kind = rng.choice(["impossible_date", "deep", "bomb", "huge", "bytes", "truncate", "wrong_type", "none"])
    if kind == "impossible_date":
        date = rng.choice(["2024-02-30", "2023-13-01", "0000-01-01", "9999-99-99", "2024-02-29T25:00:00"])
        op = f'set_deadline = {date}' if toml else f"set_deadline: {date}"
        text = re.sub(r"^(\s*)(set_lead.*)$", lambda m: f"{m[1]}{op}", text, count=1, flags=re.M)
    elif kind == "deep":
        depth = rng.choice([1_000, 100_000])
        text += ("x = " if toml else "x: ") + "[" * depth + "]" * depth + "\n"
    elif kind == "bomb":
        toml, text = False, YAML_BOMB
    elif kind == "huge":
        text = text.replace("学前", "学前" * 100_000, 1)
    elif kind == "wrong_type":
        text = re.sub(r"(set_lead\s*[:=]\s*)(.*)$", r"\g<1>[1, {a: 2}]" if not toml else r'\g<1>[1, 2]', text, count=1,
                      flags=re.M)
    raw = text.encode("utf-8")
    if kind == "bytes":
        raw = fuzz.byte_flips(rng, raw)
    elif kind == "truncate":
        raw = raw[: rng.randrange(len(raw) + 1)]
    return Attack(number, "settings", f"{role}.{'toml' if toml else 'yaml'}", (role, kind), raw, role)


def _stored_case(number: int, rng: random.Random, documents: Sequence[tuple[str, bytes]]) -> Attack:
    from dutygraph.graph.stored import dump_corpus

    data = json.loads(dump_corpus(_model_of(rng, documents)))
    corpus = data["corpus"]
    kind = rng.choice(["no_organizations", "dangling_party", "dangling_leader", "no_parties", "bytes", "truncate",
                       "deep", "wrong_type", "none"])
    if kind == "no_organizations":
        corpus["organizations"] = []
    elif kind == "no_parties":
        corpus["parties"] = []
    elif kind == "dangling_party":
        items = [i for p in corpus["plans"] for i in p["items"] if i["assignments"]]
        if items:
            rng.choice(items)["assignments"][0]["party"] = "office:0000000000000000"
    elif kind == "dangling_leader":
        corpus["leaders"] = []
    elif kind == "wrong_type":
        corpus["plans"][0]["items"] = {"not": "a list"} if corpus["plans"] else None
    text = json.dumps(data, ensure_ascii=False)
    if kind == "deep":
        text = text.replace('"plans": [', '"plans": [' + "[" * 100_000 + "]" * 100_000 + ",", 1)
    raw = text.encode("utf-8")
    if kind == "bytes":
        raw = fuzz.byte_flips(rng, raw)
    elif kind == "truncate":
        raw = raw[: rng.randrange(len(raw))]
    return Attack(number, "stored", "corpus.dg", (kind,), raw)


def _output_case(number: int, rng: random.Random, documents: Sequence[tuple[str, bytes]]) -> Attack:
    name, data = rng.choice(documents)
    role = rng.choice(["output-same", "output-symlink", "output-hardlink", "output-folder"])
    if role == "output-folder":  # a task table named as the folder export's own file
        name = "nodes.csv"
        data = "序号,任务,牵头单位\n1,扩充学位,学前科\n2,提高质量,财务科\n".encode()
    return Attack(number, "output", name, (role,), data, role)


def make_attack(number: int, documents: Sequence[tuple[str, bytes]], *, url: str, seed: int = 0) -> Attack:
    """Case ``number``: the same family, input and mutations for the same (seed, number, documents)."""
    rng = random.Random(f"attack:{seed}:{number}")
    family = rng.choices(list(FAMILIES), weights=list(FAMILIES.values()))[0]
    if family == "text":
        return _text_case(number, rng, documents)
    if family == "office":
        return _office_case(number, rng, documents)
    if family == "rdf":
        return _rdf_case(number, rng, documents, url)
    if family == "settings":
        return _settings_case(number, rng, documents)
    if family == "stored":
        return _stored_case(number, rng, documents)
    return _output_case(number, rng, documents)


# -- one case, in a child -------------------------------------------------------------------------

def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def _dutygraph(*args: str) -> tuple[int, str]:
    """Run the command line here: (exit status, standard error); 70 when an exception escapes it."""
    from dutygraph.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            main([*args, "-q", "--lang", "en"])
            status = 0
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 1
        except Exception as exc:  # noqa: BLE001 (the point: anything escaping is a finding)
            return 70, f"{type(exc).__name__}: {exc}"
    return status, err.getvalue()


def _formula_cells(path: Path) -> list[str]:
    from dutygraph.formulas import FORMULA_STARTS

    number = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
    csv.field_size_limit(sys.maxsize)  # an office named by a 200,000-character run is a long cell, not an error
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [cell for row in csv.reader(fh) for cell in row
                if cell.startswith(FORMULA_STARTS) and not number.fullmatch(cell)]


def check(attack: Attack) -> fuzz.Result:
    """Run the case's command; then, when it read, the round trips and the spreadsheet cells.
    The result's seconds are the command's (the checks after it are the harness's own time)."""
    spent = [0.0]

    def result(outcome: str, detail: str = "") -> fuzz.Result:
        return fuzz.Result(attack.number, outcome, spent[0], detail[:300])

    with tempfile.TemporaryDirectory(prefix="dutygraph-attack-") as tmp:
        work, out = Path(tmp) / "in", Path(tmp) / "out"
        work.mkdir()
        out.mkdir()
        path = work / attack.name
        path.write_bytes(attack.data)
        stored = out / "corpus.dg"
        if attack.role in ("corrections", "aliases"):
            document = work / "plan.txt"
            document.write_text(ISSUER_DOC, encoding="utf-8")
            args = ["import", str(document), f"--{attack.role}", str(path), "--no-cache", "-o", str(stored)]
        elif attack.role.startswith("output"):
            target = {"output-same": path, "output-symlink": work / "link.dg", "output-hardlink": work / "hard.txt",
                      "output-folder": work}[attack.role]
            if attack.role == "output-symlink":
                target.symlink_to(path)
            elif attack.role == "output-hardlink":
                os.link(path, target)
            args = ["export", str(work if attack.role == "output-folder" else path), "--no-cache", "-o", str(target)]
            if attack.role == "output-folder":
                args += ["--format", "csv"]
        else:
            args = ["import", str(path), "--no-cache", "-o", str(stored)]
        before = _digest(work)
        started = time.perf_counter()
        status, said = _dutygraph(*args)
        spent[0] = time.perf_counter() - started
        after = _digest(work)
        if before != after:
            changed = sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))
            return result("lost", f"exit {status}; changed: {', '.join(changed)}")
        lines = said.strip().splitlines()
        if status == 70 or any("Traceback" in line for line in lines):
            return result("foreign", f"exit {status}: {said.strip()[:240]}")
        if status != 0:
            if not lines or not all(line.startswith(("dutygraph: ", "Usage:", "Try ", "Error: ")) for line in lines):
                return result("foreign", f"exit {status} and messages that are not one line each: {said[:200]!r}")
            return result("rejected", lines[0])
        if attack.role.startswith("output"):
            return result("lost", "an output named an input and the command went on")
        return _round_trips(stored, out, result)


def _round_trips(stored: Path, out: Path, result: Callable[..., fuzz.Result]) -> fuzz.Result:
    from dutygraph.graph.convert import from_networkx, to_networkx
    from dutygraph.graph.rdf.files import parse_corpus, serialize
    from dutygraph.graph.stored import load_corpus

    corpus = load_corpus(stored)
    differ = []
    if from_networkx(to_networkx(corpus)) != corpus:
        differ.append("networkx")
    for fmt in ("ttl", "jsonld"):
        if parse_corpus(serialize(corpus, fmt), fmt) != corpus:
            differ.append(fmt)
    if differ:
        return result("roundtrip", "differs through " + ", ".join(differ))
    status, said = _dutygraph("workload", str(stored), "--format", "csv", "-o", str(out / "workload.csv"))
    if status not in (0, 1):
        return result("foreign", f"workload exit {status}: {said.strip()[:240]}")
    cells = _formula_cells(out / "workload.csv") if status == 0 else []
    if cells:
        return result("formula", f"{len(cells)} cells a spreadsheet runs, e.g. {cells[0][:60]!r}")
    return result("ok")


# -- the local server and the command line ---------------------------------------------------------

class _Counting(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        _Counting.requests.append(self.path)
        body = b'{"@context": {"x": "http://example.org/x"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


@contextlib.contextmanager
def local_server() -> Any:
    """A local HTTP server counting requests (``_Counting.requests``); yields its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def sources() -> list[tuple[str, bytes]]:
    return fuzz.sources(SOURCES)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="cases to run (default 300)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a case counts as hung (default 60)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--memory", type=int, default=2048, help="MB of address space per child (0: no limit)")
    parser.add_argument("--save", type=Path, default=ROOT / "out" / "attack", help="where failing inputs go")
    parser.add_argument("--case", type=int, help="run this one case here and print its result")
    args = parser.parse_args(argv)
    documents = sources()
    if not documents:
        print("attack: no source documents", file=sys.stderr)
        return 2
    with local_server() as url:
        make = functools.partial(make_attack, documents=documents, url=url, seed=args.seed)
        if args.case is not None:
            attack = make(args.case)
            print(f"case {attack.number}: {attack.family} {attack.name} + {', '.join(attack.mutations)}")
            print(check(attack))
            return 0
        started = time.perf_counter()
        outcomes: Counter[str] = Counter()
        families: Counter[str] = Counter()
        results: dict[int, fuzz.Result] = {}
        family_of: dict[int, str] = {}

        def made(numbers: Sequence[int]) -> Any:
            for n in numbers:
                attack = make(n)
                family_of[n] = attack.family
                yield attack

        for result in fuzz.run_cases(made(range(args.n)), jobs=args.jobs, timeout=args.timeout,
                                     memory_mb=args.memory, check_name=("attack", "check")):
            results[result.number] = result
        slow = sorted(n for n, r in results.items() if r.seconds > SLOW or r.outcome == "timeout")
        alone = {r.number: r for r in fuzz.run_cases(made(slow), jobs=1, timeout=max(args.timeout, 60),
                                                      memory_mb=args.memory, check_name=("attack", "check"))}
        confirmed = sorted(n for n, r in alone.items() if r.seconds > SLOW or r.outcome == "timeout")
        for n in slow:  # a timeout among the others that finishes alone is counted as what it gave alone
            if n not in confirmed:
                results[n] = alone[n]
        for n, r in results.items():
            outcomes[r.outcome] += 1
            families[family_of[n]] += 1
        elapsed = time.perf_counter() - started
        requests = len(_Counting.requests)
    failed = [r for r in results.values() if r.outcome in FAILURES]
    print(f"{args.n} cases (seed {args.seed}, {len(documents)} source documents, {args.jobs} jobs) in {elapsed:.0f}s, "
          f"{time.strftime('%Y-%m-%d')}")
    print("  families   " + ", ".join(f"{f} {families[f]}" for f in FAMILIES))
    for outcome in ("ok", "rejected", *FAILURES):
        print(f"  {outcome:<10} {outcomes[outcome]:6d}")
    print(f"  slow       {len(slow):6d} over {SLOW:g}s among the others; {len(confirmed)} confirmed alone")
    print(f"  requests   {requests:6d} to the local HTTP server")
    for n in confirmed:
        attack = make(n)
        print(f"  slow: case {n} ({attack.family} {attack.name} + {'+'.join(attack.mutations)}): "
              f"{alone[n].seconds:.1f}s alone, {alone[n].outcome}")
    for result in sorted(failed, key=lambda r: r.number):
        attack = make(result.number)
        args.save.mkdir(parents=True, exist_ok=True)
        (args.save / f"case-{attack.number}-{attack.name}").write_bytes(attack.data)
        print(f"  {result.outcome}: case {attack.number} ({attack.family} {attack.name} + "
              f"{'+'.join(attack.mutations)}): {result.detail}")
    return 1 if failed or confirmed or requests else 0


if __name__ == "__main__":
    sys.exit(main())
