"""Text cleaning: a decoded document made fit for parsing, every character's origin kept.

:mod:`.normalize` cleans the text and maps each character back to the original; :mod:`.radicals`
folds radical look-alikes; :mod:`.furniture` drops the lines a crawl or a printer adds.
"""
