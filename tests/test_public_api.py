"""Each package's public names: what ``__all__`` says is what it gives and what the docs list."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["dutygraph.importers", "dutygraph.ontology", "dutygraph.graph", "dutygraph.queries", "dutygraph.viz"]


def _documented() -> dict[str, list[str]]:
    text = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    section = text.split("## Public API", 1)[1].split("\n## ", 1)[0]
    return {m.group(1): re.findall(r"`(\w+)`", m.group(2))
            for m in re.finditer(r"^- `([\w.]+)`: (.*)$", section, flags=re.M)}


@pytest.mark.parametrize("name", PACKAGES)
def test_all_is_the_documented_api(name):
    package = importlib.import_module(name)
    assert package.__all__ == sorted(package.__all__)
    assert package.__all__ == _documented()[name]
    assert dir(package) == package.__all__


@pytest.mark.parametrize("name", PACKAGES)
def test_every_public_name_resolves_to_its_modules_own(name):
    package = importlib.import_module(name)
    for attr in package.__all__:
        value = getattr(package, attr)
        home = getattr(value, "__module__", None)
        if home is not None and not isinstance(value, (tuple, dict, frozenset)):
            assert home.startswith(name), (attr, home)
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        package.nope  # noqa: B018


def test_every_package_documents_itself():
    for name in [*PACKAGES, "dutygraph", "dutygraph.cli"]:
        doc = importlib.import_module(name).__doc__ or ""
        assert len(doc.split()) > 20, name


def _submodules(package: str) -> list[str]:
    root = Path(importlib.import_module(package).__file__ or "").parent
    names = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if "__pycache__" in parts or any(p.startswith(".") for p in parts):
            continue
        names.append(".".join((package, *(parts[:-1] if parts[-1] == "__init__" else parts))))
    return names


@pytest.mark.parametrize("name", [*PACKAGES, "dutygraph"])
def test_no_public_name_is_shadowed_by_a_submodule(name):
    """``from dutygraph.importers import read`` gives the function even after every submodule
    (``dutygraph.importers.reading`` …) has been imported, which sets them on their package."""
    import types

    package = importlib.import_module(name)
    face = getattr(package, "__all__", ())
    for module in _submodules(name) if face else ():
        if not module.endswith("__main__"):
            importlib.import_module(module)
    for attr in face:
        assert not isinstance(getattr(package, attr), types.ModuleType), (name, attr)
