"""The Chinese fact grammar: who is responsible, for what, how much and by when.

Responsibility statements (:mod:`.responsibility`, :mod:`.statements`), party lists
(:mod:`.parties`, kept clean by :mod:`.hygiene`, in the words of :mod:`.vocabulary`), labelled
fields (:mod:`.fields`), targets (:mod:`.targets` over :mod:`.clauses`, :mod:`.quantities`,
:mod:`.figures`, :mod:`.numbers`), deadlines (:mod:`.dates`), progress rows (:mod:`.progress`)
and the documents a plan cites (:mod:`.citations`).
"""
