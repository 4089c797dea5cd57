"""Damaged, truncated, oversized and protected files: one clear line and exit 2, never a
traceback or a hang. Each reader is fuzzed with hypothesis from a valid file of its format."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dutygraph.errors import DocumentError
from dutygraph.importers.readers import convert as converter
from dutygraph.importers.structure.formats import READERS
from dutygraph.importers.reading import read
from hostile_files import encrypted_office, pdf_bytes, zip_bomb
from office import html_pdf, plan_docx, soffice_convert, table_html, table_text, table_xlsx

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English wording (--lang en)

def _fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[str, bytes]:
    """A valid file of each binary format, and the CSV text as Excel writes it."""
    d = tmp_path_factory.mktemp("samples")
    out = {"docx": plan_docx(d / "plan.docx").read_bytes(), "xlsx": table_xlsx(d / "table.xlsx").read_bytes(),
           "csv": table_text().replace("\t", ",").encode("gbk")}
    out["pdf"] = html_pdf(table_html().replace("</tr>", "</tr>", 8), d / "table.pdf").read_bytes()
    out["xls"] = soffice_convert(d / "table.xlsx", "xls").read_bytes()
    return out


def _mutations(data: bytes):
    """Truncated, overwritten or spliced copies of ``data``."""
    n = len(data)
    truncate = st.integers(0, n - 1).map(lambda k: data[:k])
    overwrite = st.tuples(st.integers(0, n - 1), st.binary(min_size=1, max_size=64)).map(
        lambda t: data[: t[0]] + t[1] + data[t[0] + len(t[1]) :])
    flips = st.lists(st.integers(0, n - 1), min_size=1, max_size=24).map(
        lambda positions: bytes(b ^ 0xFF if i in set(positions) else b for i, b in enumerate(data)))
    splice = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).map(lambda t: data[: min(t)] + data[max(t) :])
    return st.one_of(truncate, overwrite, flips, splice)


def _read_or_refuse(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    try:
        read([path]).whole()
    except DocumentError as exc:
        assert str(exc.message) and "\n" not in str(exc) and "Traceback" not in str(exc)


@pytest.mark.parametrize(("fmt", "examples"), [("docx", 60), ("xlsx", 60), ("xls", 40), ("csv", 80), ("pdf", 25)])
def test_a_damaged_file_raises_only_document_error(tmp_path, samples, fmt, examples):
    data = samples[fmt]

    @_fuzz(examples)
    @given(_mutations(data))
    def check(mutated: bytes) -> None:
        _read_or_refuse(tmp_path, f"damaged.{fmt}", mutated)

    check()


@_fuzz(150)
@given(st.binary(max_size=2048))
def test_random_bytes_under_any_office_name_raise_only_document_error(tmp_path, data):
    for suffix in ("docx", "xlsx", "xls", "pdf", "csv"):
        _read_or_refuse(tmp_path, f"random.{suffix}", data)


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "xls", "pdf"])
def test_each_reader_called_on_its_own_raises_only_document_error(samples, fmt):
    data = samples[fmt]
    for cut in (0, 1, 8, 100, len(data) // 3, len(data) // 2, len(data) - 30):
        with pytest.raises(DocumentError):
            READERS[fmt].read(data[:cut], path=f"cut.{fmt}")


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dutygraph", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONWARNINGS": "error", **(env or {})})


@pytest.mark.parametrize(("name", "make", "message"), [
    ("bomb.docx", lambda s: zip_bomb(300 << 20), "refused as a possible zip bomb"),
    ("long.pdf", lambda s: pdf_bytes(10_000), "a PDF of 10,000 pages (more than 2,000)"),
    ("locked.pdf", lambda s: pdf_bytes(1, encrypted=True), "password-protected"),
    ("locked.docx", lambda s: encrypted_office(), "password-protected"),
    ("locked.xlsx", lambda s: encrypted_office(), "password-protected"),
    ("scan.pdf", lambda s: pdf_bytes(3), "no text layer (a scanned PDF?)"),
    ("cut.docx", lambda s: s["docx"][: len(s["docx"]) // 2], "damaged or truncated Office file"),
    ("cut.xlsx", lambda s: s["xlsx"][:-200], "damaged or truncated Office file"),
    ("cut.pdf", lambda s: s["pdf"][:300], "PDF"),
    ("cut.xls", lambda s: s["xls"][:1500], ""),
    ("other.docx", lambda s: _zip_of({"a.txt": b"x"}), "a zip archive, not a Word (.docx) or Excel (.xlsx) file"),
])
def test_hostile_files_are_one_line_and_exit_2(tmp_path, samples, name, make, message):
    path = tmp_path / name
    path.write_bytes(make(samples))
    out = tmp_path / "out.json"
    done = _cli("export", str(path), "-o", str(out))
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and not out.exists(), done.stderr
    assert len(lines) == 1 and lines[0].startswith(f"dutygraph: {path}: ") and message in lines[0], done.stderr


def _zip_of(members: dict[str, bytes]) -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_a_damaged_doc_through_libreoffice_is_one_line(tmp_path, samples):
    docx = tmp_path / "p.docx"
    docx.write_bytes(samples["docx"])
    doc = soffice_convert(docx, "doc").read_bytes()
    for i, data in enumerate([doc[: len(doc) // 2], doc[:512] + bytes(len(doc) - 512), doc[:4096] + os.urandom(2048)]):
        path = tmp_path / f"damaged{i}.doc"
        path.write_bytes(data)
        done = _cli("import", str(path))
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "Traceback" not in done.stderr


def test_a_converter_that_hangs_is_stopped(tmp_path, monkeypatch):
    """The converter's time limit ends it and everything it started (here: a program that sleeps)."""
    pids = tmp_path / "pids"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 600 &\necho $! >> {pids}\necho $$ >> {pids}\nwait\n", "utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("DUTYGRAPH_SOFFICE", str(fake))
    monkeypatch.setattr(converter, "CONVERT_TIMEOUT", 1)
    with pytest.raises(DocumentError, match="did not convert .* within 1 s"):
        converter.convert(b"\xd0\xcf\x11\xe0 not really a doc", path="slow.doc", kind="doc")
    for pid in map(int, pids.read_text().split()):
        assert _ends(pid), f"process {pid} still running"


def _ends(pid: int) -> bool:
    """Whether the process is gone (or a zombie) once its SIGKILL is delivered: a killed process
    may still be running for a moment on a loaded machine, so this waits for it (up to 30 s)."""
    import time

    stat_file = Path(f"/proc/{pid}/stat")
    for _ in range(300):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:
            if stat_file.read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X"):
                return True
        except (OSError, IndexError):
            return True
        time.sleep(0.1)
    return False


def test_no_libreoffice_names_how_to_install_it(monkeypatch):
    monkeypatch.setenv("DUTYGRAPH_SOFFICE", "")
    for kind, save_as in (("doc", ".docx"), ("wps", ".docx"), ("et", ".xlsx")):
        with pytest.raises(DocumentError, match=f"needs LibreOffice to read: install it .* save the file as \\{save_as}"):
            converter.convert(b"x", path=f"a.{kind}", kind=kind)
