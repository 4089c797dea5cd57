"""What kind of file this is, by its bytes: magic numbers and archive members, not its name.

Files are published under the wrong suffix all the time (a ``.doc`` that is a saved web page or
RTF, an ``.xls`` that is an HTML table, an ``.et`` that is an ``.xls``). :func:`sniff` looks at
the content:

=================  ==============================================================
starts with        is
=================  ==============================================================
``%PDF-``          ``pdf``
``PK``             a zip: ``docx`` (``word/document.xml``), ``xlsx`` (``xl/workbook.xml``)
``D0 CF 11 E0``    an OLE compound file: ``doc`` (a ``WordDocument`` stream), ``xls``
                   (``Workbook``/``Book``); a password-protected ``.docx``/``.xlsx`` is one too
                   (``EncryptedPackage``) and is refused as such
``{\\rtf``          ``rtf``, converted like a ``.doc``
=================  ==============================================================

Anything else is text (``None``), decoded and read as before.

>>> sniff(b"%PDF-1.7\\n...", path="a.bin")
'pdf'
>>> sniff("一、总体要求".encode("gbk"), path="plan.doc") is None
True

:func:`check_zip` guards every zip before a library unpacks it: at most :data:`MAX_MEMBERS`
members and :data:`MAX_UNPACKED` bytes unpacked, each member's real size checked against the
size it declares (a zip bomb declares little and unpacks much).
"""

from __future__ import annotations

import io
import zipfile

from dutygraph.errors import DocumentError

__all__ = ["sniff", "check_zip", "MAX_UNPACKED", "MAX_MEMBERS", "ENCRYPTED"]

MAX_UNPACKED = 256 * 1024 * 1024
"""Bytes a Word or Excel file may unpack to: the largest real task workbooks unpack to a few
MB, so 256 MB leaves room while keeping a zip bomb from filling memory."""
MAX_MEMBERS = 10_000
"""Members a Word or Excel zip may hold (a workbook of 200 sheets with images has ~1,000)."""
_CHUNK = 1 << 20

ENCRYPTED = "document.encrypted"
"""The code of the error for a password-protected file."""

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_STREAMS = {
    "WordDocument": "doc",
    "Workbook": "xls",
    "Book": "xls",
    "EncryptedPackage": "encrypted",
    "EncryptionInfo": "encrypted",
}


def sniff(data: bytes, *, path: str) -> str | None:
    """The format the bytes are in (``pdf``, ``docx``, ``xlsx``, ``doc``, ``xls``, ``rtf``), or
    None for text; a zip or compound file of another kind raises :class:`DocumentError`."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data, path)
    if data.startswith(_CFB):
        return _cfb_kind(data, path)
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    return None


def _zip_kind(data: bytes, path: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise DocumentError(path, "document.damaged_zip", reason=str(exc)) from None
    if "word/document.xml" in names or any(n.startswith("word/") and n.endswith(".xml") for n in names):
        return "docx"
    if "xl/workbook.xml" in names or any(n.startswith("xl/") and n.endswith(".xml") for n in names):
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        raise DocumentError(path, "document.opendocument")
    raise DocumentError(path, "document.other_zip")


def _cfb_kind(data: bytes, path: str) -> str:
    """The kind of an OLE compound file, by the names in its directory (128-byte entries)."""
    kinds = set()
    for at in range(512, len(data) - 127, 128):
        size = int.from_bytes(data[at + 64 : at + 66], "little")
        if not 2 <= size <= 64 or size % 2:
            continue
        try:
            name = data[at : at + size - 2].decode("utf-16-le")
        except UnicodeDecodeError:
            continue
        if name in _STREAMS and data[at + 66] in (1, 2):  # a storage or a stream
            kinds.add(_STREAMS[name])
    if "encrypted" in kinds:
        raise DocumentError(path, ENCRYPTED)
    if "doc" in kinds:
        return "doc"
    if "xls" in kinds:
        return "xls"
    raise DocumentError(path, "document.other_ole")


def check_zip(data: bytes, *, path: str, kind: str) -> None:
    """Refuse a zip that is damaged, too large when unpacked, or lies about its sizes.

    >>> check_zip(b"PK\\x03\\x04 truncated", path="a.docx", kind="Word")
    Traceback (most recent call last):
    ...
    dutygraph.errors.DocumentError: a.docx：Word 文件已损坏或不完整（不是可读的 zip 压缩包：File is not a zip file）
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise DocumentError(path, "document.zip_parts", kind=kind, parts=len(members), most=MAX_MEMBERS)
            declared = sum(m.file_size for m in members)
            if declared > MAX_UNPACKED:
                raise DocumentError(path, "document.zip_bomb", kind=kind, mb=declared // 2**20,
                                    most=MAX_UNPACKED // 2**20)
            total = 0
            for member in members:
                with archive.open(member) as stream:
                    got = 0
                    while chunk := stream.read(_CHUNK):
                        got += len(chunk)
                        total += len(chunk)
                        if got > member.file_size or total > MAX_UNPACKED:
                            raise DocumentError(path, "document.zip_lies", kind=kind)
    except DocumentError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, NotImplementedError,
            RuntimeError, KeyError) as exc:
        raise DocumentError(path, "document.damaged_kind_zip", kind=kind, reason=str(exc)) from None
    except Exception as exc:  # zlib.error and the like from a corrupted member
        raise DocumentError(path, "document.damaged_kind", kind=kind,
                            reason=f"{type(exc).__name__}: {' '.join(str(exc).split())[:80]}") from None
