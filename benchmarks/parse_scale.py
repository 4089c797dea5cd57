"""Parsing time against document size: each large hostile document at full size and at a quarter.

usage: python benchmarks/parse_scale.py [--repro ../shared/repro] [--keep DIR]

Writes the large documents with ``../shared/repro/make-large.py`` (a 5 MB line, 100,000 short
lines, 50,000 outline lines, a one-line plan of 8,000 items, a plan of 10,000 items) and two
tables flattened to cell streams (:func:`flattened`: 8,000 rows one cell per line with ``|``
lines and group cells spanning rows; one cell per paragraph with the header repeated every 50
rows), cuts a quarter of each (at a line or an item boundary), and times :func:`dutygraph.importers.reading.parse`
on both in this process. Linear parsing costs about 4x at full size; the line says ``ok`` when
the ratio is at most 5x and prints the items found, so a wrong count shows too.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dutygraph.errors import DocumentError
from dutygraph.importers.reading import parse

LIMIT = 5.0
EXPECTED_ITEMS = {"items-10000.txt": 10_000, "one-line-8000-items.txt": 8_000,
                  "stream-pipes-8000-rows.txt": 8_000, "stream-paragraphs-8000-rows.txt": 8_000}


def flattened(rows: int, *, pipes: bool) -> str:
    """An invented task table as a crawl flattens it: one cell per line with ``|`` lines and a
    group cell before the number spanning three rows, or one cell per paragraph with the header
    repeated every 50 rows (a page break).

    >>> flattened(2, pipes=False).count("序号")
    1
    """
    header = ["重点任务", "具体要求", "责任科室", "完成时限"] if pipes else ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
    cells = list(header)
    for n in range(1, rows + 1):
        if pipes:
            cells += ([f"第{n}组重点任务"] if n % 3 == 1 else []) + [str(n), f"完成第{n}项工作，形成台账。", f"第{n % 40 + 1}科", "年底前"]
        else:
            cells += (header if n % 50 == 0 else []) + [str(n), f"新建社区服务站{n % 9 + 1}个。", "县民政局", "县财政局", "县住建局", "10月底前"]
    return "某局任务分解表\n" + ("\n|\n" if pipes else "\n\n").join(cells) + "\n"


def quarter(text: str) -> str:
    """The first quarter of a document, cut where a line or an item ends."""
    cut = len(text) // 4
    for boundary in ("\n", "）"):
        at = text.rfind(boundary, 0, cut)
        if at > len(text) // 8:
            return text[: at + 1]
    return text[:cut]


def timed(text: str, name: str) -> tuple[float, int | str]:
    gc.collect()
    started = time.perf_counter()
    try:
        items: int | str = sum(len(p.items) for p in parse(text, source=name).plans)
    except DocumentError as exc:
        items = f"refused: {exc.message}"
    return time.perf_counter() - started, items


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repro", default=str(Path(__file__).resolve().parents[2] / "shared" / "repro"))
    parser.add_argument("--keep", help="write the documents here instead of a temporary folder")
    args = parser.parse_args()
    make = Path(args.repro) / "make-large.py"
    if not make.is_file():
        print(f"parse_scale: {make} not found (give --repro)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.keep or tmp)
        subprocess.run([sys.executable, str(make), str(out)], check=True, stdout=subprocess.DEVNULL)
        print(f"{'document':26} {'size':>9} {'quarter s':>10} {'full s':>8} {'ratio':>6}  items")
        worst = 0.0
        (out / "stream-pipes-8000-rows.txt").write_text(flattened(8_000, pipes=True), "utf-8")
        (out / "stream-paragraphs-8000-rows.txt").write_text(flattened(8_000, pipes=False), "utf-8")
        for path in sorted(out.glob("*.txt")):
            text = path.read_text("utf-8")
            small, _ = timed(quarter(text), path.name)
            full, items = timed(text, path.name)
            ratio = full / small if small else float("inf")
            worst = max(worst, ratio)
            expected = EXPECTED_ITEMS.get(path.name)
            count = f"{items}" + ("" if expected is None else (" (right)" if items == expected else f" (expected {expected})"))
            mb = f"{len(text.encode()) / 1e6:.1f} MB"
            print(f"{path.name:26} {mb:>9} {small:10.2f} {full:8.2f} {ratio:5.1f}x  {count}"
                  + ("" if ratio <= LIMIT else f"  over {LIMIT:.0f}x"))
        verdict = "ok" if worst <= LIMIT else "superlinear"
        print(f"worst ratio {worst:.1f}x (linear is ~4x, the bar {LIMIT:.0f}x): {verdict}")
        return 0 if worst <= LIMIT else 1


if __name__ == "__main__":
    raise SystemExit(main())
