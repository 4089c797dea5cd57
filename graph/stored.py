"""A stored corpus: the model as one file, read back by every command without parsing again.

``dutygraph import DIR -o plans.dg`` writes it; any command that reads documents takes
``plans.dg`` among its PATHS. The file is JSON: a header that says what it is and which
version of the layout, then the model exactly as :class:`~dutygraph.ontology.model.Corpus`
dumps it, so reading it back gives an equal corpus.

>>> from dutygraph.importers.read import parse
>>> corpus = parse("某县教育局2023年工作要点\\n1.扩充学位。（学前科牵头）\\n")
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "plans.dg"
>>> _ = path.write_text(dump_corpus(corpus), encoding="utf-8")
>>> load_corpus(path) == corpus
True
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from dutygraph.errors import DocumentError, ModelError
from dutygraph.ontology.integrity import check_references
from dutygraph.ontology.model import Corpus

__all__ = ["STORED_SUFFIX", "dump_corpus", "load_corpus", "is_stored"]

STORED_SUFFIX = ".dg"
_KIND = "dutygraph corpus"
_LAYOUT = 1


def is_stored(path: str | Path) -> bool:
    """Whether ``path`` names a stored corpus (by its suffix)."""
    return Path(path).suffix.lower() == STORED_SUFFIX


def dump_corpus(corpus: Corpus) -> str:
    """The text of a stored corpus."""
    return f'{{"kind": "{_KIND}", "layout": {_LAYOUT}, "corpus": {corpus.model_dump_json()}}}'


def load_corpus(path: str | Path) -> Corpus:
    """Read a stored corpus; a file that is not one (or of another layout) is a DocumentError."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(str(path), f"cannot read the stored corpus: {getattr(exc, 'strerror', None) or exc}") from None
    head = text[:120]
    if f'"kind": "{_KIND}"' not in head:
        raise DocumentError(str(path), "not a stored corpus (write one with `dutygraph import PATHS -o FILE.dg`)")
    if f'"layout": {_LAYOUT},' not in head:
        raise DocumentError(str(path), "a stored corpus of another dutygraph version: import its documents again")
    start = text.index('"corpus": ') + len('"corpus": ')
    try:
        corpus = Corpus.model_validate_json(text[start : text.rstrip().rindex("}")])
        check_references(corpus)
    except (ValidationError, ValueError, ModelError) as exc:
        first = str(exc).splitlines()[0]
        raise DocumentError(str(path), f"a damaged stored corpus ({first}): import its documents again") from None
    return corpus
