"""A cache of built plans, keyed by each file's bytes: re-reading a folder parses only what changed.

An entry is what :func:`~dutygraph.importers.read.read_file` built from one file, stored as JSON
under a key made of the file's SHA-256, its name (it joins the plans' identity), every option
that changes the result (input format, issuer, alias rules) and a digest of the importer's own
code, so that a new version of dutygraph never reuses an old entry. A damaged entry is dropped
and the file read again; a cache that cannot be written is simply not written.

>>> import tempfile
>>> from dutygraph.importers.read import read_all
>>> folder = tempfile.mkdtemp()
>>> cache = BuildCache(folder)
>>> from pathlib import Path
>>> plan = Path(folder) / "plan.txt"
>>> _ = plan.write_text("某县教育局2023年工作要点\\n1.扩充学位。（学前科牵头）\\n", encoding="utf-8")
>>> first = read_all([plan], cache=cache)
>>> cache.hits, cache.misses
(0, 1)
>>> again = read_all([plan], cache=cache)
>>> cache.hits, again.corpus == first.corpus
(1, True)
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from dutygraph.importers.assemble import PartySeen, PlanBuild
from dutygraph.ontology.model import Leader, Organization, Plan
from dutygraph.ontology.offices import AliasTable

__all__ = ["BuildCache", "default_cache_dir", "CACHE_ENV"]

CACHE_ENV = "DUTYGRAPH_CACHE_DIR"
"""Where the cache lives (default: ``$XDG_CACHE_HOME/dutygraph``, else ``~/.cache/dutygraph``)."""


def default_cache_dir() -> Path:
    """``$DUTYGRAPH_CACHE_DIR``, else the user's cache folder."""
    if folder := os.environ.get(CACHE_ENV):
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dutygraph"


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """A digest of the code that turns files into plans (any change gives a new one)."""
    digest = hashlib.sha256()
    for package in ("dutygraph.importers", "dutygraph.ontology"):
        for name, entry in _code_files(resources.files(package)):
            digest.update(name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


def _code_files(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    """The ``.py`` and ``.toml`` files under ``folder``, its sub-packages included, by name."""
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir() and entry.name != "__pycache__":
            yield from _code_files(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith((".py", ".toml")):
            yield f"{prefix}{entry.name}", entry


def _options_digest(format: str | None, issuer: str | None, aliases: AliasTable | None) -> str:
    rules = {} if aliases is None else {
        issuer_: {"stems": dict(r.stems), "names": dict(r.names), "not_party": sorted(r.not_party),
                  "collective": sorted(r.collective)} for issuer_, r in aliases.user_rules.items()
    }
    text = json.dumps([format, issuer, rules], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class BuildCache:
    """Built plans on disk under ``folder``; counts its ``hits`` and ``misses``."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_cache_dir()
        self.hits = 0
        self.misses = 0

    def _path(self, digest: str, name: str, *, format: str | None, issuer: str | None,
              aliases: AliasTable | None) -> Path:
        key = hashlib.sha256(
            "\x1f".join((digest, name, _code_digest(), _options_digest(format, issuer, aliases))).encode("utf-8")
        ).hexdigest()
        return self.folder / key[:2] / f"{key}.json"

    def get(self, digest: str, name: str, **options: Any) -> list[PlanBuild] | None:
        """The plans built before from these bytes under this name and these options, if any."""
        path = self._path(digest, name, **options)
        try:
            data = json.loads(path.read_text("utf-8"))
            builds = [_from_json(entry) for entry in data]
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError, KeyError, TypeError):  # damaged: read the file again
            path.unlink(missing_ok=True)
            self.misses += 1
            return None
        self.hits += 1
        return builds

    def put(self, digest: str, name: str, builds: list[PlanBuild], **options: Any) -> None:
        """Store the plans built from a file (silently skipped when the folder is not writable)."""
        path = self._path(digest, name, **options)
        text = json.dumps([_to_json(b) for b in builds], ensure_ascii=False, separators=(",", ":"))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".entry.")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except OSError:
            return


def _to_json(build: PlanBuild) -> dict[str, Any]:
    return {
        "plan": build.plan.model_dump(mode="json"),
        "organizations": [o.model_dump(mode="json") for o in build.organizations],
        "parties": [asdict(p) for p in build.parties],
        "leaders": [leader.model_dump(mode="json") for leader in build.leaders],
    }


def _from_json(entry: dict[str, Any]) -> PlanBuild:
    return PlanBuild(
        Plan.model_validate(entry["plan"]),
        [Organization.model_validate(o) for o in entry["organizations"]],
        [PartySeen(**p) for p in entry["parties"]],
        [Leader.model_validate(leader) for leader in entry["leaders"]],
    )
