"""The benchmark suite: import, graph, queries and pages at multiples of the seeds' size.

usage: python benchmarks/run.py [--scale 1 --scale 10 …] [--json FILE] [--keep DIR] [--real-only | --no-real]

For each scale it writes the synthetic corpus of :mod:`corpus` (five documents of every text
format per unit, invented names) and measures, in a fresh process so that peak memory is the
scale's own:

* the floor: reading, decoding and OpenCC-converting the same bytes, and import (every
  document through the real importer) in MB/s and items/s, with the ratio import / floor,
  in one process and in one worker process per core (``--jobs``, as the command line does);
* peak RSS, building the networkx graph, and each query: workload with concentration, the
  dependency pairs and lead→support edges, the office network with betweenness and brokers,
  targets by deadline;
* writing the interactive page (aggregated above its node limit);
* CLI start-up: ``dutygraph --help`` against ``python -c pass``;
* where a Neo4j can be started (graph/neo4j_server.py) or ``NEO4J_URI`` names an empty one, unless
  ``--no-neo4j``: the batched push cold and warm and a replacing push in rows/s, against the naive
  one-MERGE-per-transaction loader, the Cypher twins against the networkx queries, and the
  ``neo4j-admin database import`` CSV bulk load (:func:`neo4j_load.figures`).

Then, unless ``--no-real``, the same scale of the real seeds (each copied ``scale`` times,
:mod:`real`) goes through :mod:`store`: import in MB/s and items/s on real documents, the
SQLite store, and each query's old path (the corpus, the graph) against the new (the store's
tables), in process and as commands from start to exit. ``--real-only`` measures only those.

Every figure is printed with its ratio to its floor or peer measured in the same run; ``--json``
writes them all. Times are CPU seconds of the measuring process, which a loaded machine does not
stretch; the import in worker processes, the start-up and the first page are wall seconds, so
the import's wall time is shown beside its CPU time for comparison. A table of the targets of
the scale issue closes the run: each met, or missed by the factor shown.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _timed(fn, *args, **kwargs):
    """``fn``'s result and the CPU seconds this process spent on it (a loaded machine stretches
    wall time, not CPU time)."""
    gc.collect()
    started = time.process_time()
    result = fn(*args, **kwargs)
    return result, time.process_time() - started


def _wall(fn, *args, **kwargs) -> float:
    """Wall seconds of ``fn``: for work done in other processes."""
    gc.collect()
    started = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - started


def measure(folder: Path) -> dict[str, float]:
    """Everything for one corpus folder (run in a child process)."""
    from dutygraph.graph.convert import to_networkx
    from dutygraph.importers.readers.encoding import decode
    from dutygraph.importers.text.normalize import t2s_converter
    from dutygraph.importers.read import read_all
    from dutygraph.importers.workers import PARALLEL_BYTES, available_cores
    from dutygraph.queries.dependencies import co_assignment, lead_support, office_network
    from dutygraph.queries.network import brokers, centrality
    from dutygraph.queries.targets import targets_by_deadline
    from dutygraph.queries.workload import concentration, office_workload
    from dutygraph.viz.page import render_page
    from dutygraph.viz.views import fit, responsibility_view

    files = sorted(p for p in folder.iterdir() if p.is_file())
    size = sum(p.stat().st_size for p in files)
    convert = t2s_converter()

    def floor() -> int:
        chars = 0
        for path in files:
            text = decode(path.read_bytes(), path=str(path)).text
            chars += len(convert(text))
        return chars

    _, floor_s = _timed(floor)
    read_all(files[:1])  # the first document pays for tables and patterns built once per process
    wall_started = time.perf_counter()
    reading, import_s = _timed(read_all, [folder])
    import_wall_s = time.perf_counter() - wall_started
    corpus = reading.corpus
    gc.freeze()  # as the command line does once the corpus is read
    cores = available_cores()
    parallel_s = _wall(read_all, [folder], jobs=cores) if size >= PARALLEL_BYTES and cores > 1 else 0.0
    items = sum(len(p.items) for p in corpus.plans)
    G, graph_s = _timed(to_networkx, corpus)
    rows, workload_s = _timed(office_workload, G)
    _, concentration_s = _timed(concentration, rows)
    _, pairs_s = _timed(co_assignment, G)
    _, edges_s = _timed(lead_support, G)
    net, network_s = _timed(office_network, G)
    _, centrality_s = _timed(centrality, net)
    _, brokers_s = _timed(brokers, net)
    _, targets_s = _timed(targets_by_deadline, G, as_of=__import__("datetime").date(2024, 6, 30))

    def page() -> int:
        return len(render_page(fit(responsibility_view(G), G)))

    _, page_s = _timed(page)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    neo4j = neo4j_figures(corpus, G) if os.environ.get("DG_BENCH_NEO4J") != "off" else {}
    return {**neo4j,
        "documents": len(files), "bytes": size, "items": items, "failures": len(reading.failures),
        "floor_s": floor_s, "import_s": import_s, "import_wall_s": import_wall_s, "parallel_s": parallel_s,
        "cores": cores, "graph_s": graph_s, "workload_s": workload_s + concentration_s,
        "pairs_s": pairs_s, "edges_s": edges_s, "network_s": network_s, "betweenness_s": centrality_s,
        "brokers_s": brokers_s, "targets_s": targets_s, "page_s": page_s, "peak_mb": peak_kb / 1024,
        "nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "offices": net.number_of_nodes(),
    }


def neo4j_figures(corpus, G) -> dict[str, float]:
    """:func:`neo4j_load.figures`, or ``{"neo4j": "…why not"}`` when no Neo4j can be had."""
    from neo4j_load import figures

    from dutygraph.errors import Neo4jUnavailable

    try:
        return figures(corpus, G, uri=os.environ.get("NEO4J_URI"))
    except Neo4jUnavailable as exc:
        return {"neo4j": f"unavailable: {str(exc).splitlines()[0]}"}


def _best(cmd: list[str], runs: int) -> tuple[float, float]:
    """The best wall seconds and the best CPU seconds (user + system) of ``runs`` runs of ``cmd``."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def startup() -> dict[str, float]:
    """``python -c pass`` and ``dutygraph --help``: wall and CPU seconds, best of five."""
    python_s, python_cpu_s = _best([sys.executable, "-c", "pass"], 5)
    help_s, help_cpu_s = _best([sys.executable, "-m", "dutygraph", "--help"], 5)
    return {"python_s": python_s, "python_cpu_s": python_cpu_s, "help_s": help_s, "help_cpu_s": help_cpu_s}


def first_page(folder: Path) -> tuple[float, float]:
    """``dutygraph viz`` on a folder, interpreter start included: wall and CPU seconds, best of three."""
    with tempfile.TemporaryDirectory() as tmp:
        return _best([sys.executable, "-m", "dutygraph", "viz", str(folder), "-o", f"{tmp}/page.html", "--no-cache"], 3)


def verdicts(results: dict[int, dict[str, float]], start: dict[str, float],
             real: dict[int, dict[str, float]] | None = None) -> str:
    """Each target of the scale issue beside what this run measured: met, or missed by how much."""
    rows: list[tuple[str, float, float, str]] = [  # (target, measured, limit, unit)
        ("dutygraph --help (CPU)", start["help_cpu_s"], 0.15, "s"),
        ("dutygraph --help / python -c pass (CPU)", start["help_cpu_s"] / start["python_cpu_s"], 6.0, "×"),
    ]
    if "page_cpu_s" in start:
        rows.append(("seeds' size → model + graph + page (viz, CPU)", start["page_cpu_s"], 1.0, "s"))
    for scale, m in sorted(results.items()):
        rows.append((f"{scale}×: import / floor", m["import_s"] / m["floor_s"], 10.0, "×"))
        if scale >= 1000:
            best = min(x for x in (m["import_s"], m["parallel_s"]) if x)
            rows += [(f"{scale}×: import (best of one process and workers)", best, 60.0, "s"),
                     (f"{scale}×: peak memory", m["peak_mb"], 1536.0, "MB"),
                     (f"{scale}×: workload", m["workload_s"], 1.0, "s"),
                     (f"{scale}×: deps with betweenness", m["pairs_s"] + m["edges_s"] + m["network_s"]
                      + m["betweenness_s"] + m["brokers_s"], 10.0, "s")]
    if real:
        from store import verdicts as store_verdicts

        rows += store_verdicts(real)
    out = ["targets (met, or missed by the factor shown):"]
    for name, value, limit, unit in rows:
        at_least = unit.endswith("/s")  # a throughput: the target is a floor
        met = value >= limit if at_least else value <= limit
        verdict = "met" if met else f"missed by {(limit / value if at_least else value / limit):.1f}×"
        out.append(f"  {name:52} {value:9.2f} {unit:2} ({'≥' if at_least else '≤'} {limit:g} {unit})  {verdict}")
    return "\n".join(out)


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f}"


def report(scale: int, m: dict[str, float]) -> str:
    mb = m["bytes"] / 1e6
    lines = [
        f"scale {scale}×: {m['documents']} documents, {_mb(m['bytes'])} MB, {m['items']} items "
        f"({m['failures']} unreadable); graph {m['nodes']} nodes, {m['edges']} edges, {m['offices']} offices; "
        f"peak {m['peak_mb']:.0f} MB",
        f"  {'step':34} {'CPU s':>9}  ratio",
        f"  {'read + decode + OpenCC (floor)':34} {m['floor_s']:9.2f}  1.0× ({mb / m['floor_s']:.1f} MB/s)",
        f"  {'import':34} {m['import_s']:9.2f}  {m['import_s'] / m['floor_s']:.1f}× the floor "
        f"({mb / m['import_s']:.2f} MB/s, {m['items'] / m['import_s']:.0f} items/s; wall {m['import_wall_s']:.1f} s)",
        (f"  {'import, ' + str(m['cores']) + ' worker processes':34} {m['parallel_s']:9.2f}  "
         f"wall, {m['import_wall_s'] / m['parallel_s']:.2f}× faster than one process's wall "
         f"({mb / m['parallel_s']:.2f} MB/s, {m['items'] / m['parallel_s']:.0f} items/s)" if m["parallel_s"] else
         f"  {'import, worker processes':34} {'—':>9}  one process below 500 kB (or one core)"),
        f"  {'networkx graph':34} {m['graph_s']:9.2f}  {m['graph_s'] / m['import_s']:.2f}× import",
    ]
    for key, label in (("workload_s", "workload + concentration"), ("pairs_s", "deps: pairs"),
                       ("edges_s", "deps: lead→support edges"), ("network_s", "deps: office network"),
                       ("betweenness_s", "deps: centrality (betweenness)"), ("brokers_s", "deps: brokers"),
                       ("targets_s", "targets by deadline"), ("page_s", "interactive page")):
        lines.append(f"  {label:34} {m[key]:9.2f}  {m[key] / m['import_s']:.2f}× import")
    if "push_warm_s" in m:
        from neo4j_load import report as neo4j_report

        lines += neo4j_report(m)
    elif "neo4j" in m:
        lines.append(f"  Neo4j: {m['neo4j']}")
    return "\n".join(lines)


def exponents(results: dict[int, dict[str, float]]) -> str:
    """Log-log slope of time against size between the smallest and the largest scale."""
    scales = sorted(results)
    if len(scales) < 2:
        return ""
    a, b = results[scales[0]], results[scales[-1]]
    out = [f"scaling exponents {scales[0]}× → {scales[-1]}× (1.0 is linear):"]
    for key in ("import_s", "parallel_s", "graph_s", "workload_s", "betweenness_s", "page_s"):
        if a[key] > 0 and b[key] > 0:
            out.append(f"  {key[:-2]:12} {math.log(b[key] / a[key]) / math.log(b['bytes'] / a['bytes']):.2f}")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, action="append", help="multiple of the seeds (repeatable; default 1 and 10)")
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--keep", help="write the corpora under this folder instead of a temporary one")
    parser.add_argument("--no-neo4j", action="store_true", help="leave out the Neo4j figures")
    parser.add_argument("--no-real", action="store_true", help="leave out the real seeds and the store")
    parser.add_argument("--real-only", action="store_true", help="measure only the real seeds and the store")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--store-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    if args.child:
        print(json.dumps(measure(Path(args.child))))
        return 0
    if args.store_child:
        from store import measure as measure_store

        print(json.dumps(measure_store(Path(args.store_child), Path(args.store_child).parent)))
        return 0
    from corpus import write
    from real import write as write_real
    from store import report as store_report

    scales = args.scale or [1, 10]
    results: dict[int, dict[str, float]] = {}
    real: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(args.keep or tmp)
        for scale in scales:
            if not args.no_real:
                folder = base / f"real-{scale}" / "documents"
                if not folder.is_dir():
                    write_real(folder, scale=scale)
                done = subprocess.run([sys.executable, __file__, "--store-child", str(folder)], capture_output=True,
                                      text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
                if done.returncode:
                    print(done.stderr, file=sys.stderr)
                    return 1
                real[scale] = json.loads(done.stdout.splitlines()[-1])
                print(store_report(scale, real[scale]), flush=True)
            if args.real_only:
                continue
            folder = base / f"scale-{scale}"
            if not folder.is_dir():
                write(folder, scale=scale)
            done = subprocess.run([sys.executable, __file__, "--child", str(folder)], capture_output=True, text=True,
                                  env={**os.environ, "PYTHONHASHSEED": "0",
                                       **({"DG_BENCH_NEO4J": "off"} if args.no_neo4j else {})})
            if done.returncode:
                print(done.stderr, file=sys.stderr)
                return 1
            results[scale] = json.loads(done.stdout.splitlines()[-1])
            print(report(scale, results[scale]), flush=True)
        start = startup()
        if (base / "scale-1").is_dir():
            start["page_s"], start["page_cpu_s"] = first_page(base / "scale-1")
    print(f"start-up: python -c pass {start['python_cpu_s']:.3f} s CPU ({start['python_s']:.3f} s wall), "
          f"dutygraph --help {start['help_cpu_s']:.3f} s CPU ({start['help_s']:.3f} s wall), "
          f"{start['help_cpu_s'] / start['python_cpu_s']:.1f}×"
          + (f"; dutygraph viz at 1×, interpreter included: {start['page_cpu_s']:.2f} s CPU ({start['page_s']:.2f} s wall)"
             if "page_cpu_s" in start else ""))
    print(exponents(results))
    print(verdicts(results, start, real))
    if args.json:
        Path(args.json).write_text(json.dumps({"scales": results, "real": real, "startup": start}, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
