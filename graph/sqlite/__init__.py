"""The embedded store: one SQLite file per corpus.

:mod:`.store` opens, writes and reads it; its tables are in :mod:`.schema` and its rows
(model ↔ table rows) in :mod:`.rows`.
"""
