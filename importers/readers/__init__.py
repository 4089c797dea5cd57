"""File readers: the bytes of a published document in, blocks with their places out.

A file's kind is sniffed from its bytes (:mod:`.sniff`); Word (:mod:`.docx`, its drawn numbering
rebuilt by :mod:`.wordnum`), spreadsheets (:mod:`.sheets`), CSV (:mod:`.delimited`), HTML
(:mod:`.html`) and PDF (:mod:`.pdf`, one page at a time by :mod:`.pdfpage`) are read into the
blocks of :mod:`.blocks`; old and Kingsoft Office files go through LibreOffice (:mod:`.convert`);
a text file is decoded by :mod:`.encoding`.
"""
