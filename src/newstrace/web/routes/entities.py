"""Entities: the list, one entity's page, duplicate suggestions, and curation (the only
writes: merge one or many, split, rename, add or remove an alias, dismiss, undo)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, BackgroundTasks, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newstrace.entities.curation import UnknownEntity
from newstrace.errors import UsageError
from newstrace.web import charts
from newstrace.web.data import WebData, curation_function
from newstrace.web.deps import Data, cursor, filters, param, render, state
from newstrace.web.paging import BadParameter
from newstrace.web.queries import claims as q_claims
from newstrace.web.queries import entities as q
from newstrace.web.readonly import open_write_store

router = APIRouter()

# Form action -> (curation function, what the done message says).
ACTIONS = {
    "merge": ("merge", "merged"),
    "split": ("split", "split off"),
    "rename": ("rename", "renamed"),
    "add_alias": ("add_alias", "alias added"),
    "remove_alias": ("remove_alias", "alias removed"),
}


@router.get("/entities", response_class=HTMLResponse, include_in_schema=False)
def entity_list(request: Request, data: Data) -> HTMLResponse:
    name, etype = param(request, "name"), param(request, "type", max_len=50)
    page = q.list_entities(data, name=name, etype=etype, f=filters(request), **cursor(request)) if data.available("entities") else None
    return render(request, "entities.html", data, page=page, name=name, etype=etype, types=q.types(data) if page else [],
                  curation=data.curation_available())


@router.get("/entities/duplicates", response_class=HTMLResponse, include_in_schema=False)
def duplicates(request: Request, data: Data) -> HTMLResponse:
    page = q.suggestions(data, **cursor(request))
    return render(request, "duplicates.html", data, page=page, curation=data.curation_available(),
                  operations=q.operations(data, 10))


def entity_context(
    data: WebData, entity_id: str, request: Request | None = None, entity: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What the entity page shows (``entity``: its row, when the caller has read it)."""
    entity = entity or q.entity(data, entity_id)
    if entity is None:
        raise HTTPException(404, f"No entity with id {entity_id!r} in this database.")
    qp = request.query_params if request is not None else {}

    def page_args(prefix: str) -> dict[str, Any]:
        return {"after": qp.get(f"{prefix}_after") or None, "before": qp.get(f"{prefix}_before") or None, "limit": 20}

    claims = data.available("claims")
    return {
        "entity": entity,
        "mention_chart": charts.month_bars(q.mentions_per_month(data, entity_id)),
        "articles": q.articles(data, entity_id, **page_args("art")),
        "said": q_claims.speaker_summary(data, entity_id) if claims else None,
        "claims_by": q_claims.claims_by(data, entity_id, **page_args("by")) if claims else None,
        "claims_about": q_claims.claims_about(data, entity_id, **page_args("about")) if claims else None,
        "co_occurring": q.co_occurring(data, entity_id),
        "suggestions": q.suggestions(data, entity_id=entity_id, limit=10).items,
        "curation": data.curation_available(),
    }


@router.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
def entity_page(entity_id: str, request: Request, data: Data) -> Response:
    entity = q.entity(data, entity_id)
    if entity is None and (target := q.merged_into(data, entity_id)):
        # A merged-away id (an old link, a bookmark) leads to the entity it is part of now.
        query = urlencode({**dict(request.query_params), "merged_from": entity_id})
        return RedirectResponse(f"/entities/{quote(target, safe='')}?{query}", status_code=301)
    return render(request, "entity.html", data, **entity_context(data, entity_id, request, entity))


def _write(
    request: Request, action: str, *args: Any, later: BackgroundTasks | None = None,
    refresh: Callable[[Any], list[str]] | None = None, **kwargs: Any,
) -> Any:
    """Run one curation function on a write connection. ``later``: what can wait for the
    answer waits: the connection stays open for a background task (``_after``) that copies
    the writes into the database file and rewrites the summaries of the entities
    ``refresh(result)`` names."""
    st = state(request)
    store = open_write_store(st.db)
    store.tune_for_bulk()  # a merge of big entities dirties tens of MB of pages
    if later is not None:
        store.defer_checkpoint()
    try:
        if not WebData(store).curation_available():
            raise HTTPException(503, "Entity curation is not available in this build.")
        try:
            result = curation_function(action)(store, *args, **kwargs)
        except UnknownEntity as e:
            raise HTTPException(404, e.message) from None
        except (UsageError, KeyError, ValueError) as e:
            msg = e.message if isinstance(e, UsageError) else str(e)
            raise HTTPException(400, f"Cannot {action.replace('_', ' ')}: {msg}") from None
    except BaseException:
        store.close()
        raise
    if later is None:
        store.close()
    else:
        later.add_task(_after, store, refresh(result) if refresh is not None else None)
    return result


def _after(store: Any, summaries: list[str] | None = None) -> None:
    """After the answer: the curation's writes copied into the database file, then the
    changed entities' precomputed summaries rewritten (their pages read live meanwhile)."""
    try:
        store.checkpoint()
        if summaries:
            curation_function("refresh_summaries")(store, summaries)
    finally:
        store.close()


def _value(value: str) -> str:
    value = value.strip()
    if not value or len(value) > 300:
        raise BadParameter("Fill in the field (at most 300 characters) and submit again.")
    return value


def _done(target: str, message: str, started: float) -> RedirectResponse:
    took = f"{time.monotonic() - started:.2f}"
    return RedirectResponse(f"/entities/{quote(target, safe='')}?{urlencode({'done': message, 'took': took})}", status_code=303)


@router.post("/entities/{entity_id}/curate", include_in_schema=False)
def curate(
    entity_id: str, request: Request, background: BackgroundTasks, action: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "", value: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """merge (value = the other entity's id or name, folded into this one), split (value =
    an alias that becomes its own entity), rename, add_alias, remove_alias (value = alias)."""
    state(request).check_csrf(request, csrf_token)
    if action not in ACTIONS:
        raise HTTPException(400, f"Unknown action {action!r}: use one of {', '.join(ACTIONS)}.")
    started = time.monotonic()
    value = _value(value)
    fn, message = ACTIONS[action]
    if action == "merge":
        value = _entity_ref(request, value)
        result = _write(request, fn, entity_id, value, summaries=False, later=background,
                        refresh=lambda kept: [kept, value])
    else:
        # Done in place; the changed entities' summaries are rewritten after the answer.
        touched: list[str] = []
        result = _write(request, fn, entity_id, value, summaries=False, touched=touched, later=background,
                        refresh=lambda _result: touched)
    target = result if action == "split" and isinstance(result, str) else entity_id
    return _done(target, message, started)


def _entity_ref(request: Request, ref: str) -> str:
    """An id as typed, or the single best entity for a name typed instead."""
    st = state(request)
    from newstrace.web.readonly import open_read_store

    store = open_read_store(st.db)
    try:
        data = WebData(store, st.db)
        if q.entity(data, ref) or q.merged_into(data, ref):
            return ref
        found = q.lookup(data, ref, 2)
    finally:
        store.close()
    if not found:
        raise HTTPException(404, f"No entity is called {ref!r}: pick one from the suggestions as you type.")
    return str(found[0]["id"])


@router.post("/entities/merge", include_in_schema=False)
def merge_selected(
    request: Request, background: BackgroundTasks, keep: Annotated[str, Form()], csrf_token: Annotated[str, Form()] = "",
    other: Annotated[list[str] | None, Form()] = None,
) -> RedirectResponse:
    """Fold every ``other`` (ticked in a list) into ``keep``."""
    state(request).check_csrf(request, csrf_token)
    others = [o for o in (other or []) if o and o != keep]
    if not others:
        raise BadParameter("Tick at least one other entity to merge into the one to keep.")
    if len(others) > 200:
        raise BadParameter("Merge at most 200 entities at once.")
    started = time.monotonic()
    # The survivor's precomputed summary (web.summaries) is rewritten after the answer: its
    # pages read live until then.
    kept = _write(request, "merge_many", keep, others, summaries=False, later=background,
                  refresh=lambda survivor: [survivor, *others])
    return _done(str(kept), f"merged {len(others)}", started)


@router.post("/entities/dismiss", include_in_schema=False)
def dismiss(
    request: Request, entity_id: Annotated[str, Form()], other_id: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """Not the same entity: the pair is no longer suggested."""
    state(request).check_csrf(request, csrf_token)
    _write(request, "dismiss", entity_id, other_id)
    return RedirectResponse("/entities/duplicates?done=dismissed", status_code=303)


def _undone(op: dict[str, Any] | None) -> list[str]:
    """The entities whose summaries an undo leaves to rewrite: a merge's two, or those a
    split, rename or alias change taken back in place changed."""
    if op is None:
        return []
    if op["op"] == "merge":
        return [op["entity_id"], op["other_id"]]
    return list(op.get("touched") or [])


@router.post("/entities/undo", include_in_schema=False)
def undo(request: Request, background: BackgroundTasks, csrf_token: Annotated[str, Form()] = "") -> RedirectResponse:
    """Take back the latest curation operation."""
    state(request).check_csrf(request, csrf_token)
    op = _write(request, "undo", summaries=False, later=background, refresh=_undone)
    if op is None:
        return RedirectResponse("/entities/duplicates?done=nothing+to+undo", status_code=303)
    return RedirectResponse(f"/entities/{quote(op['entity_id'], safe='')}?done=undone+{quote(op['op'])}", status_code=303)
