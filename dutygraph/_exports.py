"""A package's public names, each loaded from its module on first use (PEP 562).

Each package's ``__init__`` names its public API in one table, name → module, so that
``from dutygraph.queries import office_workload`` works while ``import dutygraph.queries.scope``
(or ``dutygraph --help``) loads nothing else. ``tests/test_public_api.py`` checks every table.

>>> getattr_, dir_ = lazy_exports("dutygraph.ontology", {"Corpus": "model"})
>>> getattr_("Corpus").__name__, dir_()
('Corpus', ['Corpus'])
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, names: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``, whose public ``names`` live in the
    submodules given (``{"read": "read"}``: ``package.read.read``)."""

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    def __dir__() -> list[str]:
        return sorted(names)

    return __getattr__, __dir__
