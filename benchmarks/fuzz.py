"""Fuzzing the importers: mutated documents, each read in a child process with a time limit.

Each case takes one source document (the seeds in ``../shared/seeds`` and the samples in
``examples/``) and applies one to three mutations — byte flips, truncation, line deletion,
duplication and shuffling, right-to-left marks, NUL bytes, lone surrogates, unclosed brackets,
repeated numbering, huge lines. The bytes are read the way ``dutygraph import`` reads a file
(``read([path]).whole()``); a case with a lone surrogate in *text* goes through ``parse(text)`` instead.
A case fails when reading raises anything but :class:`~dutygraph.errors.DocumentError`
(``foreign``), when ``from_networkx(to_networkx(corpus)) != corpus`` (``roundtrip``), when it
runs over the time limit (``timeout``: the child is killed) or when the child dies (``crash``).
Cases are numbered; case ``i`` of ``--seed s`` is the same mutation every time, so a failure is
reproduced by its number::

    .venv/bin/python benchmarks/fuzz.py --n 10000          # counts; exit status 1 on any failure
    .venv/bin/python benchmarks/fuzz.py --case 1234        # one case, here, with its traceback

Failing inputs are written to ``--save`` (``out/fuzz``) as ``case-NUMBER-SOURCE``.

>>> case = make_case(7, [("plan.txt", "某县教育局2023年工作要点\\n1.扩充学位。（学前科牵头）\\n".encode())])
>>> case.number, case.source, 1 <= len(case.mutations) <= 3
(7, 'plan.txt', True)
>>> make_case(7, [("plan.txt", b"x")], seed=0).mutations == make_case(7, [("plan.txt", b"x")], seed=0).mutations
True
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import resource
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT.parent / "shared" / "seeds", ROOT / "examples")
FAILURES = ("foreign", "roundtrip", "timeout", "crash")
"""Outcomes that fail a run; the others are ``ok`` (read and round-tripped) and ``rejected``
(a DocumentError: bad input said so in one line)."""


@dataclass(frozen=True)
class Case:
    """One mutated document: ``data`` is read from a file named ``source``, or ``text`` parsed."""

    number: int
    source: str
    mutations: tuple[str, ...]
    data: bytes = b""
    text: str | None = None


@dataclass
class Result:
    number: int
    outcome: str
    seconds: float = 0.0
    detail: str = ""


# -- mutations: (rng, bytes) -> bytes ------------------------------------------------------------

def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8", "surrogateescape").split("\n")


def _join(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8", "surrogateescape")


def _insert(rng: random.Random, data: bytes, pieces: Sequence[bytes], times: int) -> bytes:
    out = bytearray(data)
    for _ in range(times):
        out[rng.randint(0, len(out)):0] = rng.choice(pieces)
    return bytes(out)


def byte_flips(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncation(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randint(0, len(data))]


def line_deletion(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, max(1, len(lines) // 4))):
        if lines:
            del lines[rng.randrange(len(lines))]
    return _join(lines)


def line_duplication(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(lines))
        lines[at:at] = [lines[at]] * rng.randint(1, 5)
    return _join(lines)


def line_shuffle(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    start = rng.randrange(len(lines))
    window = lines[start : start + rng.randint(2, max(2, len(lines)))]
    rng.shuffle(window)
    lines[start : start + len(window)] = window
    return _join(lines)


def rtl_marks(rng: random.Random, data: bytes) -> bytes:
    marks = [c.encode() for c in "\u202e\u200f\u202b\u2066\u2067\u061c\u200e\u202c"]
    return _insert(rng, data, marks, rng.randint(1, 20))


def nul_bytes(rng: random.Random, data: bytes) -> bytes:
    return _insert(rng, data, [b"\x00", b"\x00\x00", b"\x00" * 64], rng.randint(1, 10))


def lone_surrogates(rng: random.Random, data: bytes) -> bytes:
    # U+D800..U+DFFF as UTF-8 would encode them: no valid UTF-8 holds these bytes
    pieces = [chr(c).encode("utf-8", "surrogatepass") for c in (0xD800, 0xDBFF, 0xDC00, 0xDFFF)]
    return _insert(rng, data, pieces, rng.randint(1, 10))


def unclosed_brackets(rng: random.Random, data: bytes) -> bytes:
    opening = [c.encode() for c in "（(【《〔「[{“"]
    out = _insert(rng, data, opening, rng.randint(1, 20))
    for closing in ("）", ")", "】", "》"):
        if rng.random() < 0.5:
            out = out.replace(closing.encode(), b"", rng.randint(1, 20))
    return out


def repeated_numbering(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    numbered = [i for i, line in enumerate(lines) if re.match(r"^\s*(\d+[.．、]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", line)]
    if not numbered:
        return line_duplication(rng, data)
    label = re.match(r"^\s*(\S+?[.．、）])", lines[rng.choice(numbered)])
    for i in rng.sample(numbered, rng.randint(1, len(numbered))):
        lines[i] = re.sub(r"^\s*(\d+[.．、]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)",
                          label[1] if label else "1.", lines[i], count=1)
    return _join(lines)


def huge_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    at = rng.randrange(len(lines))
    if rng.random() < 0.5:  # the whole document on one line
        return _join(lines[:at] + ["".join(lines[at:])])
    size = rng.choice([20_000, 200_000, 1_000_000])
    piece = lines[at] or "（财务科牵头，"
    lines[at] = piece * (size // max(1, len(piece.encode("utf-8", "surrogateescape"))))
    return _join(lines)


MUTATIONS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    f.__name__: f for f in (byte_flips, truncation, line_deletion, line_duplication, line_shuffle, rtl_marks,
                            nul_bytes, lone_surrogates, unclosed_brackets, repeated_numbering, huge_line)
}


def sources(folders: Iterable[Path] = SOURCES) -> list[tuple[str, bytes]]:
    """(file name, bytes) of every document in ``folders`` that exist."""
    found = []
    for folder in folders:
        if folder.is_dir():
            found += [(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()]
    return found


def make_case(number: int, documents: Sequence[tuple[str, bytes]], *, seed: int = 0) -> Case:
    """Case ``number``: the same source and mutations for the same (seed, number, documents)."""
    rng = random.Random(f"{seed}:{number}")
    name, data = rng.choice(documents)
    chosen = tuple(rng.sample(sorted(MUTATIONS), rng.randint(1, 3)))
    for mutation in chosen:
        data = MUTATIONS[mutation](rng, data)
    if "lone_surrogates" in chosen and rng.random() < 0.5:  # also through the text API
        text = list(data.decode("utf-8", "surrogateescape"))  # undecodable bytes become U+DC80..U+DCFF
        for _ in range(rng.randint(1, 10)):
            text.insert(rng.randint(0, len(text)), chr(rng.choice((0xD800, 0xDBFF, 0xDC00, 0xDFFF))))
        return Case(number, name, chosen + ("as_text",), text="".join(text))
    return Case(number, name, chosen, data=data)


# -- one case, in a child ------------------------------------------------------------------------

def read_case(case: Case) -> Any:
    """The corpus of a case, read as ``dutygraph import`` reads a file (or parsed, for text)."""
    from dutygraph.importers.reading import parse, read

    if case.text is not None:
        return parse(case.text, source=case.source)
    with tempfile.TemporaryDirectory(prefix="dutygraph-fuzz-") as folder:
        path = Path(folder) / case.source
        path.write_bytes(case.data)
        return read([path]).whole()


def check(case: Case) -> Result:
    """Read the case and round-trip the corpus through networkx."""
    from dutygraph.errors import DocumentError
    from dutygraph.graph.convert import from_networkx, to_networkx

    started = time.perf_counter()
    try:
        corpus = read_case(case)
    except DocumentError:
        return Result(case.number, "rejected", time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 (the point: anything else is a finding)
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Result(case.number, "foreign", time.perf_counter() - started,
                      f"{type(exc).__name__}: {str(exc)[:200]} at {Path(where.filename).name}:{where.lineno}")
    same = from_networkx(to_networkx(corpus)) == corpus
    return Result(case.number, "ok" if same else "roundtrip", time.perf_counter() - started,
                  "" if same else "from_networkx(to_networkx(corpus)) != corpus")


def _worker(connection: Connection, check_name: tuple[str, str], memory_mb: int) -> None:
    if memory_mb:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
    module, name = check_name
    run_one = getattr(__import__(module, fromlist=[name]), name)
    connection.send("ready")  # the case's clock starts now, not while the child imports
    while True:
        try:
            case = connection.recv()
        except EOFError:
            return
        connection.send(run_one(case))


STARTUP_TIMEOUT = 300.0
"""Seconds a child may take to start (import the check) before its case's clock runs anyway."""


@dataclass
class _Child:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    case: Case | None = None
    started: float = field(default=0.0)


def run_cases(cases: Iterable[Case], *, jobs: int = 2, timeout: float = 10.0, memory_mb: int = 2048,
              check_name: tuple[str, str] = ("fuzz", "check")) -> Iterator[Result]:
    """Run ``check_name`` (module, function) on every case in ``jobs`` child processes; a case over
    ``timeout`` seconds has its child killed and reported as ``timeout``, a child that dies as
    ``crash``. Results come in the order cases finish."""
    context = multiprocessing.get_context("spawn")
    todo = iter(cases)

    def spawn() -> _Child:
        parent, child = context.Pipe()
        process = context.Process(target=_worker, args=(child, check_name, memory_mb), daemon=True)
        process.start()
        child.close()
        if parent.poll(STARTUP_TIMEOUT):  # a child that cannot start is a crash of its first case
            try:
                parent.recv()
            except EOFError:
                pass
        return _Child(process, parent)

    def feed(child: _Child) -> bool:
        child.case = next(todo, None)
        if child.case is None:
            return False
        child.started = time.monotonic()
        try:
            child.connection.send(child.case)
        except OSError:  # the child died starting: the next read says so (a crash)
            pass
        return True

    children = [spawn() for _ in range(jobs)]
    busy = [c for c in children if feed(c)]
    try:
        while busy:
            soonest = min(c.started for c in busy) + timeout
            ready = wait([c.connection for c in busy], timeout=max(0.0, soonest - time.monotonic()))
            for child in list(busy):
                replace = False
                if child.connection in ready:
                    try:
                        yield child.connection.recv()
                    except (EOFError, OSError):
                        child.process.join(5)
                        yield Result(child.case.number, "crash", time.monotonic() - child.started,
                                     f"the child exited with status {child.process.exitcode}")
                        replace = True
                elif time.monotonic() - child.started >= timeout:
                    child.process.kill()
                    child.process.join()
                    yield Result(child.case.number, "timeout", time.monotonic() - child.started,
                                 f"killed after {timeout:g}s")
                    replace = True
                else:
                    continue
                busy.remove(child)
                if replace:
                    child.connection.close()
                    child = spawn()
                    children.append(child)
                if feed(child):
                    busy.append(child)
    finally:
        for child in children:
            child.connection.close()
            if child.process.is_alive():
                child.process.kill()
            child.process.join()


def confirm_alone(results: dict[int, Result], make: Callable[[int], Any], *, over: float, timeout: float,
                  memory_mb: int = 2048, check_name: tuple[str, str] = ("fuzz", "check")) -> list[int]:
    """Run again, one at a time, every case that timed out or took over ``over`` seconds among
    the others; its result alone replaces the busy one. Returns the cases still slow alone.

    A case's time among others measures the machine's load as much as the case: a run's
    budget is its cases, and only a case slow alone counts as slow."""
    slow = sorted(n for n, r in results.items() if r.outcome == "timeout" or r.seconds > over)
    alone = {r.number: r for r in run_cases((make(n) for n in slow), jobs=1, timeout=timeout, memory_mb=memory_mb,
                                            check_name=check_name)}
    results.update(alone)
    return sorted(n for n, r in alone.items() if r.outcome == "timeout" or r.seconds > over)


# -- the command line ----------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="cases to run (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="first case number")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per case (default 10)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--memory", type=int, default=2048, help="MB of address space per child (0: no limit)")
    parser.add_argument("--save", type=Path, default=ROOT / "out" / "fuzz", help="where failing inputs go")
    parser.add_argument("--case", type=int, help="run this one case here and show its traceback")
    args = parser.parse_args(argv)
    documents = sources()
    if not documents:
        print(f"fuzz: no documents in {', '.join(map(str, SOURCES))}", file=sys.stderr)
        return 2
    if args.case is not None:  # here, so that an exception shows its traceback
        from dutygraph.graph.convert import from_networkx, to_networkx

        case = make_case(args.case, documents, seed=args.seed)
        print(f"case {case.number}: {case.source} + {', '.join(case.mutations)}", flush=True)
        started = time.perf_counter()
        corpus = read_case(case)
        print(f"read in {time.perf_counter() - started:.2f}s: {sum(len(p.items) for p in corpus.plans)} items")
        same = from_networkx(to_networkx(corpus)) == corpus
        print("round trip: " + ("equal" if same else "DIFFERENT"))
        return 0 if same else 1

    started = time.perf_counter()
    numbers = range(args.start, args.start + args.n)
    cases = (make_case(n, documents, seed=args.seed) for n in numbers)  # made as the children need them
    outcomes: Counter[str] = Counter()
    failed: list[Result] = []
    slowest: list[Result] = []
    results = {r.number: r for r in run_cases(cases, jobs=args.jobs, timeout=args.timeout, memory_mb=args.memory)}
    confirm_alone(results, lambda n: make_case(n, documents, seed=args.seed), over=args.timeout,
                  timeout=args.timeout, memory_mb=args.memory)
    for result in results.values():
        outcomes[result.outcome] += 1
        slowest = sorted([*slowest, result], key=lambda r: -r.seconds)[:3]
        if result.outcome in FAILURES:
            failed.append(result)
            case = make_case(result.number, documents, seed=args.seed)
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"case-{case.number}-{case.source}").write_bytes(
                case.data if case.text is None else case.text.encode("utf-8", "surrogatepass"))
    elapsed = time.perf_counter() - started
    print(f"{args.n} cases (seed {args.seed}, {len(documents)} source documents, limit {args.timeout:g}s, "
          f"{args.jobs} jobs) in {elapsed:.0f}s")
    for outcome in ("ok", "rejected", *FAILURES):
        print(f"  {outcome:<10} {outcomes[outcome]:6d}")
    print("  slowest    " + ", ".join(f"case {r.number} {r.seconds:.2f}s" for r in slowest))
    for result in sorted(failed, key=lambda r: r.number):
        case = make_case(result.number, documents, seed=args.seed)
        print(f"  {result.outcome}: case {case.number} ({case.source} + {'+'.join(case.mutations)}): {result.detail}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
