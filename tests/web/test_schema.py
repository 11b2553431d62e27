"""Schemathesis against the app's OpenAPI schema: generated requests, valid and not,
never get a server error (5xx), and answers match the schema. (Pydantic's lax mode
accepts ``false`` for a number as 0, so schemathesis's negative-data check is not run.)"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.web.conftest import SCENARIOS
from tradewar.web.app import create_app

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(SCENARIOS))


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_request_makes_the_server_fail(case):
    response = case.call()
    assert response.status_code < 500, response.text
    case.validate_response(response, checks=[response_schema_conformance, content_type_conformance])
