"""What every route needs: the per-request data access, templates, CSRF, paging params."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from newstrace.web.data import Filters, WebData, clamp_page
from newstrace.web.readonly import open_read_store

TEMPLATES = Path(__file__).parent / "templates"


def template_env(*extra_dirs: Path) -> jinja2.Environment:
    """Autoescape always on: every article-derived string is escaped unless a view built
    it with ``markupsafe`` after escaping the pieces itself (``highlight``)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*(str(d) for d in extra_dirs), str(TEMPLATES)]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Article URLs are input: only http(s) ones become links (never javascript: or data:).
    env.tests["http_url"] = is_http_url
    return env


def is_http_url(value: object) -> bool:
    return isinstance(value, str) and value.lower().startswith(("http://", "https://")) and len(value) < 4000


class AppState:
    """Per-process settings: the database and the CSRF secret (new on every start)."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.csrf_token = secrets.token_urlsafe(32)
        self.templates = Jinja2Templates(env=template_env())

    def check_csrf(self, token: str | None) -> None:
        if not token or not hmac.compare_digest(token.encode(), self.csrf_token.encode()):
            raise HTTPException(
                403, "This form has expired or did not come from this app: reload the page and try again."
            )


def state(request: Request) -> AppState:
    st: AppState = request.app.state.newstrace
    return st


def get_data(request: Request) -> Iterator[WebData]:
    store = open_read_store(state(request).db)
    try:
        yield WebData(store)
    finally:
        store.close()


def filters(request: Request) -> Filters:
    return Filters.from_params(dict(request.query_params))


def paging(request: Request) -> tuple[int, int]:
    qp = request.query_params
    try:
        return clamp_page(int(qp.get("offset") or 0), int(qp.get("limit") or 0) or None)
    except ValueError:
        raise HTTPException(400, "offset and limit must be whole numbers.") from None


def render(request: Request, template: str, data: WebData, status_code: int = 200, **context: Any) -> HTMLResponse:
    f = filters(request)
    ctx = {
        "request": request,
        "filters": f,
        "outlets": data.outlets(),
        "csrf_token": state(request).csrf_token,
        "available": data.available,
        **context,
    }
    return state(request).templates.TemplateResponse(request, template, ctx, status_code=status_code)


# The per-request data access, as a route parameter type.
Data = Annotated[WebData, Depends(get_data)]
