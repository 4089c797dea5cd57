"""What every query command writes, and where: tables for people, JSON and CSV for programs,
workbooks for a bureau; to standard output or, with ``-o FILE``, to a file written whole.

Tables and workbooks are for people: their headers and the labels of codes are in the
language of :mod:`dutygraph.i18n`, dates read 2024年9月30日, plans go by their titles. JSON and
CSV are for programs: keys and headers are the stable English identifiers of the rows (the
schema the README documents) and codes stay codes. CSV is UTF-8 with a byte-order mark when
``--csv-bom`` (the default in Chinese), so that Excel on Chinese Windows opens it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from dutygraph.errors import UsageError
from dutygraph.i18n import current, date, has, t
from dutygraph.output import render_csv, render_json, render_table, write_file

__all__ = ["Out", "Part", "localise", "output_options"]

SHORTEN = {"text": 44, "title": 30, "partners": 40, "offices": 60, "supports": 30, "leads": 20,
           "old_title": 24, "new_title": 24, "old_leads": 16, "new_leads": 16, "evidence": 40,
           "rule": 36, "reason": 70, "community_name": 40}
"""Terminal-table widths of long text columns (JSON, CSV and workbooks keep the full text)."""

SUFFIXES = {".json": "json", ".csv": "csv", ".xlsx": "xlsx"}


@dataclass
class Part:
    """A titled table: rows keyed by the rows' own field names, and how to label their codes."""

    title: str
    rows: list[dict[str, Any]]
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """Lines printed under the table (metric explanations); tables only."""


def header(key: str) -> str:
    """A column's header in the current language (the key itself where the catalogue has none)."""
    return t(f"col.{key}") if has(f"col.{key}") else key


def localise(rows: Sequence[Mapping[str, Any]], labels: Mapping[str, Mapping[str, str]] = {},
             plans: Mapping[str, str] = {}) -> list[dict[str, Any]]:
    """Rows for people: headers and code labels in the current language, dates as people write
    them, plans by title, yes/no for flags."""
    out = []
    for row in rows:
        shown: dict[str, Any] = {}
        for key, value in row.items():
            if key in labels and isinstance(value, str):
                value = labels[key].get(value, value)
            elif key in labels and isinstance(value, (list, tuple)):
                value = [labels[key].get(v, v) for v in value]
            elif key == "plan" and isinstance(value, str):
                value = plans.get(value, value)
            elif isinstance(value, bool):
                value = t("yes") if value else t("no")
            elif isinstance(value, dt.date):
                value = date(value)
            shown[header(key)] = value
        out.append(shown)
    return out


@dataclass
class Out:
    """The chosen format, file and CSV byte-order mark of one command run."""

    fmt: str
    path: str | None
    bom: bool
    plans: dict[str, str] = field(default_factory=dict)
    """Plan source name → title, for tables and workbooks."""

    def write(self, text: str | bytes) -> None:
        """All at once: to stdout, or to the file, whole."""
        if isinstance(text, str) and self.fmt == "csv" and self.bom:
            text = "\ufeff" + text
        if self.path is None or self.path == "-":
            if isinstance(text, bytes):
                raise UsageError("xlsx_stdout")
            click.echo(text, nl=not text.endswith("\n"))
            return
        from dutygraph.cli.app import refuse_input

        refuse_input(self.path)
        write_file(self.path, text)

    def parts(self, parts: Mapping[str, Part], notes: Sequence[str] = (), json: Any = None) -> None:
        """Several titled tables (table, xlsx: a sheet each), one object (json), or one part (csv)."""
        if self.fmt == "json":
            self.write(render_json(json if json is not None else {k: p.rows for k, p in parts.items()}))
        elif self.fmt == "csv":
            if len(parts) != 1:
                raise UsageError("csv_one", parts=", ".join(parts))
            [part] = parts.values()
            self.write(render_csv(part.rows))
        elif self.fmt == "xlsx":
            from dutygraph.xlsx import rows_sheet, workbook

            self.write(workbook([rows_sheet(t(f"sheet.{k}") if has(f"sheet.{k}") else k,
                                            localise(p.rows, p.labels, self.plans)) for k, p in parts.items()]))
        else:
            text = []
            shorten = {header(k): w for k, w in SHORTEN.items()}
            for part in parts.values():
                table = render_table(localise(part.rows, part.labels, self.plans), shorten_columns=shorten)
                text.append("\n".join([*([part.title] if part.title else []), table, *part.notes]))
            self.write("\n\n".join(text) + "".join(f"\n{n}" for n in notes))


def output_options(*, xlsx: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--format, -o/--output and --csv-bom; the command gets ``out`` (an :class:`Out`)."""
    formats = ["table", "json", "csv", *(["xlsx"] if xlsx else [])]

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @click.option("--format", "fmt", type=click.Choice(formats), default=None,
                      help="table (for people), json, csv" + (", xlsx (needs -o)" if xlsx else "")
                           + "; default: from the -o file's suffix, else table.")
        @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
                      help="Write to this file (whole, or not at all) instead of standard output.")
        @click.option("--csv-bom/--no-csv-bom", "bom", default=None,
                      help="Begin CSV with a UTF-8 byte-order mark, for Excel [default: on in Chinese].")
        @functools.wraps(command)
        def wrapper(*args: Any, fmt: str | None, output: str | None, bom: bool | None, **kwargs: Any) -> Any:
            chosen = fmt or SUFFIXES.get(Path(output).suffix.lower(), "table") if output else fmt or "table"
            if chosen not in formats:
                raise UsageError("format_for", fmt=chosen, known=", ".join(formats))
            if chosen == "xlsx" and not output:
                raise UsageError("xlsx_stdout")
            out = Out(chosen, output, current() == "zh" if bom is None else bom)
            return command(*args, out=out, **kwargs)

        return wrapper

    return decorate
