"""The dependencies pyproject.toml declares are the ones the library imports, and the other way round
(issue 26: one was declared and never imported, another imported and not declared)."""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import sys
import tomllib
from pathlib import Path

import dutygraph

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
# declared and never imported by name: another dependency loads them
LOADED_BY_ANOTHER = {
    "neo4j-rust-ext": "the neo4j driver loads its Rust extension itself when it is installed",
    "python-multipart": "Starlette parses the workbench's uploads (request.form()) with it",
}


def normalised(distribution: str) -> str:
    """A distribution's name as PEP 503 compares it: ``PyYAML`` → ``pyyaml``, ``pdfminer.six`` → ``pdfminer-six``."""
    return re.sub(r"[-_.]+", "-", distribution).lower()


def declared() -> set[str]:
    """The library's dependencies and its optional extras (not the test tools nor the docs site's)."""
    requirements = PROJECT["dependencies"] + [r for extra, rs in PROJECT["optional-dependencies"].items()
                                              if extra not in ("test", "docs") for r in rs]
    return {normalised(re.split(r"[^A-Za-z0-9._-]", r, maxsplit=1)[0]) for r in requirements}


def imported() -> dict[str, str]:
    """Every third-party top-level name the library imports → the first module importing it (the
    symlinked folders dutygraph/graph → ../graph, … included)."""
    found: dict[str, str] = {}
    for folder, _, files in os.walk(Path(dutygraph.__file__).parent, followlinks=True):
        for file in sorted(f for f in files if f.endswith(".py")):
            path = Path(folder, file)
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.partition(".")[0]
                    if top not in sys.stdlib_module_names and top != "dutygraph":
                        found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_every_import_of_the_library_is_a_declared_dependency():
    distributions = importlib.metadata.packages_distributions()
    names = imported()
    assert {"pdfminer", "rapidfuzz", "yaml"} <= set(names)  # the walk reaches every package
    undeclared = {name: (where, distributions.get(name)) for name, where in names.items()
                  if not {normalised(d) for d in distributions.get(name, [])} & declared()}
    assert not undeclared, f"imported but not declared in pyproject.toml (name: (module, distribution)): {undeclared}"


def test_every_declared_dependency_is_imported():
    distributions = importlib.metadata.packages_distributions()
    used = {normalised(d) for name in imported() for d in distributions.get(name, [])}
    unused = declared() - used - set(LOADED_BY_ANOTHER)
    assert not unused, f"declared in pyproject.toml and never imported by the library: {sorted(unused)}"
    assert set(LOADED_BY_ANOTHER) <= declared() - used  # no stale excuse
