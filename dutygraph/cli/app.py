"""The ``dutygraph`` command group, its entry point and what every command shares.

The library raises; this module alone prints and chooses the exit status: 0 on success,
1 when some documents could not be read (the others were, and their output is written),
2 on bad input or usage (one line, ``file:line: message``), never a traceback.
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from dutygraph.cli.inputs import read_inputs
from dutygraph.errors import DutygraphError, UsageError
from dutygraph.importers.formats import INPUT_FORMATS
from dutygraph.ontology.offices import AliasTable, load_aliases

__all__ = ["cli", "documents", "documents_or_store", "main", "write_output"]

EXIT_PARTIAL = 1
"""Some documents could not be read; the others were (their output is written)."""
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


def _documents(required: bool) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @click.argument("paths", nargs=-1, required=required, type=click.Path(path_type=str))
        @click.option("--input-format", "input_format", type=click.Choice(INPUT_FORMATS),
                      help="Read every document in this format instead of detecting it.")
        @click.option("--aliases", "alias_files", multiple=True, type=click.Path(path_type=str),
                      help="Office alias file (TOML or YAML); may be given more than once.")
        @click.option("--default-issuer", "issuer",
                      help="The issuer of documents whose title names no place (市教育局 → 青山市教育局).")
        @click.option("--strict", is_flag=True,
                      help="All or nothing: when any document cannot be read, write nothing (exit 2).")
        @functools.wraps(command)
        def wrapper(paths: tuple[str, ...], input_format: str | None, alias_files: tuple[str, ...],
                    issuer: str | None, strict: bool, **kwargs: Any) -> Any:
            if not paths:
                return command(None, **kwargs)
            table = AliasTable.builtin()
            for path in alias_files:
                table = load_aliases(path, table)
            reading = read_inputs(paths, format=input_format, aliases=table, issuer=issuer)
            for failure in reading.failures:
                click.echo(f"dutygraph: {failure}", err=True)
            for path, first in reading.duplicates:
                click.echo(f"dutygraph: {path}: the same document as {first}; read once", err=True)
            if reading.failures and (strict or not reading.corpus.plans):
                sys.exit(EXIT_BAD_INPUT)
            result = command(reading.corpus, **kwargs)
            if reading.failures:
                sys.exit(EXIT_PARTIAL)
            return result

        return wrapper

    return decorate


documents = _documents(required=True)
"""The options every document-reading command shares; passes the read ``corpus``."""

documents_or_store = _documents(required=False)
"""As :data:`documents`, but PATHS may be left out (the corpus is then None): query commands
that can also read a Neo4j store take it."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_output(text: str, output: str | None) -> None:
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
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
