"""One file, one module: the design card's folders (graph/, ontology/, importers/, queries/, viz/)
are imported as ``dutygraph.<folder>`` only — the top-level name is refused at run time and by
the lint rule, and pyright checks every folder (issue 26; docs/decisions/2026-12-07-top-level-folders.md)."""

from __future__ import annotations

import importlib
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from dutygraph._layout import refuse_other_names

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = sorted(p.name for p in (ROOT / "dutygraph").iterdir() if p.is_symlink())
SETTINGS = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]


def refusal(name: str) -> str:
    with pytest.raises(ImportError) as refused:
        refuse_other_names(name)
    return f"ImportError: {refused.value}"


def test_the_folders_are_the_symlinks_of_the_card():
    assert FOLDERS == ["graph", "importers", "ontology", "queries", "viz"]
    assert all((ROOT / "dutygraph" / f).resolve() == ROOT / f for f in FOLDERS)


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_top_level_name_is_refused_from_the_repository_root(folder):
    expected = refusal(folder)
    assert f"write `dutygraph.{folder}` where you wrote `{folder}`" in expected
    for statement in (f"import {folder}", f"from {folder} import __all__"):
        done = subprocess.run([sys.executable, "-c", statement], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode != 0 and done.stderr.strip().splitlines()[-1] == expected, (statement, done.stderr)


def test_every_sub_package_is_refused_under_its_top_level_name():
    # the guard is in each folder's own __init__, which Python runs before any module below it
    modules = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts) for f in FOLDERS
                     for p in (ROOT / f).rglob("*.py") if p.name != "__init__.py")
    script = ("import importlib\nfor name in %r:\n    try:\n        importlib.import_module(name)\n"
              "    except ImportError as e:\n        print(e)\n    else:\n        print('imported', name)\n") % modules
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert len(modules) > 50
    assert done.stdout.splitlines() == [refusal(m.partition(".")[0]).removeprefix("ImportError: ") for m in modules]


def test_the_package_path_imports_one_copy():
    convert = importlib.import_module("dutygraph.graph.convert")
    assert convert.to_networkx and not {"graph", "graph.convert", "ontology.model"} & set(sys.modules)
    done = subprocess.run([sys.executable, "-c", "import dutygraph.graph.convert, dutygraph.queries.diff, dutygraph.viz"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    module = subprocess.run([sys.executable, "-m", "dutygraph.queries.diff"], cwd=ROOT, capture_output=True, text=True)
    assert module.returncode == 0, module.stderr


def test_the_lint_rule_bans_the_top_level_names_and_nothing_imports_them(tmp_path):
    banned = SETTINGS["ruff"]["lint"]["flake8-tidy-imports"]["banned-api"]
    assert sorted(banned) == FOLDERS and "TID251" in SETTINGS["ruff"]["lint"]["select"]
    sample = tmp_path / "sample.py"
    sample.write_text("import graph.convert\nfrom queries import diff\n\n\ndef f():\n    from ontology.model import Corpus\n"
                      "    import dutygraph.viz\n    return graph, diff, Corpus, dutygraph\n", "utf-8")
    ruff = [sys.executable, "-m", "ruff", "check", "--config", str(ROOT / "pyproject.toml"), "--select", "TID251",
            "--output-format", "concise", "--no-cache"]
    found = subprocess.run([*ruff, str(sample)], capture_output=True, text=True)
    assert [line.split(" ", 2)[1:] for line in found.stdout.splitlines() if "TID251" in line] == [
        ["TID251", f"`{name}` is banned: import it as dutygraph.{name} (the top-level name is a second copy of the model)"]
        for name in ("graph", "queries", "ontology")]
    tree = subprocess.run([*ruff, str(ROOT)], capture_output=True, text=True, cwd=ROOT)
    assert tree.returncode == 0, tree.stdout


def test_pyright_checks_every_folder():
    assert set(SETTINGS["pyright"]["include"]) == {"dutygraph", *(f"dutygraph/{f}" for f in FOLDERS)}
