"""Parsing in worker processes gives what parsing in one process gives, in the same order."""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from dutygraph.cli import cli
from dutygraph.errors import DocumentError
from dutygraph.importers import workers
from dutygraph.importers.cache import BuildCache
from dutygraph.importers import reading as read_module
from dutygraph.importers.reading import ReadOptions, read
from dutygraph.importers.workers import map_documents

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def folder(tmp_path, seeds_dir):
    """The seeds, the examples and an unreadable document, in one folder."""
    for path in [*seeds_dir.iterdir(), *(ROOT / "examples").iterdir()]:
        if path.is_file():
            shutil.copy(path, tmp_path / path.name)
    (tmp_path / "broken.txt").write_text("这不是工作计划。\n只是一段话。\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def always_parallel(monkeypatch):
    monkeypatch.setattr(workers, "PARALLEL_BYTES", 0)


def test_two_workers_read_what_one_reads(folder, always_parallel):
    one, two = read([folder], ReadOptions(workers=1)), read([folder], ReadOptions(workers=2))
    assert len(one.corpus.plans) > 5
    assert two.corpus == one.corpus
    assert [str(f) for f in two.failures] == [str(f) for f in one.failures]
    assert [f.path for f in two.failures] == [str(folder / "broken.txt")]


def test_workers_fill_the_cache_and_a_second_read_parses_nothing(folder, always_parallel, tmp_path_factory,
                                                                monkeypatch):
    cache = BuildCache(tmp_path_factory.mktemp("cache"))
    first = read([folder], ReadOptions(workers=2, cache=cache))
    (folder / "broken.txt").unlink()

    def parse(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(read_module, "_read_job", parse)
    again = read([folder], ReadOptions(workers=2, cache=cache))
    assert again.corpus == first.corpus and again.failures == ()


def test_the_command_line_takes_jobs(folder, always_parallel):
    runner = CliRunner()
    one = runner.invoke(cli, ["workload", str(folder), "--format", "json", "-j", "1", "--no-cache"])
    two = runner.invoke(cli, ["workload", str(folder), "--format", "json", "-j", "2", "--no-cache"])
    assert one.exit_code == two.exit_code == 1  # broken.txt left out, named on stderr
    assert two.stdout == one.stdout and "broken.txt" in two.stderr


def _fails_on_odd(n: int) -> int:
    if n % 2:
        raise DocumentError(f"doc{n}", "document.not_regular")
    return n * n


@settings(max_examples=10, deadline=None)
@given(st.lists(st.integers(0, 50), max_size=12), st.integers(1, 3))
def test_results_come_back_in_order_with_failures_in_place(jobs, workers_count):
    got = list(map_documents(partial(_fails_on_odd), jobs, sizes=[10**7] * len(jobs), workers=workers_count))
    assert [g if isinstance(g, int) else str(g) for g in got] == [
        n * n if n % 2 == 0 else str(DocumentError(f"doc{n}", "document.not_regular")) for n in jobs]
