"""Document structure: a plan's identity, its outline or table, and its units.

The format is detected (:mod:`.formats`); :mod:`.meta` reads the title, issuers, year and
document number; an outline is parsed by :mod:`.outline` (numbering in :mod:`.markers`), a table
by :mod:`.table` (columns in :mod:`.columns`, lines into cells by :mod:`.cells`, cells that
arrived one per line by :mod:`.cellstream`); :mod:`.truncation` reports a page cut inside its
last item; the result is the raw document of :mod:`.raw`.
"""
