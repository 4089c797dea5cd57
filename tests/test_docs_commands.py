"""Every shell command of the README and the user guide runs as written on a fresh clone.

The fenced ``sh`` blocks of ``README.md``, ``docs/guide/*.md`` and the reference pages that show
commands (``docs/reference/linked-data.md``, ``neo4j.md``) are run block by block in the
order of their page, in a copy of what the documentation names (``examples/``, ``docs/``,
``tests/documents/``); a page's blocks share one working folder, so a block may use what an
earlier one wrote (``out/plans.dg``), and the test session's build cache is shared, so a folder is
parsed once for all pages.

- ``dutygraph …`` lines (about sixty) run in this process, through the same ``dutygraph.cli``
  the installed script calls (``click.testing.CliRunner``: seconds instead of a minute of
  interpreter start-ups); a ``> FILE`` after one writes its output there. Lines ``NAME=value``
  set a variable (``$NAME`` in later lines of the block); any other line (``ls``) runs in
  ``bash -e`` with the installed ``dutygraph`` first on ``PATH``.
- The README's first command also runs through the installed ``dutygraph`` script itself, as a
  newcomer would run it.

What a block cannot do here is written in it, visibly, as a comment line the test reads::

    # needs: neo4j    a Neo4j server (tests/test_neo4j_*.py start one and cover these commands)
    # needs: app      the workbench, which serves until stopped (tests/test_workbench*.py)
    # needs: shared   the shared corpora beside the project (../shared): skipped with the reason
                      when absent, a failure under CI=true (tests/seeds.py)

Set-up lines are not run: ``make …`` (CI runs ``make lint`` and ``make test`` itself) and
``. .venv/bin/activate`` (the test puts the installed ``dutygraph`` on ``PATH``). The pages are
read as after ``make demo``, which makes the ``out/`` folder the examples write into.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from dutygraph.cli import cli
from seeds import locate_seeds, shared

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs" / "guide").glob("*.md")),
         *(ROOT / "docs" / "reference" / name for name in ("linked-data.md", "neo4j.md"))]
COPIED = ("examples", "docs", "tests/documents")
NEEDS = {"neo4j": "a Neo4j server (tests/test_neo4j_*.py start one and run these commands' code)",
         "app": "the workbench, which serves until stopped (tests/test_workbench*.py cover it)",
         "shared": "the shared corpora beside the project"}
SETUP = re.compile(r"^\s*(make\b|\.\s+\.venv/bin/activate|source\s+\.venv/bin/activate)")
FENCE = re.compile(r"^```(\w*)\s*$")


@dataclass
class Block:
    """One fenced shell block: where it is, its text and what it needs."""

    page: Path
    line: int
    text: str
    needs: set[str] = field(default_factory=set)

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def shell_blocks(page: Path) -> list[Block]:
    """The ``sh`` blocks of a page, set-up lines left out, with their ``# needs:`` comments."""
    blocks: list[Block] = []
    lines = page.read_text("utf-8").splitlines()
    i = 0
    while i < len(lines):
        fence = FENCE.match(lines[i])
        if not fence:
            i += 1
            continue
        start, body = i + 1, []
        i += 1
        while not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        i += 1
        if fence.group(1) not in ("sh", "bash", "shell"):
            continue
        needs = {n for line in body for n in re.findall(r"^\s*#\s*needs:\s*([a-z0-9]+)", line)}
        unknown = needs - set(NEEDS)
        assert not unknown, f"{page.name}:{start}: unknown `# needs:` {unknown} (known: {sorted(NEEDS)})"
        text = "\n".join(line for line in body if not SETUP.match(line))
        if text.strip():
            blocks.append(Block(page, start, text, needs))
    return blocks


BLOCKS = [block for page in PAGES for block in shell_blocks(page)]


class PageRun:
    """A page's blocks run in order in one working folder, each once, whatever order pytest asks."""

    def __init__(self, page: Path, folder: Path):
        self.blocks = [b for b in BLOCKS if b.page == page]
        self.folder = folder
        self.results: dict[int, subprocess.CompletedProcess[str] | str] = {}

    def result(self, block: Block) -> subprocess.CompletedProcess[str] | str:
        for earlier in self.blocks:
            if earlier.line not in self.results:
                self.results[earlier.line] = self._run(earlier)
            if earlier is block:
                break
        return self.results[block.line]

    def _run(self, block: Block) -> subprocess.CompletedProcess[str] | str:
        if block.needs & {"neo4j", "app"}:
            return "needs " + " and ".join(NEEDS[n] for n in sorted(block.needs & {"neo4j", "app"}))
        if "shared" in block.needs and not (self.folder.parent / "shared").exists():
            return "missing shared"
        variables: dict[str, str] = {}
        done = subprocess.CompletedProcess(block.text, 0, "", "")
        for line in logical_lines(block.text):
            words = shlex.split(line, comments=True)
            if not words:
                continue
            if len(words) == 1 and re.fullmatch(r"[A-Za-z_]\w*=.*", words[0]):
                name, value = words[0].split("=", 1)
                variables[name] = value
                continue
            if words[0] != "dutygraph":
                done = self._bash(line, variables)
            else:
                done = self._in_process([expand(w, variables) for w in words[1:]], line)
            done.stdout = f"$ {line}\n{done.stdout}"
            if done.returncode != 0:
                break
        return done

    def _bash(self, text: str, variables: dict[str, str]) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, **variables,
               "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        env.pop("DUTYGRAPH_LANG", None)  # the documentation shows the default language, Chinese
        return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", text], cwd=self.folder, env=env,
                              capture_output=True, text=True, timeout=300)

    def _in_process(self, args: list[str], line: str) -> subprocess.CompletedProcess[str]:
        output = None
        if len(args) >= 2 and args[-2] == ">":
            args, output = args[:-2], args[-1]
        assert ">" not in args and "|" not in args, f"{line}: only `> FILE` is supported after a dutygraph command"
        here = os.getcwd()
        os.chdir(self.folder)
        try:
            result = CliRunner().invoke(cli, args, env={"DUTYGRAPH_LANG": None}, prog_name="dutygraph")
        finally:
            os.chdir(here)
        stderr = result.stderr
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            stderr += "".join(traceback.format_exception(result.exception))
        if output is not None:
            (self.folder / output).write_text(result.stdout, "utf-8")
        return subprocess.CompletedProcess(args, result.exit_code, result.stdout, stderr)


def logical_lines(text: str) -> list[str]:
    """The block's lines, a line ending in a backslash joined to the next."""
    return text.replace("\\\n", " ").splitlines()


def expand(word: str, variables: dict[str, str]) -> str:
    """``$NAME`` and ``${NAME}`` of the block's variables."""
    return re.sub(r"\$\{?([A-Za-z_]\w*)\}?", lambda m: variables.get(m.group(1), m.group(0)), word)


@pytest.fixture(scope="module")
def page_runs(tmp_path_factory) -> dict[Path, PageRun]:
    runs = {}
    for n, page in enumerate(PAGES):
        base = tmp_path_factory.mktemp(f"clone{n}")
        folder = base / "dutygraph"
        for name in COPIED:
            shutil.copytree(ROOT / name, folder / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", ".dutygraph-cache"))
        (folder / "out").mkdir()  # the documentation runs after `make demo`, which makes it
        if locate_seeds().parent.is_dir():
            (base / "shared").symlink_to(locate_seeds().parent, target_is_directory=True)
        runs[page] = PageRun(page, folder)
    return runs


def test_there_are_commands_to_run():
    assert {b.page for b in BLOCKS} == set(PAGES), "a page of the guide without a shell example"
    assert sum(not b.needs for b in BLOCKS) >= 20


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_documented_commands_run(block: Block, page_runs):
    result = page_runs[block.page].result(block)
    if result == "missing shared":
        shared()  # skips with the reason, or fails under CI=true
    if isinstance(result, str):
        pytest.skip(f"{block.id}: {result}")
    assert result.returncode == 0, (f"{block.id}: exit {result.returncode}\n{block.text}\n"
                                    f"--- stdout\n{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}")


def test_the_installed_script_runs_the_readme_tour():
    """The README's first ``dutygraph`` command, through the installed script in a fresh shell."""
    tour = next(b for b in BLOCKS if b.page.name == "README.md" and "dutygraph " in b.text)
    first = next(line for line in logical_lines(tour.text) if line.startswith("dutygraph "))
    script = shutil.which("dutygraph", path=str(Path(sys.executable).parent))
    assert script, "the dutygraph script is not installed beside this Python"
    run = PageRun(tour.page, ROOT)._bash(first, {})
    assert run.returncode == 0 and "青山市教育局2024年工作要点" in run.stdout, (first, run.stdout, run.stderr)
