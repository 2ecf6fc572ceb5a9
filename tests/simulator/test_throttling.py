"""One client cannot run the engine without limit: 429 with Retry-After, per client."""

import json

import pytest

pytestmark = pytest.mark.django_db

BODY = json.dumps(
    {"custom_plan": {"currency": "USD", "price": "1", "allowance_mb": 1}, "usage_mb": [1]}
)


def simulate(client, ip="203.0.113.5"):
    return client.post("/api/v1/simulate", BODY, content_type="application/json", REMOTE_ADDR=ip)


def test_the_api_answers_429_with_retry_after_past_the_limit(client, settings):
    settings.RATE_LIMIT_SIMULATIONS = "3/min"
    assert [simulate(client).status_code for _ in range(3)] == [200, 200, 200]
    refused = simulate(client)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"] == "Too many requests."


def test_each_client_has_its_own_allowance(client, settings):
    settings.RATE_LIMIT_SIMULATIONS = "2/min"
    for _ in range(2):
        simulate(client, ip="198.51.100.1")
    assert simulate(client, ip="198.51.100.1").status_code == 429
    assert simulate(client, ip="198.51.100.2").status_code == 200


def test_compare_and_the_pages_share_the_limit(client, settings):
    settings.RATE_LIMIT_SIMULATIONS = "2/min"
    compare = json.dumps({"usage_mb": [1]})
    assert (
        client.post("/api/v1/compare", compare, content_type="application/json").status_code == 200
    )
    params = {"plan": "custom", "start": "2026-01", "usage": "1"}
    assert client.get("/en/", params).status_code == 200
    page = client.get("/en/compare/", params)
    assert page.status_code == 429
    assert page["Retry-After"]
    assert "Too many requests" in page.content.decode()


def test_the_empty_form_and_plan_pages_are_never_limited(client, settings):
    settings.RATE_LIMIT_SIMULATIONS = "1/min"
    for _ in range(3):
        assert client.get("/en/").status_code == 200
        assert client.get("/en/plans/").status_code == 200


def test_no_limit_when_the_setting_is_empty(client, settings):
    settings.RATE_LIMIT_SIMULATIONS = ""
    assert all(simulate(client).status_code == 200 for _ in range(5))


def test_the_throttle_keeps_each_threads_request_apart(rf, settings):
    import threading

    from simulator.throttling import SimulationThrottle

    settings.RATE_LIMIT_SIMULATIONS = "1/min"
    throttle = SimulationThrottle()  # one instance, as django-ninja keeps it
    assert throttle.allow_request(rf.get("/", REMOTE_ADDR="192.0.2.1"))
    seen = {}

    def other_client():
        seen["allowed"] = throttle.allow_request(rf.get("/", REMOTE_ADDR="192.0.2.2"))
        seen["key"] = throttle.key

    worker = threading.Thread(target=other_client)
    worker.start()
    worker.join()
    assert seen["allowed"] is True
    assert seen["key"].endswith("192.0.2.2")
    assert throttle.key.endswith("192.0.2.1")  # this thread's request is untouched
    assert not throttle.allow_request(rf.get("/", REMOTE_ADDR="192.0.2.1"))
    assert 0 < throttle.wait() <= 60
