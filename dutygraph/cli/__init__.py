"""The ``dutygraph`` command line: thin wrappers over the library, one module per family.

The library raises; :func:`main` alone prints and chooses the exit status: 0 on success,
2 on bad input or usage (one line, ``file:line: message``), never a traceback.
"""

from dutygraph.cli import (  # noqa: F401  (registers)
    blocks,
    calendar,
    chains,
    changes,
    corpus,
    linked,
    network,
    notices,
    pages,
    profiles,
    queries,
    review,
    store,
    supervision,
    workbench,
)
from dutygraph.cli.app import cli, main

__all__ = ["cli", "main"]
