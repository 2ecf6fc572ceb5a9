#!/usr/bin/env bash
# Load test: gunicorn in production mode on 127.0.0.1 with the starter catalog, 20 locust
# users for 60 s on the real mix, then the same load on the cheapest page (the floor).
# Bounded and local only: it stops by itself; traffic never leaves 127.0.0.1.
#
#   bash bench/loadtest.sh            # USERS=20 DURATION=60s by default
#
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${USERS:-20}
DURATION=${DURATION:-60s}
PORT=${PORT:-8799}
WORK=$(mktemp -d)
trap 'kill "$GUNICORN_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

# Its own virtualenv, so locust's dependencies never change the test suite's pins.
VENV=.venv-load
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet -r requirements-load.txt

export DJANGO_ENV=production
export SECRET_KEY=$($VENV/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')
export ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="sqlite:///$WORK/load.sqlite3"
export STATIC_ROOT="$WORK/static"
export SECURE_SSL_REDIRECT=false      # no TLS on loopback; every other production setting holds
export RATE_LIMIT_SIMULATIONS=""      # all simulated users share one address
export GUNICORN_BIND="127.0.0.1:$PORT"
export GUNICORN_ACCESS_LOG=/dev/null

$VENV/bin/python manage.py migrate --noinput -v0
$VENV/bin/python manage.py load_catalog >/dev/null
$VENV/bin/python manage.py collectstatic --noinput -v0
$VENV/bin/gunicorn config.wsgi -c gunicorn.conf.py >"$WORK/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

run() {  # $1: user class, $2: csv prefix
  $VENV/bin/locust -f bench/locustfile.py "$1" --headless -u "$USERS" -r "$USERS" \
    -t "$DURATION" --stop-timeout 5 --host "http://127.0.0.1:$PORT" --csv "$WORK/$2" \
    --only-summary --loglevel WARNING >/dev/null 2>&1 || true
}
echo "== $USERS users for $DURATION: the mix"
run SiteUser mix
echo "== $USERS users for $DURATION: the floor (${FLOOR_PATH:-/en/plans/fizz-rollover/})"
run FloorUser floor
$VENV/bin/python bench/load_report.py "$WORK/mix_stats.csv" "$WORK/floor_stats.csv"
