"""Start-up warming: the corpus-wide aggregates the first pages need (overview counts and
chart, the claims view's facets, filter choices) and the compiled templates, made once before the server takes
requests, so no analyst's first click pays for a scan of the whole corpus. They stay
cached (``WebData.memo``) until the data changes."""

from __future__ import annotations

import logging
import time

import jinja2

from newstrace.web.data import Filters, WebData
from newstrace.web.readonly import open_read_store

log = logging.getLogger(__name__)


def warm(db: str, env: jinja2.Environment | None = None) -> float:
    """Fill the caches for ``db`` (and compile ``env``'s templates); returns the seconds it
    took. A failure is logged and left to the first request (which then computes and
    reports it as usual)."""
    from newstrace.web.queries import claims as q_claims
    from newstrace.web.queries import framing as q_framing
    from newstrace.web.queries import overview as q_overview

    started = time.perf_counter()
    if env is not None:
        for name in env.list_templates(extensions=["html"]):
            env.get_template(name)
    store = open_read_store(db)
    try:
        data = WebData(store, db)
        f = Filters()
        data.outlets()
        data.outlet_facets()
        data.outlet_meta()
        data.techniques_found()
        q_overview.counts(data, f)
        q_overview.articles_per_month(data, f)
        if data.available("techniques"):
            q_framing.outlet_techniques(data, f)
        if data.available("claims"):
            q_claims.facets(data, f, q_claims.ClaimFilters(), None)
            for kind in q_claims.KINDS:  # three values: each one's facets and statement count
                q_claims.statements(data, f, q_claims.ClaimFilters(kind=kind), None, limit=1)
                q_claims.facets(data, f, q_claims.ClaimFilters(kind=kind), None)
    except Exception as e:  # noqa: BLE001 - warming is an optimisation, never a failure
        log.warning("cache warming stopped (%s); pages compute what they need", e)
    finally:
        store.close()
    return time.perf_counter() - started
