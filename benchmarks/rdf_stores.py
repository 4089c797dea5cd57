"""RDF stores for ``--engine sparql``: rdflib's memory store against Oxigraph (oxrdflib).

Writes a synthetic corpus as N-Triples once, then for each store: the time to parse the file
into it (Oxigraph with its own parser), the resident memory it added, and the time of the SPARQL workload, pairs and
lead → support twins (whose rows are checked equal between the stores). Prints the figures and
the ratios; not a test.

    .venv/bin/python benchmarks/rdf_stores.py --plans 8 --items 150
    .venv/bin/python benchmarks/rdf_stores.py --plans 16 --items 150 --no-rdflib-queries
"""

from __future__ import annotations

import argparse
import gc
import resource
import tempfile
import time
from pathlib import Path

from rdflib import Graph
from synthetic import synthetic_corpus

from dutygraph.graph.rdf.files import serialize
from dutygraph.queries import sparql


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def measure(store: str, path: Path, *, queries: bool) -> tuple[float, float, int, float, dict]:
    gc.collect()
    before = _rss_mb()
    started = time.perf_counter()
    g = Graph(store=store)
    g.parse(path, format="ox-nt" if store == "Oxigraph" else "nt")  # each store's own parser
    load = time.perf_counter() - started
    memory = _rss_mb() - before
    rows, elapsed = {}, 0.0
    if queries:
        started = time.perf_counter()
        rows = {name: query(g) for name, query in sparql.QUERIES.items()}
        elapsed = time.perf_counter() - started
    return load, memory, len(g), elapsed, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=8)
    parser.add_argument("--items", type=int, default=150)
    parser.add_argument("--no-rdflib-queries", action="store_true", help="only load into rdflib (its queries are slow)")
    args = parser.parse_args()
    corpus = synthetic_corpus(plans=args.plans, items=args.items)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.nt"
        path.write_text(serialize(corpus, "nt"), "utf-8")
        ox = measure("Oxigraph", path, queries=True)
        mem = measure("default", path, queries=not args.no_rdflib_queries)
    items = sum(len(p.items) for p in corpus.plans)
    print(f"{len(corpus.plans)} plans, {items} items: {ox[2]:,} triples ({path.name})")
    for name, (load, memory, _, q, _) in (("rdflib memory", mem), ("oxigraph", ox)):
        print(f"  {name:14} load {load:7.2f} s  +{memory:6.0f} MB  queries {q:7.2f} s")
    print(f"  oxigraph loads {mem[0] / ox[0]:.1f}x faster with {mem[1] / max(ox[1], 1):.1f}x less memory", end="")
    if mem[4]:
        assert mem[4] == ox[4], "the stores disagree"
        print(f"; answers the twins {mem[3] / ox[3]:.0f}x faster (same rows)")
    else:
        print()


if __name__ == "__main__":
    main()
