"""``newstrace serve``: the FastAPI app over one database.

Read-only except the entity curation forms. Binds 127.0.0.1 unless told otherwise. Safe
behind a network as far as the app itself goes:
- every response carries a strict Content-Security-Policy (scripts, styles, fonts and data
  only from this app), so even a missed escape could not run injected script;
- a request whose Host header is not one the app serves is refused (a DNS-rebinding page
  at evil.example resolving to 127.0.0.1 gets nothing);
- a write needs the CSRF token of the browser session (a random cookie, SameSite=Strict)
  and, when the browser says where it comes from (Origin), this app's own origin;
- every request has a database time budget (503 with a message when over it); a request
  the app cannot use is a 4xx with a message, never a 500.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from markupsafe import escape
from starlette.exceptions import HTTPException

from newstrace.errors import NewstraceError, QueryTimeout
from newstrace.web.deps import SESSION_COOKIE, AppState, new_session
from newstrace.web.paging import BadParameter
from newstrace.web.readonly import bring_up_to_date, open_read_store
from newstrace.web.routes import (
    api,
    articles,
    claims,
    docs,
    entities,
    events,
    overview,
    reuse,
    search,
    static,
    stories,
)

log = logging.getLogger(__name__)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" with
    # the app's own form posts, which the origin check must refuse. Article links (other
    # sites) still get no referrer.
    "Referrer-Policy": "same-origin",
}
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def _hostname(host_header: str) -> str:
    """The name part of a Host header ("[::1]:8000" -> "::1", "a.b:80" -> "a.b")."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def allowed_hosts(bind_host: str, extra: Iterable[str] = ()) -> frozenset[str]:
    hosts = {*LOCAL_HOSTS, *(h.lower() for h in extra)}
    if bind_host not in ("0.0.0.0", "::", ""):
        hosts.add(bind_host.lower())
    return frozenset(hosts)


def create_app(db: str, *, host: str = "127.0.0.1", allow_hosts: Iterable[str] = (), budget: float | None = None) -> FastAPI:
    """``allow_hosts``: more host names the app answers to (a reverse proxy's name);
    ``budget``: database seconds per request."""
    # Fail now, with the CLI's message, rather than on the first request.
    open_read_store(db).close()
    bring_up_to_date(db)
    app = FastAPI(
        title="newstrace",
        description="Read-only JSON API over a newstrace database (records as in INTERFACE.md).",
        version="1",
        docs_url=None,  # served by routes/docs.py from packaged assets (works offline)
        redoc_url=None,
    )
    state = AppState(db, allowed_hosts(host, allow_hosts))
    if budget is not None:
        state.budget = budget
    app.state.newstrace = state

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        name = _hostname(request.headers.get("host", ""))
        if name not in state.allowed_hosts:
            return _error(request, 400, f"This app does not answer to the host name {name!r}. "
                          "Open it at http://127.0.0.1:PORT/, or start it with --allow-host NAME.")
        if request.method in UNSAFE_METHODS:
            origin = request.headers.get("origin")
            if origin is not None:
                o = urlsplit(origin)
                if origin == "null" or _hostname(o.netloc) != name or o.netloc.lower() != request.headers.get("host", "").lower():
                    return _error(request, 403, "This form was sent from another site: open newstrace and use its own forms.")
            if request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
                return _error(request, 403, "This form was sent from another site: open newstrace and use its own forms.")
        session = request.cookies.get(SESSION_COOKIE)
        fresh = not session or len(session) > 64
        request.state.session = new_session() if fresh else session
        started = time.perf_counter()
        response = await call_next(request)
        # How long the app took (shown by browsers' network panels; read by the load benchmark).
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        if fresh:
            response.set_cookie(SESSION_COOKIE, request.state.session, httponly=True, samesite="strict", path="/")
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', 'invalid')}" for e in exc.errors()
        )
        return _error(request, 400, f"This request has values the app cannot use ({problems}).")

    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, exc: BadParameter) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(QueryTimeout)
    async def timeout(request: Request, exc: QueryTimeout) -> Response:
        return _error(request, 503, exc.message)

    @app.exception_handler(NewstraceError)
    async def user_error(request: Request, exc: NewstraceError) -> Response:
        return _error(request, 400, exc.message)

    for module in (overview, search, articles, claims, reuse, stories, entities, events, static, api, docs):
        app.include_router(module.router)
    return app


def _error(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return JSONResponse({"detail": message}, status_code=status, headers=SECURITY_HEADERS)
    body = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>newstrace: error</title>'
        '<link rel="stylesheet" href="/static/app.css"></head><body><main>'
        f'<h1>{status}</h1><p class="note" id="error">{escape(message)}</p>'
        '<p><a href="/">Back to the overview</a></p></main></body></html>'
    )
    return HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, allow_hosts: Iterable[str] = ()) -> None:
    import uvicorn

    from newstrace.errors import NewstraceError as _Err

    app = create_app(db, host=host, allow_hosts=allow_hosts)
    from newstrace.web.warm import warm

    seconds = warm(db, app.state.newstrace.templates.env)
    print(f"newstrace: templates compiled and corpus-wide counts computed in {seconds:.1f} s", file=sys.stderr)
    if host not in LOCAL_HOSTS:
        print(
            f"newstrace: warning: serving on {host}: the app is reachable from the network, "
            "and it shows the whole database to anyone who can reach this port. "
            "Use --host 127.0.0.1 to keep it local.",
            file=sys.stderr,
        )
    try:
        uvicorn.run(app, host=host, port=port, log_level="info")
    except OSError as e:  # e.g. port in use
        raise _Err(f"cannot listen on {host}:{port} ({e}). Choose another --port.") from e
