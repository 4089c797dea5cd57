"""``dutygraph app``: the planner's workbench, a local web application over the documents."""

from __future__ import annotations

import secrets
import socket
import threading
import webbrowser

import click

from dutygraph import i18n
from dutygraph.cli.app import cli, say
from dutygraph.errors import Message, UsageError
from dutygraph.i18n import t

LOOPBACK = ("127.0.0.1", "localhost")


def _socket(host: str, port: int) -> socket.socket:
    """A listening socket on ``host`` (port 0: a free one, chosen by the system)."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError("usage.listen", host=host, port=port, reason=exc.strerror or str(exc)) from None
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


@cli.command("app")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Another than 127.0.0.1 needs the access token the command prints.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, help="Port (0: a free one).")
@click.option("--no-browser", is_flag=True, help="Do not open the browser.")
@click.option("--aliases", "alias_files", multiple=True, type=click.Path(path_type=str),
              help="Office alias file (TOML or YAML); may be given more than once.")
@click.option("--default-issuer", "issuer", help="The issuer of documents whose title names no place.")
def app(paths: tuple[str, ...], host: str, port: int, no_browser: bool, alias_files: tuple[str, ...],
        issuer: str | None) -> None:
    """Open the workbench: a local web application to explore, check, correct and hand on.

    PATHS: the documents (a folder, files) or a stored corpus (FILE.dg). Pages: overview per
    issuer, offices, leaders, items, plans, search, the office network, review and
    corrections (written at once to dutygraph-corrections.yaml beside the documents, with
    your user name and the time; undo), documents in (upload) and out (台账, report, CSV).
    Listens on 127.0.0.1 on a free port and opens the browser; Ctrl-C stops it.
    """
    import uvicorn

    from dutygraph.workbench.data import Workbench
    from dutygraph.workbench.server import create_app

    bench = Workbench(list(paths), aliases=alias_files, issuer=issuer, background=True)
    for refused in bench.snapshot.refused:
        say(Message("at", where=refused.name, message=refused.reason))
    for stale in bench.snapshot.stale:
        say(Message("cli.not_applied", where=f"{stale.file}:{stale.line}", message=stale.message))
    token = None if host in LOOPBACK else secrets.token_urlsafe(24)
    sock = _socket(host, port)
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    application = create_app(bench, host=shown, port=port, lang=i18n.current(), token=token)
    click.echo(t("app.serving", address=address, folder=bench.folder), err=False)
    if not no_browser:
        threading.Timer(0.5, webbrowser.open, args=(address,)).start()
    server = uvicorn.Server(uvicorn.Config(application, log_level="warning", lifespan="off"))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
