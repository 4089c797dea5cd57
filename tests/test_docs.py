"""Docstring examples run, the public modules import, and the documentation shows every command."""

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


def test_every_command_is_shown_in_a_documented_example():
    """Every command has a shell example in the README or the user guide (run by test_docs_commands),
    and every sub-command (``corrections template``, ``neo4j push`` …) one in the documentation."""
    from test_docs_commands import BLOCKS, shell_blocks

    run = "\n".join(block.text for block in BLOCKS)
    everywhere = "\n".join(block.text for page in sorted((ROOT / "docs").rglob("*.md")) for block in shell_blocks(page))
    for name, command in cli.commands.items():
        assert re.search(rf"dutygraph {name}\b", run), f"no example of `dutygraph {name}` in the README or the guide"
        for sub in getattr(command, "commands", {}):
            assert re.search(rf"dutygraph {name} {sub}\b", everywhere), f"no example of `dutygraph {name} {sub}`"


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert all(f"make {step}" in readme and f"make {step}" in ci for step in ("lint", "test"))
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
    """The table of JSON/CSV keys (docs/reference/keys.md): (command, part) → keys ('' for a command's one list)."""
    readme = (ROOT / "docs" / "reference" / "keys.md").read_text("utf-8")
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


def test_reference_lists_the_json_keys_of_every_query_command(seeds_dir):
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
