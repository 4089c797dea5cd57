"""The project's fuzz run (benchmarks/fuzz.py) with a small budget, and the harness catching what it should.

``pytest -m fuzz`` runs only this; ``benchmarks/fuzz.py --n 10000`` is the long run.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import fuzz  # noqa: E402

pytestmark = pytest.mark.fuzz

BUDGET = 300
"""Cases run on every test run (the budget is cases, not seconds: a loaded machine takes longer)."""

HANG = 60
"""Seconds after which a case counts as hung. Not a speed target (``fuzz.py`` holds every case to
10 s on a quiet machine): here it only tells a hang from a slow, busy machine, and a case over it
among the others is run again alone (:func:`fuzz.confirm_alone`) before it counts."""


@pytest.fixture(scope="module")
def documents(seeds_dir) -> list[tuple[str, bytes]]:
    return fuzz.sources([seeds_dir, ROOT / "examples"])


@pytest.fixture(scope="module")
def results(documents) -> dict[int, fuzz.Result]:
    cases = (fuzz.make_case(n, documents) for n in range(BUDGET))
    found = {r.number: r for r in fuzz.run_cases(cases, jobs=2, timeout=HANG)}
    fuzz.confirm_alone(found, lambda n: fuzz.make_case(n, documents), over=HANG, timeout=HANG)
    return found


def test_the_budget_runs_every_case_with_every_mutation(results, documents):
    assert sorted(results) == list(range(BUDGET))
    used = {m for n in range(BUDGET) for m in fuzz.make_case(n, documents).mutations}
    assert used >= set(fuzz.MUTATIONS) | {"as_text"}
    assert sum(r.outcome == "ok" for r in results.values()) > BUDGET // 10  # mutants that still read as plans


def test_no_failure(results, documents):
    failures = {n: r for n, r in results.items() if r.outcome in fuzz.FAILURES}
    described = [f"case {n} ({'+'.join(fuzz.make_case(n, documents).mutations)}): {r.outcome} {r.detail}"
                 for n, r in sorted(failures.items())]
    assert not described, "\n".join(described)


def test_lone_surrogates_are_read_as_garbled_text(results, documents):
    surrogates = [n for n in results if "lone_surrogates" in fuzz.make_case(n, documents).mutations]
    assert surrogates and all(results[n].outcome in ("ok", "rejected") for n in surrogates)


# The harness itself: checks that misbehave the ways a parser could, run in its child processes.

def hang_on_odd(case: fuzz.Case) -> fuzz.Result:
    if case.number % 2:
        time.sleep(3600)
    return fuzz.Result(case.number, "ok")


def die_on_two(case: fuzz.Case) -> fuzz.Result:
    if case.number == 2:
        os._exit(3)
    return fuzz.Result(case.number, "ok")


def cases(count: int) -> list[fuzz.Case]:
    return [fuzz.Case(n, "plan.txt", (), data=b"x") for n in range(count)]


def test_the_harness_reports_a_hang_and_goes_on():
    # the limit leaves a child starting on a loaded machine time to finish; the hangs never do
    found = {r.number: r.outcome for r in fuzz.run_cases(cases(4), timeout=8, check_name=("test_fuzz", "hang_on_odd"))}
    assert found == {0: "ok", 1: "timeout", 2: "ok", 3: "timeout"}


def test_a_hang_stays_a_hang_when_run_alone():
    found = {r.number: r for r in fuzz.run_cases(cases(3), timeout=8, check_name=("test_fuzz", "hang_on_odd"))}
    still = fuzz.confirm_alone(found, lambda n: fuzz.Case(n, "plan.txt", ()), over=8, timeout=8,
                               check_name=("test_fuzz", "hang_on_odd"))
    assert still == [1] and {n: r.outcome for n, r in found.items()} == {0: "ok", 1: "timeout", 2: "ok"}


def test_the_harness_reports_a_dying_child_and_goes_on():
    found = {r.number: r.outcome for r in fuzz.run_cases(cases(4), jobs=1, check_name=("test_fuzz", "die_on_two"))}
    assert found == {0: "ok", 1: "ok", 2: "crash", 3: "ok"}


PLAN = "某县教育局2023年工作要点\n1.扩充学位。（学前科牵头）\n"


def test_the_check_tells_the_outcomes_apart(monkeypatch):
    assert fuzz.check(fuzz.Case(0, "plan.txt", (), data=PLAN.encode())).outcome == "ok"
    assert fuzz.check(fuzz.Case(1, "plan.txt", ("as_text",), text=PLAN)).outcome == "ok"
    assert fuzz.check(fuzz.Case(2, "plan.txt", (), data=b"\x00" * 100)).outcome == "rejected"

    import dutygraph.graph.convert as convert
    import dutygraph.importers.reading as reader

    monkeypatch.setattr(convert, "from_networkx", lambda G: None)  # a graph that does not come back
    assert fuzz.check(fuzz.Case(3, "plan.txt", (), data=PLAN.encode())).outcome == "roundtrip"
    monkeypatch.setattr(reader, "read", lambda paths: {}["no such key"])  # a parser that crashes
    foreign = fuzz.check(fuzz.Case(4, "plan.txt", (), data=PLAN.encode()))
    assert foreign.outcome == "foreign" and foreign.detail.startswith("KeyError: 'no such key' at test_fuzz.py:")
