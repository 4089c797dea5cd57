"""The model as linked data: :mod:`.triples` builds the RDF graph, :mod:`.read` reads it back,
:mod:`.files` writes and reads Turtle, JSON-LD, N-Triples and TriG."""
