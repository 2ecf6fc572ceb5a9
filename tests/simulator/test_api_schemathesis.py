"""schemathesis fuzzes the API from its own OpenAPI document: no 5xx, ever, and every
answer matches the documented schema (bounded in examples; part of the normal suite)."""

import json

import pytest
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis import checks

from carriers.catalog.loader import load_catalog
from simulator.api import api

# The document straight from the API object (fetching /api/v1/openapi.json at import time
# would touch the database before pytest-django allows it).
schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), cls=DjangoJSONEncoder))
)
schema.app = get_wsgi_application()


@pytest.fixture
def catalog(db):
    load_catalog()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Calling the WSGI app fires request_started/finished, whose handler closes the
    database connection — the test's own, inside its transaction (PostgreSQL notices).
    Django's test client disconnects that handler the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_never_fails_and_always_matches_its_schema(case, catalog, settings):
    settings.RATE_LIMIT_SIMULATIONS = ""  # the fuzzer is one very busy client
    response = case.call()
    # Not "positive_data_acceptance": a schema-valid body may still break a rule the schema
    # cannot state (an unknown slug, a capped rule without a cap) and is rightly a 422.
    case.validate_response(
        response,
        checks=[
            checks.not_a_server_error,
            checks.status_code_conformance,
            checks.content_type_conformance,
            checks.response_schema_conformance,
            checks.response_headers_conformance,
            checks.negative_data_rejection,
        ],
    )
