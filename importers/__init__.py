"""Importers: documents as published in, the model out.

A file goes through these steps, each a module: its kind is sniffed from its bytes
(:mod:`.sniff`); a reader turns Word, Excel, CSV, HTML and PDF files into blocks with their
places (:mod:`.docx`, :mod:`.sheets`, :mod:`.delimited`, :mod:`.html`, :mod:`.pdf`; old Office
files through LibreOffice, :mod:`.convert`), a text file is decoded (:mod:`.encoding`);
:mod:`.normalize` cleans the text and remembers where each character came from; the format is
detected (:mod:`.formats`) and parsed as an outline (:mod:`.outline`, numbering in
:mod:`.markers`) or a table (:mod:`.table`, :mod:`.columns`) into a raw document (:mod:`.raw`),
with responsibility read by :mod:`.responsibility` and :mod:`.parties`, targets by
:mod:`.targets` (:mod:`.clauses`, :mod:`.quantities`, :mod:`.dates`, :mod:`.figures`) and
progress rows by :mod:`.progress`; :mod:`.build` gives the raw document its identity, ids and
source spans. :mod:`.read` runs it all per file (in worker processes for a big folder,
:mod:`.workers`; built plans cached by :mod:`.cache`) and assembles one corpus.

>>> from dutygraph.importers import parse
>>> parse("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头）\\n").plans[0].items[0].ref
'1'
"""

from dutygraph._exports import lazy_exports
from dutygraph._layout import refuse_other_names

refuse_other_names(__name__)  # `import importers` from the repository root would be a second copy

_NAMES = {
    "parse": "read", "read": "read", "read_all": "read", "read_file": "read", "find_documents": "read",
    "Reading": "read", "DOCUMENT_SUFFIXES": "read", "INPUT_FORMATS": "formats", "BuildCache": "cache",
}
__all__ = sorted(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
