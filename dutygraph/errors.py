"""Every error dutygraph raises on purpose, under one root.

::

    DutygraphError
    ├── DocumentError        a document cannot be read or parsed (path, line)
    ├── ModelError           the model is inconsistent (a dangling id, a duplicate)
    ├── UsageError           an option or argument a user gave makes no sense
    │   └── CorrectionError  a corrections file cannot be read (path, line)
    ├── OutputError          a file (or standard output) cannot be written (path)
    └── StoreError           a store (Neo4j) failed
        └── Neo4jUnavailable the Neo4j server cannot be reached or refused us
            └── Neo4jConnectionLost  the connection broke while working

An error is a code and its parameters (:class:`Message`); its sentence comes from the catalogue
of the language in force when it is shown (``error.<code>`` in ``dutygraph/catalogues/<lang>/``).
Values inside a message (a name, the system's or a driver's own words) are parameters, quoted with
:func:`quoted` or :func:`shown` by the code that raises.
The library raises; only the command line prints, as ``file:line: message``.

>>> from dutygraph.i18n import language
>>> err = DocumentError("plan.txt", "document.no_items_as", line=3, format="text")
>>> with language("en"):
...     str(err)
'plan.txt:3: no work-plan items found (read as text)'
>>> with language("zh"):
...     str(err)
'plan.txt:3：没有找到工作事项（按 text 格式读取）'
>>> with language("en"):
...     str(OutputError.from_os("out/plans.json", OSError(28, "No space left on device")))
'out/plans.json: cannot write: no space left on device'
"""

from __future__ import annotations

import errno
import os
import re
import string
from functools import cache
from typing import Any

__all__ = [
    "Message",
    "DutygraphError",
    "DocumentError",
    "ModelError",
    "UsageError",
    "OutputError",
    "CorrectionError",
    "StoreError",
    "Neo4jUnavailable",
    "Neo4jConnectionLost",
    "placeholders",
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


class Message:
    """A message by code: ``error.<code>`` of the catalogue, its ``{placeholders}`` filled from
    ``params`` in the language in force when it is shown. A parameter may be a message itself.

    The code must have a template whose placeholders are exactly the parameters given:

    >>> from dutygraph.i18n import language
    >>> with language("en"):
    ...     str(Message("document.cannot_read", reason="permission denied"))
    'cannot read: permission denied'
    >>> Message("document.cannot_read")
    Traceback (most recent call last):
    ...
    TypeError: message document.cannot_read takes reason, not nothing
    """

    __slots__ = ("code", "params")

    def __init__(self, code: str, /, **params: Any) -> None:
        wanted = placeholders(code)
        if set(params) != wanted:
            raise TypeError(f"message {code} takes {', '.join(sorted(wanted)) or 'nothing'}, "
                            f"not {', '.join(sorted(params)) or 'nothing'}")
        self.code, self.params = code, params

    def __str__(self) -> str:
        from dutygraph.i18n import t

        return t(f"error.{self.code}", **self.params)

    def __repr__(self) -> str:
        return f"Message({self.code!r}, {', '.join(f'{k}={v!r}' for k, v in self.params.items())})".replace(", )", ")")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.code, self.params) == (other.code, other.params)

    def __hash__(self) -> int:
        return hash(self.code)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_message, (self.code, self.params))


def _message(code: str, params: dict[str, Any]) -> Message:
    return Message(code, **params)


@cache
def placeholders(code: str) -> frozenset[str]:
    """The parameters the message ``code`` takes (its English template's; a test checks the
    Chinese one has the same). An unknown code raises :class:`KeyError`.

    >>> sorted(placeholders("output.cannot_write"))
    ['reason']
    """
    from dutygraph.i18n import catalogue

    template = catalogue("en").get(f"error.{code}")
    if template is None:
        raise KeyError(f"no message error.{code} in the catalogue")
    return frozenset(field.split(".")[0].split("[")[0]
                     for _, field, _, _ in string.Formatter().parse(template) if field)


def _as_message(message: Message | str, params: dict[str, Any]) -> Message:
    if isinstance(message, Message):
        if params:
            raise TypeError("a Message takes its parameters itself")
        return message
    return Message(message, **params)


class DutygraphError(Exception):
    """Root of every error dutygraph raises on purpose: a :class:`Message` (``code`` and
    ``params``, or a message made already).

    The command line prints ``str(error)`` on one line (control characters escaped); ``details``,
    when set, follows it as it is, line by line (the tail of a server's log).
    """

    details: str = ""

    def __init__(self, message: Message | str, /, **params: Any) -> None:
        self.message = _as_message(message, params)
        super().__init__(self.message.code)

    @property
    def code(self) -> str:
        """The message's code (``document.no_items``)."""
        return self.message.code

    @property
    def params(self) -> dict[str, Any]:
        """The message's parameters."""
        return self.message.params

    def __str__(self) -> str:
        return str(self.message)

    def __reduce__(self) -> tuple[Any, ...]:  # keep pickling (multiprocessing, pytest-xdist) working
        return (_rebuild, (type(self), self.__dict__))


def _rebuild(cls: type[DutygraphError], state: dict[str, Any]) -> DutygraphError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    error.args = (error.message.code,)
    return error


class _Located(DutygraphError):
    """An error about a file: ``path`` names it and ``line`` (1-based) the place, where one applies."""

    def __init__(self, path: str, message: Message | str, /, *, line: int | None = None, **params: Any) -> None:
        self.path = str(path)
        self.line = line
        super().__init__(message, **params)

    def __str__(self) -> str:
        from dutygraph.i18n import t

        where = shown(self.path) if self.line is None else f"{shown(self.path)}:{self.line}"
        return t("error.at", where=where, message=self.message)


class DocumentError(_Located):
    """A document cannot be read or parsed.

    ``path`` names the file and ``line`` (1-based) the place, where one applies.
    """


class ModelError(DutygraphError):
    """The model is inconsistent: a dangling reference, a duplicate id."""


class UsageError(DutygraphError):
    """An option or argument makes no sense (an unknown format, a bad alias file)."""


class OutputError(_Located):
    """An output cannot be written: ``path`` names it (``standard output`` for stdout), the message says why."""

    @classmethod
    def from_os(cls, path: str, exc: OSError) -> OutputError:
        """``path: cannot write: <the system's reason>`` for a failed write."""
        if exc.errno in (errno.EACCES, errno.EPERM):
            return cls(path, "output.permission_denied")
        if exc.errno == errno.ENOSPC:
            return cls(path, "output.no_space")
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        return cls(path, "output.cannot_write", reason=f"{reason[:1].lower()}{reason[1:]}")


class CorrectionError(_Located, UsageError):
    """A corrections file cannot be read: bad YAML/TOML, an unknown operation, a bad value.

    ``path`` names the file and ``line`` (1-based) the place, where one applies.

    >>> from dutygraph.i18n import language
    >>> with language("en"):
    ...     str(CorrectionError("fix.yaml", "correction.unknown_op", line=4, op=quoted("set_leader"), known="…"))
    "fix.yaml:4: unknown operation 'set_leader' (known: …)"
    """


class StoreError(DutygraphError):
    """A store failed to read or write."""


class Neo4jUnavailable(StoreError):
    """The Neo4j server cannot be reached, or refused the credentials."""


class Neo4jConnectionLost(Neo4jUnavailable):
    """The connection to Neo4j broke during work; ``outcome`` (a message) says what became of it.

    ``server`` is ``Neo4j`` until someone who knows the URI names it (the connection does):

    >>> from dutygraph.i18n import language
    >>> err = Neo4jConnectionLost(Message("neo4j.rolled_back", names="plan.txt"))
    >>> err.server = "bolt://db:7687"
    >>> with language("en"):
    ...     str(err)
    'lost the connection to bolt://db:7687; the plan being written (plan.txt) was rolled back'
    """

    def __init__(self, outcome: Message, server: str = "Neo4j") -> None:
        self.outcome = outcome
        super().__init__("neo4j.lost", server=server, outcome=outcome)

    @property
    def server(self) -> str:
        """The server whose connection broke (``Neo4j`` until named)."""
        return self.params["server"]

    @server.setter
    def server(self, value: str) -> None:
        self.message = Message("neo4j.lost", server=value, outcome=self.outcome)
