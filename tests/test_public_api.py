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
