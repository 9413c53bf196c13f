"""What every route needs: per-request data access under a time budget, templates, the
session's CSRF token, paging parameters."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from newstrace.web.data import Filters, WebData
from newstrace.web.paging import BadParameter, clamp_limit
from newstrace.web.readonly import open_read_store

TEMPLATES = Path(__file__).parent / "templates"
SESSION_COOKIE = "newstrace_session"
# Seconds of database time one request may take before it is answered 503.
REQUEST_BUDGET = 5.0


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
    from newstrace.web.layers import article_label
    from newstrace.web.queries.events import date_at
    from newstrace.web.queries.framing import label

    env.filters["article_label"] = article_label
    env.filters["date_at"] = date_at
    env.filters["technique_label"] = label
    return env


def is_http_url(value: object) -> bool:
    return isinstance(value, str) and value.lower().startswith(("http://", "https://")) and len(value) < 4000


class AppState:
    """Per-process settings: the database, the hosts it answers to, the CSRF secret."""

    def __init__(self, db: str, allowed_hosts: frozenset[str], budget: float = REQUEST_BUDGET) -> None:
        self.db = db
        self.allowed_hosts = allowed_hosts
        self.budget = budget
        self.secret = secrets.token_bytes(32)  # new on every start: old forms expire
        self.templates = Jinja2Templates(env=template_env())

    def csrf_token(self, session: str) -> str:
        """The token forms of one browser session carry (a page of another origin cannot
        read it, and it is worth nothing with another session's cookie)."""
        return hmac.new(self.secret, session.encode(), hashlib.sha256).hexdigest()

    def check_csrf(self, request: Request, token: str | None) -> None:
        expected = self.csrf_token(session_of(request))
        if not token or not hmac.compare_digest(token.encode(), expected.encode()):
            raise HTTPException(
                403, "This form has expired or did not come from this app: reload the page and try again."
            )


def session_of(request: Request) -> str:
    """The browser session (a random id in a cookie; set by the app's middleware)."""
    session: str = getattr(request.state, "session", "") or request.cookies.get(SESSION_COOKIE, "")
    return session


def new_session() -> str:
    return secrets.token_urlsafe(24)


def state(request: Request) -> AppState:
    st: AppState = request.app.state.newstrace
    return st


def get_data(request: Request) -> Iterator[WebData]:
    st = state(request)
    store = open_read_store(st.db)
    try:
        with store.time_budget(st.budget):
            yield WebData(store, st.db)
    finally:
        store.close()


def filters(request: Request) -> Filters:
    return Filters.from_params(dict(request.query_params))


def param(request: Request, name: str, default: str = "", max_len: int = 200) -> str:
    return " ".join((request.query_params.get(name) or default).split())[:max_len]


def cursor(request: Request) -> dict[str, Any]:
    """after / before / limit for a keyset-paged list."""
    qp = request.query_params
    try:
        limit = clamp_limit(int(qp.get("limit") or 0) or None)
    except ValueError:
        raise BadParameter("limit must be a whole number.") from None
    return {"after": qp.get("after") or None, "before": qp.get("before") or None, "limit": limit}


def render(request: Request, template: str, data: WebData, status_code: int = 200, **context: Any) -> HTMLResponse:
    ctx = {
        "request": request,
        "filters": context.pop("filters", None) or filters(request),
        "outlets": data.outlets(),
        "outlet_facets": data.outlet_facets(),
        "csrf_token": state(request).csrf_token(session_of(request)),
        "available": data.available,
        "techniques_found": data.techniques_found,
        **context,
    }
    return state(request).templates.TemplateResponse(request, template, ctx, status_code=status_code)


# The per-request data access, as a route parameter type.
Data = Annotated[WebData, Depends(get_data)]
