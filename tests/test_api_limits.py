"""The API's bounds: a body of at most the largest valid request, JSON only, a declared
length, small error answers however bad the body, and no method the site does not use."""

import json

import pytest

from simulator.api import MAX_ERRORS, api
from simulator.middleware import MAX_API_BODY

pytestmark = pytest.mark.django_db

SIMULATE = "/api/v1/simulate"
VALID = {
    "custom_plan": {"currency": "USD", "price": "30.00", "allowance_mb": 10240},
    "usage_mb": [1],
}
ASTRAL = "\U0001f600"  # one character, twelve bytes once escaped: "\ud83d\ude00"
MAX_MB = 10_485_760
PRICE = "999999.99"


def post(client, body, content_type="application/json", url=SIMULATE, **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, data, content_type=content_type, **extra)


def largest_valid_request() -> dict:
    """Every field at its bound, every text at its longest in characters that escape to the
    most bytes: the request MAX_API_BODY is sized for."""
    promotion = {
        "name": ASTRAL * 150,
        "from": "2026-01",
        "to": "2026-12",
        "bonus_mb": MAX_MB,
        "extra_expiry_periods": 120,
        "price": PRICE,
    }
    plan = {
        "name": ASTRAL * 150,
        "currency": "USD",
        "billing": "monthly",
        "period_months": 1,
        "price": PRICE,
        "allowance_mb": MAX_MB,
        "lines": {
            "included": 100,
            "max": 100,
            "extra_line_price": PRICE,
            "extra_line_allowance_mb": MAX_MB,
        },
        "overage": {
            "policy": "pay_per_unit",
            "unit_mb": MAX_MB,
            "unit_price": PRICE,
            "spend_cap": PRICE,
            "after_cap": "throttle",
        },
        "rollover": {
            "mode": "capped",
            "cap_mb": MAX_MB,
            "bank_cap_mb": MAX_MB,
            "expires_after_periods": 120,
            "order": "allowance_first",
            "min_use_mb": None,
            "forfeit_on_lapse": False,
            "convert": {
                "unit_mb": MAX_MB,
                "rate": 1_000_000,
                "benefit": ASTRAL * 50,
                "credit": PRICE,
            },
        },
        "promotions": [promotion] * 50,
    }
    return {"custom_plan": plan, "start": "2026-01", "usage_mb": [MAX_MB] * 36, "lines": 100}


def assert_error_shape(response, status, code):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["errors"][0]["code"] == code
    assert all(set(e) == {"field", "code", "message"} for e in body["errors"])
    return body


def test_the_largest_valid_request_fits_and_is_answered(client, settings):
    settings.RATE_LIMIT_SIMULATIONS = ""
    body = largest_valid_request()
    indented = json.dumps(body, indent=4).encode()  # ensure_ascii: the escaped form
    assert len(indented) <= MAX_API_BODY
    response = post(client, indented)
    assert response.status_code == 200, response.content[:500]
    assert len(response.json()["months"]) == 36


def test_with_every_field_of_the_api_at_its_longest_a_request_still_fits(client):
    """Add the fields the valid request above leaves out (a slug beside the custom plan, a
    day count per month): the engine refuses the mix, but the size is what it is."""
    body = {**largest_valid_request(), "plan": "x" * 100, "days_used": [31] * 36}
    indented = json.dumps(body, indent=4).encode()
    assert len(indented) <= MAX_API_BODY
    response = post(client, indented)
    assert response.status_code == 422
    assert "extra_forbidden" not in response.content.decode()


def schema_fields(model) -> set[str]:
    return {field.alias or name for name, field in model.model_fields.items()}


def test_the_sizing_request_covers_every_field_the_api_reads():
    """A field added to the API's input must be added here too, and the limit checked."""
    from simulator import schemas

    body = {**largest_valid_request(), "plan": "x", "days_used": [1]}
    plan = body["custom_plan"]
    assert set(body) == schema_fields(schemas.SimulateIn)
    assert set(plan) == schema_fields(schemas.CustomPlanIn)
    assert set(plan["lines"]) == schema_fields(schemas.LinesIn)
    assert set(plan["overage"]) == schema_fields(schemas.OverageIn)
    assert set(plan["rollover"]) == schema_fields(schemas.RolloverIn)
    assert set(plan["rollover"]["convert"]) == schema_fields(schemas.ConvertIn)
    assert set(plan["promotions"][0]) == schema_fields(schemas.PromotionIn)
    compare = {
        "start": "2026-01",
        "usage_mb": [MAX_MB] * 36,
        "days_used": [31] * 36,
        "lines": 100,
        "country": "US",
        "currency": "USD",
        "carrier": ASTRAL * 100,
        "billing": "monthly",
        "kind": "travel_esim",
        "include_unavailable": True,
    }
    assert set(compare) == schema_fields(schemas.CompareIn)
    assert len(json.dumps(compare, indent=4)) < MAX_API_BODY // 10  # far smaller


def test_no_object_of_the_api_comes_near_the_parsers_field_limit():
    from simulator import schemas
    from simulator.api import MAX_FIELDS

    inputs = [getattr(schemas, name) for name in dir(schemas) if name.endswith("In")]
    assert inputs
    assert all(len(model.model_fields) * 2 <= MAX_FIELDS for model in inputs)


def test_a_body_past_the_limit_is_a_json_413_before_it_is_read(client):
    response = post(client, " " * (MAX_API_BODY + 1))
    body = assert_error_shape(response, 413, "too_large")
    assert f"{MAX_API_BODY:,} bytes" in body["errors"][0]["message"]


def test_185000_unknown_keys_get_a_small_4xx(client):
    """The 2.48 MB body of unknown keys that once answered 21.7 MB after 1.9 s."""
    flood = {f"k{n}": 0 for n in range(185_000)}
    data = json.dumps({**VALID, **flood})
    assert len(data) > 2_400_000
    response = post(client, data)
    assert 400 <= response.status_code < 500
    assert len(response.content) < 10_000


def test_thousands_of_keys_under_the_limit_are_one_small_error(client):
    flood = {f"colour{n}": 0 for n in range(7_000)}
    data = json.dumps({**VALID, **flood})
    assert len(data) < MAX_API_BODY
    response = post(client, data)
    body = assert_error_shape(response, 422, "too_many_fields")
    assert len(response.content) < 10_000
    assert len(body["errors"]) == 1
    message = body["errors"][0]["message"]
    assert message.startswith("An object has 7,002 fields, more than any object of the API has")
    assert message.endswith("the first: custom_plan, usage_mb, colour0, colour1, colour2, …")


def test_unknown_keys_are_one_error_naming_a_few(client):
    plan = {**VALID["custom_plan"], **{f"hue{n}": 0 for n in range(20)}}
    response = post(client, {**VALID, "custom_plan": plan, **{f"colour{n}": 0 for n in range(8)}})
    body = assert_error_shape(response, 422, "extra_forbidden")
    unknown = [e for e in body["errors"] if e["code"] == "extra_forbidden"]
    assert len(body["errors"]) == len(unknown) == 1
    assert unknown[0]["field"] == "custom_plan.hue0"
    assert unknown[0]["message"] == (
        "28 fields are not part of the API; check their spelling: custom_plan.hue0, "
        "custom_plan.hue1, custom_plan.hue2, custom_plan.hue3, custom_plan.hue4, …"
    )


def test_a_long_unknown_key_is_named_in_part(client):
    response = post(client, {**VALID, "x" * 50_000: 1})
    body = assert_error_shape(response, 422, "extra_forbidden")
    assert len(body["errors"][0]["field"]) <= 100
    assert len(response.content) < 10_000


def test_error_lists_stop_at_twenty_and_count_the_rest(client):
    response = post(client, {**VALID, "usage_mb": [-1] * 36})
    body = assert_error_shape(response, 422, "greater_than_equal")
    errors = body["errors"]
    assert len(errors) == MAX_ERRORS + 1
    assert [e["field"] for e in errors[:3]] == ["usage_mb[0]", "usage_mb[1]", "usage_mb[2]"]
    assert errors[-1] == {
        "field": "body",
        "code": "more_errors",
        "message": "16 more errors not listed; fix these first.",
    }


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1"],
)
def test_a_body_that_is_not_declared_json_is_a_415(client, content_type):
    response = post(client, VALID, content_type=content_type)
    assert_error_shape(response, 415, "unsupported_media_type")


def test_a_cross_site_form_post_cannot_run_a_simulation(client):
    """A form on any website can post to the API (it takes no CSRF token), but only as a
    form encoding, which is refused."""
    response = client.post(SIMULATE, {"usage_mb": "1"})  # multipart, as a browser form
    assert_error_shape(response, 415, "unsupported_media_type")


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "Application/JSON"])
def test_json_with_its_charset_or_in_capitals_is_accepted(client, content_type):
    assert post(client, VALID, content_type=content_type).status_code == 200


def test_a_chunked_body_is_a_json_411(client):
    response = post(client, VALID, HTTP_TRANSFER_ENCODING="chunked", CONTENT_LENGTH="")
    body = assert_error_shape(response, 411, "length_required")
    assert "Content-Length" in body["errors"][0]["message"]


def test_a_content_length_that_is_not_a_number_is_a_400(client):
    response = post(client, VALID, CONTENT_LENGTH="12abc")
    assert_error_shape(response, 400, "bad_length")


@pytest.mark.parametrize("method", ["trace", "put", "patch", "delete", "options"])
def test_unused_methods_are_405_in_json_on_the_api(client, method):
    response = getattr(client, method)(SIMULATE)
    body = assert_error_shape(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET, HEAD, POST"
    assert method.upper() in body["errors"][0]["message"]


@pytest.mark.parametrize("url", ["/en/", "/en/plans/", "/healthz", "/admin/login/"])
def test_trace_is_405_on_the_pages_too(client, url):
    response = client.generic("TRACE", url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    assert response.content == b"This method is not allowed here."


def test_get_on_a_post_endpoint_is_a_json_405(client):
    response = client.get(SIMULATE)
    body = assert_error_shape(response, 405, "method_not_allowed")
    assert response["Allow"] == "POST"
    assert body["errors"][0]["message"] == "This endpoint takes POST."


def test_an_unknown_api_path_is_a_json_404(client):
    assert_error_shape(client.get("/api/v1/no-such-thing"), 404, "not_found")


def test_the_openapi_document_lists_the_refusals():
    doc = api.get_openapi_schema(path_prefix="/api/v1/")
    for path in ("/api/v1/simulate", "/api/v1/compare"):
        responses = doc["paths"][path]["post"]["responses"]
        assert {"411", "413", "415", "422", "429"} <= {str(code) for code in responses}
