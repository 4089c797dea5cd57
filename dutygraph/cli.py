"""The ``dutygraph`` command line: thin wrappers over the library, one per command.

The library raises; this module alone prints and chooses the exit status: 0 on success,
2 on bad input or usage (one line, ``file:line: message``), never a traceback.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from dutygraph.errors import DutygraphError, UsageError
from dutygraph.importers.formats import FORMATS
from dutygraph.importers.read import read
from dutygraph.ontology.model import Corpus
from dutygraph.ontology.offices import AliasTable, load_aliases
from dutygraph.output import OUTPUT_FORMATS, render, render_json

__all__ = ["main", "cli"]

EXIT_BAD_INPUT = 2


def _fail(message: str, status: int = EXIT_BAD_INPUT) -> None:
    click.echo(f"dutygraph: {message}", err=True)
    sys.exit(status)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script and ``python -m dutygraph``."""
    try:
        cli.main(args=argv, prog_name="dutygraph", standalone_mode=False)
    except click.exceptions.Abort:
        _fail("interrupted", 130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_BAD_INPUT)
    except DutygraphError as exc:
        _fail(str(exc))
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except Exception as exc:  # a bug: still one line, the traceback only on request
        if os.environ.get("DUTYGRAPH_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (set DUTYGRAPH_DEBUG=1 for the traceback)", 70)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="dutygraph")
def cli() -> None:
    """Who is responsible for what: read government work plans into a knowledge graph."""


def documents(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every document-reading command shares; passes a read ``corpus``."""

    @click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
    @click.option("--input-format", "input_format", type=click.Choice(sorted(FORMATS)),
                  help="Read every document in this format instead of detecting it.")
    @click.option("--aliases", "alias_files", multiple=True, type=click.Path(path_type=str),
                  help="Office alias file (TOML or YAML); may be given more than once.")
    @click.option("--issuer", help="Name the issuer of documents whose title names no place (市教育局).")
    @functools.wraps(command)
    def wrapper(paths: tuple[str, ...], input_format: str | None, alias_files: tuple[str, ...],
                issuer: str | None, **kwargs: Any) -> Any:
        table = AliasTable.builtin()
        for path in alias_files:
            table = load_aliases(path, table)
        corpus = read(paths, format=input_format, aliases=table, issuer=issuer)
        return command(corpus, **kwargs)

    return wrapper


def _write(text: str, output: str | None) -> None:
    """Write all at once: to stdout, or atomically to a file (nothing half-written)."""
    if output is None or output == "-":
        click.echo(text)
        return
    target = Path(output)
    if not target.parent.is_dir():
        raise UsageError(f"{output}: no such folder to write into")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text if text.endswith("\n") else text + "\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@cli.command("import")
@documents
@click.option("-v", "--verbose", is_flag=True, help="List every quality note, not the first few of each kind.")
def import_(corpus: Corpus, verbose: bool) -> None:
    """Read documents and print a summary per plan: items, tasks, targets, offices, leaders, warnings.

    PATHS are files or folders (searched for .txt, .md, .tsv). Exits 2 on unreadable documents;
    quality notes (numbering gaps, items without offices, open lists) are printed, not errors.
    """
    orgs = {o.id: o.name for o in corpus.organizations}
    kinds = {p.id: p.kind for p in corpus.parties}
    for plan in corpus.plans:
        parties = {a.party for i in plan.items for a in i.assignments}
        leaders = {r.leader for i in plan.items for r in i.responsibilities} | {
            r.leader for s in plan.sections for r in s.responsibilities
        }
        click.echo(f"{plan.source.name}  [{plan.source.format}, {plan.source.encoding}"
                   + (f", {'+'.join(plan.source.normalisations)}" if plan.source.normalisations else "") + "]")
        meta = ", ".join(str(x) for x in ("、".join(orgs[i] for i in plan.issuers), plan.year, plan.kind, plan.doc_number) if x)
        click.echo(f"  {plan.title} — {meta}")
        click.echo(
            f"  items {len(plan.items)}  tasks {sum(len(i.tasks) for i in plan.items)}"
            f"  targets {sum(len(i.targets) for i in plan.items)}"
            f"  offices {sum(kinds[p] == 'office' for p in parties)}"
            f"  collectives {sum(kinds[p] == 'collective' for p in parties)}  leaders {len(leaders)}"
        )
        by_kind: dict[str, list[str]] = defaultdict(list)
        for q in plan.quality:
            by_kind[q.kind].append(f"line {q.line}: {q.message}" if q.line else q.message)
        if not by_kind:
            click.echo("  warnings: none")
            continue
        click.echo("  warnings: " + ", ".join(f"{k} {len(v)}" for k, v in by_kind.items()))
        for kind, notes in by_kind.items():
            shown = notes if verbose else notes[:3]
            for note in shown:
                click.echo(f"    {kind}: {note}")
            if len(notes) > len(shown):
                click.echo(f"    {kind}: … and {len(notes) - len(shown)} more (-v lists them)")


@cli.command()
@documents
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(path_type=str), help="Write to this file instead of stdout.")
def export(corpus: Corpus, fmt: str, output: str | None) -> None:
    """Write the model as JSON: plans, items, offices (lead/support and the rule), leaders, targets.

    The shape is published by `dutygraph schema`.
    """
    from dutygraph.graph.export import export_view

    _write(export_view(corpus).model_dump_json(indent=2), output)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of `dutygraph export --format json`."""
    from dutygraph.graph.export import export_schema

    click.echo(render_json(export_schema()))


@cli.command()
@documents
@click.option("--all", "all_offices", is_flag=True, help="List every office, not only those written in several ways.")
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True)
def aliases(corpus: Corpus, all_offices: bool, fmt: str) -> None:
    """List the office names that were merged, with the files and lines that used each form.

    rule: as_written (the canonical form), variant (与/和, spacing) or alias (an abbreviation
    resolved by the built-in table or an --aliases file). Offices never merge across issuers.
    """
    from dutygraph.queries.aliases import alias_merges

    rows = [dataclasses.asdict(r) for r in alias_merges(corpus, all_offices=all_offices)]
    if fmt == "table":
        for row in rows:
            row["sources"] = " ".join(row["sources"][:4]) + (" …" if len(row["sources"]) > 4 else "")
    click.echo(render(rows, fmt))




@cli.command()
@documents
@click.option("--lead-weight", type=float, default=1.0, show_default=True, help="Weight of an item the office leads.")
@click.option("--support-weight", type=float, default=0.5, show_default=True, help="Weight of an item the office supports.")
@click.option("--plan", "plan", help="Count only this plan (plan id or source file name).")
@click.option("--for-issuer", "for_issuer",
              help="Count only plans of this issuer (organization id or name; --issuer names documents' issuer).")
@click.option("--include-collectives", is_flag=True, help="Rank collectives (相关处室, 专班 …) alongside offices.")
@click.option("--top-k", type=click.IntRange(min=1), default=3, show_default=True, help="k of the top-k share.")
@click.option("--overload-rule", type=click.Choice(["mean+1.5sd", "top-decile"]), default="mean+1.5sd",
              show_default=True, help="How overloaded offices are flagged.")
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table", show_default=True)
@click.option("--explain", is_flag=True, help="List the items (ref, role, file:line) behind each row.")
def workload(corpus: Corpus, lead_weight: float, support_weight: float, plan: str | None, for_issuer: str | None,
             include_collectives: bool, top_k: int, overload_rule: str, fmt: str, explain: bool) -> None:
    """Rank offices by weighted load and measure how concentrated the load is.

    Each (top-level item, office) pair counts once; sub-measures count for their item; the role
    is lead if the office leads the item or any sub-measure. load = lead weight × leads + support
    weight × supports; share = load / total load; equal loads share a rank. Over the offices
    with load > 0: Gini = mean absolute difference / (2 × mean load), HHI = sum of squared
    shares (0–1), top-k share = the k largest loads / total. Overloaded: load > mean + 1.5 × sd
    (population sd), or the ⌈n/10⌉ most loaded offices (top-decile, ties included).
    Collectives are reported on their own line and not counted unless --include-collectives.
    """
    from dutygraph.graph.convert import to_networkx
    from dutygraph.queries.workload import concentration, office_workload, overloaded

    G = to_networkx(corpus)
    options: dict[str, Any] = {"lead_weight": lead_weight, "support_weight": support_weight, "plan": plan,
                               "issuer": for_issuer}
    rows = office_workload(G, include_collectives=include_collectives, **options)
    conc = concentration(rows, top_k=top_k)
    flagged = overloaded(rows, rule=overload_rule)
    collectives = [] if include_collectives else [
        r for r in office_workload(G, include_collectives=True, **options) if r.kind == "collective"
    ]

    def as_dict(r: Any) -> dict[str, Any]:
        row = dataclasses.asdict(r)
        row.pop("party", None)
        if not explain:
            row.pop("items", None)
        elif fmt != "json":
            row["items"] = " ".join(f"{i.ref}({i.role}) {','.join(i.sources)}" for i in r.items)
        return row

    if fmt == "json":
        click.echo(render_json({
            "offices": [as_dict(r) for r in rows],
            "concentration": dataclasses.asdict(conc),
            "overloaded": [dataclasses.asdict(r) for r in flagged],
            "collectives_not_counted": [  # rank and share belong to the offices' ranking only
                {k: v for k, v in as_dict(r).items() if k not in ("rank", "share")} for r in collectives
            ],
        }))
        return
    table = [as_dict(r) for r in rows]
    if fmt == "csv":
        click.echo(render(table, fmt), nl=False)
        return
    if fmt == "table":
        for row in table:
            row["share"] = f"{row['share']:.1%}"
    click.echo(render(table, fmt))
    click.echo(f"\nconcentration: offices {conc.offices}  total load {conc.total_load:g}  gini {conc.gini:.3f}"
               f"  hhi {conc.hhi:.3f}  top-{conc.top_k} share {conc.top_k_share:.1%}")
    click.echo(f"overloaded ({overload_rule}): "
               + ("; ".join(f"{r.office} — {r.reason}" for r in flagged) if flagged else "none"))
    if collectives:
        click.echo("collectives (not counted): "
                   + "、".join(f"{r.office} {r.leads + r.supports}" for r in collectives))
