"""The interactive API page (/docs): Swagger UI from the ``swagger-ui-bundle`` package, so
it works offline and under the app's Content-Security-Policy (no CDN, no inline script)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

router = APIRouter(include_in_schema=False)

ASSETS = {"swagger-ui.css": "text/css", "swagger-ui-bundle.js": "text/javascript"}

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>newstrace API</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<script src="/docs/assets/swagger-ui-bundle.js" defer></script><script src="/static/docs.js" defer></script>
</head><body><div id="swagger-ui"><p>Loading the API description&hellip; <a href="/api">Plain list of endpoints</a></p></div></body></html>
"""


def _assets() -> Path | None:
    try:
        import swagger_ui_bundle
    except ImportError:
        return None
    return Path(swagger_ui_bundle.swagger_ui_path)


@router.get("/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    if _assets() is None:
        raise HTTPException(404, "The interactive API page needs the swagger-ui-bundle package; the plain list is at /api.")
    return HTMLResponse(PAGE)


@router.get("/docs/assets/{name}")
def docs_asset(name: str) -> FileResponse:
    folder = _assets()
    if folder is None or name not in ASSETS:
        raise HTTPException(404, "No such file.")
    return FileResponse(folder / name, media_type=ASSETS[name], headers={"Cache-Control": "max-age=86400"})
