"""How documents are read: the one set of options of :func:`~dutygraph.importers.reading.read`
and :func:`~dutygraph.importers.reading.parse`.

Two choices are named apart: the **reader**, how a file's bytes become blocks or text
(``auto``: by content, then suffix; ``txt``: decoded as plain text; or one of
:data:`~dutygraph.importers.structure.formats.READERS`: ``docx``, ``xlsx``, ``csv``, ``html``,
``pdf`` …), and the **grammar**, how the text becomes a plan (``auto``: detected; or one of
:data:`~dutygraph.importers.structure.formats.FORMATS`: ``text``, the numbered outline;
``markdown``; ``table``). The command line's ``--input-format`` names either one:
:meth:`ReadOptions.with_input_format` maps it, a grammar there also meaning "read the file as
plain text".

>>> ReadOptions(issuer="某县教育局").with_input_format("docx")
ReadOptions(reader='docx', grammar='auto', issuer='某县教育局', workers=1)
>>> ReadOptions().with_input_format("table").reader
'txt'
>>> ReadOptions(grammar="docx")
Traceback (most recent call last):
...
ValueError: unknown grammar 'docx' (known: auto, markdown, table, text)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from dutygraph.importers.structure.formats import FORMATS, READERS

if TYPE_CHECKING:
    from dutygraph.importers.cache import BuildCache
    from dutygraph.ontology.offices import AliasTable

__all__ = ["AUTO", "GRAMMARS", "READER_NAMES", "TEXT_READER", "ReadOptions"]

AUTO = "auto"
"""The reader or grammar found from the document itself."""

TEXT_READER = "txt"
"""The reader that decodes a file as plain text (its encoding detected)."""

READER_NAMES = (AUTO, TEXT_READER, *sorted(READERS))
"""Every reader a :class:`ReadOptions` names."""

GRAMMARS = (AUTO, *sorted(FORMATS))
"""Every grammar a :class:`ReadOptions` names."""


@dataclass(frozen=True)
class ReadOptions:
    """What to read documents with; every field has the default the command line uses.

    ``reader`` and ``grammar`` are described above; ``issuer`` is the issuer a document that
    names none is taken to come from; ``aliases`` the alias table offices are told apart by
    (default: the built-in one); ``workers`` the processes a big folder is parsed in; ``cache``
    keeps built plans between runs (:class:`~dutygraph.importers.cache.BuildCache`);
    ``progress(done, total, path)`` is called as each file to parse starts (a progress bar).
    Only ``reader``, ``grammar``, ``issuer`` and ``aliases`` change what is read.
    """

    reader: str = AUTO
    grammar: str = AUTO
    issuer: str | None = None
    aliases: AliasTable | None = field(default=None, repr=False)
    workers: int = 1
    cache: BuildCache | None = field(default=None, repr=False, compare=False)
    progress: Callable[[int, int, Path], None] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.reader not in READER_NAMES:
            raise ValueError(f"unknown reader {self.reader!r} (known: {', '.join(READER_NAMES)})")
        if self.grammar not in GRAMMARS:
            raise ValueError(f"unknown grammar {self.grammar!r} (known: {', '.join(GRAMMARS)})")

    def with_input_format(self, name: str | None) -> ReadOptions:
        """These options with what ``--input-format NAME`` asks for (None: found from each document)."""
        if name is None or name == AUTO:
            return self
        if name in READERS:
            return replace(self, reader=name)
        return replace(self, reader=TEXT_READER, grammar=name)

    def file_reader(self) -> str | None:
        """The reader asked for, for :func:`~dutygraph.importers.structure.formats.reader_for`
        (None: found from the file; ``txt`` is no reader at all, the file's text as it is)."""
        return None if self.reader == AUTO else self.reader
