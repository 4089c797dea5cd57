"""Output: rows as aligned tables (Chinese counts double width), JSON and CSV; files written whole.

>>> print(render_table([{"office": "财务处", "items": 6}, {"office": "基础教育处", "items": 4}]))
office      items
----------  -----
财务处          6
基础教育处      4
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from dutygraph.errors import OutputError
from dutygraph.formulas import as_data

__all__ = [
    "display_width", "shorten", "render_table", "render_json", "render_csv", "render", "write_file",
    "STDOUT", "TEMP_SUFFIX",
]

OUTPUT_FORMATS = ("table", "json", "csv")

STDOUT = "standard output"
"""How messages name standard output."""

TEMP_SUFFIX = ".dutygraph-tmp"
"""Temp files of :func:`write_file` are ``.NAME.XXXXXXXX.PID`` + this, beside the target."""

_TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}\.(?P<pid>\d+)" + re.escape(TEMP_SUFFIX) + "$")


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: wide (CJK) characters count two.

    >>> display_width("财务处 A")
    8
    """
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal columns, with … marking the cut.

    >>> shorten("新建、改扩建150所公办幼儿园", 12)
    '新建、改扩…'
    """
    if display_width(text) <= width:
        return text
    out, used = [], 1
    for ch in text:
        used += display_width(ch)
        if used > width:
            break
        out.append(ch)
    return "".join(out) + "…"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.4g}" if abs(value) < 1e6 else f"{value:.0f}"
    if isinstance(value, (list, tuple)):
        return "、".join(_cell(v) for v in value)
    return str(value)


def render_table(rows: Sequence[Mapping[str, Any]], *, columns: Sequence[str] | None = None,
                 shorten_columns: Mapping[str, int] | None = None) -> str:
    """An aligned text table; numbers are right-aligned; ``shorten_columns`` caps widths."""
    if not rows:
        from dutygraph.i18n import t

        return t("no_rows")
    columns = list(columns or rows[0].keys())
    caps = shorten_columns or {}
    cells = [[shorten(_cell(r.get(c)), caps[c]) if c in caps else _cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(display_width(c), *(display_width(row[i]) for row in cells)) for i, c in enumerate(columns)]
    numeric = [all(isinstance(r.get(c), (int, float)) or r.get(c) is None for r in rows) for c in columns]

    def fmt(values: Sequence[str], header: bool = False) -> str:
        out = []
        for i, v in enumerate(values):
            pad = " " * (widths[i] - display_width(v))
            out.append(pad + v if numeric[i] and not header else v + pad)
        return "  ".join(out).rstrip()

    lines = [fmt(columns, header=True), "  ".join("-" * w for w in widths)]
    lines += [fmt(row) for row in cells]
    return "\n".join(lines)


def render_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def render_csv(rows: Sequence[Mapping[str, Any]], *, columns: Sequence[str] | None = None) -> str:
    """Rows as CSV; a text that a spreadsheet would take for a formula is kept as text
    (:func:`dutygraph.formulas.as_data`).

    >>> render_csv([{"office": "=1+2", "items": -3}])
    "office,items\\n'=1+2,-3\\n"
    """
    columns = list(columns or (rows[0].keys() if rows else []))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([as_data(c) for c in columns])
    for r in rows:
        writer.writerow([as_data(_cell(r.get(c))) for c in columns])
    return buffer.getvalue()


def render(rows: Sequence[Mapping[str, Any]], fmt: str, *, columns: Sequence[str] | None = None) -> str:
    """Rows in one of :data:`OUTPUT_FORMATS`."""
    if fmt == "json":
        return render_json(list(rows))
    if fmt == "csv":
        return render_csv(rows, columns=columns)
    return render_table(rows, columns=columns)


def write_file(path: str | os.PathLike[str], text: str | bytes) -> None:
    """Write ``text`` (ending in a newline; bytes as they are) to ``path`` whole, or raise :class:`OutputError`.

    The text goes to a hidden temp file beside the target, which is renamed over it once complete
    and synced, so the file holds the old text or the new, never part of either. An existing file
    keeps its permission bits, and a symlink is written through: the file it names gets the text,
    the link stays. A target that is not a regular file (``/dev/null``, a FIFO) is written directly.
    When the write fails or is interrupted (any exception, KeyboardInterrupt included) the temp
    file is removed; temp files that a dutygraph process no longer running left behind (one killed
    with SIGKILL) are removed before writing.

    >>> import shutil
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_file(folder / "plans.json", "{}")
    >>> (folder / "plans.json").read_text(), [p.name for p in folder.iterdir()]
    ('{}\\n', ['plans.json'])
    >>> write_file(folder, "{}")
    Traceback (most recent call last):
    dutygraph.errors.OutputError: ...：这是文件夹，请给出文件名
    >>> shutil.rmtree(folder)
    """
    shown = os.fspath(path)
    data = text if isinstance(text, bytes) else (text if text.endswith("\n") else text + "\n").encode("utf-8")
    target = Path(os.path.realpath(shown))
    try:
        existing = target.stat()
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise OutputError.from_os(shown, exc) from None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise OutputError(shown, "output.is_folder")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        try:
            with open(target, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise OutputError.from_os(shown, exc) from None
        return
    if not target.parent.is_dir():
        raise OutputError(shown, "output.no_folder")
    if existing is not None and not os.access(target, os.W_OK):
        raise OutputError(shown, "output.permission_denied")
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask()
    _remove_stale_temp_files(target.parent)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=f".{os.getpid()}{TEMP_SUFFIX}")
    except OSError as exc:
        raise OutputError.from_os(shown, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError.from_os(shown, exc) from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_stale_temp_files(folder: Path) -> None:
    """Remove temp files of :func:`write_file` in ``folder`` whose process is gone."""
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            match = _TEMP_NAME.match(entry.name)
            if match and not _running(int(match["pid"])):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True  # another thread of this process may be writing it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):  # someone else's process; no pid at all: not ours to judge
        return True
    return True
