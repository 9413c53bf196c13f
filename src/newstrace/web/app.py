"""``newstrace serve``: the FastAPI app over one database.

Read-only except the entity curation forms (POST + CSRF token). Binds 127.0.0.1 unless
told otherwise. Every response carries a strict Content-Security-Policy: scripts and styles
only from this app, so even a missed escape could not run injected script.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from markupsafe import escape
from starlette.exceptions import HTTPException

from newstrace.errors import NewstraceError
from newstrace.web.deps import AppState
from newstrace.web.readonly import open_read_store
from newstrace.web.routes import (
    api,
    articles,
    entities,
    events,
    overview,
    reuse,
    search,
    static,
    stories,
)

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def create_app(db: str) -> FastAPI:
    # Fail now, with the CLI's message, rather than on the first request.
    open_read_store(db).close()
    app = FastAPI(
        title="newstrace",
        description="Read-only JSON API over a newstrace database (records as in INTERFACE.md).",
        version="1",
    )
    app.state.newstrace = AppState(db)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            # FastAPI's own /docs page loads its assets from a CDN; it keeps its defaults.
            if k == "Content-Security-Policy" and request.url.path in ("/docs", "/redoc"):
                continue
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        body = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>newstrace: error</title>'
            '<link rel="stylesheet" href="/static/app.css"></head><body><main>'
            f"<h1>{exc.status_code}</h1><p class=\"note\">{escape(str(exc.detail))}</p>"
            '<p><a href="/">Back to the overview</a></p></main></body></html>'
        )
        return HTMLResponse(body, status_code=exc.status_code)

    for module in (overview, search, articles, reuse, stories, entities, events, static, api):
        app.include_router(module.router)
    return app


def serve(db: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    app = create_app(db)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"newstrace: warning: serving on {host}: the app is reachable from the network, "
            "and it shows the whole database to anyone who can reach this port. "
            "Use --host 127.0.0.1 to keep it local.",
            file=sys.stderr,
        )
    try:
        uvicorn.run(app, host=host, port=port, log_level="info")
    except OSError as e:  # e.g. port in use
        raise NewstraceError(f"cannot listen on {host}:{port} ({e}). Choose another --port.") from e
