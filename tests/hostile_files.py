"""Files meant to break a reader, written by hand: small, and built in a moment.

* :func:`pdf_bytes` — a PDF of given pages (optionally encrypted: an ``/Encrypt`` dictionary
  whose password nobody knows, which is all a reader sees of a protected file);
* :func:`encrypted_office` — what Word and Excel save with a password: an OLE compound file
  holding ``EncryptionInfo`` and ``EncryptedPackage`` streams;
* :func:`zip_bomb` — a ``.docx`` whose document part unpacks to more than the limit allows.
"""

from __future__ import annotations

import io
import struct
import zipfile

__all__ = ["pdf_bytes", "encrypted_office", "zip_bomb"]


def pdf_bytes(pages: int = 1, *, encrypted: bool = False, text: str | None = None) -> bytes:
    """A PDF of ``pages`` blank pages (sharing one page object's content), with ``text`` in
    Helvetica on each when given, and an unknown password when ``encrypted``."""
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
    objs.append(f"<< /Length {len(stream)} >>\nstream\n".encode("latin-1").decode("latin-1") + stream.decode("latin-1") + "\nendstream")
    first = len(objs) + 1
    kids = " ".join(f"{first + i} 0 R" for i in range(pages))
    objs[1] = f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>"
    for _ in range(pages):
        objs.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>")
    trailer_extra = ""
    if encrypted:
        objs.append("<< /Filter /Standard /V 1 /R 2 /O <" + "11" * 32 + "> /U <" + "22" * 32 + "> /P -44 >>")
        trailer_extra = f" /Encrypt {len(objs)} 0 R /ID [<{'ab' * 16}> <{'ab' * 16}>]"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n{obj}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode())
    out.write(b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets))
    out.write(f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R{trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _entry(name: str, kind: int, child: int = -1, right: int = -1, start: int = -2, size: int = 0) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1) + struct.pack("<iii", -1, right, child)
            + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<iI", start, size) + b"\0" * 4)


def encrypted_office() -> bytes:
    """An OLE compound file as Office writes a password-protected ``.docx``/``.xlsx``."""
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0) + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    fat = struct.pack("<II", fat_sector, end) + struct.pack("<I", free) * 126
    directory = (_entry("Root Entry", 5, child=1) + _entry("EncryptionInfo", 2, right=2)
                 + _entry("EncryptedPackage", 2) + b"\0" * 128)
    return header + fat + directory


def zip_bomb(size: int) -> bytes:
    """A ``.docx``-shaped zip whose ``word/document.xml`` unpacks to ``size`` bytes of blanks."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1 << 20)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return out.getvalue()
