"""dutygraph: government work plans as a knowledge graph of who is responsible for what.

Data flows one way, a package a stage: :mod:`dutygraph.importers` read documents into the
model of :mod:`dutygraph.ontology`; :mod:`dutygraph.graph` turns the model into graphs and
stores (networkx, RDF, Neo4j, files); :mod:`dutygraph.queries` answer over the networkx graph
(with Cypher and SPARQL twins); :mod:`dutygraph.viz` draws pages; :mod:`dutygraph.cli` is
the command line over all of it. ``docs/architecture.md`` has the map.

>>> from dutygraph.importers import parse
>>> from dutygraph.graph import to_networkx
>>> from dutygraph.queries import office_workload
>>> G = to_networkx(parse("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头）\\n"))
>>> office_workload(G)[0].office
'基建科'
"""
