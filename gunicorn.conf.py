"""gunicorn settings for production: `.venv/bin/gunicorn config.wsgi -c gunicorn.conf.py`.

Every value can be changed from the environment (GUNICORN_BIND, GUNICORN_WORKERS, …).

gunicorn is never exposed directly: its sync workers serve one connection each, from the
first byte of the request to the last of the response, so a few clients that send slowly
(or never finish their headers) hold every worker and the site stops answering. It listens
on loopback or a unix socket only, behind nginx (deploy/nginx-site.conf), which reads each
request in full and takes each response at once before a worker sees or sends them. A bind
to any other address is refused here.
"""

import ipaddress
import multiprocessing
import os
import sys
from pathlib import Path

import environ

environ.Env.read_env(Path(__file__).resolve().parent / ".env")  # as the settings do

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")


def _loopback_or_socket(address: str) -> bool:
    if address.startswith("unix:"):
        return True
    host = address.rsplit(":", 1)[0].strip("[]") if ":" in address else address
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


for _address in bind.split(","):
    if not _loopback_or_socket(_address.strip()):
        sys.exit(
            f"gunicorn.conf.py: GUNICORN_BIND={bind!r} would expose gunicorn's sync workers to "
            "slow clients. Bind to 127.0.0.1:PORT or unix:/PATH and put nginx in front "
            "(deploy/nginx-site.conf, docs/production.md)."
        )
bind = [a.strip() for a in bind.split(",")]

# The engine is CPU-bound pure Python: one process per core (plus one) beats threads.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = 2000  # recycle workers now and then
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# Only the proxy may say the request came over HTTPS: gunicorn believes X-Forwarded-Proto
# from these addresses alone (then Django needs no SECURE_PROXY_SSL_HEADER). The same proxies
# the application believes X-Forwarded-For from (TRUSTED_PROXIES), loopback by default.
forwarded_allow_ips = (
    os.environ.get("FORWARDED_ALLOW_IPS") or os.environ.get("TRUSTED_PROXIES") or "127.0.0.1,::1"
)

# Several processes with the in-process cache would each count the rate limit on their own
# (N workers: N times the limit). Production needs the shared cache (CACHE_URL=redis://…).
_cache = os.environ.get("CACHE_URL", "")
if (
    os.environ.get("DJANGO_ENV") == "production"
    and workers > 1
    and os.environ.get("RATE_LIMIT_SIMULATIONS", "60/min")
    and (not _cache or _cache.startswith("locmem"))
):
    sys.exit(
        "gunicorn.conf.py: with several workers the rate limits need a shared cache: set "
        "CACHE_URL (e.g. redis://127.0.0.1:6379/1, see deploy/) or RATE_LIMIT_SIMULATIONS= ."
    )
