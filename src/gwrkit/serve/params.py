"""Query and path parameters shared by the pages, with their limits and vocabularies
(the schema's, so that OpenAPI lists them as enums)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Path, Query
from pydantic import BaseModel

from gwrkit.core.schema import Level as LevelName
from gwrkit.core.schema import Measure as MeasureName
from gwrkit.core.schema import Verdict as VerdictName

Year = Annotated[int | None, Query(ge=1949, le=2100)]
Verdict = Annotated[VerdictName | None, Query()]
Level = Annotated[LevelName | None, Query()]
Measure = Annotated[MeasureName, Query()]
PAGE_SIZE = 200  # rows of a page when no limit is asked for
MAX_PAGE = 2000
Limit = Annotated[int | None, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Id = Annotated[int, Path(ge=1, le=2**62)]


ErrorCode = Literal[
    "not_found", "bad_request", "invalid", "unauthorized", "forbidden", "method",
    "too_large", "store", "internal", "error",
]  # fmt: skip


class ErrorDetail(BaseModel):
    status: int
    code: ErrorCode
    message: str


class ErrorBody(BaseModel):
    """The one shape of every error, page or JSON."""

    error: ErrorDetail


ERRORS: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "bad request: an unknown region or indicator, a bad file"),
        (401, "a valid write token is needed"),
        (403, "this server is read-only"),
        (404, "no such report, fact or formulation"),
        (413, "the request body is over the limit"),
        (422, "a parameter is out of range or not one of its values"),
        (503, "the store cannot be read"),
    )
}
