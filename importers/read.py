"""Reading documents: files and folders in, one :class:`~dutygraph.ontology.model.Corpus` out.

:func:`parse` is the pure parser (text in, corpus out); :func:`read` finds the files, decodes
them and reports which format it detected for each.

>>> corpus = parse("某县教育局2023年工作要点\\n一、学前教育\\n1.扩充学位。新建幼儿园3所。（学前科牵头，财务科配合）\\n")
>>> plan = corpus.plans[0]
>>> plan.title, plan.year, [a.surface for a in plan.items[0].assignments]
('某县教育局2023年工作要点', 2023, ['学前科', '财务科'])
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from dutygraph.errors import DocumentError
from dutygraph.importers.readers.blocks import Blocks, Removed
from dutygraph.importers.assemble import PlanBuild, assemble
from dutygraph.importers.build import build_plan
from dutygraph.importers.cache import BuildCache
from dutygraph.importers.readers.encoding import decode
from dutygraph.importers.structure.formats import READERS, SUFFIXES, detect, parser_for, reader_for
from dutygraph.importers.text.normalize import normalize
from dutygraph.importers.readers.sheets import plans_in
from dutygraph.importers.workers import map_documents
from dutygraph.ontology.model import Corpus, QualityIssue, SourceDocument
from dutygraph.ontology.offices import AliasTable

__all__ = ["parse", "read", "read_all", "read_one", "read_file", "Reading", "find_documents", "DOCUMENT_SUFFIXES"]

DOCUMENT_SUFFIXES = tuple(dict.fromkeys((".txt", ".md", ".markdown", ".tsv", ".text", *SUFFIXES)))
"""The suffixes a folder is searched for (Office lock files, ``~$…``, are passed over)."""

def _build(text: str, *, name: str, digest: str, encoding: str, format: str | None,
           aliases: AliasTable | None, issuer: str | None, key: str | None = None,
           blocks: Blocks | None = None, reader: str | None = None) -> PlanBuild:
    norm = normalize(blocks.text if blocks else text)
    fmt = format if format and format not in READERS else detect(norm, path=name)
    raw = parser_for(fmt)(norm)
    if not raw.items:
        raise DocumentError(name, "document.no_items_as", format=reader or fmt)
    source = SourceDocument(name=name, sha256=digest, format=reader or fmt, encoding=encoding, normalisations=norm.applied)
    build = build_plan(raw, norm, source, table=aliases or AliasTable.builtin(), issuer=issuer,
                       locate=blocks.locate if blocks else None, key=key)
    return _with_removed(build, blocks.removed) if blocks and blocks.removed else build

def _with_removed(build: PlanBuild, removed: tuple[Removed, ...]) -> PlanBuild:
    """The plan with what its reader left out reported (a PDF's running headers, page numbers)."""
    notes = [QualityIssue(kind="removed_block" if r.kind == "furniture" else "suspect_text",
                          message=(f"{r.kind} removed ({r.where}): {' '.join(r.text.split())[:40]}"
                                   if r.kind == "furniture" else r.text), line=None)
             for r in removed]
    plan = build.plan.model_copy(update={"quality": build.plan.quality + tuple(notes)})
    return PlanBuild(plan, build.organizations, build.parties, build.leaders)

def _builds(data: bytes | str, *, name: str, digest: str, format: str | None, aliases: AliasTable | None,
            issuer: str | None, key: str | None = None) -> list[PlanBuild]:
    """The plans of one file: its reader (by content, suffix or ``format``) gives blocks, or
    its decoded text is parsed as it is; a workbook may hold several plans (one per sheet)."""
    reader = reader_for(format, data, name)
    if reader is not None and READERS[reader].binary:
        if isinstance(data, str):
            raise DocumentError(name, "document.text_only_reader", reader=reader)
        blocks, text, encoding = READERS[reader].read(data, path=name), "", "binary"
    else:
        decoded = decode(data, path=name) if isinstance(data, bytes) else None
        text = decoded.text if decoded else str(data)
        encoding = decoded.encoding if decoded else "utf-8"
        blocks = READERS[reader].read(text, path=name) if reader else None
    build = partial(_build, name=name, digest=digest, encoding=encoding, format=format, aliases=aliases,
                    issuer=issuer, reader=reader)
    parts = plans_in(blocks) if blocks is not None and reader in _WORKBOOKS else [(None, blocks)]
    if len(parts) == 1:
        return [build(text, key=key, blocks=parts[0][1])]
    return [build(text, key=f"{key or name}#{sheet}", blocks=part) for sheet, part in parts]

_WORKBOOKS = frozenset({"xlsx", "xls", "et"})

def parse(text: str, *, source: str = "<text>", format: str | None = None,
          aliases: AliasTable | None = None, issuer: str | None = None) -> Corpus:
    """Parse one document's text; raises only :class:`DocumentError` on bad input.

    A lone surrogate (a string no decoder makes, but a caller can) becomes U+FFFD, which the
    quality report then names as garbled text:

    >>> [q.kind for q in parse("某县2023年工作要点\\n1.甲\\ud800。（财务科负责）\\n").plans[0].quality]
    ['generic_issuer', 'suspect_text']
    """
    text = _SURROGATE.sub("\ufffd", text)
    try:
        builds = _builds(text, name=source, digest=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                         format=format, aliases=aliases, issuer=issuer)
    except DocumentError:
        raise
    except RecursionError:
        raise DocumentError(source, "document.too_deep") from None
    return assemble(builds)

_SURROGATE = re.compile("[\ud800-\udfff]")
_LOCK_FILE = "~$"

def _documents(paths: Iterable[str | Path]) -> tuple[list[Path], list[DocumentError]]:
    found: list[Path] = []
    failures: list[DocumentError] = []
    for p in map(Path, paths):
        if p.is_dir():
            docs = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES
                          and not f.name.startswith(_LOCK_FILE))
            if not docs:
                failures.append(DocumentError(str(p), "document.empty_folder", suffixes=", ".join(DOCUMENT_SUFFIXES)))
            found.extend(docs)
        elif p.is_file():
            found.append(p)
        elif p.exists():
            failures.append(DocumentError(str(p), "document.not_regular"))
        else:
            failures.append(DocumentError(str(p), "document.missing"))
    if not found and not failures:
        failures.append(DocumentError("-", "document.none_given"))
    return found, failures

def find_documents(paths: Iterable[str | Path]) -> list[Path]:
    """The documents named: files as given, folders searched for document files (sorted)."""
    found, failures = _documents(paths)
    if failures:
        raise failures[0]
    return found

def read_file(path: Path, *, format: str | None = None, aliases: AliasTable | None = None,
              issuer: str | None = None, key: str | None = None, data: bytes | None = None) -> list[PlanBuild]:
    """Read and build the plans of one file (a workbook may hold one per sheet); ``key`` stands
    for its name in the plans' identity."""
    if data is None:
        data = _load(path)
    try:
        return _builds(data, name=path.name, digest=hashlib.sha256(data).hexdigest(), format=format,
                       aliases=aliases, issuer=issuer, key=key)
    except DocumentError as exc:  # name the file as the user gave it
        raise DocumentError(str(path), exc.message, line=exc.line) from None
    except RecursionError:
        raise DocumentError(str(path), "document.too_deep") from None

def read_one(path: Path, *, format: str | None = None, aliases: AliasTable | None = None,
             issuer: str | None = None, key: str | None = None, data: bytes | None = None) -> PlanBuild:
    """Read and build one file's plan (the first, for a workbook of several)."""
    return read_file(path, format=format, aliases=aliases, issuer=issuer, key=key, data=data)[0]

def _load(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(str(path), "document.cannot_read", reason=exc.strerror or str(exc)) from None

@dataclass(frozen=True)
class Reading:
    """What reading several documents gave: the corpus of those read, and what was not read.

    ``failures`` are the documents that could not be read, each with its reason;
    ``duplicates`` pairs a file with the one of the same bytes read before it (read once).
    """

    corpus: Corpus
    failures: tuple[DocumentError, ...] = ()
    duplicates: tuple[tuple[str, str], ...] = ()

def read_all(paths: Iterable[str | Path], *, format: str | None = None, aliases: AliasTable | None = None,
             issuer: str | None = None, cache: BuildCache | None = None, jobs: int = 1,
             on_file: Callable[[int, int, Path], None] | None = None) -> Reading:
    """Read files and folders, each on its own: one bad document does not stop the others.

    Files of the same name in different folders are told apart by their paths; the same
    bytes under two names are read once. With a ``cache``, a file read before with the same
    bytes, name and options is not parsed again. ``jobs`` > 1 parses a big folder in that many
    worker processes (:mod:`.workers`); the result is the same, in the same order.
    ``on_file(done, total, path)`` is called as each file to parse starts (a progress bar).
    """
    found, failures = _documents(paths)
    found = list(dict.fromkeys(found, None))  # a file named twice is read once
    names = Counter(p.name for p in {p.resolve() for p in found})
    options = {"format": format, "issuer": issuer, "aliases": aliases}
    seen: dict[str, str] = {}
    duplicates: list[tuple[str, str]] = []
    done: list[list[PlanBuild] | DocumentError | None] = []  # per document, in order
    todo: list[tuple[int, Path, str | None, str, int]] = []  # (slot, path, key, digest, size)
    for path in found:
        try:
            data = _load(path)
        except DocumentError as exc:
            done.append(exc)
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            duplicates.append((str(path), seen[digest]))
            continue
        seen[digest] = str(path)
        key = str(path) if names[path.name] > 1 else None
        done.append(cache.get(digest, key or path.name, **options) if cache is not None else None)
        if done[-1] is None:
            todo.append((len(done) - 1, path, key, digest, len(data)))
    parse = partial(_read_job, format=format, aliases=aliases, issuer=issuer)
    started = None if on_file is None else (lambda i: on_file(i, len(todo), todo[i][1]))
    results = map_documents(parse, [(path, key) for _, path, key, _, _ in todo],
                            sizes=[size for *_, size in todo], workers=jobs, on_start=started)
    for (slot, path, key, digest, _), result in zip(todo, results, strict=True):
        done[slot] = result
        if cache is None or isinstance(result, DocumentError):
            continue
        if all(b.plan.source.sha256 == digest for b in result):  # not when the file changed while it was being read
            cache.put(digest, key or path.name, result, **options)
    builds = [build for result in done if isinstance(result, list) for build in result]
    failures.extend(result for result in done if isinstance(result, DocumentError))
    return Reading(assemble(builds), tuple(failures), tuple(duplicates))


def _read_job(job: tuple[Path, str | None], **options: Any) -> list[PlanBuild]:
    path, key = job
    return read_file(path, key=key, **options)


def read(paths: Iterable[str | Path], *, format: str | None = None, aliases: AliasTable | None = None,
         issuer: str | None = None) -> Corpus:
    """Read files and folders into one corpus; the first bad document raises (all or nothing)."""
    reading = read_all(paths, format=format, aliases=aliases, issuer=issuer)
    if reading.failures:
        raise reading.failures[0]
    return reading.corpus
