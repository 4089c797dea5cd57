"""The seed documents (``../shared/seeds``) for the tests, found once per session.

``tests/conftest.py`` (or a test module) imports them::

    from seeds import seeds_dir, seed  # noqa: F401

``seeds_dir`` is a session fixture giving the folder; ``seed("004")`` gives the path of the one
seed whose name starts with ``004``. The folder is ``$DUTYGRAPH_SEEDS`` when set, else
``shared/seeds`` next to the project. When it is missing, the tests that need it are skipped
with the reason, unless ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

__all__ = ["SEEDS_ENV", "locate_seeds", "seed", "seeds_dir", "shared"]

SEEDS_ENV = "DUTYGRAPH_SEEDS"


def locate_seeds() -> Path:
    """Where the seeds should be: ``$DUTYGRAPH_SEEDS``, else ``<project>/../shared/seeds``."""
    override = os.environ.get(SEEDS_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _missing(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the seeds are required)", pytrace=False)
    pytest.skip(reason)


def _seeds_dir() -> Path:
    folder = locate_seeds()
    if not folder.is_dir():
        _missing(f"seed documents not found at {folder} (set {SEEDS_ENV} to their folder)")
    return folder


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The folder of seed documents (skips, or fails under ``CI=true``, when it is missing)."""
    return _seeds_dir()


def seed(prefix: str) -> Path:
    """The path of the one seed whose file name starts with ``prefix`` (e.g. ``"004"``).

    Call it inside a test or fixture: a missing folder skips (or fails under ``CI=true``), and a
    prefix matching no seed, or several, fails.
    """
    matches = sorted(path for path in _seeds_dir().iterdir() if path.name.startswith(prefix))
    if len(matches) != 1:
        pytest.fail(f"expected one seed starting with {prefix!r}, found {[p.name for p in matches]}")
    return matches[0]


def shared(*parts: str) -> Path:
    """A path under ``shared/`` beside the seeds (the real corpus, the repro documents).

    Call it inside a test or fixture: when it is missing, the test is skipped with the reason,
    or fails under ``CI=true``.
    """
    path = locate_seeds().parent.joinpath(*parts)
    if not path.exists():
        _missing(f"{path} not found (the shared documents beside the project)")
    return path
