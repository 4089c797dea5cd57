"""Old and Kingsoft Office files (``.doc``, ``.wps``, ``.et``, RTF) through a headless LibreOffice.

No permissively licensed Python library reads Word 97–2003 binaries, so these files are
converted with LibreOffice when one is installed (``soffice --headless --convert-to docx``) and
the result read as a ``.docx`` (or ``.xlsx``). LibreOffice is optional: without it, reading such
a file is one line saying how to install it or how to save the file in a format dutygraph reads.

* The converter runs in a fresh temporary profile (so it neither meets a running LibreOffice
  nor leaves settings behind) and is killed, with everything it started, after
  :data:`CONVERT_TIMEOUT` seconds. "Everything it started" is its process group and every
  process carrying the conversion's mark in its environment (:data:`MARK_ENV`, inherited by
  whatever the converter starts), so a helper that left the group (``setsid``) and was
  re-parented elsewhere is found in ``/proc`` and killed too.
* ``$DUTYGRAPH_SOFFICE`` names the program when it is not on ``PATH`` (``soffice`` or
  ``libreoffice``); set to an empty string it turns conversion off.

>>> sorted(TARGET)
['doc', 'et', 'rtf', 'wps', 'xls']
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from dutygraph.errors import DocumentError, Message

__all__ = ["CONVERT_TIMEOUT", "MARK_ENV", "MAX_CONVERTED", "TARGET", "soffice", "convert", "install_hint"]

CONVERT_TIMEOUT = 180
"""Seconds a conversion may take: a cold LibreOffice starts in 5–20 s on a loaded 2-core
machine and converts a 100-page ``.doc`` in a few more; past three minutes it is hung (a
dialog it cannot show, a file that loops), and is killed."""
MAX_CONVERTED = 256 * 1024 * 1024
"""Bytes a converted file may have (the zip limit of :mod:`.sniff` applies after it)."""

MARK_ENV = "DUTYGRAPH_CONVERSION"
"""The environment variable marking a conversion's processes (its value is unique per conversion)."""

TARGET = {"doc": "docx", "wps": "docx", "rtf": "docx", "et": "xlsx", "xls": "xlsx"}
"""Format → what LibreOffice converts it to."""

_NAMES = {"doc": "Word 97–2003 (.doc)", "wps": "Kingsoft WPS (.wps)", "rtf": "RTF", "et": "Kingsoft ET (.et)",
          "xls": "Excel 97–2003 (.xls)"}
_SAVE_AS = {"docx": ".docx", "xlsx": ".xlsx"}


def soffice() -> str | None:
    """The LibreOffice program to convert with, or None when there is none."""
    named = os.environ.get("DUTYGRAPH_SOFFICE")
    if named is not None:
        return (shutil.which(named) or (named if Path(named).is_file() and os.access(named, os.X_OK) else None)) if named else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def install_hint(kind: str) -> Message:
    """The message for a file that needs LibreOffice when none is installed."""
    return Message("document.needs_libreoffice", kind=_NAMES[kind], suffix=_SAVE_AS[TARGET[kind]])


def convert(data: bytes, *, path: str, kind: str) -> bytes:
    """Convert a ``kind`` file's bytes with LibreOffice; the converted file's bytes."""
    program = soffice()
    if program is None:
        raise DocumentError(path, install_hint(kind))
    target = TARGET[kind]
    with tempfile.TemporaryDirectory(prefix="dutygraph-convert-") as tmp:
        work = Path(tmp)
        source = work / f"document.{kind}"
        source.write_bytes(data)
        out = work / "out"
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--nologo", "--nodefault", "--nolockcheck", "--convert-to", target, "--outdir", str(out), str(source)]
        mark = f"{os.getpid()}-{secrets.token_hex(8)}"
        try:
            proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    start_new_session=True, env={**os.environ, "HOME": str(work), MARK_ENV: mark})
        except OSError as exc:
            raise DocumentError(path, "document.libreoffice_start", program=program, reason=exc.strerror or str(exc)) from None
        try:
            output, _ = proc.communicate(timeout=CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired:
            _kill(proc, mark)
            raise DocumentError(path, "document.libreoffice_timeout", kind=_NAMES[kind], seconds=CONVERT_TIMEOUT,
                                suffix=_SAVE_AS[target]) from None
        finally:
            _kill(proc, mark)
        result = out / f"document.{target}"
        if not result.is_file() or result.stat().st_size == 0:
            said = " ".join(output.decode("utf-8", "replace").split())[-160:]
            raise DocumentError(path, Message("document.libreoffice_failed_said", kind=_NAMES[kind], said=said) if said
                                else Message("document.libreoffice_failed", kind=_NAMES[kind]))
        if result.stat().st_size > MAX_CONVERTED:
            raise DocumentError(path, "document.converted_too_large", mb=MAX_CONVERTED // 2**20)
        return result.read_bytes()


def _kill(proc: subprocess.Popen, mark: str) -> None:
    """End the converter and whatever it started: its own process group, then every process
    marked with ``mark`` (a few rounds, in case one was forking as the last was killed)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()
    for _ in range(20):
        marked = _marked(mark)
        if not marked:
            break
        for pid in marked:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)
    if proc.stdout is not None and not proc.stdout.closed:
        proc.stdout.close()


def _marked(mark: str) -> list[int]:
    """The running processes whose environment holds ``MARK_ENV=mark`` (none where there is no /proc)."""
    needle = f"{MARK_ENV}={mark}".encode()
    found = []
    with contextlib.suppress(OSError), os.scandir("/proc") as entries:
        for entry in entries:
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            with contextlib.suppress(OSError):
                with open(f"/proc/{entry.name}/environ", "rb") as fh:
                    if needle in fh.read().split(b"\0"):
                        found.append(int(entry.name))
    return found
