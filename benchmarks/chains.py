"""Precision and recall of the links across levels on the invented chains, and the thresholds behind them.

usage: python benchmarks/chains.py [FOLDER …]

Each folder (default: ``tests/documents/chains`` and ``tests/documents/chains-water``) holds
invented plans of several levels and a ``gold.toml`` listing the links a reader draws between
their items (``[lower file, lower ref, higher file, higher ref]``); every other pair is not a
link. The script reads each folder as ``dutygraph chains`` does, compares the links found with
the gold ones, and prints precision and recall per folder and over all, then the same figures
with the restatement thresholds (:data:`dutygraph.ontology.chains.THRESHOLDS`) moved up and
down, which is how they were chosen: the figures stay at 1.0 over a band of values, and the
thresholds sit inside it. It also checks that every link found cites both passages (a file and
line for each item) and prints how many do not.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dutygraph.importers.reading import read  # noqa: E402
from dutygraph.ontology import chains  # noqa: E402
from dutygraph.ontology.model import Corpus, display_ref  # noqa: E402

FOLDERS = (ROOT / "tests" / "documents" / "chains", ROOT / "tests" / "documents" / "chains-water")

Link = tuple[str, str, str, str]


def gold(folder: Path) -> set[Link]:
    """The links ``folder/gold.toml`` lists."""
    data = tomllib.loads((folder / "gold.toml").read_text("utf-8"))
    return {tuple(row) for row in data["links"]}  # type: ignore[misc]


def found(corpus: Corpus) -> tuple[set[Link], int]:
    """The links in ``corpus`` as (lower file, lower ref, higher file, higher ref), and how many
    lack a passage at either end."""
    where: dict[str, tuple[str, str, bool]] = {}
    for plan in corpus.plans:
        by_id = {i.id: i for i in plan.items}
        for item in plan.items:
            where[item.id] = (plan.source.name, display_ref(item, by_id), bool(item.span.text and item.span.line))
    links, uncited = set(), 0
    for plan in corpus.plans:
        for item in plan.items:
            for link in item.derived_from:
                lower, higher = where[item.id], where[link.target]
                links.add((lower[0], lower[1], higher[0], higher[1]))
                uncited += not (lower[2] and higher[2] and link.evidence)
    return links, uncited


def score(expected: set[Link], got: set[Link]) -> tuple[float, float]:
    """(precision, recall); 1.0 where there is nothing to find or nothing found."""
    hits = len(expected & got)
    return (hits / len(got) if got else 1.0), (hits / len(expected) if expected else 1.0)


def measure(folders: list[Path]) -> tuple[dict[str, tuple[float, float, int, int]], int]:
    """Per folder and over all: (precision, recall, links found, gold links); and the links
    found without both passages."""
    rows, all_expected, all_got, uncited = {}, set(), set(), 0
    for folder in folders:
        expected = {(folder.name, *link) for link in gold(folder)}
        got, missing = found(chains.chain(read([folder]).whole()))
        got = {(folder.name, *link) for link in got}
        uncited += missing
        rows[folder.name] = (*score(expected, got), len(got), len(expected))
        all_expected |= expected
        all_got |= got
    rows["all"] = (*score(all_expected, all_got), len(all_got), len(all_expected))
    return rows, uncited


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or list(FOLDERS)
    rows, uncited = measure(folders)
    print(f"{'set':<24}{'precision':>10}{'recall':>8}{'found':>7}{'gold':>6}")
    for name, (p, r, n, g) in rows.items():
        print(f"{name:<24}{p:>10.3f}{r:>8.3f}{n:>7}{g:>6}")
    print(f"links without both passages cited: {uncited}")
    print("\nthresholds moved (cites: plans that cite each other; theme: plans sharing a theme only):")
    print(f"{'cites':>6}{'theme':>7}{'precision':>11}{'recall':>8}")
    base = dict(chains.THRESHOLDS)
    try:
        for cites in (0.4, 0.5, 0.55, base["cites"], 0.65, 0.7, 0.8):
            for theme in (0.6, base["theme"], 0.8, 0.9):
                chains.THRESHOLDS.update(cites=cites, theme=theme)
                p, r, _, _ = measure(folders)[0]["all"]
                mark = "  ← in use" if (cites, theme) == (base["cites"], base["theme"]) else ""
                print(f"{cites:>6.2f}{theme:>7.2f}{p:>11.3f}{r:>8.3f}{mark}")
    finally:
        chains.THRESHOLDS.update(base)
    p, r, _, _ = rows["all"]
    return 0 if p >= 0.9 and r >= 0.9 and not uncited else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
