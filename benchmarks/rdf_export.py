"""Exporting RDF against JSON: Turtle, TriG, N-Triples and JSON-LD at two sizes, and rdflib's own Turtle writer.

dutygraph writes Turtle and TriG with rdflib's writers, told not to look for a prefix for its
ids (:mod:`dutygraph.graph.rdf.files`); rdflib's unmodified Turtle writer is timed beside them
on the same graph, so the difference is measured in one process under one load. Each size is
a synthetic corpus (``synthetic.py``); the ratio of the larger to the smaller says how each
grows (4× the items: about 4× the time is linear, 16× quadratic)::

    .venv/bin/python benchmarks/rdf_export.py --plans 4 --items 150
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import synthetic_corpus  # noqa: E402

from dutygraph.graph.exports import export_text  # noqa: E402
from dutygraph.graph.rdf.triples import to_rdf  # noqa: E402


def _seconds(run, *args) -> float:
    started = time.perf_counter()
    run(*args)
    return time.perf_counter() - started


def _rdflib_turtle(corpus) -> str:
    return to_rdf(corpus).serialize(format="turtle")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=4, help="plans of the smaller corpus (the larger has 4×)")
    parser.add_argument("--items", type=int, default=150, help="items per plan")
    args = parser.parse_args(argv)
    rows = []
    for plans in (args.plans, 4 * args.plans):
        corpus = synthetic_corpus(plans=plans, items=args.items)
        times = {fmt: _seconds(export_text, corpus, fmt) for fmt in ("json", "nt", "ttl", "trig", "jsonld")}
        times["rdflib ttl"] = _seconds(_rdflib_turtle, corpus)
        rows.append((plans, sum(len(p.items) for p in corpus.plans), times))
    formats = list(rows[0][2])
    print(f"{'plans':>5} {'items':>6}  " + "  ".join(f"{f:>10}" for f in formats))
    for plans, items, times in rows:
        print(f"{plans:5d} {items:6d}  " + "  ".join(f"{times[f]:9.2f}s" for f in formats))
    print(f"{'4× / 1×':>13}  " + "  ".join(f"{rows[1][2][f] / rows[0][2][f]:9.1f}×" for f in formats))
    for plans, _items, times in rows:
        print(f"  {plans} plans: ttl / json {times['ttl'] / times['json']:.0f}×, ttl / nt {times['ttl'] / times['nt']:.1f}×, "
              f"rdflib ttl / ttl {times['rdflib ttl'] / times['ttl']:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
