"""Every error dutygraph raises on purpose, under one root.

::

    DutygraphError
    ├── DocumentError        a document cannot be read or parsed (path, line)
    ├── ModelError           the model is inconsistent (a dangling id, a duplicate)
    ├── UsageError           an option or argument a user gave makes no sense
    │   └── CorrectionError  a corrections file cannot be read (path, line)
    └── StoreError           a store (files, Neo4j) failed
        └── Neo4jUnavailable the Neo4j server cannot be reached or refused us

The library raises; only the command line prints, as ``file:line: message``.

>>> err = DocumentError("plan.txt", "no work-plan items found", line=3)
>>> str(err)
'plan.txt:3: no work-plan items found'
"""

from __future__ import annotations

__all__ = [
    "DutygraphError",
    "DocumentError",
    "ModelError",
    "UsageError",
    "CorrectionError",
    "StoreError",
    "Neo4jUnavailable",
]


class DutygraphError(Exception):
    """Root of every error dutygraph raises on purpose."""


class DocumentError(DutygraphError):
    """A document cannot be read or parsed.

    ``path`` names the file and ``line`` (1-based) the place, where one applies.
    """

    def __init__(self, path: str, message: str, *, line: int | None = None) -> None:
        self.path = str(path)
        self.message = message
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"

    def __reduce__(self):  # keep pickling (multiprocessing, pytest-xdist) working
        return (_rebuild_document_error, (self.path, self.message, self.line))


def _rebuild_document_error(path: str, message: str, line: int | None) -> DocumentError:
    return DocumentError(path, message, line=line)


class ModelError(DutygraphError):
    """The model is inconsistent: a dangling reference, a duplicate id."""


class UsageError(DutygraphError):
    """An option or argument makes no sense (an unknown format, a bad alias file)."""


class CorrectionError(UsageError):
    """A corrections file cannot be read: bad YAML/TOML, an unknown operation, a bad value.

    ``path`` names the file and ``line`` (1-based) the place, where one applies.

    >>> str(CorrectionError("fix.yaml", "unknown operation 'set_leader'", line=4))
    "fix.yaml:4: unknown operation 'set_leader'"
    """

    def __init__(self, path: str, message: str, *, line: int | None = None) -> None:
        self.path, self.message, self.line = str(path), message, line
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}{'' if self.line is None else f':{self.line}'}: {self.message}"

    def __reduce__(self):  # keep pickling working, as DocumentError does
        return (_rebuild_correction_error, (self.path, self.message, self.line))


def _rebuild_correction_error(path: str, message: str, line: int | None) -> CorrectionError:
    return CorrectionError(path, message, line=line)


class StoreError(DutygraphError):
    """A store failed to read or write."""


class Neo4jUnavailable(StoreError):
    """The Neo4j server cannot be reached, or refused the credentials."""
