"""Production's configuration: gunicorn only behind the proxy and only with a shared cache for
its workers' rate limits, the proxies the application believes, SQLite's settings for
concurrent use, and the nginx site that deploy/stack-test.sh proves end to end."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks
from django.core.checks import run_checks
from django.test import override_settings

from carriers.lockout import client_ip

ROOT = Path(__file__).resolve().parent.parent


def clean_env(**values):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "GUNICORN_", "CACHE_URL", "RATE_LIMIT", "DATABASE_URL"))
        and k not in ("NUM_PROXIES", "TRUSTED_PROXIES", "FORWARDED_ALLOW_IPS")
    }
    env.update(values)
    return env


def gunicorn_config(**env):
    """gunicorn.conf.py read as gunicorn reads it: its settings, or its refusal."""
    code = (
        "import json, runpy; c = runpy.run_path('gunicorn.conf.py'); "
        "print(json.dumps({k: c[k] for k in ('bind', 'workers', 'forwarded_allow_ips')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode:
        return result.stderr.strip().splitlines()[-1]
    return json.loads(result.stdout)


@pytest.mark.parametrize("bind", ["0.0.0.0:8000", "[::]:8000", "192.0.2.10:8000", ":8000"])
def test_gunicorn_refuses_to_listen_beyond_this_machine(bind):
    refusal = gunicorn_config(GUNICORN_BIND=bind)
    assert refusal.startswith(f"gunicorn.conf.py: GUNICORN_BIND={bind!r} would expose")
    assert "put nginx in front" in refusal


@pytest.mark.parametrize(
    "bind", ["127.0.0.1:8000", "[::1]:8000", "localhost:8000", "unix:/run/rollover/app.sock"]
)
def test_gunicorn_listens_on_loopback_or_a_unix_socket(bind):
    assert gunicorn_config(GUNICORN_BIND=bind)["bind"] == [bind]


def test_several_production_workers_need_a_shared_cache_for_the_rate_limit():
    refusal = gunicorn_config(DJANGO_ENV="production", GUNICORN_WORKERS="3")
    assert refusal.startswith("gunicorn.conf.py: with several workers the rate limits need")
    shared = gunicorn_config(
        DJANGO_ENV="production", GUNICORN_WORKERS="3", CACHE_URL="redis://127.0.0.1:6379/1"
    )
    assert shared["workers"] == 3
    unlimited = gunicorn_config(
        DJANGO_ENV="production", GUNICORN_WORKERS="3", RATE_LIMIT_SIMULATIONS=""
    )
    assert unlimited["workers"] == 3
    assert gunicorn_config(DJANGO_ENV="production", GUNICORN_WORKERS="1")["workers"] == 1


def test_gunicorn_believes_https_from_the_trusted_proxies_only():
    assert gunicorn_config()["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert gunicorn_config(TRUSTED_PROXIES="10.0.0.5")["forwarded_allow_ips"] == "10.0.0.5"


def settings_probe(expression, **env):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({expression}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env(DJANGO_SETTINGS_MODULE="config.settings", **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode:
        return result.stderr.strip().splitlines()[-1]
    return json.loads(result.stdout)


def test_x_forwarded_for_is_believed_from_loopback_once_there_is_a_proxy():
    assert settings_probe("[s.NUM_PROXIES, s.TRUSTED_PROXIES]") == [0, []]
    assert settings_probe("s.TRUSTED_PROXIES", NUM_PROXIES="1") == ["127.0.0.1", "::1"]
    assert settings_probe(
        "s.TRUSTED_PROXIES", NUM_PROXIES="1", TRUSTED_PROXIES="10.0.0.0/8,fd00::1"
    ) == ["10.0.0.0/8", "fd00::1"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TRUSTED_PROXIES": "nginx.local"}, "TRUSTED_PROXIES must list IP addresses"),
        ({"NUM_PROXIES": "-1"}, "NUM_PROXIES must be 0 or more"),
        ({"RATE_LIMIT_SIMULATIONS": "60 per minute"}, "RATE_LIMIT_SIMULATIONS must be"),
        ({"RATE_LIMIT_SIMULATIONS": "0/min"}, "RATE_LIMIT_SIMULATIONS must be"),
    ],
)
def test_a_malformed_proxy_or_rate_setting_is_refused(env, message):
    assert message in settings_probe("1", **env)


def deploy_check_ids() -> list[str]:
    return [message.id for message in run_checks(include_deployment_checks=True)]


@override_settings(NUM_PROXIES=0, TRUSTED_PROXIES=[])
def test_check_deploy_warns_that_without_a_proxy_count_every_client_is_the_proxy():
    warning = next(m for m in run_checks(include_deployment_checks=True) if m.id == "rollover.W001")
    assert warning.level == checks.WARNING
    assert "NUM_PROXIES is 0" in warning.msg
    assert "one password sprayer locks the admin login" in warning.msg
    assert "Set NUM_PROXIES to the number of proxies" in warning.hint
    # Only a deployment check: development (runserver, no proxy) is not nagged.
    assert "rollover.W001" not in [m.id for m in run_checks()]


@override_settings(NUM_PROXIES=1, TRUSTED_PROXIES=["127.0.0.1", "::1"])
def test_check_deploy_is_quiet_about_proxies_once_they_are_counted():
    assert "rollover.W001" not in deploy_check_ids()


def test_sqlite_runs_in_wal_with_a_busy_timeout_and_immediate_transactions(tmp_path):
    expression = (
        "[s.DATABASES['default']['ATOMIC_REQUESTS'], s.DATABASES['default']['OPTIONS'], "
        "[__import__('django.db').db.connection.cursor().execute(q).fetchone()[0] "
        "for q in ('PRAGMA journal_mode', 'PRAGMA busy_timeout', 'PRAGMA synchronous')]]"
    )
    atomic, options, pragmas = settings_probe(
        expression, DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}"
    )
    assert atomic is False  # reads take no write lock; writes open their own transaction
    assert options["transaction_mode"] == "IMMEDIATE"
    assert pragmas == ["wal", 20000, 1]  # synchronous=NORMAL is 1


def test_postgresql_keeps_a_transaction_per_request():
    expression = "[s.DATABASES['default']['ATOMIC_REQUESTS'], s.DATABASES['default']['OPTIONS']]"
    url = "postgres://rollover:secret@127.0.0.1:5432/rollover"
    assert settings_probe(expression, DATABASE_URL=url) == [True, {}]


# --- The client's address ---------------------------------------------------------------------


@override_settings(NUM_PROXIES=1, TRUSTED_PROXIES=["127.0.0.1", "::1"])
@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("127.0.0.1", "203.0.113.9", "203.0.113.9"),  # nginx on this machine
        ("::1", "2001:db8::7", "2001:db8::7"),
        ("", "203.0.113.9", "203.0.113.9"),  # a unix-socket peer: the local proxy
        ("198.51.100.4", "203.0.113.9", "198.51.100.4"),  # not a proxy: header ignored
        ("127.0.0.1", "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the client's own entry ignored
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_the_client_is_who_the_trusted_proxy_says(rf, remote, forwarded, client):
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == client


@override_settings(NUM_PROXIES=2, TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
def test_behind_two_proxies_each_hop_must_be_trusted(rf):
    chain = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.1.2.3")
    assert client_ip(chain) == "203.0.113.9"
    spoof = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.4")
    assert client_ip(spoof) == "198.51.100.4"  # the first hop is not a proxy of ours


# --- The nginx site -----------------------------------------------------------------------------

SITE = (ROOT / "deploy" / "nginx-site.conf").read_text()


def directives(text):
    return [line.split("#")[0].strip() for line in text.splitlines() if line.split("#")[0].strip()]


def test_nginx_writes_the_forwarding_headers_itself():
    lines = directives(SITE)
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in lines
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in lines
    assert "$proxy_add_x_forwarded_for" not in SITE  # would pass the client's entries on
    for header in ("X-Forwarded-Host", "X-Forwarded-Ssl", "X-Forwarded-Protocol", "Forwarded"):
        assert f'proxy_set_header {header} "";' in lines


def test_nginx_buffers_both_ways_and_times_slow_clients_out():
    lines = directives(SITE)
    for directive in (
        "proxy_request_buffering on;",
        "proxy_buffering on;",
        "client_header_timeout 10s;",
        "client_body_timeout 10s;",
        "client_max_body_size 1m;",
    ):
        assert directive in lines


def test_nginx_answers_an_oversized_api_body_in_the_apis_shape():
    from simulator.middleware import MAX_API_BODY

    answer = SITE.split("return 413 '", 1)[1].split("';", 1)[0]
    body = json.loads(answer)
    assert body["errors"][0]["code"] == "too_large"
    assert f"{MAX_API_BODY:,} bytes" in body["errors"][0]["message"]


def test_the_api_documents_every_refusal_the_middleware_gives(client, db):
    doc = client.get("/api/v1/openapi.json").json()
    responses = doc["paths"]["/api/v1/simulate"]["post"]["responses"]
    assert {"400", "411", "413", "415", "422", "429"} <= set(responses)


# --- The stack test's probes --------------------------------------------------------------------


def load_stack_probes():
    spec = importlib.util.spec_from_file_location("probes", ROOT / "deploy" / "stack_probes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PROBE_ARGS = ["--https", "1", "--http", "2", "--app", "3", "--rate", "30", "--workers", "3"]
PROBE_ARGS += ["--cert", "tls.crt", "--access-log", "access.log"]


def test_stack_probes_take_a_password_that_looks_like_an_option_from_the_environment():
    # secrets.token_urlsafe() begins with '-' one time in 64; given as --password it was read
    # as an option and the stack test failed at random.
    args = load_stack_probes().parse_args(PROBE_ARGS, {"CURATOR_PASSWORD": "-x9_Kq"})
    assert args.password == "-x9_Kq"
    assert "--password" not in (ROOT / "deploy" / "stack-test.sh").read_text()


def test_stack_probes_refuse_to_start_without_the_curators_password(capsys):
    with pytest.raises(SystemExit) as exit_:
        load_stack_probes().parse_args(PROBE_ARGS, {})
    assert exit_.value.code == 2
    assert "CURATOR_PASSWORD" in capsys.readouterr().err
