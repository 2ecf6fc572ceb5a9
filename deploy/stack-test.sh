#!/usr/bin/env bash
# The production stack on 127.0.0.1, brought up from Debian's packages and probed:
#
#   nginx (TLS, deploy/nginx-site.conf) → gunicorn (3 sync workers, production settings)
#   → PostgreSQL 15 (a private throwaway cluster) + Redis (deploy/redis.conf, the shared cache)
#
# then deploy/stack_probes.py replays what a careful tester did (slow clients, one address
# over its rate limit, rotating X-Forwarded-For, password spraying, huge and unknown-key
# bodies, chunked bodies, odd methods) and fails unless each gets a clear 4xx or the friendly
# answer without slowing anyone else. It prints its figures (docs/production.md has a run).
#
#   bash deploy/stack-test.sh        # as root it installs nginx, redis-server, postgresql-15
#
# Bounded and local: every service listens on 127.0.0.1 only, on free ports, in a temporary
# folder; everything it started is stopped and the folder removed when it ends, however it
# ends. It never touches the machine's own nginx, Redis or PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RATE=30
WORKERS=3
PG_BIN=/usr/lib/postgresql/15/bin
AS_PG=""  # the server refuses to run as root: as root, its commands run as postgres

# --- Debian packages --------------------------------------------------------------------------
missing=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x "$PG_BIN/postgres" ] || missing+=(postgresql-15)
command -v openssl >/dev/null || missing+=(openssl)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Please install the Debian packages: sudo apt-get install ${missing[*]}"; exit 1
  fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
make --no-print-directory .venv/.runtime >/dev/null
PY=$ROOT/.venv/bin/python

# --- a temporary folder, and stopping everything it started ----------------------------------
WORK=$(mktemp -d /tmp/rollover-stack.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  set +e
  [ -f "$WORK/nginx.pid" ] && "$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -s stop 2>/dev/null
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  [ -f "$WORK/redis.pid" ] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null
  [ -f "$WORK/pg/postmaster.pid" ] && $AS_PG "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  sleep 0.5
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HTTP_PORT=$(free_port); HTTPS_PORT=$(free_port); APP_PORT=$(free_port)
REDIS_PORT=$(free_port); PG_PORT=$(free_port)
wait_for() {  # $1: what, then a command that succeeds once it is up (at most 30 s)
  local what=$1; shift
  for _ in $(seq 1 150); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "$what did not come up"; tail -20 "$WORK"/*.log 2>/dev/null; exit 1
}

# --- PostgreSQL 15: a private cluster (the server refuses to run as root) --------------------
echo "== PostgreSQL 15 on 127.0.0.1:$PG_PORT, Redis on :$REDIS_PORT"
mkdir -p "$WORK/pg" "$WORK/pgsock"
if [ "$(id -u)" = 0 ]; then
  AS_PG="runuser -u postgres --"
  chown postgres "$WORK/pg" "$WORK/pgsock"
fi
$AS_PG "$PG_BIN/initdb" -D "$WORK/pg" -U postgres -A trust -E UTF8 --no-sync >/dev/null
$AS_PG "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pgsock/postgres.log" -w -o \
  "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$WORK/pgsock -c fsync=off" \
  start >/dev/null
$AS_PG "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres rollover

# --- Redis ------------------------------------------------------------------------------------
redis-server deploy/redis.conf --port "$REDIS_PORT" --dir "$WORK" --daemonize yes \
  --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log"
wait_for Redis redis-cli -p "$REDIS_PORT" ping

# --- the application in production mode -------------------------------------------------------
export DJANGO_ENV=production
export SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')
export ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/rollover"
export CACHE_URL="redis://127.0.0.1:$REDIS_PORT/1"
export STATIC_ROOT="$WORK/static"
export NUM_PROXIES=1                      # nginx; TRUSTED_PROXIES: loopback by default
export RATE_LIMIT_SIMULATIONS="$RATE/min"
export GUNICORN_WORKERS=$WORKERS
export GUNICORN_BIND="127.0.0.1:$APP_PORT"
export GUNICORN_ACCESS_LOG="$WORK/access.log"
unset SECURE_PROXY_SSL_HEADER DJANGO_DEBUG  # gunicorn believes X-Forwarded-Proto from nginx only
PASSWORD=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(24))')

echo "== migrate, starter catalog, collectstatic, a curator"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py load_catalog >/dev/null
"$PY" manage.py collectstatic --noinput -v0
CURATOR_PASSWORD=$PASSWORD "$PY" manage.py shell -c \
  "import os; from django.contrib.auth.models import User; User.objects.create_superuser('curator', 'curator@example.org', os.environ['CURATOR_PASSWORD'])"
chmod -R a+rX "$WORK/static"

echo "== gunicorn on 127.0.0.1:$APP_PORT ($WORKERS workers)"
"$ROOT/.venv/bin/gunicorn" config.wsgi -c gunicorn.conf.py \
  --access-logformat '%(p)s %(s)s "%(r)s"' >"$WORK/gunicorn.log" 2>&1 &
PIDS+=($!)
wait_for gunicorn curl -sf -H "Host: 127.0.0.1" "http://127.0.0.1:$APP_PORT/healthz"

# --- nginx with a throwaway certificate --------------------------------------------------------
echo "== nginx on 127.0.0.1:$HTTP_PORT (HTTP) and :$HTTPS_PORT (TLS, a throwaway certificate)"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
  -keyout "$WORK/tls.key" -out "$WORK/tls.crt" 2>/dev/null
sed -e "s|@SERVER_NAME@|127.0.0.1 localhost|" \
    -e "s|listen @HTTP_PORT@;|listen 127.0.0.1:$HTTP_PORT;|" \
    -e "s|listen @HTTPS_PORT@ ssl;|listen 127.0.0.1:$HTTPS_PORT ssl;|" \
    -e "s|@CERTIFICATE@|$WORK/tls.crt|" -e "s|@CERTIFICATE_KEY@|$WORK/tls.key|" \
    -e "s|@APP@|127.0.0.1:$APP_PORT|" -e "s|@STATIC_ROOT@|$WORK/static|" \
    deploy/nginx-site.conf >"$WORK/site.conf"
if grep -n "@[A-Z_]*@" "$WORK/site.conf" | grep -v "^[0-9]*:#"; then
  echo "deploy/nginx-site.conf has a placeholder this script does not fill"; exit 1
fi
mkdir -p "$WORK/nginx-tmp" && chmod 1777 "$WORK/nginx-tmp"
cat >"$WORK/nginx.conf" <<EOF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $WORK/nginx-access.log;
    client_body_temp_path $WORK/nginx-tmp/body;
    proxy_temp_path $WORK/nginx-tmp/proxy;
    fastcgi_temp_path $WORK/nginx-tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx-tmp/uwsgi;
    scgi_temp_path $WORK/nginx-tmp/scgi;
    include $WORK/site.conf;
}
EOF
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -t -q
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf"
wait_for nginx curl -sf --cacert "$WORK/tls.crt" "https://127.0.0.1:$HTTPS_PORT/healthz"

echo "== probes"
status=0
CURATOR_PASSWORD=$PASSWORD timeout 300 "$PY" deploy/stack_probes.py --https "$HTTPS_PORT" --http "$HTTP_PORT" \
  --app "$APP_PORT" --cert "$WORK/tls.crt" --access-log "$WORK/access.log" \
  --rate "$RATE" --workers "$WORKERS" || status=$?
if grep -q " 500 " "$WORK/access.log"; then
  echo "gunicorn answered 500:"; grep " 500 " "$WORK/access.log" | head; status=1
fi
if [ "$status" != 0 ]; then
  echo "== the stack's logs"; tail -n 30 "$WORK/gunicorn.log" "$WORK/nginx-error.log"
fi
exit "$status"
