"""Neo4j: the store for those who outgrow one machine.

:mod:`.store` pushes a corpus in batches and pulls it back (big plans staged by
:mod:`.staging`, the Cypher in :mod:`.statements`), reached through :mod:`.connect`;
:mod:`.admin_csv` writes the ``neo4j-admin`` bulk files; :mod:`.chains` the chains of restated
tasks; :mod:`.server` starts a real Neo4j from Maven Central jars (``launcher/``) when none runs.
"""
