"""One client cannot run the engine without limit: exactly the configured number per window,
then 429 with Retry-After; per client, with X-Forwarded-For believed only from a proxy."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import rates
from simulator import throttling

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
BODY = json.dumps(
    {"custom_plan": {"currency": "USD", "price": "1", "allowance_mb": 1}, "usage_mb": [1]}
)
# 12:00:10 on some day: 50 seconds left in its minute.
MOMENT = 1_800_000_010.0


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    """Windows follow the clock: tests hold it still, so none straddles a window's end."""
    clock = {"now": MOMENT}
    monkeypatch.setattr(throttling, "now", lambda: clock["now"])
    return clock


def simulate(client, ip="203.0.113.5", **extra):
    return client.post(
        "/api/v1/simulate", BODY, content_type="application/json", REMOTE_ADDR=ip, **extra
    )


def test_the_api_answers_429_with_retry_after_past_the_limit(client, settings):
    settings.RATE_LIMIT_SIMULATIONS = "3/min"
    assert [simulate(client).status_code for _ in range(3)] == [200, 200, 200]
    refused = simulate(client)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "50"  # the rest of the minute
    assert refused.json()["detail"] == "Too many requests."


def test_a_new_window_brings_a_new_allowance(client, settings, frozen_clock):
    settings.RATE_LIMIT_SIMULATIONS = "2/min"
    assert [simulate(client).status_code for _ in range(3)] == [200, 200, 429]
    frozen_clock["now"] = MOMENT + 50  # the next minute
    assert [simulate(client).status_code for _ in range(3)] == [200, 200, 429]


def test_many_threads_get_exactly_the_limit_between_them(rf, settings):
    settings.RATE_LIMIT_SIMULATIONS = "30/min"
    throttle = throttling.SimulationThrottle()  # one instance, as django-ninja keeps it
    allowed = []

    def client_thread():
        for _ in range(10):
            allowed.append(throttle.allow_request(rf.post("/", REMOTE_ADDR="192.0.2.9")))

    threads = [threading.Thread(target=client_thread) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 30
    assert allowed.count(False) == 50


def test_each_client_has_its_own_allowance(client, settings):
    settings.RATE_LIMIT_SIMULATIONS = "2/min"
    for _ in range(2):
        simulate(client, ip="198.51.100.1")
    assert simulate(client, ip="198.51.100.1").status_code == 429
    assert simulate(client, ip="198.51.100.2").status_code == 200


def test_a_client_reaching_the_app_directly_cannot_escape_with_x_forwarded_for(client, settings):
    settings.RATE_LIMIT_SIMULATIONS = "2/min"
    settings.NUM_PROXIES = 1
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    codes = [
        simulate(client, ip="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(5)
    ]
    assert codes == [200, 200, 429, 429, 429]


def test_behind_the_proxy_each_forwarded_client_has_its_own_allowance(client, settings):
    settings.RATE_LIMIT_SIMULATIONS = "1/min"
    settings.NUM_PROXIES = 1
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    via_proxy = {"ip": "127.0.0.1"}
    assert simulate(client, **via_proxy, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert simulate(client, **via_proxy, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert simulate(client, **via_proxy, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200


def test_an_ipv6_client_is_counted_by_its_64_network(client, settings):
    settings.RATE_LIMIT_SIMULATIONS = "2/min"
    assert simulate(client, ip="2001:db8:1:2::1").status_code == 200
    assert simulate(client, ip="2001:db8:1:2:ffff::9").status_code == 200
    assert simulate(client, ip="2001:db8:1:2::77").status_code == 429
    assert simulate(client, ip="2001:db8:1:3::1").status_code == 200


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
    assert page["Retry-After"] == "50"
    assert "Too many requests" in page.content.decode()


def test_the_empty_form_and_plan_pages_are_never_limited(client, settings):
    settings.RATE_LIMIT_SIMULATIONS = "1/min"
    for _ in range(3):
        assert client.get("/en/").status_code == 200
        assert client.get("/en/plans/").status_code == 200


def test_no_limit_when_the_setting_is_empty(client, settings):
    settings.RATE_LIMIT_SIMULATIONS = ""
    assert all(simulate(client).status_code == 200 for _ in range(5))


def test_the_throttle_keeps_each_threads_wait_apart(rf, settings):
    settings.RATE_LIMIT_SIMULATIONS = "1/min"
    throttle = throttling.SimulationThrottle()
    assert throttle.allow_request(rf.post("/", REMOTE_ADDR="192.0.2.1"))
    assert not throttle.allow_request(rf.post("/", REMOTE_ADDR="192.0.2.1"))
    seen = {}

    def other_client():
        seen["allowed"] = throttle.allow_request(rf.post("/", REMOTE_ADDR="192.0.2.2"))
        seen["wait"] = throttle.wait()

    worker = threading.Thread(target=other_client)
    worker.start()
    worker.join()
    assert seen == {"allowed": True, "wait": None}
    assert throttle.wait() == 50  # this thread's refusal is untouched


def test_simulations_still_run_when_the_shared_cache_is_down(client, settings, caplog):
    settings.RATE_LIMIT_SIMULATIONS = "1/min"
    settings.CACHES = {  # Django rebuilds its caches from the changed setting
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
        }
    }
    assert [simulate(client).status_code for _ in range(2)] == [200, 200]
    assert "Rate limit not counted: the cache is unavailable" in caplog.text


@pytest.mark.parametrize(
    ("rate", "expected"), [("60/min", (60, 60)), ("5/s", (5, 1)), ("100/Hour", (100, 3600))]
)
def test_rates_are_read_as_requests_per_window(rate, expected):
    assert throttling.parse_rate(rate) == expected


@pytest.mark.parametrize(
    "rate", ["060/min", "0/min", "60/minute", "60 per minute", "/min", "60/", "-5/s", "1.5/s"]
)
def test_the_rate_limit_refuses_exactly_what_the_settings_refuse(rate):
    # One parser: a rate that passed the settings can never fail at the first request.
    with pytest.raises(ImproperlyConfigured) as at_start:
        rates.parse_rate(rate)
    with pytest.raises(ImproperlyConfigured) as at_request:
        throttling.parse_rate(rate)
    assert str(at_request.value) == str(at_start.value)
    assert "RATE_LIMIT_SIMULATIONS must be a number per s, min, hour or day" in str(at_start.value)


@pytest.mark.parametrize(("rate", "starts"), [("060/min", False), (" 60 / MIN ", True)])
def test_the_settings_accept_exactly_the_rates_the_rate_limit_reads(rate, starts):
    # The process refuses at start what the rate limit would refuse at the first request.
    code = "import django; django.setup(); print('started')"
    env = {
        **os.environ,
        "RATE_LIMIT_SIMULATIONS": rate,
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env
    )
    try:
        throttling_reads = bool(rates.parse_rate(rate))
    except ImproperlyConfigured:
        throttling_reads = False
    assert (result.returncode == 0) is starts is throttling_reads
    if not starts:
        assert "RATE_LIMIT_SIMULATIONS must be a number per s, min, hour or day" in result.stderr


def test_the_rate_limit_does_not_depend_on_the_forms():
    code = (
        "import sys, django; django.setup(); import simulator.throttling; "
        "print('simulator.forms' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"DJANGO_SETTINGS_MODULE": "config.settings", "PATH": ""},
    )
    assert result.stdout.strip() == "False", result.stderr[-2000:]


def test_the_rate_limit_and_the_form_agree_on_what_a_submission_is():
    from simulator import forms, submission

    assert forms.SUBMIT_FIELDS == submission.SUBMIT_FIELDS
