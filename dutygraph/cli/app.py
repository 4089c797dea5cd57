"""The ``dutygraph`` command group, its entry point and what every command shares.

The library raises; this module alone prints and chooses the exit status, one line
(``dutygraph: file:line: message``) and never a traceback:

====  ==========================================================================================
0     success
1     partly done: some documents could not be read or some corrections no longer match (the rest
      was, its output is written), or a store failed (Neo4j unreachable, refused, or lost mid-work)
2     bad input or usage: an unreadable document, a bad option, an output that cannot be written
70    a bug in dutygraph (``DUTYGRAPH_DEBUG=1`` shows the traceback)
130   interrupted (Ctrl-C); 143: terminated (SIGTERM). Files being written are left as they were
====  ==========================================================================================
"""

from __future__ import annotations

import functools
import gc
import io
import logging
import os
import re
import signal
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, NoReturn

import click

from dutygraph import i18n
from dutygraph.cli import localized
from dutygraph.cli.choices import CACHE_ENV, INPUT_FORMATS
from dutygraph.cli.progress import QUIET
from dutygraph.errors import DutygraphError, Message, OutputError, StoreError, UsageError
from dutygraph.i18n import t
from dutygraph.output import STDOUT, write_file

if TYPE_CHECKING:
    from dutygraph.ontology.model import Corpus

__all__ = ["EXIT_BAD_INPUT", "EXIT_PARTIAL", "EXIT_STORE", "cli", "documents", "documents_or_store", "load_documents", "main",
           "read_from", "refuse_input", "write_output"]

EXIT_PARTIAL = 1
"""Some documents could not be read; the others were (their output is written)."""
EXIT_STORE = 1
"""A store failed (Neo4j); the plans written before the failure stay."""
EXIT_BAD_INPUT = 2
EXIT_BUG = 70


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


_FAILED_IN: ContextVar[str | None] = ContextVar("dutygraph_failed_in", default=None)
"""The language of a run that ended in an exception: :func:`main` reports the error in it."""


class _Terminated(BaseException):
    """SIGTERM, raised where the program is, so that ``finally`` blocks and cleanups run."""


def say(message: object) -> None:
    """One line on standard error, ``dutygraph: message``, in the language in force (an error or
    a :class:`~dutygraph.errors.Message` is written in it when shown). A control character a name
    holds (a newline in a file name) is shown escaped, so the message stays one line."""
    line = _CONTROL.sub(lambda m: repr(m[0])[1:-1], str(message))
    click.echo(f"dutygraph: {line}", err=True)


def _fail(message: object, status: int = EXIT_BAD_INPUT, *, details: str = "") -> NoReturn:
    try:
        say(message)
        if details:
            click.echo(details.rstrip("\n"), err=True)
    except OSError:  # stderr is gone too: the status says it
        pass
    sys.exit(status)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script and ``python -m dutygraph``."""
    logging.getLogger("neo4j").addHandler(logging.NullHandler())  # the driver's retries and routing notes:
    # its errors reach us as exceptions, and the one line says what matters
    logging.getLogger("rdflib").addHandler(logging.NullHandler())  # its warnings on a literal it cannot
    # convert (an integer of 100,000 digits) would add lines to the one line
    i18n.set_language(None)  # each run starts from DUTYGRAPH_LANG (or Chinese); --lang changes it
    QUIET.set(False)
    _FAILED_IN.set(None)
    with _named_stdout(), _terminate_on_sigterm():
        try:
            cli.main(args=argv, prog_name="dutygraph", standalone_mode=False)
            sys.stdout.flush()
        except BaseException as exc:
            with i18n.language(_FAILED_IN.get() or i18n.current()):  # the run's --lang: Group.main reset it
                _exit_for(exc)


def _exit_for(exc: BaseException) -> NoReturn:
    """One line for the exception that ended a run, and the exit status of its kind."""
    if isinstance(exc, click.exceptions.Abort):
        _fail(Message("cli.interrupted"), 130)
    if isinstance(exc, _Terminated):
        _fail(Message("cli.terminated"), 128 + signal.SIGTERM)
    if isinstance(exc, click.ClickException):
        if i18n.current() == "en":
            exc.show()
            sys.exit(EXIT_BAD_INPUT)
        _fail(localized.click_message(exc))
    if isinstance(exc, DutygraphError):
        _fail(exc, EXIT_STORE if isinstance(exc, StoreError) else EXIT_BAD_INPUT, details=exc.details)
    if isinstance(exc, BrokenPipeError):
        _discard_stdout()
        sys.exit(0)
    if isinstance(exc, OSError):
        if exc.filename != STDOUT:
            _internal_error(exc)
        _discard_stdout()
        _fail(OutputError.from_os(STDOUT, exc))
    if isinstance(exc, Exception):
        _internal_error(exc)
    raise exc  # SystemExit and the like end the run as they are


def _internal_error(exc: Exception) -> NoReturn:
    """A bug: still one line, the traceback only on request."""
    if os.environ.get("DUTYGRAPH_DEBUG"):
        raise exc
    _fail(t("error.internal", kind=type(exc).__name__, text=exc), EXIT_BUG)


class _StdoutFile(io.FileIO):
    """Standard output's file descriptor; an error writing to it names it (``OSError.filename``)."""

    def write(self, data: Any) -> int | None:
        try:
            return super().write(data)
        except OSError as exc:
            exc.filename = STDOUT
            raise


@contextmanager
def _named_stdout() -> Iterator[None]:
    """``sys.stdout`` writes through :class:`_StdoutFile` while the command runs (when it is a file)."""
    stream = sys.stdout
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (captured): nothing to name
        yield
        return
    stream.flush()
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(_StdoutFile(fd, "w", closefd=False)), encoding=stream.encoding,
                                  errors=stream.errors, line_buffering=bool(stream.line_buffering))
    try:
        yield
    finally:
        sys.stdout = stream


def _discard_stdout() -> None:
    """Point file descriptor 1 at /dev/null, so that the final flush at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


@contextmanager
def _terminate_on_sigterm() -> Iterator[None]:
    """SIGTERM raises :class:`_Terminated` (in the main thread; elsewhere signals stay as they are)."""
    def raise_terminated(signum: int, frame: Any) -> None:
        raise _Terminated

    try:
        previous = signal.signal(signal.SIGTERM, raise_terminated)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _settings(reset: bool) -> tuple[Callable[..., None], Callable[..., None]]:
    """Callbacks of --lang and --quiet: the group's start each run afresh (DUTYGRAPH_LANG, not
    quiet); a command's change them only when given."""
    def lang(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
        if value is not None or reset:
            i18n.set_language(value)

    def quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if value or reset:
            QUIET.set(value)

    return lang, quiet


def common_options(*, group: bool = False) -> list[click.Option]:
    """--lang and -q/--quiet, taken by the group and by every command."""
    lang, quiet = _settings(reset=group)
    return [
        click.Option(["--lang"], type=click.Choice(i18n.LANGS), expose_value=False, is_eager=True,  # env: i18n reads it
                     callback=lang,
                     help="Language of tables, pages, workbooks and messages: zh (default) or en [env: DUTYGRAPH_LANG]."),
        click.Option(["-q", "--quiet"], is_flag=True, expose_value=False, is_eager=True, callback=quiet,
                     help="No progress bar while reading documents."),
    ]


class Group(localized.Group):
    """A command group whose commands (and sub-groups') all take :func:`common_options`; its help
    and theirs follow the language (:mod:`dutygraph.cli.localized`)."""

    group_class = type

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """One run; the language and quiet it set end with it (a caller in the same process, a
        test's CliRunner, keeps its own)."""
        lang, quiet = i18n._current.set(i18n._current.get()), QUIET.set(QUIET.get())
        inputs = _INPUTS.set(())
        try:
            return super().main(*args, **kwargs)
        except BaseException:
            _FAILED_IN.set(i18n.current())
            raise
        finally:
            _INPUTS.reset(inputs)
            QUIET.reset(quiet)
            i18n._current.reset(lang)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        names = {p.name for p in cmd.params}
        cmd.params.extend(o for o in common_options() if o.name not in names)
        super().add_command(cmd, name)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             params=common_options(group=True))
@click.version_option(package_name="dutygraph")
def cli() -> None:
    """Who is responsible for what: read government work plans into a knowledge graph.

    Tables, pages, workbooks and messages are in Chinese unless --lang en (or DUTYGRAPH_LANG=en).
    """


def _documents(required: bool) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @click.argument("paths", nargs=-1, required=required, type=click.Path(path_type=str))
        @click.option("--input-format", "input_format", type=click.Choice(INPUT_FORMATS),
                      help="Read every document in this format instead of detecting it.")
        @click.option("--aliases", "alias_files", multiple=True, type=click.Path(path_type=str),
                      help="Office alias file (TOML or YAML); may be given more than once.")
        @click.option("--corrections", "correction_files", multiple=True, type=click.Path(path_type=str),
                      help="Corrections file (YAML or TOML), applied after reading on every import; "
                           "may be given more than once.")
        @click.option("--default-issuer", "issuer",
                      help="The issuer of documents whose title names no place (市教育局 → 青山市教育局).")
        @click.option("--strict", is_flag=True,
                      help="All or nothing: when any document cannot be read or any correction no longer "
                           "matches, write nothing (exit 2).")
        @click.option("--no-cache", "no_cache", is_flag=True,
                      help="Parse every document again instead of reusing what was built from the same bytes "
                           f"(the cache is in ${CACHE_ENV}, else ~/.cache/dutygraph).")
        @click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
                      help="Parse in this many processes (default: one per core, for inputs over 500 kB).")
        @functools.wraps(command)
        def wrapper(paths: tuple[str, ...], input_format: str | None, alias_files: tuple[str, ...],
                    correction_files: tuple[str, ...], issuer: str | None, strict: bool, no_cache: bool,
                    jobs: int | None, **kwargs: Any) -> Any:
            read_from((*paths, *alias_files, *correction_files))
            if not paths:
                if correction_files:
                    raise UsageError("usage.corrections_need_paths")
                return command(None, **kwargs)
            if not required and len(paths) == 1 and not correction_files:
                from dutygraph.graph.sqlite.store import is_sqlite, open_store

                if is_sqlite(paths[0]):  # a stored corpus: the query reads its tables
                    with open_store(paths[0]) as store:
                        return command(store, **kwargs)
            corpus, partial = load_documents(paths, input_format=input_format, alias_files=alias_files,
                                             correction_files=correction_files, issuer=issuer, strict=strict,
                                             cache=not no_cache, jobs=jobs)
            result = command(corpus, **kwargs)
            if partial:
                sys.exit(EXIT_PARTIAL)
            return result

        return wrapper

    return decorate


def load_documents(paths: tuple[str, ...], *, input_format: str | None = None, alias_files: tuple[str, ...] = (),
                   correction_files: tuple[str, ...] = (), issuer: str | None = None,
                   strict: bool = False, cache: bool = True, jobs: int | None = None) -> tuple[Corpus, bool]:
    """Read documents as every command does: aliases, then the documents, then the corrections.

    Prints a line per unreadable document and per correction that no longer matches (and one per
    plan a corrections file names that was not read); exits 2 when nothing could be read, or,
    with ``strict``, when anything could not. Returns the corpus and whether something was
    left out (the command then exits 1). ``jobs`` worker processes parse (default: one per
    core). The corpus lives as long as the command: the garbage collector is told to leave it
    alone (:func:`gc.freeze`), which makes the graph and the queries built on it faster.
    """
    from dutygraph.cli.inputs import read_inputs
    from dutygraph.importers.cache import BuildCache
    from dutygraph.importers.options import ReadOptions
    from dutygraph.importers.workers import available_cores
    from dutygraph.ontology.correct import apply_corrections
    from dutygraph.ontology.corrections import load_corrections
    from dutygraph.ontology.offices import AliasTable, load_aliases

    table = AliasTable.builtin()
    for path in alias_files:
        table = load_aliases(path, table)
    entries = [entry for path in correction_files for entry in load_corrections(path)]
    options = ReadOptions(issuer=issuer, aliases=table, workers=jobs or available_cores(),
                          cache=BuildCache() if cache else None).with_input_format(input_format)
    reading = read_inputs(paths, options)
    gc.freeze()
    for failure in reading.failures:
        say(failure)
    for path, first in reading.duplicates:
        say(Message("cli.duplicate", path=path, first=first))
    if reading.failures and (strict or not reading.corpus.plans):
        sys.exit(EXIT_BAD_INPUT)
    corpus, stale = reading.corpus, ()
    if entries:
        corrected = apply_corrections(corpus, entries, table=table)
        corpus = corrected.corpus
        stale = tuple(miss for miss in corrected.stale if not miss.unread)
        for miss in stale:
            say(Message("cli.not_applied", where=f"{miss.file}:{miss.line}", message=miss.message))
        unread = Counter((miss.file, miss.message) for miss in corrected.stale if miss.unread)
        for (file, message), count in unread.items():
            say(Message("cli.skipped_many" if count > 1 else "cli.skipped", file=file, count=count, message=message))
        if stale and strict:
            sys.exit(EXIT_BAD_INPUT)
    return corpus, bool(reading.failures or stale)


documents = _documents(required=True)
"""The options every document-reading command shares; passes the read ``corpus``."""

documents_or_store = _documents(required=False)
"""As :data:`documents`, but PATHS may be left out (the corpus is then None): query commands
that can also read a Neo4j store take it. A single stored corpus (``FILE.dg``) is passed open,
as a :class:`~dutygraph.graph.sqlite.store.Store`, for the engine to query its tables."""


def write_output(text: str | bytes, output: str | None) -> None:
    """Write all at once: to stdout, or to a file whole (:func:`dutygraph.output.write_file`)."""
    if output is None or output == "-":
        click.echo(text)
        return
    refuse_input(output)
    write_file(output, text)


_INPUTS: ContextVar[tuple[str, ...]] = ContextVar("dutygraph_inputs", default=())
"""What this run reads: documents and folders, alias and corrections files (set as they are read)."""


def read_from(paths: Iterable[str]) -> None:
    """Note ``paths`` as inputs of this run: :func:`refuse_input` keeps outputs off them."""
    _INPUTS.set((*_INPUTS.get(), *paths))


def refuse_input(output: str) -> None:
    """A :class:`~dutygraph.errors.UsageError` when ``output`` is a file this run reads (links
    followed; inside a folder read, any file of a readable kind), before anything is written."""
    try:
        found = os.stat(output)
    except OSError:  # not there (or not reachable): not an input either
        return
    target = os.path.realpath(output)
    for path in _INPUTS.get():
        try:
            read = os.stat(path)
        except OSError:
            continue
        same = (read.st_dev, read.st_ino) == (found.st_dev, found.st_ino)
        folder = os.path.realpath(path)
        if same or (os.path.isdir(folder) and target.startswith(folder.rstrip(os.sep) + os.sep)
                    and _readable(target)):
            raise UsageError("usage.output_is_input", path=output)


def _readable(path: str) -> bool:
    from dutygraph.graph.files import RDF_SUFFIXES
    from dutygraph.graph.stored import STORED_SUFFIX
    from dutygraph.importers.reading import DOCUMENT_SUFFIXES

    suffix = os.path.splitext(path)[1].lower()
    return suffix in DOCUMENT_SUFFIXES or suffix in RDF_SUFFIXES or suffix == STORED_SUFFIX
