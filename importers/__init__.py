"""Importers: documents as published in, the model out.

Four wings, one per trade, and the road through them at the top:

- :mod:`.readers`: file readers, a published file's bytes into blocks with their places (Word,
  spreadsheets, CSV, HTML, PDF, old Office files through LibreOffice, text decoded);
- :mod:`.text`: text cleaning, each character's origin remembered;
- :mod:`.structure`: the document's identity and its outline or table, into a raw document;
- :mod:`.facts`: the Chinese fact grammar, who leads and supports, targets, deadlines, progress.

:mod:`.build` gives the raw document its identity, ids, source spans and quality report.
:mod:`.reading` is the one road through it all: ``read(paths, options)`` for files and folders,
``parse(text, options)`` for text, with :class:`~.options.ReadOptions` naming the reader and the
grammar apart; it runs per file (in worker processes for a big folder, :mod:`.workers`; built
plans cached by :mod:`.cache`) and :mod:`.assemble` merges the plans into one corpus. What a
reader saw in a file, its blocks with their places (:mod:`.readers.blocks`), is public:
``read_blocks(path)``.

>>> from dutygraph.importers import parse
>>> parse("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头）\\n").plans[0].items[0].ref
'1'
"""

from dutygraph._exports import lazy_exports
from dutygraph._layout import refuse_other_names

refuse_other_names(__name__)  # `import importers` from the repository root would be a second copy

_NAMES = {
    **dict.fromkeys(["parse", "read", "Reading", "find_documents", "read_blocks", "DOCUMENT_SUFFIXES"], "reading"),
    "ReadOptions": "options", "INPUT_FORMATS": "structure.formats", "BuildCache": "cache",
    **dict.fromkeys(["Block", "Blocks", "FileBlocks"], "readers.blocks"),
}
__all__ = sorted(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
