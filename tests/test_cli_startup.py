"""Building the command line loads no heavy library: ``dutygraph --help`` stays quick.

The figure itself (``dutygraph --help`` against ``python -c pass``) is in ``benchmarks/run.py``;
these tests check the cause: which modules the start-up imports, and that the option names the
command line spells out are the library's own.
"""

from __future__ import annotations

import subprocess
import sys

from dutygraph.cli import choices
from dutygraph.graph.exports import EXPORT_FORMATS
from dutygraph.importers.cache import CACHE_ENV
from dutygraph.importers.structure.formats import INPUT_FORMATS
from dutygraph.queries.workload import OVERLOAD_RULES

HEAVY = ("rdflib", "networkx", "pydantic", "neo4j", "lxml", "pdfplumber", "pypdfium2", "docx", "pyvis", "opencc")


def test_the_option_names_are_the_librarys():
    assert choices.INPUT_FORMATS == INPUT_FORMATS
    assert choices.EXPORT_FORMATS == tuple(EXPORT_FORMATS)
    assert choices.OVERLOAD_RULES == OVERLOAD_RULES
    assert choices.CACHE_ENV == CACHE_ENV


def _loaded_by(code: str) -> list[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return [m for m in out.splitlines()[-1].split() if m in HEAVY]  # the last line: after the help text


def test_help_imports_no_heavy_library():
    code = "from dutygraph.cli import cli\ntry:\n    cli(['--help'])\nexcept SystemExit:\n    pass"
    assert _loaded_by(code) == []


def test_a_command_loads_what_it_uses():
    # the probe's own check: a command that builds a graph does load networkx
    code = ("from dutygraph.cli import cli\ntry:\n    cli(['workload', '--help'])\nexcept SystemExit:\n    pass\n"
            "from dutygraph.graph.convert import to_networkx")
    assert "networkx" in _loaded_by(code)


def test_the_networkx_path_imports_no_rdflib():
    assert "rdflib" not in _loaded_by("import dutygraph.graph.convert, dutygraph.queries.workload, dutygraph.viz.page")
