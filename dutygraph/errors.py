"""Every error dutygraph raises on purpose, under one root.

::

    DutygraphError
    ├── DocumentError        a document cannot be read or parsed (path, line)
    ├── ModelError           the model is inconsistent (a dangling id, a duplicate)
    ├── UsageError           an option or argument a user gave makes no sense
    │   └── CorrectionError  a corrections file cannot be read (path, line)
    ├── OutputError          a file (or standard output) cannot be written (path, reason)
    └── StoreError           a store (Neo4j) failed
        └── Neo4jUnavailable the Neo4j server cannot be reached or refused us
            └── Neo4jConnectionLost  the connection broke while working

The library raises; only the command line prints, as ``file:line: message``.

>>> err = DocumentError("plan.txt", "no work-plan items found", line=3)
>>> str(err)
'plan.txt:3: no work-plan items found'
>>> str(OutputError.from_os("out/plans.json", OSError(28, "No space left on device")))
'out/plans.json: cannot write: no space left on device'
"""

from __future__ import annotations

import os
import re

__all__ = [
    "DutygraphError",
    "DocumentError",
    "ModelError",
    "UsageError",
    "OutputError",
    "CorrectionError",
    "StoreError",
    "Neo4jUnavailable",
    "Neo4jConnectionLost",
    "quoted",
    "shown",
]

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def shown(name: str) -> str:
    """A file name as a one-line message shows it: as it is, unless it holds a control character
    (a newline would split the line), then quoted with escapes.

    >>> shown("plan.txt"), shown("a\\nb.txt")
    ('plan.txt', "'a\\\\nb.txt'")
    """
    return quoted(name, limit=len(name)) if _CONTROL.search(name) else name


def quoted(text: str, *, limit: int = 120) -> str:
    """A value quoted for a message, control characters escaped, cut after ``limit`` characters.

    >>> quoted("财务处"), quoted("x" * 200)[-3:]
    ("'财务处'", "x'…")
    """
    return repr(text) if len(text) <= limit else repr(text[:limit]) + "…"


class DutygraphError(Exception):
    """Root of every error dutygraph raises on purpose.

    The command line prints ``str(error)`` on one line (control characters escaped); ``details``,
    when set, follows it as it is, line by line (the tail of a server's log).
    """

    details: str = ""


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
        where = shown(self.path) if self.line is None else f"{shown(self.path)}:{self.line}"
        return f"{where}: {self.message}"

    def __reduce__(self):  # keep pickling (multiprocessing, pytest-xdist) working
        return (_rebuild_document_error, (self.path, self.message, self.line))


def _rebuild_document_error(path: str, message: str, line: int | None) -> DocumentError:
    return DocumentError(path, message, line=line)


class ModelError(DutygraphError):
    """The model is inconsistent: a dangling reference, a duplicate id."""


class UsageError(DutygraphError):
    """An option or argument makes no sense (an unknown format, a bad alias file)."""


class OutputError(DutygraphError):
    """An output cannot be written: ``path`` names it (``standard output`` for stdout), ``reason`` says why."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{shown(self.path)}: {self.reason}"

    def __reduce__(self):
        return (OutputError, (self.path, self.reason))

    @classmethod
    def from_os(cls, path: str, exc: OSError) -> OutputError:
        """``path: cannot write: <the system's reason>`` for a failed write."""
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        return cls(path, f"cannot write: {reason[:1].lower()}{reason[1:]}")
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
        return f"{shown(self.path)}{'' if self.line is None else f':{self.line}'}: {self.message}"

    def __reduce__(self):  # keep pickling working, as DocumentError does
        return (_rebuild_correction_error, (self.path, self.message, self.line))


def _rebuild_correction_error(path: str, message: str, line: int | None) -> CorrectionError:
    return CorrectionError(path, message, line=line)


class StoreError(DutygraphError):
    """A store failed to read or write."""


class Neo4jUnavailable(StoreError):
    """The Neo4j server cannot be reached, or refused the credentials."""


class Neo4jConnectionLost(Neo4jUnavailable):
    """The connection to Neo4j broke during work; ``outcome`` says what became of it.

    ``server`` is ``Neo4j`` until someone who knows the URI names it (the connection does):

    >>> err = Neo4jConnectionLost("the plan being written (plan.txt) was rolled back")
    >>> err.server = "bolt://db:7687"
    >>> str(err)
    'lost the connection to bolt://db:7687; the plan being written (plan.txt) was rolled back'
    """

    def __init__(self, outcome: str, server: str = "Neo4j") -> None:
        self.outcome = outcome
        self.server = server
        super().__init__(outcome)

    def __str__(self) -> str:
        return f"lost the connection to {self.server}; {self.outcome}"

    def __reduce__(self):
        return (Neo4jConnectionLost, (self.outcome, self.server))
