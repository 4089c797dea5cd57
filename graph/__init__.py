"""Views and stores of the model: one model, many graphs.

:mod:`.convert` turns a corpus into a networkx ``MultiDiGraph`` (what the queries and pages
read) and back without loss; :mod:`.export` writes the JSON export, :mod:`.interchange` GraphML,
GEXF, Cytoscape JSON and CSV; :mod:`.exports` is the one table of export formats. Three trades
have a folder each: :mod:`.rdf` the linked-data view, :mod:`.sqlite` the embedded store (one
file per corpus, kept by :mod:`.stored`), :mod:`.neo4j` the Neo4j store and its server.

>>> from dutygraph.graph import to_networkx
>>> from dutygraph.importers import parse
>>> to_networkx(parse("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头）\\n")).number_of_nodes()
5
"""

from dutygraph._exports import lazy_exports

_NAMES = {
    "to_networkx": "convert", "from_networkx": "convert", "export_view": "export", "export_schema": "export",
    "to_rdf": "rdf.triples", "from_rdf": "rdf.read", "export_text": "exports", "export_files": "exports",
    "EXPORT_FORMATS": "exports", "dump_corpus": "stored", "load_corpus": "stored", "push": "neo4j.store",
    "pull": "neo4j.store", "save_corpus": "stored", "open_store": "sqlite.store",
}
__all__ = sorted(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES)
