"""How fast a page of a big graph becomes interactive: a synthetic 20,000-node network in Chromium.

Builds a synthetic corpus (invented plans read through the real importer) whose responsibility
network has at least ``--nodes`` nodes, writes the page as ``dutygraph viz`` does (aggregating
above ``--max-nodes``), opens it in headless Chromium (Debian's ``chromium``) with the network
cut off, and prints: the time until the layout has settled and physics is off (measured by the
page, from navigation start), the time a search takes to answer, and the page's size. With
``--compare`` it also opens the page drawn without aggregation, to show what aggregation saves
(stopped after ``--timeout`` seconds).

    .venv/bin/python benchmarks/viz_scale.py
    .venv/bin/python benchmarks/viz_scale.py --nodes 20000 --compare
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from synthetic import synthetic_corpus

from dutygraph.graph.convert import to_networkx
from dutygraph.viz.page import render_page
from dutygraph.viz.views import MAX_NODES, fit, responsibility_view

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync"]


def measure(browser, path: Path, timeout: float) -> dict[str, float] | None:
    """Milliseconds to a settled layout and to a search answer; None if not settled in time."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri(), wait_until="load", timeout=timeout * 1000)
    try:
        page.wait_for_function("() => window.dutygraph && window.dutygraph.ready", timeout=timeout * 1000)
    except Exception:  # the playwright timeout: report it rather than fail
        page.close()
        return None
    figures = page.evaluate("""() => {
        const t0 = performance.now();
        const box = document.getElementById('dg-search');
        box.value = '办公室'; box.dispatchEvent(new Event('input'));
        const searched = performance.now() - t0;
        return {ready: window.dutygraph.readyAt, search: searched,
                shown: window.dutygraph.shown(), matches: document.querySelectorAll('.dg-result').length}; }""")
    page.close()
    if errors:
        raise SystemExit(f"page errors: {errors[:3]}")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=20_000, help="nodes of the responsibility network, at least")
    parser.add_argument("--max-nodes", type=int, default=MAX_NODES)
    parser.add_argument("--compare", action="store_true", help="also open the page drawn without aggregation")
    parser.add_argument("--timeout", type=float, default=180, help="seconds to wait for a page to settle")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    plans = max(1, args.nodes // 500)
    corpus = synthetic_corpus(plans=plans, items=170)
    G = to_networkx(corpus)
    full = responsibility_view(G)
    while full.graph.number_of_nodes() < args.nodes:
        plans += max(1, plans // 10)
        corpus = synthetic_corpus(plans=plans, items=170)
        G = to_networkx(corpus)
        full = responsibility_view(G)
    built = time.perf_counter() - started
    print(f"corpus: {plans} plans, {sum(len(p.items) for p in corpus.plans)} items; graph {G.number_of_nodes()} nodes; "
          f"responsibility network {full.graph.number_of_nodes()} nodes, {full.graph.number_of_edges()} edges "
          f"(read and built in {built:.1f} s)")

    pages = [("aggregated", fit(full, G, max_nodes=args.max_nodes))]
    if args.compare:
        pages.append(("not aggregated", full))
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, headless=True, args=FLAGS)
        for name, view in pages:
            started = time.perf_counter()
            path = Path(folder) / f"{name.replace(' ', '-')}.html"
            path.write_text(render_page(view), encoding="utf-8")
            written = time.perf_counter() - started
            print(f"\n{name}: {view.graph.number_of_nodes()} nodes, {view.graph.number_of_edges()} edges; "
                  f"page {path.stat().st_size / 1e6:.1f} MB written in {written:.1f} s")
            for note in view.notices:
                print(f"  notice: {note}")
            figures = measure(browser, path, args.timeout)
            if figures is None:
                print(f"  not settled within {args.timeout:g} s")
                continue
            print(f"  interactive (layout settled, physics off) {figures['ready'] / 1000:.2f} s after navigation; "
                  f"search answered in {figures['search']:.0f} ms ({figures['matches']} listed); "
                  f"{figures['shown']} nodes shown")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
