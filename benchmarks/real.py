"""The real seeds at a multiple of their size: each seed copied ``scale`` times.

Every copy gets its own name and differs from the others by its trailing blank lines (the
importer reads the same bytes under two names once), so ``scale`` × the seeds gives
``scale`` × their plans, items and text, with the seeds' own density of text, offices and
links — which the synthetic corpus (:mod:`corpus`) does not have. Nothing is written into the
project: the copies go to a scratch folder.

>>> import tempfile, pathlib
>>> src = pathlib.Path(tempfile.mkdtemp()); _ = (src / "a.txt").write_text("甲\\n", encoding="utf-8")
>>> out = write(pathlib.Path(tempfile.mkdtemp()) / "x", scale=3, sources=src)
>>> sorted(p.name for p in out.iterdir())
['a-0000.txt', 'a-0001.txt', 'a-0002.txt']
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["SEEDS", "write"]

SEEDS = Path(os.environ.get("DUTYGRAPH_SEEDS", Path(__file__).resolve().parents[2] / "shared" / "seeds"))


def write(folder: Path, *, scale: int, sources: Path = SEEDS) -> Path:
    """``scale`` copies of every document of ``sources`` in ``folder`` (made)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(p for p in sources.iterdir() if p.is_file()):
        data = path.read_bytes()
        for k in range(scale):
            (folder / f"{path.stem}-{k:04d}{path.suffix}").write_bytes(data + b"\n" * k)
    return folder
