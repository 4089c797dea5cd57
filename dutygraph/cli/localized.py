"""The command line in the language in force: help texts, the usage words and click's own errors.

Every help text comes from the catalogue (``catalogues/<lang>/help.toml``): a command's under
``help.command.<path>`` (``workload``, ``neo4j.push``; the group itself is ``dutygraph``), an
option's under ``help.option.<path>.<name>``, or ``help.option.common.<name>`` for an option
every command explains alike (``--lang``, ``--corrections``). The words click adds (``Usage:``,
``Options:``, ``[default: …]``) are ``help.words.*``. A command or option the catalogue does not
know yet shows the text written in the code (a test asks for its entry in both languages).

Click's usage errors (an unknown option, a missing argument) become a
:class:`~dutygraph.errors.Message` by their kind (:func:`click_message`):

>>> from dutygraph.i18n import language
>>> with language("zh"):
...     str(click_message(click.NoSuchOption("--bogus")))
'没有这个选项：--bogus'
"""

from __future__ import annotations

import inspect
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

import click

from dutygraph.errors import Message
from dutygraph.i18n import LANGS, current, has, set_language, t

__all__ = ["Command", "Group", "click_message", "command_key", "option_key"]

_HELP_OPTION = "help"
"""The name the help option goes by in the catalogue (click names it differently by version)."""


def command_key(path: tuple[str, ...]) -> str:
    """The catalogue key of a command's help: ``path`` is its names below ``dutygraph``.

    >>> command_key(()), command_key(("neo4j", "push"))
    ('help.command.dutygraph', 'help.command.neo4j.push')
    """
    return f"help.command.{'.'.join(path) or 'dutygraph'}"


def option_key(path: tuple[str, ...], name: str) -> tuple[str, str]:
    """The keys an option's help is looked up by: the command's own, then the shared one.

    >>> option_key(("workload",), "top_k")
    ('help.option.workload.top_k', 'help.option.common.top_k')
    """
    return f"help.option.{'.'.join(path) or 'dutygraph'}.{name}", f"help.option.common.{name}"


def _path(ctx: click.Context) -> tuple[str, ...]:
    names = []
    while ctx.parent is not None:
        names.append(ctx.command.name or "")
        ctx = ctx.parent
    return tuple(reversed(names))


def _option_help(ctx: click.Context, param: click.Option) -> str:
    command = ctx.command
    name = _HELP_OPTION if param is command.get_help_option(ctx) else param.name or ""
    for key in option_key(_path(ctx), name):
        if has(key):
            return t(key)
    return param.help or ""


def _command_help(path: tuple[str, ...], command: click.Command) -> str:
    key = command_key(path)
    return t(key) if has(key) else inspect.cleandoc(command.help or "")


def _short(text: str, limit: int) -> str:
    """A command's first sentence for the group's list (click's own shortening in English)."""
    if current() == "en":
        return click.Command(None, help=text).get_short_help_str(limit)
    first = text.split("\n\n", 1)[0].replace("\n", "").split("。", 1)[0]
    if _width(first) <= limit:
        return first
    while _width(first) > limit - 1:
        first = first[:-1]
    return first + "…"


def _width(text: str) -> int:
    """How many columns ``text`` takes on a terminal (a Chinese character two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_TOKEN = re.compile(r"[!-~]+|\s+|.")
"""What a line may break between: a run of printable ASCII (a word, an option, `code`), spaces,
or any other single character (a Chinese character may end a line anywhere)."""


_NO_LINE_START = frozenset("，。、；：？！）》」』”’…")
"""Punctuation a line does not begin with: it stays at the end of the line before."""


def _wrap(text: str, width: int) -> Iterator[str]:
    """``text`` in lines of at most ``width`` columns; paragraphs kept, a ``\\b`` one as it is.

    >>> list(_wrap("甲乙丙丁 `--x` 戊", 8))
    ['甲乙丙丁', '`--x` 戊']
    """
    for n, paragraph in enumerate(text.split("\n\n")):
        if n:
            yield ""
        if paragraph.startswith("\b"):
            yield from paragraph[1:].strip("\n").splitlines()
            continue
        line = ""
        for token in _TOKEN.findall(re.sub(r"\s*\n\s*", " ", paragraph.strip())):
            if line and _width(line + token.rstrip()) > width and token not in _NO_LINE_START:
                yield line.rstrip()
                line = "" if token.isspace() else token
            else:
                line += token
        if line.strip():
            yield line.rstrip()


class _Formatter(click.HelpFormatter):
    """Click's help layout, wrapped by columns (not characters) outside English."""

    def write_text(self, text: str) -> None:
        if current() == "en":
            super().write_text(text)
            return
        indent = " " * self.current_indent
        for line in _wrap(text, max(self.width - self.current_indent, 11)):
            self.write(f"{indent}{line}\n" if line else "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        if current() == "en" or not rows:
            super().write_dl(rows, col_max, col_spacing)
            return
        first_col = min(max(_width(first) for first, _ in rows), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if _width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - _width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = list(_wrap(second, max(self.width - first_col - 2, 10))) or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class _Context(click.Context):
    formatter_class = _Formatter


class _Localized(click.Command):
    """Help in the catalogue's words (see the module's text)."""

    context_class = _Context

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _language_asked(args)  # --help, processed before --lang when given first, speaks it too
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=t("help.words.usage"))

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = _command_help(_path(ctx), self).partition("\f")[0]
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(param.get_help_spec(ctx), _with_extra(ctx, param, _option_help(ctx, param)))
                for param in self.get_params(ctx) if isinstance(param, click.Option) and not param.hidden]
        if rows:
            with formatter.section(t("help.words.options")):
                formatter.write_dl(rows)


def _language_asked(args: list[str]) -> None:
    """Use the language ``--lang`` asks for anywhere in ``args`` (before a ``--``), if one does.

    >>> from dutygraph.i18n import language
    >>> with language("zh"):
    ...     _language_asked(["workload", "--help", "--lang", "en"]); current()
    'en'
    """
    for i, arg in enumerate(args):
        if arg == "--":
            return
        wanted = args[i + 1] if arg == "--lang" and i + 1 < len(args) else arg[7:] if arg.startswith("--lang=") else ""
        if wanted in LANGS:
            set_language(wanted)


def _with_extra(ctx: click.Context, param: click.Option, text: str) -> str:
    """The help and click's notes on it (default, range, environment variable, required)."""
    extra: Any = param.get_help_extra(ctx)
    items = []
    if "envvars" in extra:
        items.append(t("help.words.env", var=", ".join(extra["envvars"])))
    if "default" in extra:
        items.append(t("help.words.default", default=extra["default"]))
    if "range" in extra:
        items.append(extra["range"])
    if "required" in extra:
        items.append(t("help.words.required"))
    notes = "; ".join(items)
    return f"{text}  [{notes}]" if text and notes else f"[{notes}]" if notes else text


class Command(_Localized):
    """A command whose help, usage words and extra-argument error follow the language."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        allowed, ctx.allow_extra_args = ctx.allow_extra_args, True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise ExtraArguments(rest, ctx)
        return rest


class Group(_Localized, click.Group):
    """A group whose help (and its list of commands) follows the language."""

    command_class = Command

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = [(name, cmd) for name in self.list_commands(ctx)
                    if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            rows = [(name, _short(_command_help((*_path(ctx), name), cmd), limit)) for name, cmd in commands]
            with formatter.section(t("help.words.commands")):
                formatter.write_dl(rows)


class ExtraArguments(click.UsageError):
    """Arguments left over after a command's own (click's words in English, a message for the rest)."""

    def __init__(self, rest: list[str], ctx: click.Context) -> None:
        self.rest = rest
        noun = "arguments" if len(rest) > 1 else "argument"
        super().__init__(f"Got unexpected extra {noun} ({' '.join(rest)})", ctx)


def click_message(exc: click.ClickException) -> Message:
    """What went wrong on the command line, as a message of the catalogue (``error.click.*``)."""
    if isinstance(exc, click.NoSuchOption):
        if exc.possibilities:
            return Message("click.no_such_option_near", option=exc.option_name, near=", ".join(exc.possibilities))
        return Message("click.no_such_option", option=exc.option_name)
    if isinstance(exc, click.exceptions.NoSuchCommand):
        return Message("click.no_such_command", name=exc.command_name)
    if isinstance(exc, ExtraArguments):
        return Message("click.extra", arguments=" ".join(exc.rest))
    if isinstance(exc, click.MissingParameter):
        hint = exc.param.get_error_hint(exc.ctx) if exc.param is not None else str(exc.param_hint or "")
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "")
        return Message("click.missing_argument" if kind == "argument" else "click.missing_option", name=hint)
    if isinstance(exc, click.BadOptionUsage):
        return Message("click.no_value" if _is_flag(exc) else "click.needs_value", option=exc.option_name)
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx)
        if isinstance(exc.param.type, click.Choice):
            return Message("click.bad_choice", name=hint, choices=", ".join(map(str, exc.param.type.choices)))
        return Message("click.bad_value", name=hint, reason=exc.message)
    return Message("click.other", reason=exc.format_message())


def _is_flag(exc: click.BadOptionUsage) -> bool:
    params = exc.ctx.command.params if exc.ctx is not None else []
    return any(isinstance(p, click.Option) and p.is_flag and exc.option_name in (*p.opts, *p.secondary_opts)
               for p in params)
