"""Server time of the workbench's pages on a stored corpus of 100× the seeds (target: < 300 ms a page).

Writes the synthetic corpus of ``corpus.py`` at ``--scale`` (one unit ≈ the five seed documents),
stores it as a ``.dg`` file, opens ``dutygraph app`` on it in this process (uvicorn on a free
port of 127.0.0.1) and asks for every kind of page: the first visit (which computes the figures
the page needs) and then ``--repeat`` more, reporting the server's own time per page from its
``Server-Timing`` header (the network and the browser are left out). Then it makes one
correction through the page's form and times that answer and the first page after it.

    .venv/bin/python benchmarks/workbench_pages.py
    .venv/bin/python benchmarks/workbench_pages.py --scale 10 --repeat 3
"""

from __future__ import annotations

import argparse
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from corpus import write

from dutygraph.graph.stored import dump_corpus
from dutygraph.importers.reading import ReadOptions, read
from dutygraph.importers.workers import available_cores
from dutygraph.workbench.data import Workbench
from dutygraph.workbench.server import create_app

TARGET_MS = 300.0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # the 303 after a POST is the answer timed
        return None


def server_ms(url: str, data: bytes | None = None) -> tuple[float, str]:
    """The server's time for one request (``Server-Timing: app;dur=…``) and the body."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        answer = opener.open(urllib.request.Request(url, data=data, method="POST" if data else "GET"))
    except urllib.error.HTTPError as exc:  # the 303 of a form
        answer = exc
    with answer:
        body = answer.read().decode("utf-8", "replace")
        timing = answer.headers.get("server-timing", "")
    found = re.search(r"dur=([\d.]+)", timing)
    if not found:
        sys.exit(f"no Server-Timing on {url} ({answer.status})")
    return float(found.group(1)), body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100, help="multiple of the seeds (default 100)")
    parser.add_argument("--repeat", type=int, default=5, help="visits per page after the first (default 5)")
    args = parser.parse_args()
    import uvicorn

    with tempfile.TemporaryDirectory(prefix="dutygraph-bench-app-") as tmp:
        folder = Path(tmp) / "docs"
        size = write(folder, scale=args.scale)
        started = time.perf_counter()
        reading = read([folder], ReadOptions(workers=available_cores()))
        stored = Path(tmp) / "corpus.dg"
        stored.write_text(dump_corpus(reading.corpus), encoding="utf-8")
        corpus = reading.corpus
        items = sum(len(p.items) for p in corpus.plans)
        print(f"corpus: {len(corpus.plans)} documents, {size / 1e6:.1f} MB, {items} items, {len(corpus.parties)} parties "
              f"(read and stored in {time.perf_counter() - started:.1f} s)")

        started = time.perf_counter()
        bench = Workbench([str(stored)])
        print(f"workbench opened the stored corpus in {time.perf_counter() - started:.2f} s")
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        port = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(bench, port=port), log_level="warning", lifespan="off"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"

        snap = bench.current()
        busiest = snap.workload()[0]
        item = busiest.items[0].item
        org = snap.parties[busiest.party].issuer
        pages = {
            "overview": "/", "offices": "/offices", "leaders": "/leaders", "items": "/items", "plans": "/plans",
            "items overdue": "/items?tier=overdue", "office": f"/office/{busiest.party}", "item": f"/item/{item}",
            "rows behind a number": f"/items?office={busiest.party}&role=lead", "search 教育": "/search?q=" + urllib.parse.quote("教育"),
            "review": "/review", "network (issuer)": f"/network?issuer={org}", "network (office)": f"/network?office={busiest.party}",
            "documents": "/documents", "plan": f"/plan/{snap.corpus.plans[0].id}",
        }
        print(f"\n{'page':<22} {'first ms':>9} {'median ms':>10} {'max ms':>8}")
        worst = 0.0
        for name, path in pages.items():
            first, _ = server_ms(base + path)
            later = [server_ms(base + path)[0] for _ in range(args.repeat)]
            worst = max(worst, statistics.median(later))
            print(f"{name:<22} {first:>9.1f} {statistics.median(later):>10.1f} {max(later):>8.1f}")

        _, page = server_ms(base + f"/item/{item}")
        token = re.search(r'name="csrf" value="([^"]+)"', page)
        assert token
        form = urllib.parse.urlencode({"csrf": token.group(1), "op": "set_status", "status": "behind"}).encode()
        corrected, _ = server_ms(base + f"/item/{item}/correct", form)
        after, _ = server_ms(base + "/")
        print(f"\na correction (written, applied to {items} items): {corrected:.1f} ms; the overview after it: {after:.1f} ms")
        print(f"slowest page (median of repeat visits): {worst:.1f} ms — target < {TARGET_MS:.0f} ms: "
              f"{'met' if worst < TARGET_MS else 'MISSED'}")
        server.should_exit = True
        thread.join(timeout=10)


if __name__ == "__main__":
    main()
