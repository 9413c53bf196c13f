"""The interactive API page (/docs): Swagger UI 5 (OpenAPI 3.1) from the ``swagger-ui-py``
package's static files, so it works offline and under the app's Content-Security-Policy
(no CDN, no inline script)."""

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
    from importlib.resources import files
    from importlib.util import find_spec

    if find_spec("swagger_ui") is None:
        return None
    return Path(str(files("swagger_ui") / "static"))


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs() -> HTMLResponse:
    if _assets() is None:
        raise HTTPException(404, "The interactive API page needs the swagger-ui-py package; the plain list is at /api.")
    return HTMLResponse(PAGE)


@router.get("/docs/assets/{name}")
def docs_asset(name: str) -> FileResponse:
    folder = _assets()
    if folder is None or name not in ASSETS:
        raise HTTPException(404, "No such file.")
    return FileResponse(folder / name, media_type=ASSETS[name], headers={"Cache-Control": "max-age=86400"})
