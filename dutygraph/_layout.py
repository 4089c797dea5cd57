"""The design card's folders are packages under one name only: ``dutygraph.<folder>``.

``graph/``, ``ontology/``, ``importers/``, ``queries/`` and ``viz/`` sit at the top of the
repository and join the package through relative symlinks (``dutygraph/graph -> ../graph``, …).
From the repository root ``import graph`` would find the folder too and load its modules a second
time under other names: a second ``Corpus`` class, a second cache, ``isinstance`` checks that
fail. Each folder's ``__init__`` calls :func:`refuse_other_names` with its ``__name__``, so that
path fails at once, saying what to write (``docs/decisions/2026-12-07-top-level-folders.md``).

>>> refuse_other_names("dutygraph.graph")
>>> refuse_other_names("graph")
Traceback (most recent call last):
ImportError: the package `graph` is imported as `dutygraph.graph`: write `dutygraph.graph` where you wrote `graph` (`from dutygraph.graph import ...`); under another name its modules would load a second time, with a second copy of the model
"""

from __future__ import annotations

__all__ = ["refuse_other_names"]


def refuse_other_names(name: str) -> None:
    """Raise :class:`ImportError` unless the package ``name`` is imported as ``dutygraph.<folder>``."""
    folder = name.rpartition(".")[2]
    if name != f"dutygraph.{folder}":
        raise ImportError(f"the package `{name}` is imported as `dutygraph.{folder}`: write `dutygraph.{folder}` where you "
                          f"wrote `{name}` (`from dutygraph.{folder} import ...`); under another name its modules would "
                          "load a second time, with a second copy of the model")
