"""Linked data on the command line: ``dutygraph validate``, and the files ``export`` writes."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dutygraph.cli.app import cli, write_output
from dutygraph.cli.choices import INPUT_FORMATS
from dutygraph.errors import OutputError, UsageError
from dutygraph.i18n import join, t
from dutygraph.output import TEMP_SUFFIX

if TYPE_CHECKING:
    from dutygraph.ontology.model import Corpus

__all__ = ["rdf_line", "validate", "write_export", "write_folder"]


def write_folder(files: dict[str, str], folder: str) -> None:
    """Write every file into ``folder`` (created if missing), all or nothing.

    The files are written into a hidden temporary folder beside ``folder`` and synced; then the
    folder is renamed into place (or, when ``folder`` exists, each file is renamed into it, over
    the file of that name). A failure (a full or read-only disk) leaves ``folder`` as it was and
    no temporary folder behind, and is an :class:`~dutygraph.errors.OutputError`.
    """
    from dutygraph.cli.app import refuse_input

    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise UsageError("usage.not_a_folder", path=folder)
    if not target.absolute().parent.is_dir():
        raise UsageError("usage.no_folder", path=folder)
    for name in files:
        refuse_input(str(target / name))
    mask = os.umask(0)
    os.umask(mask)
    try:
        staging = Path(tempfile.mkdtemp(dir=target.absolute().parent, prefix=f".{target.absolute().name}.",
                                        suffix=f".{os.getpid()}{TEMP_SUFFIX}"))
    except OSError as exc:
        raise OutputError.from_os(folder, exc) from None
    try:
        for name, text in files.items():
            with open(staging / name, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(staging / name, (0o777 if name.endswith(".sh") else 0o666) & ~mask)
        if target.exists():
            for name in files:
                os.replace(staging / name, target / name)
            staging.rmdir()
        else:
            os.chmod(staging, 0o777 & ~mask)
            os.rename(staging, target)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise OutputError.from_os(folder, exc) from None
        raise


def write_export(corpus: Corpus, fmt: str, output: str | None) -> None:
    """``dutygraph export``: one text to stdout or ``output``, or a folder of files."""
    from dutygraph.graph.exports import MULTI_FILE, export_files, export_text

    if fmt in MULTI_FILE:
        if output is None or output == "-":
            raise UsageError("usage.folder_with_o", format=fmt)
        files = export_files(corpus, fmt)
        write_folder(files, output)
        click.echo(t("wrote_files", n=len(files), path=output, names=join(sorted(files))), err=True)
        return
    write_output(export_text(corpus, fmt), output)


def rdf_line(text: str, resource: str) -> int | None:
    """The line of an RDF file where ``resource`` is first described (Turtle, TriG and
    N-Triples start a description with ``<iri>``; JSON-LD names it in ``"@id"``).

    >>> rdf_line('@prefix x: <y> .\\n\\n<https://w3id.org/dutygraph/id/item:1> a x:Item .\\n',
    ...          "https://w3id.org/dutygraph/id/item:1")
    3
    """
    local = resource.removeprefix("https://w3id.org/dutygraph/id/")
    needles = (f"<{resource}>", f'"@id": "{resource}"', f'"@id": "id:{local}"')
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip()
        if stripped.startswith(needles[0]) or any(n in stripped for n in needles[1:]):
            return number
    return None


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--input-format", "input_format", type=click.Choice(INPUT_FORMATS),
              help="Read every document in this format instead of detecting it.")
@click.option("--default-issuer", "issuer", help="The issuer of documents whose title names no place.")
def validate(paths: tuple[str, ...], input_format: str | None, issuer: str | None) -> None:
    """Check documents, or RDF files dutygraph exported, against the SHACL rules.

    The rules (ontology/shapes.ttl): every item belongs to a plan; at most one explicit lead per
    item unless the document names co-leads in one list (甲、乙牵头); every assignment names an
    office (or collective) and a role; target values are numbers with units; every fact has a
    source. Each violation prints as `file:line: item REF (id): Rule: message`, with the line of
    the RDF file that describes the resource; exits 1 when anything does not conform.
    """
    from dutygraph.cli.inputs import split_inputs
    from dutygraph.graph.rdf.triples import to_rdf
    from dutygraph.graph.rdf.files import load_graph
    from dutygraph.importers.options import ReadOptions
    from dutygraph.importers.reading import read
    from dutygraph.ontology.shacl import validate_graph

    documents, rdf_files = split_inputs(paths)
    checks = []
    if documents:
        checks.append((", ".join(documents), to_rdf(read(documents, ReadOptions(issuer=issuer).with_input_format(input_format)).whole()), None))
    for path in rdf_files:
        checks.append((str(path), load_graph(path), path.read_text("utf-8")))
    failed = 0
    for name, graph, text in checks:
        violations = validate_graph(graph)
        if not violations:
            click.echo(t("validate.conforms", name=name, triples=len(graph)))
            continue
        failed += len(violations)
        click.echo(t("validate.violation", name=name) if len(violations) == 1
                   else t("validate.violations", name=name, n=len(violations)))
        for v in violations:
            line = rdf_line(text, f"https://w3id.org/dutygraph/id/{v.focus}") if text is not None else None
            click.echo(f"  {v}" + (f" [{name}:{line}]" if line else ""))
    if failed:
        sys.exit(1)
