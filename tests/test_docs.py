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


SCHEMA_RUNS = {
    "workload": ["workload", "examples/"],
    "deps": ["deps", "examples/", *[a for p in ("pairs", "edges", "centrality", "brokers", "components", "communities",
                                                "groups") for a in ("--show", p)]],
    "targets": ["targets", "examples/", "--as-of", "2024-09-15", "--show", "deadline", "--show", "office",
                "--show", "no-target"],
    "progress": ["progress", "{seeds}", "--show", "status", "--show", "references", "--show", "unresolved"],
    "aliases": ["aliases", "examples/"],
    "office": ["office", "财务科", "examples/"],
    "leader": ["leader", "林晓", "examples/"],
    "diff": ["diff", "docs/examples/qingshan-2023-work-plan.txt", "examples/qingshan-2024-work-plan.txt"],
    "review": ["review", "examples/", "--as-of", "2024-09-15"],
    "chains": ["chains", "tests/documents/chains", *[a for p in ("links", "tasks", "unassigned", "orphans", "levels")
                                                    for a in ("--show", p)]],
}


def readme_keys() -> dict[tuple[str, str], list[str]]:
    """The README's table of JSON/CSV keys: (command, part) → keys ('' for a command's one list)."""
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme.split("| command | part | keys |", 1)[1].split("\n\n", 1)[0]
    found: dict[tuple[str, str], list[str]] = {}
    command = ""
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        command = cells[0].strip("`") or command
        keys = re.findall(r"`([a-z_]+)`", re.sub(r"\([^()]*\)", "", cells[2]))
        for part in re.findall(r"`([a-z_-]+)`", cells[1]) or [""]:
            found[(command, part)] = keys
    return found


def test_readme_lists_the_json_keys_of_every_query_command(seeds_dir):
    import json

    from click.testing import CliRunner

    documented = readme_keys()
    assert {c for c, _ in documented} == set(SCHEMA_RUNS)
    for command, args in SCHEMA_RUNS.items():
        args = [str(seeds_dir) if a == "{seeds}" else a for a in args]
        result = CliRunner().invoke(cli, [*args, "--format", "json"], env={"DUTYGRAPH_LANG": "zh"})
        assert result.exit_code == 0, (command, result.output)
        data = json.loads(result.output)
        for (name, part), keys in documented.items():
            if name != command:
                continue
            value = data if part == "" else data[part]
            shown = list(value) if isinstance(value, dict) else list(value[0]) if value else None
            assert shown is None or shown == keys, (command, part, shown, keys)
            assert shown is not None or part == "unresolved", (command, part)  # every documented part has rows here
