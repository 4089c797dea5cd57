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
from collections.abc import Iterable
from pathlib import Path

from dutygraph.errors import DocumentError
from dutygraph.importers.build import PlanBuild, assemble, build_plan
from dutygraph.importers.encoding import decode
from dutygraph.importers.formats import detect, parser_for
from dutygraph.importers.normalize import normalize
from dutygraph.ontology.model import Corpus, SourceDocument
from dutygraph.ontology.offices import AliasTable

__all__ = ["parse", "read", "read_one", "find_documents", "DOCUMENT_SUFFIXES"]

DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".tsv", ".text")


def _build(text: str, *, name: str, digest: str, encoding: str, format: str | None,
           aliases: AliasTable | None, issuer: str | None) -> PlanBuild:
    norm = normalize(text)
    fmt = format or detect(norm, path=name)
    raw = parser_for(fmt)(norm)
    if not raw.items:
        raise DocumentError(name, f"no work-plan items found (read as {fmt})")
    source = SourceDocument(name=name, sha256=digest, format=fmt, encoding=encoding, normalisations=norm.applied)
    return build_plan(raw, norm, source, table=aliases or AliasTable.builtin(), issuer=issuer)


def parse(text: str, *, source: str = "<text>", format: str | None = None,
          aliases: AliasTable | None = None, issuer: str | None = None) -> Corpus:
    """Parse one document's text; raises only :class:`DocumentError` on bad input."""
    try:
        build = _build(text, name=source, digest=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                       encoding="utf-8", format=format, aliases=aliases, issuer=issuer)
    except DocumentError:
        raise
    except RecursionError:
        raise DocumentError(source, "document structure nested too deeply to read") from None
    return assemble([build])


def find_documents(paths: Iterable[str | Path]) -> list[Path]:
    """The documents named: files as given, folders searched for document files (sorted)."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            docs = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES)
            if not docs:
                raise DocumentError(str(p), f"no documents in this folder (looked for {', '.join(DOCUMENT_SUFFIXES)})")
            found.extend(docs)
        elif p.is_file():
            found.append(p)
        elif p.exists():
            raise DocumentError(str(p), "not a regular file")
        else:
            raise DocumentError(str(p), "no such file or folder")
    if not found:
        raise DocumentError("-", "no documents given")
    return found


def read_one(path: Path, *, format: str | None = None, aliases: AliasTable | None = None,
             issuer: str | None = None) -> PlanBuild:
    """Read and build one file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(str(path), f"cannot read: {exc.strerror or exc}") from None
    decoded = decode(data, path=str(path))
    try:
        return _build(decoded.text, name=path.name, digest=hashlib.sha256(data).hexdigest(),
                      encoding=decoded.encoding, format=format, aliases=aliases, issuer=issuer)
    except DocumentError as exc:  # name the file as the user gave it
        raise DocumentError(str(path), exc.message, line=exc.line) from None


def read(paths: Iterable[str | Path], *, format: str | None = None, aliases: AliasTable | None = None,
         issuer: str | None = None) -> Corpus:
    """Read files and folders into one corpus. Any bad document raises before anything returns."""
    builds = [read_one(p, format=format, aliases=aliases, issuer=issuer) for p in find_documents(paths)]
    return assemble(builds)
