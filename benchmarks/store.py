"""The stored corpus on real documents: import, the store, and each query old path against new.

Run by :mod:`run` in a child process per scale, over the real seeds copied ``scale`` times
(:mod:`real`). It measures, in the same run:

* import of the real documents in one process: CPU seconds, MB/s and items/s, peak memory;
* writing the SQLite store, its size against the JSON file of the old layout, reading the
  corpus back from each;
* each query in process, the old path (the corpus → the networkx graph → the query) against the
  new (SQL over the store's tables): workload (with and without its items), pairs, lead→support
  edges, leaders;
* the commands end to end, interpreter start to last row, on the JSON file (the old stored
  corpus) and on the store: ``workload``, ``workload --explain``, ``deps`` with centrality and
  brokers, an office's profile; CPU seconds and peak memory of each process.

Times are CPU seconds (user + system), which a loaded machine does not stretch.
"""

from __future__ import annotations

import gc
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["measure", "report", "verdicts"]


def _cpu(fn, *args, **kwargs):
    gc.collect()
    started = time.process_time()
    result = fn(*args, **kwargs)
    return result, time.process_time() - started


def _command(*args: str) -> tuple[float, float]:
    """CPU seconds and peak MB of one ``dutygraph`` process, start to exit (measured by
    ``/usr/bin/time``: a child forked from this big process would report this one's memory)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as figures:
        done = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", figures.name, sys.executable, "-m", "dutygraph",
                               *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode:
            raise RuntimeError(f"dutygraph {' '.join(args)}: {done.stderr[-500:]}")
        user, system, peak_kb = figures.read().split()[-3:]
    return float(user) + float(system), float(peak_kb) / 1024


def measure(folder: Path, scratch: Path) -> dict[str, float]:
    """Every figure for the documents in ``folder``; files are written to ``scratch``."""
    from dutygraph.graph.convert import to_networkx
    from dutygraph.graph.sqlite.store import open_store
    from dutygraph.graph.stored import dump_corpus, load_corpus, save_corpus
    from dutygraph.importers.read import read_all
    from dutygraph.queries import dependencies, tables, workload

    files = sorted(p for p in folder.iterdir() if p.is_file())
    size = sum(p.stat().st_size for p in files)
    read_all(files[:1])  # tables and patterns built once per process
    reading, import_s = _cpu(read_all, [folder])
    import_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    corpus = reading.corpus
    items = sum(len(p.items) for p in corpus.plans)
    store, old = scratch / "plans.dg", scratch / "old.dg"
    for leftover in (store, old):
        leftover.unlink(missing_ok=True)
    _, store_write_s = _cpu(save_corpus, corpus, store)
    _, store_rewrite_s = _cpu(save_corpus, corpus, store)  # nothing changed: every document kept
    text, json_write_s = _cpu(dump_corpus, corpus)
    old.write_text(text, encoding="utf-8")
    del text
    _, json_read_s = _cpu(load_corpus, old)
    _, store_read_s = _cpu(load_corpus, store)
    G, graph_s = _cpu(to_networkx, corpus)
    m: dict[str, float] = {
        "documents": len(files), "bytes": size, "items": items, "import_s": import_s, "import_peak_mb": import_peak,
        "store_write_s": store_write_s, "store_rewrite_s": store_rewrite_s, "store_mb": store.stat().st_size / 1e6,
        "json_mb": old.stat().st_size / 1e6, "json_write_s": json_write_s, "json_read_s": json_read_s,
        "store_read_s": store_read_s, "graph_s": graph_s,
    }
    with open_store(store) as opened:
        db = opened.db
        for key, old_query, new_query, options in (
                ("workload", workload.office_workload, tables.office_workload, {}),
                ("workload_counts", workload.office_workload, tables.office_workload, {"items": False}),
                ("pairs", dependencies.co_assignment, tables.co_assignment, {}),
                ("edges", dependencies.lead_support, tables.lead_support, {}),
                ("leaders", workload.leader_workload, tables.leader_workload, {})):
            m[f"{key}_old_s"] = _cpu(old_query, G)[1]
            m[f"{key}_new_s"] = _cpu(new_query, db, **options)[1]
        name = tables.office_workload(db, items=False)[0].office
    del G, corpus, reading
    for key, args in (("workload", ("workload", "{}", "--format", "json")),
                      ("explain", ("workload", "{}", "--format", "json", "--explain")),
                      ("deps", ("deps", "{}", "--format", "json", "--show", "centrality", "--show", "brokers",
                                "--show", "pairs", "--show", "edges")),
                      ("office", ("office", name, "{}", "--format", "json"))):
        for path, side in ((old, "old"), (store, "new")):
            m[f"cli_{key}_{side}_s"], m[f"cli_{key}_{side}_mb"] = _command(*(str(path) if a == "{}" else a
                                                                              for a in args))
    return m


def report(scale: int, m: dict[str, float]) -> str:
    """The figures of one scale as lines of text."""
    mb = m["bytes"] / 1e6
    lines = [
        f"real seeds {scale}×: {m['documents']} documents, {mb:.1f} MB, {m['items']} items",
        f"  import, one process              {m['import_s']:8.2f} s CPU  {mb / m['import_s']:.2f} MB/s, "
        f"{m['items'] / m['import_s']:.0f} items/s, peak {m['import_peak_mb']:.0f} MB",
        f"  write the store                  {m['store_write_s']:8.2f} s      ({m['store_mb']:.1f} MB; "
        f"JSON {m['json_mb']:.1f} MB in {m['json_write_s']:.2f} s); again, unchanged: {m['store_rewrite_s']:.2f} s",
        f"  read the corpus back             {m['store_read_s']:8.2f} s      from JSON {m['json_read_s']:.2f} s "
        f"({m['json_read_s'] / m['store_read_s']:.1f}×); networkx graph {m['graph_s']:.2f} s",
        f"  {'query (in process)':32} {'old s':>8} {'new s':>8}  speed-up",
    ]
    for key, label in (("workload", "workload (with items)"), ("workload_counts", "workload (counts)"),
                       ("pairs", "deps: pairs"), ("edges", "deps: lead→support edges"), ("leaders", "leaders")):
        old, new = m[f"{key}_old_s"], m[f"{key}_new_s"]
        lines.append(f"  {label:32} {old:8.3f} {new:8.3f}  {old / new if new else float('inf'):.0f}× "
                     "(old: on the graph already built)")
    lines.append(f"  {'command, start to exit':32} {'old s':>8} {'new s':>8}  {'old MB':>7} {'new MB':>7}")
    for key, label in (("workload", "workload"), ("explain", "workload --explain"),
                       ("deps", "deps (centrality, brokers)"), ("office", "office profile")):
        lines.append(f"  {label:32} {m[f'cli_{key}_old_s']:8.2f} {m[f'cli_{key}_new_s']:8.2f}  "
                     f"{m[f'cli_{key}_old_mb']:7.0f} {m[f'cli_{key}_new_mb']:7.0f}")
    return "\n".join(lines)


def verdicts(results: dict[int, dict[str, float]]) -> list[tuple[str, float, float, str]]:
    """The embedded-store issue's targets on the real seeds: (target, measured, limit, unit)."""
    rows = []
    for scale, m in sorted(results.items()):
        rows.append((f"real {scale}×: import throughput, one process (≥)", m["bytes"] / 1e6 / m["import_s"], 1.0,
                     "MB/s"))
        if scale >= 1000:
            peak = max(m[f"cli_{k}_new_mb"] for k in ("workload", "explain", "deps", "office"))
            rows += [(f"real {scale}×: workload, end to end", m["cli_workload_new_s"], 1.0, "s"),
                     (f"real {scale}×: deps with centrality and brokers", m["cli_deps_new_s"], 5.0, "s"),
                     (f"real {scale}×: an office's profile", m["cli_office_new_s"], 0.3, "s"),
                     (f"real {scale}×: peak memory of a query command", peak, 500.0, "MB"),
                     (f"real {scale}×: import peak memory", m["import_peak_mb"], 1536.0, "MB")]
    return rows
