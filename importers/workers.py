"""Parsing many documents at once: a pool of worker processes for a big folder.

Parsing is pure Python and runs one document per core: :func:`map_documents` hands the
documents to ``workers`` processes and gives the results back in the order given, a failure
as its :class:`~dutygraph.errors.DocumentError` (so one bad file stops nothing). Below
:data:`PARALLEL_BYTES` of input, or with one worker, it runs in this process: starting workers
costs more than they save on a few documents. At most ``4 × workers`` documents are in flight,
so a folder's bytes are never all in memory at once.

>>> from functools import partial
>>> list(map_documents(partial(divmod, 7), [1, 2, 3], sizes=[1, 1, 1], workers=2))
[(7, 0), (3, 1), (2, 1)]
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

from dutygraph.errors import DocumentError

__all__ = ["PARALLEL_BYTES", "available_cores", "map_documents"]

PARALLEL_BYTES = 500_000
"""The input size from which documents are parsed in worker processes."""

T = TypeVar("T")
R = TypeVar("R")


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _guarded(fn: Callable[[T], R], job: T) -> R | DocumentError:
    try:
        return fn(job)
    except DocumentError as exc:
        return exc


def map_documents(fn: Callable[[T], R], jobs: Sequence[T], *, sizes: Sequence[int], workers: int,
                  on_start: Callable[[int], None] | None = None) -> Iterator[R | DocumentError]:
    """``fn(job)`` for each job, in order, in ``workers`` processes when the input is big.

    ``fn`` must be picklable (a module-level function or a :func:`functools.partial` of one);
    ``sizes`` are the jobs' input sizes in bytes; ``on_start(i)`` is called as job ``i`` starts
    (in this process; for a progress bar).
    """
    if workers <= 1 or len(jobs) < 2 or sum(sizes) < PARALLEL_BYTES:
        for i, job in enumerate(jobs):
            if on_start is not None:
                on_start(i)
            yield _guarded(fn, job)
        return
    context = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods()
                                          else "spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context) as pool:
        yield from _bounded(pool, fn, jobs, 4 * workers, on_start)


def _bounded(pool: ProcessPoolExecutor, fn: Callable[[T], R], jobs: Iterable[T], window: int,
             on_start: Callable[[int], None] | None) -> Iterator[R | DocumentError]:
    pending: deque[Future[R | DocumentError]] = deque()
    for i, job in enumerate(jobs):
        if on_start is not None:
            on_start(i)
        pending.append(pool.submit(_guarded, fn, job))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
