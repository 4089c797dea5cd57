"""RDF files: the model written as Turtle, JSON-LD, N-Triples or TriG, and read back.

=========  ================  =========================================================
format     suffix            what it holds
=========  ================  =========================================================
``ttl``    ``.ttl``          Turtle, one graph, prefixes bound
``jsonld`` ``.jsonld``       JSON-LD, compacted with the same prefixes as its context
``nt``     ``.nt``           N-Triples, one triple per line (streams, diffs)
``trig``   ``.trig``         TriG: one named graph per plan and one for shared parties
=========  ================  =========================================================

>>> from dutygraph.importers.reading import parse
>>> corpus = parse("某县教育局2023年工作要点\\n1.扩充学位。（学前科牵头，财务科配合）\\n")
>>> text = serialize(corpus, "jsonld")
>>> parse_corpus(text, "jsonld") == corpus
True
"""

from __future__ import annotations

import contextlib
import json
import warnings
from collections.abc import Iterator
from pathlib import Path

from rdflib import Dataset, Graph, URIRef, plugin
from rdflib.exceptions import ParserError
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.serializer import Serializer
from rdflib.term import Node

from dutygraph.errors import DocumentError, ModelError, UsageError, quoted
from dutygraph.graph.files import RDF_SUFFIXES, is_rdf_file
from dutygraph.graph.rdf.triples import PREFIXES, to_dataset, to_rdf
from dutygraph.ontology.terms import ID
from dutygraph.graph.rdf.read import from_rdf
from dutygraph.ontology.integrity import check_references
from dutygraph.ontology.model import Corpus

__all__ = ["RDF_FORMATS", "RDF_SUFFIXES", "is_rdf_file", "load_graph", "parse_corpus", "parse_graph", "read_rdf",
           "serialize"]

RDF_FORMATS: dict[str, str] = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "trig": "trig"}
"""dutygraph's format names → rdflib's."""


_RDFLIB_DEPRECATIONS = ("ConjunctiveGraph is deprecated", "Dataset.contexts is deprecated",
                        "Dataset.default_context is deprecated")
"""What rdflib 7 warns about its own internals: its JSON-LD parser builds a ConjunctiveGraph,
and ``Dataset.parse`` and the TriG serializer call ``Dataset.default_context`` and
``Dataset.contexts``. dutygraph calls none of these itself, so these warnings (and only these)
are silenced around those three rdflib calls; any other warning still surfaces."""


@contextlib.contextmanager
def _rdflib_internals() -> Iterator[None]:
    with warnings.catch_warnings():
        for message in _RDFLIB_DEPRECATIONS:
            warnings.filterwarnings("ignore", message=message, category=DeprecationWarning)
        yield


def _rdflib_format(fmt: str) -> str:
    if fmt not in RDF_FORMATS:
        raise UsageError("usage.unknown_rdf_format", name=quoted(fmt), known=", ".join(RDF_FORMATS))
    return RDF_FORMATS[fmt]


def _no_pname_for_ids(serializer: type[TurtleSerializer]) -> type[TurtleSerializer]:
    """rdflib's Turtle (or TriG) writer, which writes dutygraph's ids as full IRIs without first
    searching for a prefix for each: rdflib keeps every namespace it has seen (one per item,
    ``…/id/item:…/assignment/``) in one flat list and scans it for every IRI, so writing N
    items took time growing as N². The text is the same: no id ever got a prefixed name."""

    class Serializer(serializer):
        def get_pname(self, uri: Node, gen_prefix: bool = True) -> str | None:
            if isinstance(uri, URIRef) and uri.startswith(_ID_SPACE):
                return None
            return super().get_pname(uri, gen_prefix)

    Serializer.__name__ = Serializer.__qualname__ = f"Dutygraph{serializer.__name__}"
    return Serializer


_ID_SPACE = str(ID)
_SERIALIZERS = {"ttl": _no_pname_for_ids(TurtleSerializer), "trig": _no_pname_for_ids(TrigSerializer)}
for _fmt, _class in _SERIALIZERS.items():
    plugin.register(f"dutygraph-{_fmt}", Serializer, __name__, _class.__name__)
    globals()[_class.__name__] = _class


def serialize(corpus: Corpus, fmt: str) -> str:
    """The corpus as RDF text in ``fmt`` (see :data:`RDF_FORMATS`)."""
    name = _rdflib_format(fmt)
    if fmt == "trig":
        with _rdflib_internals():
            return to_dataset(corpus).serialize(format="dutygraph-trig")
    graph = to_rdf(corpus)
    if fmt == "ttl":
        return graph.serialize(format="dutygraph-ttl")
    if fmt == "jsonld":
        context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
        return graph.serialize(format=name, context=context, auto_compact=True, ensure_ascii=False)
    return graph.serialize(format=name)


ONTOLOGY_CONTEXTS = ("https://w3id.org/dutygraph/ontology", "https://w3id.org/dutygraph/ontology#",
                     "https://w3id.org/dutygraph/context.jsonld")
"""The JSON-LD contexts a document may name rather than hold: dutygraph's own (the prefixes
:func:`serialize` writes inline), supplied from here; any other named context is refused."""

MAX_JSON_DEPTH = 64
"""The deepest nesting of a JSON-LD file read (what ``export`` writes is a few levels deep)."""


def _local_contexts(data: str, source: str) -> object:
    """The JSON of a JSON-LD text with every named context (``"@context": "http://…"``,
    ``@import``) replaced by the ontology's own, or a :class:`~dutygraph.errors.DocumentError`:
    reading a file never reaches the network or another file (rdflib would fetch them).

    >>> _local_contexts('{"@context": "https://w3id.org/dutygraph/ontology", "@id": "x"}', "a.jsonld")["@id"]
    'x'
    >>> _local_contexts('{"@context": "file:///etc/hostname"}', "a.jsonld")
    Traceback (most recent call last):
    dutygraph.errors.DocumentError: a.jsonld：不读取 JSON-LD 上下文 'file:///etc/hostname'：只读取文件内写明的上下文（或 dutygraph 自己的）
    """
    try:
        parsed = json.loads(data)
    except RecursionError:
        raise DocumentError(source, "document.jsonld_too_deep") from None
    own = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    stack: list[tuple[object, int]] = [(parsed, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise DocumentError(source, "document.jsonld_deeper", most=MAX_JSON_DEPTH)
        if isinstance(node, list):
            stack += [(x, depth + 1) for x in node]
            continue
        if not isinstance(node, dict):
            continue
        for key in ("@context", "@import"):
            if key not in node:
                continue
            named = node[key] if isinstance(node[key], list) else [node[key]]
            for i, ref in enumerate(named):
                if isinstance(ref, str):
                    if ref.rstrip("/") not in ONTOLOGY_CONTEXTS:
                        raise DocumentError(source, "document.jsonld_context", ref=quoted(str(ref)))
                    named[i] = own
            if key == "@import":
                node.pop(key)
                node.update({k: v for k, v in own.items() if k not in node})
            else:
                node[key] = named if isinstance(node[key], list) else named[0]
        stack += [(v, depth + 1) for v in node.values()]
    return parsed


def parse_graph(data: str, fmt: str, *, source: str = "<rdf>", graph: Graph | None = None) -> Graph:
    """RDF text as one graph (the union of a TriG file's graphs), into ``graph`` when given.

    Raises :class:`~dutygraph.errors.DocumentError` naming ``source`` (and the line where the
    parser says) when the text is not valid ``fmt``.
    """
    name = _rdflib_format(fmt)
    target = Graph() if graph is None else graph
    try:
        if fmt == "trig":
            ds = Dataset()
            with _rdflib_internals():
                ds.parse(data=data, format=name)
                for part in ds.graphs():
                    target += part
        elif fmt == "jsonld":
            vetted = json.dumps(_local_contexts(data, source), ensure_ascii=False)
            with _rdflib_internals():
                target.parse(data=vetted, format=name)
        else:
            target.parse(data=data, format=name)
    except RecursionError:
        raise DocumentError(source, "document.rdf_too_deep", format=fmt) from None
    except IndexError:  # rdflib's Turtle parser reading past the end of a statement cut short
        raise DocumentError(source, "document.rdf_cut", format=fmt) from None
    except AssertionError as exc:  # rdflib's Turtle parser asserts some of its syntax (a string's closing quote)
        said = " ".join(str(exc).split())
        raise DocumentError(source, "document.rdf_invalid", format=fmt, reason=said[:120] or "malformed") from None
    except (ParserError, SyntaxError, ValueError) as exc:
        lines = getattr(exc, "lines", None)  # BadSyntax counts lines from 0, JSON errors from 1
        line = lines + 1 if isinstance(lines, int) else getattr(exc, "lineno", None)
        why = getattr(exc, "_why", None)  # rdflib's Turtle/TriG/N-Triples BadSyntax
        text = str(why if why else exc).strip()
        message = text.splitlines()[0] if text else type(exc).__name__
        raise DocumentError(source, "document.rdf_invalid", line=line if isinstance(line, int) else None,
                            format=fmt, reason=message) from None
    return target


def parse_corpus(data: str, fmt: str, *, source: str = "<rdf>") -> Corpus:
    """RDF text back to the model."""
    return from_rdf(parse_graph(data, fmt, source=source))


def load_graph(path: str | Path, *, graph: Graph | None = None) -> Graph:
    """Read an RDF file (its format from the suffix) into one graph."""
    path = Path(path)
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise DocumentError(str(path), "document.not_rdf", known=", ".join(RDF_SUFFIXES))
    try:
        data = path.read_text("utf-8")
    except OSError as exc:
        raise DocumentError(str(path), "document.cannot_read", reason=exc.strerror or str(exc)) from None
    except UnicodeDecodeError:
        raise DocumentError(str(path), "document.rdf_not_utf8") from None
    return parse_graph(data, fmt, source=str(path), graph=graph)


def read_rdf(path: str | Path) -> Corpus:
    """An exported RDF file back to the model (errors name the file)."""
    try:
        corpus = from_rdf(load_graph(path))
        check_references(corpus)
    except ModelError as exc:
        raise DocumentError(str(path), exc.message) from None
    if not corpus.plans:
        raise DocumentError(str(path), "document.rdf_no_plan")
    return corpus
