"""Static files (CSS, JS, the world outline) from the package, never from elsewhere."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

router = APIRouter()

STATIC = (Path(__file__).resolve().parent.parent / "static").resolve()
TYPES = {".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml"}


def static_path(name: str) -> Path:
    """The file under ``web/static`` named by ``name``; anything that resolves outside it
    (``..``, absolute paths, encoded separators, symlinks) is a 404."""
    if not name or "\x00" in name or "\\" in name:
        raise HTTPException(404, "No such static file.")
    path = (STATIC / name).resolve()
    if not path.is_relative_to(STATIC) or not path.is_file():
        raise HTTPException(404, "No such static file.")
    return path


@router.api_route("/static/{name:path}", methods=["GET", "HEAD"], include_in_schema=False)
def static_file(name: str) -> FileResponse:
    path = static_path(name)
    media = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path, media_type=media, headers={"Cache-Control": "max-age=3600"})
