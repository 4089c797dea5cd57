"""The workbench as an ASGI application (Starlette, Jinja2 templates with autoescape), and its guards.

Safe by default: every answer carries a Content-Security-Policy that allows the app's own
script and style only (no inline script, nothing from elsewhere, no framing); a request must
name the app's own host (a page on another site cannot reach it through DNS rebinding); every
state-changing request is a POST carrying the page's CSRF token; on another host than
127.0.0.1 every request also needs the access token (given once as ``?token=``, then kept in
a cookie), whatever name the host is reached by. Each answer says how long the server took
(``Server-Timing: app;dur=…``).

>>> import pathlib, tempfile
>>> from dutygraph.workbench.data import Workbench
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "p.txt").write_text("某县教育局2023年工作要点\\n1.新建幼儿园3所。（基建科牵头，财务科配合）\\n", "utf-8")
>>> app = create_app(Workbench([str(folder)], cache=False), port=8000)
>>> [(r.path, sorted(r.methods)) for r in app.routes if r.path in ("/item/{id}/correct", "/undo")]
[('/item/{id}/correct', ['POST']), ('/undo', ['POST'])]
"""

from __future__ import annotations

import datetime as dt
import hmac
import posixpath
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dutygraph.errors import DutygraphError
from dutygraph.i18n import date, language, t
from dutygraph.labels import CORRECTION_OPS, DEADLINE_RULES, LEAD_RULES, ROLES, STATUS, label
from dutygraph.workbench import items, pages, parties
from dutygraph.workbench.data import CORRECTIONS_NAME, Workbench, author
from dutygraph.workbench.params import as_of, link

__all__ = ["MAX_UPLOAD", "create_app"]

MAX_UPLOAD = 20 * 1024 * 1024
"""The largest file a page may add (bytes)."""
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
          "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
ROW_LIMIT = 200
"""A table shows this many rows unless ``?all=1`` (its CSV has all of them)."""
NAV = (("/", "overview"), ("/offices", "offices"), ("/leaders", "leaders"), ("/items", "items"), ("/plans", "plans"),
       ("/review", "review"), ("/network", "network"), ("/documents", "documents"))
TOKEN_COOKIE = "dutygraph_token"


class Guard:
    """ASGI middleware: the host check, the access token, the security headers and the timing."""

    def __init__(self, app: ASGIApp, *, hosts: set[str] | None, token: str | None) -> None:
        self.app, self.hosts, self.token = app, hosts, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if self.hosts is not None and request.headers.get("host", "") not in self.hosts:
            await PlainTextResponse("unknown host", status_code=421)(scope, receive, send)
            return
        if self.token is not None:
            given = request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE) or ""
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                await PlainTextResponse("an access token is needed: open the address the command printed",
                                        status_code=401)(scope, receive, send)
                return
            if request.query_params.get("token"):
                answer = RedirectResponse(request.url.path, status_code=303)
                answer.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
                await answer(scope, receive, send)
                return
        started = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                took = (time.perf_counter() - started) * 1000
                headers += [(b"content-security-policy", POLICY.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"same-origin"), (b"x-frame-options", b"DENY"),
                            (b"cache-control", b"no-store"), (b"server-timing", f"app;dur={took:.1f}".encode())]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("dutygraph.workbench", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(t=t, fmt_date=date,
                       label_role=lambda code: label(ROLES, code), label_rule=lambda code: label(LEAD_RULES, code),
                       label_status=lambda code: label(STATUS, code), label_op=lambda code: label(CORRECTION_OPS, code),
                       label_deadline=lambda code: label(DEADLINE_RULES, code))
    env.filters["basename"] = lambda path: Path(str(path)).name
    env.filters["when"] = _when
    return env


def _when(stamp: str | None) -> str:
    """An ISO time as the local time people read (``2024-09-30 18:05``); '' for None.

    >>> _when(None)
    ''
    """
    if not stamp:
        return ""
    try:
        return dt.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def _local(path: str | None, default: str) -> str:
    """A path of this app to go back to (never another site's address)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return default
    return posixpath.normpath(path.split("#")[0]) or default


def create_app(bench: Workbench, *, port: int, host: str = "127.0.0.1", lang: str = "zh", token: str | None = None,
               max_upload: int = MAX_UPLOAD) -> Starlette:
    """The application over ``bench``; ``port`` and ``host`` are where it is served (the Host
    header a request must name)."""
    env = _environment()
    csrf = secrets.token_urlsafe(32)
    static = Path(__file__).resolve().parent / "static"

    def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
        tables = context.get("tables", [])
        which = request.query_params.get("csv")
        if which is not None:
            try:
                table = tables[int(which)]
            except (ValueError, IndexError):
                return PlainTextResponse("no such table", status_code=404)
            return Response(table.csv(bom=lang == "zh"), media_type="text/csv; charset=utf-8",
                            headers={"content-disposition": f'attachment; filename="{table.name}.csv"'})

        def csv_href(index: int) -> str:
            query = dict(request.query_params)
            query["csv"] = str(index)
            return link(request.url.path, **query)

        html = env.get_template(template).render(
            {"query": None, **context}, filters_=context.get("filters"), nav=NAV, here=request.url.path, csrf=csrf,
            csv_href=csv_href, folder=str(bench.folder), corrections_file=CORRECTIONS_NAME,
            row_limit=None if request.query_params.get("all") else ROW_LIMIT,
            all_href=link(request.url.path, **{**request.query_params, "all": "1"}))
        return HTMLResponse(html, status_code=status)

    def page(build: Callable[[Request], tuple[str, dict[str, Any] | None]]) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            with language(lang):
                try:
                    template, context = build(request)
                except DutygraphError as exc:
                    return render(request, "error.html", {"title": t("app.error"), "detail": str(exc)}, 400)
                if context is None:
                    return render(request, "error.html", {"title": t("app.not_found"), "detail": request.url.path}, 404)
                return render(request, template, context)

        return endpoint

    def params(request: Request) -> dict[str, str]:
        return dict(request.query_params)

    def snap() -> Any:
        return bench.current()

    def overview(request: Request) -> tuple[str, dict[str, Any] | None]:
        return "overview.html", pages.overview(snap(), params(request))

    def listing(build: Callable[..., dict[str, Any]]) -> Callable[[Request], tuple[str, dict[str, Any] | None]]:
        return lambda request: ("list.html", build(snap(), params(request)))

    def office(request: Request) -> tuple[str, dict[str, Any] | None]:
        return "office.html", parties.office(snap(), request.path_params["id"])

    def leader(request: Request) -> tuple[str, dict[str, Any] | None]:
        return "page.html", parties.leader(snap(), request.path_params["id"])

    def plan(request: Request) -> tuple[str, dict[str, Any] | None]:
        return "page.html", pages.plan(snap(), request.path_params["id"])

    def item(request: Request) -> tuple[str, dict[str, Any] | None]:
        current = snap()
        found = current.items.get(request.path_params["id"])
        if found is None:
            return "item.html", None
        return "item.html", items.item(current, found[1].id, bench.passage(found[1].span))

    def search(request: Request) -> tuple[str, dict[str, Any] | None]:
        return "search.html", pages.search(snap(), request.query_params.get("q", "")[:100])

    def search_endpoint(request: Request) -> Response:
        with language(lang):
            found = pages.search(snap(), request.query_params.get("q", "")[:100])
        if found["exact"]:
            return RedirectResponse(found["exact"], status_code=303)
        return page(search)(request)

    def review(request: Request) -> tuple[str, dict[str, Any] | None]:
        return "review.html", pages.review(snap(), params(request))

    def documents(request: Request) -> tuple[str, dict[str, Any] | None]:
        context = pages.documents(snap())
        context["max_mb"] = max_upload // (1024 * 1024)
        return "documents.html", context

    def network(request: Request) -> tuple[str, dict[str, Any] | None]:
        from dutygraph.workbench.network import draw

        current = snap()
        query = params(request)
        office_id = query.get("office") if query.get("office") in current.parties else None
        issuer = current.parties[office_id].issuer if office_id else query.get("issuer") or None
        if issuer is None and current.corpus.organizations:
            issuer = max(current.corpus.organizations, key=lambda o: sum(o.id in p.issuers for p in current.corpus.plans)).id
        plan_id = query.get("plan") if query.get("plan") in current.plans else None

        def compute() -> Any:
            if not plan_id:
                return draw(current.issuer_graph(issuer or ""), focus=office_id)
            from dutygraph.graph.convert import to_networkx

            chosen = tuple(p for p in current.corpus.plans if p.id == plan_id)
            return draw(to_networkx(current.corpus.model_copy(update={"plans": chosen})), focus=office_id)

        drawing = current.memo(("network", issuer, plan_id, office_id), compute)
        scope = (current.parties[office_id].name if office_id else current.plans[plan_id].title if plan_id
                 else current.orgs.get(issuer or "", ""))
        return "network.html", {"title": t("app.nav.network"), "drawing": drawing, "scope": scope, "chosen": issuer,
                                "issuers": [(o.id, o.name) for o in current.corpus.organizations], "tables": []}

    async def checked_form(request: Request, *, max_part_size: int = 64 * 1024) -> Any:
        """The form of a POST, or None when its CSRF token is missing or wrong."""
        origin = request.headers.get("origin")
        if origin is not None and origin.split("://", 1)[-1] != request.headers.get("host"):
            return None
        form = await request.form(max_files=1, max_fields=20, max_part_size=max_part_size)
        given = form.get("csrf")
        if not isinstance(given, str) or not hmac.compare_digest(given.encode(), csrf.encode()):
            return None
        return form

    def refused(request: Request) -> Response:
        with language(lang):
            return render(request, "error.html", {"title": t("app.forbidden"), "detail": t("app.csrf")}, 403)

    def failed(request: Request, exc: DutygraphError) -> Response:
        with language(lang):
            return render(request, "error.html", {"title": t("app.error"), "detail": str(exc)}, 400)

    async def correct(request: Request) -> Response:
        form = await checked_form(request)
        if form is None:
            return refused(request)
        item_id = request.path_params["id"]
        op = str(form.get("op", ""))
        value: Any
        if op == "add_office":
            value = {"office": str(form.get("office", "")).strip(), "role": "lead" if form.get("role") == "lead" else "support"}
        elif op == "set_deadline":
            value = str(form.get("deadline", ""))
            if form.get("target"):
                value = {"target": int(str(form["target"])) if str(form["target"]).isdigit() else 0, "deadline": value}
        elif op == "set_status":
            value = str(form.get("status", ""))
        else:
            value = str(form.get("office", "")).strip()
        try:
            await run_in_threadpool(lambda: _checked(bench, item_id, op, value))
        except DutygraphError as exc:
            return failed(request, exc)
        return RedirectResponse(f"/item/{item_id}#corrections", status_code=303)

    async def undo(request: Request) -> Response:
        form = await checked_form(request)
        if form is None:
            return refused(request)
        try:
            await run_in_threadpool(bench.undo, int(str(form.get("line", "0"))))
        except (DutygraphError, ValueError) as exc:
            return failed(request, exc if isinstance(exc, DutygraphError) else DutygraphError("workbench.failed", reason=str(exc)))
        return RedirectResponse(_local(str(form.get("back", "")), "/review"), status_code=303)

    async def upload(request: Request) -> Response:
        if int(request.headers.get("content-length") or 0) > max_upload + 64 * 1024:
            with language(lang):
                return render(request, "error.html", {"title": t("app.error"),
                                                      "detail": t("app.documents.too_big", mb=max_upload // (1024 * 1024))}, 413)
        form = await checked_form(request, max_part_size=max_upload)
        if form is None:
            return refused(request)
        sent = form.get("file")
        if sent is None or isinstance(sent, str):
            return RedirectResponse("/documents", status_code=303)
        data = await sent.read(max_upload + 1)
        with language(lang):
            if len(data) > max_upload:
                return render(request, "error.html", {"title": t("app.error"),
                                                      "detail": t("app.documents.too_big", mb=max_upload // (1024 * 1024))}, 413)
            result = await run_in_threadpool(bench.add_document, sent.filename or "", data)
            context = pages.documents(bench.current(), None)
            context["max_mb"] = max_upload // (1024 * 1024)
            context["message"] = (t("app.documents.refused_one", name=result.name, reason=result.reason)
                                  if result else t("app.documents.added", name=sent.filename or ""))
            context["message_kind"] = "error" if result else ""
            return render(request, "documents.html", context, 422 if result else 200)

    def ledger_file(request: Request) -> Response:
        from dutygraph.queries.ledgers import ledger, ledger_items
        from dutygraph.xlsx import ledger_workbook

        day = as_of(params(request))
        with language(lang):
            G = snap().graph
            data = ledger_workbook(ledger(G, as_of=day), ledger_items(G, as_of=day), day)
        return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"content-disposition": 'attachment; filename="ledger.xlsx"'})

    def report_file(request: Request) -> Response:
        from dutygraph.viz.report import ReportOptions, render_report

        with language(lang):
            html = render_report(snap().graph, ReportOptions(as_of=as_of(params(request))))
        return Response(html, media_type="text/html; charset=utf-8",
                        headers={"content-disposition": 'attachment; filename="report.html"'})

    def corrections_file(request: Request) -> Response:
        text = bench.corrections.read_text("utf-8") if bench.corrections.is_file() else ""
        return Response(text, media_type="text/yaml; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="{CORRECTIONS_NAME}"'})

    routes = [
        Route("/", page(overview)),
        Route("/offices", page(listing(parties.offices))),
        Route("/office/{id}", page(office)),
        Route("/leaders", page(listing(parties.leaders))),
        Route("/leader/{id}", page(leader)),
        Route("/items", page(listing(items.items))),
        Route("/item/{id}", page(item)),
        Route("/item/{id}/correct", correct, methods=["POST"]),
        Route("/plans", page(listing(pages.plans))),
        Route("/plan/{id}", page(plan)),
        Route("/search", search_endpoint),
        Route("/review", page(review)),
        Route("/undo", undo, methods=["POST"]),
        Route("/network", page(network)),
        Route("/documents", page(documents)),
        Route("/documents", upload, methods=["POST"]),
        Route("/export/ledger.xlsx", ledger_file),
        Route("/export/report.html", report_file),
        Route(f"/export/{CORRECTIONS_NAME}", corrections_file),
        Mount("/static", app=StaticFiles(directory=static), name="static"),
    ]
    app = Starlette(routes=routes)
    # on 127.0.0.1 a request must name it (a page elsewhere cannot reach the app by DNS rebinding);
    # on another host the access token guards it, under whatever name the host is reached
    names = None if token else {f"{host}:{port}", f"127.0.0.1:{port}", f"localhost:{port}"}
    app.add_middleware(Guard, hosts=names, token=token)  # type: ignore[arg-type]
    return app


def _checked(bench: Workbench, item_id: str, op: str, value: Any) -> None:
    """Check a page's correction before it is written: an office named, a date, a known status."""
    from dutygraph.errors import UsageError
    from dutygraph.ontology.corrections import STATUS_NAMES

    if op in ("set_lead", "remove_office") and not value:
        raise UsageError("workbench.name_office")
    if op == "add_office" and not value["office"]:
        raise UsageError("workbench.name_office")
    if op == "set_deadline":
        day = value["deadline"] if isinstance(value, dict) else value
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            raise UsageError("workbench.not_a_date", value=repr(day)) from None
    if op == "set_status" and value not in STATUS_NAMES:
        raise UsageError("workbench.unknown_status", value=repr(value))
    bench.correct(item_id, op, value, author=author())
