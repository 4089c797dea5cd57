"""The workbench's one door to the corpus: read it, ask the queries, correct it, read it again.

Every page reads a :class:`Snapshot` (the corpus as corrected, its graph, what was refused, the
corrections and those that no longer match); every change goes through :class:`Workbench`, which
writes the corrections file beside the documents, applies it and swaps the snapshot. Reading
uses the public functions every command uses (:func:`dutygraph.cli.inputs.read_inputs`,
:func:`~dutygraph.ontology.correct.apply_corrections`), so a different store is swapped in here
and nowhere else.

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
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import networkx as nx

from dutygraph.errors import CorrectionError, DocumentError, Message, UsageError
from dutygraph.graph.stored import is_stored
from dutygraph.importers.read import DOCUMENT_SUFFIXES
from dutygraph.ontology.correct import StaleCorrection
from dutygraph.ontology.model import Corpus, Item, Plan, SourceSpan, display_ref
from dutygraph.output import write_file
from dutygraph.workbench.edits import Edit, append_entry, edits, remove_entry

__all__ = ["CACHE_NAME", "CORRECTIONS_NAME", "OPS", "Passage", "Refused", "Snapshot", "UPLOADS", "Workbench", "author"]

CORRECTIONS_NAME = "dutygraph-corrections.yaml"
"""The corrections file the workbench keeps beside the documents."""
CACHE_NAME = ".dutygraph-cache"
"""The folder beside the documents where what was built from them is kept (parsed once per version)."""
UPLOADS = "uploads"
"""The folder beside the documents that added files go to."""
OPS = ("set_lead", "add_office", "remove_office", "set_deadline", "set_status")
"""The corrections a page can make."""
TIERS = ("overdue", "due", "upcoming", "later", "completed", "no_deadline")
"""Deadline tiers, most urgent first (an item takes its most urgent target's)."""


def author() -> str:
    """The local user name, written with each correction."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (a container's user)
        return "unknown"


def fold(text: str) -> str:
    """Text as search compares it: full-width forms folded, latin lower case.

    >>> fold("ＡＢ处 ")
    'ab处'
    """
    return unicodedata.normalize("NFKC", text).strip().lower()


@dataclass(frozen=True)
class Refused:
    """A document that was not read, and the one-line reason."""

    name: str
    reason: Message


@dataclass(frozen=True)
class Passage:
    """The lines around a fact in its document; ``marked`` lines hold (before, span, after)."""

    file: str
    where: str | None
    lines: tuple[tuple[int, str, str, str, bool], ...]


class Snapshot:
    """The corpus as the pages see it at one moment; figures computed once and kept."""

    def __init__(self, corpus: Corpus, refused: tuple[Refused, ...], stale: tuple[StaleCorrection, ...],
                 edits: tuple[Edit, ...], version: int, *, reading: int = 0,
                 shared: dict[tuple[Any, ...], Any] | None = None) -> None:
        self.corpus, self.refused, self.stale, self.edits, self.version = corpus, refused, stale, edits, version
        self.reading = reading
        self.shared = {} if shared is None else shared
        self._lock = threading.RLock()
        self._cache: dict[tuple[Any, ...], Any] = {}

    def memo(self, key: tuple[Any, ...], compute: Any) -> Any:
        """``compute()`` once per snapshot and key."""
        with self._lock:
            if key not in self._cache:
                self._cache[key] = compute()
            return self._cache[key]

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        from dutygraph.graph.convert import to_networkx

        return to_networkx(self.corpus)

    @cached_property
    def orgs(self) -> dict[str, str]:
        return {o.id: o.name for o in self.corpus.organizations}

    @cached_property
    def parties(self) -> dict[str, Any]:
        return {p.id: p for p in self.corpus.parties}

    @cached_property
    def leaders(self) -> dict[str, Any]:
        return {leader.id: leader for leader in self.corpus.leaders}

    @cached_property
    def plans(self) -> dict[str, Plan]:
        return {p.id: p for p in self.corpus.plans}

    @cached_property
    def items(self) -> dict[str, tuple[Plan, Item]]:
        return {i.id: (p, i) for p in self.corpus.plans for i in p.items}

    @cached_property
    def refs(self) -> dict[str, str]:
        """Each item's ref as a reader looks for it (二.2)."""
        out = {}
        for plan in self.corpus.plans:
            by_id = {i.id: i for i in plan.items}
            out.update({i.id: display_ref(i, by_id) for i in plan.items})
        return out

    def top(self, item: str) -> str:
        """The top-level item of ``item`` (a sub-measure's parent, followed up)."""
        seen = {item}
        parent = self.items[item][1].parent
        while parent and parent in self.items and parent not in seen:
            item, parent = parent, self.items[parent][1].parent
            seen.add(item)
        return item

    def children(self, item: str) -> list[Item]:
        return [i for i in self.items[item][0].items if i.parent == item]

    # -- figures, per issuer: each issuer's plans make a graph of their own, and an issuer whose
    # plans a correction did not touch keeps its figures from the snapshot before
    @cached_property
    def issuer_plans(self) -> dict[str, tuple[Plan, ...]]:
        """Each issuer's plans (a plan with two issuers is in both)."""
        out: dict[str, list[Plan]] = defaultdict(list)
        for plan in self.corpus.plans:
            for org in plan.issuers:
                out[org].append(plan)
        return {org: tuple(plans) for org, plans in out.items()}

    def _fingerprint(self, org: str) -> tuple[Any, ...]:
        return self.memo(("print", org), lambda: (self.reading, org, *(
            (p.id, tuple(c for i in p.items for c in i.corrections)) for p in self.issuer_plans.get(org, ()))))

    def figure(self, kind: str, org: str, compute: Any, *extra: Any) -> Any:
        """``compute()`` once per issuer, kind and state of that issuer's plans (kept across snapshots)."""
        key = (kind, self._fingerprint(org), *extra)
        with self._lock:
            if key not in self.shared:
                self.shared[key] = compute()
            return self.shared[key]

    def issuer_graph(self, org: str) -> nx.MultiDiGraph:
        """The graph of one issuer's plans and the parties, leaders and issuers they name."""
        def compute() -> nx.MultiDiGraph:
            from dutygraph.graph.convert import to_networkx

            plans = self.issuer_plans.get(org, ())
            named = {a.party for p in plans for i in p.items for a in i.assignments}
            people = ({r.leader for p in plans for i in p.items for r in i.responsibilities}
                      | {r.leader for p in plans for s in p.sections for r in s.responsibilities})
            orgs = {o for p in plans for o in p.issuers} | {self.parties[n].issuer for n in named if n in self.parties}
            return to_networkx(Corpus(
                organizations=tuple(o for o in self.corpus.organizations if o.id in orgs),
                parties=tuple(p for p in self.corpus.parties if p.id in named),
                leaders=tuple(x for x in self.corpus.leaders if x.id in people), plans=plans))

        return self.figure("graph", org, compute)

    def workload(self, issuer: str | None = None, *, collectives: bool = False) -> list[Any]:
        """Offices ranked by load within their issuer (:func:`~dutygraph.queries.workload.office_workload`)."""
        from dutygraph.queries.workload import office_workload, within_issuers

        if issuer is None:
            return [row for org in self.issuer_plans for row in self.workload(org, collectives=collectives)]
        return self.figure("workload", issuer, lambda: within_issuers(office_workload(
            self.issuer_graph(issuer), issuer=issuer, include_collectives=collectives)), collectives)

    def roles_of(self, party: str) -> list[tuple[str, str]]:
        """(top-level item, role) behind a party's workload figures, in reading order."""
        found = self.parties.get(party)
        if found is None:
            return []
        row = next((r for r in self.workload(found.issuer, collectives=True) if r.party == party), None)
        return [(ref.item, ref.role) for ref in row.items] if row else []

    def overloaded(self, issuer: str | None = None) -> list[Any]:
        """The overloaded offices of each issuer, with the rule's threshold and why."""
        from dutygraph.queries.workload import overloaded

        if issuer is None:
            return [row for org in self.issuer_plans for row in self.overloaded(org)]
        return self.figure("overloaded", issuer, lambda: overloaded(self.workload(issuer), by_issuer=True))

    def targets(self, as_of: dt.date) -> list[Any]:
        """Every target in its tier on ``as_of`` (:func:`~dutygraph.queries.targets.targets_by_deadline`)."""
        from dutygraph.queries.targets import targets_by_deadline

        seen: dict[str, Any] = {}
        for org in self.issuer_plans:
            rows = self.figure("targets", org, lambda org=org: targets_by_deadline(
                self.issuer_graph(org), as_of=as_of, issuer=org), as_of)
            for row in rows:
                seen.setdefault(row.target, row)
        return list(seen.values())

    def leader_rows(self) -> list[Any]:
        """Every leader's items, offices and targets (:func:`~dutygraph.queries.workload.leader_workload`)."""
        from dutygraph.queries.workload import leader_workload

        return [row for org in self.issuer_plans
                for row in self.figure("leaders", org, lambda org=org: leader_workload(self.issuer_graph(org), issuer=org))]

    def warm(self, as_of: dt.date) -> None:
        """Compute what the overview needs, issuer by issuer (run in the background after a change)."""
        for org in list(self.issuer_plans):
            self.overloaded(org)
            self.workload(org, collectives=True)
        self.item_tiers(as_of)

    def item_tiers(self, as_of: dt.date) -> dict[str, tuple[str, dt.date | None]]:
        """Each top-level item's most urgent tier on ``as_of`` and that target's deadline."""
        def compute() -> dict[str, tuple[str, dt.date | None]]:
            tiers: dict[str, tuple[str, dt.date | None]] = {}
            for row in self.targets(as_of):
                top = self.top(row.item) if row.item in self.items else row.item
                now = tiers.get(top)
                if now is None or TIERS.index(row.status) < TIERS.index(now[0]):
                    tiers[top] = (row.status, row.deadline)
            return tiers

        return self.memo(("tiers", as_of), compute)

    @cached_property
    def roles(self) -> dict[str, dict[str, str]]:
        """Top-level item → party → role (lead when it leads the item or any sub-measure)."""
        out: dict[str, dict[str, str]] = defaultdict(dict)
        for plan in self.corpus.plans:
            for item in plan.items:
                top = self.top(item.id)
                for a in sorted(item.assignments, key=lambda a: a.order):
                    if out[top].get(a.party) != "lead":
                        out[top][a.party] = a.role
        return out

    @cached_property
    def item_leaders(self) -> dict[str, list[str]]:
        """Top-level item → the leaders named on it, its sub-measures or its section."""
        out: dict[str, list[str]] = defaultdict(list)
        for plan in self.corpus.plans:
            sections = {s.id: s for s in plan.sections}
            for item in plan.items:
                named = [r.leader for r in item.responsibilities]
                section = sections.get(item.section or "")
                while section is not None:
                    named += [r.leader for r in section.responsibilities]
                    section = sections.get(section.parent or "")
                top = out[self.top(item.id)]
                top += [leader for leader in named if leader not in top]
        return out

    def issuers_of(self, item: str) -> tuple[str, ...]:
        return self.items[item][0].issuers

    @cached_property
    def doubtful(self) -> list[tuple[str, str]]:
        """Facts waiting for review: (item, why), items with an inferred lead or none first."""
        out = []
        for plan in self.corpus.plans:
            for item in plan.items:
                if item.parent or item.same_as or item.corrections:
                    continue
                if not item.assignments:
                    continue
                rules = {a.rule for a in item.assignments if a.role == "lead"}
                if not rules:
                    out.append((item.id, "no_lead"))
                elif rules == {"first_listed"}:
                    out.append((item.id, "first_listed"))
                elif item.open_list:
                    out.append((item.id, "open_list"))
        return out

    @cached_property
    def search_index(self) -> list[tuple[str, str, str, str]]:
        """(kind, id, label, folded text searched) for items, offices, leaders and targets."""
        rows: list[tuple[str, str, str, str]] = []
        for party in self.corpus.parties:
            surfaces = {party.name, *party.aliases}
            rows.append((party.kind, party.id, party.name, fold(" ".join(surfaces))))
        for leader in self.corpus.leaders:
            rows.append(("leader", leader.id, leader.name, fold(leader.name)))
        for plan in self.corpus.plans:
            rows.append(("plan", plan.id, plan.title, fold(plan.title)))
            for item in plan.items:
                rows.append(("item", item.id, item.title, fold(f"{item.title} {item.text}")))
                rows += [("target", item.id, target.text, fold(target.text)) for target in item.targets]
        return rows

    def names(self, party: str) -> set[str]:
        """Every form of a party's name (canonical and as written), folded."""
        found = self.parties.get(party)
        return {fold(n) for n in ((found.name, *found.aliases) if found else ())}


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

        cache = BuildCache(self.folder / CACHE_NAME) if self.cache else None  # in the app's folder, as all it writes
        return read_inputs(inputs, aliases=self.table, issuer=self.issuer, cache=cache)

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
