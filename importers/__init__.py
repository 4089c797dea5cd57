"""Importers: documents as published in, the model out.

Four wings, one per trade, and the road through them at the top:

- :mod:`.readers`: file readers, a published file's bytes into blocks with their places (Word,
  spreadsheets, CSV, HTML, PDF, old Office files through LibreOffice, text decoded);
- :mod:`.text`: text cleaning, each character's origin remembered;
- :mod:`.structure`: the document's identity and its outline or table, into a raw document;
- :mod:`.facts`: the Chinese fact grammar, who leads and supports, targets, deadlines, progress.

:mod:`.build` gives the raw document its identity, ids, source spans and quality report;
:mod:`.read` runs it all per file (in worker processes for a big folder, :mod:`.workers`; built
plans cached by :mod:`.cache`) and :mod:`.assemble` merges the plans into one corpus.

>>> from dutygraph.importers import parse
>>> parse("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头）\\n").plans[0].items[0].ref
'1'
"""

from dutygraph._exports import lazy_exports

_NAMES = {
    "parse": "read", "read": "read", "read_all": "read", "read_file": "read", "find_documents": "read",
    "Reading": "read", "DOCUMENT_SUFFIXES": "read", "INPUT_FORMATS": "structure.formats", "BuildCache": "cache",
}
__all__ = sorted(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
