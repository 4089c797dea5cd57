"""The language people read dutygraph in: Chinese by default, English on request.

Every word the command line, the pages, the report and the workbooks show comes from one
catalogue per language, kept as data: the TOML files of ``dutygraph/catalogues/<lang>/`` (one per
trade; both languages have the same keys, checked by a test), looked up with :func:`t`. Codes (``overdue``, ``first_listed``) stay what
queries return and exports carry; only their labels change with the language.

The language is ``zh`` unless ``DUTYGRAPH_LANG`` says ``en``; the command line's ``--lang``
sets it for one run, and :func:`language` for a block of code:

>>> with language("zh"):
...     t("tier.overdue"), date(dt.date(2024, 9, 30)), join(["财务处", "人事处"])
('逾期', '2024年9月30日', '财务处、人事处')
>>> with language("en"):
...     t("tier.overdue"), date(dt.date(2024, 9, 30)), join(["财务处", "人事处"])
('overdue', '2024-09-30', '财务处, 人事处')
>>> with language("en"):
...     t("workload.formula", lead=1, support=0.5)
'load = 1 × leads + 0.5 × supports (one count per item)'
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from dutygraph.errors import UsageError

__all__ = ["CATALOGUES", "ENV", "LANGS", "catalogue", "current", "date", "join", "language", "set_language", "t"]

LANGS: tuple[str, ...] = ("zh", "en")
ENV = "DUTYGRAPH_LANG"
"""The environment variable naming the default language."""


def _default() -> str:
    wanted = os.environ.get(ENV, "").strip().lower()[:2]
    return wanted if wanted in LANGS else "zh"


_current: ContextVar[str | None] = ContextVar("dutygraph_lang", default=None)


def current() -> str:
    """The language in force: the one set, else ``DUTYGRAPH_LANG``, else ``zh``."""
    return _current.get() or _default()


def set_language(code: str | None) -> None:
    """Use ``code`` from now on (None: back to the default); an unknown code raises."""
    if code is not None and code not in LANGS:
        raise UsageError("usage.unknown_language", code=repr(code), known=", ".join(LANGS))
    _current.set(code)


@contextmanager
def language(code: str) -> Iterator[None]:
    """Use ``code`` inside the block."""
    if code not in LANGS:
        raise UsageError("usage.unknown_language", code=repr(code), known=", ".join(LANGS))
    token = _current.set(code)
    try:
        yield
    finally:
        _current.reset(token)


CATALOGUES = Path(__file__).parent / "catalogues"
"""The folder of the catalogues: one sub-folder per language, one TOML file per trade in each."""


def catalogue(code: str | None = None) -> dict[str, str]:
    """Every message of a language, by key (``[tier]`` + ``overdue = …`` is the key ``tier.overdue``).

    >>> catalogue("zh")["tier.overdue"], catalogue("en")["tier.overdue"]
    ('逾期', 'overdue')
    """
    return _load(code or current())


@cache
def _load(code: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    for path in sorted((CATALOGUES / code).glob("*.toml")):
        with path.open("rb") as f:
            for key, template in _flat(tomllib.load(f)):
                if key in messages:
                    raise KeyError(f"message {key!r} is in two files of the {code} catalogue ({path.name})")
                messages[key] = template
    return messages


def _flat(table: dict, prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def t(key: str, /, **params: object) -> str:
    """The message ``key`` in the current language, with ``params`` filled in (``{name}``)."""
    template = catalogue().get(key)
    if template is None:
        raise KeyError(f"no message {key!r} in the {current()} catalogue")
    return template.format(**params) if params else template


def has(key: str) -> bool:
    """Whether the catalogue has ``key`` (both languages have the same keys)."""
    return key in catalogue()


def date(value: dt.date | str | None) -> str:
    """A date as people write it: 2024年9月30日 in Chinese, 2024-09-30 in English ('' for None)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if current() == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return value.isoformat()


def join(names: Iterable[object]) -> str:
    """Names listed: 甲、乙 in Chinese, "a, b" in English."""
    return ("、" if current() == "zh" else ", ").join(str(n) for n in names)
