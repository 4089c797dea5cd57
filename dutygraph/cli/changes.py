"""``dutygraph changes``: what changed since the last run, for a daily job to send on."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dutygraph.cli.app import cli, documents, write_output
from dutygraph.cli.queries import deadline_options
from dutygraph.errors import UsageError
from dutygraph.i18n import date, t

if TYPE_CHECKING:
    from dutygraph.ontology.model import Corpus
    from dutygraph.queries.changes import Changes

__all__ = ["changes", "render_text"]


@cli.command()
@documents
@deadline_options
@click.option("--since", "state", required=True, type=click.Path(dir_okay=False, path_type=str),
              help="The state file (JSON) the last run wrote; this run compares with it, then writes it anew.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text (for people, in the language of --lang) or json (for programs).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="Write the changes to this file instead of standard output.")
def changes(corpus: Corpus, as_of: dt.datetime | None, warn_days: int, notice_days: int, state: str, fmt: str,
            output: str | None) -> None:
    """What changed since the last run: new, changed and removed documents, new and removed
    items, items newly overdue, and status changes (序时推进 → 已完成 …).

    The first run (no STATE yet) records the state and says so. Every run then writes the
    state anew (the documents' SHA-256, each item's status and tier on --as-of), so a daily
    job (cron) can send on what is new each day.
    """
    from dutygraph.graph.convert import to_networkx
    from dutygraph.output import write_file
    from dutygraph.queries.changes import compare, snapshot

    old = _read_state(state)
    now = snapshot(to_networkx(corpus), as_of=(as_of or dt.datetime.now()).date(), warn_days=warn_days,
                   notice_days=notice_days)
    found = compare(old, now)
    if fmt == "json":
        write_output(json.dumps(dataclasses.asdict(found), ensure_ascii=False, indent=2), output)
    else:
        write_output(render_text(found, documents=len(now["documents"]), items=len(now["items"])), output)
    write_file(state, json.dumps(now, ensure_ascii=False, indent=1, sort_keys=True))


def _read_state(path: str) -> dict[str, Any] | None:
    """The last run's state; None when there is none yet."""
    file = Path(path)
    if not file.exists():
        return None
    try:
        data = json.loads(file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UsageError("state", path=path, reason=type(exc).__name__) from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), dict):
        raise UsageError("state", path=path, reason="JSON")
    return data


def _line(change: Any, arrow: bool = False) -> str:
    from dutygraph.labels import STATUS, TIERS, label

    text = f"  《{change.plan}》{change.place} {change.title.rstrip('。；;，,')}"
    if arrow:
        text += f"：{label(STATUS, change.before) or '—'} → {label(STATUS, change.after) or '—'}"
    elif change.after == "overdue":
        text += t("changes.deadline", date=date(change.deadline), before=label(TIERS, change.before) or "—")
    return text


def render_text(found: Changes, *, documents: int, items: int) -> str:
    """The changes as lines for people, in the current language."""
    if found.first_run:
        return t("changes.first_run", date=date(found.as_of), documents=documents, items=items)
    lines = [t("changes.title", since=date(found.since), date=date(found.as_of))]
    for key in ("documents_added", "documents_changed", "documents_removed"):
        names = getattr(found, key)
        if names:
            lines.append(t(f"changes.{key}", n=len(names)))
            lines.extend(f"  {n}" for n in names)
    for key, arrow in (("items_added", False), ("items_removed", False), ("overdue", False), ("status", True)):
        rows = getattr(found, key)
        if rows:
            lines.append(t(f"changes.{key}", n=len(rows)))
            lines.extend(_line(r, arrow) for r in rows)
    if found.empty:
        lines.append(t("changes.none"))
    return "\n".join(lines)
