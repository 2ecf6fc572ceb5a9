"""Security settings, asserted header by header (the Mozilla Observatory's A+ list: a CSP
without unsafe-*, frame-ancestors, HSTS of a year, nosniff, a private Referrer-Policy, secure
SameSite cookies), production's refusal to start half-configured, and pages that set no
cookies."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def production_env(tmp_path, **overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="testserver,rollover.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    env.update(overrides)
    return env


def run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


PROBE = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from django.test import Client
c = Client()
out = {}
for name, url in [("page", "/en/plans/"), ("api", "/api/v1/plans"), ("health", "/healthz")]:
    r = c.get(url, secure=True)
    out[name] = {"status": r.status_code, "headers": dict(r.headers), "cookies": list(r.cookies)}
r = c.get("/en/plans/")  # plain http
out["http"] = {"status": r.status_code, "location": r.get("Location")}
r = c.get("/healthz")  # load balancers probe over plain http
out["health_http"] = r.status_code
r = c.generic("TRACE", "/en/plans/", secure=True)
out["trace"] = {"status": r.status_code, "headers": dict(r.headers)}
r = c.post("/api/v1/simulate", "{}", content_type="text/plain", secure=True)
out["api_refusal"] = {"status": r.status_code, "headers": dict(r.headers)}
r = c.get("/admin/login/", secure=True)
out["admin_cookies"] = {
    k: {"secure": m["secure"], "samesite": m["samesite"], "httponly": m["httponly"]}
    for k, m in r.cookies.items()
}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    result = run(["-c", PROBE], production_env(tmp_path_factory.mktemp("prod")))
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_reports_nothing_in_production_mode(tmp_path):
    # Behind nginx, as deploy/stack-test.sh runs it (without NUM_PROXIES: rollover.W001).
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        production_env(tmp_path, NUM_PROXIES="1"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(tmp_path, missing):
    env = production_env(tmp_path)
    del env[missing]
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert f"needs these environment variables: {missing}" in result.stderr


def test_production_refuses_a_weak_secret_key(tmp_path):
    result = run(["manage.py", "check"], production_env(tmp_path, SECRET_KEY="short"))
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_a_malformed_mode_is_refused(tmp_path):
    result = run(["manage.py", "check"], production_env(tmp_path, DJANGO_ENV="prod"))
    assert "DJANGO_ENV must be one of development, production" in result.stderr


def test_csp_has_no_unsafe_sources_and_forbids_framing(production):
    csp = production["page"]["headers"]["Content-Security-Policy"]
    assert "unsafe" not in csp
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'self'"


def test_hsts_lasts_a_year_with_subdomains(production):
    hsts = production["page"]["headers"]["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains; preload"


def test_nosniff_frame_denial_and_a_private_referrer_policy(production):
    for name in ("page", "api"):
        headers = production[name]["headers"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https_but_healthz_answers(production):
    assert production["http"]["status"] == 301
    assert production["http"]["location"].startswith("https://")
    assert production["health_http"] == 200


def test_cookies_are_secure_httponly_and_samesite(production):
    csrf = production["admin_cookies"]["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"


def test_refusals_carry_the_same_security_headers(production):
    assert production["trace"]["status"] == 405
    assert production["api_refusal"]["status"] == 415
    for name in ("trace", "api_refusal"):
        headers = production[name]["headers"]
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"


def test_public_pages_and_the_api_set_no_cookies(production):
    assert production["page"]["cookies"] == []
    assert production["api"]["cookies"] == []


def test_the_public_form_carries_no_csrf_token(client):
    from carriers.catalog.loader import load_catalog

    load_catalog()
    params = {"plan": "fizz-rollover", "start": "2026-01", "usage": "1, 2"}
    for url in ("/en/", "/en/compare/"):
        response = client.get(url, params)
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert not response.cookies


def test_the_api_never_emits_nan_or_infinity(client):
    body = {"custom_plan": {"currency": "USD", "price": "0", "allowance_mb": 0}, "usage_mb": [0]}
    response = client.post("/api/v1/simulate", json.dumps(body), content_type="application/json")
    text = response.content.decode()
    assert response.status_code == 200
    assert "NaN" not in text and "Infinity" not in text
    assert response.json()["totals"]["cost_per_gb"] is None
