"""Views and stores of the model: one model, many graphs.

:mod:`.convert` turns a corpus into a networkx ``MultiDiGraph`` (what the queries and pages
read) and back without loss; :mod:`.export` writes the JSON export, :mod:`.rdf` the RDF view
(read back by :mod:`.rdf_read`; files in :mod:`.rdf_files`), :mod:`.interchange` GraphML, GEXF,
Cytoscape JSON and CSV, :mod:`.neo4j_csv` the ``neo4j-admin`` bulk files; :mod:`.exports` is
the one table of export formats. :mod:`.stored` keeps a corpus in one file: an SQLite
store (:mod:`.sqlite_store`, its tables in :mod:`.sqlite_schema`, its rows in :mod:`.sqlite_rows`). The Neo4j store is
:mod:`.neo4j_store` (a batched loader and its inverse; big plans staged by
:mod:`.neo4j_staging`), reached through :mod:`.neo4j_connect`, and :mod:`.neo4j_server` starts a
real Neo4j from Maven Central jars when none is running.

>>> from dutygraph.graph import to_networkx
>>> from dutygraph.importers import parse
>>> to_networkx(parse("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头）\\n")).number_of_nodes()
5
"""

from dutygraph._exports import lazy_exports
from dutygraph._layout import refuse_other_names

refuse_other_names(__name__)  # `import graph` from the repository root would be a second copy

_NAMES = {
    "to_networkx": "convert", "from_networkx": "convert", "export_view": "export", "export_schema": "export",
    "to_rdf": "rdf", "from_rdf": "rdf_read", "export_text": "exports", "export_files": "exports",
    "EXPORT_FORMATS": "exports", "dump_corpus": "stored", "load_corpus": "stored", "push": "neo4j_store",
    "pull": "neo4j_store", "save_corpus": "stored", "open_store": "sqlite_store",
}
__all__ = sorted(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
