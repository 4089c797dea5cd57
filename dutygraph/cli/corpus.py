"""Commands over the read documents themselves: import, export, schema, aliases."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

import click

from dutygraph.cli.app import cli, documents
from dutygraph.cli.choices import EXPORT_FORMATS
from dutygraph.cli.emit import Out, Part, output_options
from dutygraph.errors import OutputError, UsageError
from dutygraph.i18n import join, t
from dutygraph.labels import ALIAS_RULES, PLAN_KINDS, QUALITY, STATUS, label
from dutygraph.output import render_json

if TYPE_CHECKING:
    from dutygraph.ontology.model import Corpus


@cli.command("import")
@documents
@click.option("-v", "--verbose", is_flag=True, help="List every quality note, not the first few of each kind.")
@click.option("-o", "--output", type=click.Path(path_type=str),
              help="Also store the corpus in this file (FILE.dg), which every command reads without parsing again.")
def import_(corpus: Corpus, verbose: bool, output: str | None) -> None:
    """Read documents and print a summary per plan: items, tasks, targets, offices, leaders, warnings.

    PATHS are files or folders (searched for the document formats). Quality notes (numbering
    gaps, items without offices, open lists) are printed, not errors. With -o FILE.dg the
    corpus is stored: give FILE.dg as PATHS to any command to use it.
    """
    if output is not None:
        from dutygraph.graph.stored import STORED_SUFFIX, save_corpus

        if not output.endswith(STORED_SUFFIX):
            raise UsageError("usage.stored_suffix", path=output, suffix=STORED_SUFFIX)
        if not Path(output).parent.is_dir():
            raise OutputError(output, "output.no_folder")
        try:
            save_corpus(corpus, output, issuer_scope=click.get_current_context().params.get("issuer"))
        except OSError as exc:
            raise OutputError.from_os(output, exc) from None
        except sqlite3.Error as exc:
            raise OutputError(output, "output.cannot_write", reason=str(exc)) from None
    from dutygraph.ontology.issuers import issuer_label

    orgs = {o.id: issuer_label(o.name, o.qualifier) for o in corpus.organizations}
    kinds = {p.id: p.kind for p in corpus.parties}
    for plan in corpus.plans:
        parties = {a.party for i in plan.items for a in i.assignments}
        leaders = {r.leader for i in plan.items for r in i.responsibilities} | {
            r.leader for s in plan.sections for r in s.responsibilities
        }
        click.echo(f"{plan.source.name}  [{plan.source.format}, {plan.source.encoding}"
                   + (f", {'+'.join(plan.source.normalisations)}" if plan.source.normalisations else "") + "]")
        meta = join(str(x) for x in ("、".join(orgs[i] for i in plan.issuers), plan.year,
                                          label(PLAN_KINDS, plan.kind), plan.doc_number) if x)
        click.echo(f"  {plan.title} — {meta}")
        click.echo("  " + t("import.counts", items=len(plan.items), tasks=sum(len(i.tasks) for i in plan.items),
                            targets=sum(len(i.targets) for i in plan.items),
                            offices=sum(kinds[p] == "office" for p in parties),
                            collectives=sum(kinds[p] == "collective" for p in parties), leaders=len(leaders)))
        statuses = Counter(i.status for i in plan.items if i.status)
        fixes = sum(len(i.corrections) for i in plan.items)
        if statuses or fixes:
            click.echo("  " + "  ".join([f"{label(STATUS, s)} {n}" for s, n in sorted(statuses.items())]
                                        + ([t("import.corrections", n=fixes)] if fixes else [])))
        by_kind: dict[str, list[str]] = defaultdict(list)
        for q in plan.quality:
            message = q.text()
            by_kind[q.kind].append(t("import.at_line", line=q.line, message=message) if q.line else message)
        if not by_kind:
            click.echo("  " + t("import.no_warnings"))
            continue
        click.echo("  " + t("import.warnings", counts=join(f"{label(QUALITY, k)} {len(v)}" for k, v in by_kind.items())))
        for kind, notes in by_kind.items():
            shown = notes if verbose else notes[:3]
            for note in shown:
                click.echo("    " + t("quality_line", kind=label(QUALITY, kind), message=note))
            if len(notes) > len(shown):
                click.echo("    " + t("quality_line", kind=label(QUALITY, kind), message=t("import.more", n=len(notes) - len(shown))))


@cli.command()
@documents
@click.option("--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default="json", show_default=True,
              help="json; RDF: ttl, jsonld, nt, trig; networks: graphml, gexf, cyjs; folders: csv, neo4j-csv.")
@click.option("-o", "--output", type=click.Path(path_type=str),
              help="Write to this file (a folder for csv and neo4j-csv) instead of stdout.")
def export(corpus: Corpus, fmt: str, output: str | None) -> None:
    """Write the model: as JSON (plans, items, offices with lead/support and the rule, leaders,
    targets; the shape is published by `dutygraph schema`), as linked data in the terms of
    ontology/dutygraph.ttl (Turtle, JSON-LD, N-Triples, TriG with a named graph per plan), as
    GraphML or GEXF for Gephi, Cytoscape JSON, node and edge CSV (UTF-8 with BOM), or the CSV
    folder `neo4j-admin database import` reads (with its import.sh). `dutygraph import` reads
    the RDF formats back.
    """
    from dutygraph.cli.linked import write_export

    write_export(corpus, fmt, output)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of `dutygraph export --format json`."""
    from dutygraph.graph.export import export_schema

    click.echo(render_json(export_schema()))


@cli.command()
@documents
@click.option("--all", "all_offices", is_flag=True, help="List every office, not only those written in several ways.")
@click.option("--suggest", is_flag=True,
              help="List offices of one issuer that were not merged but are likely one, with the evidence "
                   "and the alias-file line to paste (nothing is merged).")
@output_options()
def aliases(corpus: Corpus, all_offices: bool, suggest: bool, out: Out) -> None:
    """List the office names that were merged, with the files and lines that used each form.

    rule: as_written (the canonical form), variant (与/和, spacing) or alias (an abbreviation
    resolved by the built-in table or an --aliases file). Offices never merge across issuers.
    With --suggest: likely merges that were not made (考试院 / 教育考试院), for you to decide.
    """
    from dutygraph.queries.aliases import alias_merges, suggest_aliases

    if suggest:
        found = suggest_aliases(corpus)
        rows = [dataclasses.asdict(s) for s in found]
        if out.fmt == "table":
            for row, s in zip(rows, found, strict=True):
                row["evidence"] = s.reason()
                del row["added"]
                row["uses"] = "/".join(map(str, row["uses"]))
                row["sources"] = " ".join(row["sources"][:2]) + (" …" if len(row["sources"]) > 2 else "")
        notes = []
        if out.fmt == "table" and found:
            notes.append("\n" + t("aliases.paste"))
            for issuer in dict.fromkeys(s.issuer for s in found):
                notes.append(f'[issuer."{issuer}".names]')
                notes += [s.alias for s in found if s.issuer == issuer]
        out.parts({"suggestions": Part("", rows)}, notes, json=rows)
        return
    rows = [dataclasses.asdict(r) for r in alias_merges(corpus, all_offices=all_offices)]
    if out.fmt == "table":
        for row in rows:
            row["sources"] = " ".join(row["sources"][:4]) + (" …" if len(row["sources"]) > 4 else "")
    out.parts({"aliases": Part("", rows, {"rule": ALIAS_RULES})}, json=rows)
