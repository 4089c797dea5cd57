"""A progress bar on standard error while documents are read, for reads that take a while.

It appears once reading has taken :data:`DELAY` seconds, only when standard error is a
terminal, and never with ``--quiet``; it is gone (transient) once reading ends, so output
that follows is not mixed with it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

__all__ = ["DELAY", "QUIET", "reading_progress"]

DELAY = 2.0
"""Seconds of reading before the bar is shown."""

QUIET: ContextVar[bool] = ContextVar("dutygraph_quiet", default=False)
"""Set by ``-q/--quiet``."""


@contextmanager
def reading_progress() -> Iterator[Any]:
    """Yields an ``on_file(done, total, path)`` callback for :func:`~dutygraph.importers.reading.read` (``ReadOptions.progress``)."""
    if QUIET.get() or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from dutygraph.i18n import t

    started = time.monotonic()
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TextColumn("{task.fields[name]}"), console=Console(stderr=True), transient=True)
    task = None

    def on_file(done: int, total: int, path: Path) -> None:
        nonlocal task
        if task is None and time.monotonic() - started >= DELAY:
            bar.start()
            task = bar.add_task(t("progress.reading"), total=total, name="")
        if task is not None:
            bar.update(task, completed=done, name=path.name)

    try:
        yield on_file
    finally:
        if task is not None:
            bar.stop()
