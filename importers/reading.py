"""Reading documents: files and folders in, one :class:`~dutygraph.ontology.model.Corpus` out.

One road: :func:`read` takes files and folders, :func:`parse` one document's text, both with
:class:`~dutygraph.importers.options.ReadOptions` (the reader that turns bytes into blocks and the
grammar that turns text into a plan, named apart). :func:`read` reads each document on its own and
returns a :class:`Reading`: the corpus of what was read and the documents refused, with why.
:func:`read_blocks` shows what a reader saw in one file (``dutygraph blocks``).

>>> corpus = parse("某县教育局2023年工作要点\\n一、学前教育\\n1.扩充学位。新建幼儿园3所。（学前科牵头，财务科配合）\\n")
>>> plan = corpus.plans[0]
>>> plan.title, plan.year, [a.surface for a in plan.items[0].assignments]
('某县教育局2023年工作要点', 2023, ['学前科', '财务科'])
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from dutygraph.errors import DocumentError
from dutygraph.importers.assemble import PlanBuild, assemble
from dutygraph.importers.build import build_plan
from dutygraph.importers.options import TEXT_READER, ReadOptions
from dutygraph.importers.readers.blocks import Block, Blocks, FileBlocks, Removed
from dutygraph.importers.readers.encoding import decode
from dutygraph.importers.readers.sheets import plans_in
from dutygraph.importers.structure.formats import FORMATS, READERS, SUFFIXES, detect, parser_for, reader_for
from dutygraph.importers.text.normalize import normalize
from dutygraph.importers.workers import map_documents
from dutygraph.ontology.model import Corpus, QualityIssue, SourceDocument
from dutygraph.ontology.offices import AliasTable

__all__ = ["parse", "read", "Reading", "ReadOptions", "find_documents", "read_blocks", "DOCUMENT_SUFFIXES"]

DOCUMENT_SUFFIXES = tuple(dict.fromkeys((".txt", ".md", ".markdown", ".tsv", ".text", *SUFFIXES)))
"""The suffixes a folder is searched for (Office lock files, ``~$…``, are passed over)."""

_DEFAULT = ReadOptions()


@dataclass(frozen=True)
class Reading:
    """What reading several documents gave: the corpus of those read, and what was not read.

    ``failures`` are the documents that could not be read, each with its reason (one bad
    document does not stop the others); ``duplicates`` pairs a file with the one of the same
    bytes read before it (read once).
    """

    corpus: Corpus
    failures: tuple[DocumentError, ...] = ()
    duplicates: tuple[tuple[str, str], ...] = ()

    def whole(self) -> Corpus:
        """The corpus when every document was read, else the first failure raised (all or nothing)."""
        if self.failures:
            raise self.failures[0]
        return self.corpus


def read(paths: Iterable[str | Path], options: ReadOptions | None = None) -> Reading:
    """Read files and folders, each on its own: one bad document does not stop the others.

    Files of the same name in different folders are told apart by their paths; the same
    bytes under two names are read once. With a ``cache``, a file read before with the same
    bytes, name and options is not parsed again. ``workers`` > 1 parses a big folder in that
    many worker processes (:mod:`.workers`); the result is the same, in the same order.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "plan.txt").write_text("某县教育局2023年工作要点\\n1.扩充学位。（学前科牵头）\\n", encoding="utf-8")
    >>> _ = (folder / "note.txt").write_text("只是一段话。\\n", encoding="utf-8")
    >>> reading = read([folder], ReadOptions(issuer="某县教育局"))
    >>> len(reading.corpus.plans), [f.path.endswith("note.txt") for f in reading.failures]
    (1, [True])
    """
    options = options or _DEFAULT
    found, failures = _documents(paths)
    found = list(dict.fromkeys(found, None))  # a file named twice is read once
    names = Counter(p.name for p in {p.resolve() for p in found})
    cache = options.cache
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
        done.append(cache.get(digest, key or path.name, options) if cache is not None else None)
        if done[-1] is None:
            todo.append((len(done) - 1, path, key, digest, len(data)))
    job = partial(_read_job, options=ReadOptions(options.reader, options.grammar, options.issuer, options.aliases))
    on_file = options.progress
    started = None if on_file is None else (lambda i: on_file(i, len(todo), todo[i][1]))
    results = map_documents(job, [(path, key) for _, path, key, _, _ in todo],
                            sizes=[size for *_, size in todo], workers=options.workers, on_start=started)
    for (slot, path, key, digest, _), result in zip(todo, results, strict=True):
        done[slot] = result
        if cache is None or isinstance(result, DocumentError):
            continue
        if all(b.plan.source.sha256 == digest for b in result):  # not when the file changed while it was being read
            cache.put(digest, key or path.name, result, options)
    builds = [build for result in done if isinstance(result, list) for build in result]
    failures.extend(result for result in done if isinstance(result, DocumentError))
    return Reading(assemble(builds), tuple(failures), tuple(duplicates))


def parse(text: str, options: ReadOptions | None = None, *, source: str = "<text>") -> Corpus:
    """Parse one document's text (named ``source``); raises only :class:`DocumentError` on bad input.

    A lone surrogate (a string no decoder makes, but a caller can) becomes U+FFFD, which the
    quality report then names as garbled text:

    >>> [q.kind for q in parse("某县2023年工作要点\\n1.甲\\ud800。（财务科负责）\\n").plans[0].quality]
    ['generic_issuer', 'suspect_text']
    """
    text = _SURROGATE.sub("\ufffd", text)
    try:
        builds = _builds(text, name=source, digest=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                         options=options or _DEFAULT)
    except DocumentError:
        raise
    except RecursionError:
        raise DocumentError(source, "document.too_deep") from None
    return assemble(builds)


def find_documents(paths: Iterable[str | Path]) -> list[Path]:
    """The road's first step: the documents named, files as given, folders searched for
    document files (sorted); the first path that names none raises."""
    found, failures = _documents(paths)
    if failures:
        raise failures[0]
    return found


def read_blocks(path: Path, options: ReadOptions | None = None) -> FileBlocks:
    """What the reader saw in one file: its blocks, each with its place (the text every later
    step reads). A file read as plain text gives its decoded, normalised lines, each a
    paragraph with its line number.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "plan.txt"
    >>> _ = path.write_bytes("某县2023年工作要点\\r\\n\\r\\n1.扩充学位。\\r\\n".encode("gb18030"))
    >>> seen = read_blocks(path)
    >>> seen.reader, seen.encoding, [(b.line, b.text) for b in seen.blocks.blocks]
    ('txt', 'gb18030', [(1, '某县2023年工作要点'), (3, '1.扩充学位。')])
    """
    data = _load(path)
    try:
        reader, blocks, text, encoding = _blocks_of(data, name=path.name, options=options or _DEFAULT)
    except DocumentError as exc:  # name the file as the user gave it
        raise DocumentError(str(path), exc.message, line=exc.line) from None
    if blocks is None:
        norm = normalize(text)
        lines, at = [], 0
        for line in norm.text.split("\n"):
            if line.strip():
                lines.append(Block("paragraph", line, line=norm.line_of(at)))
            at += len(line) + 1
        blocks = Blocks.of(lines)
    return FileBlocks(str(path), reader or TEXT_READER, encoding, blocks)


# -- one file ------------------------------------------------------------------------------------

def _blocks_of(data: bytes | str, *, name: str, options: ReadOptions) -> tuple[str | None, Blocks | None, str, str]:
    """(reader, blocks, text, encoding) of one file: its reader (by content, suffix or the
    options) gives blocks, or its decoded text is read as it is (no reader, no blocks)."""
    reader = reader_for(options.file_reader(), data, name)
    if reader is not None and READERS[reader].binary:
        if isinstance(data, str):
            raise DocumentError(name, "document.text_only_reader", reader=reader)
        return reader, READERS[reader].read(data, path=name), "", "binary"
    decoded = decode(data, path=name) if isinstance(data, bytes) else None
    text = decoded.text if decoded else str(data)
    encoding = decoded.encoding if decoded else "utf-8"
    return reader, (READERS[reader].read(text, path=name) if reader else None), text, encoding


def _builds(data: bytes | str, *, name: str, digest: str, options: ReadOptions, key: str | None = None) -> list[PlanBuild]:
    """The plans of one file; a workbook may hold several plans (one per sheet)."""
    reader, blocks, text, encoding = _blocks_of(data, name=name, options=options)
    build = partial(_build, name=name, digest=digest, encoding=encoding, options=options, reader=reader)
    parts = plans_in(blocks) if blocks is not None and reader in _WORKBOOKS else [(None, blocks)]
    if len(parts) == 1:
        return [build(text, key=key, blocks=parts[0][1])]
    return [build(text, key=f"{key or name}#{sheet}", blocks=part) for sheet, part in parts]

_WORKBOOKS = frozenset({"xlsx", "xls", "et"})


def _build(text: str, *, name: str, digest: str, encoding: str, options: ReadOptions, key: str | None = None,
           blocks: Blocks | None = None, reader: str | None = None) -> PlanBuild:
    norm = normalize(blocks.text if blocks else text)
    fmt = options.grammar if options.grammar in FORMATS else detect(norm, path=name)
    raw = parser_for(fmt)(norm)
    if not raw.items:
        raise DocumentError(name, "document.no_items_as", format=reader or fmt)
    source = SourceDocument(name=name, sha256=digest, format=reader or fmt, encoding=encoding, normalisations=norm.applied)
    build = build_plan(raw, norm, source, table=options.aliases or AliasTable.builtin(), issuer=options.issuer,
                       locate=blocks.locate if blocks else None, key=key)
    return _with_removed(build, blocks.removed) if blocks and blocks.removed else build


def _with_removed(build: PlanBuild, removed: tuple[Removed, ...]) -> PlanBuild:
    """The plan with what its reader left out reported (a PDF's running headers, page numbers)."""
    notes = [QualityIssue.of("page_furniture", page=r.line, text=" ".join(r.text.split())[:40])
             if r.kind == "furniture" else QualityIssue.of("pdfium_page", page=r.line) for r in removed]
    plan = build.plan.model_copy(update={"quality": build.plan.quality + tuple(notes)})
    return PlanBuild(plan, build.organizations, build.parties, build.leaders)


def _read_file(path: Path, *, options: ReadOptions, key: str | None = None) -> list[PlanBuild]:
    """Read and build the plans of one file; ``key`` stands for its name in the plans' identity."""
    data = _load(path)
    try:
        return _builds(data, name=path.name, digest=hashlib.sha256(data).hexdigest(), options=options, key=key)
    except DocumentError as exc:  # name the file as the user gave it
        raise DocumentError(str(path), exc.message, line=exc.line) from None
    except RecursionError:
        raise DocumentError(str(path), "document.too_deep") from None


def _read_job(job: tuple[Path, str | None], *, options: ReadOptions) -> list[PlanBuild]:
    path, key = job
    return _read_file(path, options=options, key=key)


def _load(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(str(path), "document.cannot_read", reason=exc.strerror or str(exc)) from None


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
