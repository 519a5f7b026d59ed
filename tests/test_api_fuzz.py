"""A fuzz run over the published OpenAPI spec (schemathesis): no generated request makes
the server fail (5xx), and every error has the one error shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from gwrkit.serve.app import create_app

from .web_fixtures import build_web_db


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("fuzz")
    db: Path = build_web_db(folder)
    app = create_app(str(db), "fuzz-token", folder / "uploads")
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_no_server_error(schema: Any) -> None:
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 9  # every /api/ route of gwrkit.serve.app
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
