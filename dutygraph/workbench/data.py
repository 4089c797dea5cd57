"""The workbench's one door to the corpus: read it, ask the queries, correct it, read it again.

Every page reads a :class:`~.snapshot.Snapshot` (the corpus as corrected, its graph, what was
refused, the corrections and those that no longer match); every change goes through
:class:`Workbench`, which writes the corrections file beside the documents, applies it and swaps
the snapshot. Reading uses the public functions every command uses
(:func:`dutygraph.cli.inputs.read_inputs`, :func:`~dutygraph.ontology.correct.apply_corrections`),
so a different store is swapped in here and nowhere else.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "plan.txt").write_text("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头，财务科配合）\\n",
...                                     encoding="utf-8")
>>> bench = Workbench([str(folder)], cache=False)
>>> item = bench.snapshot.corpus.plans[0].items[0]
>>> bench.correct(item.id, "set_lead", "财务科", author="lin")
>>> [(a.surface, a.role) for a in bench.snapshot.corpus.plans[0].items[0].assignments]
[('基建科', 'support'), ('财务科', 'lead')]
>>> [(e.op, e.value, e.author) for e in bench.snapshot.edits]
[('set_lead', '财务科', 'lin')]
>>> bench.undo(bench.snapshot.edits[0].line)
>>> bench.snapshot.edits, Workbench([str(folder)], cache=False).snapshot.corpus == bench.snapshot.corpus
((), True)
"""

from __future__ import annotations

import datetime as dt
import getpass
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dutygraph.errors import CorrectionError, DocumentError, Message, UsageError
from dutygraph.graph.stored import is_stored
from dutygraph.importers.reading import DOCUMENT_SUFFIXES
from dutygraph.ontology.model import Corpus, SourceSpan
from dutygraph.output import write_file
from dutygraph.workbench.edits import append_entry, edits, remove_entry
from dutygraph.workbench.snapshot import Refused, Snapshot

__all__ = ["CACHE_NAME", "CORRECTIONS_NAME", "OPS", "Passage", "UPLOADS", "Workbench", "author"]

CORRECTIONS_NAME = "dutygraph-corrections.yaml"
"""The corrections file the workbench keeps beside the documents."""
CACHE_NAME = ".dutygraph-cache"
"""The folder beside the documents where what was built from them is kept (parsed once per version)."""
UPLOADS = "uploads"
"""The folder beside the documents that added files go to."""
OPS = ("set_lead", "add_office", "remove_office", "set_deadline", "set_status")
"""The corrections a page can make."""


def author() -> str:
    """The local user name, written with each correction."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (a container's user)
        return "unknown"


@dataclass(frozen=True)
class Passage:
    """The lines around a fact in its document; ``marked`` lines hold (before, span, after)."""

    file: str
    where: str | None
    lines: tuple[tuple[int, str, str, str, bool], ...]


class Workbench:
    """The documents of one folder (or files), their corrections file, and the snapshot of both.

    ``paths`` are what the command was given: folders, files, a stored corpus (``.dg``); with
    ``background`` the overview's figures are computed in a thread after each change. The app's
    folder is the first path's folder (the path itself when it is one); the corrections file and
    added documents go there, and no file outside the folders of ``paths`` is read for a page.
    """

    def __init__(self, paths: list[str], *, aliases: tuple[str, ...] = (), issuer: str | None = None,
                 cache: bool = True, background: bool = False) -> None:
        if not paths:
            raise UsageError("workbench.give_documents")
        self.paths = [Path(p).resolve() for p in paths]
        for path in self.paths:
            if not path.exists():
                raise DocumentError(str(path), "document.missing")
        self.roots = [p if p.is_dir() else p.parent for p in self.paths]
        self.folder = self.roots[0]
        self.corrections = self.folder / CORRECTIONS_NAME
        self.issuer, self.cache, self.background = issuer, cache, background
        from dutygraph.ontology.offices import AliasTable, load_aliases

        table = AliasTable.builtin()
        for path in aliases:
            table = load_aliases(path, table)
        self.table = table
        self._lock = threading.RLock()
        self._version = 0
        self._uploads_refused: list[Refused] = []
        self._base = Corpus()
        self._refused: tuple[Refused, ...] = ()
        self._stamp: float | None = None
        self._reading = 0
        self._shared: dict[tuple[Any, ...], Any] = {}
        self.snapshot = Snapshot(Corpus(), (), (), (), 0)
        self.reload()

    # -- reading ------------------------------------------------------------------------------
    def _inputs(self) -> list[str]:
        found = [str(p) for p in self.paths]
        uploads = self.folder / UPLOADS
        if uploads.is_dir() and not any(uploads.is_relative_to(p) for p in self.paths if p.is_dir()):
            found.append(str(uploads))
        return found

    def _read(self, inputs: list[str]) -> Any:
        from dutygraph.cli.inputs import read_inputs
        from dutygraph.importers.cache import BuildCache
        from dutygraph.importers.options import ReadOptions

        cache = BuildCache(self.folder / CACHE_NAME) if self.cache else None  # in the app's folder, as all it writes
        return read_inputs(inputs, ReadOptions(issuer=self.issuer, aliases=self.table, cache=cache))

    def reload(self) -> None:
        """Read the documents again, then the corrections."""
        with self._lock:
            reading = self._read(self._inputs())
            self._reading += 1
            self._base = reading.corpus
            self._refused = tuple(Refused(Path(f.path).name, f.message if f.line is None else
                                          Message("at", where=str(f.line), message=f.message))
                                  for f in reading.failures)
            self._apply()

    def _apply(self) -> None:
        from dutygraph.ontology.correct import apply_corrections
        from dutygraph.ontology.corrections import parse_corrections

        text = self._corrections_text()
        entries = parse_corrections(text, str(self.corrections)) if text.strip() else []
        corrected = apply_corrections(self._base, entries, table=self.table) if entries else None
        self._stamp = self._mtime()
        self._version += 1
        snapshot = Snapshot(corrected.corpus if corrected else self._base, (*self._refused, *self._uploads_refused),
                            corrected.stale if corrected else (),
                            tuple(edits(text, str(self.corrections))) if text.strip() else (), self._version,
                            reading=self._reading, shared=self._shared)
        kept = {snapshot._fingerprint(org) for org in snapshot.issuer_plans}
        for key in [k for k in self._shared if k[1] not in kept]:
            del self._shared[key]  # the figures of plans as they no longer are
        self.snapshot = snapshot
        if self.background:
            threading.Thread(target=snapshot.warm, args=(dt.date.today(),), daemon=True).start()

    def _mtime(self) -> float | None:
        try:
            return self.corrections.stat().st_mtime_ns
        except OSError:
            return None

    def _corrections_text(self) -> str:
        try:
            return self.corrections.read_text("utf-8")
        except FileNotFoundError:
            return ""
        except (OSError, UnicodeDecodeError) as exc:
            raise CorrectionError(str(self.corrections), "correction.unreadable", reason=str(exc)) from None

    def current(self) -> Snapshot:
        """The snapshot, applied again first when someone edited the corrections file meanwhile."""
        with self._lock:
            if self._mtime() != self._stamp:
                self._apply()
            return self.snapshot

    # -- correcting ---------------------------------------------------------------------------
    def _where(self, item_id: str) -> tuple[str, str, str | None]:
        """(plan, item ref, section) as a corrections entry names the item."""
        snap = self.snapshot
        if item_id not in snap.items:
            raise UsageError("workbench.no_item", item=repr(item_id))
        plan, item = snap.items[item_id]
        plan_name = plan.source.name if sum(p.source.name == plan.source.name for p in snap.corpus.plans) == 1 else plan.id
        ref = snap.refs[item_id]
        section = None
        if sum(snap.refs[i.id] == ref for i in plan.items) > 1:
            section = next((s.ordinal for s in plan.sections if s.id == item.section), None)
        return plan_name, ref, section

    def correct(self, item_id: str, op: str, value: Any, *, author: str) -> None:
        """Write one correction of an item into the corrections file and apply it at once."""
        if op not in OPS:
            raise UsageError("workbench.unknown_op", op=repr(op), known=", ".join(OPS))
        with self._lock:
            plan, ref, section = self._where(item_id)
            at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
            text = append_entry(self._corrections_text(), plan=plan, item=ref, section=section, op=op, value=value,
                                author=author, at=at)
            self._write(text)

    def undo(self, line: int) -> None:
        """Remove the correction that begins on ``line`` of the corrections file, and apply the rest."""
        with self._lock:
            self._write(remove_entry(self._corrections_text(), str(self.corrections), line))

    def _write(self, text: str) -> None:
        from dutygraph.ontology.corrections import parse_corrections

        parse_corrections(text, str(self.corrections))  # what is written reads back
        write_file(self.corrections, text)
        self._apply()

    # -- documents in -------------------------------------------------------------------------
    def add_document(self, name: str, data: bytes) -> Refused | None:
        """Read an added file with the same readers; keep it beside the documents when it reads,
        else leave nothing behind and return why it was refused."""
        clean = Path(name.replace("\\", "/")).name.strip()
        if not clean or clean.startswith(".") or Path(clean).suffix.lower() not in DOCUMENT_SUFFIXES:
            refused = Refused(clean or "?", Message("workbench.not_a_document", suffixes=", ".join(DOCUMENT_SUFFIXES)))
            self._uploads_refused.append(refused)
            self._apply()
            return refused
        with self._lock:
            uploads = self.folder / UPLOADS
            staging = self.folder / ".dutygraph-upload"
            staging.mkdir(exist_ok=True)
            trial = staging / clean
            try:
                trial.write_bytes(data)
                reading = self._read([str(trial)])
                if reading.failures:
                    refused = Refused(clean, reading.failures[0].message)
                    self._uploads_refused.append(refused)
                    self._apply()
                    return refused
                uploads.mkdir(exist_ok=True)
                trial.replace(uploads / clean)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
            self.reload()
            return None

    # -- sources ------------------------------------------------------------------------------
    def _document(self, name: str) -> Path | None:
        """The document file a span names, found under the app's folders only."""
        for root in dict.fromkeys(self.roots):
            for candidate in (root / name, root / UPLOADS / name):
                try:
                    resolved = candidate.resolve()
                except OSError:
                    continue
                if resolved.is_file() and resolved.is_relative_to(root) and not is_stored(resolved):
                    return resolved
        return None

    def passage(self, span: SourceSpan, *, context: int = 2) -> Passage:
        """The lines around ``span`` in its document, the span marked; an Office file or PDF (whose
        text is its reader's) gives the span's own text and its place (page, sheet, cell)."""
        where = str(span.where) if span.where else None
        path = self._document(span.file)
        text = None
        if path is not None and span.where is None and path.suffix.lower() in (".txt", ".md", ".markdown", ".tsv", ".text",
                                                                               ".csv"):
            from dutygraph.importers.readers.encoding import decode

            try:
                text = decode(path.read_bytes(), path=str(path)).text
            except (DocumentError, OSError):
                text = None
        if text is None:
            return Passage(span.file, where, ((span.line, "", span.text, "", True),))
        lines = text.splitlines()
        first, last = max(1, span.line - context), min(len(lines), span.end_line + context)
        offsets = [0]
        for line in text.splitlines(keepends=True):
            offsets.append(offsets[-1] + len(line))
        exact = text[span.start:span.end] == span.text
        rows = []
        for number in range(first, last + 1):
            line = lines[number - 1]
            inside = span.line <= number <= span.end_line
            if not inside:
                rows.append((number, line, "", "", False))
                continue
            if exact:
                begin = max(span.start - offsets[number - 1], 0)
                end = min(span.end - offsets[number - 1], len(line))
            else:
                begin = line.find(span.text) if span.text in line else 0
                end = begin + len(span.text) if span.text in line else len(line)
            rows.append((number, line[:begin], line[begin:end], line[end:], True))
        return Passage(span.file, where, tuple(rows))
