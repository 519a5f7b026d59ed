"""A fuzz run over the published OpenAPI spec (schemathesis): no generated request makes
the server fail (5xx), and every error has the one error shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, given, settings

from gwrkit.serve.app import create_app

from .web_fixtures import build_web_db


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("fuzz")
    db: Path = build_web_db(folder)
    return create_app(str(db), "fuzz-token", folder / "uploads")


@pytest.fixture(scope="module")
def schema(app: Any) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def _api_operations(routes: list[Any]) -> set[tuple[str, str]]:
    """Every (method, path) of the app's /api/ routes, routers included whole too."""
    out: set[tuple[str, str]] = set()
    for r in routes:
        if isinstance(r, APIRoute) and r.path.startswith("/api/"):
            out |= {(m, r.path) for m in r.methods if m != "HEAD"}
        inner = getattr(r, "original_router", None)
        if inner is not None:
            out |= _api_operations(list(inner.routes))
    return out


def test_no_server_error(app: Any, schema: Any) -> None:
    operations = [result.ok() for result in schema.get_all_operations()]
    expected = _api_operations(list(app.routes))
    assert len(expected) >= 11 and len(operations) == len(expected)  # every /api/ route
    for operation in operations:
        _fuzz(operation)


def _fuzz(operation: Any) -> None:
    label = operation.label

    @given(operation.as_strategy())
    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    def call(case: Any) -> None:
        response = case.call()
        assert response.status_code < 500, (label, case.path_parameters, response.text[:300])
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == {"error"}, (label, body)
            assert body["error"]["status"] == response.status_code

    call()
