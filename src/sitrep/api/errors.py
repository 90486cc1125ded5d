"""One error shape for every failure: ``{"ok": false, "error": "one line", "status": 4xx}``.

FastAPI's own handlers answer 404/405 with ``{"detail": ...}`` and 422 with a list of pydantic errors;
these handlers replace them so that clients (and the contract tests) see a single shape.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitrep.api.routers.params import PATTERN_HINTS
from sitrep.errors import InputError, SitrepError

log = logging.getLogger(__name__)


class ApiError(Exception):
    """Raised by routers for an expected failure; becomes the error shape with ``status``."""

    def __init__(self, status: int, message: str, *, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def one_line(message: object) -> str:
    lines = [line.strip() for line in str(message).strip().splitlines() if line.strip()]
    return lines[0] if lines else "error"


def error_response(status: int, message: object, *, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"ok": False, "error": one_line(message), "status": status},
        status_code=status,
        headers=dict(headers) if headers else None,
    )


def _is_union_tag(part: object) -> bool:
    """pydantic names a union branch in ``loc``: a class name (``ArticleIn``) or ``list[ArticleIn]``."""
    return isinstance(part, str) and (part[:1].isupper() or part.startswith("list["))


def _pick_branch(errors: Sequence[Mapping[str, Any]], body: Any) -> list[Mapping[str, Any]]:
    """For a body typed ``X | list[X]``, keep the errors of the branch matching the body's shape, untagged."""
    tagged = [e for e in errors if len(e.get("loc", ())) > 1 and _is_union_tag(e["loc"][1])]
    if not tagged:
        return list(errors)
    want_list = isinstance(body, list)
    kept = [e for e in tagged if str(e["loc"][1]).startswith("list[") == want_list]
    if not kept or not isinstance(body, list | dict):
        return [{"loc": ("body",), "msg": "expected an article object or a list of them"}]
    return [{**e, "loc": (e["loc"][0], *e["loc"][2:])} for e in kept]


def describe_validation(errors: Sequence[Mapping[str, Any]], *, body: Any = None) -> str:
    """The first pydantic error as ``where: what`` (``query.limit: ...``), plus how many more there are."""
    errors = _pick_branch(errors, body)
    if not errors:
        return "invalid request"
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "request"
    what = first.get("msg", "invalid value")
    if first.get("type") == "string_pattern_mismatch":
        pattern = str((first.get("ctx") or {}).get("pattern", ""))
        what = f"{first.get('input')!r} is not {PATTERN_HINTS.get(pattern, 'in the expected format')}"
    text = f"{where}: {what}"
    if len(errors) > 1:
        text += f" (and {len(errors) - 1} more)"
    return text


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail
    if exc.status_code == 404 and detail == HTTPStatus.NOT_FOUND.phrase:
        detail = "not found"
    elif exc.status_code == 405:
        detail = "method not allowed"
    return error_response(exc.status_code, detail, headers=exc.headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(422, describe_validation(exc.errors(), body=exc.body))


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.message, headers=exc.headers)


async def _sitrep_error(_request: Request, exc: Exception) -> JSONResponse:
    # A bad input record is the client's fault; anything else sitrep raises (store, model) is the server's.
    status = 422 if isinstance(exc, InputError) else 503
    return error_response(status, exc)


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error in the API", exc_info=exc)
    return error_response(500, f"internal error: {type(exc).__name__}")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(SitrepError, _sitrep_error)
    app.add_exception_handler(Exception, _unexpected)
