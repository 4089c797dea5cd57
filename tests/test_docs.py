"""Docstring examples run, the public modules import, and the README names every command."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import dutygraph
from dutygraph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(  # every module of the installed package, sub-packages found as they are on disk
    name for name in ["dutygraph"] + [m.name for m in pkgutil.walk_packages(dutygraph.__path__, "dutygraph.")]
    if not name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text("utf-8")
    for command in cli.commands:
        assert re.search(rf"dutygraph {command}\b", readme), f"README does not show `dutygraph {command}`"


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "make test" in readme and "make test" in ci
    assert dutygraph.__doc__
